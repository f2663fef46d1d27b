"""Silent loss: a gold value the run lost without saying so.

Definition (issue 16: "gold facts missed with no flag and no finding over
their span"). A gold fact (or gold field) that the prediction missed or read
wrong is **silent** unless one of these holds:

- the predicted value paired with it is flagged for review;
- a place in the source where the fact is printed is covered by the span of a
  flagged field, by a finding's `spans`, by the span of a field a finding names
  in `fields`, or by an entry of a table's `unread` list.

Where a fact is printed: a number at every token of the source that parses
(`numbers.parse_amount`, any of its readings) to the fact's value, or whose
digits are the value's digits (a decimal point lost or misread by the OCR);
a text wherever it occurs with all whitespace ignored (NFKC), else at its best
fuzzy alignment (rapidfuzz, ratio ≥ `pairing.NAME_MATCH`, texts of four
characters or more). The search runs inside the paired table's span when a
table was paired and the fact is found there, else over the text no other
table's span holds: a second printing inside another table is that table's
value (a project's indicator repeated in the next project), and whether the
run read it there says nothing about this one. A fact that cannot be located
at all is silent unless its paired table carries a finding.

A correct fact is never a loss, so never silent.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from enum import Enum
from typing import Iterable, Optional, Sequence, Union

from rapidfuzz import fuzz

from ..grid import CJK
from ..lazyre import LazyPattern
from ..models import Document, Span
from ..numbers import parse_amount
from ..pairing import NAME_MATCH, fmt_number, norm_text
from ..walk import iter_located

# A printed number: digit groups joined by separators, with the stray spaces
# OCR puts next to them (`197. 920000`, `82, 096, 797. 42`).
_NUMBER = LazyPattern(r"\d+(?:\s?[.,;]\s?\d+)*")
_MIN_DIGITS = 4  # shorter digit strings match too much by digits alone
_MIN_FUZZY = 4  # shorter texts are located only exactly
# A cell's edge in the OCR text of a table: a rule (`|`, or a quote, as tesseract reads some rules) or a
# gap of two spaces or more; a line's end too.
_CELL_EDGE = LazyPattern(r"\s{2,}|[|“”\"]")
_WRAP_LINES = 3  # a wrapped cell goes on within this many non-blank lines (other columns' lines fall between)
_MIN_HEAD = 2  # a wrapped text's first piece: shorter heads start too many cells by chance

Printed = Union[float, str]


def significant_digits(value: float) -> str:
    """The significant digits of a value, without the decimal point: 1477.1094 → 14771094."""
    return fmt_number(abs(value)).replace(".", "").strip("0")


def _key(value: float) -> float:
    return round(abs(value), 4)


class SourceIndex:
    """Where values are printed in one document's text (offsets into it)."""

    def __init__(self, text: str):
        self.text = text
        self._by_value: dict[float, list[Span]] = defaultdict(list)
        self._by_digits: dict[str, list[Span]] = defaultdict(list)
        for m in _NUMBER.finditer(text):
            span = Span(start=m.start(), end=m.end())
            parsed = parse_amount(m.group())
            if parsed is not None:
                for value in {parsed.value, *(r.value for r in parsed.alternatives)}:
                    self._by_value[_key(value)].append(span)
            digits = re.sub(r"\D", "", m.group()).strip("0")
            if len(digits) >= _MIN_DIGITS:
                self._by_digits[digits].append(span)
        # the text folded as `norm_text` folds (NFKC, dashes, no whitespace) per character, with each character's offset
        chars, offsets = [], []
        for i, c in enumerate(text):
            for n in norm_text(c):
                chars.append(n)
                offsets.append(i)
        self._compact = "".join(chars)
        self._offsets = offsets
        # the non-blank lines, and on each its cells as the [a, b) range of their folded text, for texts
        # wrapped in their cell
        self._lines: list[Span] = []
        self._cells: list[list[tuple[int, int]]] = []
        start = 0
        for line in text.split("\n"):
            if line.strip():
                self._lines.append(Span(start=start, end=start + len(line)))
                cells, at = [], 0
                for gap in [*_CELL_EDGE.finditer(line), None]:
                    end = gap.start() if gap else len(line)
                    a, b = bisect.bisect_left(offsets, start + at), bisect.bisect_left(offsets, start + end)
                    if a < b:
                        cells.append((a, b))
                    at = gap.end() if gap else at
                self._cells.append(cells)
            start += len(line) + 1
        self._line_starts = [s.start for s in self._lines]

    def places(self, printed: Printed, region: Optional[Span] = None, others: Sequence[Span] = (),
               exact: bool = False, wrapped: bool = False) -> list[Span]:
        """Spans where `printed` (a number, or a text) stands: inside `region` when
        it is found there, else anywhere in the text outside the `others` spans
        (the other tables); [] when nowhere. With `exact`, only where it is printed
        as it is: a number as a token that parses to it, a text whole (whitespace
        and width folded), not by its digits or a fuzzy alignment. With `wrapped`
        (and `exact`), a text also where it is printed wrapped in its cell (`inside`)."""
        if region is not None:
            found = self.inside(printed, region, exact, wrapped)
            if found:
                return found
        return [p for p in self.inside(printed, Span(start=0, end=len(self.text)), exact, wrapped)
                if not any(o.start <= p.start and p.end <= o.end for o in others)]

    def inside(self, printed: Printed, span: Span, exact: bool = False, wrapped: bool = False) -> list[Span]:
        """Spans where `printed` stands inside `span` (`places` without its fall-back to
        the whole text). With `wrapped` and `exact`, a text is also found wrapped in its
        cell, as OCR gives a table's wrapped cell: a head of it ending a cell, then the
        rest in whole cells, the last one starting a cell (its word ends there: no
        Chinese character follows), each within `_WRAP_LINES` non-blank lines of the
        piece before (other columns' text between), every character as printed; the
        span runs from the head to the end of the last piece."""
        if isinstance(printed, (int, float)):
            return self._numbers(printed, span.start, span.end, exact)
        found = self._texts(printed, span.start, span.end, exact)
        if wrapped and exact:
            found = sorted(found + self._wrapped(norm_text(printed), span.start, span.end), key=lambda s: s.start)
        return found

    def lines_around(self, span: Span, lines: int) -> Span:
        """The text from `lines` non-blank lines before `span`'s first line to `lines` after its last."""
        if not self._lines:
            return span
        first = max(bisect.bisect_right(self._line_starts, span.start) - 1 - lines, 0)
        last = min(max(bisect.bisect_right(self._line_starts, span.end - 1) - 1, 0) + lines, len(self._lines) - 1)
        return Span(start=min(self._lines[first].start, span.start), end=max(self._lines[last].end, span.end))

    def _wrapped(self, needle: str, lo: int, hi: int) -> list[Span]:
        out = []
        for line in range(bisect.bisect_left(self._line_starts, lo), len(self._lines)):
            if self._lines[line].end > hi:
                break
            for a, b in self._cells[line]:
                k = self._compact.find(needle[0], a, b - _MIN_HEAD + 1)
                while k >= 0:  # the longest head first
                    head = self._compact[k:b]
                    if len(head) < len(needle) and needle.startswith(head):
                        stop = self._continued(needle[len(head):], line, hi)
                        if stop is not None:
                            out.append(Span(start=self._offsets[k], end=stop))
                            break
                    k = self._compact.find(needle[0], k + 1, b - _MIN_HEAD + 1)
        return out

    def _continued(self, rest: str, line: int, hi: int) -> Optional[int]:
        """Where `rest` ends when printed at the start of cells on the lines after `line` (`inside`), or None."""
        for nxt in range(line + 1, min(line + 1 + _WRAP_LINES, len(self._lines))):
            if self._lines[nxt].end > hi:
                return None
            for a, b in self._cells[nxt]:
                piece = self._compact[a:b]
                if piece.startswith(rest):
                    stop = self._offsets[a + len(rest) - 1] + 1
                    # the text ends its word there: `有效` is not the start of the cell `有效性`
                    if piece == rest or not CJK.match(self.text[stop:stop + 1]):
                        return stop
                elif rest.startswith(piece):
                    stop = self._continued(rest[len(piece):], nxt, hi)
                    if stop is not None:
                        return stop
        return None

    def _numbers(self, value: float, lo: int, hi: int, exact: bool = False) -> list[Span]:
        found = self._by_value.get(_key(value), [])
        digits = significant_digits(value)
        if len(digits) >= _MIN_DIGITS and not exact:
            found = found + self._by_digits.get(digits, [])
        return sorted({(s.start, s.end): s for s in found if lo <= s.start and s.end <= hi}.values(), key=lambda s: s.start)

    def _texts(self, text: str, lo: int, hi: int, exact: bool = False) -> list[Span]:
        needle = norm_text(text)
        if not needle:
            return []
        a, b = bisect.bisect_left(self._offsets, lo), bisect.bisect_left(self._offsets, hi)
        hay = self._compact[a:b]
        out, k = [], hay.find(needle)
        while k >= 0:
            # a text with a figure at an end is no piece of a longer number (`1年` inside `2021年度`)
            if not (needle[0].isdigit() and k > 0 and hay[k - 1].isdigit()
                    or needle[-1].isdigit() and k + len(needle) < len(hay) and hay[k + len(needle)].isdigit()):
                out.append(self._span(a + k, a + k + len(needle)))
            k = hay.find(needle, k + 1)
        if out or exact or not _MIN_FUZZY <= len(needle) <= len(hay):
            return out
        best = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=NAME_MATCH)
        if best is None or best.dest_end <= best.dest_start:
            return []
        return [self._span(a + best.dest_start, a + best.dest_end)]

    def _span(self, i: int, j: int) -> Span:
        return Span(start=self._offsets[i], end=self._offsets[j - 1] + 1)


class Coverage:
    """What a run said about the source: the spans it flagged or reported, and the
    tables that carry a finding."""

    def __init__(self, doc: Document):
        located = dict(iter_located(doc))
        spans = [v.span for v in located.values() if v.flagged and v.span is not None]
        spans += [u.span for t in doc.tables for u in t.unread if u.span is not None]
        self._tables: set[str] = set()
        for f in doc.findings:
            spans += f.spans
            spans += [located[p].span for p in f.fields if p in located and located[p].span is not None]
            self._tables.add(f.table_id)
            self._tables.update(p.split(".", 1)[0] for p in f.fields)
        merged: list[list[int]] = []
        for s in sorted(spans, key=lambda s: s.start):
            if merged and s.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], s.end)
            else:
                merged.append([s.start, s.end])
        self._starts = [m[0] for m in merged]
        self._merged = merged

    def covers(self, span: Span) -> bool:
        """Whether any flagged or reported span overlaps `span`."""
        i = bisect.bisect_right(self._starts, span.end - 1) - 1  # last interval starting inside or before
        return i >= 0 and self._merged[i][1] > span.start

    def has_finding(self, table_id: Optional[str]) -> bool:
        return table_id is not None and table_id in self._tables


class Cover(str, Enum):
    """What reports a lost gold value (`cover`)."""

    flag = "flag"  # the predicted value paired with it is flagged
    place = "place"  # a flagged field, a finding or an unread entry over a place it is printed
    table = "table"  # not found in the source text at all: only a finding on its table covers it
    none = "none"  # nothing: a silent loss


def cover(
    printed: Iterable[Printed],
    region: Optional[Span],
    table_id: Optional[str],
    flagged: bool,
    index: SourceIndex,
    coverage: Coverage,
    others: Sequence[Span] = (),
    heading: Optional[Span] = None,
) -> Cover:
    """What reports a lost (missed or wrong) gold value (module docstring); `Cover.none`
    is a silent loss. `printed`: the value as numbers and/or texts to locate (e.g. an
    indicator's 三级指标 and its value); `region`: the paired table's span, None when no
    table was paired; `table_id`: the paired table; `flagged`: the paired predicted
    value is flagged; `others`: the spans of the document's other tables, whose
    printings are not this fact's. `Cover.table` is the weakest: the value's text is
    not found (OCR destroyed it), so only the finding its table carries (any: unread
    cells, a missing name) says something there is wrong; with no table paired, a finding
    over the `heading` its table is printed under (`表4`: no table read under it) says so."""
    if flagged:
        return Cover.flag
    places = [p for v in printed if v is not None and v != "" for p in index.places(v, region, others)]
    if places:
        return Cover.place if any(coverage.covers(p) for p in places) else Cover.none
    if coverage.has_finding(table_id) or table_id is None and heading is not None and coverage.covers(heading):
        return Cover.table
    return Cover.none


def silent_counts(silent: Sequence[bool], total: int) -> dict:
    """`{"silent", "silent_rate"}`: how many of `silent` (one bool per gold value) hold, and their share of `total` gold values."""
    n = sum(silent)
    return {"silent": n, "silent_rate": round(n / total, 4) if total else 0.0}
