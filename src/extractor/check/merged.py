"""Projects of a multi-project list read as one (`merged_projects`).

A list prints one row per project (单位名称 | 项目名称 | 预算数 | 年度目标 | 一级 | …) and the project's
indicators under it. Where the OCR wrapped the list's cells so that its project rows could not all be told
(`segment.project_rows`, strict), a row after a project's tree reached 效益 / 满意度 that prints a 预算数 with
the 产出 of a new tree or a goal's prose near it is another project read as this one's rows: its name,
funds, goal and indicators are lost to it or taken as this project's. The finding names the amounts seen
and spans each such project's lines, so no project vanishes unsaid.

Where the OCR garbled the 效益 / 满意度 too, the other signs of projects read as one are the finding's: a list's
rows printing more than one goal's prose each beside a 预算数, a tree read that starts at 产出 again after its
效益 / 满意度, a list's 合计 over the 预算数 read from its projects.

A project of a list whose header prints a column of the project's own (单位名称, 主管部门, 预算数, 年度目标) or a
department line over it (`部门名称：…`) and that read nothing of it is a `missing_field` finding: the cell was
printed (wrapped by the OCR, or its column not worked out) and its value is lost unless said.
"""

from __future__ import annotations

from ..grid import Layout, detect_layout, forget_rows, line_spans, rows_of
from ..lazyre import LazyPattern
from ..models import Check, Document, Finding, ProjectTable, Reason, Severity, Span, list_runs
from ..segment import (
    BUDGET, LIST_TOTAL, ROW_REACH, TREE_CLOSED, TREE_OPENS, goal_line, list_columns, list_header, project_rows,
    wrapped_header_at,
)
from .findings import Findings


# A tree's 效益 / 满意度, and a figure with two decimals after it: a table without one holds no other project's row
_TREE_END = LazyPattern(r"效益|满意")
_TWO_DECIMALS = LazyPattern(r"(?<![\d.．])\d{1,7}\s?[.．]\s?\d{2}(?![\d%])")


def check_merged(doc: Document, text: str, findings: Findings) -> None:
    """A `merged_projects` finding on each project table whose rows hold other projects' rows, and a
    `missing_field` finding on each project of a list that read no value of a column of its own."""
    try:
        named: set[str] | None = None  # the list columns of the list the table is a project of, None outside lists
        title = None
        for table in doc.tables:
            if not isinstance(table, ProjectTable):
                named, title = None, None
                continue
            here = _list_named(text, table)
            if here is not None:
                named, title = here, table.title
            elif table.title != title:
                named, title = None, None
            merged = _amount_after_tree(text, table.header_end, table.span.end) and _merged(table, text, findings)
            merged = merged or named is not None and _merged_by_goals(table, text, findings)
            merged = merged or _tree_restarts(table, findings)
            if named:
                _unread_columns(table, named, findings)
        _short_totals(doc, {f.table_id for f, _ in findings.items if f.check is Check.merged_projects}, findings)
    finally:
        forget_rows(text)  # (the readers' rows were released before the checks: these are too)


def _amount_after_tree(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] prints a two-decimal figure after a tree's 效益 / 满意度: the figure searched
    for from the first of them only (one pattern `效益[\\s\\S]*?figure` ran on to the end from every
    效益 and 满意 of a table without one, a scan of the table's text for each)."""
    tree = _TREE_END.search(text, start, end)
    return tree is not None and _TWO_DECIMALS.search(text, tree.end(), end) is not None


def _merged(table: ProjectTable, text: str, findings: Findings) -> bool:
    """The finding where rows after the tree's 效益 / 满意度 start other projects; whether there is one."""
    rows = rows_of(text, table.header_end, table.span.end)
    found = project_rows(rows, -1, strict=False)
    if not found:
        return False
    _finding(table, rows, found, findings, "after its tree's 效益/满意度, rows print a 预算数 ({}) with a new 产出 tree "
             "or a goal, read as this project's")
    return True


def _merged_by_goals(table: ProjectTable, text: str, findings: Findings) -> bool:
    """The finding on a project of a list whose rows print the 年度目标 prose of more than one project, each beside
    a 预算数 (a two-decimal figure within `ROW_REACH` lines of its prose): projects the split did not tell, where
    the OCR garbled the 效益 / 满意度 their trees close with (`_merged` sees none). Blocks of prose lines more
    than `ROW_REACH` lines apart are two goals; the rows from the list's 合计 on are no project's. Whether
    there is one."""
    rows = rows_of(text, table.header_end, table.span.end)
    rows = rows[:next((k for k, row in enumerate(rows) if row.filled and LIST_TOTAL.match(row.filled[0].compact)),
                      len(rows))]
    blocks: list[list[int]] = []
    for k, row in enumerate(rows):
        if goal_line(row):
            if blocks and k - blocks[-1][-1] <= ROW_REACH:
                blocks[-1].append(k)
            else:
                blocks.append([k])
    found = []
    for block in blocks:
        near = range(max(block[0] - ROW_REACH, 0), min(block[-1] + ROW_REACH + 1, len(rows)))
        budget = next((j for j in near if any(BUDGET.match(c.compact) for c in rows[j].filled)), None)
        if budget is not None:
            found.append((min(block[0], budget), budget))
    if len(found) < 2:
        return False
    _finding(table, rows, found[1:], findings, "its rows print the goals of other projects, each beside a "
             "预算数 ({}), read as this project's")
    return True


def _tree_restarts(table: ProjectTable, findings: Findings) -> bool:
    """The finding on a project whose indicators, as read, start at 产出 again after reaching 效益 / 满意度: another
    project's tree read as this one's (its row's name, 预算数 and goal lost to it). Spans each tree read again from
    its first indicator. Whether there is one."""
    starts, closed = [], False
    for ind in table.project.indicators:
        level1 = ind.level1.value if ind.level1 is not None else ""
        if level1.startswith(TREE_CLOSED):
            closed = True
        elif closed and level1.startswith(TREE_OPENS) and (span := ind.level1.span or ind.level3.span) is not None:
            starts.append(span.start)
            closed = False
    if not starts:
        return False
    findings.items.append((Finding(
        check=Check.merged_projects, severity=Severity.warning, reason=Reason.missing_value, table_id=table.id,
        message=f"{len(starts) + 1} projects may be merged into one: its indicator tree starts again at 产出 after "
                f"效益/满意度 {len(starts)} time(s), another project's tree read as this one's",
        suggestion="read each project's row (名称, 预算数, 年度目标) and its indicators apart",
        spans=[Span(start=a, end=b) for a, b in zip(starts, [*starts[1:], table.span.end])],
    ), []))
    return True


def _short_totals(doc: Document, merged: set[str], findings: Findings) -> None:
    """The finding on a list whose 合计 (`ProjectTable.list_total`) is more than the 预算数 of the projects read
    from it (the project tables of its title and label in a row up to the total's): projects of it were not told
    apart, their amounts lost to the ones read. Spans the list's tables, where the projects not told stand; none
    where a table of the list has a merged_projects finding already (`merged`: their ids)."""
    for table, run in list_runs(doc.tables):
        read = sum(p.project.funds_total.value for p in run if p.project.funds_total is not None)
        if table.list_total.value - read > _ROUNDING * len(run) and not merged & {p.id for p in run}:
            findings.items.append((Finding(
                check=Check.merged_projects, severity=Severity.warning, reason=Reason.missing_value, table_id=table.id,
                message=f"the list's 合计 {table.list_total.raw} is more than the 预算数 of its {len(run)} project(s) "
                        f"read ({read:g}): projects of it may be read as others' rows",
                expected=table.list_total.raw, actual=f"{read:g}",
                suggestion="read each project's row (名称, 预算数, 年度目标) and its indicators apart",
                spans=[p.span for p in run],
            ), []))


def _finding(table: ProjectTable, rows, found: list[tuple[int, int]], findings: Findings, told: str) -> None:
    """One `merged_projects` finding on `table` naming the 预算数 of each other project's row in `found` ((first
    line, amount line) in `rows`) and spanning each such project's lines; `told`: how the rows were told, `{}`
    where the amounts go."""
    firsts = [rows[first].start for first, _ in found]
    spans = [Span(start=start, end=end) for start, end in zip(firsts, [*firsts[1:], table.span.end])]
    amounts = [c.text for _, k in found for c in rows[k].filled if BUDGET.match(c.compact)]
    findings.items.append((Finding(
        check=Check.merged_projects, severity=Severity.warning, reason=Reason.missing_value, table_id=table.id,
        message=f"{len(found) + 1} projects may be merged into one: {told.format(', '.join(amounts))}",
        rows=amounts, suggestion="read each project's row (名称, 预算数, 年度目标) and its indicators apart",
        spans=spans,
    ), []))


_ROUNDING = 0.005  # a 预算数's rounding (two decimals), per project summed

# The columns of a project's own a list's header may print, and how the finding names them (项目名称 is
# `check.unread.check_required`'s)
_OWN_COLUMNS = (("department", "主管部门"), ("implementing_unit", "单位名称"), ("funds_total", "预算数"),
                ("funds_fiscal", "财政拨款"), ("funds_other", "其他资金"), ("annual_goal", "年度目标"))
_HEADER_REACH = 12  # rows from a list's first table's start to its header's line naming the project's columns, at most
# A department line over a list's header (`部门名称：剑` wrapped): every project's 主管部门
_DEPARTMENT_LINE = LazyPattern(r"(部门名称|主管部门|预算部门)\s*[:：;；]")


def _unread_columns(table: ProjectTable, named: set[str], findings: Findings) -> None:
    """A `missing_field` finding on a project of a multi-project list that read no value of a column of its own
    its list's header names (`named`, with 主管部门 for the department line over it)."""
    missing = [label for field, label in _OWN_COLUMNS if field in named and getattr(table.project, field) is None]
    if missing:
        findings.items.append((Finding(
            check=Check.missing_field, severity=Severity.warning, reason=Reason.missing_value, table_id=table.id,
            message=f"the list prints {'、'.join(missing)} for each project: none read for this one",
            rows=missing, suggestion="read the project's cells of these columns from its row (see the unread text)",
            spans=[table.span],
        ), []))


def _top_rows(text: str, start: int, end: int) -> tuple:
    """The first `_HEADER_REACH` rows of text[start:end] (`rows_of`). A tabbed region's rows are its
    non-blank lines, each read alone: only those lines are read (the table's rows were released after
    reading: read again whole, every project table's, they cost a twentieth of a run)."""
    layout = detect_layout(text, start, end)
    if layout is not Layout.tabbed:
        return rows_of(text, start, end, layout)[:_HEADER_REACH]
    stop, left = start, _HEADER_REACH
    for s, e in line_spans(text, start, end):
        if s < e and not text[s:e].isspace():
            stop, left = e, left - 1
            if not left:
                break
    return rows_of(text, start, stop, layout)


def _list_named(text: str, table: ProjectTable) -> set[str] | None:
    """The columns of a project's own that the list header at the top of `table` names (with 主管部门 where a
    department line stands over it), or None where no list header stands there."""
    rows = _top_rows(text, table.span.start, table.span.end)
    head = next((k for k, row in enumerate(rows) if list_header(row) or wrapped_header_at(rows, k)), None)
    if head is None:
        return None
    named = list_columns(rows[head], fewest=1)  # (a header row: however few its cells)
    if _DEPARTMENT_LINE.search(text, table.span.start, rows[head].start):
        named.add("department")
    return named
