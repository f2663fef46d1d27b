"""The cell grid of a table region: rows of cells, each with its text and span.

Every table reader reads a `Grid`, whatever the layout the text came in:
- tabbed: one table row per line, cells separated by tabs (seeds 000, 001, 002, 004);
- vertical: one cell per line, each cell line starting with a tab, rows
  separated by blank lines (seed 003, text exported from a word-processor table);
- pipe: one row per line, cells between `|` rules (an HTML table flattened to
  text: `合 计 | 34.35 | 34.35 |`);
- spaced: one row per line, cells separated by runs of spaces and by `|` rules,
  as tesseract and PDF text layers print a page (eval/dev); text with no pipe
  rows and tabs on a third of its lines at most (a stray tab parts its line's
  cells) is read this way, a single space between cells included.
  A table region that joins every line's cells by one space (a wider gap on hardly
  a line: `single_spaced`, a flattened page or a viewer's copy; asked per region, as
  a page may paste its tables each its own way) is read word by word by `rows_of`, its words parted wherever the grammar does not bind them
  (`one_space_cells`: operators, number groups, units).

A cell keeps its character span in the document and a horizontal position:
its index in the row for the tabbed, vertical and pipe layouts, its display
column within the line for the spaced one. Positions compare across rows when
the grid is `aligned`: always for the index layouts, and for spaced text whose
numbers stand in columns the whole table keeps (a PDF text layer). Tesseract
gives every line its own space width, so its lines are not aligned and the
readers place their numbers by proportions within each line instead.

Two tables printed side by side (人员经费 | 公用经费 panels under a repeated
header) are split into a grid for each panel.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TypeVar

from .lazyre import LazyPattern
from .numbers import clean_text, parse_amount
from .vocabulary import key_value_parts

# A word processor's bookmark left in exported text (`[bookmark: _Toc_4_4_0000000004]`), its
# colon and brackets as OCR reads them back from a print (`[bookmark：…]`, `【bookmark:…】`), on its
# line; its closing bracket lost (read as a digit: `[bookmark: _Toc_4_4_000000001017.人民…表`), it
# runs over the characters an id prints and the numbering glued to them, to the first word.
BOOKMARK = r"[\[【] ?bookmark ?[:：](?:[^\]】\n\u4e00-\u9fff]*[\]】]|[ 0-9A-Za-z_]*[.、．]?)"
_BOOKMARK = LazyPattern(BOOKMARK)
CJK = LazyPattern(r"[\u4e00-\u9fff]")  # a Chinese character: a label, not a number
_CJK_RUN = LazyPattern(r"[\u4e00-\u9fff]+")
DIGIT = LazyPattern(r"\d")  # a digit anywhere: text that may hold a number


def cjk_count(text: str, start: int = 0, end: int | None = None) -> int:
    """How many Chinese characters text[start:end] holds (counted by runs: `CJK.findall` makes a
    string of each, ~2.5x slower on a line of prose)."""
    return sum(map(len, _CJK_RUN.findall(text, start, len(text) if end is None else end)))


def visible_text(raw: str) -> str:
    """Cleaned text of a cell or line: bookmark markers removed, NFKC, whitespace folded."""
    return clean_text(_BOOKMARK.sub("", raw) if "bookmark" in raw else raw)


class Layout(str, Enum):
    tabbed = "tabbed"
    vertical = "vertical"
    pipe = "pipe"
    spaced = "spaced"
    pdf = "pdf"  # the cells of a PDF text layer's ruled table


class Cell:
    """A table cell: raw text, its span, and its horizontal position `x`..`x_end`
    (cell index, or display column in its line); cleaned forms computed on demand."""

    __slots__ = ("raw", "start", "end", "x", "x_end", "_text", "_compact")

    def __init__(self, raw: str, start: int, end: int, x: int = 0, x_end: int | None = None):
        self.raw, self.start, self.end = raw, start, end
        self.x = x
        self.x_end = x + 1 if x_end is None else x_end
        self._text: str | None = None
        self._compact: str | None = None

    def __repr__(self) -> str:
        return f"Cell({self.raw!r}, {self.start}, {self.end}, x={self.x})"

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
            self._compact = compact_text(self.raw)
        return self._compact

    def __bool__(self) -> bool:
        raw = self.raw
        if not raw:
            return False  # (a blank cell of a delimited row: the most asked)
        if "bookmark" in raw:
            return bool(self.text)
        # what cleaning leaves of it, not nothing: NFKC makes no character whitespace that is none, nor the
        # reverse (every code point checked), so the raw text tells, cleaned or not
        return not raw.isspace()


@lru_cache(maxsize=65536)  # (cells are made anew for every document; their texts repeat, a form's labels above all)
def compact_text(raw: str) -> str:
    """A cell's text `raw` without any whitespace (`Cell.compact`)."""
    return "".join(visible_text(raw).split())


@lru_cache(maxsize=65536)  # (by the text alone: a form prints its labels in every table)
def _printed_pieces(raw: str) -> tuple[tuple[int, int, str], ...]:
    """The printed cells in a cell's text (`Row.printed`), as (where the piece starts in `raw`, where
    its text starts, its text): split at wide gaps and table rules, OCR specks dropped."""
    pieces = []
    pos = 0
    for m in [*CELL_GAP.finditer(raw), None]:
        stop = len(raw) if m is None else m.start()
        piece = raw[pos:stop]
        text = piece.strip()
        if text and not SPECKS.fullmatch(text):  # (not specks alone)
            pieces.append((pos, pos + piece.index(text), text))
        if m is not None:
            pos = m.end()
    return tuple(pieces)


def is_number(cell: Cell) -> bool:
    """The cell reads as an amount (OCR forms included: `197. 920000`, `1 696, 828`)."""
    return _is_number(cell.raw)


@lru_cache(maxsize=16384)
def _is_number(raw: str) -> bool:
    return parse_amount(raw) is not None


class Row:
    __slots__ = ("cells", "_filled", "_printed", "_printed_texts")

    def __init__(self, cells: list[Cell] | None = None):
        self.cells: list[Cell] = cells if cells is not None else []
        self._filled: list[Cell] | None = None
        self._printed: list[Cell] | None = None
        self._printed_texts: list[str] | None = None

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
    def printed(self) -> list[Cell]:
        """The printed line's cells: split at wide gaps and table rules (tesseract and web-page text
        keep a whole line in one cell), OCR specks dropped; computed once, after the row is complete."""
        if self._printed is None:
            self._printed = [Cell(text, cell.start + at, cell.start + at + len(text), cell.x + pos)
                             for cell in self.cells for pos, at, text in _printed_pieces(cell.raw)]
        return self._printed

    @property
    def printed_texts(self) -> list[str]:
        """The raw texts of the `printed` cells, without making the cells (what most rows are asked);
        computed once, after the row is complete."""
        if self._printed_texts is None:
            self._printed_texts = [text for cell in self.cells for _, _, text in _printed_pieces(cell.raw)]
        return self._printed_texts

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.filled)


@dataclass
class PrintedTable:
    """A table whose cells the source itself delimits (a PDF text layer's ruled
    table, read by pdfplumber): rows of cells with their spans in the document
    text and, as their place, the columns they cover (`x`..`x_end`, merged
    header cells cover several)."""

    start: int
    end: int
    rows: list[list[Cell]]


@dataclass
class Grid:
    """The rows of one table region, the layout they were read from, and
    whether cell positions compare across rows."""

    layout: Layout
    rows: list[Row]
    aligned: bool


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


def _trimmed(text: str, start: int, end: int) -> tuple[str, int]:
    """text[start:end] without the whitespace at its ends, and where that starts in `text` (`start` when
    nothing is left)."""
    raw = text[start:end]
    if raw and not raw[0].isspace() and not raw[-1].isspace():
        return raw, start  # most cells: nothing to trim
    stripped = raw.strip()
    return stripped, start + len(raw) - len(raw.lstrip()) if stripped else start


def _cell(text: str, start: int, end: int, x: int = 0) -> Cell:
    """A cell whose span is trimmed to its visible content."""
    raw, start = _trimmed(text, start, end)
    return Cell(raw, start, start + len(raw), x)


def split_cells(text: str, start: int, end: int, sep: str = "\t", first: int = 0) -> list[Cell]:
    """Cells of one line split at `sep`, numbered from `first`: the line split in one call,
    each piece trimmed to its visible content (`_cell`) where it has whitespace at an end."""
    cells = []
    pos = start
    for x, raw in enumerate(text[start:end].split(sep), first):
        stop = pos + len(raw)
        if raw and (raw[0].isspace() or raw[-1].isspace()):
            raw, at = _trimmed(text, pos, stop)
            cells.append(Cell(raw, at, at + len(raw), x, x + 1))
        else:
            cells.append(Cell(raw, pos, stop, x, x + 1))  # most cells, and the blank ones: nothing to trim
        pos = stop + 1
    return cells


def _pipe_row(line: str) -> bool:
    """A row of an HTML table flattened to text: cells between `|` rules, the line
    ending in one (`合 计 | 34.35 | 34.35 |`, `| a | b |`) or its last cell left open
    (`221 | 住房保障支出 | 48.00 | | 3.00`: two rules at least, three cells). String tests,
    not a regex: a long line without rules must cost its length, not its square."""
    s = line.strip()
    if not s.endswith("|"):
        return s.count("|") >= 2
    if s.startswith("|"):
        return len(s) > 1
    return s.count("|") >= 2 and bool(s[: s.find("|")].strip())


# A wide gap between printed characters in a line of `|` rules: a column gap of space-aligned text that prints
# rules too (tesseract), so the line is no web row; spaces between two rules are an empty cell (`| 43.60 |  |`).
_WIDE_PIPE_GAP = LazyPattern(r"(?!\|\s+\|)\S\s{2,}\S")


def detect_layout(text: str, start: int, end: int) -> Layout:
    region = text[start:end]
    # the lines of `line_spans`, split in one call (a CR before the newline is no part of a line)
    lines = [line[:-1] if line.endswith("\r") else line for line in region.split("\n") if line.strip()]
    # a tab on one line in twenty or fewer is a stray a page's copy kept (`收\t入 支 出`), no delimiter of cells
    if 3 * sum("\t" in line for line in lines) < len(lines):
        piped = sum(_pipe_row(line) and not _WIDE_PIPE_GAP.search(line) for line in lines)
        if piped >= max(2, len(lines) // 2):
            return Layout.pipe
        return Layout.spaced
    inner = leading_only = 0
    for line in lines:
        if "\t" in line.strip("\t "):
            inner += 1
        elif line.startswith("\t"):
            leading_only += 1
    return Layout.vertical if leading_only > 2 * max(inner, 1) else Layout.tabbed


def tabbed_rows(text: str, start: int, end: int) -> list[Row]:
    return [Row(split_cells(text, s, e)) for s, e in line_spans(text, start, end) if s < e and not text[s:e].isspace()]


def pipe_rows(text: str, start: int, end: int) -> list[Row]:
    """Cells between `|` rules. A leading rule opens no cell where every row of cells opens with one
    (`| a | b |`, a frame); where a row opens with its text (`a | b |`), a row opening with a rule has an
    empty first cell (` |  | 合计 | 512.36 |`: the codes of a total row left blank), so its cells keep their
    columns."""
    spans = [(s, e) for s, e in line_spans(text, start, end) if text[s:e].strip()]
    framed = all(text[s:e].lstrip().startswith("|") for s, e in spans if _pipe_row(text[s:e]))
    rows = []
    for s, e in spans:
        line = text[s:e]
        lead = len(line) - len(line.lstrip())
        if framed and line[lead:].startswith("|"):
            s += lead + 1
        cells = split_cells(text, s, e, "|")
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        rows.append(Row(cells))
    return rows


def vertical_rows(text: str, start: int, end: int) -> list[Row]:
    """Group one-cell-per-line text into rows at blank lines.

    A line that does not start with a tab continues the cell above it (a cell
    with line breaks), unless it follows a blank line. Where blank lines are
    too few to part rows (the table printed and read back: a page keeps no
    empty lines, only page breaks leave one) each line is a row of its own; the
    readers pair labels and values across rows.
    """
    rows: list[Row] = []
    current: Row | None = None
    spans = line_spans(text, start, end)
    blank = sum(_blank(text[s:e]) for s, e in spans)
    blanks = blank * 10 >= sum(text[s:e].startswith("\t") for s, e in spans)  # one a record, at least
    for run in _blank_parted(spans, lambda span: _blank(text[span[0]:span[1]])):
        for k, (s, e) in enumerate(run):
            if text[s:e].startswith("\t"):
                if k == 0 or current is None or not blanks:
                    current = Row()
                    rows.append(current)
                current.cells.extend(split_cells(text, s + 1, e, first=len(current.cells)))
            elif current is not None and k > 0 and current.cells:
                last = current.cells[-1]
                current.cells[-1] = _cell(text, last.start if last.raw else s, e, last.x)
            else:
                current = Row(split_cells(text, s, e))
                rows.append(current)
    return rows


_Line = TypeVar("_Line")  # a line as `_blank_parted`'s caller holds it


def _blank(line: str) -> bool:
    """Whether a line of tab-led text is blank: no text, and no tab leading an empty cell."""
    return not line.strip() and not line.startswith("\t")


def _blank_parted(lines: Iterable[_Line], blank: Callable[[_Line], bool]) -> list[list[_Line]]:
    """The runs of `lines` (in order; a line as its reader holds it: a span, its cells) that blank lines part, a text
    printing one cell a line its rows so (`vertical_rows`, `blank_parted_rows`): the lines for which `blank` holds
    part the runs and belong to none; no run is empty."""
    runs: list[list[_Line]] = [[]]
    for line in lines:
        if blank(line):
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(line)
    return [run for run in runs if run]


_PARTED_ROWS = 3  # rows of two cells or more a text printing one cell a line parts by blank lines, at least
_LONE_CELLS = 4  # one run in this many at most holds a single cell (a heading or title row): most hold a row's cells


def blank_parted_rows(text: str, start: int, end: int) -> list[Row] | None:
    """The rows of a text printing one cell a line, its rows parted by blank lines (a web page's table copied out
    cell by cell, `项目资金（万元）` / `年初预算数` / … / `得分`, a blank line, `年度资金总额` / `120.00` / …): the cells of
    each run of lines one row, so a header printed down its lines heads its columns. None where a line holds
    more than one cell, too few runs hold several, or more than one in `_LONE_CELLS` holds one (tesseract's psm 11
    prints every cell a line of its own with a blank line under each: a few runs of lines by chance, no rows)."""
    rows: list[Row] = []
    lines = (spaced_cells(text, s, e) for s, e in line_spans(text, start, end))
    for run in _blank_parted(lines, lambda cells: not cells):
        if any(len(cells) > 1 for cells in run):
            return None
        rows.append(Row([cells[0] for cells in run]))
    several = sum(len(row.cells) > 1 for row in rows)
    return rows if several >= _PARTED_ROWS and (len(rows) - several) * _LONE_CELLS <= len(rows) else None


def rows_of(text: str, start: int, end: int, layout: Layout | None = None) -> tuple[Row, ...]:
    """The rows of a region as printed, one cell per printed cell (no token splitting).

    Space-aligned text (tesseract, a flattened page) is cut at column gaps and
    rules (`spaced_cells`), so a line's label and value are two cells. The
    reader of a table and the account of its unread text ask for the same
    region: the rows are kept for the document being read, however many tables
    it has (a tuple; rows and cells are never changed), and so is a region's layout: the one found for it
    when asked without one, or the one its first reader gave (the account then reads the cells the reader did)."""
    global _document_rows
    document, kept, layouts = _document_rows
    if document is not text:  # another document: the rows of the last one are dropped
        kept, layouts = {}, {}
        _document_rows = (text, kept, layouts)
    if layout is None:
        layout = layouts.get((start, end))
        if layout is None:
            layout = layouts[(start, end)] = detect_layout(text, start, end)
    else:
        layouts.setdefault((start, end), layout)
    key = (start, end, layout)
    rows = kept.get(key)
    if rows is None:
        rows = kept[key] = tuple(_read_rows(text, *key))
    return rows


def forget_rows(text: str) -> None:
    """Drop the rows `rows_of` keeps for document `text`, once its readers and its account are done
    (a fifth of the memory of a document's reading, else kept until the next document's), and what
    `single_spaced` keeps of it (the text itself, else kept through the next document's reading)."""
    global _document_rows
    if _document_rows[0] is text:
        _document_rows = (None, {}, {})
    single_spaced.cache_clear()


# The document whose rows `rows_of` keeps (by identity: equal texts of two documents share nothing), its rows
# and the layouts found for its regions.
_document_rows: tuple[str | None, dict[tuple[int, int, Layout], tuple[Row, ...]], dict[tuple[int, int], Layout]] = (
    None, {}, {})


def _read_rows(text: str, start: int, end: int, layout: Layout) -> list[Row]:
    if layout is Layout.vertical:
        return vertical_rows(text, start, end)
    if layout is Layout.pipe:
        return pipe_rows(text, start, end)
    if layout is Layout.spaced:
        rows = [Row(spaced_cells(text, s, e)) for s, e in line_spans(text, start, end) if text[s:e].strip()]
        return word_rows(rows) if single_spaced(text, start, end) else rows
    return tabbed_rows(text, start, end)


# ------------------------------------------------------------------ cells joined by one space

# A gap wider than one space between printed characters, or a tab: a text that shows where its cells part.
_WIDE_GAP = LazyPattern(r"\S(?: {2,}|\u3000)\S|\t")
_WORD_SPACE = LazyPattern(r"[^\s|｜] [^\s|｜]")  # a space between two words (not beside a rule, `产出指标 |`)
# What binds two words a single space apart into one cell, by the number grammar and the vocabularies of
# operators and units: an operator alone before its figure (`≥ 95%`, `= 1500 元/人/月`), a rate's measure
# before its figure (`每次 1000 元-35000 元`); a group mark before the next group (`197. 920000`, `9, 501, 164`)
# and a lone first group before a marked one (`1 696, 828`: a thousands group is exactly three digits); a
# figure before its unit (`8 人`, `98 %`); a range's dash (`2021年1月 — 2021年12月`); a name before its note in
# brackets (`数量指标 (必填)`, `项目资金 (万元)`).
_OPERATOR_ALONE = LazyPattern(r"^(?:[≥≤<>=＝》《]{1,2}|\$?\\[gl]eq)$")
_GROUP_MARK_END = LazyPattern(r"\d[,，.]$")
# (a number leads with no 0; a thousands group's mark: a comma, or a point three digits follow, `696.828`; not a
# decimal point, `8 100.00`: a count and an amount)
_FIRST_GROUP, _MARKED_GROUP = LazyPattern(r"^[1-9]\d{0,2}$"), LazyPattern(r"^\d{3}(?:[,，]|[.]\d{3}(?!\d))")
_FIGURE_END = LazyPattern(r"[\d%％]$")
# a unit (`人`, `元/人/月`, `%`), or one that starts a range to the next figure (`1000 元-35000 元`)
_UNIT_WORD = LazyPattern(r"^(?:[%％]|[\u4e00-\u9fff]{1,2}(?:/[\u4e00-\u9fff]{1,2})*)(?:[-—~～至]\d+(?:\.\d+)?)?$")
_PER_WORD = LazyPattern(r"^每[\u4e00-\u9fff]{1,2}$")  # `每次 1000 元`: a rate's measure before its figure
_RANGE_DASH = LazyPattern(r"^[-—~～至]$")
_NOTE_OPEN = LazyPattern(r"^[(（]")


@lru_cache(maxsize=64)  # (asked by the readers of every table of a document and its account; a str keeps its hash)
def single_spaced(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether a text joins each line's cells by one space (a flattened web page, a PDF text layer copied out):
    hardly a line holds a wider gap or a tab (one in twenty at most: a stray double space a page's copy keeps
    makes no aligned text, and a text that aligns its cells, an OCR page, parts them so on a third of its lines
    or more), yet most lines hold a space (a text of one cell a line, seed 003 and its scans, has spaces inside a
    few cells only), so a space between cells and a space inside one look alike, and its lines are read word by
    word (`one_space_cells`). A table's region (`start`, `end`: `rows_of`) is so joined when its own lines are,
    as a page that pasted some tables one way and others another joins each its own way, or when the whole
    text is (a short table's one stray gap is one in twenty of the text's lines)."""
    if start == 0 and end is None:
        return _joined_by_single_spaces(text)
    return _joined_by_single_spaces(text[start:end]) or single_spaced(text)


def _joined_by_single_spaces(text: str) -> bool:
    if " " not in text:
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    if 20 * sum(_WIDE_GAP.search(line) is not None for line in lines) > len(lines):
        return False
    return 2 * sum(_WORD_SPACE.search(line) is not None for line in lines) > len(lines)


def _binds(part: str, after: str) -> bool:
    """Whether the single space between the cell read so far, `part`, and the next word lies inside one cell
    (`_OPERATOR_ALONE` and its kin). A lone first group is the whole part: a number's last group before another
    number (`503, 724 180, 000`, two amounts) starts none."""
    before = part.rsplit(" ", 1)[-1]
    return bool(
        _OPERATOR_ALONE.match(before) or (_PER_WORD.match(before) or _GROUP_MARK_END.search(before)) and after[:1].isdigit()
        or _FIRST_GROUP.match(part) and _MARKED_GROUP.match(after)
        or _FIGURE_END.search(before) and _UNIT_WORD.match(after)
        or _RANGE_DASH.match(before) or _RANGE_DASH.match(after)
        or _NOTE_OPEN.match(after) and not _NOTE_OPEN.match(before))


def word_rows(rows: list[Row]) -> list[Row]:
    """Rows of a text joined by single spaces (`single_spaced`) with each cell cut into its printed cells."""
    return [Row([w for c in row.cells for w in one_space_cells(c)]) for row in rows]


def one_space_cells(cell: Cell) -> list[Cell]:
    """A cell of a text joined by single spaces (`single_spaced`) cut into its printed cells: at every space
    the grammar does not bind (`_binds`). Which words were a cell's is read from what must hold, not seen."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", cell.raw)]
    if len(words) < 2:
        return [cell]
    parts = [list(words[0])]
    for a, b in words[1:]:
        if _binds(cell.raw[parts[-1][0]:parts[-1][1]], cell.raw[a:b]):
            parts[-1][1] = b
        else:
            parts.append([a, b])
    return [sub_cell(cell, a, b) for a, b in parts]


# ------------------------------------------------------------------ spaced text

# A cell boundary in space-aligned text: two or more spaces, a tab (a stray one, `detect_layout`), or a table rule: a bar, or a bracket
# standing apart on one side at least (`2021年]月` is a 1 the OCR misread inside a date, no rule).
CELL_GAP = LazyPattern(r"\s{2,}|\s*[\t|｜]\s*|\s+[\[\]]\s*|[\[\]]\s+|[\[\]]$")
# Cell text that is no part of a table's text: OCR specks and rules (and the decoration of an indicator level's name).
SPECKS = LazyPattern(r"[“”\"'‘’|｜,，。、:;：；·.\s]+")


class _Wide(dict):
    """1 for a character two columns wide (East Asian Wide or Fullwidth), else 0: `unicodedata` asked once a
    character, as a text's characters repeat; up to `_WIDE_KEPT` characters kept, so that a batch's memory
    stays bounded (a text of every code point would keep 120 MB)."""

    def __missing__(self, ch: str) -> int:
        wide = 1 if unicodedata.east_asian_width(ch) in "WF" else 0
        if len(self) < _WIDE_KEPT:
            self[ch] = wide
        return wide


_WIDE_KEPT = 1 << 15  # characters: a document's are a few thousand; the CJK Unified Ideographs 21,000


_WIDE = _Wide()


def display_width(text: str) -> int:
    """Columns a string takes on a page image: CJK characters are two wide."""
    return len(text) if text.isascii() else len(text) + sum(map(_WIDE.__getitem__, text))


def spaced_cells(text: str, start: int, end: int) -> list[Cell]:
    """Non-empty cells of one space-aligned line, each with its display columns (each cell's from the last's:
    widths add up)."""
    cells = []
    pos = start
    x, measured = 0, start  # the display columns of text[start:measured]
    for m in [*CELL_GAP.finditer(text, start, end), None]:
        raw, at = _trimmed(text, pos, end if m is None else m.start())
        if raw and ("bookmark" not in raw or visible_text(raw)):  # (what `Cell.__bool__` asks of a cell)
            x += display_width(text[measured:at])
            measured = at
            cell = Cell(raw, at, at + len(raw), x, x + display_width(raw))
            if ":" in raw or "：" in raw:
                # a form printed `key：value`, one field a line: its label and its value are two cells, as a grid
                # form prints them (`项目名称：X` is `项目名称 | X`)
                cells.extend(sub_cell(cell, a, b) for a, b in key_value_parts(raw))
            else:
                cells.append(cell)
        if m is not None:
            pos = m.end()
    return cells


_NOISE = "”“\"'《〈。·、"
# A number inside a cell (the specks a text layer prints before it, glued or a space apart, `。” 22, 473, …`, its own):
# thousands groups split by `,` `.` `;` or a space, and
# two decimals that end it even when the next number is glued on (`797. 4266, 410`);
# decimals printed whole up to a space or the cell's end (a space after the point too, `1477. 109400`) are all its
# own when they are as many as an amount prints (`1477.109400`, `268.1094`: 万元 to the 分 or the 元), not two and a subject code
# glued on (`88.40302`: 88.40 and 302; codes have 3, 5 or 7 digits, `domain.md`).
_NUMBER = LazyPattern(
    rf"(?:[{_NOISE}]+ ?)?(?:\d{{1,3}}(?:(?:[,.;，]\s?|\s)\d{{3}})+|\d+)"
    r"(?:[.]\s?(?:\d{6}|\d{3,4})(?=\s|$)|[.]\s?\d{2}|[.]\s?\d(?!\d)|(?!\d))"
)
# A number standing whole between spaces: digits and their marks, ending in a digit or a percent sign
# (`1748,327.00`, `5.16%`; not `1748,`), and no group cut short (`873,61`: the space parted a group's last
# digit from it, `873,61 7.00`).
_WHOLE_NUMBER = LazyPattern(rf"[{_NOISE}]*-?(?:\d[\d,.，]*\d(?<![,，]\d\d)(?<![,，]\d)|\d)[%％]?")
# Code pieces before a label: `201 03 政府办公厅`, `2040601 行政运行`, `30 1 02 …`, or a
# whole code glued to it as a tight text layer prints it (`208社会保障和就业支出`).
_LEADING_PIECES = LazyPattern(r"^((?:[\dOoDIlSBZJ%]{1,7}\s+)+|\d{3}(?:\d{2}){0,2}(?=[\u4e00-\u9fff]))(?=[^\d\s])")
_LABEL_END = LazyPattern(r".*[\u4e00-\u9fff)）]")


def sub_cell(cell: Cell, a: int, b: int, indexed: bool = False) -> Cell:
    """The piece cell.raw[a:b] of a cell, trimmed, as a cell of its own: its span in the document, and its
    display columns within the cell's (or, `indexed`, the cell's own place: a delimited cell's column)."""
    raw = cell.raw[a:b]
    lead = len(raw) - len(raw.lstrip())
    raw = raw.strip()
    start = cell.start + a + lead
    if indexed:  # a cell's place is its column(s): every token of the cell keeps it
        return Cell(raw, start, start + len(raw), cell.x, cell.x_end)
    x = cell.x + display_width(cell.raw[: a + lead])
    return Cell(raw, start, start + len(raw), x, x + display_width(raw))


# An amount with its decimals between a label and another label that ends in an amount of its own: two
# columns' label and amount run together (`一、一般公共预算 18,330.37 一、基本支出 9,312.90`), cut after it.
# A figure in a name (`建设 10 万元`, `12.50 平方米以上`) has no label-and-amount pair after it.
# decimals after its last point; groups split by any mark the OCR gives, a space after it (`91, 016, 775. 35`)
_AMOUNT = r"\d(?:[\d,，.]|(?<=[,，.])\s)*[.]\s?\d{2,}"
_PAIR_BOUNDARY = LazyPattern(
    rf"(?<=[\u4e00-\u9fff)）])\s+[{_NOISE}]*{_AMOUNT}(?=\s+[^\d\s|{_NOISE}][^|]*?[\u4e00-\u9fff)）][^|]*?\s{_AMOUNT}\s*$)")


def tokens(cell: Cell, indexed: bool = False) -> list[Cell]:
    """A cell split where the print left one space only: code pieces, a label, numbers.

    `201 | 03  政府办公厅 82, 096, 797. 42 15, 686, 797. 4266, 410, 000. 00`
    gives 201, 03, the label and three numbers (two glued ones cut after their
    two decimals). Two label-and-amount pairs run together (`_PAIR_BOUNDARY`)
    are cut apart first. A cell that is one number, or has no digit, stays whole.
    """
    if is_number(cell) or not DIGIT.search(cell.raw):
        return [cell]
    pair = _PAIR_BOUNDARY.search(cell.raw)
    if pair:
        return [*tokens(sub_cell(cell, 0, pair.end(), indexed), indexed), *tokens(sub_cell(cell, pair.end(), len(cell.raw), indexed), indexed)]
    raw = cell.raw
    label = _LABEL_END.match(raw)
    cut = label.end() if label else 0
    out: list[Cell] = []
    if cut:
        pieces = _LEADING_PIECES.match(raw[:cut])
        start = 0
        if pieces:
            for m in re.finditer(r"\S+", pieces.group(1)):
                out.append(sub_cell(cell, m.start(), m.end(), indexed))
            start = pieces.end()
        out.append(sub_cell(cell, start, cut, indexed))
    numbers = list(_NUMBER.finditer(raw, cut))
    rest = re.sub(r"[\s|]", "", raw[cut:])
    if not numbers or sum(len(re.sub(r"\s", "", m.group())) for m in numbers) < len(rest):
        # numbers a space apart that the groups above do not cover, each an amount of its own (a group the
        # OCR ran together: `1748,327.00 1748,327.00`, a line joined by single spaces)
        numbers = list(re.finditer(r"\S+", raw[cut:]))
        if len(numbers) < 2 or not all(_WHOLE_NUMBER.fullmatch(m.group()) and _is_number(m.group()) for m in numbers):
            return [cell] if not cut else out + ([sub_cell(cell, cut, len(raw), indexed)] if raw[cut:].strip() else [])
        return out + [sub_cell(cell, cut + m.start(), cut + m.end(), indexed) for m in numbers]
    return out + [sub_cell(cell, a, b, indexed) for m in numbers for a, b in _amounts_apart(raw, m.start(), m.end())]


def _amounts_apart(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the number raw[start:end], cut at each single space between a marked group and a number that
    opens with a marked group (`503, 724 503, 724`, `1 696, 828 1 696, 828`, `11, 281, 624 538, 440`: a row's
    amounts side by side where one space joins its cells). The number grammar takes a space for a thousands gap
    (`1 696, 828`, a lone first group), but a number whose groups its marks part has no such gap after them."""
    spans, at = [], start
    for m in _SPACE_GAP.finditer(raw, start, end):
        if _GROUP_MARK.search(raw, at, m.start()) and _MARKED_START.match(raw, m.end(), end):
            spans.append((at, m.start()))
            at = m.end()
    return spans + [(at, end)]


_SPACE_GAP = LazyPattern(r"(?<=\d) (?=\d)")
_GROUP_MARK = LazyPattern(r"\d[,，.]\s?\d")
_MARKED_START = LazyPattern(r"\d{1,3}(?: \d{3})?[,，.]\s?\d")  # (a lone first group too, `1 696, 828`)


def spaced_rows(text: str, start: int, end: int) -> list[Row]:
    return [
        Row([t for c in spaced_cells(text, s, e) for t in tokens(c)])
        for s, e in line_spans(text, start, end)
        if text[s:e].strip()
    ]


# ------------------------------------------------------------------ the grid

_ALIGN_TOLERANCE = 2  # display columns a heading or cell may stray from its printed column
JOINER = 3  # the widest space a text joining a line's cells with one fixed gap puts between them


def column_spans(rows: list[list[Cell]]) -> list[tuple[int, int]] | None:
    """The printed columns the given cells of each row stand in, left to right:
    cells of one column overlap across rows whether the print aligns them left
    or right. None when two cells of one row fall in one column (positions do
    not hold across rows, as in tesseract text)."""
    spans = sorted((c.x, c.x_end) for cells in rows for c in cells)
    merged: list[list[int]] = []
    for x, x_end in spans:
        if merged and x < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x_end)
        else:
            merged.append([x, x_end])
    for cells in rows:
        hits = [next(i for i, (a, b) in enumerate(merged) if a <= c.x < b) for c in cells]
        if len(set(hits)) < len(hits):
            return None
    return [(a, b) for a, b in merged]


def _aligned(rows: list[Row]) -> bool:
    """Numbers of spaced rows stand in columns the whole table keeps, flush to
    one edge (a PDF text layer), not scattered by a space width of their own
    per line (tesseract): every column of two or more numbers has their left
    or their right edges within a couple of display columns, and most numbers
    stand in such a column."""
    numbers = [n for n in ([c for c in r.cells if is_number(c)] for r in rows) if n]
    spans = column_spans(numbers) if len(numbers) >= 2 else None
    if spans is None:
        return False
    spreads, alone = [], 0
    for a, b in spans:
        cells = [c for n in numbers for c in n if a <= c.x < b]
        if len(cells) >= 2:
            spreads.append(min(max(c.x for c in cells) - min(c.x for c in cells),
                               max(c.x_end for c in cells) - min(c.x_end for c in cells)))
        else:
            alone += 1
    # most numbers share their column with others: a few coinciding by chance prove nothing
    total = sum(len(n) for n in numbers)
    return bool(spreads) and max(spreads) <= _ALIGN_TOLERANCE and total - alone >= 0.75 * total


def read_grid(
    text: str, start: int, end: int, layout: Layout | None = None, printed: tuple[PrintedTable, ...] = (),
) -> Grid:
    """The grid of text[start:end]: rows of cells split into tokens (code pieces,
    label, numbers). Where the source delimits its tables' cells itself
    (`printed`: a PDF text layer's ruled tables), their cells in the range are
    the grid, in column order, a merged header cell over the columns it covers."""
    rows = [
        # a cell whose words stand on several lines is no slice of the text: kept whole
        Row([t for c in cells if start <= c.start < end
             for t in (tokens(c, indexed=True) if text[c.start : c.end] == c.raw else [c])])
        for table in printed if table.start < end and start < table.end
        for cells in table.rows
    ]
    if any(row.cells for row in rows):
        return Grid(Layout.pdf, [row for row in rows if row.cells], True)
    layout = layout or detect_layout(text, start, end)
    if layout is Layout.spaced:
        rows = spaced_rows(text, start, end)
        return Grid(layout, rows, _aligned(rows))
    rows = [Row([t for c in r.cells for t in tokens(c, indexed=True)]) for r in rows_of(text, start, end, layout)]
    return Grid(layout, rows, layout is not Layout.tabbed or not blanks_dropped(rows))


def blanks_dropped(rows: list[Row]) -> bool:
    """Whether delimited rows were joined with their empty cells dropped (text copied out of a viewer):
    no row keeps an empty cell, yet the rows of numbers hold unequal counts of cells, so that a cell's
    index says nothing of its column."""
    counts = {len(row.cells) for row in rows if any(is_number(c) for c in row.cells)}
    return len(counts) > 1 and all(all(row.cells) for row in rows)


_MARKS = LazyPattern(r"[\W_]")
# Header words that begin a panel of a side-by-side table: a code or name heading, whatever its scheme's
# words before it (科目编码, 经济科目编码, 功能分类科目代码, 经济科目名称), or 项目.
_PANEL_HEAD = LazyPattern(r"^(?:[^\d\s|]{0,6}(?:编码|代码|科目名称)|项目)$")


def panels(grid: Grid) -> list[Grid]:
    """Tables printed side by side under one repeated header (科目编码 科目名称
    决算数 | 科目编码 科目名称 决算数, twice or more) as a grid each, left to
    right; any other grid as itself. Where positions hold, a row is cut where each repeated header
    starts; in tesseract text, where a label follows the left panel's numbers."""
    for row in grid.rows[:6]:
        # a heading's words without the marks OCR glues to it (`“| 科目编码`: a rule read as a quote and a bar)
        words = [_MARKS.sub("", c.compact) for c in row.cells]
        heads = [(c, w) for c, w in zip(row.cells, words) if _PANEL_HEAD.match(w)]
        # the first heading printed twice (the OCR may have garbled the other panel's first: `三` for 科目编码)
        first = next((i for i, (c, w) in enumerate(heads) if words.count(w) >= 2), None)
        if first is None:
            continue
        starts = [c for c, w in heads[first + 1:] if w == heads[first][1]]
        if grid.aligned:
            bounds = [c.x - _ALIGN_TOLERANCE if grid.layout is Layout.spaced else c.x for c in starts]
            sides = [[Row([c for c in r.cells if lo <= c.x < hi]) for r in grid.rows]
                     for lo, hi in zip([-1, *bounds], [*bounds, float("inf")])]
        else:
            top, rest, sides = grid.rows.index(row), grid.rows, []
            for head in starts:  # each panel cut off the rest of the line in turn
                cuts = [_heading_cut(r) if i < top else _panel_cut(r, head) for i, r in enumerate(rest)]
                sides.append([Row(r.cells[:i]) for r, i in zip(rest, cuts)])
                rest = [Row(r.cells[i:]) for r, i in zip(rest, cuts)]
            sides.append(rest)
        _totals_across(sides)
        return [Grid(grid.layout, [r for r in side if r.cells], grid.aligned) for side in sides]
    return [grid]


_SUM_LABEL = LazyPattern(r"(合计|总计|小计)$")


def _totals_across(sides: list[list[Row]]) -> None:
    """A 合计 printed across a panel's boundary (公用经费 over two panels: `公用经费合计 | | | | | 82.00`):
    a row's part in a panel that is one number alone, beside a part in the panel to its left that is a
    合计's label alone, joins that part, placed in the left panel's last column of numbers. In place
    (`sides`: the panels' rows, left to right, a row of each line in each)."""
    for left, right in zip(sides, sides[1:]):
        last = max((c for r in left for c in r.cells if is_number(c)), key=lambda c: c.x_end, default=None)
        for i, (row, beside) in enumerate(zip(left, right)):
            labels, numbers = row.filled, beside.filled
            if (last is None or len(numbers) != 1 or not is_number(numbers[0]) or not labels
                    or any(map(is_number, labels)) or not _SUM_LABEL.search(labels[-1].compact)):
                continue
            number = numbers[0]
            left[i] = Row([*row.cells, Cell(number.raw, number.start, number.end, last.x, last.x_end)])
            right[i] = Row([])


def _heading_cut(row: Row) -> int:
    """Where a tesseract line above the repeated header passes to the right panel: a heading for each
    panel (人员经费 | 公用经费) parts after the first; any other line is the left panel's."""
    words = [c for c in row.cells if c]
    return row.cells.index(words[1]) if len(words) == 2 and not any(map(is_number, words)) else len(row.cells)


def _panel_cut(row: Row, second_head: Cell) -> int:
    """Where a tesseract line passes to the right panel: at the repeated header
    word, or at the first code or label that follows the left panel's label and
    its number."""
    cells = row.cells
    if second_head in cells:
        return cells.index(second_head)
    labelled = False
    for i, cell in enumerate(cells):
        if i > 0 and labelled and is_number(cells[i - 1]) and (CJK.search(cell.text) or (
                re.fullmatch(r"[23]\d{2}(?:\d{2}){0,2}", cell.compact) and i + 1 < len(cells)
                and CJK.search(cells[i + 1].text))):
            return i
        labelled = labelled or bool(CJK.search(cell.text))
    return len(cells)
