"""The dataset's tidy rows (amounts, projects, indicators, findings) from a document.

Each row carries a review status: `auto` when none of its fields was flagged,
else the reviewers' decision (`pending` until there is one); the decisions
are put into the document's fields before the rows are read.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional

from ..models import (
    Amount,
    ColumnKind,
    DepartmentTable,
    Document,
    EvaluatedIndicator,
    Indicator,
    LineTable,
    Located,
    ProjectTable,
    SelfEvaluationTable,
    Text,
)
from ..review.items import Status, apply, keyed_fields

# A row takes the status of its least settled field.
_PRECEDENCE = [Status.pending, Status.rejected, Status.corrected, Status.approved, Status.auto]

AMOUNT_COLUMNS = [
    "doc", "source", "table_id", "table_kind", "table_title", "code", "name", "side", "column", "value",
    "unit", "raw", "source_start", "source_end", "confidence", "flagged", "status", "reasons",
]
PROJECT_COLUMNS = [
    "doc", "source", "table_id", "project_name", "project_code", "department", "implementing_unit",
    "project_attribute", "period", "funds_total", "funds_fiscal", "funds_other", "fund_use", "annual_goal",
    "unit", "flagged", "status", "reasons",
]
# one row per text cell of a performance table that no field took (`table.unread_text`)
UNREAD_TEXT_COLUMNS = [
    "doc", "source", "table_id", "table_kind", "table_title", "text", "source_start", "source_end", "status",
]
FINDING_COLUMNS = [
    "doc", "source", "table_id", "check", "severity", "reason", "message", "rows", "expected", "actual", "suggestion",
    "fields", "spans",
]
INDICATOR_COLUMNS = [
    "doc", "source", "table_id", "project_name", "level1", "level2", "level3", "value_raw", "operator",
    "number", "value_unit", "description", "basis", "deadline", "weight", "direction", "actual", "points", "score", "deviation",
    "source_start", "source_end", "flagged", "status", "reasons",
]
# one row per self-evaluation table; its funds rows are in amounts.csv, its indicators in indicators.csv
EVALUATION_COLUMNS = [
    "doc", "source", "table_id", "project_name", "project_code", "department", "implementing_unit", "annual_goal",
    "annual_outcome", "total_points", "total_score", "grade", "unit", "flagged", "status", "reasons",
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


def _text(value: Text | None) -> str:
    return value.value if value else ""


def _num(value: Amount | None) -> float | str:
    return value.value if value is not None and value.value is not None else ""


def _reasons(values: Iterable[Located | None]) -> list[str]:
    return list(dict.fromkeys(r.value for v in values if v is not None for r in v.all_reasons))


def _flagged(values: Iterable[Located | None]) -> int:
    return int(any(v.flagged for v in values if v is not None))


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
    return states


def _review_state(values: list[Located | None], states: dict[int, Status]) -> dict:
    """A row's `flagged`, `status` and `reasons` columns from the values it shows."""
    shown = [v for v in values if v is not None]  # (most of an indicator's thirteen are not printed)
    return {"flagged": _flagged(shown), "status": _status(shown, states), "reasons": ";".join(_reasons(shown))}


def _status(values: Iterable[Located | None], states: dict[int, Status]) -> str:
    found = {states.get(id(v), Status.pending if v.flagged else Status.auto) for v in values if v is not None}
    return next(s for s in _PRECEDENCE if s in found or s is Status.auto).value


def amount_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    """Every amount read, and every number left unread (column `unknown`, reason `unread`)."""
    for table in doc.tables:
        if isinstance(table, LineTable):
            for line in table.lines:
                for cell in line.amounts:
                    yield _amount_row(doc, states, table, _text(line.code), line.name.value,
                                      line.side.value if line.side else "", cell.column, cell.amount,
                                      [line.code, line.name])
        elif isinstance(table, DepartmentTable):
            for item in table.department.funds:
                if item.amount is not None:
                    yield _amount_row(doc, states, table, "", item.name.value, item.side.value, ColumnKind.total,
                                      item.amount, [item.name])
            for task in table.department.key_tasks:
                if task.amount is not None:
                    yield _amount_row(doc, states, table, "", task.task.value, "", ColumnKind.total, task.amount,
                                      [task.task])
        elif isinstance(table, SelfEvaluationTable):
            for funds in table.evaluation.funds:
                for name, column in _FUND_COLUMNS.items():
                    amount = getattr(funds, name)
                    if amount is not None:
                        yield _amount_row(doc, states, table, "", funds.name.value, "", column, amount, [funds.name])
        for amount in table.unread:
            yield _amount_row(doc, states, table, "", "", "", ColumnKind.unknown, amount)


def _amount_row(doc, states, table, code, name, side, column: ColumnKind, amount: Amount, labels=()) -> dict:
    """One amount; its row's code and name count towards flagged/reasons."""
    fields = [amount, *labels]
    return {
        "doc": doc.doc, "source": doc.source_path,
        "table_id": table.id,
        "table_kind": table.kind.value,
        "table_title": table.title,
        "code": code,
        "name": name,
        "side": side,
        "column": column.value,
        "value": amount.value if amount.value is not None else "",
        "unit": _COLUMN_UNITS.get(column, table.unit or ""),
        "raw": amount.raw,
        "source_start": amount.span.start if amount.span else "",
        "source_end": amount.span.end if amount.span else "",
        "confidence": amount.confidence,
        **_review_state(fields, states),
    }


def project_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    for table in doc.tables:
        if not isinstance(table, ProjectTable):
            continue
        p = table.project
        fields = [p.project_name, p.project_code, p.department, p.implementing_unit, p.project_attribute,
                  p.period, p.funds_total, p.funds_fiscal, p.funds_other, p.fund_use, p.annual_goal]
        yield {
            "doc": doc.doc, "source": doc.source_path,
            "table_id": table.id,
            "project_name": _text(p.project_name),
            "project_code": _text(p.project_code),
            "department": _text(p.department),
            "implementing_unit": _text(p.implementing_unit),
            "project_attribute": _text(p.project_attribute),
            "period": _text(p.period),
            "funds_total": _num(p.funds_total),
            "funds_fiscal": _num(p.funds_fiscal),
            "funds_other": _num(p.funds_other),
            "fund_use": _text(p.fund_use),
            "annual_goal": _text(p.annual_goal),
            "unit": table.unit or "",
            **_review_state(fields, states),
        }


def evaluation_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    for table in doc.tables:
        if not isinstance(table, SelfEvaluationTable):
            continue
        e = table.evaluation
        fields = [e.project_name, e.project_code, e.department, e.implementing_unit, e.annual_goal, e.annual_outcome,
                  e.total_points, e.total_score, e.grade]
        yield {
            "doc": doc.doc, "source": doc.source_path,
            "table_id": table.id,
            **{name: _text(getattr(e, name)) for name in (
                "project_name", "project_code", "department", "implementing_unit", "annual_goal", "annual_outcome")},
            "total_points": _num(e.total_points),
            "total_score": _num(e.total_score),
            "grade": _text(e.grade),
            "unit": table.unit or "",
            **_review_state(fields, states),
        }


def indicator_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    for table in doc.tables:
        if isinstance(table, ProjectTable):
            owner, indicators = _text(table.project.project_name), table.project.indicators
        elif isinstance(table, DepartmentTable):
            owner, indicators = "", table.department.indicators
        elif isinstance(table, SelfEvaluationTable):
            e = table.evaluation
            owner, indicators = _text(e.project_name) or _text(e.department), e.indicators
        else:
            continue
        for ind in indicators:
            yield _indicator_row(doc, states, table.id, owner, ind)


def _indicator_row(doc: Document, states: dict[int, Status], table_id: str, owner: str, ind: Indicator) -> dict:
    value = ind.value
    # a self-evaluation's indicator also carries what was achieved and its score (a class test: asking
    # another indicator for them costs pydantic an exception each)
    actual = points = score = deviation = None
    if isinstance(ind, EvaluatedIndicator):
        actual, points, score, deviation = ind.actual, ind.points, ind.score, ind.deviation
    fields = [ind.level1, ind.level2, ind.level3, value, ind.description, ind.basis, ind.deadline, ind.weight,
              ind.direction, actual, points, score, deviation]
    span = value.span if value and value.span else ind.level3.span
    return {
        "doc": doc.doc, "source": doc.source_path,
        "table_id": table_id,
        "project_name": owner,
        "level1": _text(ind.level1),
        "level2": _text(ind.level2),
        "level3": ind.level3.value,
        "value_raw": value.raw if value else "",
        "operator": value.operator.value if value and value.operator else "",
        "number": value.number if value and value.number is not None else "",
        "value_unit": value.unit if value and value.unit else "",
        "description": _text(ind.description),
        "basis": _text(ind.basis),
        "deadline": _text(ind.deadline),
        "weight": _num(ind.weight),
        "direction": _text(ind.direction),
        "actual": _text(actual),
        "points": _num(points),
        "score": _num(score),
        "deviation": _text(deviation),
        "source_start": span.start if span else "",
        "source_end": span.end if span else "",
        **_review_state(fields, states),
    }


def finding_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    for f in doc.findings:
        yield {
            "doc": doc.doc, "source": doc.source_path,
            "table_id": f.table_id, "check": f.check.value, "severity": f.severity.value,
            "reason": f.reason.value, "message": f.message, "rows": "; ".join(f.rows),
            "expected": f.expected or "", "actual": f.actual or "", "suggestion": f.suggestion or "",
            "fields": "; ".join(f.fields),
            # where in the source text the finding is (start-end character offsets): a narrative's sentence, a note
            "spans": "; ".join(f"{s.start}-{s.end}" for s in f.spans),
        }


def unread_text_rows(doc: Document, states: dict[int, Status]) -> Iterator[dict]:
    """The text cells no field took, each with where it is printed: a reviewer places or rejects them."""
    for table in doc.tables:
        for cell in table.unread_text:
            yield {
                "doc": doc.doc, "source": doc.source_path,
                "table_id": table.id, "table_kind": table.kind.value, "table_title": table.title,
                "text": cell.value, "source_start": cell.span.start if cell.span else "",
                "source_end": cell.span.end if cell.span else "", "status": _status([cell], states),
            }


TABLES = (
    ("amounts", AMOUNT_COLUMNS, amount_rows),
    ("projects", PROJECT_COLUMNS, project_rows),
    ("indicators", INDICATOR_COLUMNS, indicator_rows),
    ("evaluations", EVALUATION_COLUMNS, evaluation_rows),
    ("unread_text", UNREAD_TEXT_COLUMNS, unread_text_rows),
    ("findings", FINDING_COLUMNS, finding_rows),
)


# Amount units the exports convert between; `raw` keeps the printed text.
UNITS = {"元": 1, "万元": 10_000}


def convert_units(tables: dict[str, list[dict]], unit: str) -> dict[str, list[dict]]:
    """Rows with every 元/万元 value expressed in `unit` (percentages and other units as they are)."""
    for rows in tables.values():
        for row in rows:
            if row.get("unit") in UNITS and row.get("unit") != unit and isinstance(row.get("value"), (int, float)):
                row["value"] = round(row["value"] * UNITS[row["unit"]] / UNITS[unit], 6)
                row["unit"] = unit
    return tables
