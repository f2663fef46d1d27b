"""Benchmark how the cost of one file grows with its size: one file made of
1, 10, 30 and 100 copies of a text (seed 000 and the largest eval/dev OCR text),
each extracted with all outputs (`extractor.api.run`) in a fresh process.

Prints CPU time per KB of input (user + system of that process, so the load of
other processes on the machine does not count) and its peak resident memory
(also per input byte, and, as "run B/B", what the run adds to the warmed-up process's
peak per input byte: the interpreter and code aside; a 1-copy run may add nothing). Linear cost means the last figure of a row is close to
the first. Not a test: figures depend on the machine. BENCH_SRC=<another src folder> measures another
version of the code (a paired run old/new).

    python eval/bench_scale.py [--copies 1 10 30 100] [--text PATH ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [ROOT / "examples" / "seeds" / "000_83af6fe4b24abd13.txt",
         max((ROOT / "eval" / "dev" / "ocr").glob("*.txt"), key=lambda p: p.stat().st_size)]
WARM_UP = ROOT / "examples" / "seeds" / "002_669bc3487e5a13e4.txt"

# Run in the child: imports and a warm-up run on another seed first (loading the
# code lists and vocabularies is paid once per process: not counted), then the run alone.
CHILD = """
import json, resource, sys, time
from pathlib import Path
from extractor.api import run
run([Path(sys.argv[3])], Path(sys.argv[2] + "-warm"))
warm_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = time.process_time()
report = run([Path(sys.argv[1])], Path(sys.argv[2]))
cpu = time.process_time() - before
print(json.dumps({"cpu": cpu, "ok": report.ok, "tables": report.results[0].n_tables,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "warm_mb": warm_mb}))
"""


def measure(text: Path, copies: int, tmp: Path) -> dict:
    """CPU seconds, peak RSS (MB), tables, size (KB) of one run on `copies` copies of `text` in one file."""
    data = text.read_bytes()
    source = tmp / f"{text.stem}-x{copies}.txt"
    source.write_bytes(b"\n\n".join([data] * copies))
    env = {**os.environ, "PYTHONPATH": str(os.environ.get("BENCH_SRC", ROOT / "src"))}
    done = subprocess.run([sys.executable, "-c", CHILD, str(source), str(tmp / f"out-{source.stem}"), str(WARM_UP)],
                          env=env, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["kb"] = len(source.read_bytes()) / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 30, 100])
    parser.add_argument("--text", type=Path, nargs="+", default=TEXTS)
    args = parser.parse_args()
    print(f"{'text':28} {'copies':>6} {'KB':>7} {'tables':>6} {'CPU s':>7} {'ms/KB':>6} {'vs 1st':>6}"
          f" {'peak MB':>7} {'B/B':>5} {'run B/B':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for text in args.text:
            first = None
            for copies in args.copies:
                m = measure(text, copies, Path(tmp))
                per_kb = m["cpu"] * 1000 / m["kb"]
                first = first or per_kb
                # B/B: peak bytes per input byte (at small sizes mostly the interpreter and the code); run B/B:
                # what the run's peak adds to the warmed-up process's, per input byte (the issue's ≤ 20 goal)
                print(f"{text.stem[:28]:28} {copies:>6} {m['kb']:>7.0f} {m['tables']:>6} {m['cpu']:>7.2f}"
                      f" {per_kb:>6.2f} {per_kb / first:>5.2f}x {m['rss_mb']:>7.0f}"
                      f" {m['rss_mb'] * 2**20 / (m['kb'] * 1024):>5.0f}"
                      f" {(m['rss_mb'] - m['warm_mb']) * 2**20 / (m['kb'] * 1024):>7.0f}", flush=True)


if __name__ == "__main__":
    main()
