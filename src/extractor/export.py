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
INDICATOR_COLUMNS = [
    "doc", "table_id", "project_name", "level1", "level2", "level3", "value_raw", "operator",
    "number", "value_unit", "source_start", "source_end", "flagged", "reasons",
]


def _text(value: Text | None) -> str:
    return value.value if value else ""


def _num(value: Amount | None) -> float | str:
    return value.value if value is not None and value.value is not None else ""


def _reasons(values: Iterable[Located | None]) -> list[str]:
    return list(dict.fromkeys(r.value for v in values if v is not None for r in v.reasons))


def amount_rows(doc: Document) -> Iterator[dict]:
    for table in doc.tables:
        if isinstance(table, LineTable):
            for line in table.lines:
                for cell in line.amounts:
                    yield _amount_row(doc, table, _text(line.code), line.name.value,
                                      line.side.value if line.side else "", cell.column, cell.amount)
        elif isinstance(table, DepartmentTable):
            for item in table.department.funds:
                if item.amount is not None:
                    yield _amount_row(doc, table, "", item.name.value, item.side.value, ColumnKind.total, item.amount)
            for task in table.department.key_tasks:
                if task.amount is not None:
                    yield _amount_row(doc, table, "", task.task.value, "", ColumnKind.total, task.amount)


def _amount_row(doc, table, code, name, side, column: ColumnKind, amount: Amount) -> dict:
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
        "flagged": int(amount.flagged),
        "reasons": ";".join(r.value for r in amount.reasons),
    }


def project_rows(doc: Document) -> Iterator[dict]:
    for table in doc.tables:
        if not isinstance(table, ProjectTable):
            continue
        p = table.project
        fields = [p.project_name, p.project_code, p.department, p.implementing_unit, p.project_attribute,
                  p.period, p.funds_total, p.funds_fiscal, p.funds_other, p.annual_goal]
        reasons = _reasons(fields)
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
            "flagged": int(bool(reasons)),
            "reasons": ";".join(reasons),
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
    reasons = _reasons([ind.level1, ind.level2, ind.level3, value])
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
        "flagged": int(bool(reasons)),
        "reasons": ";".join(reasons),
    }


class OutputWriter:
    """Streams a run's outputs: each document's JSON and CSV rows as it comes."""

    def __init__(self, out: Path):
        self.out = out
        (out / "docs").mkdir(parents=True, exist_ok=True)
        self._files = []
        self._writers = []
        for name, columns in (("amounts.csv", AMOUNT_COLUMNS), ("projects.csv", PROJECT_COLUMNS),
                              ("indicators.csv", INDICATOR_COLUMNS)):
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
        for writer, rows in zip(self._writers, (amount_rows(doc), project_rows(doc), indicator_rows(doc))):
            writer.writerows(rows)
        for fh in self._files:
            fh.flush()

    def finish(self, report) -> None:
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
                    "seconds": round(r.seconds, 4),
                }
                for r in report.results
            ],
        }
        (self.out / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")
