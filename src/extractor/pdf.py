"""Text of a PDF: its text layer, or OCR of its rendered pages.

The text layer is written out as space-aligned lines in the same convention as
tesseract's output (a CJK character two columns wide, two or more spaces
between cells), so one parser reads both. Pages without a text layer are
rendered (pypdfium2) and read by tesseract with the chi_sim model, the route
the dev set's OCR text was made by, when tesseract is installed; it is an
optional system package (README: "PDF input").
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import statistics
from bisect import bisect_right
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractorError
from .grid import Cell, PrintedTable, display_width

OCR_DPI = 200
OCR_LANG = "chi_sim"
_MIN_PAGE_CHARS = 20  # fewer text-layer characters than this: a scanned page
# Which tesseract to run; EXTRACT_TESSERACT=none turns the OCR route off.
TESSERACT_ENV = "EXTRACT_TESSERACT"

# pdfminer warns once per glyph about fonts it cannot measure (`Could not get FontBBox…`, pdfminer.six
# issue 1162): cosmetic, and thousands of lines on a user's terminal. Its errors still show.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_CELL_BREAK = re.compile(r"\d[\u4e00-\u9fff]")


class PdfError(ExtractorError):
    """A PDF that cannot be turned into text; the message is shown to the user."""


@dataclass
class PdfText:
    text: str
    pages: int
    ocr_pages: list[int]  # 1-based pages read by OCR
    unread_pages: list[int]  # pages with no text layer, left out for want of an OCR engine
    failed: list[str] = field(default_factory=list)  # why OCR failed on a page, one message a page (left out)
    tables: list[PrintedTable] = field(default_factory=list)  # the text layer's ruled tables, as cells

    @property
    def route(self) -> str:
        if not self.ocr_pages:
            return "pdf-text"
        return "pdf-ocr" if len(self.ocr_pages) == self.pages else "pdf-text+ocr"


def tesseract() -> str | None:
    """Path of a tesseract that has the chi_sim model, or None."""
    chosen = os.environ.get(TESSERACT_ENV)
    if chosen == "none":
        return None
    exe = chosen or shutil.which("tesseract")
    if not exe:
        return None
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return exe if OCR_LANG in langs.split() else None


def read_pdf(data: bytes) -> PdfText:
    """The document text of a PDF's bytes, page after page."""
    import pdfplumber

    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds of error on a broken file
        causes = [exc, *(c for c in exc.args if isinstance(c, BaseException)), exc.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise PdfError("the PDF is encrypted (it needs a password to open): save an unprotected copy") from exc
        cause = next((c for c in causes if c is not None and str(c)), exc)
        raise PdfError(f"not a readable PDF: {type(cause).__name__}: {cause}".rstrip(": ")) from exc
    with pdf:
        layouts = [layout_text(page) for page in pdf.pages]
        texts = [text for text, _ in layouts]
        scanned = [n for n, text in enumerate(texts, start=1) if len("".join(text.split())) < _MIN_PAGE_CHARS]
        exe = tesseract() if scanned else None
        if scanned and exe is None and len(scanned) == len(texts):
            raise PdfError(
                "the PDF has no text on any page (scanned or blank pages) and no OCR engine is installed to look: "
                "install tesseract with the chi_sim model (Debian: tesseract-ocr-chi-sim), see README 'PDF input'"
            )
        read, failed = [], []
        if exe is not None:
            for n, text in zip(scanned, ocr_pages(data, scanned, exe)):
                if isinstance(text, PdfError):
                    failed.append(str(text))
                else:
                    texts[n - 1] = text
                    read.append(n)
            if not read and len(scanned) == len(texts):
                raise PdfError(f"the PDF has no text layer and OCR failed on every page ({failed[0]})")
        # the text layer's tables, placed once every page's text is final: an OCR page before them moves them
        tables, offset, image_pages = [], 0, set(scanned)
        for n, (page, (_, placed)) in enumerate(zip(pdf.pages, layouts), start=1):
            if n not in image_pages:
                tables += printed_tables(page, placed, offset)
            offset += len(texts[n - 1].rstrip("\n")) + 2  # pages are joined by a blank line
    return PdfText(
        "\n".join(t.rstrip("\n") + "\n" for t in texts), len(texts),
        ocr_pages=read, unread_pages=[] if exe else scanned, failed=failed, tables=tables,
    )


def layout_text(page) -> tuple[str, list[tuple[dict, int, int]]]:
    """One pdfplumber page as space-aligned lines: words grouped by baseline,
    each put at its x position in half-em columns (a CJK glyph is two); and
    each word with its (start, end) in that text."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    if not words:
        return "", []
    unit = statistics.median(w["bottom"] - w["top"] for w in words) / 2 or 5.0
    words.sort(key=lambda w: (w["top"], w["x0"]))
    lines: list[list[dict]] = []
    for word in words:
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= unit:
            lines[-1].append(word)
        else:
            lines.append([word])
    out: list[str] = []
    placed: list[tuple[dict, int, int]] = []
    offset = 0
    for line in lines:
        text = ""
        for word in sorted(line, key=lambda w: w["x0"]):
            target = round(word["x0"] / unit)
            width = display_width(text)
            if text:
                gap = target - width
                # a number then a label is two cells even when their glyphs nearly touch
                least = 2 if _CELL_BREAK.match(text[-1] + word["text"][0]) else 1
                text += " " * max(least, gap if gap >= 2 else 1)
            else:
                text = " " * max(0, target)
            placed.append((word, offset + len(text), offset + len(text) + len(word["text"])))
            text += word["text"]
        out.append(text.rstrip())
        offset += len(out[-1]) + 1
    return "\n".join(out) + "\n", placed


def printed_tables(page, placed: list[tuple[dict, int, int]], offset: int) -> list[PrintedTable]:
    """The page's ruled tables (pdfplumber `find_tables`) as cells of the document
    text: each cell holds the words whose centre lies in its box, its span from
    the first word to the last (`offset`: where the page's text starts), its
    place the columns it covers (by the table's column edges: a merged cell covers several)."""
    tables = []
    for found in page.find_tables():
        rows: list[list[Cell]] = []
        boxes = [box for row in found.rows for box in row.cells if box is not None]
        edges = sorted({round(box[0]) for box in boxes})  # the left edges of the table's columns
        for row in found.rows:
            cells = []
            for box in row.cells:
                if box is None:
                    continue
                x0, top, x1, bottom = box
                inside = [(w, a, b) for w, a, b in placed
                          if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
                if not inside:
                    continue
                col = bisect_right(edges, round(x0)) - 1
                col_end = max(col + 1, bisect_right(edges, x1 - 1))
                start, end = offset + inside[0][1], offset + inside[-1][2]
                raw = " ".join(w["text"] for w, _, _ in inside)
                cells.append(Cell(raw, start, end, col, col_end))
            if cells:
                rows.append(cells)
        if rows:
            tables.append(PrintedTable(rows[0][0].start, max(c.end for c in rows[-1]), rows))
    return tables


def ocr_pages(data: bytes, pages: list[int], exe: str) -> list[str | PdfError]:
    """tesseract text of the given pages (1-based), rendered at OCR_DPI in grey;
    for a page that could not be rendered or read, the PdfError saying why
    (one page's failure costs that page, not the others)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    texts: list[str | PdfError] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in pages:
                try:
                    texts.append(_ocr_page(doc, n, Path(tmp), exe))
                except PdfError as exc:
                    texts.append(exc)
    finally:
        doc.close()
    return texts


def _ocr_page(doc, n: int, tmp: Path, exe: str) -> str:
    try:
        image = doc[n - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
        png = tmp / f"page{n}.png"
        image.save(png, dpi=(OCR_DPI, OCR_DPI))  # tesseract sizes its layout analysis by it
        done = subprocess.run(
            [exe, str(png), "stdout", "-l", OCR_LANG, "--psm", "4"],
            capture_output=True, text=True, timeout=300,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise PdfError(f"tesseract took over 300 s on page {n}") from None
    except Exception as exc:  # pdfium and Pillow raise many kinds of error on a damaged page
        raise PdfError(f"page {n} could not be rendered for OCR: {type(exc).__name__}: {exc}") from exc
    if done.returncode != 0:
        raise PdfError(f"tesseract failed on page {n}: {done.stderr.strip()[:200]}")
    return done.stdout
