"""The dataset's tidy rows (amounts, projects, indicators, departments, key tasks, findings) from a document.

Every row starts with where it comes from (`PROVENANCE`: the document's name,
its source file and SHA-256, the department, year and 预算/决算 it prints).
Each row carries a review status: `auto` when none of its fields was flagged,
else the reviewers' decision (`pending` until there is one); the decisions
are put into the document's fields before the rows are read. A value not
printed or not read is None (empty in a CSV, NULL in SQLite and JSON), never ''.

An amount row says what it is: its table's printed number, title and kind, the
row's kind (subject, unit, total, item) and level (1 类, 2 款, 3 项), the column's
heading as printed, and `leaf`: 1 when a sum of the table should add it (the
identities' smallest parts: `check.reconcile.leaves`), so that summing a
column's leaf rows gives the table's 合计 and counts no money twice.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional

from ..lazyre import LazyPattern
from ..models import (
    FUND_SPENDING,
    Amount,
    ColumnKind,
    DepartmentTable,
    Document,
    Indicator,
    LineTable,
    Located,
    ProjectTable,
    RowKind,
    SelfEvaluationTable,
    Side,
    SpendingMilestone,
    Text,
)
from ..numbers import UNIT_FACTORS
from ..check.department import leaf_items, side_total
from ..check.reconcile import leaves
from ..review.items import Status, apply, keyed_fields, reviewable, reviewable_findings

# A row takes the status of its least settled field.
_PRECEDENCE = [Status.pending, Status.rejected, Status.corrected, Status.approved, Status.auto]

# Where a row comes from and what document it is part of: the first columns of every row.
PROVENANCE = ["doc", "source", "sha256", "doc_department", "doc_year", "doc_type"]
AMOUNT_COLUMNS = [
    *PROVENANCE, "table_id", "table_kind", "table_label", "table_title", "row_kind", "level", "leaf", "code", "name",
    "side", "column", "column_label", "value", "unit", "raw", "source_start", "source_end", "confidence", "flagged",
    "status", "reasons",
]
PROJECT_COLUMNS = [
    *PROVENANCE, "table_id", "project_name", "project_code", "department", "implementing_unit",
    "project_attribute", "period", "supervising_office", "funds_total", "funds_fiscal", "funds_other", "fund_use",
    "spending_plan", "annual_goal", "unit", "flagged", "status", "reasons",
]
# one row per text cell of a performance table that no field took (`table.unread_text`)
UNREAD_TEXT_COLUMNS = [
    *PROVENANCE, "table_id", "table_kind", "table_title", "text", "source_start", "source_end", "status",
]
FINDING_COLUMNS = [
    *PROVENANCE, "table_id", "check", "severity", "reason", "message", "rows", "expected", "actual", "suggestion",
    "fields", "spans", "status",
]
INDICATOR_COLUMNS = [
    *PROVENANCE, "table_id", "project_name", "level1", "level2", "level3", "value_raw", "operator",
    "number", "number_high", "value_unit", "description", "basis", "deadline", "weight", "direction", "actual", "points", "score", "deviation",
    "source_start", "source_end", "flagged", "status", "reasons",
]
# one row per self-evaluation table; its funds rows are in amounts.csv, its indicators in indicators.csv
EVALUATION_COLUMNS = [
    *PROVENANCE, "table_id", "project_name", "project_code", "department", "implementing_unit", "annual_goal",
    "annual_outcome", "total_points", "total_score", "grade", "unit", "flagged", "status", "reasons",
]
# one row per department table (部门整体支出绩效目标表): its own text and count; its funds rows are in
# amounts.csv, its key tasks in key_tasks.csv, its indicators in indicators.csv
DEPARTMENT_COLUMNS = [
    *PROVENANCE, "table_id", "department", "staff_count", "duties", "annual_goal", "flagged", "status", "reasons",
]
# one row per key task of a department table (年度主要任务): 重点工作, 对应项目, 主要内容, 预算金额, 完成时限; its
# amount is also an amount row (amounts.csv, named by the task)
KEY_TASK_COLUMNS = [
    *PROVENANCE, "table_id", "department", "task", "project_name", "content", "amount", "unit", "deadline",
    "source_start", "source_end", "flagged", "status", "reasons",
]
# Units of the columns that are no money: a percentage, a score.
_COLUMN_UNITS = {ColumnKind.change_pct: "%", ColumnKind.execution_rate: "%", ColumnKind.points: "分",
                 ColumnKind.score: "分"}
# A self-evaluation funds row's fields as amount columns.
_FUND_COLUMNS = {
    "budget_initial": ColumnKind.budget_initial, "budget_adjusted": ColumnKind.budget_adjusted,
    "executed": ColumnKind.final, "points": ColumnKind.points, "execution_rate": ColumnKind.execution_rate,
    "score": ColumnKind.score,
}


# A self-evaluation's funds columns that are money (a sum adds them); 分值, 执行率 and 得分 are not.
_FUND_MONEY = {ColumnKind.budget_initial, ColumnKind.budget_adjusted, ColumnKind.final}


def _text(value: Text | None) -> str | None:
    return (value.value or None) if value else None  # ('' is a rejected text: no value)


def _num(value: Amount | None) -> float | None:
    return value.value if value is not None else None


def _provenance(doc: Document) -> dict:
    return {"doc": doc.doc, "source": doc.source_path, "sha256": doc.sha256, "doc_department": doc.department,
            "doc_year": doc.year, "doc_type": doc.doc_type}


_NUMBER = LazyPattern(r"[+-]?\d[\d,]*(\.\d+)?")


def _number(text: str | None) -> float | int | str | None:
    """A finding's expected/actual value: a number when it is one (`273.1094`), else the text."""
    if not text:
        return None
    if not _NUMBER.fullmatch(text.strip()):
        return text
    number = text.replace(",", "")
    return float(number) if "." in number else int(number)  # a count stays a count (3, not 3.0)


def apply_decisions(doc: Document, decisions: dict[str, tuple[Status, Optional[str]]]) -> dict[int, Status]:
    """Put the review decisions (key → status, corrected value) into the document's
    fields; returns each field's status, keyed by id()."""
    states: dict[int, Status] = {}
    if not decisions:  # nothing decided: every field's status follows its flag
        return states
    for key, _, _, obj in keyed_fields(doc):
        status, value = decisions.get(key, (Status.pending if obj.flagged else Status.auto, None))
        apply(obj, status, value)
        states[id(obj)] = status
    doc._keyed = None  # (a corrected value a key is made of gives another key now)
    for key, _, finding in reviewable_findings(doc):  # approved: a real defect; rejected: a false alarm
        states[id(finding)] = decisions.get(key, (Status.pending, None))[0]
    return states


_PENDING, _AUTO = Status.pending.value, Status.auto.value


def _review_state(values: list[Located | None], states: dict[int, Status]) -> dict:
    """A row's `flagged`, `status` and `reasons` columns from the values it shows."""
    # (one pass over the values: this runs for every row; most of an indicator's thirteen values are
    # not printed, and most rows have no value flagged or doubted)
    shown = [v for v in values if v is not None]
    flagged = False
    doubts = []  # each value's reasons then its checks (`Located.all_reasons`, row-wide)
    for v in shown:
        if v.flagged:
            flagged = True
        doubts += v.reasons
        doubts += v.checks
    # nothing decided (a first run): pending when a value is flagged, else auto, as `_status` finds (from the
    # flags read already)
    status = _status(shown, states) if states else _PENDING if flagged else _AUTO
    # the first of each reason kept; a reason is a str enum's member, the text of its value: joined as it is
    reasons = ";".join(dict.fromkeys(doubts)) if doubts else None
    return {"flagged": int(flagged), "status": status, "reasons": reasons}


def _status(values: Iterable[Located | None], states: dict[int, Status]) -> str:
    """The status of a row showing `values`: its least settled value's (`_PRECEDENCE`). Nothing decided
    (a first run, `states` empty): pending when a value is flagged, else auto."""
    if not states:
        return _PENDING if any(v.flagged for v in values if v is not None) else _AUTO
    found = {states.get(id(v), Status.pending if v.flagged else Status.auto) for v in values if v is not None}
    return next(s for s in _PRECEDENCE if s in found or s is Status.auto).value


def amount_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    """Every amount read, and every number left unread (column `unknown`, reason `unread`)."""
    provenance = _provenance(doc)
    for table in doc.tables:
        base = {**provenance, "table_id": table.id, "table_kind": table.kind.value, "table_label": table.label,
                "table_title": table.title}
        if isinstance(table, LineTable):
            leaf = leaves(table)
            for line in table.lines:
                row = {**base, "row_kind": line.row_kind.value, "level": line.level, "code": _text(line.code),
                       "name": line.name.value, "side": line.side.value if line.side else None}
                for cell in line.amounts:
                    yield _amount_row(row, states, table, cell.column, cell.label, cell.amount,
                                      (id(line), cell.column) in leaf, [line.code, line.name], line.unit)
        elif isinstance(table, DepartmentTable):
            leaf = leaf_items(table)
            # a side's total (its first item, or a closing 合计): `check.department.side_total`
            totals = {id(t) for side in Side if (t := side_total([f for f in table.department.funds if f.side is side]))}
            for item in table.department.funds:
                kind = RowKind.total if id(item) in totals else RowKind.item
                if item.amount is not None:
                    row = {**base, "row_kind": kind.value, "name": item.name.value, "side": item.side.value}
                    yield _amount_row(row, states, table, ColumnKind.total, None, item.amount, id(item) in leaf,
                                      [item.name])
            for task in table.department.key_tasks:
                if task.amount is not None:  # the tasks' amounts are a list of their own: no part of the funds' total
                    row = {**base, "row_kind": RowKind.item.value, "name": task.task.value}
                    yield _amount_row(row, states, table, ColumnKind.total, None, task.amount, False, [task.task])
        elif isinstance(table, SelfEvaluationTable):
            for funds in table.evaluation.funds:
                kind = RowKind.total if funds.role == "total" else RowKind.item
                row = {**base, "row_kind": kind.value, "name": funds.name.value}
                for name, column in _FUND_COLUMNS.items():
                    amount = getattr(funds, name)
                    if amount is not None:
                        yield _amount_row(row, states, table, column, None, amount,
                                          # (the spending split repeats the sources' money: no leaf)
                                          kind is RowKind.item and column in _FUND_MONEY
                                          and funds.role not in FUND_SPENDING, [funds.name])
        for amount in table.unread:
            yield _amount_row(base, states, table, ColumnKind.unknown, None, amount, False)


def _amount_row(row: dict, states, table, column: ColumnKind, label: str | None, amount: Amount, leaf: bool,
                labels=(), unit: str | None = None) -> dict:
    """One amount of `row` (its provenance, table and row columns); the row's code and name count
    towards flagged/reasons. `unit`: the row's own (a count's 辆), else the column's or the table's."""
    fields = [amount, *labels]
    return {
        **_NO_ROW,
        **row,
        "leaf": int(leaf),
        "column": column.value,
        "column_label": label or None,
        "value": amount.value,
        "unit": unit or _COLUMN_UNITS.get(column, table.unit),
        "raw": amount.raw,
        "source_start": amount.span.start if amount.span else None,
        "source_end": amount.span.end if amount.span else None,
        "confidence": amount.confidence,
        **_review_state(fields, states),
    }


# The columns of an amount's row, None where the row has none (an unread number has no row)
_NO_ROW = dict.fromkeys(("row_kind", "level", "code", "name", "side"))


def project_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    for table in doc.tables:
        if not isinstance(table, ProjectTable):
            continue
        p = table.project
        fields = [p.project_name, p.project_code, p.department, p.implementing_unit, p.project_attribute,
                  p.period, p.supervising_office, p.funds_total, p.funds_fiscal, p.funds_other, p.fund_use,
                  *(m.percent for m in p.spending_plan), p.annual_goal]
        yield {
            **_provenance(doc),
            "table_id": table.id,
            "project_name": _text(p.project_name),
            "project_code": _text(p.project_code),
            "department": _text(p.department),
            "implementing_unit": _text(p.implementing_unit),
            "project_attribute": _text(p.project_attribute),
            "period": _text(p.period),
            "supervising_office": _text(p.supervising_office),
            "funds_total": _num(p.funds_total),
            "funds_fiscal": _num(p.funds_fiscal),
            "funds_other": _num(p.funds_other),
            "fund_use": _text(p.fund_use),
            "spending_plan": _spending_plan(p.spending_plan),
            "annual_goal": _text(p.annual_goal),
            "unit": table.unit,
            **_review_state(fields, states),
        }


def _spending_plan(plan: list[SpendingMilestone]) -> str | None:
    """资金支出计划 in one cell, each milestone with the share of the year's funds spent by then:
    `3月底 25%; 6月底 80%` (a percentage not read: its printed text)."""
    return "; ".join(f"{m.label} {f'{m.percent.value:g}%' if m.percent.value is not None else m.percent.raw}"
                     for m in plan) or None


def evaluation_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    for table in doc.tables:
        if not isinstance(table, SelfEvaluationTable):
            continue
        e = table.evaluation
        fields = [e.project_name, e.project_code, e.department, e.implementing_unit, e.annual_goal, e.annual_outcome,
                  e.total_points, e.total_score, e.grade]
        yield {
            **_provenance(doc),
            "table_id": table.id,
            **{name: _text(getattr(e, name)) for name in (
                "project_name", "project_code", "department", "implementing_unit", "annual_goal", "annual_outcome")},
            "total_points": _num(e.total_points),
            "total_score": _num(e.total_score),
            "grade": _text(e.grade),
            "unit": table.unit,
            **_review_state(fields, states),
        }


def department_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    """A row per department table: its department, 人数 (`staff_count`), 部门职责 and 年度绩效目标."""
    for table in doc.tables:
        if not isinstance(table, DepartmentTable):
            continue
        d = table.department
        yield {
            **_provenance(doc),
            "table_id": table.id,
            "department": _text(d.department),
            "staff_count": _num(d.staff_count),
            "duties": _text(d.duties),
            "annual_goal": _text(d.annual_goal),
            **_review_state([d.department, d.staff_count, d.duties, d.annual_goal], states),
        }


def key_task_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    """A row per key task of a department table, its amount in the table's unit, its span the task name's."""
    provenance = _provenance(doc)
    for table in doc.tables:
        if not isinstance(table, DepartmentTable):
            continue
        department = _text(table.department.department)
        for task in table.department.key_tasks:
            span = task.task.span
            yield {
                **provenance,
                "table_id": table.id,
                "department": department,
                "task": _text(task.task),
                "project_name": _text(task.project),
                "content": _text(task.content),
                "amount": _num(task.amount),
                "unit": table.unit,
                "deadline": _text(task.deadline),
                "source_start": span.start if span else None,
                "source_end": span.end if span else None,
                **_review_state([task.task, task.project, task.content, task.amount, task.deadline], states),
            }


def indicator_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    provenance = _provenance(doc)
    for table in doc.tables:
        if isinstance(table, ProjectTable):
            owner, indicators = _text(table.project.project_name), table.project.indicators
        elif isinstance(table, DepartmentTable):
            owner, indicators = None, table.department.indicators
        elif isinstance(table, SelfEvaluationTable):
            e = table.evaluation
            owner, indicators = _text(e.project_name) or _text(e.department), e.indicators
        else:
            continue
        for ind in indicators:
            yield _indicator_row(provenance, states, table.id, owner, ind)


def _indicator_row(provenance: dict, states: dict[int, Status], table_id: str, owner: str | None,
                   ind: Indicator) -> dict:
    # (the fields read from the instance's dict, once each: a self-evaluation's indicator also
    # carries what was achieved and its score, another indicator has none of them there, where
    # asking pydantic for them would cost an exception each)
    f = vars(ind)
    level1, level2, level3, value = f["level1"], f["level2"], f["level3"], f["value"]
    description, basis, deadline, weight, direction = f["description"], f["basis"], f["deadline"], f["weight"], f[
        "direction"]
    get = f.get
    actual, points, score, deviation = get("actual"), get("points"), get("score"), get("deviation")
    fields = [level1, level2, level3, value, description, basis, deadline, weight, direction, actual, points, score,
              deviation]
    span = level3.span
    if value is not None:
        operator, unit = value.operator, value.unit
        span = value.span or span
        value_raw, number, number_high = value.raw, value.number, value.number_high
    else:
        operator = unit = value_raw = number = number_high = None
    return {
        **provenance,
        "table_id": table_id,
        "project_name": owner,
        "level1": _text(level1),
        "level2": _text(level2),
        "level3": level3.value,
        "value_raw": value_raw,
        "operator": operator.value if operator else None,
        "number": number,
        "number_high": number_high,
        "value_unit": unit or None,
        "description": _text(description),
        "basis": _text(basis),
        "deadline": _text(deadline),
        "weight": _num(weight),
        "direction": _text(direction),
        "actual": _text(actual),
        "points": _num(points),
        "score": _num(score),
        "deviation": _text(deviation),
        "source_start": None if span is None else span.start,
        "source_end": None if span is None else span.end,
        **_review_state(fields, states),
    }


def finding_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    provenance = _provenance(doc)
    for f in doc.findings:
        yield {
            **provenance,
            "table_id": f.table_id or None, "check": f.check.value, "severity": f.severity.value,
            "reason": f.reason.value, "message": f.message, "rows": "; ".join(f.rows) or None,
            "expected": _number(f.expected), "actual": _number(f.actual), "suggestion": f.suggestion or None,
            "fields": "; ".join(f.fields) or None,
            # where in the source text the finding is (start-end character offsets): a narrative's sentence, a note
            "spans": "; ".join(f"{s.start}-{s.end}" for s in f.spans) or None,
            # the review's verdict on a finding it queues (`reviewable_findings`); auto: not queued
            "status": states.get(id(f), Status.pending if reviewable(f) else Status.auto).value,
        }


def unread_text_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    """The text cells no field took, each with where it is printed: a reviewer places or rejects them."""
    provenance = _provenance(doc)
    for table in doc.tables:
        for cell in table.unread_text:
            yield {
                **provenance,
                "table_id": table.id, "table_kind": table.kind.value, "table_title": table.title,
                "text": cell.value, "source_start": cell.span.start if cell.span else None,
                "source_end": cell.span.end if cell.span else None, "status": _status([cell], states),
            }


TABLES = (
    ("amounts", AMOUNT_COLUMNS, amount_rows),
    ("projects", PROJECT_COLUMNS, project_rows),
    ("indicators", INDICATOR_COLUMNS, indicator_rows),
    ("evaluations", EVALUATION_COLUMNS, evaluation_rows),
    ("departments", DEPARTMENT_COLUMNS, department_rows),
    ("key_tasks", KEY_TASK_COLUMNS, key_task_rows),
    ("unread_text", UNREAD_TEXT_COLUMNS, unread_text_rows),
    ("findings", FINDING_COLUMNS, finding_rows),
)


# Languages of the XLSX's headers and sheet names (`xlsx.SHEETS`).
LANGS = ("zh", "en")
# Amount units the exports convert between; `raw` keeps the printed text.
UNITS = {unit: UNIT_FACTORS[unit] for unit in ("元", "万元")}


# The columns a row's `unit` is the unit of: an amount row's value, a key task's amount, a project's funds.
_MONEY = ("value", "amount", "funds_total", "funds_fiscal", "funds_other")


def convert_units(tables: dict[str, list[dict]], unit: str) -> dict[str, list[dict]]:
    """Rows with every 元/万元 money column (`_MONEY`) expressed in `unit`, rounded to 6 decimals, the
    row's `unit` then `unit` (percentages, scores and counts as they are; a row without money keeps
    its unit)."""
    for rows in tables.values():
        for row in rows:
            if row.get("unit") in UNITS and row.get("unit") != unit:
                money = [c for c in _MONEY if isinstance(row.get(c), (int, float))]
                for column in money:
                    row[column] = round(row[column] * UNITS[row["unit"]] / UNITS[unit], 6)
                if money:
                    row["unit"] = unit
    return tables
