"""Paired benchmark of the rules path: this checkout's code against another version's (OLD_SRC,
the `src` folder of an earlier commit), both loaded in one process and run after run alternated
on the same corpus (the seeds copied --copies times), CPU time each.

On a shared machine one run's CPU time swings with the others' load (caches and cores shared),
by 20 % between runs a minute apart. Two runs side by side in time see about the same load, so
the median of their ratios is steadier than two medians taken apart: the figure to compare two
versions by. The older version is copied under another package name (`extractor_base`); its
data files (code lists, vocabularies) are read from this checkout, as it names its package
`extractor` to find them. Not a test: figures depend on the machine.

With --separate each run is a process of its own that loads one version alone (a warm-up run,
then the timed one), as a user runs it: in one process the two versions share one heap and one
garbage collector, and each one's caches and module objects weigh on the other's runs.

    git archive <commit> src | tar -x -C /tmp/base
    python eval/bench_pair.py /tmp/base/src [--copies 5] [--rounds 12] [--separate]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import statistics
import subprocess
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
    parser.add_argument("--separate", action="store_true", help="each run in a process of its own (one version loaded)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(args.old_src / "extractor", Path(tmp) / "pkg" / BASE, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        paths = [str(ROOT / "src"), str(Path(tmp) / "pkg")]
        modules = {"old": f"{BASE}.api", "new": "extractor.api"}
        if not args.separate:
            sys.path[:0] = paths
            versions = {name: importlib.import_module(module) for name, module in modules.items()}
        corpus = Path(tmp) / "corpus"
        for i in range(args.copies):
            folder = corpus / f"copy{i:03d}"
            folder.mkdir(parents=True)
            for seed in sorted(SEEDS.glob("*.txt")):
                (folder / seed.name).write_bytes(seed.read_bytes())
        megabytes = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6

        def timed(name: str, i: int) -> tuple[float, float]:
            out = Path(tmp) / f"out-{name}-{i}"
            if args.separate:
                worker = [sys.executable, __file__, "--worker", modules[name], str(corpus), str(out)]
                done = subprocess.run(worker, env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
                                      capture_output=True, text=True, check=True)
                return tuple(json.loads(done.stdout.splitlines()[-1]))
            return _timed_run(versions[name], corpus, out)

        if not args.separate:
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


def _timed_run(api, corpus: Path, out: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one `api.run` over `corpus` into `out` (removed after)."""
    cpu, wall = time.process_time(), time.perf_counter()
    api.run([corpus], out)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    shutil.rmtree(out)
    return cpu, wall


def _worker(module: str, corpus: str, out: str) -> None:
    """One --separate run: load `module` (an api), a warm-up run (imports, code lists and
    vocabularies loaded), then the timed run; prints its (CPU, wall) as JSON."""
    api = importlib.import_module(module)
    _timed_run(api, Path(corpus), Path(out + "-warm"))
    print(json.dumps(_timed_run(api, Path(corpus), Path(out))))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        _worker(*sys.argv[2:5])
    else:
        main()
