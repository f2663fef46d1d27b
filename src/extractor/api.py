"""Library API: the CLI and the review UI are thin shells over these functions."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable

from .ingest import DEFAULT_MAX_BYTES, IngestError, SourceText, discover, read_source
from .models import Document, TableKind


class Backend(str, Enum):
    rules = "rules"


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

    @property
    def tables_by_kind(self) -> dict[str, int]:
        if self.doc is None:
            return {}
        return dict(Counter(t.kind.value for t in self.doc.tables))


@dataclass
class RunReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.status is FileStatus.ok for r in self.results)

    @property
    def documents(self) -> list[Document]:
        return [r.doc for r in self.results if r.doc is not None]


def extract_source(source: SourceText, doc_name: str | None = None, backend: Backend = Backend.rules) -> Document:
    """Segment a decoded document and fill one table model per chunk."""
    from .extract.rules import parse_chunk
    from .segment import segment

    doc = Document(
        doc=doc_name or source.path.stem,
        source_path=str(source.path),
        encoding=source.encoding,
        sha256=source.sha256,
        n_chars=len(source.text),
        backend=backend.value,
    )
    for chunk in segment(source.text):
        doc.tables.append(parse_chunk(source.text, chunk))
    return doc


def extract_file(path: Path, doc_name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> FileResult:
    """Extract one file; never raises for bad input, the result carries the reason."""
    started = time.perf_counter()
    try:
        source = read_source(path, max_bytes)
        doc = extract_source(source, doc_name)
    except IngestError as exc:
        return FileResult(path, FileStatus.failed, error=str(exc), seconds=time.perf_counter() - started)
    except OSError as exc:
        return FileResult(path, FileStatus.failed, error=f"cannot read: {exc.strerror}", seconds=time.perf_counter() - started)
    except Exception as exc:  # a parser bug on one file must not stop the batch
        return FileResult(
            path, FileStatus.failed, error=f"internal error: {type(exc).__name__}: {exc}",
            seconds=time.perf_counter() - started,
        )
    status = FileStatus.ok
    error = None
    if not any(t.kind is not TableKind.narrative for t in doc.tables):
        status, error = FileStatus.no_tables, "no budget table found (prose only)"
    return FileResult(path, status, doc=doc, error=error, seconds=time.perf_counter() - started)


def unique_names(paths: list[Path]) -> list[str]:
    """Document names from file stems, made unique when two folders hold the same name."""
    seen: Counter[str] = Counter()
    names = []
    for path in paths:
        seen[path.stem] += 1
        names.append(path.stem if seen[path.stem] == 1 else f"{path.stem}-{seen[path.stem]}")
    return names


def run(
    inputs: list[Path],
    out: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> RunReport:
    """Extract every input file and write all outputs into `out`."""
    from .export import write_document, write_outputs

    started = time.perf_counter()
    files, missing = discover(inputs)
    report = RunReport()
    if on_start:
        on_start(len(files))
    for path in missing:
        report.results.append(FileResult(path, FileStatus.failed, error="no such file or folder"))
    for path, name in zip(files, unique_names(files)):
        result = extract_file(path, name, max_bytes)
        if result.doc is not None:
            write_document(result.doc, out)
        report.results.append(result)
        if on_file:
            on_file(result)
    report.seconds = time.perf_counter() - started
    write_outputs(report, out)
    return report
