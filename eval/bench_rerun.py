"""A second `extract run` of unchanged inputs into the same OUT against the first (issue 22: ≤ 10 %).

Copies the seeds N times (default 20: 100 files) into a temporary folder, runs the rules
backend into a temporary OUT, then again into the same OUT, and prints the CPU time (this
process, so the machine's other load does not count) and the wall time of each run and their
ratio. A benchmark, not a test: it prints, it asserts nothing.

    PYTHONPATH=src python eval/bench_rerun.py [--copies 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from extractor.api import run

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def timed(inputs: Path, out: Path):
    cpu, wall = time.process_time(), time.perf_counter()
    report = run([inputs], out)
    return report, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        for i in range(args.copies):
            folder = corpus / f"copy{i:03d}"
            folder.mkdir(parents=True)
            for seed in SEEDS.glob("*.txt"):
                (folder / seed.name).write_bytes(seed.read_bytes())
        first, cpu1, wall1 = timed(corpus, out)
        second, cpu2, wall2 = timed(corpus, out)
    reused = sum(r.reused for r in second.results)
    print(f"first run   {len(first.results)} files: CPU {cpu1:.2f} s, wall {wall1:.2f} s")
    print(f"second run  {reused} of {len(second.results)} files reused: CPU {cpu2:.2f} s, wall {wall2:.2f} s")
    print(f"ratio       CPU {cpu2 / cpu1:.1%}, wall {wall2 / wall1:.1%}")


if __name__ == "__main__":
    main()
