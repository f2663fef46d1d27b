"""Rule parser for space-aligned tables: tesseract OCR of scanned pages and PDF text layers.

A line is one table row, but blank cells leave no trace but a wider gap, and
each line has its own space width. So:
- codes printed in separate 类/款/项 cells (`201 | 06 | 01`, `301  02`) are
  joined, with OCR damage repaired from the row above (`7 11 02`, `9%99`);
- the columns come from the header words in reading order; a header too
  garbled to name every column is completed from the template families whose
  arithmetic must hold (合计 = 基本 + 项目 …), and those columns are flagged;
- a row with fewer numbers than columns places each number by its gap to the
  one before, measured in column pitches of the same table, and checks the
  placement against the row above and below in the code hierarchy.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ...layout import Cell, SpacedCell, display_width, line_spans, spaced_cells
from ...codes import LEVEL_OF_LENGTH, is_subject_code
from ...numbers import OCR_DIGITS
from ...models import AmountCell, BudgetLine, ColumnKind, LineTable, Reason, RowKind, Side, TableKind
from ...segment import Chunk
from ...confidence import confidence
from ..common import table_fields
from .common import column_kind, is_number, make_amount, make_text

C = ColumnKind
# Column families of the template tables; the first column is the row total,
# the others add up to it.
FAMILIES: list[list[ColumnKind]] = [
    [C.total, C.basic, C.project],
    [C.total, C.personnel, C.public_operating],
    [C.total, C.personnel, C.public_operating, C.project],
    [C.total, C.general_budget, C.fund_budget, C.other_soe],
    [C.total, C.other_fiscal, C.other_business, C.other_operating, C.other_other_income],
]
# Header words that span other columns, never a column of their own.
_SPANNING = re.compile(r"(支出|收入)预算$|预算支出$|预算基本支出$|^本年|预算数$|决算数$")
_SIDE_WORD = re.compile(r"^(本年|财政拨款)(收入|支出)$")
_PIECE = re.compile(r"^[\dOoDIlSBZJ%]{1,4}(?:\s+[\dOoDIlSBZJ%]{1,4})*$")
_TOTAL = re.compile(r"^(合\s*计|总\s*计)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PIECE_DIGITS = OCR_DIGITS | str.maketrans("J", "1")  # `J1` for 11 in a 款 cell


@dataclass
class Code:
    digits: str
    repaired: bool = False


def join_code(pieces: list[str], previous: str | None) -> Code | None:
    """A subject code from its printed 类/款/项 pieces.

    类 has three digits and 款/项 two; a longer 款/项 piece (`599`, `9%99`)
    keeps its last two digits, and a 类 piece shorter than three digits (`7`)
    takes the 类 of the row above. Both are repairs.
    """
    # A piece with no digit left is a garbled 类 cell (`四 11 02`): kept as a gap to fill.
    groups = [re.sub(r"\D", "", p.translate(_PIECE_DIGITS)) or "?" for p in pieces]
    if groups[1:].count("?") or groups == ["?"]:
        return None
    repaired = any(re.sub(r"\s", "", p) != g for p, g in zip(pieces, groups))
    if len(groups) == 1:
        return Code(groups[0], repaired) if len(groups[0]) in (3, 5, 7) else None
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
class ScannedRow:
    cells: list[SpacedCell]
    code_cell: Cell | None = None
    code: Code | None = None
    name: Cell | None = None
    numbers: list[SpacedCell] = field(default_factory=list)
    total: bool = False


def _merge(text: str, cells: list[SpacedCell]) -> Cell:
    return Cell(text[cells[0].start : cells[-1].end], cells[0].start, cells[-1].end)


_NOISE = "”“\"'《〈。·、"
# A number inside a cell: thousands groups split by `,` `.` `;` or a space, and
# two decimals that end it even when the next number is glued on (`797. 4266, 410`).
_NUMBER = re.compile(
    rf"[{_NOISE}]*(?:\d{{1,3}}(?:(?:[,.;，]\s?|\s)\d{{3}})+|\d+)(?:[.]\s?\d{{2}}|[.]\s?\d(?!\d)|(?!\d))"
)
_LEADING_PIECES = re.compile(r"^((?:[\dOoDIlSBZJ%]{1,4}\s+)+)(?=[^\d\s])")
_LABEL_END = re.compile(r".*[\u4e00-\u9fff)）]")


def _sub(cell: SpacedCell, a: int, b: int) -> SpacedCell:
    raw = cell.raw[a:b]
    lead = len(raw) - len(raw.lstrip())
    raw = raw.strip()
    return SpacedCell(raw, cell.start + a + lead, cell.start + a + lead + len(raw), cell.x + display_width(cell.raw[: a + lead]))


def tokens(cell: SpacedCell) -> list[SpacedCell]:
    """A cell split where OCR printed one space only: code pieces, a label, numbers."""
    if is_number(cell) or not re.search(r"\d", cell.raw):
        return [cell]
    raw = cell.raw
    label = _LABEL_END.match(raw)
    cut = label.end() if label else 0
    out: list[SpacedCell] = []
    if cut:
        pieces = _LEADING_PIECES.match(raw[:cut])
        start = 0
        if pieces:
            for m in re.finditer(r"\S+", pieces.group(1)):
                out.append(_sub(cell, m.start(), m.end()))
            start = pieces.end()
        out.append(_sub(cell, start, cut))
    numbers = list(_NUMBER.finditer(raw, cut))
    rest = re.sub(r"[\s|]", "", raw[cut:])
    if not numbers or sum(len(re.sub(r"\s", "", m.group())) for m in numbers) < len(rest):
        return [cell] if not cut else out + ([_sub(cell, cut, len(raw))] if raw[cut:].strip() else [])
    return out + [_sub(cell, m.start(), m.end()) for m in numbers]


def read_row(text: str, start: int, end: int, previous_code: str | None) -> ScannedRow:
    cells = [t for c in spaced_cells(text, start, end) for t in tokens(c)]
    row = ScannedRow(cells)
    i = 0
    pieces: list[SpacedCell] = []
    if len(cells) > 2 and len(cells[0].text) == 1 and _PIECE.match(cells[1].text) and not _PIECE.match(cells[0].text):
        pieces.append(cells[0])  # a 类 cell read as one wrong character
        i = 1
    while i < len(cells) and len(pieces) < 3 and _PIECE.match(cells[i].text):
        pieces.append(cells[i])
        i += 1
    names: list[SpacedCell] = []
    while i < len(cells) and not is_number(cells[i]):
        names.append(cells[i])
        i += 1
    row.numbers = [c for c in cells[i:] if is_number(c)]
    if not names or not _CJK.search(" ".join(c.text for c in names)):
        return row
    if pieces:
        row.code = join_code([p.text for p in pieces], previous_code)
        if row.code is not None:
            row.code_cell = _merge(text, pieces)
    row.name = _merge(text, names)
    row.total = row.code is None and bool(_TOTAL.match(row.name.compact.strip("|")))
    return row


# ------------------------------------------------------------------ columns


_DASH_FOR_ONE = re.compile(r"^[-—_]")  # tesseract reads a leading 一 as a dash: `-般公共预算`


def named_columns(text: str, summary: bool = False) -> list[ColumnKind]:
    """Amount columns named by the header words of `text`, in reading order.

    In a summary table the side headings (本年收入, 财政拨款支出) are not
    columns, and 预算数 / 决算数 is the amount column of each side.
    """
    kinds: list[ColumnKind] = []
    for word in re.split(r"[\s|\[\]“”\"]+", text):
        word = _DASH_FOR_ONE.sub("一", word)
        if not word or summary and _SIDE_WORD.match(word):
            continue
        if _SPANNING.search(word) and not (summary and word in ("预算数", "决算数")):
            continue
        kind = column_kind(word, None)
        if kind not in (C.unknown, C.prior_year) and kind not in kinds:
            kinds.append(kind)
    return kinds


def header_columns(lines: list[str]) -> list[ColumnKind]:
    """Amount columns named by the header line that names the most of them."""
    best: list[ColumnKind] = []
    for line in lines:
        kinds = _without_spanning(named_columns(line))
        if len(kinds) >= len(best):
            best = kinds if len(kinds) >= 2 or not best else best
    return best


def _without_spanning(kinds: list[ColumnKind]) -> list[ColumnKind]:
    """基本支出 printed above 人员经费 and 公用经费 is their heading, not a column."""
    if C.basic in kinds and (C.personnel in kinds or C.public_operating in kinds):
        return [k for k in kinds if k is not C.basic]
    return kinds


def complete_columns(found: list[ColumnKind], width: int, kind: TableKind) -> tuple[list[ColumnKind], set[ColumnKind]]:
    """The columns of a table in template order, and those inferred rather than read.

    `width` is the most numbers any row has. The header's words give the set
    of columns (a two-level header prints them out of order: 基本支出 over
    人员经费 and 公用经费, then 项目支出); the smallest template family that holds
    them and is wide enough gives their order and any column the header lost.
    """
    fits = [f for f in FAMILIES if set(found) <= set(f) and len(f) >= width]
    if not fits and kind is TableKind.basic_expenditure_by_economic:
        fits = [FAMILIES[1]]
    if not fits:
        if len(found) >= width and found[:1] == [C.total]:
            return found, set()  # a header outside the template families: as printed
        fits = [f for f in FAMILIES if len(f) >= width] or [FAMILIES[-1]]
        found = []
    family = min(fits, key=lambda f: (len(set(f) - set(found)), len(f)))
    return family, set(family) - set(found)


@dataclass
class Placed:
    """The numbers of one row and where the row starts (its code or label)."""

    x0: int
    numbers: list[SpacedCell]

    def gaps(self) -> list[float]:
        """Distances between the right edges of the numbers, in units of the
        distance from the row start to the first number: OCR gives every line its
        own space width, but a ratio within one line holds across lines."""
        unit = self.numbers[0].x_end - self.x0 if self.numbers else 0
        if unit <= 0:
            return []
        return [(b.x_end - a.x_end) / unit for a, b in zip(self.numbers, self.numbers[1:])]


def pitch(rows: list[Placed], columns: int) -> tuple[float | None, bool]:
    """The gap between adjacent columns, and whether it is a guess.

    Measured over rows that fill every column; a table without one takes the
    smaller half of all gaps, which are between adjacent columns unless most
    rows skip one.
    """
    full = [g for row in rows if len(row.numbers) == columns for g in row.gaps()]
    if full:
        return statistics.median(full), False
    gaps = sorted(g for row in rows for g in row.gaps())
    if not gaps:
        return None, True
    return statistics.median(gaps[: max(1, (len(gaps) + 1) // 2)]), True


def place(row: Placed, columns: int, step: tuple[float | None, bool]) -> tuple[list[int], bool]:
    """Column index of each number of a row, and whether the placement is a guess.

    The first number is the row total. Each later one skips as many columns as
    its gap to the one before spans pitches, leaving room for those after it.
    """
    numbers = row.numbers
    if len(numbers) >= columns or len(numbers) <= 1:
        return list(range(min(len(numbers), columns))), False
    size, guessed = step
    gaps = row.gaps()
    if size is None or not gaps:
        return list(range(len(numbers))), True
    placed = [0]
    guess = False
    for k, gap in enumerate(gaps, start=1):
        span = gap / size
        jump = max(1, round(span))
        # A measured pitch is trusted unless the gap falls between two columns;
        # a guessed one only for the plain case of adjacent columns.
        guess = guess or abs(span - round(span)) > 0.3 or (guessed and jump > 1)
        room = columns - (len(numbers) - k)  # the last index this number may take
        placed.append(min(placed[-1] + jump, room))
    return placed, guess


# ------------------------------------------------------------------ coded tables


def _data_lines(text: str, chunk: Chunk) -> list[ScannedRow]:
    rows = []
    previous = None
    for s, e in line_spans(text, chunk.header_end, chunk.end):
        if not text[s:e].strip():
            continue
        row = read_row(text, s, e, previous)
        if row.code is not None:
            previous = row.code.digits
        rows.append(row)
    return rows


def parse_scanned_table(text: str, chunk: Chunk) -> LineTable:
    table = LineTable(**table_fields(chunk))
    rows = _data_lines(text, chunk)
    data = [r for r in rows if r.code is not None or r.total]
    header = [" ".join(c.text for c in r.cells) for r in rows if r not in data]
    if not any(r.numbers for r in data):
        table.empty = True
        return table
    width = max(len(r.numbers) for r in data)
    columns, inferred = complete_columns(header_columns(header), width, chunk.kind)
    step = pitch([Placed(r.cells[0].x, r.numbers) for r in data if r.code is not None], len(columns))
    for row in data:
        table.lines.append(_line(row, columns, inferred, step, chunk, table.unit))
    settle(table.lines, columns, _code_children, _code_parent)
    table.columns = columns
    _warn_inferred(table, columns, inferred)
    return table


def _warn_inferred(table: LineTable, columns: list[ColumnKind], inferred: set[ColumnKind]) -> None:
    if inferred:
        table.warnings.append(
            "header too garbled to name every column: inferred " + ", ".join(c.value for c in columns if c in inferred)
        )


def _line(row: ScannedRow, columns, inferred, step, chunk: Chunk, unit: str) -> BudgetLine:
    name = make_text(row.name, row.name.compact)
    if row.code is None:
        line = BudgetLine(row_kind=RowKind.total, name=name)
    else:
        digits = row.code.digits
        # 上海 template tables are all by subject code, 支出预算总表 included.
        row_kind = RowKind.subject if is_subject_code(digits) else RowKind.unit
        reasons = [Reason.number_repaired] if row.code.repaired else []
        line = BudgetLine(
            row_kind=row_kind,
            code=make_text(row.code_cell, digits, reasons),
            name=name,
            level=LEVEL_OF_LENGTH.get(len(digits)) if row_kind is RowKind.subject else None,
        )
    line.amounts = _amounts(Placed(row.cells[0].x, row.numbers), columns, inferred, step, unit)
    return line


def _amounts(row: Placed, columns, inferred, step, unit: str) -> list[AmountCell]:
    placed, guess = place(row, len(columns), step)
    cells = []
    for cell, index in zip(row.numbers, placed):
        column = columns[index]
        reasons = [Reason.column_inferred] if (guess and index > 0) or column in inferred else []
        amount = make_amount(cell, unit, reasons)
        if amount is not None:
            cells.append(AmountCell(column=column, label=column.value if column in inferred else "", amount=amount))
    return cells


def _code_children(line: BudgetLine, lines: list[BudgetLine]) -> list[BudgetLine]:
    if line.code is None:
        return [x for x in lines if x.code is not None and x.level == 1] if line.row_kind is RowKind.total else []
    code = line.code.value
    return [x for x in lines if x.code is not None and len(x.code.value) == len(code) + 2 and x.code.value.startswith(code)]


def _code_parent(line: BudgetLine, lines: list[BudgetLine]) -> BudgetLine | None:
    if line.code is None or line.level is None:
        return None
    if line.level == 1:
        return next((x for x in lines if x.row_kind is RowKind.total and x.side is None), None)
    code = line.code.value[:-2]
    return next((x for x in lines if x.code is not None and x.code.value == code), None)


def settle(lines: list[BudgetLine], columns: list[ColumnKind], children_of, parent_of=lambda line, lines: None) -> None:
    """Move a number of a row with blank cells to the column the hierarchy says.

    Gaps place most numbers right; where a row's children add up to its number
    in another column, or the number is larger than its parent's in the column
    it was placed in, the arithmetic wins and the placement is no longer a guess.
    """
    for line in sorted(lines, key=lambda x: -len(x.code.value) if x.code else 0):
        if len(line.amounts) >= len(columns) or len(line.amounts) < 2:
            continue
        children = children_of(line, lines)
        parent = parent_of(line, lines)
        taken = {a.column for a in line.amounts}
        for cell in line.amounts[1:]:
            value = cell.amount.value
            if value is None:
                continue
            fits = [
                k for k in columns[1:]
                if (k == cell.column or k not in taken) and _fits(value, k, children, parent)
            ]
            if len(fits) == 1 and fits[0] != cell.column:
                taken.discard(cell.column)
                cell.column = fits[0]
                taken.add(fits[0])
            if fits == [cell.column] and Reason.column_inferred in cell.amount.reasons:
                cell.amount.reasons.remove(Reason.column_inferred)
                cell.amount.confidence = confidence(cell.amount.reasons)
        line.amounts.sort(key=lambda a: columns.index(a.column))


def _fits(value: float, column: ColumnKind, children: list[BudgetLine], parent: BudgetLine | None) -> bool:
    if children:
        total = sum((a.value or 0) for c in children if (a := c.amount(column)) is not None)
        return abs(total - value) < 0.005
    if parent is not None:
        bound = parent.amount(column)
        return bound is not None and bound.value is not None and value <= bound.value + 0.005
    return True


def _summary_children(line: BudgetLine, lines: list[BudgetLine]) -> list[BudgetLine]:
    if line.row_kind is not RowKind.total or line.side is not Side.expenditure:
        return []
    return [x for x in lines if x.side is Side.expenditure and x.row_kind is RowKind.item]


# ------------------------------------------------------------------ summary tables

_EXPENDITURE = re.compile(r"支出|支\s*出\s*总\s*计")
# An item label starts with its number (一、 1. …; OCR may garble the numeral: `:、`).
_ITEM = re.compile(r"^([一二三四五六七八九十]+[、,，.]|\d+\s*[、,，.:;]|\S{1,2}、|收入总计|支出总计)")


def _segments(row: ScannedRow) -> list[tuple[SpacedCell, list[SpacedCell]]]:
    """(label, numbers) pairs of a summary line, left to right."""
    segments: list[tuple[list[SpacedCell], list[SpacedCell]]] = []
    for cell in row.cells:
        if is_number(cell):
            if segments:
                segments[-1][1].append(cell)
        elif _CJK.search(cell.text):
            if segments and not segments[-1][1] and not _ITEM.match(cell.compact):
                segments[-1][0].append(cell)  # a label broken by a wide gap
            else:
                segments.append(([cell], []))
    return [
        (SpacedCell(" ".join(c.raw for c in labels), labels[0].start, labels[-1].end, labels[0].x), nums)
        for labels, nums in segments
    ]


def parse_scanned_summary(text: str, chunk: Chunk) -> LineTable:
    """收支总表 in space-aligned text: income items left, expenditure items right."""
    table = LineTable(**table_fields(chunk))
    rows = _data_lines(text, chunk)
    segmented = [_segments(r) for r in rows]
    first = next(
        (i for i, segments in enumerate(segmented) if any(nums or _ITEM.match(label.compact) for label, nums in segments)),
        None,
    )
    if first is None:
        table.empty = True
        return table
    header = [" ".join(c.text for c in r.cells) for r in rows[:first]]
    income_cols, spending_found = _summary_header(header)
    lines: list[tuple[Side, SpacedCell, list[SpacedCell]]] = []
    for segments in segmented[first:]:
        for n, (label, numbers) in enumerate(segments):
            if len(segments) >= 2:
                side = Side.income if n == 0 else Side.expenditure
            else:
                side = Side.expenditure if _EXPENDITURE.search(label.raw) else Side.income
            lines.append((side, label, numbers))
    width = max((len(nums) for side, _, nums in lines if side is Side.expenditure), default=1)
    if width > 1:
        columns, inferred = complete_columns(spending_found, width, chunk.kind)
    else:
        columns, inferred = [C.total], set()
    step = pitch([Placed(label.x, nums) for side, label, nums in lines if side is Side.expenditure], len(columns))
    for side, label, numbers in lines:
        compact = _DASH_FOR_ONE.sub("一", re.sub(r"\s+", "", label.raw).strip("|"))
        row_kind = RowKind.total if re.search(r"合计|总计|小计", compact) else RowKind.item
        line = BudgetLine(row_kind=row_kind, side=side, name=make_text(label, compact))
        if side is Side.income:
            line.amounts = _amounts(Placed(label.x, numbers[:1]), income_cols, set(), (None, False), table.unit)
        else:
            line.amounts = _amounts(Placed(label.x, numbers), columns, inferred, step, table.unit)
        table.lines.append(line)
    settle(table.lines, columns, _summary_children)
    table.columns = list(dict.fromkeys(a.column for line in table.lines for a in line.amounts))
    _warn_inferred(table, columns, inferred)
    return table


def _summary_header(lines: list[str]) -> tuple[list[ColumnKind], list[ColumnKind]]:
    """Income columns (always the one 预算数) and the expenditure columns the header names."""
    spending: list[ColumnKind] = []
    for line in lines:
        parts = re.split(r"项\s*目", line)
        # the expenditure side's words follow its own 项目 heading
        words = parts[-1] if len(parts) >= 3 else line
        spending += [k for k in named_columns(words, summary=True) if k not in spending]
    spending = _without_spanning(spending)
    if spending and spending[0] is not C.total:
        spending.insert(0, C.total)
    return [C.total], spending


# ------------------------------------------------------------------ 三公 table

# The template's columns, left to right: 合计 = 出国 + 接待 + 车, 车 = 购置 + 运行.
THREE_PUBLIC = ["三公经费合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "机关运行经费"]


def parse_three_public(text: str, chunk: Chunk) -> LineTable:
    """“三公”经费和机关运行经费预算表: one row of values under a two-level header.

    A blank cell leaves only a gap, so each value is placed by where it sits
    between the first value (合计) and the last (机关运行经费).
    """
    table = LineTable(**table_fields(chunk))
    for s, e in line_spans(text, chunk.header_end, chunk.end):
        cells = spaced_cells(text, s, e)
        if len(cells) >= 2 and all(is_number(c) for c in cells):
            break
    else:
        table.empty = True
        return table
    last = len(THREE_PUBLIC) - 1
    if len(cells) == len(THREE_PUBLIC):
        positions = [float(i) for i in range(len(cells))]
    else:
        span = cells[-1].x_end - cells[0].x_end  # > 0: cells of a line are left to right
        positions = [last * (c.x_end - cells[0].x_end) / span for c in cells]
    placed = [round(p) for p in positions]
    guess = len(set(placed)) < len(placed)
    for cell, index, position in zip(cells, placed, positions):
        off_grid = abs(position - index) > 0.3
        reasons = [Reason.column_inferred] if guess or off_grid else []
        amount = make_amount(cell, table.unit, reasons)
        if amount is None:
            continue
        name = make_text(Cell("", cell.start, cell.start), THREE_PUBLIC[index])
        table.lines.append(
            BudgetLine(row_kind=RowKind.item, name=name,
                       amounts=[AmountCell(column=C.total, label=THREE_PUBLIC[index], amount=amount)])
        )
    table.columns = [C.total]
    return table

