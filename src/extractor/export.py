"""Write a run's outputs: one JSON per document, tidy CSVs, and run.json."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable, Iterator

from .models import (
    Amount,
    ColumnKind,
    DepartmentTable,
    Document,
    Indicator,
    LineTable,
    Located,
    ProjectTable,
    Text,
)

AMOUNT_COLUMNS = [
    "doc", "table_id", "table_kind", "table_title", "code", "name", "side", "column", "value",
    "unit", "raw", "source_start", "source_end", "confidence", "flagged", "reasons",
]
PROJECT_COLUMNS = [
    "doc", "table_id", "project_name", "project_code", "department", "implementing_unit",
    "project_attribute", "period", "funds_total", "funds_fiscal", "funds_other", "annual_goal",
    "unit", "flagged", "reasons",
]
FINDING_COLUMNS = [
    "doc", "table_id", "check", "severity", "reason", "message", "rows", "expected", "actual", "suggestion",
    "fields",
]
INDICATOR_COLUMNS = [
    "doc", "table_id", "project_name", "level1", "level2", "level3", "value_raw", "operator",
    "number", "value_unit", "source_start", "source_end", "flagged", "reasons",
]


def _text(value: Text | None) -> str:
    return value.value if value else ""


def _num(value: Amount | None) -> float | str:
    return value.value if value is not None and value.value is not None else ""


def _reasons(values: Iterable[Located | None]) -> list[str]:
    return list(dict.fromkeys(r.value for v in values if v is not None for r in v.all_reasons))


def _flagged(values: Iterable[Located | None]) -> int:
    return int(any(v.flagged for v in values if v is not None))


def amount_rows(doc: Document) -> Iterator[dict]:
    for table in doc.tables:
        if isinstance(table, LineTable):
            for line in table.lines:
                for cell in line.amounts:
                    yield _amount_row(doc, table, _text(line.code), line.name.value,
                                      line.side.value if line.side else "", cell.column, cell.amount,
                                      [line.code, line.name])
        elif isinstance(table, DepartmentTable):
            for item in table.department.funds:
                if item.amount is not None:
                    yield _amount_row(doc, table, "", item.name.value, item.side.value, ColumnKind.total, item.amount)
            for task in table.department.key_tasks:
                if task.amount is not None:
                    yield _amount_row(doc, table, "", task.task.value, "", ColumnKind.total, task.amount)


def _amount_row(doc, table, code, name, side, column: ColumnKind, amount: Amount, labels=()) -> dict:
    """One amount; its row's code and name count towards flagged/reasons."""
    fields = [amount, *labels]
    return {
        "doc": doc.doc,
        "table_id": table.id,
        "table_kind": table.kind.value,
        "table_title": table.title,
        "code": code,
        "name": name,
        "side": side,
        "column": column.value,
        "value": amount.value if amount.value is not None else "",
        "unit": "%" if column is ColumnKind.change_pct else (table.unit or ""),
        "raw": amount.raw,
        "source_start": amount.span.start if amount.span else "",
        "source_end": amount.span.end if amount.span else "",
        "confidence": amount.confidence,
        "flagged": _flagged(fields),
        "reasons": ";".join(_reasons(fields)),
    }


def project_rows(doc: Document) -> Iterator[dict]:
    for table in doc.tables:
        if not isinstance(table, ProjectTable):
            continue
        p = table.project
        fields = [p.project_name, p.project_code, p.department, p.implementing_unit, p.project_attribute,
                  p.period, p.funds_total, p.funds_fiscal, p.funds_other, p.annual_goal]
        yield {
            "doc": doc.doc,
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
            "annual_goal": _text(p.annual_goal),
            "unit": table.unit or "",
            "flagged": _flagged(fields),
            "reasons": ";".join(_reasons(fields)),
        }


def indicator_rows(doc: Document) -> Iterator[dict]:
    for table in doc.tables:
        if isinstance(table, ProjectTable):
            owner, indicators = _text(table.project.project_name), table.project.indicators
        elif isinstance(table, DepartmentTable):
            owner, indicators = "", table.department.indicators
        else:
            continue
        for ind in indicators:
            yield _indicator_row(doc, table.id, owner, ind)


def _indicator_row(doc: Document, table_id: str, owner: str, ind: Indicator) -> dict:
    value = ind.value
    fields = [ind.level1, ind.level2, ind.level3, value]
    span = value.span if value and value.span else ind.level3.span
    return {
        "doc": doc.doc,
        "table_id": table_id,
        "project_name": owner,
        "level1": _text(ind.level1),
        "level2": _text(ind.level2),
        "level3": ind.level3.value,
        "value_raw": value.raw if value else "",
        "operator": value.operator.value if value and value.operator else "",
        "number": value.number if value and value.number is not None else "",
        "value_unit": value.unit if value and value.unit else "",
        "source_start": span.start if span else "",
        "source_end": span.end if span else "",
        "flagged": _flagged(fields),
        "reasons": ";".join(_reasons(fields)),
    }


def finding_rows(doc: Document) -> Iterator[dict]:
    for f in doc.findings:
        yield {
            "doc": doc.doc, "table_id": f.table_id, "check": f.check.value, "severity": f.severity.value,
            "reason": f.reason.value, "message": f.message, "rows": "; ".join(f.rows),
            "expected": f.expected or "", "actual": f.actual or "", "suggestion": f.suggestion or "",
            "fields": "; ".join(f.fields),
        }


TABLES = (
    ("amounts.csv", AMOUNT_COLUMNS, amount_rows),
    ("projects.csv", PROJECT_COLUMNS, project_rows),
    ("indicators.csv", INDICATOR_COLUMNS, indicator_rows),
    ("findings.csv", FINDING_COLUMNS, finding_rows),
)


class OutputWriter:
    """Streams a run's outputs: each document's JSON and CSV rows as it comes."""

    def __init__(self, out: Path):
        self.out = out
        (out / "docs").mkdir(parents=True, exist_ok=True)
        self._files = []
        self._writers = []
        for name, columns, _ in TABLES:
            # UTF-8 with BOM so that Excel and WPS open Chinese text correctly.
            fh = (out / name).open("w", encoding="utf-8-sig", newline="")
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            self._files.append(fh)
            self._writers.append(writer)

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, *exc) -> None:
        for fh in self._files:
            fh.close()

    def add(self, doc: Document) -> None:
        (self.out / "docs" / f"{doc.doc}.json").write_text(doc.model_dump_json(), encoding="utf-8")
        for writer, (_, _, rows) in zip(self._writers, TABLES):
            writer.writerows(rows(doc))
        for fh in self._files:
            fh.flush()

    def finish(self, report, name: str = "run.json") -> None:
        run = {
            "ok": report.ok,
            "seconds": round(report.seconds, 3),
            "files": [
                {
                    "path": str(r.path),
                    "doc": r.doc_name,
                    "status": r.status.value,
                    "error": r.error,
                    "encoding": r.encoding,
                    "tables": r.n_tables,
                    "tables_by_kind": r.tables_by_kind,
                    "findings": r.findings,
                    "fields": r.fields,
                    "flagged": r.flagged,
                    "seconds": round(r.seconds, 4),
                    "llm": r.llm.model_dump() if r.llm else None,
                }
                for r in report.results
            ],
        }
        (self.out / name).write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")
