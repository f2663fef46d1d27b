"""Benchmark the rules path: the seed corpus replicated N times (default 100).

Prints MB/s (UTF-8 bytes of input per second, one process = one core) by CPU time
(this process's user + system time: what the machine's other load does not change)
and by wall time, and the peak resident memory. Not a test: figures depend on the machine.

    python eval/bench_rules.py [--copies 100]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from extractor.api import run

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    seeds = sorted(SEEDS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        for i in range(args.copies):
            folder = corpus / f"copy{i:03d}"
            folder.mkdir(parents=True)
            for seed in seeds:
                (folder / seed.name).write_bytes(seed.read_bytes())
        total_bytes = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
        started, cpu = time.perf_counter(), time.process_time()
        report = run([corpus], Path(tmp) / "out")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    tables = sum(r.n_tables for r in report.results)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files            {len(report.results)} ({args.copies} x {len(seeds)} seeds), all ok: {report.ok}")
    print(f"input            {total_bytes / 1e6:.2f} MB, {tables} tables")
    print(f"CPU time         {cpu:.2f} s, wall time {seconds:.2f} s (extraction and all outputs)")
    print(f"throughput       {total_bytes / 1e6 / cpu:.2f} MB/s per core by CPU time ({total_bytes / 1e6 / seconds:.2f} by wall time; issue 22 asks ≥ 2 by CPU time)")
    print(f"peak memory      {peak_mb:.0f} MB resident")


if __name__ == "__main__":
    main()
