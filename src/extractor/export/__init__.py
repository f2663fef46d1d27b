"""Write a run's outputs and the final dataset with the review decisions in place.

`OutputWriter` streams a run: each document's JSON (as extracted), its review
items into OUT/review.sqlite, and its rows into the CSVs. `export_dataset`
rebuilds the dataset later from OUT/docs and the queue, in CSV, XLSX, JSON or
SQLite.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from enum import Enum
from pathlib import Path
from typing import Iterator

from ..models import Document, TableKind
from ..review.items import correction_findings
from ..review.queue import QUEUE_FILE, ReviewQueue, SyncStats
from .cells import csv_cell, spreadsheet_text
from .rows import (
    AMOUNT_COLUMNS, EVALUATION_COLUMNS, FINDING_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS, TABLES, UNITS,
    apply_decisions, convert_units,
)

__all__ = ["AMOUNT_COLUMNS", "EVALUATION_COLUMNS", "FINDING_COLUMNS", "INDICATOR_COLUMNS", "PROJECT_COLUMNS", "Format",
           "OutputWriter", "UNITS", "export_dataset"]


class Format(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    sqlite = "sqlite"


def document_rows(doc: Document, queue: ReviewQueue | None) -> dict[str, list[dict]]:
    """The rows of one document, decisions applied (this changes `doc`'s values); a correction
    that fails a check is a finding of its own (`review_correction`)."""
    decisions = queue.decisions(doc.doc) if queue else {}
    doc.findings.extend(correction_findings(doc, decisions))
    states = apply_decisions(doc, decisions)
    return {name: list(rows(doc, states)) for name, _, rows in TABLES}


class _CsvSink:
    """One CSV per row table, appended to document by document; text cells made
    inert for spreadsheets (`csv_cell`)."""

    def __init__(self, folder: Path):
        self._files, self._writers = [], {}
        for name, columns, _ in TABLES:
            # UTF-8 with BOM so that Excel and WPS open Chinese text correctly.
            fh = (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="")
            self._writers[name] = csv.writer(fh), columns
            self._writers[name][0].writerow(columns)
            self._files.append(fh)

    def add(self, rows: dict[str, list[dict]]) -> None:
        # the cells in column order, as a DictWriter lays them out (a column a row lacks is empty),
        # without its per-row dictionary and key checks
        for name, (writer, columns) in self._writers.items():
            writer.writerows([csv_cell(row.get(c, "")) for c in columns] for row in rows[name])
        for fh in self._files:
            fh.flush()

    def close(self) -> None:
        for fh in self._files:
            fh.close()


class OutputWriter:
    """Streams a run's outputs: each document's JSON, review items and CSV rows as it comes."""

    def __init__(self, out: Path):
        self.out = out
        (out / "docs").mkdir(parents=True, exist_ok=True)
        self.queue = ReviewQueue.of(out)
        self.synced = SyncStats()
        self._csv = _CsvSink(out)

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, *exc) -> None:
        self._csv.close()
        self.queue.close()

    def add(self, doc: Document, text: str | None = None) -> None:
        """Write one document; with its source `text`, (re)fill its review items first.
        Without the text (re-checking saved outputs whose source is gone) the
        queue keeps its items as they were."""
        (self.out / "docs" / f"{doc.doc}.json").write_text(doc.model_dump_json(), encoding="utf-8")
        if text is not None:
            self.synced += self.queue.sync(doc, text)
        self._csv.add(document_rows(doc, self.queue))

    def finish(self, report, name: str = "run.json") -> None:
        report.review = {"queue": str(self.out / QUEUE_FILE), **vars(self.synced),
                         **{s.value: n for s, n in self.queue.counts().items()}}
        run = {
            "ok": report.ok,
            "seconds": round(report.seconds, 3),
            "review": report.review,
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


def _documents(out: Path) -> Iterator[Document]:
    for path in sorted((out / "docs").glob("*.json")):
        yield Document.model_validate_json(path.read_bytes())


def export_dataset(out: Path, fmt: Format, dest: Path | None = None, unit: str | None = None) -> list[Path]:
    """Write the final dataset of run folder `out` (decisions applied) into `dest`
    (default OUT/export), amounts in `unit` (元 or 万元) when given, else as
    printed; returns the files written."""

    dest = dest or out / "export"
    dest.mkdir(parents=True, exist_ok=True)
    queue = ReviewQueue.of(out) if (out / QUEUE_FILE).exists() else None

    def rows_of(doc: Document) -> dict[str, list[dict]]:
        rows = document_rows(doc, queue)
        return convert_units(rows, unit) if unit else rows

    try:
        if fmt is Format.csv:
            sink = _CsvSink(dest)
            try:
                for doc in _documents(out):
                    sink.add(rows_of(doc))
            finally:
                sink.close()
            return [dest / f"{name}.csv" for name, _, _ in TABLES]
        tables: dict[str, list[dict]] = {name: [] for name, _, _ in TABLES}
        for doc in _documents(out):
            for name, rows in rows_of(doc).items():
                tables[name].extend(rows)
        return [{Format.xlsx: _xlsx, Format.json: _json, Format.sqlite: _sqlite}[fmt](tables, dest)]
    finally:
        if queue is not None:
            queue.close()


def _json(tables: dict[str, list[dict]], dest: Path) -> Path:
    path = dest / "dataset.json"
    path.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _sqlite(tables: dict[str, list[dict]], dest: Path) -> Path:
    path = dest / "dataset.sqlite"
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        for name, columns, _ in TABLES:
            quoted = ", ".join(f'"{c}"' for c in columns)  # `check`, `column`, `rows` are SQL words
            db.execute(f"CREATE TABLE {name} ({quoted})")
            db.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(columns))})",
                           [[row[c] for c in columns] for row in tables[name]])
    db.close()
    return path


def _xlsx(tables: dict[str, list[dict]], dest: Path) -> Path:
    """One sheet per table kind, always the same sheets in the same order (amounts
    split by kind; the projects, and their unread numbers; the indicators of the
    performance and self-evaluation kinds; the self-evaluations), and the findings. Text cells are strings, never formulas
    (`spreadsheet_text`); numbers stay numbers."""
    from openpyxl import Workbook

    sheets: dict[str, tuple[list[str], list[dict]]] = {
        kind.value: (AMOUNT_COLUMNS, []) for kind in TableKind if kind is not TableKind.narrative}
    for row in tables["amounts"]:
        sheets[row["table_kind"]][1].append(row)
    # a project table's only amount rows are its unread numbers: a sheet of their own
    sheets["project_unread"] = (AMOUNT_COLUMNS, sheets["project_performance"][1])
    sheets["project_performance"] = (PROJECT_COLUMNS, tables["projects"])
    sheets["indicators"] = (INDICATOR_COLUMNS, tables["indicators"])
    sheets["evaluations"] = (EVALUATION_COLUMNS, tables["evaluations"])
    sheets["findings"] = (FINDING_COLUMNS, tables["findings"])
    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in sheets.items():
        sheet = book.create_sheet(name[:31])  # Excel's limit on sheet names
        sheet.append(columns)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, row[c]) for c in columns])
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for cells in sheet.iter_cols(min_row=1, max_row=min(sheet.max_row, 200)):
            width = max(len(str(c.value or "")) + sum(ord(ch) > 0x2E7F for ch in str(c.value or "")) for c in cells)
            sheet.column_dimensions[cells[0].column_letter].width = min(max(width + 2, 8), 60)
    path = dest / "dataset.xlsx"
    book.save(path)
    return path


def _xlsx_cell(sheet, value: object):
    """A cell for `value`: text as a string cell (openpyxl would make `=…` a formula
    and `#N/A` an error), formula-like text with Excel's quote prefix so that
    editing it keeps it text; anything else as it is."""
    from openpyxl.cell.cell import Cell

    if not isinstance(value, str):
        return value
    text, formula_like = spreadsheet_text(value)
    cell = Cell(sheet, value=text)
    cell.data_type = "s"
    if formula_like:
        cell.quotePrefix = True
    return cell
