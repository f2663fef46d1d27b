"""`extract` command line: a thin shell over `extractor.api`.

Heavy imports (pydantic models, rich progress) happen inside commands so that
`extract --help` stays fast.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

# Plain click help: typer's rich help formatting alone costs ~0.15 s at start-up.
os.environ.setdefault("TYPER_USE_RICH", "0")
# No pydantic plugins (validation hooks of observability tools) in the command: looking for them
# reads the entry points of every installed distribution at the first model, ~10 ms at start-up.
# PYDANTIC_DISABLE_PLUGINS set (to "" for all plugins) is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Extract checked data from OCR text of Chinese government budget disclosures.",
)

DEFAULT_MAX_MB = 20.0
# Seconds one file may take: a 20 MiB text file (the size limit) takes about 80 s with the rules
# backend; a slow LLM on a large document may need more (its answers so far stay in the cache).
DEFAULT_FILE_TIMEOUT = 600.0
FLAG_BELOW = 0.8  # = extractor.confidence.FLAG_BELOW; a test keeps them equal (importing it here costs start-up time)
BACKENDS = ("rules", "llm", "hybrid")

# LLM options shared by `run` and `eval` (added to both by `_with_llm_options`);
# the rest (timeout, retries, key variable…) come from the environment or the config file.
_LLM_OPTIONS = [
    ("backend", Optional[str], typer.Option(None, "--backend", help="rules, llm or hybrid (default: hybrid when an LLM endpoint is configured, else rules)")),
    ("llm", Optional[str], typer.Option(None, "--llm", help="LLM endpoint base URL, or 'local' to start the embedded model for this run")),
    ("model", Optional[str], typer.Option(None, "--model", help="Model name at the endpoint")),
    ("mode", Optional[str], typer.Option(None, "--mode", help="Request mode: auto, tools, json_schema or md_json")),
    ("concurrency", Optional[int], typer.Option(None, "--concurrency", help="LLM requests in flight at once")),
    ("max_tokens_per_doc", Optional[int], typer.Option(None, "--max-tokens-per-doc", min=1, help="Tokens (in and out) one document may spend at the LLM; its remaining tables keep the rules reading")),
    ("config", Optional[Path], typer.Option(None, "--config", help="Config file (default: $EXTRACTOR_CONFIG, else ~/.config/extract/extract.toml; ./extract.toml only when named here)")),
    ("no_cache", bool, typer.Option(False, "--no-cache", help="Ask the LLM again even for identical requests")),
]


def _with_llm_options(command):
    """Give a command the LLM options; it receives them as one dict, `llm_options`."""
    import functools
    import inspect

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        options = {name: kwargs.pop(name) for name, _, _ in _LLM_OPTIONS}
        return command(*args, llm_options=options, **kwargs)

    sig = inspect.signature(command)
    params = [p for p in sig.parameters.values() if p.name != "llm_options"]
    params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
               for name, annotation, default in _LLM_OPTIONS]
    wrapper.__signature__ = sig.replace(parameters=params)
    return wrapper


def _fail(message: str, code: int = 2):
    """Print one error line and exit with `code`; the message may quote a document or an endpoint."""
    from .display import for_terminal
    from .provider.redact import redact

    typer.echo(f"error: {for_terminal(redact(message), multiline=False)}", err=True)
    raise typer.Exit(code)


@contextmanager
def _llm_session(backend, llm, model, mode, concurrency, max_tokens_per_doc, config, no_cache):
    """Resolve the backend and open its reader (`extract.reader.open_reader`, starting the local model
    if asked): yields the backend and, for llm/hybrid, the LLM extractor behind it."""
    from .models import Backend
    from .provider.configfile import find_config, llm_settings_given

    if backend is not None and backend not in BACKENDS:
        _fail(f"unknown backend {backend!r} (available: {', '.join(BACKENDS)})")
    path, named = find_config(config)
    if named and not path.is_file():
        _fail(f"config file {path} not found" + ("" if config else " (named by EXTRACTOR_CONFIG)"))
    if path is not None:
        typer.echo(f"config: {path}", err=True)
    given = (llm, model, mode, concurrency, max_tokens_per_doc)
    if backend in (None, Backend.rules.value) and given == (None,) * 5 and not llm_settings_given(path):
        yield Backend.rules, None  # no LLM anywhere: its settings and client are not loaded (start-up time)
        return

    from pydantic import ValidationError

    from .extract.reader import ReaderError, open_reader
    from .provider.config import load_config
    from .provider.local import LocalServerError
    from .provider.redact import redact

    local = llm == "local"
    flags = dict(base_url=None if local else llm, model=model, mode=mode, concurrency=concurrency,
                 max_tokens_per_doc=max_tokens_per_doc, cache=False if no_cache else None)
    try:
        settings = load_config(path, **flags)
    except ValidationError as exc:
        _fail("bad LLM settings: " + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))
    except ValueError as exc:  # tomllib.TOMLDecodeError
        _fail(f"config file {path} is not valid TOML: {redact(str(exc))}")
    chosen = Backend(backend) if backend else (Backend.hybrid if local or settings.configured else Backend.rules)
    try:
        with open_reader(chosen, settings, local) as reader:
            yield chosen, reader.llm
    except ReaderError as exc:
        _fail(str(exc))
    except LocalServerError as exc:
        _fail(str(exc), 1)


@contextmanager
def _oracle_session(fixtures: Path, facts: list[Path], backend: Optional[str]):
    """The backend and an LLMExtractor whose model is the perfect-model provider (`evaluate.oracle`)."""
    from .api import Backend
    from .evaluate import FixtureError
    from .evaluate.facts import FactsError
    from .evaluate.oracle import OracleProvider
    from .extract.llm import LLMExtractor

    if backend is not None and backend not in BACKENDS:
        _fail(f"unknown backend {backend!r} (available: {', '.join(BACKENDS)})")
    try:
        oracle = OracleProvider.from_folders([fixtures], facts)
    except (FixtureError, FactsError) as exc:
        _fail(str(exc))
    yield Backend(backend or Backend.hybrid.value), LLMExtractor(oracle, concurrency=1)


def _cannot_write(what: str, exc: Exception):
    """OUT a file, read-only, a full disk (an OSError, or SQLite's own error): one line and exit 1, not a traceback."""
    filename = getattr(exc, "filename", None)
    _fail(f"cannot write {what}: {getattr(exc, 'strerror', None) or exc}" + (f" ({filename})" if filename else ""), 1)


def _share(value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 1:  # (nan too: it compares false)
        raise typer.BadParameter(f"{value} is no share: give a number from 0 to 1")
    return value


def _seconds(value: float) -> float:
    if not 0 <= value < float("inf"):
        raise typer.BadParameter(f"{value} is no time: give seconds (0 for no limit)")
    return value


def _positive(value: float) -> float:
    if not 0 < value < float("inf"):
        raise typer.BadParameter(f"{value} is no size: give a positive number")
    return value


def _ocr_engine(value: Optional[str]) -> Optional[str]:
    if value is None:  # (the OCR module loads when a scan is read, not at every start)
        return value
    from .ocr import ENGINES

    if value not in ENGINES:
        raise typer.BadParameter(f"{value!r} is no OCR engine: {', '.join(ENGINES)}")
    return value


_FLAG_BELOW = typer.Option(FLAG_BELOW, "--flag-below", callback=_share,
                           help="Flag fields whose confidence is below this (0 to 1)")


def _run_settings(config: Optional[Path]):
    """The `[run]` table of the config file (`provider.configfile.RunSettings`); a bad one is a usage error."""
    from pydantic import ValidationError

    from .provider.configfile import find_config, load_run_settings

    try:
        return load_run_settings(config)
    except ValidationError as exc:
        _fail(f"bad [run] settings in {find_config(config)[0]}: "
              + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))
    except ValueError as exc:  # tomllib.TOMLDecodeError
        _fail(f"config file {find_config(config)[0]} is not valid TOML: {exc}")


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"extract {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit")) -> None:
    """Extract checked data from OCR text of Chinese government budget disclosures."""


@app.command()
@_with_llm_options
def run(
    inputs: List[Path] = typer.Argument(..., help="Files or folders (.txt/.md, .pdf, images; searched recursively)"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Output folder (default: out of the config "
                                       "file's [run] table, else ./out)"),
    max_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-mb", callback=_positive,
                                 help="Refuse files larger than this (MiB, 2^20 bytes)"),
    flag_below: Optional[float] = typer.Option(None, "--flag-below", callback=_share,
                                               help=f"Flag fields whose confidence is below this (0 to 1; default: "
                                               f"flag_below of the config file's [run] table, else {FLAG_BELOW})"),
    file_timeout: float = typer.Option(DEFAULT_FILE_TIMEOUT, "--file-timeout", callback=_seconds,
                                       help="Seconds one file may take; a file that takes longer is reported failed "
                                       "and the others go on (0: no limit)"),
    ocr: Optional[str] = typer.Option(None, "--ocr", callback=_ocr_engine,
                                      help="OCR engine for scanned PDF pages and images: rapidocr (PP-OCR, the "
                                      "default when installed), tesseract, or none"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="A summary row for every file and every file skipped "
                                 "(without it, past 20 files: only those with a problem)"),
    llm_options: dict = None,
) -> None:
    """Extract and check every table of every document into OUT (JSON per document, CSVs, run.json, report/)."""
    import sqlite3
    from contextlib import nullcontext

    from .api import Interrupted, run as run_batch
    from .export import OutputBusy
    from .ingest import discover
    from .review.queue import QueueError

    if not quiet:  # (rich: for the progress bar and the summary only)
        from .report import RunProgress, print_summary

    found = discover(inputs)
    if not found.files:  # before OUT is touched: a mistyped path or an empty folder wipes nothing
        _fail("; ".join([*(f"no such file or folder: {p}" for p in found.missing),
                         *(f"cannot read the folder {p}: {reason}" for p, reason in found.unreadable)])
              or "no .txt, .md, .pdf or image files found in the inputs")
    settings = _run_settings(llm_options["config"])
    out = out or settings.out or Path("out")
    flag_below = next(x for x in (flag_below, settings.flag_below, FLAG_BELOW) if x is not None)
    with _llm_session(**llm_options) as (chosen, extractor), \
            (nullcontext() if quiet else RunProgress(enabled=sys.stderr.isatty())) as progress:
        try:
            report = run_batch(
                inputs, out, max_bytes=int(max_mb * 1024 * 1024), flag_below=flag_below,
                on_start=progress and progress.start, on_file=progress and progress.advance, backend=chosen,
                llm=extractor, on_page=progress and progress.page,
                file_timeout=file_timeout or None, ocr=ocr,
            )
        except (QueueError, OutputBusy) as exc:  # a queue this version cannot open, another run in OUT: touch nothing
            _fail(str(exc), 1)
        except (OSError, sqlite3.OperationalError) as exc:  # (SQLite's: the review queue on a full disk)
            _cannot_write(f"the outputs in {out}", exc)
        except Interrupted as stop:
            done = sum(r.path in {f.path for f in found.files} for r in stop.report.results)
            typer.echo(f"interrupted: the outputs in {out} hold the {done} file(s) done of {len(found.files)} "
                       "(run.json says so); run the same command again to go on", err=True)
            raise typer.Exit(130)
    if not quiet:
        print_summary(report, out, verbose=verbose)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def check(
    out: Path = typer.Argument(..., help="Output folder of an earlier `extract run`"),
    flag_below: float = _FLAG_BELOW,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
) -> None:
    """Re-run the post-checks on OUT/docs/*.json and rewrite the CSVs (after a new code list or threshold)."""
    from .api import recheck
    from .report import RunProgress, print_summary

    if not (out / "docs").is_dir():
        _fail(f"{out}/docs not found: run `extract run ... -o {out}` first")
    import sqlite3

    from .export import OutputBusy
    from .review.queue import QueueError

    with RunProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        try:
            report = recheck(out, flag_below=flag_below, on_start=progress.start, on_file=progress.advance)
        except (QueueError, OutputBusy) as exc:
            _fail(str(exc), 1)
        except (OSError, sqlite3.OperationalError) as exc:
            _cannot_write(f"the outputs in {out}", exc)
    if not quiet:
        print_summary(report, out, verb="check")
    raise typer.Exit(0 if report.ok else 1)


@app.command("eval")
@_with_llm_options
def eval_(
    fixtures: Path = typer.Argument(Path("eval/fixtures"), help="Folder of *.gold.json files (each names its source text)"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="An earlier report JSON to compare with"),
    reports: Path = typer.Option(Path("eval/reports"), "--reports", help="Folder for the JSON and Markdown reports"),
    flag_below: float = _FLAG_BELOW,
    facts: Optional[list[Path]] = typer.Option(
        None, "--facts",
        help="Also score against *.facts.json under this folder (e.g. eval/dev): fact recall, precision and silent loss; "
        "give it again for more folders",
    ),
    provider: Optional[str] = typer.Option(
        None, "--provider",
        help="'oracle': a perfect model that answers every LLM request from the gold being scored, to measure "
        "the llm and hybrid design apart from any model (default backend then: hybrid)",
    ),
    llm_options: dict = None,
) -> None:
    """Score a backend against hand-labelled gold: F1 by table kind and field type, flag capture, review load."""
    import json

    from rich.console import Console

    from .evaluate import FixtureError, evaluate
    from .evaluate.facts import FactsError, evaluate_facts
    from .evaluate.report import as_dict, diff, render, render_facts, write

    old = None
    if baseline is not None:
        try:
            old = json.loads(baseline.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            _fail(f"cannot read baseline {baseline}: {exc}")
    if provider is not None and provider != "oracle":
        _fail(f"unknown provider {provider!r} (available: oracle)")
    if provider and (llm_options["llm"] or llm_options["model"]):
        _fail("--provider oracle answers from the gold: it takes no --llm or --model")
    session = _oracle_session(fixtures, facts or [], llm_options["backend"]) if provider else _llm_session(**llm_options)
    with session as (chosen, extractor):
        try:
            result = evaluate(fixtures, chosen, flag_below, llm=extractor)
            scored_facts = [evaluate_facts(folder, chosen, flag_below, llm=extractor) for folder in facts or []]
        except (FixtureError, FactsError) as exc:
            _fail(str(exc))
    report = as_dict(result)
    console = Console()
    render(report, console)
    if scored_facts:
        report["facts"] = [scored.as_dict() for scored in scored_facts]
        for section in report["facts"]:
            render_facts(section, console)
    json_path, md_path = write(report, reports)
    typer.echo(f"report: {json_path} and {md_path}")
    if old is not None:
        typer.echo("\n".join(diff(report, old)))


@app.command()
def review(
    out: Path = typer.Argument(..., help="Output folder of an earlier `extract run`"),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Your name in the decision log (default: the OS user)"),
    where: str = typer.Option("", "--filter", help="Only items matching: reason:… kind:… doc:… status:… and words"),
    list_: bool = typer.Option(False, "--list", help="Print the items instead of opening the terminal UI"),
    approve: Optional[str] = typer.Option(None, "--approve", help="Approve every pending item matching this filter, e.g. reason:name_mismatch"),
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild a damaged or lost review queue from the documents and the decision log"),
) -> None:
    """Review the flagged fields of OUT: a terminal UI, or --list / --approve for scripts."""
    from .review.queue import QUEUE_FILE, Filter, QueueError, ReviewQueue, default_reviewer

    if rebuild:
        _rebuild(out)
        return
    if not (out / QUEUE_FILE).is_file():
        _fail(f"{out / QUEUE_FILE} not found: run `extract run ... -o {out}` first")
    reviewer = reviewer or default_reviewer()
    if approve is not None and not approve.strip():
        _fail("--approve needs a filter, e.g. reason:name_mismatch (status:pending approves every pending item)")
    try:
        chosen = Filter.parse(approve if approve is not None else where)
        queue = ReviewQueue.of(out)
    except QueueError as exc:
        _fail(str(exc))
    with queue:
        if approve is not None:
            chosen.status = "pending"
            done, held, stale = queue.approve_all(queue.items(chosen), reviewer, note=f"--approve {approve}")
            typer.echo(f"approved {done} items" + (f"; {held} held by other reviewers left pending" if held else "")
                       + (f"; {stale} decided by others meanwhile left as they decided" if stale else ""))
        elif list_:
            from .display import for_terminal
            from .review.items import Status

            from .review.app import field_label

            # a header line, then one line per item, tab-separated: the document's text can carry neither
            # escapes nor tabs; the field by its row label and column, then what the checks say of a
            # corrected value (empty when it passes them), where a value OCR read stands on its scanned
            # page (`p3 x0,top-x1,bottom` in pixels of the page as read), last its path in the document JSON
            warnings: dict[str, dict[str, list[str]]] = {}
            typer.echo("\t".join(("id", "status", "doc", "table", "field", "value", "reasons", "checks", "where", "path")))
            for q in queue.items(chosen):
                if q.status is Status.corrected and q.item.doc not in warnings:
                    warnings[q.item.doc] = queue.correction_warnings(q.item.doc)
                where = (f"p{q.item.page} {q.item.box[0]},{q.item.box[1]}-{q.item.box[2]},{q.item.box[3]}"
                         if q.item.page is not None else "")
                typer.echo("\t".join(for_terminal(cell, multiline=False) for cell in (
                    str(q.id), q.status.value, q.item.doc, q.item.table_id, field_label(q.item.key),
                    q.final_value, ",".join(r.value for r in q.item.reasons),
                    "; ".join(warnings.get(q.item.doc, {}).get(q.item.path, [])), where, q.item.path)))
            counts = queue.counts(chosen)
            typer.echo(", ".join(f"{n} {s.value}" for s, n in counts.items()), err=True)
        else:
            from .review.app import ReviewApp

            ReviewApp(queue, reviewer, chosen).run()


def _rebuild(out: Path) -> None:
    """`extract review OUT --rebuild`: one line of what was done, and what could not be placed."""
    import sqlite3

    from .api import rebuild_queue
    from .display import for_terminal
    from .export import OutputBusy
    from .review.queue import JOURNAL_FILE, QUEUE_FILE

    if not (out / "docs").is_dir():
        _fail(f"{out}/docs not found: run `extract run ... -o {out}` first")
    try:
        done = rebuild_queue(out)
    except OutputBusy as exc:
        _fail(str(exc), 1)
    except (OSError, sqlite3.OperationalError) as exc:
        _cannot_write(f"the review queue in {out}", exc)
    moved = f"a copy of the damaged queue kept as {done.moved_to.name}; " if done.moved_to else ""
    typer.echo(f"rebuilt {out / QUEUE_FILE}: {moved}{done.items} items from the documents, "
               f"{done.replayed} decisions replayed from {JOURNAL_FILE}"
               + (f"; {done.bad_lines} damaged journal lines skipped" if done.bad_lines else ""))
    if not done.journal:
        typer.echo(f"  no {JOURNAL_FILE} in {out}: no decision could be replayed (those in the damaged queue "
                   "are not read; it is kept)", err=True)
    for doc in done.no_source:
        typer.echo(for_terminal(f"  no items for {doc}: its source file is gone or changed (run `extract run` on it)",
                                multiline=False), err=True)
    for line in done.unplaced:
        typer.echo(for_terminal(f"  not placed (its field is in no document): {line}", multiline=False), err=True)
    if done.no_source or done.unplaced or not done.journal:
        raise typer.Exit(1)


@app.command()
def export(
    out: Path = typer.Argument(..., help="Output folder of an earlier `extract run`"),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, xlsx, json or sqlite"),
    dest: Optional[Path] = typer.Option(None, "-o", "--to", help="Folder for the dataset (default OUT/export)"),
    unit: Optional[str] = typer.Option(None, "--unit", help="Convert every 元/万元 amount to this unit (元 or 万元)"),
    lang: Optional[str] = typer.Option(None, "--lang", help="XLSX headers and sheet names: zh or en "
                                       "(default: zh for Chinese documents)"),
) -> None:
    """Write the final dataset with the reviewers' decisions in place and a status per row."""
    from .export import LANGS, UNITS, DamagedDocument, Format, export_dataset

    if fmt not in Format.__members__:
        _fail(f"--format must be one of {', '.join(Format.__members__)}, not {fmt!r}")
    if lang is not None and lang not in LANGS:
        _fail(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    settings = _run_settings(None)
    unit, lang = unit or settings.unit, lang or settings.lang
    if unit is not None and unit not in UNITS:
        _fail(f"--unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if not (out / "docs").is_dir():
        _fail(f"{out}/docs not found: run `extract run ... -o {out}` first")
    import sqlite3

    from .review.queue import QueueError

    from .export import document_files
    from .report import RunProgress

    try:
        with RunProgress(enabled=sys.stderr.isatty()) as progress:  # (the XLSX is written document by document)
            progress.start(len(document_files(out)), "exporting")
            written = export_dataset(out, Format(fmt), dest, unit, lang, on_doc=lambda doc: progress.step(doc.doc))
        for path in written:
            typer.echo(str(path))
    except (QueueError, DamagedDocument) as exc:
        _fail(str(exc), 1)
    except (OSError, sqlite3.OperationalError) as exc:  # a read-only or full destination: the files there stay whole
        _cannot_write(f"the dataset in {dest or out / 'export'}", exc)


@app.command()
def codes(
    import_file: Optional[Path] = typer.Option(None, "--import", help="CSV with a code and a name column to use from now on"),
    scheme: str = typer.Option("function", "--scheme", help="Which list the file replaces: function or economic"),
    edition: str = typer.Option("", "--edition", help="Edition year recorded with the imported rows"),
    replace: bool = typer.Option(False, "--replace", help="Install the file even when it has fewer than half the codes of the list in use"),
) -> None:
    """Show the classification lists in use, or install an official edition with --import."""
    from .codes import CodeList, CodeListError, Scheme, import_codes, user_codes_dir

    if import_file is not None:
        if scheme not in Scheme.__members__:
            _fail(f"--scheme must be function or economic, not {scheme!r}")
        try:
            path, n = import_codes(import_file, Scheme(scheme), edition, replace)
        except (CodeListError, OSError) as exc:
            _fail(str(exc), 1)
        typer.echo(f"installed {n} {scheme} codes as {path}")
    codes = CodeList.load()
    for s in Scheme:
        rows = [x for x in codes.by_code.values() if x.scheme is s]
        verified = sum(x.verified for x in rows)
        typer.echo(f"{s.value}: {len(rows)} codes, {verified} verified against real documents, from {codes.sources[s]}")
    typer.echo(f"override folder: {user_codes_dir()} (or set EXTRACTOR_CODES_DIR)")


@app.command()
def schemas(out: Path = typer.Option(Path("schemas"), "-o", "--out", help="Folder for the JSON Schema files")) -> None:
    """Write the JSON Schema of the document and of each table kind."""
    from .schemas import write_schemas

    for path in write_schemas(out):
        typer.echo(str(path))


@app.command("serve-local")
def serve_local(
    port: int = typer.Option(8080, "--port", help="Port on 127.0.0.1"),
) -> None:
    """Serve the embedded offline model (Gemma 3 270M) as an OpenAI-compatible endpoint until Ctrl-C."""
    from .provider.local import MODEL_ALIAS, LocalServerError, server_command

    try:
        command = server_command(port)
    except LocalServerError as exc:
        _fail(str(exc), 1)
    typer.echo(f"serving {MODEL_ALIAS} at http://127.0.0.1:{port}/v1 (use --llm http://127.0.0.1:{port}/v1 --model {MODEL_ALIAS})")
    os.execv(command[0], command)


def main(argv: Optional[list[str]] = None) -> None:
    """`extract`'s entry point."""
    # A command's start-up makes ~40,000 objects that live as long as it (modules, classes, the
    # models' schemas): the collector's ~70 passes over them as they are made find nothing (~15 ms
    # of a run on a small file). Its young generation is collected at 100,000 objects, as in a
    # batch (`api._batch_gc`), until the command ends.
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, *threshold[1:])
    try:
        app(args=argv)
    finally:
        gc.set_threshold(*threshold)


if __name__ == "__main__":
    main()
