"""Summary and 三公 tables read from the grid.

收支总表: income items on the left, expenditure items on the right, each with
its amounts. A row is cut into (label, numbers) segments; in an aligned grid
the side of a segment is where it stands (left or right of where the
expenditure labels begin, a header group may call that side 支出用途), in an
unaligned one the first of two segments is income and a lone one is
expenditure when its label says 支出.

“三公”经费 tables come three ways: as a vertical list of items with their
amounts (read like one side of a summary), as one row of values under a
header of item names two or three levels deep (each value named by the header
words above it), or, in tesseract text where positions do not hold, as the
上海 template's one row placed across its seven columns.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from rapidfuzz import fuzz, process

from ...arithmetic import PARTS
from ...confidence import confidence
from ...grid import (
    CJK, JOINER, Cell, Grid, Layout, Row, is_number, read_grid, single_spaced, sub_cell, tokens, word_rows,
)
from ...lazyre import LazyPattern
from ...numbers import ROW_NUMBER_HEADER
from ...models import (
    AmountCell, BudgetLine, ColumnKind, LineTable, Reason, RowKind, Side, Span, amount_cell, budget_line, made_table,
)
from ...segment import Chunk
from ..common import table_fields
from .coded import header_rows, merge_cells, read_rows
from .columns import (
    DASH_FOR_ONE, SIDE_HEADING, Column, Leaf, Placed, aligned_amounts, complete_columns, header_leaves, match_leaves,
    Step, name_columns, named_columns, number_columns, pitch, proportional_amounts, row_numbers, settle, warn_inferred,
    without_spanning,
)
from ...vocabulary import count_unit, header_year
from .common import doubt, make_amount, make_text

C = ColumnKind
# An expenditure item's words (a lone item's side when the print gives no place): 支出, 经费
# (单位预留机动经费), 结转下年 / 年末结转; an income item's 上年结转 is none of them.
_EXPENDITURE = LazyPattern(r"支\s*出|经费|结转下年|年末结转")
_INCOME = LazyPattern(r"收\s*入|上年结转")
# An item label starts with its number (一、 1. …; OCR may garble the numeral: `:、`).
_ITEM = LazyPattern(r"^([一二三四五六七八九十]+[、,，.]|\d+\s*[、,，.:;]|\S{1,2}、|[(（][一二三四五六七八九十\d]{1,3}[)）]|收入总计|支出总计)")
_COLUMN_WORD = LazyPattern(r"^(预算数|决算数|金额|小计|合计|项目|项目名称|项目\(按功能分类\))$")
_TOTAL_WORD = LazyPattern(r"合计|总计|小计")


# A second item's numbering (or a side's 总计) after a space inside a label, a line joined by single spaces:
# `2政府性基金 三、卫生健康支出` (an income item printed without an amount and the expenditure item beside
# it), `一、财政拨款收入 9, 501, 164 一、一般公共服务支出` (an amount without decimals, which the grid's
# label-and-amount pairs do not cut off: `建设 10 万元` is a name).
_INNER_ITEM = LazyPattern(
    r"(?<=[\u4e00-\u9fff)）\d])\s+(?=[一二三四五六七八九十]+、|\d{1,2}[、.,，](?!\s?\d)"
    r"|[(（][一二三四五六七八九十]{1,3}[)）]|收入总计|支出总计)")


def _item_labels(cell: Cell) -> list[Cell]:
    """A spaced label cut before each item numbering inside it (`_INNER_ITEM`), each piece split into its
    label and amount (`tokens`)."""
    bounds = [0, *(m.end() for m in _INNER_ITEM.finditer(cell.raw)), len(cell.raw)]
    if len(bounds) == 2:
        return [cell]
    return [t for a, b in pairwise(bounds) for t in tokens(sub_cell(cell, a, b))]


def _segments(text: str, cells: list[Cell], spaced: bool) -> list[tuple[Cell, list[Cell]]]:
    """(label, numbers) pairs of a row, left to right; in spaced text a label
    broken by a wide gap is joined, and one holding two items' labels cut."""
    segments: list[tuple[list[Cell], list[Cell]]] = []
    pieces = (piece for c in cells for piece in (_item_labels(c) if spaced and not is_number(c) else [c]))
    for cell in pieces:
        if is_number(cell):
            if segments:
                segments[-1][1].append(cell)
        elif CJK.search(cell.text):
            if spaced and segments and not segments[-1][1] and not _ITEM.match(cell.compact):
                segments[-1][0].append(cell)
            else:
                segments.append(([cell], []))
    return [(merge_cells(text, labels), nums) for labels, nums in segments]


def _label(cell: Cell) -> str:
    return DASH_FOR_ONE.sub("一", cell.compact.strip("|"))


def _item_line(label: Cell, side: Side | None, amounts: list[AmountCell]) -> BudgetLine:
    """An item's row; one whose name names a count unit (公务用车保有量（辆）) counts in it, not in money."""
    name = _label(label)
    row_kind = RowKind.total if _TOTAL_WORD.search(name) else RowKind.item
    return budget_line(row_kind=row_kind, side=side, name=make_text(label, name), amounts=amounts,
                       unit=count_unit(name))


def parse_summary_table(text: str, chunk: Chunk) -> LineTable:
    """收支总表: one BudgetLine per item of each side."""
    table = made_table(LineTable, **table_fields(chunk))
    grid = read_grid(text, chunk.header_end, chunk.end, chunk.layout, chunk.printed)
    segmented = [_segments(text, [c for c in row.cells if c], grid.layout is Layout.spaced) for row in grid.rows]
    first = next((i for i, segs in enumerate(segmented) if any(nums for _, nums in segs)), None)
    if first is None:
        table.empty = True
        return table
    # Header rows end at the last row naming a column (预算数, 小计…) or holding
    # no item (a second header line: 人员经费 公用经费); rows after it without
    # numbers are items too (一、财政拨款预算收入).
    rows = grid.rows[:first]
    if single_spaced(text, chunk.header_end, chunk.end):
        # a header line whose words single spaces join (`一、本年支出 小计 一般公共预算财政拨款支出 …`): its words
        rows = word_rows(rows)
    first = next((i for i, row in enumerate(rows) if not _is_header(row.cells)), first)
    header = [[c for c in cells if c and not is_number(c) and not SIDE_HEADING.match(c.compact)]
              for cells in header_rows([row.cells for row in rows[:first]])]
    year = header_year([" ".join(c.text for c in cells) for cells in header] + [chunk.title])
    segmented[first:] = _without_row_numbers(segmented[first:], header, grid)
    if grid.aligned:
        _aligned_summary(table, grid, header, segmented[first:], year)
        if grid.layout is Layout.spaced:
            table.lines = _join_wrapped_names(table.lines)
    else:
        _unaligned_summary(table, header, segmented[first:], chunk)
    table.columns = list(dict.fromkeys(a.column for line in table.lines for a in line.amounts))
    return table


def _without_row_numbers(rows: list[list[tuple[Cell, list[Cell]]]], header: list[list[Cell]], grid: Grid
                         ) -> list[list[tuple[Cell, list[Cell]]]]:
    """The (label, numbers) segments of the data rows without what numbers rows and columns, which is no
    data: the line of the columns' numbers (栏次 1 2, its label alone on its side) and each item's 行次
    number (`row_numbers` over all of a row's numbers: a summary's 行次 stands anywhere among them where a text
    keeps no columns; two rows run where the header prints 行次; in an aligned grid a run keeps to its column
    and to the heading's; the account knows them as non-values). Unlike `coded._without_leading_row_numbers`,
    whose rows' first numbers are totals."""
    heads = [c for cells in header for c in cells if ROW_NUMBER_HEADER.search(c.compact)]
    slack = 2 if grid.layout is Layout.spaced else 0  # a number printed a little off its heading's centre
    rows = [[(label, nums) for label, nums in segs if not ROW_NUMBER_HEADER.fullmatch(label.compact)] for segs in rows]
    numbered = row_numbers([[c for _, nums in segs for c in nums] for segs in rows], bool(heads),
                           [(c.x - slack, c.x_end + slack) for c in heads] if grid.aligned else None)
    return [[(label, [c for c in nums if c.start not in numbered]) for label, nums in segs] for segs in rows]


# How an item's name ends when it is whole (一般公共预算财政拨款收入, 上年结转, 结余分配, 合计); a name cut at its
# wrap ends otherwise (`一般公共预算财`).
_NAME_END = LazyPattern(r"(收入|支出|结转|结余|分配|资金|拨款|合计|小计|总计|经费|[)）])$")


def _join_wrapped_names(lines: list[BudgetLine]) -> list[BudgetLine]:
    """Page text: an item name wrapped over lines (`(一) 一般公共预算财` / `政拨款收入  1477.109400`) is one
    item. A line whose name starts no item (`_ITEM`) and is no total joins the line above on its side
    when that one's name was cut (`_NAME_END`) and it read no amount; the name's join is read from
    the order of lines, flagged `cell_shifted`, and so are the amounts the joined item takes from its last line."""
    out: list[BudgetLine] = []
    for line in lines:
        above = next((x for x in reversed(out) if x.side is line.side), None)
        name = line.name.value
        if above is None or above.amounts or _ITEM.match(name) or _TOTAL_WORD.search(name) \
                or _NAME_END.search(above.name.value):
            out.append(line)
            continue
        joined = above.name.value + name
        reasons = list(dict.fromkeys([*above.name.reasons, Reason.cell_shifted]))
        span = Span(start=above.name.span.start, end=line.name.span.end) if above.name.span and line.name.span else None
        above.name = above.name.model_copy(update={
            "value": joined, "raw": above.name.raw + line.name.raw, "span": span, "reasons": reasons,
            "confidence": confidence(reasons)})
        above.amounts = line.amounts
        for cell in line.amounts:  # which item they are printed beside is a guess as well
            doubt(cell.amount, Reason.cell_shifted)
        above.row_kind = line.row_kind
    return out


def _amounts_of_items(columns: list[Column]) -> None:
    """A column of a list of items that its heading names no kind for (预算数, 金额) is the items' amount."""
    for col in columns:
        if col.kind is C.unknown:
            col.kind = C.total


def _side_by_words(label: str) -> Side | None:
    """The side an item's own words name (收入合计, 三、单位预留机动经费), or None."""
    spends, earns = bool(_EXPENDITURE.search(label)), bool(_INCOME.search(label))
    return None if spends == earns else Side.expenditure if spends else Side.income


def _is_header(cells: list[Cell]) -> bool:
    filled = [c for c in cells if c]
    return any(_COLUMN_WORD.match(c.compact) for c in filled) or not any(_ITEM.match(c.compact) for c in filled)


def _expenditure_from(rows) -> int | None:
    """Where the expenditure side begins: the left edge of the right-hand labels
    of two-segment rows (a cell index where the source delimits its cells)."""
    starts = [segs[1][0].x for segs in rows if len(segs) >= 2]
    return min(starts) if starts else None


def _aligned_summary(table: LineTable, grid: Grid, header, rows, year) -> None:
    boundary = _expenditure_from(rows)
    if boundary is None:
        table.warnings.append("no 收入/支出 header found")
    numbers = [nums for segs in rows for _, nums in segs]
    columns = number_columns(grid, numbers) or [Column(c.x, c.x_end) for nums in numbers for c in nums[:1]][:1]
    name_columns(columns, header, year, grid.layout is not Layout.spaced)
    _amounts_of_items(columns)
    slack = 2 if grid.layout is Layout.spaced else 0  # display columns a label may stray left
    for segs in rows:
        for label, nums in segs:
            # cells a source delimits place an item exactly; in spaced text its words come first
            side = _side_by_words(label.compact) if grid.layout is Layout.spaced or boundary is None else None
            guessed = side is None and boundary is None
            if guessed:
                side = Side.income
            elif side is None:
                # where its amount stands decides, where the print has one (a label OCR pushed left)
                place = nums[0].x if nums else label.x
                side = Side.expenditure if place >= boundary - slack else Side.income
            if side is Side.income and boundary is not None:
                # a number past the expenditure labels' edge is an expenditure item's whose name is not printed
                # (lost, or its row shifted a cell): no amount of this one; left unread, it is reported
                nums = [n for n in nums if n.x < boundary - slack]
            amounts = aligned_amounts(nums, columns, table.unit)
            for cell in amounts if guessed else ():
                # neither a 收入/支出 header nor its own words place the item: its side is a guess, to review
                doubt(cell.amount, Reason.column_inferred)
            table.lines.append(_item_line(label, side, amounts))


def _unaligned_summary(table: LineTable, header, rows, chunk: Chunk) -> None:
    spending = _spending_columns([" ".join(c.text for c in cells) for cells in header])
    lines: list[tuple[Side, Cell, list[Cell]]] = []
    for segs in rows:
        for n, (label, numbers) in enumerate(segs):
            if len(segs) >= 2:
                side = Side.income if n == 0 else Side.expenditure
            else:
                # the income side has one amount column: more numbers are an expenditure item's
                # whose label's words were cut (`社会保障和就业支`)
                side = _side_by_words(label.compact) or (Side.expenditure if len(numbers) > 1 else Side.income)
            lines.append((side, label, numbers))
    width = max((len(nums) for side, _, nums in lines if side is Side.expenditure), default=1)
    if width > 1:
        columns, inferred = complete_columns(spending, width, chunk.kind)
    else:
        columns, inferred = [C.total], set()
    step = pitch([Placed(label.x, nums) for side, label, nums in lines if side is Side.expenditure], len(columns))
    if step[1]:
        # No full row to measure a pitch on: a summary label starts anywhere on
        # its line, so gaps say nothing; the numbers fill adjacent columns, flagged.
        step = Step(None, True)
    for side, label, numbers in lines:
        if side is Side.income:
            amounts = proportional_amounts(Placed(label.x, numbers[:1]), [C.total], set(), Step(None, False), table.unit)
        else:
            amounts = proportional_amounts(Placed(label.x, numbers), columns, inferred, step, table.unit)
        table.lines.append(_item_line(label, side, amounts))
    if chunk.layout is Layout.spaced:
        # (before the funds are told by the income items that name them: a wrapped name names its fund whole)
        table.lines = _join_wrapped_names(table.lines)
    income = _fund_income(table.lines)
    columns = _funds_by_income(table.lines, columns, income)
    _doubt_after_unnamed_fund(table.lines, columns, income)
    settle(table.lines, columns, _summary_children)
    warn_inferred(table.warnings, columns, inferred)


# The fund a fiscal column spends, and the words of the income items it comes from.
_FUNDS = ((C.general_budget, LazyPattern(r"一般公共预算")), (C.fund_budget, LazyPattern(r"政府性基金")),
          (C.other_soe, LazyPattern(r"国有资本经营")))


def _fund_income(lines: list[BudgetLine]) -> dict[ColumnKind, list[BudgetLine]]:
    """For each fund (`_FUNDS`), the income items that name it (this year's, carried over), printed
    with an amount or without."""
    return {kind: [line for line in lines if line.side is Side.income and words.search(line.name.value)]
            for kind, words in _FUNDS}


def _funds_by_income(lines: list[BudgetLine], columns: list[ColumnKind],
                     income: dict[ColumnKind, list[BudgetLine]]) -> list[ColumnKind]:
    """The columns with a fund's column renamed where the income side (`_fund_income`) says it can
    hold nothing: its fund's income items print no amount, while one fund no column names has
    income. OCR lost that fund's heading (一般公共预算财政拨款支出 read as `本`), and the column
    read under the next heading is that fund's; its amounts are flagged."""
    funded = {kind for kind, items in income.items() if any(line.amounts for line in items)}
    unnamed = [kind for kind in funded if kind not in columns]
    idle = [kind for kind in columns if kind in income and income[kind] and kind not in funded]
    if len(unnamed) != 1 or len(idle) != 1:
        return columns
    spent, wrong = unnamed[0], idle[0]
    for line in lines:
        for cell in line.amounts:
            if line.side is Side.expenditure and cell.column is wrong:
                cell.column = spent
                cell.amount.reasons.append(Reason.column_inferred)
                cell.amount.confidence = confidence(cell.amount.reasons)
    return [spent if kind is wrong else kind for kind in columns]


def _doubt_after_unnamed_fund(lines: list[BudgetLine], columns: list[ColumnKind],
                              income: dict[ColumnKind, list[BudgetLine]]) -> None:
    """A fund the income side names (`_fund_income`: its item printed, with or without an amount)
    whose column the header does not name, while a fund after it in the template's order
    (一般公共预算, 政府性基金, 国有资本经营) is named: the OCR garbled that fund's heading, and what
    was read under the next fund's column by order may be its own. Those amounts are flagged
    `column_inferred`, not moved: the income side does not say which fund spent them
    (`_funds_by_income` moves them when it does)."""
    order = [kind for kind, _ in _FUNDS]
    lost = [order.index(kind) for kind, items in income.items() if items and kind not in columns]
    if not lost:
        return
    after = {kind for kind in columns if kind in order and order.index(kind) > min(lost)}
    for line in lines:
        for cell in line.amounts:
            if line.side is Side.expenditure and cell.column in after and Reason.column_inferred not in cell.amount.reasons:
                cell.amount.reasons.append(Reason.column_inferred)
                cell.amount.confidence = confidence(cell.amount.reasons)


def _spending_columns(lines: list[str]) -> list[ColumnKind]:
    """The expenditure columns the header names (the income side has its one 预算数)."""
    spending: list[ColumnKind] = []
    for line in lines:
        parts = re.split(r"项\s*目", line)
        # the expenditure side's words follow its own 项目 heading
        words = parts[-1] if len(parts) >= 3 else line
        spending += [k for k in named_columns(words, summary=True) if k not in spending]
    spending = without_spanning(spending)
    if spending and spending[0] is not C.total:
        spending.insert(0, C.total)
    return spending


def _summary_children(line: BudgetLine, lines: list[BudgetLine]) -> list[BudgetLine]:
    if line.row_kind is not RowKind.total or line.side is not Side.expenditure:
        return []
    return [x for x in lines if x.side is Side.expenditure and x.row_kind is RowKind.item]


# ------------------------------------------------------------------ 三公 tables

# The 上海 template's columns, left to right: 合计 = 出国 + 接待 + 车, 车 = 购置 + 运行.
THREE_PUBLIC = ["三公经费合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "机关运行经费"]


def parse_three_public(text: str, chunk: Chunk) -> LineTable:
    """A 三公 table: a vertical list of items, or one row of values under a
    header of item names."""
    grid = read_grid(text, chunk.header_end, chunk.end, chunk.layout, chunk.printed)
    rows = [[c for c in row.cells if c] for row in grid.rows]
    value_rows = [i for i, cells in enumerate(rows) if len(cells) >= 2 and all(is_number(c) for c in cells)]
    labelled = [i for i, cells in enumerate(rows) if any(is_number(c) for c in cells) and not is_number(cells[0])]
    if value_rows and (not labelled or value_rows[0] < labelled[0]):
        i = value_rows[0]
        if _blanks_leave_no_room(grid.layout, grid.rows[: i + 1]) and sum(map(len, rows[:i])) != len(rows[i]):
            return _template_row(chunk, rows[i], rows[:i], blind=True)
        if grid.layout is not Layout.spaced or _header_positions_hold(rows[:i], rows[i]):
            return _one_row(text, chunk, rows[:i], rows[i], grid.layout is not Layout.spaced)
        return _template_row(chunk, rows[i], rows[:i])
    return _item_list(text, chunk, grid)


def _item_list(text: str, chunk: Chunk, grid: Grid) -> LineTable:
    """Items down the page, each with its amounts (本年预算数, 其中: 一般公共预算 …)."""
    table = made_table(LineTable, **table_fields(chunk))
    rows = read_rows(text, grid)
    first = next((i for i, r in enumerate(rows) if r.name is not None and (r.numbers or r.texts)), None)
    if first is None:
        table.empty = True
        return table
    header = [r.cells for r in rows[:first]]
    items = [r for r in rows[first:] if r.name is not None]
    year = header_year([" ".join(c.text for c in cells) for cells in header] + [chunk.title])
    columns = number_columns(grid, [r.numbers for r in items]) if grid.aligned else None
    if columns:
        name_columns(columns, header, year, grid.layout is not Layout.spaced)
        _amounts_of_items(columns)
    else:
        kinds = _list_columns([" ".join(c.text for c in cells) for cells in header], year)
    for row in items:
        label = merge_cells(text, [row.code_cell, row.name]) if row.code_cell else row.name
        if columns:
            amounts = aligned_amounts(row.numbers, columns, table.unit)
        else:
            amounts = proportional_amounts(Placed(label.x, row.numbers), kinds, set(), Step(None, False), table.unit)
        table.lines.append(_item_line(label, None, amounts))
    table.columns = list(dict.fromkeys(a.column for line in table.lines for a in line.amounts))
    return table


def _list_columns(header: list[str], year: int | None) -> list[ColumnKind]:
    """Columns of an item list in reading order (本年预算数, 其中: 一般公共预算 …; 年初预算数,
    决算数); a header naming none, or only a part (其中: …), has the item's amount first."""
    kinds = named_columns(" ".join(header), summary=True, year=year)
    if not kinds or any(kinds[0] in parts for parts, _, _ in PARTS):
        kinds.insert(0, C.total)  # 其中: 一般公共预算 is a part of the amount before it
    return kinds


def _blanks_leave_no_room(layout: Layout, rows: list[Row]) -> bool:
    """Whether the header and values (`rows`) were joined with their empty cells dropped, so that
    neither a blank value nor a heading spanning columns left a mark: no empty cell in any row where
    the source delimits cells (a tab-delimited text keeps one between its tabs), or in spaced text,
    each cell a few spaces from the next (a line's cells joined by one fixed gap: text copied out of a
    viewer, an OCR service's lines), where a cell stands saying nothing of its column. A PDF text
    layer's cells stand in their own columns."""
    if layout is Layout.pdf:
        return False
    if layout is not Layout.spaced:
        return all(all(row.cells) for row in rows)
    return all(b.start - a.end <= JOINER for row in rows for a, b in zip(row.filled, row.filled[1:]))


def _header_positions_hold(header: list[list[Cell]], values: list[Cell]) -> bool:
    """Header words and values share one horizontal scale (a text layer): the
    values fall under the header's extent and in its order."""
    words = [c for cells in header for c in cells]
    if not words:
        return False
    return min(c.x for c in words) - 4 <= values[0].x and values[-1].x_end <= max(c.x_end for c in words) + 8


# A heading's decoration, not its item: a year before it, 预算数 after it (2024年机关运行经费预算数).
_DECORATION = LazyPattern(r"^\d{4}年度?|(预算|决算)?数$")
# Headings of 三公 tables, for joining a heading wrapped over lines (因公出国 / （境）费).
THREE_PUBLIC_HEADINGS = [
    "合计", "小计", "三公经费", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置及运行维护费",
    "公务用车购置费", "公务用车运行费", "公务用车运行维护费", "会议费", "培训费", "机关运行经费",
]


def _heading_score(text: str) -> float:
    key = _DECORATION.sub("", re.sub(r"[“”\"'\s]", "", unicodedata.normalize("NFKC", text)))
    return process.extractOne(key, THREE_PUBLIC_HEADINGS, scorer=fuzz.ratio)[1]


def _continues(upper: str, lower: str) -> bool:
    joined = _heading_score(upper + lower)
    return joined >= 80 and joined > _heading_score(upper)


# What the 上海 template's header prints over its seven columns (its order is THREE_PUBLIC's).
_TEMPLATE_HEADINGS = ["因公出国(境)费", "公务接待费", "公务用车购置及运行费"]


def _prints_template(printed: str) -> bool:
    """The header is the 上海 template's: it prints 因公出国(境)费, 公务接待费 and
    公务用车购置及运行费 (found with OCR tolerance; tesseract may lose 机关运行经费),
    the vehicle heading not between the other two on their line (it heads a
    group above them), and no heading the template lacks (会议费, 培训费)."""
    places = []
    for heading in _TEMPLATE_HEADINGS:
        hit = fuzz.partial_ratio_alignment(heading, printed)
        if hit is None or hit.score < 80:
            return False
        places.append(hit.dest_start)
    abroad, reception, vehicle = places
    return not abroad < vehicle < reception and not re.search(r"会议费|培训费", printed)


_NOT_HEADING = LazyPattern(r"^(公开表|表\s*\d|部门[:：]|单位[:：]|编制|填报)")


def _one_row(text: str, chunk: Chunk, header: list[list[Cell]], values: list[Cell], indexed: bool) -> LineTable:
    """One row of values, each named by the heading it stands under.

    A heading wrapped over lines is joined (因公出国 / （境）费); a value under a
    bare 小计 takes its group's name (“三公”经费小计, the group heading being
    centred over the columns it spans, to the right of its 小计); a heading with
    no value under it is a blank cell: an item with no amount.
    """
    table = made_table(LineTable, **table_fields(chunk))
    header = [[c for c in cells if not _NOT_HEADING.match(c.compact)] for cells in header_rows(header)]
    leaves = header_leaves([cells for cells in header if cells], _continues, indexed)
    picks = match_leaves(values, leaves)
    if picks is None:
        return _template_row(chunk, values, header)
    taken = dict(zip(picks, values))
    names = _item_names(leaves, indexed)
    for i, leaf in enumerate(leaves):
        label = leaf.words[0]  # a wrapped heading spans lines: its first word anchors it
        line = budget_line(row_kind=RowKind.total if i == 0 and names[i] == "合计" else RowKind.item,
                           name=make_text(label, names[i]))
        if i in taken:
            amount = make_amount(taken[i], table.unit)
            if amount is not None:
                line.amounts.append(amount_cell(C.total, leaf.name, amount))
        table.lines.append(line)
    table.columns = [C.total]
    return table


_VEHICLE_PART = LazyPattern(r"^(购置费|运行费|运行维护费)$")


def _item_names(leaves: list[Leaf], indexed: bool) -> list[str]:
    """Item names of the leaves of a 三公 header, with what their groups say.

    A group heading is centred over the columns it spans, and its 小计 is its
    first column: so, right to left, each bare 小计 takes the nearest group
    heading that starts right of it (“三公”经费小计); a leading 合计 takes the
    one group left over, if any (the 上海 template's 合计 under “三公”经费预算数).
    购置费 / 运行费 in a 三公 table are the 公务用车's. Years and 预算数 decorate
    a heading, not the item. In cells a source delimits (`indexed`) the group
    over a 小计 is exact.
    """
    clean = lambda text: _DECORATION.sub("", text)  # noqa: E731
    names = [clean(leaf.name) for leaf in leaves]
    groups = list({id(g): g for leaf in leaves for g in leaf.groups}.values())
    for i in sorted(range(len(leaves)), key=lambda i: -leaves[i].x):
        if names[i] == "小计" and indexed and leaves[i].groups:
            group = leaves[i].groups[-1]  # cells: the group over it is exact
            groups = [g for g in groups if g is not group]
            names[i] = clean(group.compact) + names[i]
        elif names[i] == "小计" or i == 0 and names[i] == "合计":
            right = [g for g in groups if g.x >= leaves[i].x - 2]
            group = min(right, key=lambda g: (abs(g.x - leaves[i].x), g.start), default=None)
            if group is not None and (names[i] == "小计" or len(right) == 1):
                groups.remove(group)
                names[i] = clean(group.compact) + names[i]
        elif _VEHICLE_PART.match(names[i]):
            names[i] = "公务用车" + names[i]
    return names


def _template_row(chunk: Chunk, cells: list[Cell], header: list[list[Cell]], blind: bool = False) -> LineTable:
    """The 上海 template's one row in tesseract text: a blank cell leaves only a
    gap, so each value is placed by where it sits between the first value
    (合计) and the last (机关运行经费). Only a header that prints the template's
    headings vouches for their order: under any other, every value is flagged.
    Where a blank left no gap (`blind`: `_blanks_leave_no_room`), the values
    between the first and the last fill the columns after 合计 in order, each
    in doubt unless all seven are printed."""
    table = made_table(LineTable, **table_fields(chunk))
    printed = re.sub(r"\s", "", unicodedata.normalize("NFKC", " ".join(c.raw for cells in header for c in cells)))
    template = _prints_template(printed)
    last = len(THREE_PUBLIC) - 1
    if len(cells) == len(THREE_PUBLIC):
        positions = [float(i) for i in range(len(cells))]
    elif blind:
        positions = [float(min(i, last)) for i in range(len(cells) - 1)] + [float(last)]
        template = False  # a guess: every value in doubt
    else:
        span = cells[-1].x_end - cells[0].x_end or 1  # cells of a line are left to right; one cell: no span
        positions = [last * (c.x_end - cells[0].x_end) / span for c in cells]
    placed = [round(p) for p in positions]
    guess = len(set(placed)) < len(placed)
    for cell, index, position in zip(cells, placed, positions):
        off_grid = abs(position - index) > 0.3
        reasons = [Reason.column_inferred] if guess or off_grid or not template else []
        amount = make_amount(cell, table.unit, reasons)
        if amount is None:
            continue
        name = make_text(Cell("", cell.start, cell.start), THREE_PUBLIC[index])
        table.lines.append(
            budget_line(row_kind=RowKind.item, name=name,
                        amounts=[amount_cell(C.total, THREE_PUBLIC[index], amount)])
        )
    table.columns = [C.total]
    return table
