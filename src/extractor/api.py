"""Library API: the CLI and the review UI are thin shells over these functions."""

from __future__ import annotations

import gc
import hashlib
import json
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .confidence import FLAG_BELOW
from .ingest import DEFAULT_MAX_BYTES, IngestError, Input, SourceText, discover, outside_gb2312, read_source
from .models import Backend, Check, Document, LLMUsage, TableKind
from .walk import iter_located

if TYPE_CHECKING:
    from .extract.llm import LLMExtractor
    from .extract.reader import TableReader


class FileStatus(str, Enum):
    ok = "ok"
    failed = "failed"
    no_tables = "no_tables"


@dataclass
class FileResult:
    path: Path
    status: FileStatus
    doc: Document | None = None
    error: str | None = None
    seconds: float = 0.0
    doc_name: str | None = None
    encoding: str | None = None
    tables_by_kind: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)  # by severity
    fields: int = 0
    flagged: int = 0
    llm: LLMUsage | None = None
    text: str | None = None  # the decoded source, kept until the document is written out
    sha256: str | None = None
    reused: bool = False  # the document of an earlier run, its file and settings unchanged

    def __post_init__(self) -> None:
        if self.doc is not None:
            self.llm = self.doc.llm
            self.doc_name, self.encoding, self.sha256 = self.doc.doc, self.doc.encoding, self.doc.sha256
            self.tables_by_kind = dict(Counter(t.kind.value for t in self.doc.tables))
            self.findings = dict(Counter(f.severity.value for f in self.doc.findings))
            if self.doc._tally is None:  # a document the post-checks have not seen
                flags = [obj.flagged for _, obj in iter_located(self.doc)]
                self.doc._tally = (len(flags), sum(flags))
            self.fields, self.flagged = self.doc._tally

    @property
    def n_tables(self) -> int:
        """The budget tables read: the narrative blocks (`TableKind.narrative`, prose between tables) not counted."""
        return sum(n for kind, n in self.tables_by_kind.items() if kind != TableKind.narrative.value)


@dataclass
class RunReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    review: dict | None = None  # the review queue after the run: its path, what changed, counts by status
    llm_failed: str | None = None  # said when an LLM backend was asked and failed on every table
    # reviewers' corrections that fail a check: {doc, table_id, fields, message} each
    broken_corrections: list[dict] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C: `results` holds the files done
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # files and folders left out (hidden, not read), why

    def identical(self) -> list[list[FileResult]]:
        """Files of the same bytes (same SHA-256), two or more to a group, in path order."""
        groups: dict[str, list[FileResult]] = {}
        for r in self.results:
            if r.sha256:
                groups.setdefault(r.sha256, []).append(r)
        return [g for g in groups.values() if len(g) > 1]

    @property
    def ok(self) -> bool:
        """No failed file, no LLM backend that failed everywhere, no reviewer's correction
        that fails a check (a value in the outputs known to break an identity), not interrupted."""
        return (not self.interrupted and self.llm_failed is None and not self.broken_corrections
                and all(r.status is FileStatus.ok for r in self.results))


def llm_failed_everywhere(results: list[FileResult]) -> str | None:
    """What to say when the LLM was asked for tables and answered none (every request failed:
    the outputs are the rules reading alone), else None. Tables from the cache count as answered."""
    usages = [r.llm for r in results if r.llm is not None]
    tables = sum(u.tables for u in usages)
    failed = [t for u in usages for t in u.failed_tables]
    if not tables or len(failed) < tables:
        return None
    return f"the LLM backend failed on all {tables} tables (first: {failed[0]}): every value is the rules reading"


class FileTimeout(BaseException):
    """A file took longer than its time limit (`extract_file(time_limit=…)`). A BaseException,
    as KeyboardInterrupt is, so that no `except Exception` on the way (a check that must not
    cost the tables) mistakes it for a failure of its own and goes on with the file."""


@contextmanager
def _time_limit(seconds: float | None):
    """Raise FileTimeout in the block once `seconds` have passed (wall clock, SIGALRM).
    No limit when `seconds` is None or 0, or outside the main thread (only it receives
    signals). A subprocess under way (tesseract) is killed by `subprocess.run` as the
    exception passes; LLM requests in flight end at their own timeout, unanswered."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = True

    def expire(*_):
        if armed:
            raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    # once a second after the limit, not once: an exception raised while the interpreter runs a
    # __del__ or a weakref callback (a garbage-collected HTTP client) is printed and dropped
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run, raised once the outputs of the files done are in
    place; `report` lists those (its `interrupted` set)."""

    def __init__(self, report: RunReport):
        super().__init__()
        self.report = report


def extract_source(
    source: SourceText,
    doc_name: str | None = None,
    backend: Backend = Backend.rules,
    flag_below: float = FLAG_BELOW,
    llm: "LLMExtractor | None" = None,
) -> Document:
    """Segment a decoded document, fill one table model per chunk, and check it.

    The rules backend reads every table (the LLM schema takes its columns from
    the header it reads, and it is the fallback of a failed LLM request); with
    `llm` or `hybrid`, each table chunk also goes to the LLM, `concurrency` at
    a time, and so does each region the rules took for prose that prints
    amounts like a table: the LLM names its kind first (`name_kind`).
    """
    from .account import account_document
    from .check import check_document
    from .check.unread import document_finding, headings_finding, pages_finding
    from .describe import describe
    from .extract.reader import reader_for
    from .extract.rules import parse_document
    from .grid import forget_rows
    from .segment import segment, table_headings

    doc = Document(
        doc=doc_name or source.path.stem,
        source_path=str(source.path),
        encoding=source.encoding,
        sha256=source.sha256,
        n_chars=len(source.text),
        backend=backend.value,
        ocr=source.ocr,
    )
    chunks = segment(source.text)
    for chunk in chunks:
        chunk.printed = tuple(t for t in source.tables if t.start < chunk.end and chunk.start < t.end)
    tables = parse_document(source.text, chunks)
    reader = reader_for(backend, llm)
    if reader.llm is not None:
        tables = _read_tables(source.text, chunks, tables, reader, doc)
    doc.tables.extend(tables)
    describe(doc, source.text)
    doc.warnings.extend(source.notes)
    # Every number of the text is a field's value, a known non-value, or reported unread.
    outside = document_finding(account_document(source.text, doc.tables), doc.tables)
    forget_rows(source.text)  # (the last to read the table rows)
    headed = headings_finding(source.text, table_headings(source.text), doc.tables)
    doc.findings = [f for f in (pages_finding(source.lost), outside, headed) if f]
    try:
        check_document(doc, flag_below=flag_below, text=source.text)
    except Exception as exc:  # a bug in one check must not cost the extracted tables
        doc.warnings.append(f"post-checks failed, values are unchecked: {type(exc).__name__}: {exc}")
    return doc


def _read_tables(text, chunks, tables, reader: "TableReader", doc: Document) -> list:
    """Each table as `reader` reads it (an LLM backend's), `concurrency` at a time, within the
    document's token budget; the LLM's usage in `doc.llm`."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    from .extract.llm import number_dense
    from .extract.rules import parse_chunk

    llm = reader.llm
    usage = doc.llm = LLMUsage()
    kind_named: set[int] = set()
    # a region the rules took for prose but that prints amounts like a table (its title lost or unknown):
    # the LLM names its kind, and both backends read it as that kind
    for i, chunk in enumerate(chunks):
        if chunk.kind is not TableKind.narrative or not number_dense(text, chunk):
            continue
        named = llm.name_kind(text, chunk)
        usage.requests += named.usage.requests
        usage.prompt_tokens += named.usage.prompt_tokens
        usage.completion_tokens += named.usage.completion_tokens
        if named.error is not None:
            usage.failed_tables.append(f"{chunk.id}: naming its kind: {named.error}")
        elif named.kind is not None:
            chunks[i] = replace(chunk, kind=named.kind)
            tables[i] = parse_chunk(text, chunks[i])
            kind_named.add(i)
    todo = [i for i, chunk in enumerate(chunks) if chunk.kind is not TableKind.narrative]
    spent = _Budget(llm.max_tokens_per_doc, usage.prompt_tokens + usage.completion_tokens)
    pool = ThreadPoolExecutor(max_workers=llm.concurrency)
    try:
        readings = pool.map(lambda i: spent.read(reader, text, chunks[i], tables[i]), todo)
        for i, reading in zip(todo, readings):
            usage.tables += 1
            usage.cached_tables += reading.cached
            usage.requests += reading.usage.requests
            usage.prompt_tokens += reading.usage.prompt_tokens
            usage.completion_tokens += reading.usage.completion_tokens
            usage.unfound += reading.unfound
            if reading.error is not None:
                usage.failed_tables.append(f"{chunks[i].id}: {reading.error}")
            tables[i] = reading.table
            if i in kind_named:
                tables[i].kind_by = Backend.llm
    finally:  # (all done, or the file's time limit struck: the tables not yet sent are not sent)
        pool.shutdown(wait=False, cancel_futures=True)
    usage.mode = getattr(getattr(llm.provider, "mode", None), "value", None)
    return tables


class _Budget:
    """A document's token budget (`max_tokens_per_doc`, None: no limit): once spent, its
    remaining tables are not sent and keep the rules reading."""

    def __init__(self, limit: int | None, spent: int = 0):
        import threading

        self.limit, self.spent, self._lock = limit, spent, threading.Lock()

    def read(self, reader: "TableReader", text, chunk, rules_table):
        from .extract.hybrid import merge
        from .extract.reader import TableReading
        from .provider.client import FailureKind, InferenceError, Usage

        with self._lock:
            if self.limit is not None and self.spent >= self.limit:
                message = f"not sent: the document's token budget ({self.limit}) is spent"
                unsent = TableReading(None, error=InferenceError(message, FailureKind.budget, Usage()))
                unsent.table = merge(rules_table, unsent)
                return unsent
        reading = reader.read(text, chunk, rules_table)
        with self._lock:
            self.spent += reading.usage.prompt_tokens + reading.usage.completion_tokens
        return reading


def extract_file(
    path: Path, doc_name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, flag_below: float = FLAG_BELOW,
    backend: Backend = Backend.rules, llm: "LLMExtractor | None" = None, time_limit: float | None = None,
    ocr: str | None = None, on_page: Callable[[int, int], None] | None = None,
) -> FileResult:
    """Extract one file; never raises for bad input, the result carries the reason.
    `time_limit` (seconds, None: none; kept in the main thread only): a file that takes
    longer is a failed result saying so, with nothing of it kept. `ocr`: the engine
    for scanned pages and images (rapidocr, tesseract, none; default `ocr.engine_name`);
    `on_page(done, total)` as each of its pages OCR reads is done."""
    started = time.perf_counter()
    try:
        with _time_limit(time_limit):
            source = read_source(path, max_bytes, ocr, on_page)
            doc = extract_source(source, doc_name, backend, flag_below, llm)
    except FileTimeout:
        return FileResult(path, FileStatus.failed, seconds=time.perf_counter() - started,
                          error=f"took longer than the time limit of {time_limit:g} s per file (--file-timeout): "
                                "left out, the other files go on")
    except IngestError as exc:
        return FileResult(path, FileStatus.failed, error=str(exc), seconds=time.perf_counter() - started)
    except OSError as exc:
        return FileResult(path, FileStatus.failed, error=f"cannot read: {exc.strerror}", seconds=time.perf_counter() - started)
    except Exception as exc:  # a parser bug on one file must not stop the batch
        from .provider.redact import redact  # (it imports logging: not at start-up for the one case that needs it)

        return FileResult(
            path, FileStatus.failed, error=redact(f"internal error: {type(exc).__name__}: {exc}"),
            seconds=time.perf_counter() - started,
        )
    status, error = _status(doc, source.text)
    return FileResult(path, status, doc=doc, error=error, seconds=time.perf_counter() - started, text=source.text)


def _status(doc: Document, text: str | None = None) -> tuple[FileStatus, str | None]:
    """A document's status and, when it has no table, why: a text mostly in traditional
    characters (which the vocabularies, in simplified ones, do not match) says so."""
    if not any(t.kind is not TableKind.narrative for t in doc.tables):
        if text is not None and outside_gb2312(text) > 0.2:
            return FileStatus.no_tables, ("no budget table found: the text is in traditional characters (繁體), "
                                          "and titles and labels are read in simplified ones")
        return FileStatus.no_tables, "no budget table found (prose only)"
    return FileStatus.ok, None


def doc_names(files: list[Input]) -> list[str]:
    """Each input's document name (`Input.doc`: its relative path). Two inputs
    with the same relative path (x/a.txt and y/a.txt named as files) are told
    apart by a hash of the later one's full path, which no other file changes."""
    seen: set[str] = set()
    names = []
    for item in files:
        name = item.doc
        if name in seen:
            name += "~" + hashlib.sha256(str(item.path.resolve()).encode()).hexdigest()[:8]
        seen.add(name)
        names.append(name)
    return names


@lru_cache(maxsize=1)
def _tool_hash() -> str:
    """A hash of this package's code and data: a changed rule is a changed setting."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".md", ".json", ".txt"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def settings_fingerprint(backend: Backend, flag_below: float, llm: "LLMExtractor | None" = None,
                         ocr: str | None = None) -> str:
    """What a document's extraction depends on besides its file: the tool's code,
    the backend, the flag threshold, the code lists in use, the LLM endpoint
    and model, and the OCR engine that reads scanned pages (`ocr` as given, else the default
    `ocr.engine_name` resolves to: installing the OCR extra changes it). A re-run reuses a
    document while this and its file are unchanged ("" for an LLM extractor without an
    `identity`: never reused). OcrError for an unknown engine name."""
    from .codes import code_lists
    from .ocr import engine_name

    if llm is not None and not llm.identity:
        return ""  # an extractor built by hand: nothing says what its readings depend on, so none is reused
    settings = {"tool": _tool_hash(), "backend": backend.value, "flag_below": flag_below,
                "codes": {scheme: listed["sha256"] for scheme, listed in code_lists().items()},
                "llm": llm.identity if llm is not None else None, "ocr": engine_name(ocr)}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


def _kept(writer, item: Input, name: str, settings: str, report: RunReport) -> FileResult | None:
    """`item`'s outputs of the previous run, taken as they are (`OutputWriter.kept`: the same file
    bytes, settings and decisions, the outputs as that run left them) and entered in `report`; of the
    file only its bytes are read (for their hash), its document not at all. None: not so."""
    if writer.earlier(name, item.path, settings) is None:
        return None  # (no record to compare with: the file is not read twice)
    try:
        sha256 = hashlib.sha256(item.path.read_bytes()).hexdigest()
    except OSError:
        return None
    earlier = writer.kept(name, item.path, sha256, settings)
    if earlier is None:
        return None
    entry = earlier["result"]
    llm = LLMUsage.model_validate(entry["llm"]) if entry["llm"] else None
    if llm is not None and llm.failed_tables:
        return None  # its failed tables are asked again
    writer.add_kept(name, earlier)
    result = FileResult(item.path, FileStatus(entry["status"]), error=entry["error"], doc_name=entry["doc"],
                        encoding=entry["encoding"], tables_by_kind=entry["tables_by_kind"], findings=entry["findings"],
                        fields=entry["fields"], flagged=entry["flagged"], llm=llm, sha256=sha256, reused=True)
    report.broken_corrections.extend(earlier["broken"])
    report.results.append(result)
    return result


def _reuse(writer, item: Input, name: str, settings: str) -> FileResult | None:
    """The document of an earlier run for `item`, when it is there, of the same
    file bytes and settings, with no failed LLM table (those are asked again)."""
    saved = writer.doc_path(name)
    if not settings or not saved.is_file():
        return None
    try:
        data, sha256 = saved.read_bytes(), hashlib.sha256(item.path.read_bytes()).hexdigest()
        # the JSON of a document of other settings or file bytes is not made into one (~8 bytes of
        # objects a byte of it: the size of the new document's own reading, made before that reading)
        if f'"settings":"{settings}"'.encode() not in data or f'"sha256":"{sha256}"'.encode() not in data:
            return None
        doc = Document.model_validate_json(data)
        same = doc.settings == settings and doc.source_path == str(item.path) and doc.sha256 == sha256
    except (ValueError, OSError):
        return None  # a damaged JSON, an unreadable file: extracted (and reported) afresh
    if not same or doc.llm is not None and doc.llm.failed_tables:
        return None
    tables = any(t.kind is not TableKind.narrative for t in doc.tables)
    status, error = _status(doc, None if tables else _source_text(doc))  # (the text only to say why none)
    return FileResult(item.path, status, doc=doc, error=error, reused=True)


@contextmanager
def _batch_gc():
    """Garbage collection tuned for a batch, restored after it: what was loaded before (modules,
    vocabularies, code lists) is frozen out of the full collections, and the young generation
    is collected once 100,000 more container objects live than died rather than 700: a document
    makes hundreds of thousands of objects, few of them in cycles and most freed (by their
    counts) before that many are alive, so a collection seldom comes and finds little to scan.
    At 10,000 the collections took ~3 % of a run's CPU, at 100,000 ~0.2 %, the same peak memory
    (bench_rules: 53 MB); the cyclic garbage waiting for them is a few MB at most."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def _interrupt_after():
    """Ctrl-C inside the block is raised (KeyboardInterrupt) when the block is done,
    not in its middle. (Only the main thread can catch signals: elsewhere, nothing changes.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def run(
    inputs: list[Path],
    out: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    flag_below: float = FLAG_BELOW,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    backend: Backend = Backend.rules,
    llm: "LLMExtractor | None" = None,
    file_timeout: float | None = None,
    ocr: str | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Extract every input file and write all outputs into `out`, and fill the
    review queue (OUT/review.sqlite) with the flagged fields. A file whose
    extraction takes longer than `file_timeout` seconds (None: no limit) is
    reported failed and the batch goes on (`extract_file`).

    OUT is locked for the run (`OutputBusy` when another run holds it). Each
    document is written out (crash-safe) as soon as it is extracted and then
    dropped, so memory stays flat over hundreds of files; a file whose bytes
    and settings (`settings_fingerprint`) are those of its document in OUT is
    not extracted again, which resumes an interrupted run. `on_page(done,
    total)` as each page of a file OCR reads is done. The CSVs and
    run.json are put in place at the end from the documents done; on Ctrl-C
    too, and then `Interrupted` is raised with the report.
    """
    from .codes import code_lists
    from .export import OutputWriter, file_entry

    started = time.perf_counter()
    found = discover(inputs, out)
    report = RunReport()
    if on_start:
        on_start(len(found.files))
    for path in found.missing:
        report.results.append(FileResult(path, FileStatus.failed, error="no such file or folder"))
    for path, reason in found.unreadable:
        report.results.append(FileResult(path, FileStatus.failed, error=f"cannot read the folder: {reason}"))
    report.skipped = found.skipped
    settings = settings_fingerprint(backend, flag_below, llm, ocr)
    with _batch_gc(), OutputWriter(out) as writer:
        try:
            for item, name in zip(found.files, doc_names(found.files)):
                with _interrupt_after():  # a document's rows and entry in the report: all or none
                    result = _kept(writer, item, name, settings, report)
                if result is None:
                    result = _reuse(writer, item, name, settings) or extract_file(
                        item.path, name, max_bytes, flag_below, backend, llm, file_timeout, ocr, on_page)
                    with _interrupt_after():  # a document's JSON, rows and entry in the report: all or none
                        if result.doc is not None:
                            result.doc.settings = settings
                            writer.add(result.doc, result.text, written=result.reused)
                            broken = _broken_corrections(result.doc)
                            report.broken_corrections.extend(broken)
                            writer.remember(result.doc.doc, path=str(item.path), sha256=result.sha256,
                                            result=file_entry(result), broken=broken)
                            result.doc = result.text = None
                        report.results.append(result)
                if on_file:
                    on_file(result)
        except KeyboardInterrupt:
            report.interrupted = True
        report.seconds = time.perf_counter() - started
        report.llm_failed = llm_failed_everywhere(report.results)
        writer.finish(report, settings=settings, codes=code_lists())
    if report.interrupted:
        raise Interrupted(report)
    return report


def _broken_corrections(doc: Document) -> list[dict]:
    """One entry per check a reviewer's correction fails (found when the document's rows
    were written): the document, table, fields (paths) and the check's message."""
    return [{"doc": doc.doc, "table_id": f.table_id, "fields": list(f.fields), "message": f.message}
            for f in doc.findings if f.check is Check.review_correction]


def _source_text(doc: Document) -> str | None:
    """The document's source text if its file is still there unchanged (to refill the review queue)."""
    try:
        source = read_source(Path(doc.source_path))
    except (IngestError, OSError):
        return None
    return source.text if source.sha256 == doc.sha256 else None


def _stale_audit(doc: Document) -> str | None:
    """What a re-check without the source text says of the auditor's findings it kept unchecked."""
    from .check.audit import is_audit_finding

    kept = sum(is_audit_finding(f) for f in doc.findings)
    return (f"source file changed or gone since the run: the narrative and template checks were not run "
            f"again, their {kept} findings are the last run's") if kept else None


def rebuild_queue(out: Path):
    """Rebuild OUT's review queue (a damaged or lost `review.sqlite`) from the documents of
    OUT's last run and the decision journal beside the queue (`review.queue.rebuild`), with
    OUT locked as for a run (`OutputBusy`). A document whose source file is gone or changed
    gets no items (its decisions stay in the journal, listed as unplaced). Returns `Rebuilt`."""
    from .export import document_files
    from .export.files import OutLock
    from .review.queue import QUEUE_FILE, rebuild

    def documents():
        for path in document_files(out):
            try:
                doc = Document.model_validate_json(path.read_bytes())
            except ValueError:
                continue  # a damaged document JSON: `extract run` makes it again
            yield doc, _source_text(doc)

    with OutLock(out):
        return rebuild(out / QUEUE_FILE, documents())


def recheck(out: Path, flag_below: float = FLAG_BELOW, on_start=None, on_file=None) -> RunReport:
    """Re-run the post-checks on the documents of an earlier run (after a new
    code list or a different threshold) and rewrite its outputs."""
    from .check import check_document
    from .codes import code_lists
    from .export import OutputWriter, document_files

    started = time.perf_counter()
    paths = document_files(out)
    rules_settings = settings_fingerprint(Backend.rules, flag_below)  # (once: it resolves the OCR engine)
    report = RunReport()
    if on_start:
        on_start(len(paths))
    with OutputWriter(out) as writer:
        for path in paths:
            t0 = time.perf_counter()
            try:
                doc = Document.model_validate_json(path.read_bytes())
            except ValueError as exc:
                result = FileResult(path, FileStatus.failed, error=f"not a document JSON: {str(exc).splitlines()[0]}")
            else:
                text = _source_text(doc)
                check_document(doc, flag_below=flag_below, text=text)
                # checked anew: reusable by a run at this threshold (an LLM reading by no run: its model is not known here)
                doc.settings = rules_settings if doc.backend == Backend.rules.value else ""
                writer.add(doc, text)
                report.broken_corrections.extend(_broken_corrections(doc))
                result = FileResult(Path(doc.source_path), FileStatus.ok, doc=doc, seconds=time.perf_counter() - t0,
                                    error=_stale_audit(doc) if text is None else None)
                result.doc = None
            report.results.append(result)
            if on_file:
                on_file(result)
        report.seconds = time.perf_counter() - started
        writer.finish(report, name="check.json", codes=code_lists())
    return report
