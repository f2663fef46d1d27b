"""Rule parser for department overall performance tables (部门整体支出绩效目标表).

Sections (年度预算收入 / 年度预算支出 / 年度主要任务 / 部门职责 / 年度绩效目标) are
found by their labels; the indicator tree under them is read by `indicators`.
"""

from __future__ import annotations

import re

from ...grid import is_number, rows_of
from ...models import DepartmentPerformance, DepartmentTable, FundItem, KeyTask, Side
from ...segment import Chunk
from ..common import table_fields, unit_of
from .common import make_amount, make_text
from .indicators import read_tree, tree_start
from .projects import prose

_SECTION = re.compile(r"^(年度预算收入|年度预算支出|部门职能|部门职责|年度主要任务|年度绩效目标|年度绩效指标|部门\(单位\)名称|部门名称)")


def parse_department_table(text: str, chunk: Chunk) -> DepartmentTable:
    rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    unit = unit_of(chunk)
    dept = DepartmentPerformance()
    side: Side | None = None
    section = None
    tree_at = tree_start(rows)
    for r, row in enumerate(rows):
        filled = row.filled
        if not filled:
            continue
        head = filled[0].compact
        if r == tree_at:
            break
        m = _SECTION.match(head)
        if m:
            section = m.group(1)
            if section in ("部门(单位)名称", "部门名称") and len(filled) > 1:
                dept.department = make_text(filled[1])  # with its 【code】, as 项目 tables keep `223-…`
                continue
            if section in ("部门职能", "部门职责") and len(filled) > 1:
                dept.duties = prose(filled[1])
                continue
            if section == "年度绩效目标" and len(filled) > 1:
                dept.annual_goal = prose(filled[1])
                continue
            side = Side.income if section == "年度预算收入" else Side.expenditure if section == "年度预算支出" else side
            filled = filled[1:]
            if section == "年度主要任务":
                continue  # its own header row (重点工作 / 对应项目 / …)
        if head.startswith("部门(单位)财政供养人员数量") and len(filled) > 1:
            dept.staff_count = make_amount(filled[1], None)
            continue
        if section in ("年度预算收入", "年度预算支出") and filled:
            numbers = [c for c in filled if is_number(c)]
            names = [c for c in filled if not is_number(c)]
            if names:
                dept.funds.append(
                    FundItem(side=side, name=make_text(names[0]), amount=make_amount(numbers[0], unit) if numbers else None)
                )
        elif section == "年度主要任务" and len(filled) >= 2:
            amount = next((c for c in filled if is_number(c)), None)
            texts = [c for c in filled if c is not amount]
            dept.key_tasks.append(
                KeyTask(
                    task=make_text(texts[0]),
                    project=make_text(texts[1]) if len(texts) > 2 else None,
                    amount=make_amount(amount, unit) if amount else None,
                    deadline=make_text(texts[-1]) if len(texts) > 1 else None,
                )
            )
    if tree_at is not None:
        dept.indicators = read_tree(rows[tree_at:], chunk.layout)
    return DepartmentTable(
        **table_fields(chunk),
        department=dept,
    )
