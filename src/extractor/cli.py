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


@app.command()
def run(
    inputs: List[Path] = typer.Argument(..., help="Files or folders (.txt/.md, searched recursively)"),
    out: Path = typer.Option(Path("out"), "-o", "--out", help="Output folder"),
    backend: str = typer.Option("rules", "--backend", help="Extraction backend: rules"),
    max_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-mb", help="Refuse files larger than this (MB)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
) -> None:
    """Extract every table of every document into OUT (JSON per document, CSVs, run.json)."""
    if backend != "rules":
        typer.echo(f"error: unknown backend {backend!r} (available: rules)", err=True)
        raise typer.Exit(2)
    from .api import run as run_batch
    from .report import RunProgress, print_summary

    with RunProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        report = run_batch(
            inputs, out, max_bytes=int(max_mb * 1024 * 1024), on_start=progress.start, on_file=progress.advance
        )
    if not report.results:
        typer.echo("error: no .txt or .md files found in the inputs", err=True)
        raise typer.Exit(2)
    if not quiet:
        print_summary(report, out)
    raise typer.Exit(0 if report.ok else 1)


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
