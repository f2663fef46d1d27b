"""Field labels of the performance forms, matched with OCR tolerance.

A form prints a label (项目名称, 年度预算收入(万元), 年初预算数 …) in a cell, often
glued to its value (`部门名称中宁县司法局`), garbled by OCR (`项日名杯`) or
stacked over several lines (`部门` / `名称` / `及代码`). A `Vocabulary` maps
every variant a province prints to one key and finds it at the start of a
cell's text by rapidfuzz ratio, after folding the characters tesseract
confuses in these labels (domain.md, "OCR noise"), so both sides compare in
the same alphabet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ...numbers import clean_text

# Characters tesseract reads for one another in the forms' labels (目/日,
# 称/杯/和, 部/站/都, 拨/拔, 职/耿, 绩/纳, 务/各, 值/伍), folded to one.
_CONFUSIONS = str.maketrans({
    "日": "目", "杯": "称", "和": "称", "站": "部", "都": "部", "拔": "拨", "耿": "职", "纳": "绩",
    "各": "务", "伍": "值", "〈": "(", "<": "(", "《": "(", "〉": ")", ">": ")", "》": ")", "（": "(", "）": ")",
})
_DROP = re.compile(r"[\s:：;；|｜·.,，、。'\"“”‘’_\-—]")


def fold(text: str) -> str:
    """A label's text as matched: NFKC, no whitespace or punctuation, OCR confusions folded."""
    return _DROP.sub("", clean_text(text)).translate(_CONFUSIONS)


@dataclass(frozen=True)
class Hit:
    """A label found at the start of a text: its key, the rapidfuzz ratio (0-100),
    and how many characters of the folded text it took (the rest is its value)."""

    key: str
    score: float
    length: int


class Vocabulary:
    """Label variants by key. `match` finds the best variant at the start of a text.

    `entries`: key → variants as printed (with and without a bracketed note
    such as (万元) where forms differ).
    `threshold`: the lowest ratio accepted; short variants (≤ 3 characters)
    must match exactly, one OCR error in a two-character word being a different word.
    """

    def __init__(self, entries: dict[str, list[str]], threshold: float = 75):
        self.threshold = threshold
        self._variants = [(key, fold(v)) for key, variants in entries.items() for v in variants]

    def match(self, text: str, whole: bool = False) -> Hit | None:
        """The label at the start of `text` (the whole text with `whole`), or None."""
        return self._match(fold(text), whole)

    @lru_cache(maxsize=8192)
    def _match(self, folded: str, whole: bool) -> Hit | None:
        best: Hit | None = None
        if not folded:
            return None
        for key, variant in self._variants:
            n = len(variant)
            lengths = [len(folded)] if whole else [m for m in (n - 1, n, n + 1) if 0 < m <= len(folded)]
            if not lengths and len(folded) >= 4:
                lengths = [len(folded)]  # a label cut short (`其中：当年财政` for 其中：当年财政拨款)
            for m in lengths:
                head = folded[:m]
                if n <= 3:
                    score = 100.0 if head == variant else 0.0
                else:
                    score = fuzz.ratio(head, variant)
                if score >= self.threshold and (best is None or (score, n) > (best.score, best.length)):
                    best = Hit(key, score, m)
        return best

    def __hash__(self) -> int:
        return id(self)


def value_start(raw: str, hit: Hit) -> int:
    """Offset in `raw` where the text after a label found by `match` begins
    (past the separators that follow it)."""
    kept = 0
    for i, ch in enumerate(raw):
        if kept == hit.length and not _DROP.match(clean_text(ch) or " "):
            return i
        if not _DROP.match(clean_text(ch) or " "):
            kept += 1
    return len(raw)


def stacked(parts: list[str], vocabulary: Vocabulary) -> Hit | None:
    """A label printed down several lines (`部门` / `名称` / `及代码`): the
    parts joined and matched whole, else None."""
    return vocabulary.match("".join(parts), whole=True) if len(parts) > 1 else None
