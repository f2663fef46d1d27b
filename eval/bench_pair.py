"""Paired benchmark of the rules path: this checkout's code against another version's (OLD_SRC,
the `src` folder of an earlier commit), both loaded in one process and run after run alternated
on the same corpus (the seeds copied --copies times), CPU time each.

On a shared machine one run's CPU time swings with the others' load (caches and cores shared),
by 20 % between runs a minute apart. Two runs side by side in time see about the same load, so
the median of their ratios is steadier than two medians taken apart: the figure to compare two
versions by. The older version is copied under another package name (`extractor_base`); its
data files (code lists, vocabularies) are read from this checkout, as it names its package
`extractor` to find them. Not a test: figures depend on the machine.

    git archive <commit> src | tar -x -C /tmp/base
    python eval/bench_pair.py /tmp/base/src [--copies 5] [--rounds 12]
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
BASE = "extractor_base"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old_src", type=Path, help="the src folder of the version to compare with")
    parser.add_argument("--copies", type=int, default=5, help="copies of the seeds in the corpus of each run")
    parser.add_argument("--rounds", type=int, default=12, help="runs of each version")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(args.old_src / "extractor", Path(tmp) / "pkg" / BASE, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        sys.path[:0] = [str(ROOT / "src"), str(Path(tmp) / "pkg")]
        versions = {"old": importlib.import_module(f"{BASE}.api"), "new": importlib.import_module("extractor.api")}
        corpus = Path(tmp) / "corpus"
        for i in range(args.copies):
            folder = corpus / f"copy{i:03d}"
            folder.mkdir(parents=True)
            for seed in sorted(SEEDS.glob("*.txt")):
                (folder / seed.name).write_bytes(seed.read_bytes())
        megabytes = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6

        def timed(name: str, i: int) -> tuple[float, float]:
            out = Path(tmp) / f"out-{name}-{i}"
            cpu, wall = time.process_time(), time.perf_counter()
            versions[name].run([corpus], out)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            shutil.rmtree(out)
            return cpu, wall

        timed("old", -1), timed("new", -1)  # (imports, code lists and vocabularies loaded: not counted)
        runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
        for i in range(args.rounds):
            for name in ("old", "new") if i % 2 == 0 else ("new", "old"):  # each first in half the rounds
                runs[name].append(timed(name, i))
    print(f"corpus           {megabytes:.2f} MB ({args.copies} x the seeds), {args.rounds} runs of each version")
    for name in ("old", "new"):
        cpu = [megabytes / c for c, _ in runs[name]]
        wall = [megabytes / w for _, w in runs[name]]
        print(f"{name:16s} {statistics.median(cpu):.3f} MB/s per core by CPU time (median; {min(cpu):.3f}-{max(cpu):.3f}),"
              f" {statistics.median(wall):.3f} by wall time")
    ratios = [old[0] / new[0] for old, new in zip(runs["old"], runs["new"])]
    print(f"new / old        {statistics.median(ratios):.3f} x the speed by CPU time (median of {len(ratios)} paired runs;"
          f" {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
