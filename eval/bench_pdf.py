"""PDF text layer: pdfplumber's reading of each page against pdflayer's (pdfium), side by side.

For every PDF under eval/ and tests/ (eval/dev/pdf: three budgets, 62 pages), reads each page both
ways – words (`extract_words` as `pdf.read_pdf` asks) and ruled tables (`find_tables`) – and prints
CPU ms per page of each, then whether they are identical: the same words (text, and positions
within 0.001 pt), the same ruled cells, the same page text as `pdf.layout_text` lays it out, and
the same document text and tables as `pdf.read_pdf` assembles them. Also the words' closest
approach to a column boundary of the layout (x0 / unit within that of .5 rounds either way: how
far the single-precision positions are from changing a column). Pages pdflayer does not
reproduce (rotated…) are counted; read_pdf reads those with pdfplumber. A benchmark, not a test:
it prints, it asserts nothing.

    PYTHONPATH=src python eval/bench_pdf.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2

from extractor.pdf import _MIN_PAGE_CHARS, _assemble, _Page, layout_text
from extractor.pdflayer import read_page

ROOT = Path(__file__).resolve().parent.parent
WORDS = dict(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)  # as pdf.read_pdf asks
KEYS = ("x0", "x1", "top", "bottom")


def read(page) -> tuple[list[dict], list[list[list]], _Page]:
    """A page's words, its ruled tables' cells and its laid-out page, as read_pdf makes them."""
    words = page.extract_words(**WORDS)
    laid = _Page(*layout_text(words))
    boxes = [[row.cells for row in found.rows] for found in page.find_tables()]
    if len("".join(laid.text.split())) >= _MIN_PAGE_CHARS:
        laid.boxes = boxes
    return words, boxes, laid


def same_boxes(a: list, b: list) -> bool:
    flat = lambda tables: [cell for table in tables for row in table for cell in row]  # noqa: E731
    fa, fb = flat(a), flat(b)
    return len(a) == len(b) and len(fa) == len(fb) and all(
        (x is None) == (y is None) and (x is None or max(abs(u - v) for u, v in zip(x, y)) < 1e-3)
        for x, y in zip(fa, fb))


def cells(tables) -> list:
    """A document's printed tables as comparable values: spans and cells (text, span, columns)."""
    return [(t.start, t.end, [[(c.raw, c.start, c.end, c.x, c.x_end) for c in row] for row in t.rows]) for t in tables]


def margin(words: list[dict]) -> float:
    """The words' least distance of x0 / unit from a rounding boundary (.5), in columns."""
    if not words:
        return 0.5
    unit = statistics.median(w["bottom"] - w["top"] for w in words) / 2 or 5.0
    return min(abs((w["x0"] / unit) % 1 - 0.5) for w in words)


def main() -> None:
    files = sorted({*ROOT.glob("eval/**/*.pdf"), *ROOT.glob("tests/**/*.pdf")})
    total = {"pages": 0, "old": 0.0, "new": 0.0, "left": 0}
    for path in files:
        data = path.read_bytes()
        old_pages, new_pages, differ, worst, least = [], [], [], 0.0, 0.5
        old_cpu = new_cpu = 0.0
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            document = pypdfium2.PdfDocument(data)
            for n, page in enumerate(pdf.pages, start=1):
                started = time.process_time()
                old_words, old_boxes, old_laid = read(page)
                middle = time.process_time()
                fast = document[n - 1]
                layer = read_page(fast)
                new_words, new_boxes, new_laid = read(layer) if layer else (old_words, old_boxes, old_laid)
                fast.close()
                ended = time.process_time()
                old_cpu += middle - started
                new_cpu += ended - middle
                total["left"] += layer is None
                old_pages.append(old_laid)
                new_pages.append(new_laid)
                if [w["text"] for w in old_words] != [w["text"] for w in new_words]:
                    differ.append(f"p{n} words")
                else:
                    worst = max([worst] + [abs(a[k] - b[k]) for a, b in zip(old_words, new_words) for k in KEYS])
                if not same_boxes(old_boxes, new_boxes):
                    differ.append(f"p{n} ruled cells")
                if old_laid.text != new_laid.text:
                    differ.append(f"p{n} page text")
                least = min(least, margin(new_words))
            document.close()
        pages = len(old_pages)
        old_doc = _assemble(old_pages, [], [], [], None)
        new_doc = _assemble(new_pages, [], [], [], None)
        if old_doc.text != new_doc.text:
            differ.append("document text")
        if cells(old_doc.tables) != cells(new_doc.tables):
            differ.append("document tables")
        if worst > 1e-3:
            differ.append(f"positions differ by up to {worst:.4f} pt")
        total["pages"] += pages
        total["old"] += old_cpu
        total["new"] += new_cpu
        print(f"{path.relative_to(ROOT)}: {pages} pages, pdfplumber {old_cpu / pages * 1e3:.1f} ms/page, "
              f"pdflayer {new_cpu / pages * 1e3:.1f} ms/page; "
              + (f"DIFFERENT: {', '.join(differ)}" if differ else
                 f"identical (words within {worst:.5f} pt; closest to a column boundary {least:.4f} columns)"))
    if total["pages"]:
        print(f"all: {total['pages']} pages, pdfplumber {total['old'] / total['pages'] * 1e3:.1f} ms/page, pdflayer "
              f"{total['new'] / total['pages'] * 1e3:.1f} ms/page (CPU), {total['left']} pages left to pdfplumber")


if __name__ == "__main__":
    sys.exit(main())
