"""`extract` command line: a thin shell over `extractor.api`.

Heavy imports (pydantic models, rich progress) happen inside commands so that
`extract --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

# Plain click help: typer's rich help formatting alone costs ~0.15 s at start-up.
os.environ.setdefault("TYPER_USE_RICH", "0")

import typer  # noqa: E402

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Extract checked data from OCR text of Chinese government budget disclosures.",
)

DEFAULT_MAX_MB = 20.0
FLAG_BELOW = 0.8  # = extractor.confidence.FLAG_BELOW; a test keeps them equal (importing it here costs start-up time)


@app.command()
def run(
    inputs: List[Path] = typer.Argument(..., help="Files or folders (.txt/.md, searched recursively)"),
    out: Path = typer.Option(Path("out"), "-o", "--out", help="Output folder"),
    backend: str = typer.Option("rules", "--backend", help="Extraction backend: rules"),
    max_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-mb", help="Refuse files larger than this (MB)"),
    flag_below: float = typer.Option(FLAG_BELOW, "--flag-below", help="Flag fields whose confidence is below this"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
) -> None:
    """Extract and check every table of every document into OUT (JSON per document, CSVs, run.json)."""
    if backend != "rules":
        typer.echo(f"error: unknown backend {backend!r} (available: rules)", err=True)
        raise typer.Exit(2)
    from .api import run as run_batch
    from .report import RunProgress, print_summary

    with RunProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        report = run_batch(
            inputs, out, max_bytes=int(max_mb * 1024 * 1024), flag_below=flag_below,
            on_start=progress.start, on_file=progress.advance,
        )
    if not report.results:
        typer.echo("error: no .txt or .md files found in the inputs", err=True)
        raise typer.Exit(2)
    if not quiet:
        print_summary(report, out)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def check(
    out: Path = typer.Argument(..., help="Output folder of an earlier `extract run`"),
    flag_below: float = typer.Option(FLAG_BELOW, "--flag-below", help="Flag fields whose confidence is below this"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
) -> None:
    """Re-run the post-checks on OUT/docs/*.json and rewrite the CSVs (after a new code list or threshold)."""
    from .api import recheck
    from .report import RunProgress, print_summary

    if not (out / "docs").is_dir():
        typer.echo(f"error: {out}/docs not found: run `extract run ... -o {out}` first", err=True)
        raise typer.Exit(2)
    with RunProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        report = recheck(out, flag_below=flag_below, on_start=progress.start, on_file=progress.advance)
    if not quiet:
        print_summary(report, out, verb="check")
    raise typer.Exit(0 if report.ok else 1)


@app.command("eval")
def eval_(
    fixtures: Path = typer.Argument(Path("eval/fixtures"), help="Folder of *.gold.json files (each names its source text)"),
    backend: str = typer.Option("rules", "--backend", help="Extraction backend to score: rules"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="An earlier report JSON to compare with"),
    reports: Path = typer.Option(Path("eval/reports"), "--reports", help="Folder for the JSON and Markdown reports"),
    flag_below: float = typer.Option(FLAG_BELOW, "--flag-below", help="Flag fields whose confidence is below this"),
) -> None:
    """Score a backend against hand-labelled gold: F1 by table kind and field type, flag capture, review load."""
    import json

    from rich.console import Console

    from .evaluate import FixtureError, evaluate
    from .evaluate.report import as_dict, diff, render, write

    if backend != "rules":
        typer.echo(f"error: unknown backend {backend!r} (available: rules)", err=True)
        raise typer.Exit(2)
    old = None
    if baseline is not None:
        try:
            old = json.loads(baseline.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            typer.echo(f"error: cannot read baseline {baseline}: {exc}", err=True)
            raise typer.Exit(2)
    try:
        result = evaluate(fixtures, backend, flag_below)
    except FixtureError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    report = as_dict(result)
    render(report, Console())
    json_path, md_path = write(report, reports)
    typer.echo(f"report: {json_path} and {md_path}")
    if old is not None:
        typer.echo("\n".join(diff(report, old)))


@app.command()
def codes(
    import_file: Optional[Path] = typer.Option(None, "--import", help="CSV with a code and a name column to use from now on"),
    scheme: str = typer.Option("function", "--scheme", help="Which list the file replaces: function or economic"),
    edition: str = typer.Option("", "--edition", help="Edition year recorded with the imported rows"),
) -> None:
    """Show the classification lists in use, or install an official edition with --import."""
    from .check.codes import CodeList, CodeListError, Scheme, import_codes, user_codes_dir

    if import_file is not None:
        if scheme not in Scheme.__members__:
            typer.echo(f"error: --scheme must be function or economic, not {scheme!r}", err=True)
            raise typer.Exit(2)
        try:
            path, n = import_codes(import_file, Scheme(scheme), edition)
        except (CodeListError, OSError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
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


def main(argv: Optional[list[str]] = None) -> None:
    app(args=argv)


if __name__ == "__main__":
    main()
