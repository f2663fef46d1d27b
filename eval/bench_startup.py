"""Start-up of `extract run -q` on one small file (issue 22: ≤ 0.15 s of imports).

Runs `python -X importtime -m extractor.cli run <seed 001> -o <tmp> -q` a few times (default 5)
and prints the median of the import time (the top-level imports' cumulative times added up: the
interpreter's `site`, the libraries, then extractor's own modules, each apart) and of the whole
command's wall and CPU time (CPU swings less with the machine's load), the heaviest top-level
imports, and whether modules the command does not need were loaded (rich with -q, the LLM stack
with no LLM configured, the XLSX writer, the PDF and image readers and the review UI for a text
file). The source folder's bytecode is compiled first, as an install compiles it: else, under
PYTHONDONTWRITEBYTECODE, every run would compile extractor's sources again (~0.1 s). A benchmark,
not a test: it prints, it asserts nothing. BENCH_SRC=<another src folder> measures another version
of the code (a paired run old/new).

    python eval/bench_startup.py [--times 5]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "seeds" / "001_9e7f8505a7e25c9c.txt"
# a rules run of a text file into JSON/CSV/HTML/the review queue needs none of these
UNWANTED = ("rich", "pydantic_settings", "extractor.extract.llm", "extractor.provider.config", "extractor.provider.client",
            "httpx", "openai", "extractor.export.xlsx", "openpyxl", "extractor.pdf", "pdfplumber", "pypdfium2", "PIL",
            "extractor.review.app", "textual")


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
    compileall.compile_dir(env["PYTHONPATH"], quiet=1)
    totals, own, walls, cpus, seen, all_names = [], [], [], [], {}, set()
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_CONFIG_HOME"] = tmp
        for i in range(args.times):
            started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run([sys.executable, "-X", "importtime", "-m", "extractor.cli", "run", str(SMALL),
                                   "-o", f"{tmp}/out{i}", "-q"], env=env, capture_output=True, text=True, cwd=tmp)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode:  # a failed command's import times would be read as a fast start-up
                sys.exit(f"extract run failed (exit {done.returncode}):\n" + "\n".join(
                    line for line in done.stderr.splitlines() if not line.startswith("import time:"))[-2000:])
            walls.append(time.perf_counter() - started)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            seen, all_names = imports(done.stderr)
            totals.append(sum(seen.values()) / 1e6)
            own.append(sum(us for name, us in seen.items() if name.split(".")[0] == "extractor") / 1e6)
    loaded = [m for m in UNWANTED if any(n == m or n.startswith(m + ".") for n in all_names)]
    heaviest = sorted(seen.items(), key=lambda kv: -kv[1])[:8]
    print(f"extract run -q on {SMALL.name} ({SMALL.stat().st_size / 1024:.0f} KB), median of {args.times}:")
    print(f"  imports  {statistics.median(totals):.3f} s (issue 22 asks ≤ 0.15 s; `-X importtime` measures wall time, so a loaded machine inflates it; extractor's own top-level imports {statistics.median(own):.3f} s; "
          f"site and the libraries the rest)   whole command {statistics.median(walls):.3f} s wall, "
          f"{statistics.median(cpus):.3f} s CPU")
    print("  heaviest top-level imports: " + ", ".join(f"{n} {us / 1e3:.0f} ms" for n, us in heaviest))
    print("  loaded though not needed: " + (", ".join(loaded) or "none"))


if __name__ == "__main__":
    main()
