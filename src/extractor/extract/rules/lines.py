"""Rule parser for tables of budget lines: coded tables and income/expenditure summaries."""

from __future__ import annotations

import re

from ...codes import LEVEL_OF_LENGTH
from ...layout import Cell, Row, rows_of
from ...numbers import OCR_DIGITS
from ...models import (
    AmountCell,
    BudgetLine,
    ColumnKind,
    LineTable,
    Reason,
    RowKind,
    Side,
    TableKind,
)
from ...segment import Chunk
from ..common import row_kind_of_code, table_fields
from .common import column_kind, header_year, is_number, make_amount, make_text

# Codes may carry OCR letters for digits (2O40601); the checks repair them.
_CODE = re.compile(r"^[\dOoDIlSBZ][\dOoDIlSBZ\s|]{1,12}[\dOoDIlSBZ]$")
_CODE_AND_NAME = re.compile(r"^(\d{3,6})\s*[-－]?\s*([^\d\s].*)$")
_TOTAL = re.compile(r"^(合\s*计|总\s*计|收\s*入\s*总\s*计|支\s*出\s*总\s*计)$")
_UNIT_LINE = re.compile(r"单\s*位\s*[:：，,]|填报单位|编制单位|编制部门")


def _code_digits(text: str) -> str:
    return re.sub(r"[\s|]", "", text)


def _is_code(text: str) -> bool:
    if not _CODE.match(text):
        return False
    code = _code_digits(text)
    return 3 <= len(code) <= 8 and sum(ch.isdigit() for ch in code) >= len(code) - 2


def _split_code(row: Row) -> tuple[Cell | None, Cell | None, int]:
    """(code cell, name cell, index after the name) of a data row, or Nones."""
    filled = [(i, c) for i, c in enumerate(row.cells) if c]
    if not filled:
        return None, None, 0
    i, first = filled[0]
    if _is_code(first.text):
        name = next(((j, c) for j, c in filled[1:] if not is_number(c)), None)
        if name is None:
            return first, None, i + 1
        return first, name[1], name[0] + 1
    m = _CODE_AND_NAME.match(first.text)
    if m and not is_number(first):
        offset = first.raw.find(m.group(2))
        code = Cell(first.raw[: len(m.group(1))], first.start, first.start + len(m.group(1)))
        name = Cell(first.raw[offset:], first.start + offset, first.end)
        return code, name, i + 1
    if _TOTAL.match(first.compact):
        return None, first, i + 1
    return None, None, 0


def _is_data_row(row: Row) -> bool:
    code, name, after = _split_code(row)
    if code is None and name is None:
        return False
    return code is not None or any(is_number(c) for c in row.cells[after:])


def _column_labels(header_rows: list[Row]) -> dict[int, str]:
    labels: dict[int, str] = {}
    for row in header_rows:
        for i, cell in enumerate(row.cells):
            if cell:
                labels[i] = (labels.get(i, "") + " " + cell.text).strip()
    return labels


def parse_line_table(text: str, chunk: Chunk) -> LineTable:
    rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    table = LineTable(**table_fields(chunk))
    unit = table.unit
    if chunk.unit is None:
        table.warnings.append(f"no unit line: amounts assumed to be in {table.unit}")
    first_data = next((i for i, r in enumerate(rows) if _is_data_row(r)), None)
    if first_data is None:
        table.empty = True
        return table
    header_rows = [r for r in rows[:first_data] if not _UNIT_LINE.search(r.text)]
    labels = _column_labels(header_rows)
    year = header_year(list(labels.values()) + [chunk.title])
    kinds = {i: column_kind(label, year) for i, label in labels.items()}
    amount_columns = [i for i, k in sorted(kinds.items()) if k is not ColumnKind.unknown]

    for row in rows[first_data:]:
        if not _is_data_row(row):
            continue  # repeated header rows on a new page, stamps, page numbers
        code_cell, name_cell, after = _split_code(row)
        numbers = [(i, c) for i, c in enumerate(row.cells) if i >= after and c and is_number(c)]
        aligned = all(i in amount_columns for i, _ in numbers)
        line = _line(code_cell, name_cell, row, chunk.kind)
        for pos, (i, cell) in enumerate(numbers):
            reasons: list[Reason] = []
            if aligned:
                col = i
            elif pos < len(amount_columns):
                col = amount_columns[pos]
                reasons.append(Reason.column_inferred)
            else:
                continue
            amount = make_amount(cell, "%" if kinds[col] is ColumnKind.change_pct else unit, reasons)
            if amount is not None:
                line.amounts.append(AmountCell(column=kinds[col], label=labels[col], amount=amount))
        table.lines.append(line)
    table.columns = list(dict.fromkeys(kinds[i] for i in amount_columns))
    return table


def _line(code_cell: Cell | None, name_cell: Cell | None, row: Row, kind: TableKind) -> BudgetLine:
    name = make_text(name_cell) if name_cell else make_text(Cell("", row.start, row.start), "")
    if code_cell is None:
        return BudgetLine(row_kind=RowKind.total, name=name)
    digits = _code_digits(code_cell.text)
    row_kind = row_kind_of_code(digits, kind)
    return BudgetLine(
        row_kind=row_kind,
        code=make_text(code_cell, digits),
        name=name,
        level=LEVEL_OF_LENGTH.get(len(digits)) if row_kind is RowKind.subject else None,
    )


# ------------------------------------------------------------------ summary

_SIDE_HEADER = re.compile(r"^(收入|支出|本年收入|本年支出)$")
_COLUMN_WORD = re.compile(r"^(预算数|决算数|金额|小计|合计|项目|项目\(按功能分类\))$")


def parse_summary_table(text: str, chunk: Chunk) -> LineTable:
    """收支总表: income items on the left, expenditure items on the right."""
    rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    table = LineTable(**table_fields(chunk))
    unit = table.unit
    split = None
    for row in rows:
        sides = [i for i, c in enumerate(row.cells) if _SIDE_HEADER.match(c.compact)]
        if len(sides) >= 2:
            split = sides[1]
            break
    first_data = next(
        (i for i, r in enumerate(rows) if any(is_number(c) for c in r.cells)), None
    )
    if split is None or first_data is None:
        table.empty = first_data is None
        if split is None:
            table.warnings.append("no 收入/支出 header found")
        return table
    # Header rows end at the last row naming a column (预算数, 小计…); rows after it
    # without numbers are items too (一、财政拨款预算收入).
    header_last = max(
        (i for i, r in enumerate(rows[:first_data]) if any(_COLUMN_WORD.match(c.compact) for c in r.cells)),
        default=first_data - 1,
    )
    labels = _column_labels([r for r in rows[: header_last + 1] if not _UNIT_LINE.search(r.text)])
    year = header_year(list(labels.values()) + [chunk.title])
    for row in rows[header_last + 1 :]:
        for side, cells in ((Side.income, row.cells[:split]), (Side.expenditure, row.cells[split:])):
            offset = 0 if side is Side.income else split
            line = _summary_line(cells, offset, side, labels, year, unit)
            if line is not None:
                table.lines.append(line)
    table.columns = list(dict.fromkeys(a.column for line in table.lines for a in line.amounts))
    return table


def _summary_line(
    cells: list[Cell], offset: int, side: Side, labels: dict[int, str], year: int | None, unit: str
) -> BudgetLine | None:
    label = next((c for c in cells if c and not is_number(c)), None)
    if label is None:
        return None
    compact = label.compact
    row_kind = RowKind.total if re.search(r"合计|总计|小计", compact) else RowKind.item
    line = BudgetLine(row_kind=row_kind, side=side, name=make_text(label, compact))
    for i, cell in enumerate(cells):
        if not cell or not is_number(cell):
            continue
        header = labels.get(offset + i, "")
        kind = column_kind(header, year)
        if kind is ColumnKind.unknown:
            kind = ColumnKind.total
        amount = make_amount(cell, unit)
        if amount is not None:
            line.amounts.append(AmountCell(column=kind, label=header, amount=amount))
    return line
