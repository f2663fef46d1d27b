"""Rule parser for project performance tables (项目支出绩效目标表).

Header fields are found by their labels wherever they sit (same row, the row
below, or inside the label cell as `项目(政策)名称：社区矫正经费`), then
checked against what the field must look like; a value in the wrong place is
put where it fits and flagged `cell_shifted`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...grid import Cell, Row, is_number, rows_of
from ...models import (
    ProjectPerformance,
    ProjectTable,
    Reason,
    SpendingMilestone,
    Text,
)
from ...numbers import clean_text
from ...segment import Chunk
from ..common import table_fields, unit_of
from .common import make_amount, make_text
from .indicators import read_tree, tree_start

_LABELS: list[tuple[str, re.Pattern]] = [
    ("project_name", re.compile(r"^项目(\(政策\))?名称")),
    ("project_code", re.compile(r"^项目编码")),
    ("department", re.compile(r"^主管部[门門](及代码)?")),
    ("implementing_unit", re.compile(r"^实施单位")),
    ("project_attribute", re.compile(r"^项目属性")),
    ("period", re.compile(r"^(项目期限?|实施期)")),
    ("supervising_office", re.compile(r"^项目主管处室")),
    ("category", re.compile(r"^项目类别")),
    ("funds_total", re.compile(r"^(年度资金总额|项目年度金额|年度预算资金总额|预算数$)")),
    ("funds_fiscal", re.compile(r"^其中[:：]?\s*财(政)?(拨款)?(收入)?(资金)?")),
    ("funds_other", re.compile(r"^(其他资金|其$)")),
    ("annual_goal", re.compile(r"^(年度总体(绩效)?目标|绩效目标$|年度目标$)")),
    ("spending_plan", re.compile(r"^资金支出计划")),
    ("block", re.compile(r"^(项目资金|预算规模|预算资金情况|实施期目标|总体目标|部门申报意见|申报单位|填报单位)")),
]
_AMOUNT_FIELDS = {"funds_total", "funds_fiscal", "funds_other"}
_UNIT_LIKE = re.compile(r"^(【?\d{3,6}】?\s*[-－]?\s*)?\S*(局|本级|单位|部门|政府|委员会|办公室|中心)$")
_OFFICE_LIKE = re.compile(r"^\d{2}\s*-\s*\S+(股|科|处|室)$")
_PERIOD_LIKE = re.compile(r"(\d+\s*年期?|年\s*[-—至]|\d{4}年\d{1,2}月|期)")
_MILESTONE = re.compile(r"^\d{1,2}月(底|末)$")


def _label(cell: Cell) -> tuple[str, str] | None:
    """(field, inline value) when the cell is a label."""
    return _label_of(cell.compact)


@lru_cache(maxsize=8192)
def _label_of(compact: str) -> tuple[str, str] | None:
    for field_name, pattern in _LABELS:
        m = pattern.match(compact)
        if m:
            rest = compact[m.end():].lstrip(":：")
            if field_name in ("funds_other",) and rest:
                return None
            if len(compact) > 40 and not rest:
                return None
            return field_name, rest
    return None


def _inline_cell(cell: Cell, rest: str) -> Cell:
    """The value part of a `label：value` cell, with its own span."""
    text = cell.raw
    # Walk back from the end over the value's characters, ignoring whitespace.
    chars = [ch for ch in rest]
    pos = len(text)
    while chars and pos > 0:
        pos -= 1
        if text[pos].isspace():
            continue
        if clean_text(text[pos]) == chars[-1]:
            chars.pop()
        else:
            break
    return Cell(text[pos:], cell.start + pos, cell.end)


@dataclass
class _Found:
    cell: Cell
    shifted: bool = False


def _fits(field_name: str, cell: Cell) -> bool:
    text = cell.text
    if field_name in _AMOUNT_FIELDS:
        return is_number(cell)
    if field_name == "period":
        return bool(_PERIOD_LIKE.search(text)) and len(text) <= 30 and not _UNIT_LIKE.match(text)
    if field_name == "supervising_office":
        return bool(_OFFICE_LIKE.match(text))
    if field_name == "project_attribute":
        return len(text) <= 12 and not _UNIT_LIKE.match(text) and not is_number(cell)
    if field_name == "project_name":
        return not is_number(cell) and not re.match(r"^单\s*位\s*[:：]", text)
    if field_name in ("department", "implementing_unit"):
        return not is_number(cell) and not _OFFICE_LIKE.match(text)
    return not re.match(r"^单\s*位\s*[:：]", text)


def _scan_labels(rows: list[Row]) -> tuple[dict[str, _Found], list[tuple[int, Cell]], dict[str, tuple[int, int]]]:
    """Assign label values; return found fields, cells no label claimed (with their row), label positions."""
    found: dict[str, _Found] = {}
    positions: dict[str, tuple[int, int]] = {}
    claimed: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            hit = _label(cell) if cell else None
            if hit is None:
                continue
            claimed.add((r, c))
            field_name, inline = hit
            positions.setdefault(field_name, (r, c))
            if field_name in found or field_name in ("block", "category", "spending_plan"):
                continue
            if inline:
                value = _inline_cell(cell, inline)
                if _fits(field_name, value):
                    found[field_name] = _Found(value)
                continue
            for c2 in range(c + 1, len(row.cells)):
                nxt = row.cells[c2]
                if not nxt or (r, c2) in claimed:
                    continue
                if _label(nxt):
                    break
                if _fits(field_name, nxt):
                    found[field_name] = _Found(nxt)
                    claimed.add((r, c2))
                break
            if field_name not in found and field_name in ("project_name", "annual_goal") and r + 1 < len(rows):
                below = rows[r + 1].filled
                if len(below) == 1 and not _label(below[0]) and _fits(field_name, below[0]):
                    found[field_name] = _Found(below[0])
                    claimed.add((r + 1, rows[r + 1].cells.index(below[0])))
    unclaimed = [
        (r, cell)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row.cells)
        if cell and (r, c) not in claimed and not _label(cell)
    ]
    return found, unclaimed, positions


def parse_project_table(text: str, chunk: Chunk) -> ProjectTable:
    rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    unit = unit_of(chunk)
    indicator_at = tree_start(rows)
    indicator_at = len(rows) if indicator_at is None else indicator_at
    head_rows = rows[:indicator_at]
    found, unclaimed, positions = _scan_labels(head_rows)
    project = ProjectPerformance()
    warnings: list[str] = []

    # An orphan line above 项目名称 is the project name pushed out of its row
    # (seed 002 社区矫正工作经费); the cell next to 项目名称 then holds the department.
    name_row = positions.get("project_name", (len(head_rows),))[0]
    orphans = []
    for row in head_rows[:name_row]:
        cells = [c for c in row.filled if not re.match(r"^单\s*位\s*[:：]", c.text)]
        if len(cells) == 1 and not _label(cells[0]):
            orphans.append(cells[0])
    # 003: the line under the title names the implementing unit (315001司法部门…).
    unit_lines = [c for c in orphans if re.match(r"^\d{6}", c.text)]
    if unit_lines and "implementing_unit" not in found:
        found["implementing_unit"] = _Found(unit_lines[0])
    orphans = [c for c in orphans if c not in unit_lines]
    if orphans and "project_name" in positions:
        current = found.get("project_name")
        if current is None or _UNIT_LIKE.match(current.cell.text):
            if current is not None and "department" not in found:
                found["department"] = _Found(current.cell, shifted=True)
            found["project_name"] = _Found(orphans[-1], shifted=True)
            unclaimed = [(r, c) for r, c in unclaimed if c is not orphans[-1]]
    # Values left unclaimed go to a missing field they fit, flagged. A field
    # whose label was dropped (000 表11-8 prints `主管部门 | 中宁县司法局 |
    # 中宁县司法局本级`) is expected on the row of the label it sits beside.
    beside = {"implementing_unit": "department", "period": "project_attribute"}

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

    for field_name, hit in found.items():
        reasons = [Reason.cell_shifted] if hit.shifted else []
        if field_name in _AMOUNT_FIELDS:
            setattr(project, field_name, make_amount(hit.cell, unit, reasons))
        elif field_name in ProjectPerformance.model_fields:
            setattr(project, field_name, make_text(hit.cell, reasons=reasons))
    if project.annual_goal is None and "annual_goal" in positions:
        goals = [c for _, c in unclaimed if re.match(r"^(<p>)?目标\s*\d", c.text)]
        if goals:
            joined = Cell("\n".join(c.raw for c in goals), goals[0].start, goals[-1].end)
            project.annual_goal = make_text(joined, " ".join(_strip_tags(c.text) for c in goals))
    project.spending_plan = _spending_plan(head_rows)
    if project.project_name is None:
        warnings.append("no project name found")

    if indicator_at < len(rows):
        project.indicators = read_tree(rows[indicator_at:], chunk.layout)
    else:
        warnings.append("no indicator table found")
    return ProjectTable(
        **table_fields(chunk),
        project=project,
        warnings=warnings,
    )


def _spending_plan(rows: list[Row]) -> list[SpendingMilestone]:
    """资金支出计划: a row of 3月底 … 12月底 and the row of percentages under it."""
    for r, row in enumerate(rows):
        labels = [c for c in row.filled if _MILESTONE.match(c.compact)]
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
