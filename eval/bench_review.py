"""How long the review screen takes to start on a large queue (issue 21: 30,000 items in under 2 s).

Runs the rules backend over the seeds into a temporary OUT, copies its queue's items until it holds
N items (default 30,000; each copy under a document name of its own), then starts `ReviewApp`
headless (Textual's test driver, an 80×24 screen) and prints the seconds from start to the first
screen shown with the list and the first pending item, and after a page down. A benchmark, not a
test: it prints, it asserts nothing.

    PYTHONPATH=src python eval/bench_review.py [N]
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_queue(out: Path, n: int) -> int:
    from extractor.api import run

    run([ROOT / "examples" / "seeds"], out)
    db = sqlite3.connect(out / "review.sqlite")
    columns = [r[1] for r in db.execute("PRAGMA table_info(items)") if r[1] != "id"]
    have = db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    copy = 0
    while have < n:
        copy += 1
        picked = ", ".join(f"{c} || '~{copy:05d}'" if c in ("key", "doc") else c for c in columns)
        db.execute(f"INSERT INTO items ({', '.join(columns)}) SELECT {picked} FROM items WHERE key NOT LIKE '%~%' "
                   f"LIMIT {n - have}")
        have = db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    db.commit()
    db.close()
    return have


async def start(out: Path) -> tuple[float, float]:
    from extractor.review.app import ReviewApp
    from extractor.review.queue import ReviewQueue

    started = time.perf_counter()
    with ReviewQueue.of(out) as queue:
        app = ReviewApp(queue, "bench")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = time.perf_counter() - started
            assert app.current is not None
            for _ in range(3):
                await pilot.press("pagedown", "n")
            await pilot.pause()
            moved = time.perf_counter() - started
    return shown, moved


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        items = build_queue(out, n)
        shown, moved = asyncio.run(start(out))
    print(f"review queue of {items} items: first screen in {shown:.2f} s, after moving {moved:.2f} s")


if __name__ == "__main__":
    main()
