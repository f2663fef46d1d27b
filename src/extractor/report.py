"""Terminal progress and the end-of-run summary (rich).

File names and error texts come from the inputs and from LLM endpoints: they are shown as
inert Text (or escaped where rich wants a markup string), never read as markup.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .api import FileResult, FileStatus, RunReport
from .display import inert, markup_safe, shown_path
from .export.rows import TABLES


class RunProgress:
    """A progress bar on stderr; does nothing when disabled (not a TTY, --quiet)."""

    def __init__(self, enabled: bool):
        self._progress = (
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[current]}"),
                console=Console(stderr=True),
                transient=True,
            )
            if enabled
            else None
        )
        self._task = self._pages = None

    def __enter__(self) -> "RunProgress":
        if self._progress:
            self._progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.__exit__(*exc)

    def start(self, total: int, description: str = "extracting") -> None:
        if self._progress:
            self._task = self._progress.add_task(description, total=total, current="")

    def page(self, done: int, total: int) -> None:
        """`done` of a document's `total` scanned pages read by OCR: a second bar, gone when all are read."""
        if not self._progress:
            return
        if self._pages is None:
            self._pages = self._progress.add_task("  OCR pages", total=total, current="")
        self._progress.update(self._pages, completed=done, total=total)
        if done >= total:
            self._progress.remove_task(self._pages)
            self._pages = None

    def advance(self, result: FileResult) -> None:
        self.step(shown_path(result.path.name))

    def step(self, name: str) -> None:
        """One more done, `name` (a file or document name) shown beside the bar."""
        if self._progress and self._task is not None:
            self._progress.update(self._task, advance=1, current=markup_safe(name, multiline=False))


# Up to this many files the summary shows a row for each; a larger run shows the files with a problem
# only (failed), and the totals, unless --verbose.
FULL_TABLE = 20
# Skipped files named one by one up to this many, unless --verbose.
LISTED = 10


def print_summary(report: RunReport, out: Path, console: Console | None = None, verb: str = "run",
                  verbose: bool = False) -> None:
    """The end of a run: a row per file (only the failed ones past FULL_TABLE files, unless
    `verbose`), the totals, the identical files, the files skipped, the review queue."""
    console = console or Console()
    full = verbose or len(report.results) <= FULL_TABLE
    shown = report.results if full else [r for r in report.results if r.status is not FileStatus.ok]
    title = f"extract {verb}: {len(report.results)} files in {report.seconds:.2f} s"
    if not full:
        title += f"; the {len(shown)} with a problem (all with --verbose)"
    table = Table(title=title)
    table.add_column("file", overflow="fold")
    table.add_column("status")
    table.add_column("tables", justify="right")
    table.add_column("flagged", justify="right")
    table.add_column("findings", justify="right")
    table.add_column("problem")
    kinds: Counter[str] = Counter()
    for r in report.results:
        kinds.update(r.tables_by_kind)
    for r in shown:
        style = "green" if r.status is FileStatus.ok else "red"
        detail = r.error or ""
        findings = " ".join(f"{n} {sev}" for sev, n in sorted(r.findings.items()))
        flagged = f"{r.flagged}/{r.fields}" if r.fields else ""
        table.add_row(inert(shown_path(r.path.name)), Text(r.status.value, style=style), str(r.n_tables), flagged, findings,
                      inert(detail))
    if shown:
        console.print(table)
    else:
        console.print(f"{title}: none")
    statuses = Counter(r.status for r in report.results)
    reused = sum(r.reused for r in report.results)
    console.print(
        f"{statuses[FileStatus.ok]} ok, {statuses[FileStatus.failed]} failed"
        # (a text of prose alone read without fault: no failure, yet no file whose tables are in the outputs)
        + (f", {statuses[FileStatus.no_tables]} with no budget table found" if statuses[FileStatus.no_tables] else "")
        + (f" ({reused} unchanged since the last run into this folder: their documents reused)" if reused else "")
        + "; tables by kind: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    flagged, fields = sum(r.flagged for r in report.results), sum(r.fields for r in report.results)
    severities: Counter[str] = Counter()
    for r in report.results:
        severities.update(r.findings)
    console.print(
        f"{flagged} of {fields} fields flagged for review; findings: "
        + (", ".join(f"{n} {s}" for s, n in sorted(severities.items())) or "none")
    )
    for group in report.identical():
        console.print(inert("identical files (same SHA-256, each read as a document of its own): "
                            + " = ".join(shown_path(r.path) for r in group), style="yellow"))
    if report.skipped:
        why = Counter("not a text, PDF or image file" if w.startswith("not read:") else w for _, w in report.skipped)
        console.print(f"skipped {len(report.skipped)}: " + ", ".join(f"{n} {w}" for w, n in sorted(why.items()))
                      + ("" if verbose or len(report.skipped) <= LISTED else f" (the first {LISTED}; all with --verbose "
                                                                              f"and in {verb}.json)"))
        for path, w in report.skipped if verbose else report.skipped[:LISTED]:
            console.print(inert(f"  {shown_path(path)}: {w}", multiline=False))
    usages = [r.llm for r in report.results if r.llm is not None]
    if usages:
        failed_tables = [f"{shown_path(r.path.name)} {t}" for r in report.results if r.llm for t in r.llm.failed_tables]
        console.print(
            f"LLM: {sum(u.tables for u in usages)} tables, {sum(u.requests for u in usages)} requests, "
            f"{sum(u.prompt_tokens for u in usages)} prompt + {sum(u.completion_tokens for u in usages)} completion tokens, "
            f"{sum(u.cached_tables for u in usages)} tables from cache, "
            f"{sum(u.unfound for u in usages)} answered values printed nowhere in the source, {len(failed_tables)} failed"
            + (" (rules reading kept):" if failed_tables else "")
        )
        for line in failed_tables:
            console.print(inert(f"  {line}", style="red", multiline=False))
    if report.broken_corrections:
        console.print(f"failed: {len(report.broken_corrections)} checks fail with a reviewer's correction in them "
                      f"(findings.csv, check review_correction; {verb}.json, corrections_failing):", style="bold red")
        for b in report.broken_corrections:
            console.print(inert(f"  {b['doc']} {b['table_id']} {', '.join(b['fields'])}: {b['message']}",
                                style="yellow", multiline=False))
    if report.llm_failed:
        console.print(inert(f"failed: {report.llm_failed}", style="bold red", multiline=False))
    if report.review:
        r = report.review
        told = []  # the pending items told apart, where the counts above do not tell them
        if n := r["pending_findings"]:  # the flagged fields counted above, and findings to confirm or dismiss
            told.append(f"{r['pending'] - n} fields, {n} finding{'s' if n > 1 else ''}")
        if n := r["pending_elsewhere"]:  # documents an earlier run into OUT read, left out of the counts above
            told.append(f"{n} of documents this {verb} did not read")
        console.print(
            f"review queue {markup_safe(str(r['queue']))}: {r['pending']} pending"
            + (f" ({'; '.join(told)})" if told else "")
            + f", {r['approved'] + r['corrected'] + r['rejected']} decided; "
            f"this {verb}: {r['added']} new, {r['kept']} decisions kept, {r['reopened']} reopened (source changed), "
            f"{r['retired']} no longer flagged, {r['set_aside']} decisions set aside (field not found again) "
            f"— review with `extract review {markup_safe(str(out))}`")
        for line in r["aside"]:  # a decision is never moved to a field that only looks like its own
            console.print(inert(f"  set aside, not applied: {line}", style="yellow", multiline=False))
    csvs = ", ".join(f"{name}.csv" for name, _, _ in TABLES)
    console.print(f"outputs in {markup_safe(str(out))}/ (docs/*.json, {csvs}, {verb}.json, report/index.html)")
