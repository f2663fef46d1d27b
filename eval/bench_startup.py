"""Start-up of `extract run -q` on one small file (issue 22: ≤ 0.15 s of imports).

Runs `python -X importtime -m extractor.cli run <seed 001> -o <tmp> -q` a few times (default 5)
and prints the median of the import time (the top-level imports' cumulative times added up) and
of the whole command's wall time, the heaviest top-level imports, and whether modules the command
does not need were loaded (rich with -q, pydantic_settings and the LLM extractor with no LLM
configured). A benchmark, not a test: it prints, it asserts nothing. BENCH_SRC=<another src
folder> measures another version of the code (a paired run old/new).

    python eval/bench_startup.py [--times 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "seeds" / "001_9e7f8505a7e25c9c.txt"
UNWANTED = ("rich", "pydantic_settings", "extractor.extract.llm", "extractor.provider.config", "httpx", "openai")


def imports(stderr: str) -> tuple[dict[str, int], set[str]]:
    """Top-level imports (a module no other import loaded) → cumulative microseconds; all modules loaded."""
    top, loaded = {}, set()
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit():
            loaded.add(name.strip())
            if not name.startswith("  "):
                top[name.strip()] = int(cumulative)
    return top, loaded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=5)
    args = parser.parse_args()
    # no config file nor LLM variables of the user's: the run is the plain rules run
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXTRACTOR_")}
    env |= {"PYTHONPATH": os.environ.get("BENCH_SRC", str(ROOT / "src"))}
    totals, walls, seen, all_names = [], [], {}, set()
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_CONFIG_HOME"] = tmp
        for i in range(args.times):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-X", "importtime", "-m", "extractor.cli", "run", str(SMALL),
                                   "-o", f"{tmp}/out{i}", "-q"], env=env, capture_output=True, text=True, cwd=tmp)
            walls.append(time.perf_counter() - started)
            seen, all_names = imports(done.stderr)
            totals.append(sum(seen.values()) / 1e6)
    loaded = [m for m in UNWANTED if any(n == m or n.startswith(m + ".") for n in all_names)]
    heaviest = sorted(seen.items(), key=lambda kv: -kv[1])[:8]
    print(f"extract run -q on {SMALL.name} ({SMALL.stat().st_size / 1024:.0f} KB), median of {args.times}:")
    print(f"  imports  {statistics.median(totals):.3f} s   whole command {statistics.median(walls):.3f} s (wall)")
    print("  heaviest top-level imports: " + ", ".join(f"{n} {us / 1e3:.0f} ms" for n, us in heaviest))
    print("  loaded though not needed: " + (", ".join(loaded) or "none"))


if __name__ == "__main__":
    main()
