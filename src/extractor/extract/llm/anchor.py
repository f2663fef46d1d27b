"""The table as the model sees it: its grid, every cell labelled with a reference.

A chunk is sent row by row, one line per row, each filled cell written
`R12C3:688.130000` (row 12 of the chunk, its 3rd cell), so that the model can
answer a number, a code or an indicator value by its reference (`R12C3`)
instead of retyping it; the builder copies the cell's text and span from the
source, so such a value is grounded exactly by construction. Rows are numbered
over the whole chunk, so a split table's parts keep stable references, and the
head rows (title, unit line, column headers) are repeated in every part. A
reference cannot be taken for a printed number: it starts with a letter.

The rows are `grid.rows_of`'s, in every layout; space-aligned text is cut into
its tokens (`grid.spaced_rows`: code pieces, a label, glued numbers), where the
print does not delimit its cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...grid import Cell, Layout, detect_layout, rows_of, spaced_rows
from ...lazyre import LazyPattern

# A reference, alone or followed by a text (`R12C3:688.13` as labelled, `R4C2:行政运行` as read).
_REFERENCE = LazyPattern(r"\s*(R\d+C\d+)(?:[:：](.*))?", re.S)


def position(ref: str) -> tuple[int, int]:
    """(row, column) of a reference `RnCm`, as `sheet` numbers them."""
    row, column = ref[1:].split("C")
    return int(row), int(column)


def reference(value: object) -> str | None:
    """The cell reference an answer value is (`R12C3`, or `R12C3:<a text>`), else None."""
    return said(value)[0]


def said(value: object) -> tuple[str | None, str | None]:
    """An answer value as (reference, text): `R4C2:行政运行` is the cell R4C2 read as 行政运行 (a model
    mending the print's OCR damage, or copying the label), `R4C2` the cell as printed (text None),
    a value without a reference (None, value)."""
    if not isinstance(value, str):
        return None, None
    found = _REFERENCE.fullmatch(value)
    if not found:
        return None, value
    return found[1], (found[2].strip() or None) if found[2] is not None else None


@dataclass
class SheetRow:
    """One row of a chunk: its number in the chunk (from 1) and its filled cells by reference."""

    number: int
    cells: dict[str, Cell]

    @property
    def start(self) -> int:
        return min(c.start for c in self.cells.values())

    @property
    def end(self) -> int:
        return max(c.end for c in self.cells.values())

    @property
    def line(self) -> str:
        return "\t".join(f"{ref}:{cell.text}" for ref, cell in self.cells.items())


def sheet(text: str, start: int, end: int) -> list[SheetRow]:
    """The rows of text[start:end] with their references: `RnCm` is the m-th cell (empty cells
    counted, so a blank column shows as a gap) of the n-th row holding a filled cell."""
    layout = detect_layout(text, start, end)
    rows = spaced_rows(text, start, end) if layout is Layout.spaced else rows_of(text, start, end, layout)
    out: list[SheetRow] = []
    for row in rows:
        n = len(out) + 1
        cells = {f"R{n}C{m}": cell for m, cell in enumerate(row.cells, 1) if cell and cell.text}
        if cells:
            out.append(SheetRow(n, cells))
    return out


@dataclass
class Part:
    """What one request shows: the head rows (repeated in every part) and a run of the body's rows."""

    head: list[SheetRow]
    body: list[SheetRow]

    @property
    def text(self) -> str:
        return "\n".join(row.line for row in [*self.head, *self.body])

    @property
    def cells(self) -> dict[str, Cell]:
        """The cells this part shows, by reference: those an answer to it may refer to."""
        return {ref: cell for row in [*self.head, *self.body] for ref, cell in row.cells.items()}

    def halves(self) -> list["Part"] | None:
        if len(self.body) < 2:
            return None
        mid = len(self.body) // 2
        return [Part(self.head, self.body[:mid]), Part(self.head, self.body[mid:])]


def parts(rows: list[SheetRow], rows_start: int, max_chars: int) -> list[Part]:
    """The rows in parts of at most `max_chars` (at least one body row each), cut between rows;
    the rows before `rows_start` (a character offset) are the head every part repeats."""
    head = [r for r in rows if r.start < rows_start]
    body = rows[len(head):]
    whole = Part(head, body)
    if len(whole.text) <= max_chars or not body:
        return [whole]
    room = max(max_chars - len(Part(head, []).text), 200)
    out, run, size = [], [], 0
    for row in body:
        if run and size + len(row.line) + 1 > room:
            out.append(Part(head, run))
            run, size = [], 0
        run.append(row)
        size += len(row.line) + 1
    out.append(Part(head, run))
    return out
