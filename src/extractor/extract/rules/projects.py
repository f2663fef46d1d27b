"""Rule parser for project performance tables (项目支出绩效目标表).

Header fields are found by their labels wherever they sit (same row, the row
below, or inside the label cell as `项目(政策)名称：社区矫正经费`), then
checked against what the field must look like; a value in the wrong place is
put where it fits and flagged `cell_shifted`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Sequence

from rapidfuzz import fuzz

from ...confidence import confidence
from ...grid import CJK, Cell, Layout, Row, cjk_count, display_width, is_number, rows_of
from ...lazyre import LazyPattern
from ...models import (
    Candidate,
    ProjectPerformance,
    ProjectTable,
    Reading,
    Reason,
    Span,
    SpendingMilestone,
    Text,
    made_table,
    new_project,
)
from ...numbers import clean_text, parse_money
from ...pairing import norm_text
from ...segment import BUDGET, GOAL_CJK, LIST_TOTAL, Chunk, goal_line, heading_pieces, list_header, wrapped_header_at
from ...vocabulary import (
    LIST_COLUMNS,
    MONEY_UNIT_AFTER,
    PAGE_FURNITURE,
    PROJECT_LABELS,
    TREE_HEADINGS,
    Label,
    fold,
    names_again,
    stacked,
    value_start,
)
from ..common import table_fields, unit_of
from .common import NOT_WORD, doubt, make_amount, make_text, reread_text
from .indicators import (
    joined_header, joined_pieces, parse_indicators, read_header, read_tree, second_tree, tree_start,
)


def _label(cell: Cell) -> Label | None:
    """The project-form label a cell starts with (`vocabulary.PROJECT_LABELS`). 单位名称 read only like its start
    is none: `单位` is the money unit's line (`单位：万元`) or the end of another label wrapped down its cell
    (实施 / `单位“`), no unit filing the form."""
    hit = PROJECT_LABELS.match(cell.raw)
    return None if hit is not None and hit.field == "filing_unit" and hit.weak else hit


_AMOUNT_FIELDS = {"funds_total", "funds_fiscal", "funds_other"}
_UNIT_FIELDS = {"department", "implementing_unit"}
_UNIT_LABEL = LazyPattern(r"^单\s*位\s*[:：]")  # `单位：万元`, no name
_UNIT_NOTE = LazyPattern(r"^[(（〈]?\s*(万元|元|千元|亿元)\s*[)）〉]?$")
_UNIT_START = LazyPattern(r"^(\d{3,6}\s*)?[-－]")  # `223001-吴忠市…`, `-吴忠市…`: a unit's code and name, cut
_UNIT_CODE = LazyPattern(r"^[\[【(（]?\d{3,8}[\]】)）]?$")
_UNIT_WORDS = "局|本级|单位|部门|政府|委员会|办公室|中心"  # the last words of a unit's name
_UNIT_LIKE = LazyPattern(rf"^(【?\d{{3,6}}】?\s*[-－]?\s*)?\S*({_UNIT_WORDS})$")
_OFFICE_LIKE = LazyPattern(r"^\d{2}\s*-\s*\S+(股|科|处|室)$")
# A project code: letters and digits, with a digit (13030322P00408810001P, 2021-0013); `0`, `人` are specks.
_CODE_LIKE = LazyPattern(r"^(?=.*\d)[0-9A-Za-z][0-9A-Za-z-]{3,}$")
# 1年, 2021年-2021年, 2021年3月, 项目期, 202001-202012, 2023.07-2024.01, 2023-2025 (its alternatives
# tried only where one can start: a digit, 年, 期 or a line's start; not at every character, ~2x faster)
_PERIOD_LIKE = LazyPattern(
    r"(?=[\d年期]|^)((?<!\d)\d{1,2}\s*年期?|^[\]\[|lI!]?\s?年$|\d{4}\s*年(?:度?$|\s*\d)|年\s*[-—至]|\d{4}年\d{1,2}月|期|\d{6}\s*[-—至]\s*\d{6}|\d{4}([./]\d{1,2})?\s*[-—至~]\s*\d{4})")
# The money unit printed over the form (`单位：万元`), or its end wrapped onto a line of its own (`万元`).
_UNIT_LINE = LazyPattern(r"^单\s*位\s*(?:[:：，,;；]|万元|千元|元|$)|^(?:万元|千元|元)$")
# the unit line's cell whole (`单位：万元`), not a wrapped text's line that starts so (`单位，共计185个单位…`)
_MONEY_UNIT_LINE = LazyPattern(r"^单\s*位\s*[:：，,;；]?\s*(?:万元|千元|元)$")
_MILESTONE = LazyPattern(r"^\d{1,2}月(底|末)$")


_PROSE_FIELDS = frozenset({"annual_goal", "fund_use"})  # texts that may name a label's words in their sentences
_WORD_GAP = LazyPattern(r"\s+")


def _before_label(rest: str, field_name: str) -> tuple[str, Label | None]:
    """The value in the rest of a label's cell, and the label of another field that follows it after a
    space, if any (`主管部门 2天下让条村全 实施单位`: the OCR read two cells as one), or at once (`项目属性 项目期限
    1年`: its value blank, the line's cells joined by single spaces): the value ends there, in doubt (the
    cells' boundary was the OCR's to draw). A goal's or a fund use's sentences are whole."""
    if field_name in _PROSE_FIELDS:
        return rest, None
    # (at the rest's start too: the label's own value was blank and its cell left no room, `项目属性 项目期限 1年`)
    for start, end in [(0, 0), *(gap.span() for gap in _WORD_GAP.finditer(rest))]:
        hit = PROJECT_LABELS.match(rest[end:])
        if hit is not None and not hit.weak and hit.field != field_name and hit.field not in _PROSE_FIELDS and (
                end > 0 or _stands_apart(rest, hit)):
            return rest[:start], hit
    return rest, None


def _stands_apart(text: str, hit: Label) -> bool:
    """Whether the label `text` starts with ends as a word: the text's end, a space or mark, or a digit after it.
    A value may start with a label's words (`财政资金绩效评价经费`, `预算数据管理经费`: project names), glued on."""
    at = value_start(text, hit)
    return at >= len(text) or not text[at - 1].isalnum() or text[at].isdigit()


def _value_after_label(cells: list[Cell], c: int, hit: Label) -> bool:
    """Whether cell `c`, led by a label's words glued to more (`财政资金绩效评价经费`: 财政资金 is a 其中 label),
    is the value of the bare label before it (`项目名称 | 财政资金绩效评价经费`, a line whose cells single spaces
    join read word by word), not a label of its own."""
    if c == 0 or _stands_apart(cells[c].raw, hit):
        return False
    before = _label(cells[c - 1])
    return before is not None and value_start(cells[c - 1].raw, before) >= len(cells[c - 1].raw)


def _inline_cell(cell: Cell, rest: str) -> Cell:
    """The value part of a `label：value` cell, with its own span."""
    at = cell.raw.rfind(rest)
    start = cell.start + (at if at >= 0 else 0)
    return Cell(rest, start, start + len(rest), cell.x, cell.x_end)


@dataclass
class _Found:
    cell: Cell
    shifted: bool = False
    cut: bool = False  # a unit's name that does not end as one: a piece of a wrapped name


def _fits(field_name: str, cell: Cell) -> bool:
    text = cell.text
    if field_name not in _AMOUNT_FIELDS and PROJECT_LABELS.fragment(text):
        return False  # a piece of a label printed down its cell (`门及代`), no value
    if field_name in _AMOUNT_FIELDS:
        return parse_money(cell.raw, "万元") is not None
    if field_name == "period":
        return bool(_PERIOD_LIKE.search(text)) and len(text) <= 30 and not _UNIT_LIKE.match(text)
    if field_name == "supervising_office":
        return bool(_OFFICE_LIKE.match(text))
    if field_name == "project_attribute":
        return len(text) <= 12 and not _UNIT_LIKE.match(text) and not is_number(cell)
    if field_name == "project_name":
        return not is_number(cell) and not _UNIT_LABEL.match(text)
    if field_name in ("department", "implementing_unit"):
        return not is_number(cell) and not _OFFICE_LIKE.match(text)
    if field_name == "project_code":
        return bool(_CODE_LIKE.match(cell.compact))
    if field_name in _PROSE_FIELDS and is_number(cell):
        return False  # a goal or a fund use is words: a bare figure (`年度 | 10.518` of 项目年度金额) is an amount
    return not _UNIT_LABEL.match(text)




def _noise(cell: Cell) -> bool:
    """An OCR speck or a rule between a label and its value (`“`, `|`, one stray character)."""
    return _noise_text(cell.compact)


@lru_cache(maxsize=16384)  # (by the text: the forms' labels and values repeat)
def _noise_text(compact: str) -> bool:
    core = NOT_WORD.sub("", compact)
    return not core or (len(core) == 1 and not core.isdigit())


_YEAR_LABEL = LazyPattern(r"当年|年度|本年")  # a funds label of the year's figure, not the whole period's


def _scan_labels(rows: list[Row]) -> tuple[dict[str, _Found], list[tuple[int, Cell]], dict[str, tuple[int, int]], bool]:
    """Assign label values; return found fields, cells no label claimed (with their row), label positions,
    and whether any label came out damaged (OCR: the values beside it may be too).

    A label's value is in its own cell (`项目名称：…`), else the next cell of its
    row that is not a label, else, when nothing follows it on its row, the
    first cell of the next row (labels and values printed one cell per line)."""
    found: dict[str, _Found] = {}
    positions: dict[str, tuple[int, int]] = {}
    claimed: set[tuple[int, int]] = set()
    labels = {(r, c): hit for r, row in enumerate(rows) for c, cell in enumerate(row.cells)
              if cell and (hit := _label(cell)) and not _value_after_label(row.cells, c, hit)}
    taken: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}  # an amount field -> (its label's cell, its value's)

    def year_over_period(field_name: str, r: int, c: int) -> bool:
        """A form printing the project's whole-period funds and the year's (资金总额 | 当年资金总额, 其中：财政拨款 |
        其中：当年财政拨款): the year's label, after the period's took its field, takes it over; the period's
        amount, no field's, is left to the account (reported unread)."""
        if field_name not in taken or not _YEAR_LABEL.search(rows[r].cells[c].compact):
            return False
        (lr, lc), value_at = taken[field_name]
        if _YEAR_LABEL.search(rows[lr].cells[lc].compact):
            return False
        claimed.discard(value_at)
        del found[field_name], taken[field_name]
        return True

    def take(field_name: str, label: tuple[int, int], r: int, c: int, cell: Cell) -> bool:
        cells = rows[r].cells
        if field_name in _UNIT_FIELDS and _UNIT_CODE.match(cell.compact) and c + 1 < len(cells) and cells[c + 1] \
                and (r, c + 1) not in labels and CJK.search(cells[c + 1].raw):
            # a unit's code cut off its name by the rule of its brackets (`[015001]武汉市青山区教育局`)
            name = cells[c + 1]
            cell = Cell(f"{cell.text} {name.text}", cell.start, name.end, cell.x, name.x_end)
            claimed.add((r, c + 1))
        if (r, c) in claimed or not _fits(field_name, cell):
            return False
        found[field_name] = _Found(cell)
        claimed.add((r, c))
        if field_name in _AMOUNT_FIELDS:
            taken[field_name] = (label, (r, c))
        return True

    for (r, c), hit in labels.items():
        if (r, c) in claimed:
            continue  # taken as a value (`项目属性 | 其他项目`)
        claimed.add((r, c))
        field_name = hit.field
        positions.setdefault(field_name, (r, c))
        if field_name in found and not year_over_period(field_name, r, c) \
                or field_name in ("block", "heading", "category", "spending_plan", "fund_use"):
            continue
        if hit.rest and not _UNIT_NOTE.match(hit.rest):  # `年度资金总额（万元）`: the unit, not the value
            rest, tail = _before_label(hit.rest, field_name)
            value = _inline_cell(rows[r].cells[c], rest)
            if rest and _fits(field_name, value):
                found[field_name] = _Found(value, shifted=tail is not None)
            if tail is not None and tail.rest and tail.field not in found:
                # the glued label's own value in the same piece (`… 实施单位 223001-…`): its field's, in doubt
                after = _inline_cell(rows[r].cells[c], tail.rest)
                if _fits(tail.field, after):
                    found[tail.field] = _Found(after, shifted=True)
            continue
        row = rows[r].cells
        after = None
        for c2 in range(c + 1, len(row)):  # (a loop, not a generator: a form's rows hold many blank cells)
            if row[c2] and not _noise(row[c2]):
                after = c2, row[c2]
                break
        if after:
            c2, nxt = after
            strong = labels.get((r, c2))
            if (strong is None or strong.weak) and take(field_name, (r, c), r, c2, nxt) or _fits(field_name, nxt):
                continue
        # the value on the next row, past a line of specks only (`项目名` / `外` / `水电费`)
        r_below = r + 2 if r + 2 < len(rows) and not [c2 for c2 in rows[r + 1].cells if c2 and not _noise(c2)] else r + 1
        if r_below < len(rows):
            below = [(c2, cell) for c2, cell in enumerate(rows[r_below].cells) if cell and not _noise(cell)]
            if field_name in _AMOUNT_FIELDS and (r, c + 1) not in labels:
                # page text: a label wrapped over two lines (`项目年度全` / `额  10.518`) has its amount on the second,
                # unless that line is another amount's (`其中: 财政拨款 … 1`): its number is its own label's
                if any((h := labels.get((r_below, c2))) is not None and not h.weak and h.field != field_name
                       and h.field in _AMOUNT_FIELDS for c2, _ in below):
                    continue
                below = [(c2, cell) for c2, cell in below if is_number(cell) and cell.x >= row[c].x] or below
            if below and (below[0][1].x <= row[c].x or len(below) == 1 or len(row) == 1):
                c2, cell = below[0]
                hit2 = labels.get((r_below, c2))
                if hit2 is None or hit2.weak:
                    take(field_name, (r, c), r_below, c2, cell)
    unclaimed = [
        (r, cell)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row.cells)
        if cell and (r, c) not in claimed and (r, c) not in labels
    ]
    return found, unclaimed, positions, any(not hit.exact and not hit.weak for hit in labels.values())


def parse_project_table(text: str, chunk: Chunk) -> ProjectTable:
    if chunk.columns is not None:
        return _list_project(text, chunk)
    rows = _page_breaks_dropped(rows_of(text, chunk.header_end, chunk.end, chunk.layout), paged=True)
    unit = unit_of(chunk)
    list_total = None
    if chunk.listed:  # (the list's 合计 row, under its last project's tree: no indicator of it)
        total = _list_total_at(rows, least=2)
        if total is not None:
            list_total = make_amount(rows[total].filled[1], unit, unit_in_cell=True)
            rows = rows[:total] + rows[total + 1:]
    indicator_at = tree_start(rows)
    indicator_at = len(rows) if indicator_at is None else indicator_at
    head_rows = rows[:indicator_at]
    if chunk.layout is Layout.spaced:
        head_rows = _words_between_labels(text, head_rows)
        head_rows, whole = _labels_down_cell(head_rows)
        head_rows = _unglue_amounts(_stack_labels(head_rows))
    else:
        whole = set()
    found, unclaimed, positions, damaged = _scan_labels(head_rows)
    _filing_unit(found, positions)
    for hit in found.values():
        hit.shifted = hit.shifted or id(hit.cell) in whole
    project = new_project()
    warnings: list[str] = []

    # An orphan line above 项目名称 is the project name pushed out of its row
    # (seed 002 社区矫正工作经费); the cell next to 项目名称 then holds the department.
    # A line a label above took as its value (`实施期` / `2021年1月 一 2021年12月`) is no orphan.
    name_row = positions.get("project_name", (len(head_rows),))[0]
    free = {id(c) for _, c in unclaimed}
    orphans = []
    for row in head_rows[:name_row]:
        cells = [c for c in row.filled if not _UNIT_LINE.match(c.text)]
        if len(cells) == 1 and not _label(cells[0]) and id(cells[0]) in free:
            orphans.append(cells[0])
    # 003: the line under the title names the implementing unit (315001司法部门…).
    unit_lines = [c for c in orphans if re.match(r"^\d{6}", c.text)]
    if unit_lines and "implementing_unit" not in found:
        found["implementing_unit"] = _Found(_without_money_unit(unit_lines[0]))  # `…司法局本级 单位，万元`
    orphans = [c for c in orphans if c not in unit_lines]
    if orphans and "project_name" in positions:
        current = found.get("project_name")
        # a unit's code and name (`223001-吴忠市…`) beside 项目名称 is no name
        if current is None or _UNIT_LIKE.match(current.cell.text) or re.match(r"^\d{3,6}\s*[-－]", current.cell.text):
            if current is not None and "department" not in found and _UNIT_LIKE.match(current.cell.text):
                found["department"] = _Found(current.cell, shifted=True)
            found["project_name"] = _Found(orphans[-1], shifted=True)
            unclaimed = [(r, c) for r, c in unclaimed if c is not orphans[-1]]
    # Values left unclaimed go to a missing field they fit, flagged. A field
    # whose label was dropped (000 表11-8 prints `主管部门 | 中宁县司法局 |
    # 中宁县司法局本级`) is expected on the row of the label it sits beside.
    beside = {"implementing_unit": "department", "department": "implementing_unit", "period": "project_attribute"}

    def expected(field_name: str, r: int) -> bool:
        return field_name not in found and (
            field_name in positions or positions.get(beside.get(field_name, ""), (None,))[0] == r
        )

    for r, cell in unclaimed:
        text_ = cell.text
        if _OFFICE_LIKE.match(text_) and expected("supervising_office", r):
            found["supervising_office"] = _Found(cell, shifted=True)
        elif _UNIT_LIKE.match(text_) and (re.match(r"^\d{3,6}", text_) or expected("implementing_unit", r)):
            # a 6-digit unit code (223001) is a unit under its 3-digit department (223)
            order = ("implementing_unit", "department") if re.match(r"^\d{6}", text_) else ("department", "implementing_unit")
            for field_name in order:
                if expected(field_name, r):
                    found[field_name] = _Found(cell, shifted=True)
                    break
        elif _fits("period", cell) and expected("period", r) and len(text_) <= 12:
            found["period"] = _Found(cell, shifted=True)
    _fields_by_order(head_rows, found, positions, unclaimed)

    if "funds_total" not in found and (total := _funds_sum(head_rows, unclaimed, positions)) is not None:
        found["funds_total"] = _Found(total)
    if chunk.layout is Layout.spaced and not _AMOUNT_FIELDS & found.keys():
        lone = _lone_amount(head_rows, unclaimed)
        if lone is not None:
            found["funds_total"] = _Found(lone, shifted=True)
    if chunk.layout is Layout.spaced:
        _wrapped_units(head_rows, found, positions)
    if chunk.layout is Layout.spaced and "project_code" in positions:
        _code_above(head_rows, positions["project_code"][0], found, unclaimed)
        _code_below(head_rows, positions["project_code"][0], found, unclaimed)
    if chunk.layout is Layout.spaced:
        for field_name in ("project_name", "annual_goal"):
            if field_name in found and id(found[field_name].cell) not in whole:  # (a cell's lines joined whole)
                hit = found[field_name]
                joined = _wrapped(head_rows, hit.cell, [found[f].cell.compact for f in _UNIT_FIELDS & found.keys()], field_name)
                found[field_name] = _Found(joined, hit.shifted or joined is not hit.cell)
    for field_name, hit in found.items():
        reasons = [Reason.cell_shifted] if hit.shifted else []
        if hit.cut:
            reasons.append(Reason.illegible)
        if field_name in _AMOUNT_FIELDS:
            setattr(project, field_name, make_amount(hit.cell, unit, reasons, unit_in_cell=True))
        elif field_name in ProjectPerformance.model_fields:
            setattr(project, field_name, _text_field(hit.cell, reasons, field_name))
    _code_off_name(project)
    _name_from_title(text, chunk, project)
    if project.project_name is None and "project_name" not in positions and chunk.layout is Layout.spaced:
        project.project_name = _name_before_labels(head_rows)
    project.fund_use = _fund_use(head_rows, unclaimed, positions)
    if project.annual_goal is None and "annual_goal" in positions:
        goals = [c for _, c in unclaimed if re.match(r"^(<p>)?目标\s*\d", c.text)]
        if goals:
            joined = Cell("\n".join(c.raw for c in goals), goals[0].start, goals[-1].end)
            project.annual_goal = make_text(joined, " ".join(_strip_tags(c.text) for c in goals))
    if project.annual_goal is None and chunk.layout is Layout.spaced and indicator_at < len(rows):
        project.annual_goal = _goal_before_tree(head_rows)
    project.spending_plan = _spending_plan(head_rows)
    if chunk.layout is Layout.spaced:
        _total_cut_short(project, unit)
    fiscal_at = positions.get("funds_fiscal")
    # `其中：财政拨款` names a part of the year's funds: the total's row is printed, whether or not its label was read
    as_part = fiscal_at is not None and head_rows[fiscal_at[0]].cells[fiscal_at[1]].compact.startswith("其中")
    _total_from_parts(project, "funds_total" in positions or as_part, chunk.layout is Layout.spaced)
    if chunk.listed:
        # (the list's department line over its header, its name wrapped on the lines under it too)
        project.department = _list_department(text, chunk.listed[0], _ABOVE_WRAPPED) or project.department
        # (a list's row prints no labels: its cells are told by their words, in doubt)
        listed = _list_row(rows, chunk.listed[1], project.department.value if project.department else None)
        project.implementing_unit = project.implementing_unit or listed.unit
        project.project_name = listed.name or project.project_name
        project.annual_goal = project.annual_goal or listed.goal
        # (its 预算数 is the first figure the row prints in the amount's shape)
        budget = next((c for row in rows for c in row.filled if BUDGET.match(c.compact)), None)
        if project.funds_total is None and budget is not None:
            project.funds_total = make_amount(budget, unit, unit_in_cell=True)
            doubt(project.funds_total, Reason.column_inferred)
        rows = _list_tree(text, rows, chunk, listed.taken | {id(budget)})
        indicator_at = 0
    if project.project_name is None:
        warnings.append("no project name found")

    if indicator_at < len(rows):
        project.indicators = read_tree(rows[indicator_at:], chunk.layout)
        if (second := second_tree(rows, indicator_at)) is not None:
            # another form's tree under this one's: its rows are read as this project's, each in doubt
            warnings.append("a second indicator tree in the form: two forms read as one (the other's title and "
                            "name lost?), its rows read as this project's")
            for ind in project.indicators:
                if ind.level3.span is not None and ind.level3.span.start >= rows[second].start:
                    doubt(ind.level3, Reason.cell_shifted)
    else:
        warnings.append("no indicator table found")
    table = made_table(ProjectTable, **table_fields(chunk), project=project, warnings=warnings, list_total=list_total)
    table._labels, table._damaged = set(positions), damaged
    return table


# `合计：35.6万元` among the lines of a 资金来源 block (财政拨款：… / 其他资金：… / 合计：…): the year's funds
_FUNDS_SUM = LazyPattern(rf"{LIST_TOTAL.pattern}\s*[:：;；]?\s*(?=\d)")


def _funds_sum(rows: list[Row], unclaimed: list[tuple[int, Cell]], positions: dict[str, tuple[int, int]]) -> Cell | None:
    """The amount of a `合计：…` cell no label took, on the lines of the funds' parts (财政拨款, 其他资金) or right
    above or under them: the year's funds in all (`funds_total`); None when there is none."""
    parts = [positions[f][0] for f in ("funds_fiscal", "funds_other") if f in positions]
    if not parts:
        return None
    for r, cell in unclaimed:
        if min(parts) - 1 <= r <= max(parts) + 1 and (m := _FUNDS_SUM.match(cell.text)):
            return _inline_cell(cell, cell.text[m.end():])
    return None


def _without_money_unit(cell: Cell) -> Cell:
    """A cell without the money unit printed after its text on its line (`vocabulary.MONEY_UNIT_AFTER`)."""
    note = MONEY_UNIT_AFTER.search(cell.raw)
    return cell if note is None else Cell(cell.raw[:note.start()], cell.start, cell.start + note.start(), cell.x, cell.x_end)


def _filing_unit(found: dict[str, _Found], positions: dict[str, tuple[int, int]]) -> None:
    """The unit filing a project form, printed over it (`单位名称：安远县农业农村局    单位：万元`): its department
    where the form prints no 主管部门 (a 项目支出绩效目标表 is filed by the department over the project), else no
    field's: the account takes it as read where it names the department read, and reports it where it names
    another (the 主管部门 printed is kept, the two not settled silently)."""
    filer = found.pop("filing_unit", None)
    if filer is not None and "department" not in positions:
        found["department"] = _Found(_without_money_unit(filer.cell), filer.shifted, filer.cut)


def _list_project(text: str, chunk: Chunk) -> ProjectTable:
    """One project of a multi-project list (`segment._list_parts`): its own columns
    (`vocabulary.LIST_COLUMNS`: 单位名称, 项目名称, 预算数, 年度目标) from its first row, and
    its indicator tree from the 一级 column on, read under the list's header row."""
    header = rows_of(text, *chunk.columns, chunk.layout)[0]
    rows = _page_breaks_dropped(rows_of(text, chunk.header_end, chunk.end, chunk.layout))
    own: dict[str, int] = {}
    for i, cell in enumerate(header.cells):
        hit = LIST_COLUMNS.match(cell.text, whole=True) if cell else None
        if hit is not None:
            own.setdefault(hit.field, i)
    tree_at = own.pop("level1")
    total = _list_total_at(rows)
    list_total = None
    if total is not None:  # (the list's, no project's nor indicator's row)
        cells, at = rows[total].cells, own.get("funds_total")
        if chunk.layout is Layout.spaced:  # (its blank cells dropped: the amount is the one after the label)
            cells, at = rows[total].filled, 1
        if at is not None and at < len(cells) and cells[at]:
            list_total = make_amount(cells[at], unit_of(chunk), unit_in_cell=True)
        rows = rows[:total] + rows[total + 1:]
    project = new_project()
    first = rows[0].cells if rows else []
    for field_name, i in own.items():
        cell = first[i] if i < len(first) else None
        if not cell:
            continue
        if field_name in _AMOUNT_FIELDS:
            setattr(project, field_name, make_amount(cell, unit_of(chunk), unit_in_cell=True))
        else:
            setattr(project, field_name, _text_field(cell, [], field_name))
    if project.department is None:
        project.department = _list_department(text, chunk.columns[0])
    # (a line joined by spaces dropped its blank cells: the rows under the project's own print the tree's cells alone)
    tree = [Row(row.cells[tree_at:]) if k == 0 or chunk.layout is not Layout.spaced else row for k, row in enumerate(rows)]
    project.indicators = parse_indicators(tree, read_header([Row(header.cells[tree_at:])]), chunk.layout)
    warnings = [] if project.project_name is not None else ["no project name found"]
    table = made_table(ProjectTable, **table_fields(chunk), project=project, warnings=warnings, list_total=list_total)
    table._labels = frozenset(own)
    return table


# `部门名称：剑阁县农业农村局    单位：万元` over a list's header: the department whose projects it lists (its name
# maybe cut at the line's end, the OCR wrapping it: `部门名称：剑` / `单位：` / `阁县农业农村` / `万元` / `局`)
_LIST_DEPARTMENT = LazyPattern(
    r"(?:部门名称|主管部门|预算部门)\s*[:：;；]\s*(?P<name>[^\s:：]+?)(?=\s{2,}|\s*[|｜]|\s*单\s*位\s*[:：;；]|\s*$)", re.M)
_ABOVE_HEADER = 3  # lines over a list's header row where its department line stands (under the title)
_ABOVE_WRAPPED = 8  # the same over the line of a wrapped header that names the project's columns (`Chunk.listed`)
_LINE_CELLS = LazyPattern(r"\s{2,}|\s*[|｜]\s*")
_MONEY_UNIT_PIECE = LazyPattern(r"^(单\s*位\s*[:：;；,，]?\s*)?[(（〈]?\s*(万元|元|千元|亿元)?\s*[)）〉]?$")
_NAME_PIECE = LazyPattern(r"^[\u4e00-\u9fff（）()]{1,12}$")


def _list_department(text: str, header_start: int, above: int = _ABOVE_HEADER) -> Text | None:
    """The department a multi-project list is of, printed on a line over its column header
    (`部门名称：…`, `主管部门：…`) where the list has no column of it: every project's 主管部门.
    A name that does not end as a unit's (`_ends_unit`) goes on in the first cell of the lines under
    it, up to the header, past the money unit's pieces (`单位：` / `万元`): joined, in doubt (cell_shifted).
    None where no such line stands within `above` lines over the header, or its name is one
    character that no piece under it completes."""
    start = header_start
    for _ in range(above):
        start = text.rfind("\n", 0, max(start - 1, 0)) + 1
        if start == 0:
            break
    hit = None
    for hit in _LIST_DEPARTMENT.finditer(text, start, header_start):
        pass  # (the nearest line over the header)
    if hit is None:
        return None
    name, end = hit.group("name"), hit.end("name")
    if _ends_unit(name):
        return make_text(Cell(name, hit.start("name"), end))
    at = text.find("\n", hit.end(), header_start)
    while at != -1 and not _ends_unit(name):
        line_end = text.find("\n", at + 1, header_start)
        line = text[at + 1:header_start if line_end == -1 else line_end]
        piece = _LINE_CELLS.split(line.strip(), maxsplit=1)[0]
        if not _MONEY_UNIT_PIECE.match(piece):
            if not _NAME_PIECE.match(piece):
                break  # (another line of the header, or no name's piece)
            name, end = name + piece, at + 1 + line.index(piece) + len(piece)
        at = line_end
    if _ends_unit(name):
        return make_text(Cell(text[hit.start("name"):end], hit.start("name"), end), name, [Reason.cell_shifted])
    name = hit.group("name")
    return make_text(Cell(name, hit.start("name"), hit.end("name"))) if len(name) >= 2 else None


_ROW_LINES = 7  # a wrapped list's project row: its cells wrapped over this many lines from its first, at most
_TAIL_LINES = 2  # lines after a goal's last long line its last words (`地保护。`) stand on, at most (a cell beside)
_UNIT_HEAD = 60  # rapidfuzz ratio of a unit's first piece to the department's name as long, at least
_TREE_WORD = LazyPattern(r"^(产出|效益|满意|指标$)|指标$")  # a cell of the tree's columns (一级, 二级, wrapped)


@dataclass
class _ListRow:
    """A wrapped list's project row as read from its cells (`_list_row`), each in doubt (column_inferred)."""

    unit: Text | None = None
    name: Text | None = None
    goal: Text | None = None
    taken: set[int] = field(default_factory=set)  # the ids of the row's own cells read (or specks), and its goal's


def _list_row(rows: Sequence[Row], after: int, department: str | None) -> _ListRow:
    """The 单位名称, 项目名称 and 年度目标 of a project of a list whose header wraps (`Chunk.listed`: no column has
    a place), the cells wrapped over the lines of the project's row, the rows after the header's line ending at
    `after`: its first `_ROW_LINES` lines (the name's pieces down to the last of its goal's: the tree's wrap under).

    - the goal: the long prose cells (`GOAL_CJK` Chinese characters, one of them prose: `goal_line`) in line
      order, and the short piece ending in 。 within `_TAIL_LINES` lines after the last, where it does not end so;
    - the project's own cells, on each line the leading ones of short Chinese words (no tree's word, no
      figure): the unit, the first of them that begins as the list's `department` does (a unit of a department's
      list is named after the same place: `剑阁县农业技` under 剑阁县农业农村局), a line's first, with the next
      first one the name ends as a unit's with (`术推广中心`); the name, the others in order (the goal's last
      words and a one-character speck ahead of another word on its line aside).
    Each None where not found; the texts are told by their words, not their place: in doubt."""
    lines = [row for row in rows
             if row.filled and row.filled[0].start >= after and not _header_pieces(row)][:_ROW_LINES]
    long = [(k, c) for k, row in enumerate(lines) for c in row.filled if cjk_count(c.text) >= GOAL_CJK]
    if not any(goal_line(lines[k]) for k, _ in long):
        long = []
    goal_cells, last = [c for _, c in long], len(lines) - 1
    if long:
        last = long[-1][0]
        tail = next(((k, c) for k in range(last + 1, min(last + 1 + _TAIL_LINES, len(lines))) for c in lines[k].filled
                     if c.compact.endswith("。") and cjk_count(c.text) < GOAL_CJK), None)
        if tail is not None and not goal_cells[-1].compact.endswith("。"):
            goal_cells.append(tail[1])
            last = tail[0]
    own: list[list[tuple[Cell, str]]] = []
    for row in lines:
        cells = []
        for c in row.filled:
            word = NOT_WORD.sub("", c.compact)  # (marks aside)
            if not _NAME_PIECE.match(word) or _TREE_WORD.search(word):
                break
            cells.append((c, word))
        own.append(cells)
    read = _ListRow()
    unit = _row_unit([cells[0] for cells in own if cells], department) if department else None
    if unit is not None:
        read.unit = make_text(joined_pieces(unit, "\n"), "".join(
            NOT_WORD.sub("", c.compact) for c in unit), [Reason.column_inferred])
    taken = {id(c) for c in [*(unit or ()), *goal_cells]}
    read.taken = taken | {id(c) for cells in own[:last + 1] for c, _ in cells}
    pieces = [(c, word) for cells in own[:last + 1] for i, (c, word) in enumerate(cells) if id(c) not in taken
              and not (len(word) == 1 and i == 0 and len(cells) > 1)]
    if pieces and sum(len(word) for _, word in pieces) >= 2:
        read.name = make_text(joined_pieces([c for c, _ in pieces], "\n"), "".join(word for _, word in pieces),
                              [Reason.column_inferred])
    if goal_cells:
        read.goal = make_text(joined_pieces(goal_cells, "\n"), "".join(clean_text(c.text) for c in goal_cells),
                              [Reason.column_inferred])
    return read

def _list_tree(text: str, rows: Sequence[Row], chunk: Chunk, taken: set[int]) -> list[Row]:
    """The rows of a wrapped list's project (`Chunk.listed`) its indicator tree is read from: the list's header
    worked out from its wrapped lines (`indicators.joined_header`: the tree's columns, 权重 and 指标方向 among
    them), then the project's lines from its row's first without the cells the row's own columns took
    (`taken`: unit, name, goal, 预算数): the tree's first row stands on the project's row, after those cells."""
    start = text.rfind("\n", 0, max(chunk.listed[0] - 1, 0)) + 1
    end = text.find("\n", chunk.listed[1] + 1)
    lines = [row for row in rows_of(text, start, len(text) if end == -1 else end, chunk.layout) if row.filled]
    at = next((k for k, row in enumerate(lines) if row.start == chunk.listed[0]), None)
    if at is None:
        return []
    top, bottom = (lines[k] if 0 <= k < len(lines) and heading_pieces(lines[k]) else None for k in (at - 1, at + 1))
    header = joined_header(top, lines[at], bottom)
    body = []
    for row in rows:
        if not row.filled or row.start < chunk.listed[1] or bottom is not None and row.start == bottom.start:
            continue
        cells = [c for c in row.filled if id(c) not in taken]
        if cells:
            body.append(Row(cells))
    return [header, *body] if header.filled else body


def _row_unit(firsts: list[tuple[Cell, str]], department: str) -> list[Cell] | None:
    """The cells of a wrapped list's 单位名称 among the first cells of its row's lines (`_list_row`): the first
    that begins as `department`, alone where it ends as a unit's name, else with the next first cell that ends it
    so; None where none."""
    for i, (head, word) in enumerate(firsts):
        if len(word) < 2 or fuzz.ratio(word, department[:len(word)]) < _UNIT_HEAD:
            continue
        if _ends_unit(word):
            return [head]
        return next(([head, c] for c, rest in firsts[i + 1:] if _ends_unit(word + rest)), None)
    return None


def _list_total_at(rows: Sequence[Row], least: int = 1) -> int | None:
    """Where a list's total row stands (its first cell 合计 / 总计 alone, `segment.LIST_TOTAL`: the sum of its
    projects' 预算数), with `least` filled cells at least; None where there is none."""
    return next((k for k, row in enumerate(rows) if len(row.filled) >= least
                 and LIST_TOTAL.fullmatch(row.filled[0].compact)), None)


_BREAK_REACH = 3  # rows over a list's header printed again where the page's furniture (`第 22 页`) stands, at most
_HEADER_WORDS = (*TREE_HEADINGS, *(w for words in LIST_COLUMNS.entries.values() for w in words))


def _page_breaks_dropped(rows: Sequence[Row], paged: bool = False) -> list[Row]:
    """A list's rows without its column header printed again after a page break (`segment.list_header`, or the
    line of a header wrapped over lines that names the project's columns, `segment.wrapped_list_header`), the
    page's furniture over it (`第 22 页`, within `_BREAK_REACH` rows, and what stands between) and the wrapped
    header's other lines (`一级  指标  度量`, `指标  性质  单位`: pieces of its words): the rows after them go
    on with the project above, not end it. `paged`: `rows` hold the list's own header too (a project of a list
    read as a form), so only a header under the page's furniture is one printed again."""
    kept: list[Row] = []
    after_header = False
    for k, row in enumerate(rows):
        if list_header(row) or wrapped_header_at(rows, k):
            above = kept[-_BREAK_REACH:]
            furniture = next((k for k in range(len(above) - 1, -1, -1)
                              if above[k].filled and PAGE_FURNITURE.match(above[k].filled[0].compact)), None)
            if furniture is None and paged:
                kept.append(row)
                continue
            if furniture is not None:
                del kept[len(kept) - len(above) + furniture:]
            while kept and (not kept[-1].filled or PAGE_FURNITURE.match(kept[-1].filled[0].compact)
                            or _header_pieces(kept[-1])):
                kept.pop()
            after_header = True
            continue
        if after_header and (not row.filled or _header_pieces(row)):
            continue
        after_header = False
        kept.append(row)
    return kept


def _header_pieces(row: Row) -> bool:
    """Whether every cell of a row is a piece of a list's header words (a header wrapped over lines: `指标  性质`)."""
    return bool(row.filled) and all(any(c.compact in w for w in _HEADER_WORDS) for c in row.filled)


# A field whose label and value the forms print right before another's label on one row (domain.md:
# 主管部门 | … | 实施单位 | …, 项目属性 | … | 项目期 | …): the later label's field, the earlier field.
_PRINTED_BEFORE = {"implementing_unit": "department", "period": "project_attribute"}


def _fields_by_order(rows: list[Row], found: dict[str, _Found], positions: dict[str, tuple[int, int]],
                     unclaimed: list[tuple[int, Cell]]) -> None:
    """A field whose label the OCR garbled past reading (`去全部站 | 行财科 05 | 实施单位 | …` over `及代码`,
    `届 | 其他项目 | 项目期 | 1年`): the cell no label claimed right before the label read after it on its
    row (`_PRINTED_BEFORE`) is its value, in doubt (`cell_shifted`), where it fits the field and no other
    label read whole stands right before it (`项目负责人 | 王明 | 实施单位`: that label's value, a form
    without the field); the garbled label before it is left to the account."""
    for after, field_name in _PRINTED_BEFORE.items():
        if field_name in found or after not in positions:
            continue
        r, c = positions[after]
        free = {id(cell) for k, cell in unclaimed if k == r}
        values = {id(hit.cell) for hit in found.values()}
        before = [cell for cell in rows[r].cells[:c] if cell and not _noise(cell)]
        cell = before[-1] if before else None
        owner = _label(before[-2]) if len(before) >= 2 else None
        # (a weak label's reading is a value as well: `其他项目` reads like 其他资金)
        if cell is not None and (owner is None or owner.weak) and (id(cell) in free or id(cell) not in values and (own := _label(cell)) is not None
                                 and own.weak) and _fits(field_name, cell) and CJK.search(cell.raw):
            found[field_name] = _Found(cell, shifted=True)


def _code_above(rows: list[Row], r: int, found: dict[str, _Found], unclaimed: list[tuple[int, Cell]]) -> None:
    """Page text: a project code taller than its row's other cells is centred by
    tesseract onto the line above its label (`13030321NXOVA8` / `项目编码 LQF7576`):
    a code-shaped cell no label took, first on that line, starts the code; the
    code-shaped rest beside the label, if any, is joined to it. Flagged `cell_shifted`."""
    if r == 0:
        return
    above = next(((k, c) for k, c in unclaimed if k == r - 1 and c is rows[r - 1].filled[0]), None)
    if above is None or not _CODE_LIKE.match(above[1].compact) or len(above[1].compact) < 6:
        return
    head = above[1]
    beside = found.get("project_code")
    cell = head if beside is None else Cell(head.text + beside.cell.text, head.start, beside.cell.end, head.x, head.x_end)
    found["project_code"] = _Found(cell, shifted=True)
    unclaimed.remove(above)


def _code_below(rows: list[Row], r: int, found: dict[str, _Found], unclaimed: list[tuple[int, Cell]]) -> None:
    """Page text: the end of a project code wrapped onto the line under its label's
    (`项目编码 13030322P004085100` / `O1N`): a short code-shaped cell no label took, first on
    that line, ends the code. Flagged `cell_shifted` (the OCR's O and 0 are alike in a code)."""
    beside = found.get("project_code")
    if beside is None or r + 1 >= len(rows) or not rows[r + 1].filled:
        return
    below = next(((k, c) for k, c in unclaimed if k == r + 1 and c is rows[r + 1].filled[0]), None)
    if below is None or not re.match(r"^(?=.*\d)[0-9A-Za-z]{2,8}$", below[1].compact):
        return
    code = beside.cell
    found["project_code"] = _Found(Cell(code.text + below[1].text, code.start, below[1].end, code.x, code.x_end), shifted=True)
    unclaimed.remove(below)


# A unit's code before its name (`223001-吴忠市…`, `223001-`); a unit name's last word.
_UNIT_CODED = LazyPattern(r"^[\[【(（]?(\d{3,8})[\]】)）]?\s*[-－.]?\s*(?=[\u4e00-\u9fff]|$)")
_UNIT_END = LazyPattern(rf"({_UNIT_WORDS}|公司|机关|街道|院|所|校|学|园|队|站|馆|会|委|厅|处|办|室|社|台|场|部|署|团|镇|乡)$")


def _wrapped_units(rows: list[Row], found: dict[str, _Found], positions: dict[str, tuple[int, int]]) -> None:
    """Page text: a unit's name longer than its cell wraps over two or three lines, and
    tesseract centres the row: the name's head comes out on the line(s) above the
    实施单位 label, its tail on the line below, while the labels may be split down the
    lines too (`主管部` / `门`). The pieces are joined (`_join_unit`); a department or
    unit read that still does not end as a unit's name (`市红寺堡区司`) is a piece
    the lines around could not complete, flagged `illegible`."""
    if "implementing_unit" in positions:
        _join_unit(rows, found, *positions["implementing_unit"])
    for field_name in _UNIT_FIELDS & found.keys():
        if not _ends_unit(found[field_name].cell.compact):
            found[field_name].cut = True


def _join_unit(rows: list[Row], found: dict[str, _Found], r: int, c: int) -> None:
    """The unit whose 实施单位 label is cell `c` of row `r`, read whole. The value
    after the label is the row's right-most column: the last piece of the lines
    above, from one that starts with a unit's code (`223001-吴忠市`: six digits, or
    its department's code extended), and a last word of a unit's name alone on the
    line below (`局本级`, `本级`) are joined to the reading on the label's line when
    that reading does not start (or end) the name itself; flagged `cell_shifted`.
    The tail is the unit's only when the department before the label ends whole;
    a tail left unjoined flags both (`cut`). A department taken from such a head
    piece gives way to the unit-shaped text before 实施单位 on the label's line
    (or to none)."""
    line = rows[r].cells
    unit = next((x for x in line[c + 1:] if x and not _noise(x)), None)
    if unit is None and "implementing_unit" in found and line[c].start <= found["implementing_unit"].cell.start < line[c].end:
        unit = found["implementing_unit"].cell  # read glued to its label (`实施单位朝阳县司`)
    dept = next((x for x in reversed(line[:c]) if x and _UNIT_LIKE.match(x.text)), None)
    before = [x for x in line[1:c] if x and not _noise(x)]  # the department's column (the label's is first)
    dept_code = re.search(r"\d{3,}", dept.text) if dept is not None else None
    head = _unit_head(rows, r, dept_code[0] if dept_code else None)
    if any(hit.cell is h for name, hit in found.items() if name not in _UNIT_FIELDS for h in head):
        head = []  # a piece another label holds (the project's name on the line above)
    taken = found.get("department")
    if head and taken is not None and any(taken.cell is h for h in head):
        if dept is not None:
            found["department"] = _Found(dept, shifted=True)
        else:
            del found["department"]
    if unit is not None and re.match(r"^\d", unit.compact):
        head = []  # the reading on the line starts the name itself
    tail = _unit_tail(rows, r)
    start = "".join(x.compact for x in head) + (unit.compact if unit is not None else "")
    dept_whole = not before or _ends_unit(before[-1].compact)
    parts = [*head, *([unit] if unit is not None else [])]
    if tail is not None and start and dept_whole and (not _ends_unit(start) or tail.compact == "本级"):
        parts.append(tail)
    if len(parts) > 1:
        joined = Cell("".join(x.compact for x in parts), parts[0].start, parts[-1].end, parts[-1].x, parts[-1].x_end)
        found["implementing_unit"] = _Found(joined, shifted=True)
    if tail is not None and tail not in parts:
        for field_name in _UNIT_FIELDS & found.keys():
            found[field_name].cut = True  # a name's last word left below: whose it is, the lines do not say


def _ends_unit(text: str) -> bool:
    """Whether a text ends as a unit's name does (`…司法局`, `…局（本级）`, `…局 “`: marks aside)."""
    return bool(_UNIT_END.search(NOT_WORD.sub("", text)))


def _unit_head(rows: list[Row], r: int, dept_code: str | None) -> list[Cell]:
    """The head of a unit name wrapped onto the one or two lines above row `r`: each
    line's last piece up to one starting with a unit's code, or [] when none does."""
    head: list[Cell] = []
    for k in (r - 1, r - 2):
        if k < 0:
            break
        cells = [x for x in rows[k].filled if not _noise(x) and _label(x) is None]
        if not cells:
            continue  # a line of label fragments (`称`) or specks
        piece = cells[-1]
        coded = _UNIT_CODED.match(piece.compact)
        if coded is None and (piece is rows[k].filled[0] or not CJK.search(piece.text) or is_number(piece)):
            return []  # a label's fragment, a number: no unit's head
        head.insert(0, piece)
        if coded is not None:
            code = coded[1]
            own = len(code) >= 6 or dept_code is not None and code != dept_code and code.startswith(dept_code)
            return head if own and not _under_label(rows, k) else []
    return []


def _under_label(rows: list[Row], k: int) -> bool:
    """Whether line `k` is printed right under a line holding a label alone (`主管部门` / `及编码` /
    `[015001]武汉市青山区教育局`, one cell a line): the value of that label, no wrapped unit's head."""
    above = next((cells for cells in ([x for x in rows[j].filled if not _noise(x)] for j in range(k - 1, -1, -1))
                  if cells), [])
    return len(above) == 1 and (label := _label(above[0])) is not None and not label.weak and not label.rest


def _unit_tail(rows: list[Row], r: int) -> Cell | None:
    """The last word of a unit name wrapped onto the line below row `r` (the next
    line holding more than specks): its last piece, shaped as a unit name's end, beside
    nothing but a label column's fragment."""
    for k in (r + 1, r + 2):
        if k >= len(rows):
            return None
        cells = [x for x in rows[k].filled if not _noise(x)]
        if not cells:
            continue
        piece, others = cells[-1], cells[:-1]
        labelled = next((i for i, x in enumerate(cells) if _label(x) is not None), None)
        if labelled in (1, 2):
            # the tail in the unit's column, then another column's label and value (`法局本级 | 其中: 财政拨款收入 104.08`)
            piece, others = cells[labelled - 1], cells[:labelled - 1]
        if len(others) > 1 or any(len(o.compact) > 4 or is_number(o) for o in others):
            return None
        if _label(piece) is None and len(piece.compact) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", piece.compact) \
                and _UNIT_LIKE.match(piece.compact):
            return piece
        return None
    return None


# An amount and the label after it read as one cell (`1 .00 其中: 财政 资金`): the OCR's gap between them was too narrow.
_AMOUNT_THEN_TEXT = LazyPattern(r"^\s*(\d[\d,]*(?:\s?[.．]\s?\d+)?)\s+(?=[^\d\s.．,])")


def _words_between_labels(text: str, rows: list[Row]) -> list[Row]:
    """A text whose cells single spaces join, read word by word (`grid.single_spaced`): the words a single space
    apart between a text field's label and the next label of its row, or the row's end, are that label's value,
    one cell (`项目名称 | 普法宣传教育经费… | 10 万元，法律援助专项经费 | 14 万元`, `主管部门及代码 | 行财科 | 05`): a
    form's header row pairs each label with one value. The money unit printed at the row's end (`单位：万元`), or
    a word shaped as the value printed beside it (`_beside_value`), ends the value. Rows of cells apart by a
    wider gap are as printed."""
    out = []
    for row in rows:
        cells = row.cells
        if len(cells) < 3 or any(text[a.end:b.start] != " " for a, b in pairwise(cells)):
            out.append(row)
            continue
        merged: list[Cell] = []
        field_name, started = None, False  # the text label whose value runs on, its first word taken
        for c, cell in enumerate(cells):
            hit = _label(cell)
            if hit is not None and not hit.weak and not _value_after_label(cells, c, hit):
                merged.append(cell)
                field_name = hit.field if hit.field not in _AMOUNT_FIELDS and not hit.rest else None
                started = False
            elif _UNIT_LINE.match(cell.text) or started and _beside_value(field_name, cell):
                merged.append(cell)
                field_name = None
            elif field_name is not None and started:
                last = merged[-1]
                merged[-1] = Cell(text[last.start:cell.end], last.start, cell.end, last.x, cell.x_end)
            else:
                merged.append(cell)
                started = field_name is not None
        out.append(Row(merged))
    return out


def _beside_value(field_name: str | None, cell: Cell) -> bool:
    """Whether a word after a value is shaped as the value of the field the form prints beside `field_name` on
    its row, whose label it dropped: a unit's whole name after another (`主管部门 | 中宁县司法局 | 中宁县司法局本级`),
    a period after the attribute (`项目属性 | 经常性项目 | 2021年-2021年`)."""
    if field_name in _UNIT_FIELDS:
        return bool(_UNIT_LIKE.match(cell.text))
    return field_name == "project_attribute" and _fits("period", cell)


def _unglue_amounts(rows: list[Row]) -> list[Row]:
    """Page text: a cell holding an amount and then a funds label (`1 .00 其中: 财政 资金`, the gap
    between two cells read as a space) split in two cells, the amount first."""
    out = []
    for row in rows:
        cells = []
        for cell in row.cells:
            m = _AMOUNT_THEN_TEXT.match(cell.raw) if cell else None
            hit = _label(Cell(cell.raw[m.end():], 0, 0)) if m else None
            if hit is None or hit.weak or hit.field not in _AMOUNT_FIELDS or parse_money(m[1], "万元") is None:
                cells.append(cell)
                continue
            cut = cell.start + m.end()
            cells += [Cell(m[1], cell.start + m.start(1), cell.start + m.end(1), cell.x, cell.x),
                      Cell(cell.raw[m.end():], cut, cell.end, cell.x + m.end(), cell.x_end)]
        out.append(Row(cells) if len(cells) != len(row.cells) else row)
    return out


_DECIMAL = LazyPattern(r"^\d+[.．]\d+$")


def _lone_amount(rows: list[Row], unclaimed: list[tuple[int, Cell]]) -> Cell | None:
    """Page text whose funds labels the OCR lost or garbled past reading (`项中年度`, a label printed down
    its cell one character a line): the one amount with decimals (`18.15`) that no label took on the form's
    head rows, outside the spending plan's row of percentages, is the year's funds; None when there
    are none or several."""
    plan = {r + 1 for r, row in enumerate(rows) if sum(bool(_MILESTONE.match(c.compact)) for c in row.filled) >= 2}
    amounts = [c for r, c in unclaimed if r not in plan and _DECIMAL.match(c.compact)]
    return amounts[0] if len(amounts) == 1 else None


_SEPARATOR = LazyPattern(r"[:：,，;；]")
_SEPARATOR_END = LazyPattern(r"[:：,，;；]\s*$")
# The fields whose value is a text (an amount is never wrapped down a label's cell).
_TEXT_FIELDS = frozenset(PROJECT_LABELS.entries) - _AMOUNT_FIELDS - {"block", "heading", "category", "spending_plan", "fund_use"}


def _text_label(cell: Cell) -> bool:
    """Whether a cell is a text field's label (`_TEXT_FIELDS`), surely (not a weak reading)."""
    hit = _label(cell)
    return hit is not None and not hit.weak and hit.field in _TEXT_FIELDS


def _labels_down_cell(rows: list[Row]) -> tuple[list[Row], set[int]]:
    """Page text of a form printing `label：value` in one narrow cell (辽宁 `项目(政策)名称：社区矫正经费`):
    tesseract reads the cell's wrapped lines as the first piece of successive lines (`项目(政策)` /
    `名称: 社区` / `矫正经费`), the form's other columns beside them. The pieces, joined, start with a
    label of the form (its last piece holding the separator or the value's start); the pieces under
    it in the same column, no wider than the label's, that are no label, number or speck and have no
    value beside them (a label column's own row), are the rest of the value. Each such group becomes
    one row: the label, its value joined (its id returned when joined from several pieces: flagged
    `cell_shifted`, and not extended by `_wrapped`), and the other columns of the label's line; the
    pieces leave their lines."""
    pieces = [row.filled[0] if row.filled else None for row in rows]
    # whether a piece is short and no number, as a label's piece is: asked once (the groups of three, two and one
    # lines overlap, each piece the first of one)
    short = [p is not None and len(p.compact) <= 8 and not is_number(p) for p in pieces]
    taken: set[int] = set()  # rows whose first piece a group took
    heads: dict[int, list[Cell]] = {}
    joined: set[int] = set()
    for i in range(len(rows)):
        if i in taken or pieces[i] is None:
            continue
        x0 = pieces[i].x
        for k in (3, 2, 1):  # (the label's pieces: the most lines that end it)
            group = pieces[i:i + k]
            if len(group) < k or not all(short[i + j] and abs(p.x - x0) <= 2 and not (j and _text_label(p))
                                         for j, p in enumerate(group)):
                continue
            text = "".join(p.raw.strip() for p in group)
            sep = _SEPARATOR.search(group[-1].raw.strip())
            if sep is not None:  # the label ends at its separator (`主管` / `门: 朝`: 主管门, a character lost)
                cut = len(text) - len(group[-1].raw.strip()) + sep.end()
                hit = PROJECT_LABELS.match(text[:cut], whole=True)
                hit = hit and Label(hit.field, hit.score, hit.length, text[cut:].strip(), hit.weak, hit.exact)
            else:
                hit = PROJECT_LABELS.match(text)
            if hit is None or hit.weak or hit.field not in _TEXT_FIELDS:
                continue
            before = PROJECT_LABELS.match("".join(p.raw.strip() for p in group[:-1]), whole=True) if k > 1 else None
            if k > 1 and (hit.length <= len(fold("".join(p.raw for p in group[:-1])))
                          or before is not None and not before.weak and before.score >= hit.score):
                continue  # a whole label on the lines above: their own label, the last piece no part of it
            if not (hit.rest or _SEPARATOR_END.search(text) or k == 1 and len(rows[i].filled) == 1):
                continue  # (a label alone on its line: its value may start on the next)
            width = max(display_width(p.compact) for p in group)
            cont: list[Cell] = []
            r = i + k
            while r < len(rows) and (p := pieces[r]) is not None and abs(p.x - x0) <= 2 \
                    and display_width(p.compact) <= width + 2 and not (_noise(p) and not (hit.rest or cont and CJK.search(p.compact))) \
                    and not is_number(p) \
                    and _label(p) is None and not PROJECT_LABELS.fragment(p.text) \
                    and all(c.x > x0 + width + 4 for c in rows[r].filled[1:]):
                cont.append(p)
                r += 1
            if k == 1 and not cont:
                continue  # a `label：value` cell of its own line: read as it is
            at = begin = cut if sep is not None else value_start(text, hit)
            label_end, value = group[0].start, []
            for p in group:
                raw = p.raw.strip()
                lead = p.raw.find(raw)
                if at >= len(raw):
                    at -= len(raw)
                    label_end = p.start + lead + len(raw)
                    continue
                label_end = p.start + lead + at
                value.append(Cell(raw[at:], label_end, p.start + lead + len(raw), p.x, p.x_end))
                at = len(raw)
            value += cont
            if not value:
                continue
            label = Cell(text[:begin], group[0].start, label_end, x0, group[0].x_end)
            cell = Cell("".join(v.raw.strip() for v in value), value[0].start, value[-1].end, x0, value[0].x_end)
            if len(value) > 1:
                joined.add(id(cell))
            heads[i] = [label, cell]
            taken.update(range(i, r))
            break
    out: list[Row] = []
    for i, row in enumerate(rows):
        if i in heads:
            out.append(Row([*heads[i], *row.filled[1:]]))
        elif i in taken:
            if row.filled[1:]:
                out.append(Row(row.filled[1:]))
        else:
            out.append(row)
    return out, joined


def _starts(piece: Cell, label: Label) -> bool:
    """Whether a line's piece reads as the start of the label it is stacked into (`项目` of 项目名称; not `名各`,
    the garbled end of the label above, over `主管` / `部门`)."""
    head = fold(piece.text)
    return any(fuzz.ratio(head, fold(v)[:len(head)]) > 50 for v in PROJECT_LABELS.entries[label.field])


def _stack_labels(rows: list[Row]) -> list[Row]:
    """Page text: a label printed down the lines of its cell (`年度总` / `体绩效` / `目标`,
    `年度总体` / `绩效目标`) beside a value wrapped over the same lines. The lines'
    first cells, joined, are the label (`vocabulary.stacked`); the rest of the
    lines, joined, its value: one row of two cells."""
    out: list[Row] = []
    i = 0
    while i < len(rows):
        stacks = []
        for k in (3, 2):
            group = rows[i:i + k]
            heads = [r.filled[0] for r in group if r.filled]
            if len(group) < k or len(heads) < k or any(
                    len(h.compact) > 4 or is_number(h) or (own := _label(h)) is not None and not own.weak
                    and own.field != "heading" for h in heads):
                continue  # a label printed whole on its line is no fragment (a tree's word over the tree may be: 项目 / 名称)
            hit = stacked([h.text for h in heads], PROJECT_LABELS)
            if hit is None or hit.weak or hit.score < 80 or hit.field in ("heading", "block") or not _starts(heads[0], hit):
                continue
            stacks.append((hit.score, k, group, heads))
        # the lines that read best as the label (`项目` / `名称` over `主管`, the next label's first line)
        for _, k, group, heads in sorted(stacks, key=lambda s: s[:2], reverse=True):
            rest, beside = [], []
            for r in group:
                cells = [c for c in r.filled[1:] if not _noise(c) and not _UNIT_LINE.match(c.text)]  # (`单位：` / `万元` beside)
                cut = next((j for j, c in enumerate(cells) if is_number(c)), len(cells))
                rest += cells[:cut]
                beside += cells[cut:]  # an amount and what follows it on its line: the next columns, no piece of the value
            if any((own := _label(c)) is not None and not own.weak for c in rest):
                continue  # the lines hold other labels and their values: not one cell's
            label = Cell("".join(h.text for h in heads), heads[0].start, heads[-1].end, heads[0].x, heads[0].x_end)
            value = [Cell("".join(c.text for c in rest), rest[0].start, rest[-1].end, rest[0].x, rest[0].x_end)] if rest else []
            out.append(Row([label, *value, *beside]))
            i += k
            break
        else:
            out.append(rows[i])
            i += 1
    return out


def _labelled_text(row: Row) -> bool:
    """Whether a line holds a field's label with a text after it (`资金用途  用于刑满释放人员…`): a text the lines under
    it may go on from."""
    cells = [c for c in row.filled if not _noise(c)]
    return any(_label(a) is not None and _label(b) is None and not is_number(b) and cjk_count(b.text) >= 4
               for a, b in zip(cells, cells[1:]))


def _wrapped(rows: list[Row], value: Cell, units: list[str], field: str) -> Cell:
    """Page text: a long text (a name, a goal) printed over several lines of its
    cell, its label on a middle one (tesseract centres the label): the value with
    the lines of prose above and below it that hold no label and no number, joined.
    A line holding a piece of the table's department or unit (`units`, as read:
    `中宁具司法` of 中宁县司法局) is their column's wrapping, not the text's. The
    value's `field` label alone on the line over it stood between the text's lines
    (RapidOCR's lines, one a box: `…定期回访刑满释放人员，刑满` / `绩效目标` / `释放人员一人一档…`):
    the prose over the label is the text's too, as many lines as stand under it; a label cut
    over two lines has its rest on a line of its own between the text's (`项目名` / … / `称`),
    and the text goes on under it to a short last line ending at its stop (`上。`)."""
    r = next(i for i, row in enumerate(rows) if value in row.cells or any(c.start <= value.start < c.end for c in row.cells))
    label = next((hit for c in rows[r].filled if c.end <= value.start and (hit := _label(c))), None)

    def other(c: Cell) -> bool:
        # (the table's money unit, `单位：万元`, ends the line of the form's head over the label: no prose of it)
        return _label(c) is not None or is_number(c) or bool(_UNIT_START.match(c.text)) or _unit_piece(c, units) \
            or bool(_CODED_UNIT.match(c.text)) or bool(_CODE_LEAD.match(c.text)) or bool(_MONEY_UNIT_LINE.match(c.text))

    def prose(row: Row, last: bool = False, under: bool = False) -> list[Cell] | None:
        cells = [c for c in row.filled if not _noise(c)]
        if len(cells) >= 2 and cells[0].x < value.x and _label_piece(cells[0], label):
            cells = cells[1:]  # the value's label printed down its cell (`年度总体 | 绩效目标`, `年度总体绩效 | 目标`)
        if sums and len(cells) == 1 and _SUM.fullmatch(cells[0].compact):
            return cells  # the last sum of a text that states its parts' sums (`…建设 10 万元，…经费` / `14 万元`)
        text = row.text
        if under and len(cells) >= 2 and not other(cells[0]) and _label(cells[1]) is not None:
            # right under the value's line, the value's rest in its column, then another column's label (`人` over
            # `民调解工作经费 | 实施期 2021年1月 一2021年12月`): the rest, when it is the line's whole first cell
            cells, text = cells[:1], cells[0].text
        if not cells or any(map(other, cells)):
            return None  # labels, amounts, a unit's or an office's code and name (`223001-吴忠市…`, `223 吴忠市…局`,
            # `05-行政政法股`) or its piece wrapped from beside
        # (the line right above the indicator tree holds the end of the text over it even when short: `效率`)
        return cells if cjk_count(text) >= (2 if last and len(cells) == 1 else 4) else None

    def specks(row: Row) -> bool:
        return all(_noise(c) for c in row.filled)

    above: list[Cell] = []
    sums = False  # (a sum alone on a line ends a text; over the value it is no part of it)
    k = r - 1
    if k > 0 and specks(rows[k]) and prose(rows[k - 1]):
        k -= 1  # a line of specks between the label's line and the text's head (`项    小`)
    # (a numbered heading right over the value that repeats it heads the form: `一、X` over `项目名称：X`)
    while k >= 0 and (cells := prose(rows[k])) \
            and not (k == r - 1 and len(cells) == 1 and names_again(cells[0].raw, value.raw)):
        above[:0] = cells
        k -= 1
    middle = k == r - 1 and label is None and len(alone := [c for c in rows[k].filled if not _noise(c)]) == 1 \
        and (own := _label(alone[0])) is not None and own.field == field and not own.rest.strip()
    over: list[list[Cell]] = []
    k -= 1
    while middle and k >= 0 and (cells := prose(rows[k])):
        over[:0] = [cells]
        k -= 1
    if over and k >= 0 and _labelled_text(rows[k]):
        over = []  # the lines over the label go on from another field's text on the line over them (`资金用途  用于…`)
    below: list[Cell] = []
    sums = bool(_SUM_IN_TEXT.search("".join(c.compact for c in [*above, value])))
    k = r + 1
    under = 1  # lines of the text under the label's last line (the value's own, under a one-line label)
    while k < len(rows):
        if middle and k + 1 < len(rows) and len(rest := rows[k].filled) == 1 \
                and (whole := _label(Cell(alone[0].raw + rest[0].raw, alone[0].start, rest[0].end))) is not None \
                and whole.field == field and whole.length > own.length and not whole.rest.strip():
            k += 1  # the label's rest on its next line, between the text's (`项目名` / `服务参与社区` / `称` / `矫正工作项目`)
            under = 0
            continue
        if not (cells := prose(rows[k], k == len(rows) - 1, k == r + 1)):
            if middle and len(end := rows[k].filled) == 1 and end[0].compact.endswith("。") and not other(end[0]):
                below += end  # the text's short last line, its stop (`上。`)
                under += 1
            break
        below += cells
        under += 1
        k += 1
    if over:  # (the label centred in the cell: as many of its lines over the label as under it)
        above = [c for cells in over[len(over) - under:] for c in cells] if under else []
    if not above and not below:
        return value
    parts = [*above, value, *below]
    return Cell("".join(c.text for c in parts), parts[0].start, parts[-1].end, value.x, value.x_end)


# A sum with its money unit stated in a text (`10万元，`), and a line holding nothing else.
_SUM_IN_TEXT = LazyPattern(r"\d\s*万?元\s*[，,、；;]")
_SUM = LazyPattern(r"\d+(\.\d+)?万?元[。，,、；;]?")


def _label_piece(cell: Cell, label: Label | None) -> bool:
    """Whether a line's first cell, left of a wrapped value, is a line of the value's own label printed
    down its cell: a label of the same field, or a short piece no label reads (`目标`, `体绩效`)."""
    if label is None or len(cell.compact) > 5:
        return False
    own = _label(cell)
    return own.field == label.field if own is not None else not is_number(cell) and cjk_count(cell.raw) >= 1


def _unit_piece(cell: Cell, units: list[str]) -> bool:
    """Whether a cell reads as a piece of one of the unit names read on its table (OCR damage allowed)."""
    return len(cell.compact) >= 3 and any(
        len(cell.compact) <= len(u) and fuzz.partial_ratio(cell.compact, u) >= 80 for u in units)


def _fund_use(rows: list[Row], unclaimed: list[tuple[int, Cell]], positions: dict[str, tuple[int, int]]) -> Text | None:
    """资金用途: the first text no label took on the rows of its label (预算规模及资金用途 heads the
    funds amounts, then the use) or the row below, before the next label's row."""
    at = positions.get("fund_use")
    if at is None:
        return None
    later = [r for r, _ in positions.values() if r > at[0] + 1]
    stop = min(later, default=len(rows))
    for r, cell in unclaimed:
        if at[0] <= r < stop and cjk_count(cell.raw) >= 2 and not is_number(cell):
            return prose(cell)
    return None


# Tesseract reads 一 (one) as a dash: `-年期项目` for 一年期项目.
_DASH_FOR_ONE = LazyPattern(r"^[-_—－]\s*(?=[\u4e00-\u9fff])")


# Tesseract reads the 1 of a month or a term as a bracket or a bar (`2021年]月`, `2021年]2月`, `]年`), and the dash
# between two dates as 一, the character it looks like in a CJK font (`2021年1月 一 2021年12月`).
_MONTH_ONE = LazyPattern(r"(?<=年)\s?[\]\[|lI!]\s?(?=\d?\s?月)|^[\]\[|lI!]\s?(?=年$)")
_NAMES = {"project_name", *_UNIT_FIELDS}
_DASH_AS_ONE = LazyPattern(r"(?<=[年月日\d])(\s*)一(\s*)(?=\d{4})")
# A period's two dates with the dash between them lost by the OCR: `2021年1月2021年12月`
_DASH_LOST = LazyPattern(r"(?<=[年月日])(\s*)(?=(?:19|20)\d{2}\s*年)")


# An item number of a goal written as a list (`1.保障…2.提高…`), its stop lost or spaced by the OCR (`1保障`, `2 .提高`)
# (not a count: `2个`, `5人`, `3月`)
_ITEM = LazyPattern(r"(?<![\d.．])(?P<n>[1-9])\s*[.．、]?\s*(?=[\u4e00-\u9fff])(?![个人件次名天月年日元万千百亿项场家台期批篇份所户座册本张条处间栋亩米吨倍])")


def _numbered_list(value: str) -> str:
    """A goal printed as a numbered list (it starts with `1`) with the stop after each item's
    number put back where the OCR lost it (`1保障`, `2 提高`); numbers out of the list's order
    are text, and a stop that was read is kept as read."""
    if not re.match(r"^\s*1\s*[.．、]?\s*[\u4e00-\u9fff]", value):
        return value
    out, at, expected = [], 0, 1
    for m in _ITEM.finditer(value):
        if int(m["n"]) != expected:
            continue
        if not re.search(r"[.．、]", m.group()):
            out += [value[at:m.end("n")], "."]  # the stop as printed elsewhere is kept (`1、`)
            at = m.end("n")
        expected += 1
    return "".join(out) + value[at:]


# Tesseract reads the opening bracket `（` of a serif print as `〈` or `《` (`资金 〈绩效奖励)`): one
# closed by a round bracket, with no other bracket in between, is a round bracket, spaces around it the OCR's.
_ROUND_AS_ANGLE = LazyPattern(r"\s*[〈《<]\s*([^〈《<>〉》()（）]{1,30}?)\s*[)）]\s*")


_CUT_HEAD = LazyPattern(r"^[.．、,，。;；]\s*[\u4e00-\u9fff]")  # a text starting at a stop: its head lost


def _text_field(cell: Cell, reasons: list[Reason], field_name: str) -> Text:
    value = cell.text
    if _DASH_FOR_ONE.match(value):
        value = _DASH_FOR_ONE.sub("一", value)
        reasons = [*reasons, Reason.text_repaired]
    if field_name != "project_code" and _ROUND_AS_ANGLE.search(value):
        value = _ROUND_AS_ANGLE.sub(r"（\1）", value)
        reasons = [*reasons, Reason.text_repaired]
    if field_name in _NAMES and cjk_count(value) < 2:
        reasons = [*reasons, Reason.illegible]  # a name of one character is the start of a name cut at its wrap
    if field_name == "annual_goal" and (listed := _numbered_list(value)) != value:
        value, reasons = listed, [*reasons, Reason.text_repaired]
    if _CUT_HEAD.match(value):
        reasons = [*reasons, Reason.illegible]  # `.保障…`: what stood before the stop (the goal's `1`) the OCR lost
    if field_name == "period" and value == "年":
        reasons = [*reasons, Reason.illegible]  # a term whose number the OCR lost (`项目期限 “| 年`)
    if field_name == "period":
        repaired = _DASH_LOST.sub(r"\1—", _DASH_AS_ONE.sub(r"\1—\2", _MONTH_ONE.sub("1", value)))
        if repaired != value:
            value, reasons = repaired, [*reasons, Reason.text_repaired]
    other = _LOOK_ALIKE.sub(lambda m: _LOOK_ALIKE_OTHER[m[0]], value) if field_name == "project_code" else value
    if other != value:
        reasons = [*reasons, Reason.ocr_doubt]
    text = make_text(cell, value, reasons)
    if other != value:
        text.candidates.append(Candidate(source="reading", value=other, note="0/O and 1/I look alike to OCR"))
    return text


# In a code of letters and digits, a digit among letters or a letter among digits: OCR reads
# O as 0 and I as 1 (and back), so `P96L0LFG` may be printed P96LOLFG.
_LOOK_ALIKE = LazyPattern(r"(?<=[A-Z])[01](?=[A-Z])|(?<=\d)[OI](?=\d)")
_LOOK_ALIKE_OTHER = {"0": "O", "1": "I", "O": "0", "I": "1"}


# A project code printed before the name: `【13030322P004085100】普法宣传`, `223-普法宣传`.
_CODE_BEFORE_NAME = LazyPattern(r"^\s*(?:[【\[](?P<bracketed>[0-9A-Za-z-]{3,})[】\]]|(?P<dashed>\d{3,})\s*[-－])\s*(?=\S)")


def _code_off_name(project: ProjectPerformance) -> None:
    """A code printed before the project's name (in 【】 or ending in a dash) is the
    project code, not part of the name; it fills 项目编码 when the form printed none."""
    name = project.project_name
    m = _CODE_BEFORE_NAME.match(name.value) if name is not None else None
    if m is None or not CJK.search(name.value[m.end():]):
        return
    code = m["bracketed"] or m["dashed"]
    at = name.raw.find(code)
    if project.project_code is None and at >= 0 and name.span is not None:
        start = name.span.start + at
        project.project_code = Text(raw=code, span=Span(start=start, end=start + len(code)), value=code)
    project.project_name = name.model_copy(update={"value": name.value[m.end():]})


# The form's own words at the end of a project table's title (…项目支出绩效目标表, …绩效目标申报表).
_FORM_SUFFIX = LazyPattern(r"(项目)?(\(政策\))?(支出)?(预算)?(绩效)?(项目)?(指标|[目日]标)(申报)?[表衣]$")
# A title's numbering: 表3, `7.` or `7、` (up to three digits: a document may list a hundred projects, and a
# bookmark's `]` read as `1` glues one before it: `]110.社区戒毒…`), `二、` (a form headed by its project's name,
# numbered in words), a number glued to the name (`3提前…`).
_TITLE_NUMBERING = LazyPattern(r"^(表\s*\d+[:：]?|\d{1,3}\s*[.、．]|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}(?=\s*[^\d\s年]))\s*")
_TRAILING_YEAR = LazyPattern(r"\s*[(（]?\s*\d{4}\s*年度?\s*[)）]?\s*$")
# Words of a title that name a form, a government level or a year, not a project.
_GENERIC = LazyPattern(r"\d{4}\s*年度?|部门|单位|本级|自治区|[省市县区]级?|项目|支出|预算|[\s\W]")


# `XX市教育局2023年`: a title naming the unit and the year, not a project.
_UNIT_AND_YEAR = LazyPattern(r"^.*(局|委|办|院|厅|中心|政府|委员会|单位|学校|[市县区])\s*\d{4}\s*年度?$")


def name_in_title(title: str) -> str | None:
    """The project a table's title names (`1 .提前下达2021年…资金绩效目标表` → `提前下达2021年…资金`),
    None when the title is the form's own (`2021年自治区本级部门项目支出预算绩效目标表`)."""
    t = _TRAILING_YEAR.sub("", clean_text(title))
    t = _TITLE_NUMBERING.sub("", t)
    core = _FORM_SUFFIX.sub("", t.replace(" ", "")).strip()
    if cjk_count(_GENERIC.sub("", core)) < 2 or "部门" in core or _UNIT_AND_YEAR.match(core):
        return None
    return core


def _name_from_title(text: str, chunk: Chunk, project: ProjectPerformance) -> None:
    """A name the title prints stands in for a name cell lost to OCR (flagged
    `column_inferred`), and for a page-text name that reads as a damaged copy of
    it (flagged `text_repaired`: titles print large, their characters survive)."""
    name = name_in_title(chunk.title)
    if name is None:
        return
    name = _ROUND_AS_ANGLE.sub(r"（\1）", name)  # (`资金 〈绩效奖励)`: as a name cell reads)
    current = project.project_name
    at = text.find(chunk.title, chunk.start, chunk.header_end)
    span = Span(start=at, end=at + len(chunk.title)) if at >= 0 else None
    if current is None:
        project.project_name = reread_text(chunk.title, span, name, Reason.column_inferred)
    elif chunk.layout is Layout.spaced and norm_text(current.value) != norm_text(name) \
            and fuzz.partial_ratio(norm_text(current.value), norm_text(name)) >= 60:
        # a garbled reading of the title's name (`矫正补助资全`), not another name
        project.project_name = reread_text(current.raw, current.span, name, Reason.text_repaired)


_AMOUNT_IN_TEXT = LazyPattern(r"\d\s*万?元")


# The labels a form prints right under its 项目名称 (every province's form starts with the name): lines over
# one of them are the name's row even when the name states sums (`安置帮教工作经费 46 万元，…`).
_AFTER_NAME = frozenset({"project_code", "department", "implementing_unit"})
_NAME_CHARS = 3  # Chinese characters at least of a project's name (水电费)


def _name_before_labels(rows: list[Row]) -> Text | None:
    """Page text whose 项目名称 label the OCR garbled (`珊昌名`, `蕊可`): the form's first row is the
    name's, so the prose lines before the first label read are the name, wrapped over them, less
    the garbled label in their first column (a short first piece beside the name's). Flagged
    `column_inferred`; None when those lines hold no such text."""
    parts: list[Cell] = []
    after = None  # the first label read under the lines
    for row in rows:
        cells = [c for c in row.filled if not _noise(c)]
        if any((after := _label(c)) is not None for c in cells):
            break
        if any(_UNIT_LINE.match(c.text) for c in cells):
            # the money unit printed on the name's row (`聘用社区矫正工作者    单位: 万元`); a unit's name beside it
            # is the department's line over the form (`中宁县司法局    单位：万元`)
            cells = [c for c in cells if not _UNIT_LINE.match(c.text) and not _UNIT_LIKE.match(c.text)]
        if not cells or any(is_number(c) or c.text.endswith("表") for c in cells):
            continue  # the title and the unit line over the form
        if _UNIT_START.match(cells[-1].text):
            break  # a unit's code and name (`223001-吴`): the department's row under the name
        if len(cells) >= 2 and len(cells[0].compact) <= 3:
            cells = cells[1:]  # the garbled label
        elif len(cells) == 1 and (m := re.match(r"^\S{1,3}\s+(?=\S{4})", cells[0].raw)):
            cells = [_inline_cell(cells[0], cells[0].raw[m.end():])]  # `蕊可 聘用司法协理员`: label and name in one piece
        parts += cells
    named = after is not None and after.field in _AFTER_NAME
    # a short name (`水电费`) only where the form's next label says the row is the name's
    if not parts or cjk_count("".join(c.text for c in parts)) < (_NAME_CHARS if named else 4) or \
            _AMOUNT_IN_TEXT.search("".join(c.text for c in parts)) and not named:
        return None  # (amounts in the text: a fund's use or a goal, no name, unless the form's next label says the name's row)
    joined = Cell("".join(c.text for c in parts), parts[0].start, parts[-1].end, parts[0].x, parts[-1].x_end)
    return make_text(joined, joined.text, [Reason.column_inferred])


_CODED_UNIT = LazyPattern(rf"^\d{{3,6}}\s*[-－]?\s*\S*({_UNIT_WORDS})$")  # `223 吴忠市红寺堡区局`
_LABEL_BESIDE = LazyPattern(r"^[^\d\s]{1,5}\s+(?=\S{4})")
_CODE_LEAD = LazyPattern(r"^\d{2,6}\s*[-－]|^\d{2,6}\s+\D")  # `05 行政政法股`, `223001-吴忠市`: an office's or a unit's code


def _goal_before_tree(rows: list[Row]) -> Text | None:
    """Page text whose 年度绩效目标 label the OCR garbled (`呈效旧R`, `全并总洒绩`): the form's goal is
    the prose right above its indicator tree, less the garbled label's pieces in its first column
    (a short first cell beside the text). Flagged `column_inferred`; None when the lines right above
    the tree are no prose (labels, amounts, an office's or a unit's code, a line too short for a goal)."""
    parts: list[Cell] = []
    for row in reversed(rows):
        cells = [c for c in row.filled if not _noise(c)]
        if parts and (not cells or len(cells) == 1 and len(cells[0].compact) <= 3 and not is_number(cells[0])):
            continue  # a line of specks, or of a piece of the garbled label, among the goal's lines
        if len(cells) >= 2 and len(cells[0].compact) <= 5 and not is_number(cells[0]):
            cells = cells[1:]
        elif len(cells) == 1 and (m := _LABEL_BESIDE.match(cells[0].raw)):
            cells = [_inline_cell(cells[0], cells[0].raw[m.end():])]  # `二人信人 行政复议…`: label and text in one piece
        if not cells or any(_label(c) is not None or is_number(c) or _CODE_LEAD.match(c.text) for c in cells) \
                or cjk_count("".join(c.text for c in cells)) < 4:
            break
        parts[:0] = cells
    if cjk_count("".join(c.text for c in parts)) < 8:
        return None
    joined = Cell("".join(c.text for c in parts), parts[0].start, parts[-1].end, parts[0].x, parts[-1].x_end)
    return make_text(joined, joined.text, [Reason.column_inferred])


_STATED = LazyPattern(r"(?<![\d.])\d+(?:\.\d+)?\s*万?元")


def _total_cut_short(project: ProjectPerformance, unit: str | None) -> None:
    """Page text: a year's funds read with digits lost at its end (`2` for 21), its point lost (`2535`
    for 253.5) or one figure misread (`55` for 35), which the goal's text states whole (`预算金额210000元`,
    `预算金额253.5万元`, `约为35万元`): the one amount the goal states, in the table's unit, whose figures
    start with the figures read and go on, or are them with a point, or differ from them in one digit, is
    the funds, flagged `number_repaired` (the reading kept as an alternative). A total the goal states as
    read, or none of it, stays."""
    total, goal = project.funds_total, project.annual_goal
    if total is None or total.value is None or goal is None:
        return
    stated = [p.value for m in _STATED.finditer(goal.value) if (p := parse_money(m.group(), unit or "万元")) is not None]
    read = f"{total.value:g}"

    def misread(figures: str) -> bool:
        """Whether the goal's figures are the total's as the OCR may have misread them."""
        if len(figures) > len(read) and figures.startswith(read):
            return True  # digits lost at the end
        if "." not in read and figures.replace(".", "") == read != figures:
            return True  # the point lost
        differ = [(a, b) for a, b in zip(figures, read) if a != b]
        return len(figures) == len(read) and len(differ) == 1 and differ[0][0].isdigit() and differ[0][1].isdigit()

    candidates = {v for v in stated if misread(f"{v:g}")}
    if total.value in stated or len(candidates) != 1:
        return
    whole = candidates.pop()
    project.funds_total = total.model_copy(update={
        "value": whole, "decimals": len(f"{whole:g}".partition(".")[2]), "reasons": [*total.reasons, Reason.number_repaired],
        "alternatives": [Reading(value=total.value, why="as read"), *total.alternatives],
        "confidence": confidence([*total.reasons, Reason.number_repaired])})


def _total_from_parts(project: ProjectPerformance, labelled: bool, paged: bool) -> None:
    """The form's own sum, 年度资金总额 = 财政拨款 + 其他资金. A year's funds whose label is printed (`labelled`:
    its own, or a 财政拨款 printed as its part, `其中：…`) but whose amount was not read are the sum of the parts
    read (an 其他资金 left blank adding nothing), flagged
    `column_inferred`, the 财政拨款 printing kept in `raw`. On page text (`paged`: OCR) an 其他资金 read beside
    a total and a 财政拨款 read alike is 0, flagged `column_inferred` too: the value is the sum's, not the
    print's, so the sum that made it cannot confirm it (`check.identities.confirm` lifts only a repair's
    doubt) and a reviewer sees it. In a word processor's text such a sum that does not hold is the
    document's own, left to the checks."""
    fiscal, other = project.funds_fiscal, project.funds_other
    if fiscal is None or fiscal.value is None:
        return
    total = project.funds_total
    if total is not None:
        if paged and total.value == fiscal.value and other is not None and other.value:
            # the total and its 财政拨款 read alike leave nothing for 其他资金: its reading is another cell's
            # figure (or a speck), kept as an alternative
            reasons = [*other.reasons, Reason.column_inferred]
            project.funds_other = other.model_copy(update={
                "value": 0.0, "reasons": reasons, "confidence": confidence(reasons),
                "alternatives": [Reading(value=other.value, why="as read"), *other.alternatives]})
        return
    if not labelled:
        return
    extra = other.value if other is not None and other.value is not None else 0.0
    reasons = [Reason.column_inferred]
    project.funds_total = fiscal.model_copy(update={
        "value": round(fiscal.value + extra, 6), "decimals": max(fiscal.decimals, other.decimals if other else 0),
        "reasons": reasons, "alternatives": [], "confidence": confidence(reasons)})


def _spending_plan(rows: list[Row]) -> list[SpendingMilestone]:
    """资金支出计划: a row of 3月底 … 12月底 and the row of percentages under it."""
    for r, row in enumerate(rows):
        labels = [c for c in row.filled if "月" in c.compact and _MILESTONE.match(c.compact)]  # (月 asked first: most cells lack it)
        if len(labels) >= 2 and r + 1 < len(rows):
            values = [c for c in rows[r + 1].filled if is_number(c)]
            return [
                SpendingMilestone(label=label.compact, percent=amount)
                for label, cell in zip(labels, values)
                if (amount := make_amount(cell, "%")) is not None
            ]
    return []


def _strip_tags(text: str) -> str:
    """`<p>目标1：…</p>`: HTML paragraph tags some exports leave in cells."""
    return re.sub(r"(\s*</?p>\s*)+", " ", text).strip()


def prose(cell: Cell) -> Text:
    return make_text(cell, _strip_tags(cell.text))
