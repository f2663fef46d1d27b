"""Coded tables read from the grid: 功能分类 / 经济分类 / 部门支出 tables, one
BudgetLine per row with its code, name, level and one amount per column.

A row starts with its code, whole (`2040601`, `301 02` joined) or in 类|款|项
cells (`201 | 06 | 01`), or with 合计; OCR damage in the pieces is repaired
from the row above and flagged (`7 11 02`, `9%99`). Budget-unit codes (010,
010001, 223-…) make unit rows. A name the print wrapped onto the next line is
joined to its row; numbers printed on a line of their own belong to the label
above them. A row whose name OCR lost gets the code list's name, flagged.
A table printed as two panels on the same lines is read panel by panel
(`grid.panels`); a 基本支出 table's 人员经费 and 公用经费 panels are its
personnel and public_operating columns, their 合计 one 合计 row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...codes import LEVEL_OF_LENGTH, PERSONNEL_CLASSES, Scheme, default_codes, scheme_of
from ...grid import CJK, Cell, Grid, Layout, is_number, panels, read_grid
from ...lazyre import LazyPattern
from ...models import BudgetLine, ColumnKind, LineTable, Reason, RowKind, TableKind, Text, amount_cell, budget_line, made_table
from ...numbers import OCR_DIGITS, ROW_NUMBER_HEADER
from ...confidence import confidence
from ...segment import Chunk
from ..common import row_kind_of_code, table_fields
from .columns import (
    Column, Placed, aligned_amounts, complete_columns, confirm_guessed, guessed_columns, header_columns, header_leaves,
    heading_spans, match_leaves, name_columns, number_columns, own_total, pitch, proportional_amounts, row_numbers, settle,
    settle_by_note, settle_siblings, empty_use, warn_inferred,
)
from ...vocabulary import column_kind, header_year
from .common import doubt, make_amount, make_text

_PIECE = LazyPattern(r"^[\dOoDIlSBZJ%]{1,4}(?:\s+[\dOoDIlSBZJ%]{1,4})*$")
# A whole code in one cell: 3/5/7 digits (subject), 3/6 (unit), `223-`, OCR letters allowed.
_WHOLE_CODE = LazyPattern(r"^[\dOoDIlSBZ]{3,8}-?$")
_TOTAL = LazyPattern(r"^.{0,6}(合计|总计)$")
_PANEL_TOTAL = LazyPattern(r"^(人员经费|公用经费|基本支出|项目支出).{0,2}合计$")
UNIT_LINE = LazyPattern(r"单\s*位\s*[:：;；，,]|填报单位|编制单位|编制部门|^部门[:：]")

# Text printed where an amount stands: not a number, not part of the label.
# A header line broken inside a heading (`2021年预算数与2020` / `年预算数`): the number
# it ends on is the year of the heading's next line, no amount.
_HEADING_YEAR = LazyPattern(r"\d{4}年")
_BARE_YEAR = LazyPattern(r"^(?:19|20)\d{2}$")
_NO_AMOUNT = LazyPattern(r"\s(?:单位)?不需填列|\s不适用")
_PIECE_DIGITS = OCR_DIGITS | str.maketrans("J", "1")  # `J1` for 11 in a 款 cell


def header_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The header rows among the rows above a table's data: not its unit line (单位：万元, 部门：…)."""
    return [cells for cells in rows if not UNIT_LINE.search(" ".join(c.text for c in cells))]


@dataclass
class Code:
    digits: str
    repaired: bool = False


def join_code(pieces: list[str], previous: str | None) -> Code | None:
    """A code from its printed pieces: whole (`2040601`, `301 02`) or 类/款/项.

    类 has three digits and 款/项 two; a longer 款/项 piece (`599`, `9%99`)
    keeps its last two digits, and a 类 piece shorter than three digits (`7`)
    takes the 类 of the row above. Both are repairs.
    """
    # A piece with no digit left is a garbled 类 cell (`四 11 02`): kept as a gap to fill.
    groups = [re.sub(r"\D", "", p.translate(_PIECE_DIGITS)) or "?" for p in pieces]
    if groups[1:].count("?") or groups == ["?"]:
        return None
    repaired = any(re.sub(r"\s", "", p) != g for p, g in zip(pieces, groups))
    joined = "".join(groups)
    # whole: one piece, a first piece longer than a 类, or 类 + pieces that make a code's length (204 0601)
    whole = "?" not in joined and (
        len(groups) == 1 or len(groups[0]) > 3 or len(groups[0]) == 3 and len(joined) in (5, 6, 7))
    if whole:
        if len(joined) not in (3, 5, 6, 7):
            return None
        printed = re.sub(r"\s", "", "".join(pieces))
        # OCR letters in a whole code (3O113) stay for the code check to repair and report
        return Code(printed, False) if _WHOLE_CODE.match(printed) and len(printed) == len(joined) else Code(joined, repaired)
    head, rest = groups[0], groups[1:]
    if len(head) != 3:
        if not previous or len(head) > 3:
            return None
        head, repaired = previous[:3], True
    fixed = []
    for g in rest:
        if len(g) == 1:
            return None
        if len(g) > 2:
            g, repaired = g[-2:], True
        fixed.append(g)
    return Code(head + "".join(fixed[:2]), repaired)


@dataclass
class RowRead:
    """One grid row read as code, name and numbers."""

    cells: list[Cell]
    code_cell: Cell | None = None
    code: Code | None = None
    name: Cell | None = None
    numbers: list[Cell] = field(default_factory=list)
    texts: list[Cell] = field(default_factory=list)  # non-number cells after the name (单位不需填列)
    wrapped: list[Cell] = field(default_factory=list)  # the name's continuation on the lines below

    def name_text(self, text: str) -> Text | None:
        """The name with its wrapped lines: the value joined, the span over all of them."""
        if self.name is None:
            return None
        if not self.wrapped:
            return make_text(self.name, self.name.compact)
        return make_text(merge_cells(text, [self.name, *self.wrapped]), "".join(c.compact for c in [self.name, *self.wrapped]))

    @property
    def total(self) -> bool:
        return (self.code is None and self.name is not None and bool(_TOTAL.match(self.name.compact.strip("|")))
                and not self.panel_total)

    @property
    def data(self) -> bool:
        return self.code is not None or self.total or self.panel_total or self.item

    @property
    def panel_total(self) -> bool:
        return self.code is None and self.name is not None and bool(_PANEL_TOTAL.match(self.name.compact))

    @property
    def item(self) -> bool:
        """A labelled row of amounts without a code (一、财政拨款收入, 1.一般公共预算 in a
        收入预算总表 by source): no prose, no 行次/栏次 line."""
        return (self.code is None and self.name is not None and bool(self.numbers) and bool(CJK.search(self.name.text))
                and not _PROSE.search(self.name.text) and not ROW_NUMBER_HEADER.search(self.name.compact)
                and not self.heading_years)

    @property
    def heading_years(self) -> bool:
        """A header line, not a row: years in its headings, and its only numbers bare years."""
        return (self.name is not None and bool(_HEADING_YEAR.search(self.name.compact))
                and all(_BARE_YEAR.match(c.compact) for c in self.numbers))


def merge_cells(text: str, cells: list[Cell]) -> Cell:
    """One cell over several tokens of a row (a label broken by a wide gap)."""
    return Cell(text[cells[0].start : cells[-1].end], cells[0].start, cells[-1].end, cells[0].x, cells[-1].x_end)


def _is_code_token(cell: Cell) -> bool:
    return bool(_PIECE.match(cell.text) or _WHOLE_CODE.match(cell.compact)) and not _has_decimals(cell)


def _has_decimals(cell: Cell) -> bool:
    return bool(re.search(r"[.,]\s?\d", cell.raw))


def _under_parent(pieces: list[Cell], previous: str, indexed: bool) -> Code | None:
    """A 款 or 项 printed alone, the 类 (and 款) cells left blank under the row
    above (`| 08 | | 名称`, `| | 01 | 名称`). In cells a source delimits the
    piece's cell says its level; in spaced text the row above does (a 款 under
    a 类, a 项 under a 款 or beside a 项), and the code is flagged as repaired."""
    digits = "".join(re.sub(r"\D", "", p.text) for p in pieces)
    if len(digits) != 2:
        return None
    if indexed:
        level = pieces[0].x  # 0: 类, 1: 款, 2: 项 (cells of a 类 | 款 | 项 header)
        return Code(previous[: 1 + 2 * level] + digits) if level in (1, 2) and len(previous) >= 1 + 2 * level else None
    head = {3: previous, 5: previous, 7: previous[:5]}.get(len(previous))
    return Code(head + digits, repaired=True) if head else None


def _next_unit(digits: str, previous: str | None, amount: Cell) -> bool:
    """Whether a whole number before a row's amounts is a budget unit's code whose name is not on its line
    (`312003  2,200,680.00 …`, the name wrapped above and below it): a unit code (six digits) of the
    department the code above opens or belongs to (`312`, `312002`), where the amounts print decimals and
    it does not."""
    return (previous is not None and len(digits) == 6 and row_kind_of_code(digits) is RowKind.unit
            and len(previous) in (3, 6) and digits[:3] == previous[:3] and digits != previous
            and _has_decimals(amount))


_GLUED_PIECE = LazyPattern(r"^(\d{2})(?=[\u4e00-\u9fff])")


def read_row(text: str, cells: list[Cell], previous_code: str | None, indexed: bool = False) -> RowRead:
    """Code pieces, then the name, then the numbers of one row; in cells a source
    delimits (`indexed`), a piece's cell gives its level."""
    row = RowRead(cells)
    i = 0
    pieces: list[Cell] = []
    if len(cells) > 2 and len(cells[0].text) == 1 and _PIECE.match(cells[1].text) and not _PIECE.match(cells[0].text):
        pieces.append(cells[0])  # a 类 cell read as one wrong character
        i = 1
    while i < len(cells) and len(pieces) < 3 and _is_code_token(cells[i]):
        pieces.append(cells[i])
        i += 1
    names: list[Cell] = []
    while i < len(cells) and not is_number(cells[i]):
        names.append(cells[i])
        i += 1
    if not pieces and names and previous_code and (m := _GLUED_PIECE.match(names[0].raw)):
        # `08国有土地使用权…`: a 款 glued to its name under a blank 类 cell
        first = names[0]
        pieces = [Cell(m.group(1), first.start, first.start + 2, first.x, first.x_end)]
        names[0] = Cell(first.raw[2:], first.start + 2, first.end, first.x, first.x_end)
    row.numbers = [c for c in cells[i:] if is_number(c)]
    row.texts = [c for c in cells[i:] if c and not is_number(c)]
    if names and (m := _NO_AMOUNT.search(names[-1].raw)) and m.start() > 0:
        # `(一)因公出国(境)费 单位不需填列 单位不需填列`: the label, then text where amounts stand
        last = names.pop()
        names.append(Cell(last.raw[: m.start()].rstrip(), last.start, last.start + len(last.raw[: m.start()].rstrip()), last.x))
        row.texts.insert(0, Cell(last.raw[m.start():].strip(), last.start + m.start() + 1, last.end, last.x))
    if not names or not CJK.search(" ".join(c.text for c in names)):
        if pieces and not names:
            code = join_code([p.text for p in pieces], previous_code)
            if code is not None and row.numbers and (_lost_name(code.digits)
                                                      or _next_unit(code.digits, previous_code, row.numbers[0])):
                # the name was lost (OCR) or wrapped onto lines of its own: a code of the list, or the next
                # budget unit's, then amounts; _line names a subject from the list
                row.code, row.code_cell = code, merge_cells(text, pieces)
                return row
            row.numbers = [p for p in pieces if is_number(p)] + row.numbers
        return row
    if pieces:
        row.code = join_code([p.text for p in pieces], previous_code)
        if row.code is None and previous_code:
            row.code = _under_parent(pieces, previous_code, indexed)
        if row.code is not None:
            row.code_cell = merge_cells(text, pieces)
        else:
            names = pieces + names  # not a code: part of the label
    row.name = merge_cells(text, names)
    return row


def read_rows(text: str, grid: Grid) -> list[RowRead]:
    rows = []
    previous = None
    for row in grid.rows:
        # (a delimited text whose blank cells were dropped is not aligned: a piece's cell says nothing of its level)
        read = read_row(text, [c for c in row.cells if c], previous, grid.layout is not Layout.spaced and grid.aligned)
        if read.code is not None:
            previous = read.code.digits
        rows.append(read)
    return rows


# A line of prose (a narrative after the table, a note): never a row or part of a name.
_NOTE = LazyPattern(r"^注[:：]|^说明")
_PROSE = LazyPattern(rf"[。；;]|[，,].*[，,]|{_NOTE.pattern}|^第[一二三四五六七八九十]+部分")


def _join_wrapped(text: str, rows: list[RowRead]) -> list[RowRead]:
    """Rows with wrapped names joined: a short label-only line between data
    rows continues the name above it (a repeated page header is followed by
    more header lines, not by data); numbers on a line of their own belong to
    the label-only line above them."""
    out: list[RowRead] = []
    for n, row in enumerate(rows):
        prev = out[-1] if out else None
        label_only = row.name is not None and row.code is None and not row.numbers and not row.data
        following = next((r for r in rows[n + 1 :] if r.cells), None)
        if (label_only and prev is not None and prev.data and prev.name is not None and _wraps(row.name)
                and (following is None or following.data)):
            prev.wrapped.append(row.name)
            continue
        if row.name is None and row.code is None and row.numbers and prev is not None and not prev.numbers:
            prev.numbers = row.numbers
            continue
        out.append(row)
    return out


def _wraps(cell: Cell) -> bool:
    """A name's second line: a few CJK characters, no prose punctuation, no digits."""
    return bool(CJK.search(cell.text)) and len(cell.compact) <= 12 and not _PROSE.search(cell.text) and not re.search(r"\d", cell.text)


def parse_coded_table(text: str, chunk: Chunk) -> LineTable:
    """A coded table from the chunk's grid (each panel of a two-panel table in
    turn): header rows name the columns, each data row becomes a BudgetLine."""
    table = made_table(LineTable, **table_fields(chunk))
    grids = panels(read_grid(text, chunk.header_end, chunk.end, chunk.layout, chunk.printed))
    read: list[list[BudgetLine]] = []
    for grid in grids:
        before = len(table.lines)
        _read_panel(text, grid, chunk, table)
        read.append(table.lines[before:])
    if len(grids) > 1:
        table.lines = _spending_panels(grids, read) or table.lines
    if any(line.code is not None for line in table.lines):
        for line in table.lines:
            if line.row_kind is RowKind.item and not _PANEL_TOTAL.match(line.name.value):
                # a labelled row among coded ones: its code is missing (lost by the scan, or never printed)
                line.name.reasons.append(Reason.missing_value)
                line.name.confidence = confidence(line.name.reasons)
    table.empty = not table.lines
    table.columns = list(dict.fromkeys(a.column for line in table.lines for a in line.amounts)) or table.columns
    return table


# A panel's heading that names what its amounts are (人员经费 over its columns, 公用经费合计 on its last line).
_PANEL_WORD = LazyPattern(r"^(人员|公用)(经费|支出)(合计)?$")
_SPENDING = (ColumnKind.personnel, ColumnKind.public_operating)


def _spending_panels(grids: list[Grid], read: list[list[BudgetLine]]) -> list[BudgetLine] | None:
    """The lines of a 基本支出 table printed as a 人员经费 panel beside a 公用经费 one (each panel's rows its
    lines, in `read`, one list a panel), each panel's one amount column read as the money it is: the
    personnel or public_operating column, not the 金额 / 决算数 its heading prints. What a panel is
    spent on is what its heading or its 合计 names (`_PANEL_WORD`); a panel that names nothing is
    what its codes' 类 are (`PERSONNEL_CLASSES` of the code list), and so is the other panel of two
    when one names itself: these amounts are `column_inferred`. A coded row whose 类 is the other
    panel's stays where it stands in aligned text, in doubt; in text whose positions do not hold
    (a panel's row alone on its line when the other panel has ended) it is that panel's, in doubt.
    The panels' 合计 rows are one 合计 line at the end, as a table of columns prints it. None when
    the panels are not such panels (a 公用经费 one may run on into a third) with one amount column each."""
    if any(len({a.label for line in lines for a in line.amounts}) != 1 for lines in read):
        return None
    named = [_named_spending(grid) for grid in grids]
    kinds = [kind or _spending_of_codes(lines) for kind, lines in zip(named, read)]
    if len(kinds) == 2 and None in named and kinds.count(None) == 1 and kinds[0] is not kinds[1]:
        kinds = [k or next(x for x in _SPENDING if x not in kinds) for k in kinds]
    if None in kinds or set(kinds) != set(_SPENDING):
        return None
    # a panel that names nothing, right of one that names what its codes say, is that one's continued
    # (公用经费 printed over two panels)
    for i in range(1, len(named)):
        if named[i] is None and named[i - 1] is kinds[i]:
            named[i] = kinds[i]
    aligned = all(grid.aligned for grid in grids)
    panel_lines: dict[ColumnKind, list[BudgetLine]] = {kind: [] for kind in kinds}
    strays: dict[ColumnKind, list[BudgetLine]] = {kind: [] for kind in kinds}  # (after the rows printed beside them)
    totals: list[BudgetLine] = []
    for kind, lines, printed in zip(kinds, read, named):
        for line in lines:
            own = _spending_of_codes([line])
            moved = own is not None and own is not kind and not aligned
            for cell in line.amounts:
                cell.column = own if moved else kind
                if printed is None or own not in (None, kind):
                    doubt(cell.amount, Reason.column_inferred)
            if line.code is None and line.name is not None and (line.row_kind is RowKind.total or _PANEL_TOTAL.match(line.name.value)):
                # a 合计 of both panels (合计, 基本支出合计) is a total column no row prints: its number is left
                # for the account to report unread, where the checks would take it for a total each row lacks
                if _PANEL_WORD.match(line.name.value):
                    totals.append(line)
            else:
                (strays[own] if moved else panel_lines[kind]).append(line)
    lines = [line for kind in panel_lines for line in panel_lines[kind] + strays[kind]]
    if totals:
        total = totals[0]
        total.row_kind = RowKind.total
        total.name = total.name.model_copy(update={"value": "合计"})
        total.amounts = [cell for line in totals for cell in line.amounts]
        lines.append(total)
    return lines


def _named_spending(grid: Grid) -> ColumnKind | None:
    """What a panel's own words say its amounts are (`_PANEL_WORD`: 人员经费, 公用经费合计), or None."""
    kinds = {column_kind(c.compact, None) for row in grid.rows for c in row.cells if _PANEL_WORD.match(c.compact)}
    return kinds.pop() if len(kinds) == 1 else None


def _spending_of_codes(lines: list[BudgetLine]) -> ColumnKind | None:
    """What the economic codes of `lines` say their money is: 人员经费 where every 类 is one of
    `PERSONNEL_CLASSES` (工资福利支出, 对个人和家庭的补助), 公用经费 where none is; None where they
    mix, or no line has an economic code."""
    classes = {line.code.value[:3] for line in lines
               if line.code is not None and line.row_kind is RowKind.subject and scheme_of(line.code.value) is Scheme.economic}
    if not classes:
        return None
    personnel = {c in PERSONNEL_CLASSES for c in classes}
    return None if len(personnel) > 1 else ColumnKind.personnel if personnel.pop() else ColumnKind.public_operating


def _departments_of_units(lines: list[BudgetLine]) -> list[BudgetLine]:
    """A three-digit code that the budget units' codes under it extend (`312` over `312001`…) is the
    department's, a unit row, whatever subject of the list the digits also are (312 对企业补助): a subject
    has no six-digit rows under it. A name the list gave it is none (the department's was not read).
    In place; returns `lines`."""
    units = {line.code.value[:3] for line in lines
             if line.code is not None and len(line.code.value) == 6 and line.row_kind is RowKind.unit}
    for line in lines:
        if line.code is None or line.row_kind is not RowKind.subject or line.code.value not in units:
            continue
        line.row_kind, line.level = RowKind.unit, None
        if Reason.illegible in line.name.reasons:
            line.name = line.name.model_copy(update={"value": ""})
    return lines


def _read_panel(text: str, grid: Grid, chunk: Chunk, table: LineTable) -> None:
    rows = _without_leading_row_numbers(read_rows(text, grid))
    first = next((i for i, r in enumerate(rows) if r.data and (r.numbers or r.code is not None)), None)
    if first is None:
        _one_row(text, grid, rows, chunk, table)
        return
    header = header_rows([r.cells for r in rows[:first]])
    # a coded row is a row whatever its name holds (`卫生健康支出;`); prose is told apart among labels only
    data = [r for r in _join_wrapped(text, rows[first:])
            if r.data and (r.code is not None or not _PROSE.search(r.name.text if r.name else ""))]
    year = header_year([" ".join(c.text for c in cells) for cells in header] + [chunk.title])
    columns = number_columns(grid, [r.numbers for r in data]) if grid.aligned else None
    if columns:
        labels_end = max((r.name.x_end for r in data if r.name is not None), default=None)
        name_columns(columns, header, year, grid.layout is not Layout.spaced, labels_end)
        _infer_unnamed(columns, chunk.kind)
        for col, kind in zip(columns, own_total([c.kind for c in columns], chunk.kind)):
            col.kind = kind
        lines = _departments_of_units([_line(text, row, aligned_amounts(row.numbers, columns, table.unit))
                                       for row in data])
        kinds = [c.kind for c in columns if not c.count]
        confirm_guessed(lines, kinds, {c.kind for c in columns if c.guessed or c.inferred}, table.warnings)
        table.lines.extend(lines)
        warn_inferred(table.warnings, [c.kind for c in columns], {c.kind for c in columns if c.inferred})
        return
    header_text = [" ".join(c.text for c in cells) for cells in header]
    width = max((len(r.numbers) for r in data), default=0)
    kinds, inferred = complete_columns(header_columns(header_text, year), width, chunk.kind)
    kinds = own_total(kinds, chunk.kind)
    heads = heading_spans(header, kinds, year)
    if heads is not None:
        inferred = set()  # the header's headings name every column where they stand (基本 / 支出 wrapped, joined)
    placed = [_placed(r) for r in data]
    step = pitch([p for p, r in zip(placed, data) if r.code is not None], len(kinds), heads)
    lines = [_line(text, row, proportional_amounts(p, kinds, inferred, step, table.unit)) for p, row in zip(placed, data)]
    _departments_of_units(lines)
    settle(lines, kinds, _code_children, _code_parent, doubt_confirms=False)
    settle_siblings(lines, kinds, _code_children, step.blind)
    settle_by_note(lines, kinds, empty_use([r.name.text for r in rows[first:] if r.name is not None and _NOTE.match(r.name.text)]))
    confirm_guessed(lines, kinds, guessed_columns(header_text, year) | inferred, table.warnings)
    table.lines.extend(lines)
    warn_inferred(table.warnings, kinds, inferred)


def _placed(row: RowRead) -> Placed:
    """A row's numbers, where it starts and where the cell before its first number ends."""
    before = [c for c in row.cells if row.numbers and c.end <= row.numbers[0].start]
    return Placed(row.cells[0].x, row.numbers, before[-1].x_end if before else None)


def _without_leading_row_numbers(rows: list[RowRead]) -> list[RowRead]:
    """The rows with the numbers that number rows or columns taken out of their numbers (`row_numbers`: a 行次
    column where a text keeps no columns, a 栏次 line of one cell a line: `栏次` / `1` / `2` / `3`); they are
    no amounts, and the account knows them as non-values. Narrower than `summary._without_row_numbers` (any of
    a row's numbers, two rows under a 行次 heading): only in a table that prints the label (行次, 栏次) as a
    row's name, only a row's first number (its 行次 stands before its amounts) and over three rows: a coded
    row's first number is its total, and small whole totals that happen to run on must never be taken."""
    if not any(r.name is not None and ROW_NUMBER_HEADER.fullmatch(r.name.compact) for r in rows):
        return rows
    numbered = row_numbers([r.numbers[:1] for r in rows], headed=False)  # (three rows at least: two prove little)
    if numbered:
        for r in rows:
            r.numbers = [c for c in r.numbers if c.start not in numbered]
    return rows


def _one_row(text: str, grid: Grid, rows: list[RowRead], chunk: Chunk, table: LineTable) -> None:
    """A table of headings and one row of values with no label (a one-row
    支出预算总表): the row is the table's 合计, each value in the column whose
    heading it stands under."""
    values = next((i for i, r in enumerate(rows) if r.name is None and r.code is None and r.numbers), None)
    if values is None:
        return
    header = header_rows([r.cells for r in rows[:values]])
    leaves = header_leaves(header, lambda upper, lower: False, grid.layout is not Layout.spaced)
    numbers = rows[values].numbers
    picks = match_leaves(numbers, leaves)
    if picks is None:
        return
    # tesseract gives the header line and the value line scales of their own: as
    # many values as headings pair in order; fewer are placed by position, flagged
    positions_hold = grid.layout is not Layout.spaced or grid.aligned
    unsure = not positions_hold and len(numbers) != len(leaves)
    if not positions_hold and not unsure:
        picks = list(range(len(numbers)))
    year = header_year([leaf.name for leaf in leaves] + [chunk.title])
    anchor = numbers[0]
    line = budget_line(row_kind=RowKind.total, name=make_text(Cell("", anchor.start, anchor.start), "合计"))
    for cell, i in zip(numbers, picks):
        leaf = leaves[i]
        kind = column_kind(leaf.name, year)
        # a heading that names no kind we know: the value is read, its meaning is the reviewer's to give
        amount = make_amount(cell, table.unit, [Reason.column_inferred] if unsure or kind is ColumnKind.unknown else [])
        if amount is not None:
            line.amounts.append(amount_cell(kind, leaf.name, amount))
    table.lines.append(line)


def _lost_name(code: str) -> str | None:
    subject = default_codes().get(code)
    return subject.name if subject else None


def _infer_unnamed(columns: list[Column], kind: TableKind) -> None:
    """Columns the header names no kind for take the template family's order
    (flagged); a lone amount column is the table's amount, 合计 (flagged when
    no heading names it)."""
    if len(columns) == 1 and columns[0].kind is ColumnKind.unknown:
        # the table's one amount column is its amount, whatever its heading (机关运行经费支出)
        columns[0].kind, columns[0].inferred = ColumnKind.total, not columns[0].label
        return
    unnamed = [c for c in columns if c.kind is ColumnKind.unknown and not c.label]
    if not unnamed:
        return
    named = [c.kind for c in columns if c.kind is not ColumnKind.unknown]
    family, _ = complete_columns(named, len(columns), kind)
    free = [k for k in family if k not in named]
    for col, k in zip(unnamed, free):
        col.kind, col.inferred = k, True


def _line(text: str, row: RowRead, amounts) -> BudgetLine:
    if row.code is None:
        row_kind = RowKind.total if row.total else RowKind.item
        line = budget_line(row_kind=row_kind, name=row.name_text(text))
    else:
        digits = row.code.digits
        row_kind = row_kind_of_code(digits)
        reasons = [Reason.number_repaired] if row.code.repaired else []
        name = row.name_text(text)
        if name is None or not CJK.search(name.value):
            official = _lost_name(digits) if row_kind is RowKind.subject else None
            anchor = row.code_cell
            name = make_text(Cell("", anchor.end, anchor.end), official or "", [Reason.illegible])
        line = budget_line(
            row_kind=row_kind,
            code=make_text(row.code_cell, digits, reasons),
            name=name,
            level=LEVEL_OF_LENGTH.get(len(digits)) if row_kind is RowKind.subject else None,
        )
    line.amounts = amounts
    return line


def _code_children(line: BudgetLine, lines: list[BudgetLine]) -> list[BudgetLine]:
    """The rows a row's amounts add up: a 类's 款, a 款's 项; the 合计's 类, or in a table of
    budget units only (部门支出预算表: 010, 010001) its top units, those of the shortest code."""
    if line.code is None:
        if line.row_kind is not RowKind.total:
            return []
        subjects = [x for x in lines if x.code is not None and x.level == 1]
        units = [x for x in lines if x.code is not None and x.row_kind is RowKind.unit]
        top = min((len(x.code.value) for x in units), default=0)
        return subjects or [x for x in units if len(x.code.value) == top]
    code = line.code.value
    if line.row_kind is RowKind.unit:  # a department's units (312: 312001 …)
        return [x for x in lines if x.code is not None and x.row_kind is RowKind.unit and len(x.code.value) == 6
                and len(code) == 3 and x.code.value.startswith(code)]
    return [x for x in lines if x.code is not None and len(x.code.value) == len(code) + 2 and x.code.value.startswith(code)]


def _code_parent(line: BudgetLine, lines: list[BudgetLine]) -> BudgetLine | None:
    if line.code is None or line.level is None:
        return None
    if line.level == 1:
        return next((x for x in lines if x.row_kind is RowKind.total and x.side is None), None)
    code = line.code.value[:-2]
    return next((x for x in lines if x.code is not None and x.code.value == code), None)
