"""Align what the LLM returned to a span of the source text.

Tried in order: the exact string; the string with whitespace removed and
full/half-width folded (OCR splits `1477. 109400`, the model writes it whole);
for numbers, any printed number of the same value (the model drops trailing
zeros); then a fuzzy match (rapidfuzz), which may differ from the source in
characters (the model mends an OCR typo) but not in digits: a code or amount the
source does not print is invented, however close. A value found none of these
ways is `unaligned`: the model probably invented it. Offsets are character (code
point) offsets into the whole document, as every other span.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ...lazyre import LazyPattern
from ...models import Span
from ...numbers import parse_amount

FUZZY_MIN = 85  # partial_ratio of a fuzzy alignment: one wrong character in seven
_FUZZY_MIN_CHARS = 4  # shorter strings match almost anywhere
# A printed number, with the single space OCR puts beside a separator (`197. 920000`, `82, 096, 797. 42`)
# but not the run of spaces between two columns of space-aligned text.
_NUMBER = LazyPattern(r"[-+]?\d+(?: ?[.,] ?\d+)*%?")
_DIGIT = LazyPattern(r"\d")
# The prompt asks for ≥/≤; OCR prints them as 》= / 《= / >= / <=.
_OPERATOR_VARIANTS = (("≥", ("》=", ">=", "≥=")), ("≤", ("《=", "<=")))


@dataclass
class Alignment:
    span: Span
    raw: str  # the source text at the span


def _fold(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", ch) if not c.isspace())


class Grounder:
    """Finds values inside text[start:end] of one document."""

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        compact, where = [], []
        for i in range(start, end):
            for c in _fold(text[i]):
                compact.append(c)
                where.append(i)
        self._compact, self._where = "".join(compact), where
        self._numbers: list[tuple[int, int, float]] | None = None

    def _at(self, start: int, end: int) -> Alignment:
        return Alignment(Span(start=start, end=end), self.text[start:end])

    @staticmethod
    def _nearest(starts: list[int], near: int | None) -> int:
        if near is None:
            return starts[0]
        after = [s for s in starts if s >= near]
        return after[0] if after else max(starts)

    def find_text(self, value: str, near: int | None = None) -> Alignment | None:
        value = value.strip()
        if not value:
            return None
        for variant in self._variants(value):
            hit = self._exact(variant, near) or self._folded(variant, near)
            if hit:
                return hit
        return self._fuzzy(value)

    @staticmethod
    def _variants(value: str) -> list[str]:
        out = [value]
        for op, printed in _OPERATOR_VARIANTS:
            if op in value:
                out += [value.replace(op, p) for p in printed]
        return out

    def _exact(self, value: str, near: int | None) -> Alignment | None:
        starts, i = [], self.text.find(value, self.start, self.end)
        while i >= 0 and len(starts) < 50:
            starts.append(i)
            i = self.text.find(value, i + 1, self.end)
        if not starts:
            return None
        s = self._nearest(starts, near)
        return self._at(s, s + len(value))

    def _folded(self, value: str, near: int | None) -> Alignment | None:
        folded = "".join(_fold(c) for c in value)
        if not folded:
            return None
        starts, i = [], self._compact.find(folded)
        while i >= 0 and len(starts) < 50:
            starts.append(i)
            i = self._compact.find(folded, i + 1)
        if not starts:
            return None
        by_source = {self._where[s]: s for s in starts}
        s = by_source[self._nearest(sorted(by_source), near)]
        return self._at(self._where[s], self._where[s + len(folded) - 1] + 1)

    def _fuzzy(self, value: str) -> Alignment | None:
        folded = "".join(_fold(c) for c in value)
        if len(folded) < _FUZZY_MIN_CHARS or not self._compact:
            return None
        hit = fuzz.partial_ratio_alignment(folded, self._compact, score_cutoff=FUZZY_MIN)
        if hit is None or hit.dest_end <= hit.dest_start:
            return None
        # partial_ratio keeps the value's length and takes the first best window:
        # move each border up to two characters to fit the printed text best.
        n = len(self._compact)
        windows = [
            (Levenshtein.distance(folded, self._compact[s:e]), abs(e - s - len(folded)), abs(s - hit.dest_start), s, e)
            for s in range(max(0, hit.dest_start - 2), min(n, hit.dest_start + 3))
            for e in range(max(s + 1, hit.dest_end - 2), min(n, hit.dest_end + 2) + 1)
        ]
        *_, s, e = min(windows)
        if _DIGIT.findall(folded) != _DIGIT.findall(self._compact[s:e]):
            return None
        return self._at(self._where[s], self._where[e - 1] + 1)

    def find_number(self, printed: str, near: int | None = None) -> Alignment | None:
        """A printed number with the same value as `printed`, nearest after `near`."""
        parsed = parse_amount(printed)
        if parsed is None or parsed.value is None:
            return self.find_text(printed, near)
        if self._numbers is None:
            self._numbers = []
            for m in _NUMBER.finditer(self.text, self.start, self.end):
                p = parse_amount(m.group())
                if p is not None and p.value is not None:
                    self._numbers.append((m.start(), m.end(), p.value))
        same = [(s, e) for s, e, v in self._numbers if math.isclose(v, parsed.value, rel_tol=1e-9, abs_tol=1e-9)]
        if not same:
            return self.find_text(printed, near)
        ends = dict(same)
        s = self._nearest(sorted(ends), near)
        return self._at(s, ends[s])
