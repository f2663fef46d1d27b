"""A PDF page's text layer as pdfplumber reads it, read through pdfium instead (about 5× faster).

pdfplumber (pdfminer) interprets every content stream in Python: 32–40 ms a page of a budget
table. pdfium, a C library pypdfium2 wraps (pdfplumber's own dependency for page images), reads
the same page in a few ms. This module rebuilds from pdfium what `pdf.read_pdf` takes from a
pdfplumber page – its characters (`page.chars`: text, x0, x1, top, bottom, size) and the lines,
rects and curves its painted paths make (classified as pdfminer classifies them) – and hands them
to pdfplumber's own word grouping (`utils.extract_words`) and table finder (`TableFinder`), so the
words and the ruled cells are pdfplumber's. Geometry as pdfminer computes it, in points from the
top left of the MediaBox: x0 a glyph's origin, x1 its origin plus its advance (pdfium's loose box),
bottom its baseline plus the font's descent, top bottom minus the font size; equal to pdfminer's
within 2e-4 pt (pdfium computes in single precision, pdfminer in double).

A page it does not reproduce is left to pdfplumber (`read_page` returns None): a rotated page, a
MediaBox not at the origin, text that is not upright, a form XObject (its paths and matrix nest),
a font pdfminer measures by its own metrics (the standard fonts, Arial, Times New Roman by name:
`pdfminer.fontmetrics`, whose descents and widths are not the PDF's), a glyph with no Unicode
value (pdfminer writes `(cid:N)`) or outside the Basic Multilingual Plane, a glyph wider than its
advance (pdfium's loose box takes in the glyph, pdfminer's box is the advance). Where it differs: pdfium
leaves out some space glyphs of the content stream (those of Word's CJK fonts), so where pdfplumber
ends a word at such a space this ends it at the gap the space leaves: the same wherever the space
is wider than the words' x tolerance (1.5 pt: any space of a font of 6 pt or more).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2
import pypdfium2.raw as pdfium
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber.table import TableFinder
from pdfplumber.utils import extract_words
from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

from .lazyre import LazyPattern

_SUBPATH = LazyPattern(r"m[^m]+")  # a path's subpaths, each begun by a move (pdfminer's split)


class PageLayer:
    """One page as pdfplumber would give it: `extract_words(**settings)` and
    `find_tables()` answer as a pdfplumber page's do (words as dicts with text,
    x0, x1, top, bottom…; tables whose `rows` hold `cells` boxes in points)."""

    def __init__(self, chars: list[dict], paths: list[dict], width: float, height: float):
        self.chars = chars
        self.paths = paths
        self.bbox = (0, 0, width, height)  # (TableFinder's page: its edges and box)
        self._edges: list[dict] | None = None

    @property
    def edges(self) -> list[dict]:
        if self._edges is None:
            to_edges = {"line": lambda p: [line_to_edge(p)], "rect": rect_to_edges, "curve": curve_to_edges}
            self._edges = [e for p in self.paths for e in to_edges[p["object_type"]](p)]
        return self._edges

    def extract_words(self, **settings) -> list[dict]:
        return extract_words(self.chars, **settings)

    def find_tables(self) -> list:
        return TableFinder(self).tables


def read_pages(data: bytes, count: int) -> Iterator[PageLayer | None]:
    """Each of the `count` pages of a PDF's bytes read by pdfium (`read_page`), in
    order; None for a page pdfium cannot load, and for every page when it cannot
    open the file or counts other pages than `count` (pdfplumber's count), so
    that pdfplumber reads those."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        yield from [None] * count
        return
    try:
        if len(document) != count:
            yield from [None] * count
            return
        for index in range(count):
            try:
                page = document[index]
            except pypdfium2.PdfiumError:  # a page pdfium cannot load: pdfplumber's to read, or to fail on
                yield None
                continue
            try:
                yield read_page(page)
            finally:
                page.close()
    finally:
        document.close()


def read_page(page: pypdfium2.PdfPage) -> PageLayer | None:
    """The page's characters and ruling paths as pdfplumber gives them, or None
    for a page this does not reproduce (see the module's docstring)."""
    left, bottom, right, top = page.get_mediabox()
    if page.get_rotation() % 360 or left or bottom:
        return None
    paths = _paths(page.raw, top)
    if paths is None:
        return None
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage.raw, top)
    finally:
        textpage.close()
    return None if chars is None else PageLayer(chars, paths, right, top)


def _chars(textpage, height: float) -> list[dict] | None:
    """The page's characters (the line breaks and spaces pdfium adds left out:
    they are in no content stream), None at one that is not upright, whose font
    pdfminer measures by its own metrics, that has no Unicode value, or whose
    glyph is wider than its advance (the font's /Widths)."""
    chars, descents, advances = [], {}, {}
    matrix, box, descent, advance = pdfium.FS_MATRIX(), pdfium.FS_RECTF(), ctypes.c_float(), ctypes.c_float()
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(pdfium.FPDFText_CountChars(textpage)):
        code = pdfium.FPDFText_GetUnicode(textpage, i)
        if pdfium.FPDFText_IsGenerated(textpage, i) or code in (0x0D, 0x0A):  # (pdfium's line ends are not all marked)
            continue
        if not code or 0xD800 <= code <= 0xDFFF:  # no Unicode (pdfminer writes `(cid:N)`), or half of a pair
            return None
        pdfium.FPDFText_GetMatrix(textpage, i, matrix)
        if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
            return None
        font = pdfium.FPDFTextObj_GetFont(pdfium.FPDFText_GetTextObject(textpage, i))
        key = ctypes.addressof(font.contents)  # (a text object holds a glyph or a few: fonts are few)
        if key not in descents:
            if _font_name(font) in FONT_METRICS:
                return None
            pdfium.FPDFFont_GetDescent(font, 1.0, descent)
            descents[key] = -abs(descent.value)  # pdfminer takes a positive descent as negative (PDF reference 9.8.1)
        fontsize = pdfium.FPDFText_GetFontSize(textpage, i)
        if (key, code) not in advances:
            if not pdfium.FPDFFont_GetGlyphWidth(font, code, 1.0, advance):
                return None
            advances[key, code] = advance.value
        pdfium.FPDFText_GetCharOrigin(textpage, i, x, y)
        pdfium.FPDFText_GetLooseCharBox(textpage, i, box)
        if abs(box.right - x.value - advances[key, code] * fontsize * matrix.a) > 0.01:
            return None  # a glyph wider than its advance (the loose box takes it in; pdfminer's box is the advance)
        size = fontsize * matrix.d
        low = height - y.value - size * descents[key]
        chars.append({"text": chr(code), "x0": x.value, "x1": box.right, "top": low - size, "doctop": low - size,
                      "bottom": low, "upright": True, "size": size})
    return chars


def _font_name(font) -> str:
    """A font's BaseFont name (with a subset's prefix: `MLJNAR+SimSun`)."""
    size = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(size)
    pdfium.FPDFFont_GetBaseFontName(font, name, size)
    return name.value.decode("latin-1")


def _paths(page, height: float) -> list[dict] | None:
    """The page's painted paths as pdfminer's lines, rects and curves (pdfplumber's
    objects), None when the page holds a form XObject."""
    out = []
    matrix, x, y = pdfium.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
    for k in range(pdfium.FPDFPage_CountObjects(page)):
        obj = pdfium.FPDFPage_GetObject(page, k)
        kind = pdfium.FPDFPageObj_GetType(obj)
        if kind == pdfium.FPDF_PAGEOBJ_FORM:
            return None
        if kind != pdfium.FPDF_PAGEOBJ_PATH:
            continue
        pdfium.FPDFPageObj_GetMatrix(obj, matrix)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        path, bezier = [], []
        for s in range(pdfium.FPDFPath_CountSegments(obj)):
            segment = pdfium.FPDFPath_GetPathSegment(obj, s)
            pdfium.FPDFPathSegment_GetPoint(segment, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            op = pdfium.FPDFPathSegment_GetType(segment)
            if op == pdfium.FPDF_SEGMENT_BEZIERTO:  # pdfium gives a curve's two control points and its end apart
                bezier.append(point)
                if len(bezier) < 3:
                    continue
                bezier = []
            path.append(("m" if op == pdfium.FPDF_SEGMENT_MOVETO else "l" if op == pdfium.FPDF_SEGMENT_LINETO else "c",
                         point))
            if pdfium.FPDFPathSegment_GetClose(segment):
                path.append(("h", None))  # (its point: its subpath's start, `_shapes`)
        out += _shapes(path, height)
    return out


def _shapes(path: list[tuple[str, tuple[float, float]]], height: float) -> list[dict]:
    """One path (operator, end point) as pdfminer's `paint_path` makes it objects:
    a line of one segment, a rect of four axis-aligned sides closed, else a curve
    through its points; one object per subpath."""
    shape = "".join(op for op, _ in path)
    if shape[:1] != "m":
        return []
    if shape.count("m") > 1:
        return [obj for sub in _SUBPATH.finditer(shape) for obj in _shapes(path[sub.start():sub.end()], height)]
    points = [point if op != "h" else path[0][1] for op, point in path]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:  # a redundant side before the close
        shape = shape[:-2] + "h"
        points.pop()
    kind = "curve"
    if shape in ("mlh", "ml"):
        kind, points = "line", points[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        if points[0] == points[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                       or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            kind, points = "rect", [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return [{"object_type": kind, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": x1 - x0, "height": y1 - y0,
             "top": height - y1, "bottom": height - y0, "doctop": height - y1,
             "pts": [(px, height - py) for px, py in points]}]
