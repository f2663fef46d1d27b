"""Projects of a multi-project list read as one (`merged_projects`).

A list prints one row per project (单位名称 | 项目名称 | 预算数 | 年度目标 | 一级 | …) and the project's
indicators under it. Where the OCR wrapped the list's cells so that its project rows could not all be told
(`segment.project_rows`, strict), a row after a project's tree reached 效益 / 满意度 that prints a 预算数 with
the 产出 of a new tree or a goal's prose near it is another project read as this one's rows: its name,
funds, goal and indicators are lost to it or taken as this project's. The finding names the amounts seen
and spans each such project's lines, so no project vanishes unsaid.

A project of a list whose header prints a column of the project's own (单位名称, 主管部门, 预算数, 年度目标) or a
department line over it (`部门名称：…`) and that read nothing of it is a `missing_field` finding: the cell was
printed (wrapped by the OCR, or its column not worked out) and its value is lost unless said.
"""

from __future__ import annotations

from ..grid import forget_rows, rows_of
from ..lazyre import LazyPattern
from ..models import Check, Document, Finding, ProjectTable, Reason, Severity, Span
from ..segment import BUDGET, list_columns, list_header, project_rows, wrapped_list_header
from .findings import Findings


# A figure with two decimals after a tree's 效益 / 满意度: a table without one holds no other project's row
_AMOUNT_AFTER_TREE = LazyPattern(r"(效益|满意)[\s\S]*?(?<![\d.．])\d{1,7}\s?[.．]\s?\d{2}(?![\d%])")


def check_merged(doc: Document, text: str, findings: Findings) -> None:
    """A `merged_projects` finding on each project table whose rows hold other projects' rows."""
    try:
        for table in doc.tables:
            if isinstance(table, ProjectTable) and _AMOUNT_AFTER_TREE.search(text, table.header_end, table.span.end):
                _merged(table, text, findings)
        _unread_columns(doc, text, findings)
    finally:
        forget_rows(text)  # (the readers' rows were released before the checks: these are too)


def _merged(table: ProjectTable, text: str, findings: Findings) -> None:
    rows = rows_of(text, table.header_end, table.span.end)
    found = project_rows(rows, -1, strict=False)
    if not found:
        return
    firsts = [rows[first].start for first, _ in found]
    spans = [Span(start=start, end=end) for start, end in zip(firsts, [*firsts[1:], table.span.end])]
    amounts = [c.text for _, k in found for c in rows[k].filled if BUDGET.match(c.compact)]
    findings.items.append((Finding(
        check=Check.merged_projects, severity=Severity.warning, reason=Reason.missing_value, table_id=table.id,
        message=f"{len(found) + 1} projects may be merged into one: after its tree's 效益/满意度, rows print "
                f"a 预算数 ({', '.join(amounts)}) with a new 产出 tree or a goal, read as this project's",
        rows=amounts, suggestion="read each project's row (名称, 预算数, 年度目标) and its indicators apart",
        spans=spans,
    ), []))


# The columns of a project's own a list's header may print, and how the finding names them (项目名称 is
# `check.unread.check_required`'s)
_OWN_COLUMNS = (("department", "主管部门"), ("implementing_unit", "单位名称"), ("funds_total", "预算数"),
                ("funds_fiscal", "财政拨款"), ("funds_other", "其他资金"), ("annual_goal", "年度目标"))
_HEADER_REACH = 12  # rows from a list's first table's start to its header's line naming the project's columns, at most
# A department line over a list's header (`部门名称：剑` wrapped): every project's 主管部门
_DEPARTMENT_LINE = LazyPattern(r"(部门名称|主管部门|预算部门)\s*[:：;；]")


def _unread_columns(doc: Document, text: str, findings: Findings) -> None:
    """A `missing_field` finding on each project of a multi-project list that read no value of a column of its own
    its list's header names (or of the department line over it). The list's header stands in the first of its
    tables; the tables after it with its title are its other projects."""
    named: set[str] = set()
    title = None
    for table in doc.tables:
        if not isinstance(table, ProjectTable):
            named, title = set(), None
            continue
        here = _list_named(text, table)
        if here is not None:
            named, title = here, table.title
        elif table.title != title:
            named, title = set(), None
        missing = [label for field, label in _OWN_COLUMNS if field in named and getattr(table.project, field) is None]
        if missing:
            findings.items.append((Finding(
                check=Check.missing_field, severity=Severity.warning, reason=Reason.missing_value, table_id=table.id,
                message=f"the list prints {'、'.join(missing)} for each project: none read for this one",
                rows=missing, suggestion="read the project's cells of these columns from its row (see the unread text)",
                spans=[table.span],
            ), []))


def _list_named(text: str, table: ProjectTable) -> set[str] | None:
    """The columns of a project's own that the list header at the top of `table` names (with 主管部门 where a
    department line stands over it), or None where no list header stands there."""
    rows = rows_of(text, table.span.start, table.span.end)[:_HEADER_REACH]
    head = next((k for k, row in enumerate(rows) if list_header(row) or wrapped_list_header(row)), None)
    if head is None:
        return None
    named = list_columns(rows[head])
    if _DEPARTMENT_LINE.search(text, table.span.start, rows[head].start):
        named.add("department")
    return named
