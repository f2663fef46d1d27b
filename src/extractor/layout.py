"""Rows and cells of a table chunk, with character offsets into the document.

Three layouts occur in OCR text of budget tables:
- tabbed: one table row per line, cells separated by tabs (seeds 000, 001, 002, 004);
- vertical: one cell per line, each cell line starting with a tab, rows separated
  by blank lines (seed 003, text exported from a word-processor table);
- spaced: one table row per line, cells separated by runs of spaces and by `|`
  rules, as tesseract and PDF text layers print a scanned page (eval/dev).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from .numbers import clean_text

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def visible_text(raw: str) -> str:
    """Cleaned text of a cell or line: bookmark markers removed, NFKC, whitespace folded."""
    return clean_text(_BOOKMARK.sub("", raw) if "[bookmark" in raw else raw)


class Layout(str, Enum):
    tabbed = "tabbed"
    vertical = "vertical"
    spaced = "spaced"


class Cell:
    """A table cell: raw text and its span; cleaned forms computed once, on demand."""

    __slots__ = ("raw", "start", "end", "_text", "_compact")

    def __init__(self, raw: str, start: int, end: int):
        self.raw, self.start, self.end = raw, start, end
        self._text: str | None = None
        self._compact: str | None = None

    def __repr__(self) -> str:
        return f"Cell({self.raw!r}, {self.start}, {self.end})"

    @property
    def text(self) -> str:
        """Cleaned text: NFKC, whitespace folded, bookmark markers removed."""
        if self._text is None:
            self._text = visible_text(self.raw)
        return self._text

    @property
    def compact(self) -> str:
        """Text without any whitespace, for matching labels (`项 目` = `项目`)."""
        if self._compact is None:
            self._compact = "".join(self.text.split())
        return self._compact

    def __bool__(self) -> bool:
        return bool(self.text)


class Row:
    __slots__ = ("cells", "_filled")

    def __init__(self, cells: list[Cell] | None = None):
        self.cells: list[Cell] = cells if cells is not None else []
        self._filled: list[Cell] | None = None

    @property
    def start(self) -> int:
        return self.cells[0].start

    @property
    def end(self) -> int:
        return self.cells[-1].end

    @property
    def filled(self) -> list[Cell]:
        """Non-empty cells; computed once, after the row is complete."""
        if self._filled is None:
            self._filled = [c for c in self.cells if c]
        return self._filled

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.filled)


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every line in text[start:end], newline excluded."""
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        line_end = stop - 1 if stop > pos and text[stop - 1] == "\r" else stop
        spans.append((pos, line_end))
        pos = stop + 1
    return spans


def _cell(text: str, start: int, end: int) -> Cell:
    """A cell whose span is trimmed to its visible content."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Cell(text[start:end], start, end)


def split_cells(text: str, start: int, end: int) -> list[Cell]:
    cells = []
    pos = start
    while True:
        tab = text.find("\t", pos, end)
        stop = end if tab == -1 else tab
        cells.append(_cell(text, pos, stop))
        if tab == -1:
            return cells
        pos = tab + 1


_GAP = re.compile(r"\S(\s{2,}|\s*[|\[\]]\s*)\S")


def detect_layout(text: str, start: int, end: int) -> Layout:
    if "\t" not in text[start:end]:
        gaps = sum(bool(_GAP.search(text[s:e])) for s, e in line_spans(text, start, end))
        return Layout.spaced if gaps >= 2 else Layout.tabbed
    inner = leading_only = 0
    for s, e in line_spans(text, start, end):
        line = text[s:e]
        if not line.strip():
            continue
        if "\t" in line.strip("\t "):
            inner += 1
        elif line.startswith("\t"):
            leading_only += 1
    return Layout.vertical if leading_only > 2 * max(inner, 1) else Layout.tabbed


def tabbed_rows(text: str, start: int, end: int) -> list[Row]:
    rows = []
    for s, e in line_spans(text, start, end):
        if text[s:e].strip():
            rows.append(Row(split_cells(text, s, e)))
    return rows


def vertical_rows(text: str, start: int, end: int) -> list[Row]:
    """Group one-cell-per-line text into rows at blank lines.

    A line that does not start with a tab continues the cell above it (a cell
    with line breaks), unless it follows a blank line.
    """
    rows: list[Row] = []
    current: Row | None = None
    after_blank = True
    for s, e in line_spans(text, start, end):
        line = text[s:e]
        if not line.strip() and not line.startswith("\t"):
            after_blank = True
            continue
        if line.startswith("\t"):
            if after_blank or current is None:
                current = Row()
                rows.append(current)
            current.cells.extend(split_cells(text, s + 1, e))
        elif current is not None and not after_blank and current.cells:
            last = current.cells[-1]
            current.cells[-1] = _cell(text, last.start if last.raw else s, e)
        else:
            current = Row(split_cells(text, s, e))
            rows.append(current)
        after_blank = False
    return rows


def rows_of(text: str, start: int, end: int, layout: Layout | None = None) -> list[Row]:
    layout = layout or detect_layout(text, start, end)
    if layout is Layout.vertical:
        return vertical_rows(text, start, end)
    return tabbed_rows(text, start, end)


# A cell boundary in space-aligned text: two or more spaces, or a table rule.
_SPACED_SPLIT = re.compile(r"\s{2,}|\s*[|\[\]]\s*")


def display_width(text: str) -> int:
    """Columns a string takes on a page image: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class SpacedCell(Cell):
    """A cell of a space-aligned line, with its display column in that line.

    Only positions within one line are comparable: OCR prints each line with
    its own space width, so the same column sits at different offsets on
    different lines.
    """

    __slots__ = ("x", "x_end")

    def __init__(self, raw: str, start: int, end: int, x: int):
        super().__init__(raw, start, end)
        self.x = x
        self.x_end = x + display_width(raw)


def spaced_cells(text: str, start: int, end: int) -> list[SpacedCell]:
    """Non-empty cells of one space-aligned line."""
    cells = []
    pos = start
    for m in [*_SPACED_SPLIT.finditer(text, start, end), None]:
        stop = end if m is None else m.start()
        piece = _cell(text, pos, stop)
        if piece:
            cells.append(SpacedCell(piece.raw, piece.start, piece.end, display_width(text[start : piece.start])))
        if m is not None:
            pos = m.end()
    return cells
