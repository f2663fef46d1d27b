"""Projects of a multi-project list read as one (`merged_projects`).

A list prints one row per project (单位名称 | 项目名称 | 预算数 | 年度目标 | 一级 | …) and the project's
indicators under it. Where the OCR wrapped the list's cells so that its project rows could not all be told
(`segment.project_rows`, strict), a row after a project's tree reached 效益 / 满意度 that prints a 预算数 with
the 产出 of a new tree or a goal's prose near it is another project read as this one's rows: its name,
funds, goal and indicators are lost to it or taken as this project's. The finding names the amounts seen
and spans each such project's lines, so no project vanishes unsaid.
"""

from __future__ import annotations

from ..grid import forget_rows, rows_of
from ..lazyre import LazyPattern
from ..models import Check, Document, Finding, ProjectTable, Reason, Severity, Span
from ..segment import BUDGET, project_rows
from .findings import Findings


# A figure with two decimals after a tree's 效益 / 满意度: a table without one holds no other project's row
_AMOUNT_AFTER_TREE = LazyPattern(r"(效益|满意)[\s\S]*?(?<![\d.．])\d{1,7}\s?[.．]\s?\d{2}(?![\d%])")


def check_merged(doc: Document, text: str, findings: Findings) -> None:
    """A `merged_projects` finding on each project table whose rows hold other projects' rows."""
    try:
        for table in doc.tables:
            if isinstance(table, ProjectTable) and _AMOUNT_AFTER_TREE.search(text, table.header_end, table.span.end):
                _merged(table, text, findings)
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
