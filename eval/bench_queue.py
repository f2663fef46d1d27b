"""How the review queue's sync grows with the number of documents (issue 22: linear).

Extracts the five seeds once, then syncs N documents (default 1,000: the seeds again and
again, each under a document name of its own) into a fresh queue, and syncs them all again
(a re-run of unchanged documents). Prints the seconds of the first and of the last tenth of
the documents (equal when sync is linear), of the whole first fill and of the re-sync. A
benchmark, not a test: it prints, it asserts nothing.

    PYTHONPATH=src python eval/bench_queue.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from extractor.api import extract_file
from extractor.review.queue import ReviewQueue

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def fill(queue: ReviewQueue, docs: list, n: int) -> list[float]:
    """Seconds of each of `n` syncs (document i is seed i mod 5 named `copyNNNN`)."""
    times = []
    for i in range(n):
        doc, text = docs[i % len(docs)]
        doc.doc = f"copy{i:05d}"
        started = time.perf_counter()
        queue.sync(doc, text)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    docs = [(r.doc, r.text) for r in (extract_file(p) for p in sorted(SEEDS.glob("*.txt")))]
    tenth = max(1, n // 10)
    with tempfile.TemporaryDirectory() as tmp, ReviewQueue(Path(tmp) / "review.sqlite") as queue:
        first = fill(queue, docs, n)
        again = fill(queue, docs, n)
        items = sum(queue.counts().values())
    print(f"review queue sync, {n} documents ({items} items): first fill {sum(first):.2f} s "
          f"(first tenth {sum(first[:tenth]):.2f} s, last tenth {sum(first[-tenth:]):.2f} s), "
          f"re-sync unchanged {sum(again):.2f} s")


if __name__ == "__main__":
    main()
