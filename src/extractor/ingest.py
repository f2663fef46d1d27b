"""Find input files and decode them, refusing bad input with a one-line reason."""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractorError
from .grid import PrintedTable
from .lazyre import LazyPattern

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")  # read by OCR (pdf.read_images)
SUFFIXES = (".txt", ".md", ".pdf", *IMAGE_SUFFIXES)
_CONTROL = LazyPattern(r"[\x00-\x08\x0e-\x1f]")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class IngestError(ExtractorError):
    """A file that cannot be read as text; the message is shown to the user."""


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    encoding: str
    sha256: str
    size: int
    notes: tuple[str, ...] = ()  # how the text was obtained, when worth a warning
    tables: tuple[PrintedTable, ...] = ()  # tables whose cells the source delimits (ruled: a PDF text layer's, a page image's)
    ocr: dict | None = None  # the OCR engine, version, models and pages, when pages were read by OCR
    lost: tuple[str, ...] = ()  # the pages left out (unread scans, pages OCR failed on), one message each


@dataclass(frozen=True)
class Input:
    """An input file and its path relative to the input it was found under (the
    folder named on the command line, or the file's own folder for a named file)."""

    path: Path
    relative: str  # POSIX form, e.g. `sub/a.txt`

    @property
    def doc(self) -> str:
        """The document's name: its relative path, without the suffix when that is
        `.txt` (`sub/a.txt` → `sub/a`, `a.pdf` → `a.pdf`, so that a PDF and its OCR
        text side by side stay two documents). It names nothing but this file, so
        adding a file never renames another. A part too long to be a file name with
        `.json` after it (255 bytes) is cut, with a hash of the whole part to keep it unique."""
        name = self.relative[: -len(".txt")] if self.relative.lower().endswith(".txt") else self.relative
        return "/".join(_fit(part) for part in name.split("/"))


_NAME_BYTES = 255 - len(".json")


def _fit(part: str) -> str:
    data = part.encode("utf-8")
    if len(data) <= _NAME_BYTES:
        return part
    tag = "~" + hashlib.sha256(data).hexdigest()[:8]
    return data[: _NAME_BYTES - len(tag)].decode("utf-8", errors="ignore") + tag


@dataclass
class Found:
    """What `discover` found: the input files, the inputs that do not exist, the
    folders under them that could not be listed (with the reason), and the files
    and folders left out (hidden, or of a kind not read), with why."""

    files: list[Input]
    missing: list[Path]
    unreadable: list[tuple[Path, str]]
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def discover(inputs: list[Path], out: Path | None = None) -> Found:
    """Input files (folders searched recursively, in path order), the inputs that
    do not exist, and the sub-folders that cannot be read (reported, never skipped silently).

    `out`, the run's output folder, is not searched when it lies inside an input folder
    (`extract run budgets -o budgets/out`): it holds the tool's own outputs, which would
    otherwise come back at every run as a list of skipped files. It is listed once as skipped."""
    found = Found([], [], [])
    own = out.resolve() if out is not None else None
    for item in inputs:
        if item.is_dir():
            def unreadable(exc: OSError) -> None:
                found.unreadable.append((Path(exc.filename), exc.strerror or str(exc)))

            files = []
            for top, folders, names in os.walk(item, onerror=unreadable):
                # hidden files and folders (.git, .DS_Store, an editor's .~lock) are no documents: listed, not read
                found.skipped.extend((Path(top) / d, "hidden folder") for d in sorted(folders) if d.startswith("."))
                folders[:] = [d for d in folders if not d.startswith(".")]
                if own is not None and own.name in folders and (Path(top) / own.name).resolve() == own:
                    folders.remove(own.name)
                    found.skipped.append((Path(top) / own.name, "output folder (-o)"))
                for name in names:
                    path = Path(top) / name
                    if name.startswith("."):
                        found.skipped.append((path, "hidden file"))
                    elif path.suffix.lower() not in SUFFIXES:
                        found.skipped.append((path, f"not read: {path.suffix or 'no suffix'} (reads {', '.join(SUFFIXES)})"))
                    else:
                        files.append(path)
            found.files.extend(Input(p, p.relative_to(item).as_posix()) for p in sorted(files) if p.is_file())
        elif item.is_file():
            found.files.append(Input(item, item.name))
        else:
            found.missing.append(item)
    first: dict[Path, Input] = {}
    for f in found.files:  # a file named twice (itself and in its folder) is read once
        first.setdefault(f.path, f)
    found.files = list(first.values())
    return found


# CJK radical code points some PDF fonts and converters emit for the ideographs they look like
# (⺠ for 民, ⻔ for 门): the Kangxi radicals fold by NFKC, the supplement's by Unicode's
# EquivalentUnifiedIdeograph.txt. One character for one, so every offset stays.
_RADICALS = str.maketrans({
    **{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)},
    **dict(zip("⺟⺠⺮⻁⻄⻅⻆⻈⻉⻋⻌⻏⻐⻑⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻲⻳",
               "母民竹虎西见角讠贝车辶阝钅長长门阝雨青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙亀龟")),
})

_RADICAL = LazyPattern("[\u2e80-\u2fdf]")
_LONE_CR = LazyPattern(r"\r(?!\n)")  # an old Mac line end


def fold_radicals(text: str) -> str:
    """`text` with CJK radical code points (U+2E80–U+2FDF) as the ideographs they stand
    for (`人⺠调解` → 人民调解); same length, so spans into it are spans into the source."""
    return text.translate(_RADICALS) if _RADICAL.search(text) else text


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, ocr: str | None = None,
                on_page: Callable[[int, int], None] | None = None) -> SourceText:
    """The text of an input file: decoded text, a PDF's text layer, or OCR of a
    PDF's scanned pages and of image files by the engine `ocr` names (rapidocr,
    tesseract, none; default `ocr.engine_name`), `on_page(done, total)` called
    as each page OCR reads is done. IngestError with the reason."""
    size = path.stat().st_size
    if size == 0:
        raise IngestError("empty file")
    if size > max_bytes:
        raise IngestError(f"file is {size / 2**20:.1f} MiB, over the {max_bytes / 2**20:.1f} MiB limit (--max-mb)")
    data = path.read_bytes()
    if data.startswith(b"%PDF-") or path.suffix.lower() == ".pdf":
        return _read_pdf(path, data, ocr, on_page)  # read once: the bytes give both the text and the hash
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return _read_pdf(path, data, ocr, on_page, image=True)
    text, encoding, notes = decode(data)
    if not text.strip():
        raise IngestError("no text (only whitespace)")
    text = fold_radicals(_LONE_CR.sub("\n", text))  # each one character for one: offsets stay
    return SourceText(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(), size=size,
                      notes=notes)


def _read_pdf(path: Path, data: bytes, ocr: str | None, on_page: Callable[[int, int], None] | None = None,
              image: bool = False) -> SourceText:
    from .ocr import no_engine
    from .pdf import PdfError, read_images, read_pdf

    try:
        pdf = read_images(data, ocr, on_page) if image else read_pdf(data, ocr, on_page)
    except PdfError as exc:
        raise IngestError(str(exc)) from exc
    if not pdf.text.strip():
        raise IngestError("no text on any page of the image" if image else "the PDF has no text on any page")
    notes, lost = [], []
    if pdf.ocr_pages:
        engine = pdf.ocr["engine"] if pdf.ocr else "?"
        notes.append(f"{_pages(pdf.ocr_pages)} " + ("" if image else f"{_have(pdf.ocr_pages)} no text layer and ")
                     + f"{'was' if len(pdf.ocr_pages) == 1 else 'were'} read by OCR ({engine})")
    if pdf.unread_pages:
        lost.append(f"{_pages(pdf.unread_pages)} {_have(pdf.unread_pages)} no text layer and {no_engine(ocr)}: left out")
    lost.extend(f"{reason}: the page is left out, the other pages are read" for reason in pdf.failed)
    return SourceText(path, fold_radicals(pdf.text), pdf.route, hashlib.sha256(data).hexdigest(), len(data),
                      tuple(notes + lost), tuple(pdf.tables), pdf.ocr, tuple(lost))


def _pages(pages: list[int]) -> str:
    """`page 3`, `pages 1, 2`, `pages 1–40 (40 pages)`."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    return "pages " + (", ".join(map(str, pages)) if len(pages) <= 6 else f"{pages[0]}–{pages[-1]} ({len(pages)} pages)")


def _have(pages: list[int]) -> str:
    return "has" if len(pages) == 1 else "have"


# One undecodable byte sequence in a thousand characters (a damaged download, a stray NUL) is read
# as U+FFFD with a warning rather than costing the whole file.
_DAMAGE = 0.001


def decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode bytes: BOMs first, UTF-16 without a BOM (the NULs of its ASCII on one side),
    then strict UTF-8, GB18030 (Big5 when the GB18030 reading is mostly characters
    GB2312 lacks), the same with a few damaged bytes replaced (U+FFFD, said in the
    notes), then charset detection. (text, encoding, notes); IngestError when none fits."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig", ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16", ()
    nuls = data.count(b"\x00")
    if nuls:
        odd = data[1::2].count(b"\x00")
        if nuls >= len(data) // 20 and max(odd, nuls - odd) >= nuls * 0.9:
            encoding = "utf-16-le" if odd > nuls - odd else "utf-16-be"
            return _strict(data, encoding), encoding, ()
        if nuls > len(data) * _DAMAGE:
            raise IngestError("binary file (contains NUL bytes), not text")
        data = data.replace(b"\x00", b"")
    notes = (f"{nuls} NUL byte(s) in the text were left out",) if nuls else ()
    for encoding in ("utf-8", "gb18030"):  # GB18030 is a superset of GBK/GB2312, what Chinese office tools write
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and outside_gb2312(text) > 0.2:
            big5 = _as_big5(data)
            if big5 is not None:
                return _check_text(big5[0]), big5[1], notes
        return _check_text(text), encoding, notes
    for encoding in ("utf-8", "gb18030"):
        text = data.decode(encoding, errors="replace")
        damaged = text.count("\ufffd")
        if damaged <= max(1, len(text) * _DAMAGE):
            return _check_text(text), encoding, (
                *notes, f"{damaged} byte sequence(s) are no valid {encoding}: read as \ufffd")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("cannot detect the text encoding (not UTF-8, UTF-16 or GB18030)")
    return _check_text(str(best)), best.encoding, notes


_BIG5 = ("big5", "cp950", "big5hkscs")  # Taiwan's, Windows' and Hong Kong's
_HAN = LazyPattern("[\u4e00-\u9fff]")


def outside_gb2312(text: str) -> float:
    """The share of the Han characters of `text` that GB2312 lacks: next to none
    in a text in simplified Chinese (0 to 0.05% in the seeds), most of a Big5 text
    read as GB18030 (two thirds: its bytes fall on rare characters), and much of
    a text in traditional characters (財政撥款: 3 of 4 outside GB2312)."""
    han = _HAN.findall(text)
    if not han:
        return 0.0
    return sum(len(c.encode("gb2312", errors="replace")) == 1 for c in han) / len(han)


def _as_big5(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of `data` as one of the Big5 encodings, or None when it is none of them."""
    for encoding in _BIG5:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return _check_text(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise IngestError(f"invalid {encoding} at byte {exc.start}") from exc


def _check_text(text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > 0.05:
        raise IngestError("binary file (control characters), not text")
    return text
