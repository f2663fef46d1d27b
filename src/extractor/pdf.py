"""Text of a PDF or of page images: a PDF's text layer, or OCR of its rendered pages.

The text layer is written out as space-aligned lines in the same convention as
tesseract's output (a CJK character two columns wide, two or more spaces
between cells), so one parser reads both, and its ruled tables as cells
(pdfplumber; its pages read through pdfium where that gives pdfplumber's words
and rulings, `pdflayer`). Pages without a text layer, and image files (`.png .jpg .tif` …,
every frame of a multi-page TIFF), are read by OCR (`ocr.py`): PP-OCR's text
boxes are laid out the same way as the text layer's words, and the ruled
tables it finds on the image give the cells; tesseract's text is taken as it
prints it. A page OCR fails on is left out and said; the others are read.
"""

from __future__ import annotations

import io
import logging
import os
import statistics
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import ExtractorError
from .grid import Cell, PrintedTable, display_width
from .lazyre import LazyPattern
from .ocr import OcrError, PageOcr, RapidOcr, full_stop, get_engine, is_cached, no_engine, read_page

OCR_DPI = 200
_MIN_DPI = 50  # an image's resolution below this is none a scan has: it said none
_MIN_PAGE_CHARS = 20  # fewer text-layer characters than this: a scanned page
_MAX_PIXELS = 20_000_000  # a page image larger than this is scaled down before OCR (memory stays bounded)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
WORKERS_ENV = "EXTRACT_OCR_WORKERS"  # processes OCR'ing a document's pages (1: in process)
# An engine already runs on up to 4 cores (ONNX Runtime's threads), so by default a worker takes 4: on
# 2 cores, two workers of one thread each were slower than one engine of two (2.4 against 2.0 s/page).
_CORES_PER_WORKER = 4

# pdfminer warns once per glyph about fonts it cannot measure (`Could not get FontBBox…`, pdfminer.six
# issue 1162): cosmetic, and thousands of lines on a user's terminal. Its errors still show.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_CELL_BREAK = LazyPattern(r"\d[\u4e00-\u9fff]")


class PdfError(ExtractorError):
    """A PDF or image that cannot be turned into text; the message is shown to the user."""


@dataclass
class PdfText:
    text: str
    pages: int
    ocr_pages: list[int]  # 1-based pages read by OCR
    unread_pages: list[int]  # pages with no text layer, left out for want of an OCR engine
    failed: list[str] = field(default_factory=list)  # why OCR failed on a page, one message a page (left out)
    tables: list[PrintedTable] = field(default_factory=list)  # ruled tables (text layer or page image), as cells
    ocr: dict | None = None  # the OCR engine, its version and models, when a page was read by it
    image: bool = False  # read from image files, not a PDF

    @property
    def route(self) -> str:
        if self.image:
            return "image-ocr"
        if not self.ocr_pages:
            return "pdf-text"
        return "pdf-ocr" if len(self.ocr_pages) == self.pages else "pdf-text+ocr"


@dataclass
class _Page:
    """One page laid out: its text, its words with their spans in it, and its ruled tables' cell boxes."""

    text: str
    placed: list[tuple[dict, int, int]] = field(default_factory=list)
    boxes: list[list[list]] = field(default_factory=list)
    scanned: bool = False  # read by OCR: its words' boxes are pixels of the page image
    geometry: dict | None = None  # read by OCR: the page image as read (`_ocr_page`), what its boxes' pixels are of


def read_pdf(data: bytes, ocr: str | None = None, on_page: Callable[[int, int], None] | None = None) -> PdfText:
    """The document text of a PDF's bytes, page after page; pages without a text
    layer read by the OCR engine `ocr` names (`ocr.engine_name`), in worker
    processes when there are several (`ocr_workers`), `on_page(done, total)`
    called as each is read. PdfError when no page can be read."""
    import pdfplumber

    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    from .pdflayer import read_pages

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds of error on a broken file
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in _causes(exc)):
            raise PdfError("the PDF is encrypted (it needs a password to open): save an unprotected copy") from exc
        raise PdfError(f"not a readable PDF: {_cause(exc)}".rstrip(": ")) from exc
    try:
        with pdf:
            pages = [_laid(layer or page) for page, layer in zip(pdf.pages, read_pages(data, len(pdf.pages)))]
    except Exception as exc:  # pdfminer on a damaged page (its box, a stream): no internal error, the file's own fault
        raise PdfError(f"not a readable PDF: {_cause(exc)}".rstrip(": ")) from exc
    scanned = [n for n, page in enumerate(pages, start=1) if len("".join(page.text.split())) < _MIN_PAGE_CHARS]
    engine = _engine(ocr) if scanned else None
    if scanned and engine is None and len(scanned) == len(pages):
        raise PdfError(f"the PDF has no text on any page (scanned or blank pages) and {no_engine(ocr)}")
    read, failed = [], []
    if engine is not None:
        for n, page in zip(scanned, _read_scans(_rendered(data, scanned), len(scanned), engine, on_page)):
            if isinstance(page, PdfError):
                failed.append(str(page))
            else:
                pages[n - 1] = page
                read.append(n)
        if not read and len(scanned) == len(pages):
            raise PdfError(f"the PDF has no text layer and OCR failed on every page ({failed[0]})")
    return _assemble(pages, read, [] if engine else scanned, failed, engine)


def _causes(exc: Exception) -> list[BaseException]:
    """A PDF library's error, the errors it wraps (pdfplumber's PdfminerException holds pdfminer's)
    and the one it was raised in handling."""
    return [c for c in (exc, *(a for a in exc.args if isinstance(a, BaseException)), exc.__context__) if c is not None]


def _cause(exc: Exception) -> BaseException:
    """What a PDF library's error is about: the first of `_causes` that says something."""
    return next((c for c in _causes(exc) if str(c)), exc)


def _laid(page) -> _Page:
    """A page's words laid out as text (`layout_text`), with its ruled tables' cell boxes where it holds text
    (`page`: pdfium's reading, `pdflayer.PageLayer`, where it gives one, ~5× faster, else pdfplumber's page)."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    laid = _Page(*layout_text(words))
    if len("".join(laid.text.split())) >= _MIN_PAGE_CHARS:
        laid.boxes = [[row.cells for row in found.rows] for found in page.find_tables()]
    return laid


def read_images(data: bytes, ocr: str | None = None, on_page: Callable[[int, int], None] | None = None) -> PdfText:
    """The document text of an image file (every frame of a multi-page TIFF a
    page), read by the OCR engine `ocr` names as `read_pdf` reads scanned pages
    (`on_page(done, total)` as each is read). PdfError when it is no image, no
    engine is installed, or OCR fails on every page."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    engine = _engine(ocr)
    if engine is None:
        raise PdfError(f"an image needs OCR, and {no_engine(ocr)}")
    try:
        with _quiet_pillow():
            image = Image.open(io.BytesIO(data))
            count, broken = 0, None  # the frames up to the first whose header is damaged (decoded one at a time, as read)
            try:
                for _ in ImageSequence.Iterator(image):
                    count += 1
            except Exception as exc:  # Pillow raises many kinds of error on a damaged frame (TypeError: Missing dimensions)
                if not count:
                    raise
                broken = PdfError(f"page {count + 1} of the image (and any after it) could not be read: "
                                  f"{type(exc).__name__}: {exc}")
    except Image.DecompressionBombError as exc:
        # (Pillow refuses twice its warning size: decoded, it could take gigabytes)
        raise PdfError(f"the image is too large to read (over {2 * Image.MAX_IMAGE_PIXELS // 10**6} megapixels): "
                       "save it smaller, e.g. at 300 dpi") from exc
    except UnidentifiedImageError as exc:  # (its message names a memory address, not the file)
        raise PdfError("not a readable image: no image format Pillow reads (damaged, or another kind of file "
                       "named as an image)") from exc
    except Exception as exc:  # OSError, ValueError, TypeError, SyntaxError: Pillow's kinds of a damaged file
        raise PdfError(f"not a readable image: {type(exc).__name__}: {exc}") from exc

    def frames() -> Iterator[tuple[int, object, int]]:
        for n in range(1, count + 1):
            try:
                with _quiet_pillow():
                    image.seek(n - 1)
                    width, pixels = image.width, image.width * image.height
                    if image.format == "JPEG" and pixels > _MAX_PIXELS:
                        # decoded grey at a fraction of its size (JPEG's own scaling): a 100-megapixel
                        # photo is never whole in memory
                        scale = (_MAX_PIXELS / pixels) ** 0.5
                        image.draft("L", (int(image.width * scale), int(image.height * scale)))
                    page = _bounded(image.copy())
                dpi = image.info.get("dpi", (0, 0))[0]
                dpi = dpi if dpi >= _MIN_DPI else OCR_DPI  # none said (Pillow reads a TIFF without one as 1)
                yield n, page, round(dpi * page.width / width)  # a page scaled down has fewer dots an inch
            except Exception as exc:  # (as above: a frame's data damaged, its header whole)
                yield n, PdfError(f"page {n} of the image could not be decoded: {type(exc).__name__}: {exc}"), 0

    pages, read, failed = [], [], []
    for n, page in enumerate(_read_scans(frames(), count, engine, on_page), start=1):
        if isinstance(page, PdfError):
            pages.append(_Page(""))
            failed.append(str(page))
        else:
            pages.append(page)
            read.append(n)
    failed += [str(broken)] if broken else []
    if not read:
        raise PdfError(f"no page of the image could be read ({failed[0]})")
    return _assemble(pages, read, [], failed, engine, image=True)


@contextmanager
def _quiet_pillow():
    """Pillow's warnings kept off the terminal while an image is opened and decoded: a page over its
    warning size (89 megapixels) is scaled down (`_bounded`), no threat; a damaged frame's warning
    (Corrupt EXIF data) is said as the page it costs (`read_images`)."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)
        yield


def _engine(choice: str | None):
    try:
        return get_engine(choice)
    except OcrError as exc:
        raise PdfError(str(exc)) from exc


def _assemble(pages: list[_Page], read: list[int], unread: list[int], failed: list[str], engine,
              image: bool = False) -> PdfText:
    """The pages joined by a blank line, each page's ruled tables placed in the joined text."""
    tables, offset, boxes = [], 0, []
    for n, page in enumerate(pages, start=1):
        tables += printed_tables(page.boxes, page.placed, offset)
        if page.scanned:
            boxes += [[offset + a, offset + b, n, *(round(w[k]) for k in ("x0", "top", "x1", "bottom"))]
                      for w, a, b in page.placed]
        offset += len(page.text.rstrip("\n")) + 2
    geometry = [page.geometry for page in pages if page.geometry is not None]
    info = ({**engine.info(), "pages": read, "boxes": boxes, "geometry": geometry}
            if engine is not None and read else None)
    return PdfText("\n".join(p.text.rstrip("\n") + "\n" for p in pages), len(pages), ocr_pages=read,
                   unread_pages=unread, failed=failed, tables=tables, ocr=info, image=image)


def layout_text(words: list[dict], unit: float | None = None, tolerance: float | None = None,
                ) -> tuple[str, list[tuple[dict, int, int]]]:
    """Words ({text, x0, x1, top, bottom}: pdfplumber's, or OCR boxes) as
    space-aligned lines: grouped into lines by their tops (within `tolerance`),
    each put at its x position in columns `unit` wide (half an em: a CJK glyph
    is two; default half the words' median height, a text layer's glyphs), two
    spaces at least before a word that is a ruled cell's text (`cell`); and
    each word with its (start, end) in that text."""
    if not words:
        return "", []
    unit = unit or statistics.median(w["bottom"] - w["top"] for w in words) / 2 or 5.0
    tolerance = tolerance or unit
    words = sorted(words, key=lambda w: (w["top"], w["x0"]))
    lines: list[list[dict]] = []
    for word in words:
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= tolerance:
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
                # a number then a label is two cells even when their glyphs nearly touch; so are two ruled cells
                least = 2 if word.get("cell") or _CELL_BREAK.match(text[-1] + word["text"][0]) else 1
                text += " " * max(least, gap if gap >= 2 else 1)
            else:
                # a ruled row's fields stand where its tabs put them (`_tabbed_rows`): no indent
                text = "" if "parts" in word else " " * max(0, target)
            placed.append((word, offset + len(text), offset + len(text) + len(word["text"])))
            text += word["text"]
        out.append(text.rstrip(" "))  # a ruled row's empty last fields keep their tabs
        offset += len(out[-1]) + 1
    return "\n".join(out) + "\n", placed


def printed_tables(boxes: list[list[list]], placed: list[tuple[dict, int, int]], offset: int) -> list[PrintedTable]:
    """A page's ruled tables (`boxes`: per table, rows of cell boxes (x0, top, x1,
    bottom) or None where a merged cell stands, as pdfplumber's `find_tables` and
    `ocr.ruled_tables` give them) as cells of the document text: each cell holds
    the words whose centre lies in its box, lines joined, its span from the first
    word to the last (`offset`: where the page's text starts), its place the
    columns it covers (by the table's column edges: a merged cell covers several)."""
    tables = []
    for table in boxes:
        rows: list[list[Cell]] = []
        edges = sorted({round(box[0]) for row in table for box in row if box is not None})  # columns' left edges
        for row in table:
            cells = []
            for box in row:
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


def _rendered(data: bytes, pages: list[int]) -> Iterator[tuple[int, object, int]]:
    """The given pages (1-based) rendered at OCR_DPI in grey, one at a time, as
    (n, image, dpi); for a page that could not be rendered, (n, PdfError, 0)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        for n in pages:
            try:
                page = doc[n - 1]
                scale = min(OCR_DPI / 72, (_MAX_PIXELS / max(1.0, page.get_width() * page.get_height())) ** 0.5)
                image = page.render(scale=scale, grayscale=True).to_pil()
            except Exception as exc:  # pdfium and Pillow raise many kinds of error on a damaged page
                yield n, PdfError(f"page {n} could not be rendered for OCR: {type(exc).__name__}: {exc}"), 0
                continue
            yield n, image, round(scale * 72)
    finally:
        doc.close()


def ocr_workers(pages: int) -> int:
    """How many processes OCR `pages` pages: EXTRACT_OCR_WORKERS, else one for
    every 4 cores, never more than the pages; 1 reads them in this process.
    PdfError when the setting is not a whole number."""
    chosen = os.environ.get(WORKERS_ENV, "").strip()
    try:
        wanted = int(chosen) if chosen else (os.cpu_count() or 1) // _CORES_PER_WORKER
    except ValueError:
        raise PdfError(f"{WORKERS_ENV} must be a whole number of processes, not {chosen!r}") from None
    return max(1, min(wanted, pages))


def _read_scans(renders: Iterator[tuple[int, object, int]], total: int, engine,
                on_page: Callable[[int, int], None] | None = None) -> list[_Page | PdfError]:
    """The pages `renders` yields ((n, image, dpi), or (n, PdfError, 0) for a page
    not rendered) read by `engine`, in their order; for a page OCR failed on,
    the PdfError saying why (it costs that page, not the others). Pages the OCR
    cache holds are read here; the others, when `ocr_workers` says so, by a pool
    of spawned processes (ONNX Runtime must not be forked), each with its own
    engine; at most two pages a worker are rendered and waiting at a time."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from multiprocessing import get_context

    workers, results, order, pending, pool = ocr_workers(total), {}, [], {}, None

    def finish(n: int, result: _Page | PdfError) -> None:
        results[n] = result
        if on_page:
            on_page(len(results), total)

    def collect(futures) -> None:
        for future in futures:
            n = pending.pop(future)
            try:
                finish(n, future.result())
            except Exception as exc:  # (`_worker_failed`)
                finish(n, _worker_failed(n, exc))

    try:
        for n, image, dpi in renders:
            order.append(n)
            if isinstance(image, PdfError):
                finish(n, image)
            elif workers == 1 or is_cached(engine, image, dpi):
                finish(n, _page_or_error(engine, image, dpi, n))
            else:
                if pool is None:
                    threads = max(1, (os.cpu_count() or 1) // workers)  # the cores shared, not oversubscribed
                    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                                               initargs=(engine.name, threads))
                if len(pending) >= 2 * workers:
                    collect(wait(pending, return_when=FIRST_COMPLETED).done)
                try:
                    pending[pool.submit(_worker_page, image, dpi, n)] = n
                except Exception as exc:  # the pool broke on an earlier page
                    finish(n, _worker_failed(n, exc))
        collect(list(pending))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return [results[n] for n in order]


def _worker_failed(n: int, exc: Exception) -> PdfError:
    """Page n lost with its worker: a worker that died (BrokenProcessPool), a result that did not come back."""
    return PdfError(f"OCR of page {n} failed in its worker process: {type(exc).__name__}: {exc}")


_worker_engine = None  # the engine of an OCR worker process (`_start_worker`)


def _start_worker(name: str, threads: int) -> None:
    global _worker_engine
    _worker_engine = RapidOcr(threads) if name == "rapidocr" else get_engine(name)


def _worker_page(image, dpi: int, n: int) -> _Page | PdfError:
    return _page_or_error(_worker_engine, image, dpi, n)


def _page_or_error(engine, image, dpi: int, n: int) -> _Page | PdfError:
    try:
        return _ocr_page(engine, image, dpi, n)
    except PdfError as exc:
        return exc


def _bounded(image):
    """The image, scaled down to _MAX_PIXELS when larger (a photo of 100 megapixels)."""
    pixels = image.width * image.height
    if pixels <= _MAX_PIXELS:
        return image
    scale = (_MAX_PIXELS / pixels) ** 0.5
    return image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))


def _ocr_page(engine, image, dpi: int, n: int) -> _Page:
    """Page `n` read by `engine` and laid out: PP-OCR's boxes as the text layer's
    words are (half-em columns, lines by their tops), tesseract's text as it is."""
    try:
        found: PageOcr = read_page(engine, image, dpi, n)
    except OcrError as exc:
        raise PdfError(str(exc)) from exc
    # the boxes are pixels of the page as read: turned upright, straightened, at `dpi`
    width, height = (image.height, image.width) if found.turned in (90, 270) else (image.width, image.height)
    geometry = {"page": n, "width": width, "height": height, "dpi": dpi, "turned": found.turned, "skew": found.skew}
    if found.text is not None:
        return _Page(found.text, geometry=geometry)
    if not found.words:
        return _Page("", geometry=geometry)
    # a display column is half a CJK glyph: the words' own width per column, not their boxes' height
    unit = statistics.median((w["x1"] - w["x0"]) / max(1, display_width(w["text"])) for w in found.words)
    height = statistics.median(w["bottom"] - w["top"] for w in found.words)
    rows = _tabbed_rows(_cell_words(found.words, found.tables), found.tables)
    text, placed = layout_text(rows, unit, height / 2)
    # a row's cells are the words placed: their spans inside the row's line
    cells = []
    for word, start, _ in placed:
        for part, piece in word.get("parts", [(word, word["text"])]):
            if part is not None:
                cells.append((part, start, start + len(piece)))
            start += len(piece) + 1
    return _Page(text, cells, found.tables, scanned=True, geometry=geometry)


def _inside(word: dict, box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (word["x0"] + word["x1"]) / 2 <= x1 and top <= (word["top"] + word["bottom"]) / 2 <= bottom


def _tabbed_rows(words: list[dict], tables: list) -> list[dict]:
    """Each row of a ruled table as one word whose text is its cells' texts
    joined by tabs, left to right, an empty cell and a cell merged down from a
    row above an empty field; so that the page text prints the row as the
    ruling draws it (one tab-separated field per cell, columns kept), not as
    spaces the readers must guess cells from. `words`: `_cell_words`' (a cell's
    word carries its `box`); `parts` pairs each field with its cell's word
    (None for an empty field). Words in no cell stay as they are."""
    by_box = {w["box"]: w for w in words if "box" in w}
    out = [w for w in words if "box" not in w]
    for table in tables:
        boxes = [box for row in table for box in row]
        for row in table:
            top = min(box[1] for box in row)
            # the cells the band crosses: its own and those merged down from above
            crossing = sorted((b for b in boxes if b[1] <= top + 1 < b[3]), key=lambda b: b[0])
            parts = [(by_box.get(b) if b in row else None) for b in crossing]
            parts = [(w, w["text"] if w else "") for w in parts]
            # an empty row is kept: in a table printed one field a row (a cell a line) it is an empty field
            out.append({"text": "\t".join(t for _, t in parts), "x0": crossing[0][0], "x1": crossing[-1][2],
                        "top": top, "bottom": min(b[3] for b in row), "cell": True, "parts": parts})
    return out


def _cell_words(words: list[dict], tables: list) -> list[dict]:
    """The words of each ruled cell joined into one, in reading order (a cell's
    wrapped lines are one text: `2025年购买社会服务参与社区矫正社` + `会服务，…`), the
    cell's box its box; so a table row is one line of the page text, every cell
    a slice of it. Words in no cell stay as they are."""
    taken: set[int] = set()
    out = []
    for table in tables:
        for row in table:
            for box in row:
                inside = [i for i, w in enumerate(words) if i not in taken and _inside(w, box)]
                if not inside:
                    continue
                taken.update(inside)
                lines: list[list[dict]] = []
                for word in sorted((words[i] for i in inside), key=lambda w: (w["top"], w["x0"])):
                    # one line while the tops differ by less than half the shorter box: a box over several
                    # lines (a narrow cell's text read down it, `2个月` under `=1`) starts a line of its own
                    shorter = min(word["bottom"] - word["top"], lines[-1][0]["bottom"] - lines[-1][0]["top"]) if lines else 0
                    if lines and word["top"] - lines[-1][0]["top"] < shorter / 2:
                        lines[-1].append(word)
                    else:
                        lines.append([word])
                text = ""
                for line in lines:
                    piece = " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))
                    # a wrapped line continues its text (`社会服务参与社区矫正社` + `会服务`, `1477.1` + `09400`);
                    # words of a Latin script keep a space between them
                    latin = text[-1:].isascii() and text[-1:].isalpha() and piece[0].isascii() and piece[0].isalpha()
                    text += " " + piece if latin else piece
                out.append({"text": full_stop(text), "x0": min(words[i]["x0"] for i in inside),
                            "x1": max(words[i]["x1"] for i in inside), "top": box[1], "bottom": box[3], "cell": True,
                            "box": tuple(box)})
    return [*out, *(w for i, w in enumerate(words) if i not in taken)]
