"""OCR of page images: PP-OCR through `rapidocr` (the `ocr` extra), or tesseract.

PP-OCR gives every text line with its box, so a page comes back as words in
page pixels (`PageOcr.words`, the shape of pdfplumber's words) and the cell
boxes of its ruled tables, found on the image by OpenCV morphology
(`ruled_tables`); `pdf.py` lays both out as the text layer of a PDF is laid
out, so the same grid and readers read them. Tesseract (`chi_sim`, `--psm 4`)
gives space-aligned text only, the route the dev set's OCR text was made by.

A page is set upright first: turned a quarter when its text lines stand up,
half a turn when it reads upside down (the recogniser's confidence says so),
and its skew measured from the slope of the text boxes, the boxes and the
ruled-table search straightened by it. Results are cached by the page image's
hash (`cache_dir`), so a re-run never reads a page twice.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractorError
from .lazyre import LazyPattern

ENGINES = ("rapidocr", "tesseract", "none")
OCR_ENV = "EXTRACT_OCR"  # the engine when no --ocr is given: rapidocr, tesseract or none
TESSERACT_ENV = "EXTRACT_TESSERACT"  # which tesseract to run; =none: none
CACHE_ENV = "EXTRACT_OCR_CACHE"  # where OCR results are kept; =none: not kept
OCR_LANG = "chi_sim"
_CACHE_VERSION = "1"  # bumped when what an engine recognises on a page changes


class OcrError(ExtractorError):
    """An OCR engine asked for that is not installed, or a page it failed on."""


@dataclass
class PageOcr:
    """What OCR read on one page: `words` ({text, x0, x1, top, bottom, score},
    pixels of the upright page) and `tables`, the ruled tables as rows of cell
    boxes (x0, top, x1, bottom) in the same pixels; or, from tesseract, `text`
    (its own space-aligned lines, no boxes). `turned`: degrees the page was
    turned clockwise to stand upright; `skew`: degrees its text sloped."""

    words: list[dict] = field(default_factory=list)
    tables: list[list[list[tuple[float, float, float, float]]]] = field(default_factory=list)
    text: str | None = None
    turned: int = 0
    skew: float = 0.0


def rapidocr_installed() -> bool:
    """Whether the OCR extra (rapidocr on onnxruntime) is installed: found, not imported (the
    models load when a page is read)."""
    from importlib.util import find_spec

    return find_spec("rapidocr") is not None and find_spec("onnxruntime") is not None


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


def engine_name(choice: str | None = None) -> str:
    """The engine to read scanned pages with: `choice` (--ocr), else EXTRACT_OCR,
    else rapidocr when installed, tesseract when installed, none. OcrError for
    an unknown name."""
    name = choice or os.environ.get(OCR_ENV) or ""
    if name and name not in ENGINES:
        raise OcrError(f"unknown OCR engine {name!r} (rapidocr, tesseract or none)")
    if name:
        return name
    if rapidocr_installed():
        return "rapidocr"
    return "tesseract" if tesseract() else "none"


def no_engine(choice: str | None = None) -> str:
    """Why scanned pages go unread when `engine_name(choice)` is none: OCR turned
    off (--ocr none, EXTRACT_OCR=none), or no engine installed (what to install)."""
    if (choice or os.environ.get(OCR_ENV)) == "none":
        return "OCR is turned off (--ocr none or EXTRACT_OCR=none)"
    return ("no OCR engine is installed: pip install '.[ocr]' (PP-OCR), or tesseract with the chi_sim model "
            "(Debian: tesseract-ocr-chi-sim); see README 'PDF input'")


def get_engine(choice: str | None = None) -> "RapidOcr | Tesseract | None":
    """The engine `engine_name(choice)` names, ready to read pages; None for none.
    OcrError when the engine named is not installed (what to install is said)."""
    name = engine_name(choice)
    if name == "rapidocr":
        if not rapidocr_installed():
            raise OcrError("the rapidocr OCR engine is not installed: pip install '.[ocr]' (README 'PDF input')")
        return RapidOcr.shared()
    if name == "tesseract":
        exe = tesseract()
        if exe is None:
            raise OcrError("tesseract with the chi_sim model is not installed (Debian: tesseract-ocr-chi-sim)")
        return Tesseract(exe)
    return None


class Tesseract:
    """tesseract chi_sim --psm 4 on a page image: its text, no boxes."""

    name = "tesseract"

    def __init__(self, exe: str):
        self.exe = exe
        self._info: dict | None = None

    def info(self) -> dict:
        if self._info is None:
            out = subprocess.run([self.exe, "--version"], capture_output=True, text=True, timeout=30).stdout
            self._info = {"engine": "tesseract", "version": out.split("\n")[0].replace("tesseract ", "").strip(),
                          "models": [OCR_LANG], "psm": 4, "binary": self.exe}
        return self._info

    def recognise(self, image, dpi: int, page: int = 1) -> dict:
        """{"text"} of `image`, a PIL image of page `page`. OcrError when tesseract fails or takes over 300 s."""
        with tempfile.TemporaryDirectory() as tmp:
            png = Path(tmp) / f"page{page}.png"
            image.save(png, dpi=(dpi, dpi))  # tesseract sizes its layout analysis by it
            try:
                done = subprocess.run(
                    [self.exe, str(png), "stdout", "-l", OCR_LANG, "--psm", "4"],
                    capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                )
            except subprocess.TimeoutExpired:
                raise OcrError(f"tesseract took over 300 s on page {page}") from None
        if done.returncode != 0:
            raise OcrError(f"tesseract failed on page {page}: {done.stderr.strip()[:200]}")
        return {"text": done.stdout}

    def layout(self, image, raw: dict) -> PageOcr:
        return PageOcr(text=raw["text"])


class RapidOcr:
    """PP-OCR (detection, recognition; the models shipped in the rapidocr wheel,
    named by path so that nothing is ever downloaded) on ONNX Runtime."""

    name = "rapidocr"
    _shared: "RapidOcr | None" = None
    MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx"}

    def __init__(self, threads: int | None = None):
        """The models loaded, run on `threads` threads (default: the cores, at most 4)."""
        import rapidocr
        from rapidocr import RapidOCR

        folder = Path(rapidocr.__file__).parent / "models"
        threads = threads or min(os.cpu_count() or 1, 4)
        params = {f"{task}.model_path": str(folder / name) for task, name in self.MODELS.items()}
        # the text-line classifier is off: a page's turn is found for the whole page (`upright`),
        # and an upside-down page must read as one (low confidence) to be found; its warnings
        # ("The text detection result is empty": a blank page) are no news to a user
        self._engine = RapidOCR(params={
            **params, "Global.log_level": "error", "Global.use_cls": False,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        })
        self.version = rapidocr.__version__ if hasattr(rapidocr, "__version__") else _dist_version("rapidocr")

    @classmethod
    def shared(cls) -> "RapidOcr":
        """One engine per process: its models load once."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def info(self) -> dict:
        return {"engine": "rapidocr", "version": self.version, "onnxruntime": _dist_version("onnxruntime"),
                "models": sorted(self.MODELS.values())}

    def _lines(self, gray) -> tuple[list, list[str], list[float]]:
        import cv2

        result = self._engine(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
        if not len(result):
            return [], [], []
        return [[(float(x), float(y)) for x, y in box] for box in result.boxes], list(result.txts), list(result.scores)

    def recognise(self, image, dpi: int, page: int = 1) -> dict:
        """The text lines of `image` (a PIL image of page `page`, any mode) read
        upright (`upright`): {turned, boxes (four corners each), texts, scores}."""
        import numpy as np

        turned, (boxes, texts, scores) = upright(np.asarray(image.convert("L")), self._lines)
        return {"turned": turned, "boxes": boxes, "texts": texts, "scores": scores}

    def layout(self, image, raw: dict) -> PageOcr:
        """The page's words and ruled tables from its `recognise`d lines: the
        page turned as they were read, straightened by the text's skew."""
        import numpy as np

        gray = np.asarray(image.convert("L"))
        turned, boxes = raw["turned"], raw["boxes"]
        gray = np.ascontiguousarray(np.rot90(gray, -turned // 90)) if turned else gray
        skew = _skew(boxes)
        if abs(skew) >= _STRAIGHTEN:
            gray, boxes = _straighten(gray, boxes, skew)
        words = [
            {"text": full_stop(text), "x0": min(x for x, _ in box), "x1": max(x for x, _ in box),
             "top": min(y for _, y in box), "bottom": max(y for _, y in box), "score": round(score, 4)}
            for box, text, score in zip(boxes, raw["texts"], raw["scores"]) if text.strip()
        ]
        tables = ruled_tables(gray, words)
        return PageOcr(words=split_at_rules(words, tables), tables=tables, turned=turned, skew=round(skew, 2))


_STOP_READ = LazyPattern(r"(?<=[\u4e00-\u9fff])[0oO]$")  # `…文化阵地0`, `…210000元o`: PP-OCR's 。 at a line's end


def full_stop(text: str) -> str:
    """A line (or a ruled cell's joined lines) of Chinese text, four ideographs
    or more, ending in an ideograph then `0`/`o`/`O`: with that last character
    the full stop PP-OCR misread (alone in its box, or at the end of a line's)."""
    if sum("\u4e00" <= ch <= "\u9fff" for ch in text) < 4:
        return text
    return _STOP_READ.sub("。", text)


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


_STRAIGHTEN = 0.2  # degrees of skew from which a page is straightened before its tables are found
_CONFIDENT = 0.9  # mean recognition score of a page read the right way up (upside down: about 0.75)


def upright(gray, lines) -> tuple[int, tuple[list, list[str], list[float]]]:
    """The clockwise turn (0, 90, 180, 270) that sets the page upright, and its
    lines read that way (`lines(gray)`: boxes, texts, scores). Text lines that
    stand up (most boxes taller than wide) mean a quarter turn; a reading the
    recogniser is unsure of is tried half a turn round, and the surer one kept
    (a page with no text line, blank, is read once)."""
    import numpy as np

    def read(turn: int):
        image = np.ascontiguousarray(np.rot90(gray, -turn // 90)) if turn else gray
        return lines(image)

    first = read(0)
    boxes = first[0]
    if not boxes:
        return 0, first  # a blank page: nothing to read any other way round
    tall = sum((b[3][1] - b[0][1]) > (b[1][0] - b[0][0]) for b in boxes)
    turn, best = (90, read(90)) if boxes and tall > len(boxes) / 2 else (0, first)
    if _mean(best[2]) < _CONFIDENT:
        other = read((turn + 180) % 360)
        if _mean(other[2]) > _mean(best[2]):
            return (turn + 180) % 360, other
    return turn, best


def _mean(scores: list[float]) -> float:
    return sum(scores) / len(scores) if scores else 0.0


def _skew(boxes: list) -> float:
    """Degrees the page's text slopes (clockwise positive), the median slope of
    the top edges of text boxes much wider than tall; 0 with too few of them."""
    slopes = [math.degrees(math.atan2(b[1][1] - b[0][1], b[1][0] - b[0][0]))
              for b in boxes if (b[1][0] - b[0][0]) > 3 * abs(b[3][1] - b[0][1])]
    return statistics.median(slopes) if len(slopes) >= 3 else 0.0


def _straighten(gray, boxes: list, skew: float):
    """The page turned back by its skew (white where the turn uncovers paper),
    and the boxes moved with it."""
    import cv2
    import numpy as np

    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    image = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    moved = []
    for box in boxes:
        points = np.hstack([np.array(box), np.ones((len(box), 1))]) @ matrix.T
        moved.append([(float(x), float(y)) for x, y in points])
    return image, moved


# ------------------------------------------------------------------ ruled tables

def ruled_tables(gray, words: list[dict] = ()) -> list[list[list[tuple[float, float, float, float]]]]:
    """The ruled tables of a page image (2-D uint8, dark ink on light paper), as
    rows of cell boxes (x0, top, x1, bottom) in its pixels, top to bottom and
    left to right; the shape pdfplumber's `find_tables` gives a text layer.

    Rules are the ink that survives an opening by a long thin line (OpenCV
    morphology) by a line longer than a glyph is tall or wide (the text boxes'
    height, `words`), so that no stroke of a character passes for a rule.
    Each group of crossing rules is one table; its row bands lie between its
    horizontal rules and, in each band, a cell between two vertical rules that
    cross it. A cell whose rule below is missing over its width goes on down
    (a heading over two rows); one whose inner vertical rule is missing covers
    both columns (a merged heading). Rules in one direction only (a three-line
    table) make no table: its text is read by alignment."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = cv2.adaptiveThreshold(cv2.bitwise_not(gray), 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    glyph = statistics.median(word["bottom"] - word["top"] for word in words) if words else 30
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 40, int(2 * glyph)), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(1.2 * glyph))))
    # a rule broken by a pixel or slanted by a residual skew stays one rule
    horizontal = cv2.dilate(horizontal, np.ones((5, 9), np.uint8))
    vertical = cv2.dilate(vertical, np.ones((9, 5), np.uint8))
    frames = cv2.bitwise_or(horizontal, vertical)
    count, _, stats, _ = cv2.connectedComponentsWithStats(frames)
    tables = []
    for x, y, bw, bh, _ in sorted(stats[1:count].tolist(), key=lambda s: (s[1], s[0])):
        if bw < w / 8 or bh < 20:
            continue
        rows = _cells(horizontal[y : y + bh, x : x + bw] > 0, vertical[y : y + bh, x : x + bw] > 0)
        if rows:
            tables.append([[(x + a, y + t, x + b, y + u) for a, t, b, u in row] for row in rows])
    return tables


_MIN_GAP = 12  # pixels: rules closer than this are one (a thick or double rule)


def _runs(mask_profile) -> dict[float, tuple[int, int]]:
    """The runs of True in a 1-D profile, runs closer than _MIN_GAP joined: {centre: (first, last)}."""
    found: list[list[int]] = []
    for i in [int(i) for i in mask_profile.nonzero()[0]]:
        if found and i - found[-1][1] <= _MIN_GAP:
            found[-1][1] = i
        else:
            found.append([i, i])
    return {(a + b) / 2: (a, b) for a, b in found}


def _cells(horizontal, vertical) -> list[list[tuple[float, float, float, float]]]:
    ys, xs = _runs(horizontal.any(axis=1)), _runs(vertical.any(axis=0))
    if len(ys) < 2 or len(xs) < 2:
        return []

    # a rule is looked for over its whole run, not at its centre alone: two rules a narrow empty column
    # apart (17 pixels at 140 dpi) are one run whose centre neither passes through
    def across(y: float, a: float, b: float) -> float:  # share of (a, b) a horizontal rule at y covers
        first, last = ys[y]
        band = horizontal[max(0, first - 3) : last + 4, int(a) + 6 : max(int(a) + 7, int(b) - 5)]
        return float(band.any(axis=0).mean()) if band.size else 0.0

    def down(x: float, a: float, b: float) -> float:  # share of (a, b) a vertical rule at x covers
        first, last = xs[x]
        band = vertical[int(a) + 6 : max(int(a) + 7, int(b) - 5), max(0, first - 3) : last + 4]
        return float(band.any(axis=1).mean()) if band.size else 0.0

    rows: list[list[list[float]]] = []
    above: dict[tuple[float, float], list[float]] = {}
    for top, bottom in zip(list(ys), list(ys)[1:]):
        crossing = [x for x in xs if down(x, top, bottom) > 0.6]
        row, here = [], {}
        for a, b in zip(crossing, crossing[1:]):
            cell = above.get((a, b))
            if cell is not None and across(top, a, b) < 0.5:
                cell[3] = bottom  # no rule between this band and the cell above: one cell
            else:
                cell = [a, top, b, bottom]
                row.append(cell)
            here[(a, b)] = cell
        above = here
        if row:
            rows.append(row)
    return [[tuple(c) for c in row] for row in rows] if len(rows) >= 1 and any(len(r) > 1 for r in rows) else []


def split_at_rules(words: list[dict], tables: list) -> list[dict]:
    """Words with a box that runs over a vertical rule of a ruled table (two
    cells' texts read as one line: `31,214,205.80一、一般公共服务支出`) cut at the
    rule, where the characters' widths put it (`_edges`)."""
    from .grid import display_width

    bounds = [(c[0], c[1], c[3]) for table in tables for row in table for c in row]
    pitch = _cjk_pitch(words)
    out = []
    for word in words:
        pieces = [word]
        mid = (word["top"] + word["bottom"]) / 2
        rules = sorted({x for x, top, bottom in bounds if top <= mid <= bottom})
        for x in rules:
            last = pieces[-1]
            width, text, total = last["x1"] - last["x0"], last["text"], display_width(last["text"])
            # the box runs over the rule by more than its padding (half a column) on both sides
            if len(text) < 2 or min(x - last["x0"], last["x1"] - x) < 1.5 * width / total:
                continue
            edges = _edges(last, pitch)
            cut = min(range(1, len(text)), key=lambda i: abs(edges[i] - x))
            left, right = text[:cut].rstrip(), text[cut:].lstrip()
            if left and right:
                pieces[-1:] = [{**last, "text": left, "x1": x}, {**last, "text": right, "x0": x}]
        out.extend(pieces)
    return out


_PITCH_FROM = 8  # CJK glyphs a word has for its width to measure the page's pitch (its box's padding little)


def _cjk_pitch(words: list[dict]) -> float | None:
    """The page's width of one CJK glyph: the median over its words of CJK glyphs only, long ones
    (`_PITCH_FROM`: a short word's padding, a title's larger print, weigh little); None when it has
    none. A font's CJK glyphs are all one width, its digits and Latin letters are not half of it
    (`》=90%`, printed `≥90%`, spans four CJK glyphs in WenQuanYi Zen Hei)."""
    from .grid import display_width

    pitches = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words
               if len(w["text"]) >= _PITCH_FROM and display_width(w["text"]) == 2 * len(w["text"])]
    return statistics.median(pitches) if pitches else None


def _edges(word: dict, pitch: float | None) -> list[float]:
    """The x of each character's left edge in `word`'s box, and its right end: CJK glyphs at
    the page's `pitch`, the other characters sharing the rest evenly; by display width alone
    (a CJK glyph two columns) when there is no pitch, no other character or no rest."""
    from .grid import display_width

    text, width = word["text"], word["x1"] - word["x0"]
    wide = [display_width(ch) == 2 for ch in text]
    narrow = len(text) - sum(wide)
    rest = width - pitch * sum(wide) if pitch else 0
    if narrow and rest > 0:
        sizes = [pitch if w else rest / narrow for w in wide]
    else:
        total = display_width(text)
        sizes = [width * (2 if w else 1) / total for w in wide]
    edges = [word["x0"]]
    for size in sizes:
        edges.append(edges[-1] + size)
    return edges


def locate(ocr: dict | None, start: int, end: int) -> tuple[int, tuple[int, int, int, int]] | None:
    """Where a value at text[start:end] stands on the scanned page it was read
    from: (page, (x0, top, x1, bottom)), the box around the words or ruled
    cells it overlaps on the first such page, in pixels of the page read
    upright; None for text not read by PP-OCR (`ocr`: a document's `ocr`,
    whose `boxes` are [start, end, page, x0, top, x1, bottom] in text order,
    as `pdf._assemble` writes them: found by bisection, a report of many
    values on many pages stays linear)."""
    boxes = (ocr or {}).get("boxes") or []
    hits, i = [], bisect.bisect_right(boxes, start, key=lambda b: b[1])
    while i < len(boxes) and boxes[i][0] < end:
        hits.append(boxes[i])
        i += 1
    if not hits:
        return None
    page = hits[0][2]
    on = [b for b in hits if b[2] == page]
    return page, (min(b[3] for b in on), min(b[4] for b in on), max(b[5] for b in on), max(b[6] for b in on))


def page_as_read(ocr: dict | None, page: int) -> str:
    """What the pixels of page `page`'s boxes are of (`ocr["geometry"]`): `1240×1754 px
    at 150 dpi, turned 90° clockwise, straightened by 2.0°`; "" when not recorded."""
    found = next((g for g in (ocr or {}).get("geometry") or [] if g["page"] == page), None)
    if found is None:
        return ""
    said = f"{found['width']}×{found['height']} px at {found['dpi']} dpi"
    said += f", turned {found['turned']}° clockwise" if found["turned"] else ""
    return said + (f", straightened by {found['skew']:g}°" if abs(found["skew"]) >= _STRAIGHTEN else "")


# ------------------------------------------------------------------ cache

def cache_dir() -> Path | None:
    """Where OCR results are kept (EXTRACT_OCR_CACHE; default ~/.cache/extractor/ocr), None when turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "none":
        return None
    return Path(chosen) if chosen else Path.home() / ".cache" / "extractor" / "ocr"


def _cache_key(engine, image, dpi: int) -> Path | None:
    """The cache file of this engine (name, version, models) reading this very image, None with no cache."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(json.dumps([_CACHE_VERSION, engine.info(), dpi, image.mode, image.size]).encode())
    digest.update(image.tobytes())
    return folder / f"{digest.hexdigest()}.json"


def is_cached(engine, image, dpi: int) -> bool:
    """Whether `engine` has read this image (a PIL image at `dpi`) before and the cache keeps it."""
    key = _cache_key(engine, image, dpi)
    return key is not None and key.is_file()


def read_page(engine, image, dpi: int, page: int = 1) -> PageOcr:
    """Page `page` (a PIL image) read by `engine`: what it recognises, from the
    cache when this engine (name, version, models) has read this very image
    before, laid out into words and tables. OcrError when the engine fails."""
    key, raw = _cache_key(engine, image, dpi), None
    if key is not None:
        try:
            raw = json.loads(key.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    try:
        if raw is None:
            raw = engine.recognise(image, dpi, page)
            _keep(key, raw)
        return engine.layout(image, raw)
    except OcrError:
        raise
    except Exception as exc:  # ONNX Runtime, OpenCV and Pillow raise many kinds of error on a damaged image
        raise OcrError(f"{engine.name} failed on page {page}: {type(exc).__name__}: {exc}") from exc


def _keep(key: Path | None, raw: dict) -> None:
    if key is None:
        return
    try:
        key.parent.mkdir(parents=True, exist_ok=True)
        tmp = key.with_suffix(f".tmp-{os.getpid()}")
        tmp.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        tmp.replace(key)
    except OSError:
        pass  # a cache that cannot be written costs time on a re-run, nothing else
