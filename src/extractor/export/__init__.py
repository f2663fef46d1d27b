"""Write a run's outputs and the final dataset with the review decisions in place.

`OutputWriter` streams a run: each document's JSON (as extracted), its review
items into OUT/review.sqlite, its rows into the CSVs and its page into the HTML
report (OUT/report, `html.py`). `export_dataset`
rebuilds the dataset later from OUT/docs and the queue, in CSV, XLSX, JSON or
SQLite.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections import Counter
from enum import Enum
from functools import lru_cache, partial
from itertools import groupby, islice, repeat
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Callable, Iterable, Iterator

from pydantic_core import SchemaSerializer

from ..lazyre import LazyPattern
from ..models import Document
from ..review.items import Status, correction_findings
from ..review.queue import QUEUE_FILE, ReviewQueue, SyncStats
from .cells import csv_cell
from .files import TMP_PREFIX, NewFile, OutLock, OutputBusy, remove_leftovers, replacing, write_text
from .rows import (
    AMOUNT_COLUMNS, DEPARTMENT_COLUMNS, EVALUATION_COLUMNS, FINDING_COLUMNS, INDICATOR_COLUMNS, KEY_TASK_COLUMNS, LANGS,
    PROJECT_COLUMNS, PROVENANCE, TABLES, UNITS, apply_decisions, convert_units,
)
from .html import PageSummary, ReportWriter, source_text

__all__ = ["AMOUNT_COLUMNS", "LANGS", "DamagedDocument", "DEPARTMENT_COLUMNS", "document_json", "EVALUATION_COLUMNS",
           "FINDING_COLUMNS", "INDICATOR_COLUMNS", "KEY_TASK_COLUMNS", "PROJECT_COLUMNS", "Format",
           "OutputBusy", "OutputWriter", "UNITS", "document_files", "export_dataset"]


# A run's record of its documents' outputs, for the next run to take those of an unchanged file as
# they are (`OutputWriter.kept`); hidden, beside the lock.
REUSE_FILE = ".reuse.json"


class Format(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    sqlite = "sqlite"


def document_json(doc: Document) -> bytes:
    """`doc` as JSON, in UTF-8 as pydantic writes it (`document_json_pieces`, joined)."""
    return b"".join(document_json_pieces(doc))


def document_json_pieces(doc: Document) -> Iterator[bytes | memoryview]:
    """`doc` as JSON, in UTF-8 as pydantic writes it (not decoded to a str and encoded again to be
    written: ~0.3 ms a 130 KB document), in pieces: the document's own fields, then each table, so
    that a big document's JSON (~5 bytes a byte of its text) is written table by table, never whole
    in memory. The document's own fields all written, its tables without the values that are their
    fields' defaults (no `"reasons":[]`, `"confidence":1.0` on every cell: half the size;
    `Document.model_validate_json` reads it back to the same document, and the schema gives each
    default). Each table is serialised by its own class rather than through the `Table` union, which
    pydantic resolves again for every table (a third of the time), and put where the document's JSON
    has its empty list: the first `"tables":[]` of a document dumped without them is that key, since
    only scalars come before it and a string's quotes are escaped. (`to_json` is what
    `model_dump_json` calls before decoding.)"""
    fields = vars(doc)  # (not through pydantic's __setattr__: the fields set stay as they are)
    tables, fields["tables"] = fields["tables"], []
    try:
        head = doc.__pydantic_serializer__.to_json(doc)
    finally:
        fields["tables"] = tables
    inside = head.index(b'"tables":[]') + len(b'"tables":[')
    head = memoryview(head)  # (its two parts not copied)
    yield head[:inside]
    for i, table in enumerate(tables):
        if i:
            yield b","
        yield _lean(table.__class__)(table)
    yield head[inside:]


@lru_cache(maxsize=None)
def _lean(cls: type) -> Callable[[object], bytes]:
    """`cls.__pydantic_serializer__.to_json(x, exclude_defaults=True)`: the same bytes, a fifth faster.
    pydantic's serialiser calls Python for every value of a table: it makes each list field's
    default anew to compare the list with (`models.empty_list`: four calls a value), compares a value's
    `span` and the other optional fields with their default None through a model's Python `__eq__`,
    and reads each enum member's `.value`. Here a copy of the class's schema (`_lean_schema`) has each
    list's default made once, a str enum as the str it is, and, when every field that may be None has
    None as its default, no default None: `exclude_none` leaves out a None as the comparison did, and
    any other value is no default. (Its models name stand-in classes: pydantic would otherwise take
    the serialiser a model class has already, built from its own schema.)"""
    schema, nulls_default = _lean_schema(cls.__pydantic_core_schema__)
    if schema is None:  # a union: it tells its choices apart by their class, not a stand-in's
        return partial(cls.__pydantic_serializer__.to_json, exclude_defaults=True)
    if not nulls_default:
        schema, _ = _lean_schema(cls.__pydantic_core_schema__, keep_none=True)
    to_json = SchemaSerializer(schema, schema.get("config")).to_json
    return partial(to_json, exclude_defaults=True, exclude_none=nulls_default)


def _lean_schema(schema, keep_none: bool = False) -> tuple[dict | None, bool]:
    """The copy of a core `schema` that `_lean` serialises by (the None defaults kept with
    `keep_none`), and whether every field in it that may be None has None as its default;
    None for a schema with a union in it."""
    every = True
    unions = []

    def copy(node):
        nonlocal every
        if isinstance(node, list):
            return [copy(x) for x in node]
        if not isinstance(node, dict):
            return node
        kind = node.get("type")
        if kind in ("union", "tagged-union"):
            unions.append(node)
        if kind == "model-field":
            inner = node["schema"]
            if inner.get("type") == "default" and "default" in inner and inner["default"] is None:
                if not keep_none:
                    return {**node, "schema": copy(inner["schema"])}
            elif _nullable(inner):
                every = False  # None is no default of this field: `exclude_none` would leave it out
        elif kind == "enum" and node.get("sub_type") == "str":
            return {"type": "str"}  # (a member of a str enum is the text of its value)
        elif kind == "model":
            return {**{k: copy(v) for k, v in node.items()}, "cls": _stand_in(node["cls"])}
        elif kind == "default" and "default_factory" in node and not node.get("default_factory_takes_data"):
            made = node["default_factory"]()
            if made == [] and made.__class__ is list:
                return {**{k: copy(v) for k, v in node.items() if not k.startswith("default_factory")}, "default": []}
        return {k: copy(v) for k, v in node.items()}

    copied = copy(schema)
    return (None if unions else copied), every


@lru_cache(maxsize=None)
def _stand_in(cls: type) -> type:
    """A class named as `cls`, for `_lean_schema`'s models: one that is no pydantic model. (Outside
    a union pydantic asks a value no more than to have a `__dict__` to read the fields from.)"""
    return type(cls.__name__, (), {})


def _nullable(schema: dict) -> bool:
    return schema.get("type") == "nullable" or schema.get("type") == "default" and _nullable(schema["schema"])


def document_rows(doc: Document, decisions: dict[str, tuple[Status, str | None]]) -> dict[str, list[dict]]:
    """The rows of one document, its `decisions` (`ReviewQueue.decisions`) applied (this changes
    `doc`'s values); a correction that fails a check is a finding of its own (`review_correction`)."""
    return {name: list(rows) for name, rows in _row_tables(doc, decisions).items()}


def _row_tables(doc: Document, decisions: dict[str, tuple[Status, str | None]]) -> dict[str, Iterator[dict]]:
    """`document_rows`, each table's rows made as they are asked for (the decisions applied at once)."""
    doc.findings.extend(correction_findings(doc, decisions))
    states = apply_decisions(doc, decisions)
    return {name: rows(doc, states) for name, _, rows in TABLES}


# The leading columns that the rows of a table written one after another share: the document's
# (`PROVENANCE`) and the table's. Written once for all such rows (`_CsvSink.add`).
_SHARED = {*PROVENANCE, "table_id", "table_kind", "table_label", "table_title", "project_name"}
_BLANKS = repeat("")  # (the default of every `row.get`)
_BATCH = 512  # rows of a table written at a time (`_CsvSink.add`)
# A cell of a CSV record that opens with a formula's trigger (`cells.FORMULA_TRIGGERS`, but the tab and
# CR, which no printable record holds), quoted or not
_TRIGGER = LazyPattern(r'(?<![^,"])[=+\-@]')


def _getter(columns: list[str]) -> Callable[[dict], tuple]:
    """The cells of `columns` of a row, in a tuple (KeyError when it lacks one)."""
    return itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)


class _CsvSink:
    """One CSV per row table, appended to document by document under temporary
    names and put in place by `commit` (the CSVs already there stay whole until
    then, and `discard` keeps them); text cells made inert for spreadsheets (`csv_cell`)."""

    def __init__(self, folder: Path):
        self._files: list[NewFile] = []
        self._tables = {}
        self._lines: list[str] = []  # the records `_writer` wrote (one per `writerow`)
        self._writer = csv.writer(SimpleNamespace(write=self._lines.append))
        try:
            for name, columns, _ in TABLES:
                # (in bytes: the records are encoded here, a text file's encoder is a Python call a write)
                self._files.append(NewFile(folder / f"{name}.csv", "wb"))
                shared = next(i for i, c in enumerate(columns) if c not in _SHARED)
                self._tables[name] = columns[:shared], columns[shared:], _getter(columns[:shared]), _getter(columns[shared:])
                self._lines.clear()
                self._writer.writerow(columns)
                # UTF-8 with BOM so that Excel and WPS open Chinese text correctly.
                self._files[-1].fh.write(("\ufeff" + self._lines[0]).encode("utf-8"))
        except BaseException:
            self.discard()
            raise

    def add(self, rows: dict[str, Iterable[dict]]) -> dict[str, list[int]]:
        """Append one document's rows; returns where they went: CSV name → [start, end) bytes. A table's rows
        are taken `_BATCH` at a time, each batch written before the next is asked for (`document_rows` makes
        them as asked: a big document's rows are never all in memory). Every record is written whole, with its
        shared cells, so where a batch ends changes no byte."""
        spans = {}
        for (name, getters), new in zip(self._tables.items(), self._files):
            at = new.fh.tell()
            table = iter(rows[name])
            while batch := list(islice(table, _BATCH)):
                new.fh.write(self._records(batch, *getters).encode("utf-8"))
            spans[name] = [at, new.fh.tell()]
        return spans

    def _records(self, table: list[dict], shared: list[str], rest: list[str], lead_of, cells_of) -> str:
        """The CSV records of `table`'s rows (`shared`, `rest`: its columns, `lead_of`, `cells_of`: their getters)."""
        # The cells in column order, as a DictWriter lays them out (a column a row lacks is empty),
        # without its per-row dictionary and key checks. The shared leading cells of a run of rows
        # (`_SHARED`: the document's name, source path and SHA-256, the table's title…, most of the
        # text) are written as CSV once for the run, and put before each of its records: a
        # record is its cells' CSV joined by commas, each cell's independent of the others'.
        lines, write = self._lines, self._writer.writerow
        try:  # (every row has every column, as the row makers make them: read in one call a row)
            leads, cells = list(map(lead_of, table)), list(map(cells_of, table))
        except KeyError:
            leads = [tuple(map(row.get, shared, _BLANKS)) for row in table]
            cells = [[*map(row.get, rest, _BLANKS)] for row in table]
        text = []
        end = 0
        for lead, run in groupby(leads):
            start, end = end, end + sum(1 for _ in run)
            lines.clear()
            write([*map(csv_cell, lead), ""])  # (its record ends in a comma, then \r\n)
            prefix = lines[0][:-2]
            lines.clear()
            # The cells written as they are, then each record tested whole for what `csv_cell`
            # changes in a cell: a character not printable (a control, a tab, a line break: the
            # record ends in \r\n) or a cell opening with a formula's trigger (after the record's
            # start or a comma, inside its quotes when quoted). A record that may hold one (a
            # negative number opens with "-" too) is written again cell by cell.
            self._writer.writerows(cells[start:end])
            for i, line in enumerate(lines):
                if not line[:-2].isprintable() or ("=" in line or "-" in line or "+" in line or "@" in line
                                                   ) and _TRIGGER.search(line):
                    write([*map(csv_cell, cells[start + i])])
                    lines[i] = lines.pop()
            text.append(prefix)
            text.append(prefix.join(lines))
        lines.clear()
        return "".join(text)

    def copy(self, old: dict[str, "IO[bytes]"], spans: dict[str, list[int]]) -> dict[str, list[int]]:
        """Append the rows of a document at `spans` of the CSVs `old` (the previous run's, as
        written); returns where they went, as `add`."""
        moved = {}
        for name, new in zip(self._tables, self._files):
            start, end = spans[name]
            old[name].seek(start)
            at = new.fh.tell()
            new.fh.write(old[name].read(end - start))
            moved[name] = [at, new.fh.tell()]
        return moved

    def commit(self) -> None:
        """Put the CSVs in place, each renamed over the old one."""
        for i, new in enumerate(self._files):
            try:
                new.commit()
            except BaseException:
                self._files = self._files[i + 1:]
                self.discard()
                raise
        self._files = []

    def discard(self) -> None:
        """Drop the CSVs not committed: the old ones stay."""
        for new in self._files:
            new.discard()
        self._files = []


class OutputWriter:
    """Streams a run's outputs into OUT, locked for the run (`OutLock`): each
    document's JSON and review items as it comes; the CSVs and `run.json`
    (or `check.json`) put in place together by `finish`, from the documents
    done. Without `finish` (an error) the CSVs already in OUT stay as they were.
    Every file is written to a temporary name and renamed (`replacing`)."""

    def __init__(self, out: Path):
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self._lock = OutLock(out).__enter__()
        try:
            remove_leftovers(out)
            (out / "docs").mkdir(exist_ok=True)
            self.queue = ReviewQueue.of(out)
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        self.synced = SyncStats()
        self._csv = None
        self._report = ReportWriter(out)
        self._earlier = _take_reuse(out)  # the previous run's record of its documents (`kept`)
        self._old_csv: dict[str, IO[bytes]] = {}
        self._record: dict[str, dict] = {}  # this run's, for the next (`finish`)

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._csv is not None:
                self._csv.discard()  # (nothing left after `finish`)
            for fh in self._old_csv.values():
                fh.close()
            self.queue.close()
        finally:
            self._lock.__exit__(None, None, None)

    def doc_path(self, name: str) -> Path:
        """Where the JSON of document `name` is (`sub/a` → OUT/docs/sub/a.json)."""
        return self.out / "docs" / f"{name}.json"

    def add(self, doc: Document, text: str | None = None, written: bool = False) -> None:
        """Add one document: with its source `text`, (re)fill its review items;
        then write its JSON (unless `written`: a document kept from an earlier
        run) and its rows. Without the text (re-checking saved outputs whose
        source is gone) the queue keeps its items as they were."""
        if text is not None:
            self.synced += self.queue.sync(doc, text)
        path = self.doc_path(doc.doc)
        if not written:  # after the queue: a document on disk is one whose items are in
            path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(path, "wb") as fh:
                fh.writelines(document_json_pieces(doc))
        if self._csv is None:
            self._csv = _CsvSink(self.out)
        decided = self.queue.decisions(doc.doc)
        decisions = _decided(decided)
        spans = self._csv.add(_row_tables(doc, decided))
        summary = self._report.add(doc, text if text is not None else source_text(doc))  # (decisions in place now)
        self._record[doc.doc] = {"decisions": decisions, "csv": spans, "page": _page_record(summary),
                                 "json": _stamp(path), "html": _stamp(self._report.folder / summary.href)}

    def remember(self, name: str, **about) -> None:
        """Complete the record of document `name` for the next run (`kept`): its source `path`
        and `sha256`, its `result` (its entry of run.json) and `broken` corrections. Only the
        documents so completed are recorded."""
        self._record[name].update(about)

    def earlier(self, name: str, source: Path, settings: str) -> dict | None:
        """The previous run's record of document `name` (`add`, `remember`) when that run read it from
        the same file (`source`) with the same `settings`: whose outputs `kept` may take, the file's
        bytes not yet compared. None: the document is added anew (a first run into OUT above all)."""
        earlier = self._earlier.get("docs", {}).get(name)
        if not settings or earlier is None or self._earlier.get("settings") != settings or earlier["path"] != str(source):
            return None
        return earlier

    def kept(self, name: str, source: Path, sha256: str, settings: str) -> dict | None:
        """The previous run's record of document `name` when its outputs stand as they are: the same source file (`source`, `sha256`) and
        `settings` (`earlier`), no decision on it since, its JSON, page and the CSVs as that run left them.
        Its rows are copied and its page kept (`add_kept`); None: the document is added anew."""
        earlier = self.earlier(name, source, settings)
        if earlier is None or earlier["sha256"] != sha256:
            return None
        if (_stamp(self.doc_path(name)) != earlier["json"]
                or _stamp(self._report.folder / earlier["page"]["href"]) != earlier["html"]
                or _decided(self.queue.decisions(name)) != earlier["decisions"]):
            return None
        return earlier

    def add_kept(self, name: str, earlier: dict) -> None:
        """Add document `name` as the previous run left it (`kept`): its rows copied from the old
        CSVs, its JSON and page untouched, its queue items as they are (its file and decisions unchanged)."""
        if self._csv is None:
            self._csv = _CsvSink(self.out)
        if not self._old_csv:
            self._old_csv = {name: open(self.out / f"{name}.csv", "rb") for name, _, _ in TABLES}
        summary = self._report.keep(PageSummary(**{**earlier["page"], "findings": Counter(earlier["page"]["findings"]),
                                                   "by_function": Counter(earlier["page"]["by_function"])}))
        self._record[name] = {**earlier, "csv": self._csv.copy(self._old_csv, earlier["csv"]),
                              "page": _page_record(summary)}

    def finish(self, report, name: str = "run.json", **extra) -> None:
        """Put the CSVs in place and write `name` (run.json, check.json): per file
        of `report`, what was done; `extra` keys are added as they are."""
        if self._csv is None:  # no document at all: empty CSVs, with their headers
            self._csv = _CsvSink(self.out)
        self._csv.commit()
        self._report.finish()
        record = {name: r for name, r in self._record.items() if "result" in r}
        if "settings" in extra and record:  # a run's: what its documents' outputs are (`kept`)
            write_text(self.out / REUSE_FILE, json.dumps({
                "settings": extra["settings"], "docs": record,
                "csvs": {name: _stamp(self.out / f"{name}.csv") for name, _, _ in TABLES}}, ensure_ascii=False))
        report.review = {"queue": str(self.out / QUEUE_FILE), **vars(self.synced),
                         **{s.value: n for s, n in self.queue.counts().items()},
                         "pending_findings": self.queue.pending_findings(),
                         "pending_elsewhere": self.queue.pending_outside(self._record.keys())}
        run = {
            "ok": report.ok,
            "state": "interrupted" if report.interrupted else "complete",
            "seconds": round(report.seconds, 3),
            **extra,
            "reused": sum(r.reused for r in report.results),
            "review": report.review,
            "corrections_failing": report.broken_corrections,
            "skipped": [{"path": str(path), "why": why} for path, why in report.skipped],
            "identical": [[str(r.path) for r in group] for group in report.identical()],
            "files": [file_entry(r) for r in report.results],
        }
        write_text(self.out / name, json.dumps(run, ensure_ascii=False, indent=1))


def file_entry(r) -> dict:
    """A file's entry in run.json (`r`: an `api.FileResult`)."""
    return {
        "path": str(r.path),
        "doc": r.doc_name,
        "status": r.status.value,
        "error": r.error,
        "sha256": r.sha256,
        "reused": r.reused,
        "encoding": r.encoding,
        "tables": r.n_tables,
        "tables_by_kind": r.tables_by_kind,
        "findings": r.findings,
        "fields": r.fields,
        "flagged": r.flagged,
        "seconds": round(r.seconds, 4),
        "llm": r.llm.model_dump() if r.llm else None,
    }


def _stamp(path: Path) -> list[int] | None:
    """Size and modification time (ns) of `path`, None when it is not there: a file changed since is
    not taken as it was."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _decided(decisions: dict[str, tuple[Status, str | None]]) -> str:
    """The reviewers' decisions on a document (`ReviewQueue.decisions`: key, status, value each),
    in a short hash: the rows and the page of a document depend on them."""
    decided = sorted((key, status.value, value) for key, (status, value) in decisions.items())
    return hashlib.sha256(json.dumps(decided, ensure_ascii=False).encode()).hexdigest()[:16]


def _page_record(summary: PageSummary) -> dict:
    return {**vars(summary), "findings": dict(summary.findings), "by_function": dict(summary.by_function)}


def _take_reuse(out: Path) -> dict:
    """The previous run's record in OUT (`REUSE_FILE`), removed from OUT at once (a run that does
    not finish, a re-check, leaves none: their outputs are not what it says); {} when there is none,
    or the CSVs are not those it describes."""
    path = out / REUSE_FILE
    try:
        earlier = json.loads(path.read_text(encoding="utf-8"))
        path.unlink()
    except (OSError, ValueError):
        return {}
    if not isinstance(earlier, dict) or any(_stamp(out / f"{name}.csv") != stamp
                                            for name, stamp in earlier.get("csvs", {}).items()):
        return {}
    return earlier


def document_files(out: Path) -> list[Path]:
    """The document JSONs of OUT's last run, in name order: those its run.json
    lists, so that a document left in OUT/docs by an earlier run over other files
    is neither exported nor re-checked, and the export holds what the run's CSVs
    hold; every JSON under OUT/docs when there is no readable run.json (an OUT of
    an older version)."""
    try:
        listed = [f["doc"] for f in json.loads((out / "run.json").read_text(encoding="utf-8"))["files"] if f["doc"]]
    except (OSError, ValueError, KeyError, TypeError):
        return sorted(p for p in (out / "docs").rglob("*.json") if not p.name.startswith(TMP_PREFIX))
    return sorted(path for path in (out / "docs" / f"{name}.json" for name in listed) if path.is_file())


class DamagedDocument(Exception):
    """A document JSON in OUT/docs that is no document (edited or damaged by hand: the tool
    writes each whole or not at all); the message names it and the cure."""


def _documents(out: Path) -> Iterator[Document]:
    for path in document_files(out):
        try:
            yield Document.model_validate_json(path.read_bytes())
        except ValueError as exc:  # (pydantic's ValidationError is one)
            raise DamagedDocument(f"{path} is no document JSON ({str(exc).splitlines()[0]}): run `extract run` "
                                  "on its file again to write it anew") from None


def export_dataset(out: Path, fmt: Format, dest: Path | None = None, unit: str | None = None,
                   lang: str | None = None, on_doc=None) -> list[Path]:
    """Write the final dataset of run folder `out` (decisions applied) into `dest`
    (default OUT/export), amounts in `unit` (元 or 万元) when given, else as
    printed; returns the files written. `lang` (zh, en) names the XLSX's headers
    (default: zh for Chinese documents); `on_doc(doc)` is called as each
    document is read (progress)."""

    dest = dest or out / "export"
    dest.mkdir(parents=True, exist_ok=True)
    queue = ReviewQueue.of(out) if (out / QUEUE_FILE).exists() else None

    def rows_of(doc: Document) -> dict[str, list[dict]]:
        rows = document_rows(doc, queue.decisions(doc.doc) if queue else {})
        if on_doc is not None:
            on_doc(doc)
        return convert_units(rows, unit) if unit else rows

    try:
        if fmt is Format.csv:
            sink = _CsvSink(dest)
            try:
                for doc in _documents(out):
                    sink.add(rows_of(doc))
                sink.commit()
            finally:
                sink.discard()
            return [dest / f"{name}.csv" for name, _, _ in TABLES]
        if fmt is Format.xlsx:
            from .xlsx import write_xlsx  # (the XLSX writer loads for an XLSX export only, not at every run)

            return [write_xlsx(((doc, rows_of(doc)) for doc in _documents(out)), dest, lang)]
        tables: dict[str, list[dict]] = {name: [] for name, _, _ in TABLES}
        for doc in _documents(out):
            for name, rows in rows_of(doc).items():
                tables[name].extend(rows)
        return [{Format.json: _json, Format.sqlite: _sqlite}[fmt](tables, dest)]
    finally:
        if queue is not None:
            queue.close()


def _json(tables: dict[str, list[dict]], dest: Path) -> Path:
    path = dest / "dataset.json"
    write_text(path, json.dumps(tables, ensure_ascii=False, indent=1))
    return path


def _sqlite(tables: dict[str, list[dict]], dest: Path) -> Path:
    path = dest / "dataset.sqlite"
    new = NewFile(path, "wb")  # built in the temporary file, renamed over the old dataset when whole
    try:
        with sqlite3.connect(new.tmp) as db:
            for name, columns, _ in TABLES:
                quoted = ", ".join(f'"{c}"' for c in columns)  # `check`, `column`, `rows` are SQL words
                db.execute(f"CREATE TABLE {name} ({quoted})")
                db.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(columns))})",
                               [[row[c] for c in columns] for row in tables[name]])
        db.close()
    except BaseException:
        new.discard()
        raise
    new.commit()
    return path
