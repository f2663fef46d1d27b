"""What every reader (rules, LLM, hybrid) takes from a chunk: table fields, unit,
row kinds by code, and label decorations."""

from __future__ import annotations

from functools import lru_cache

from ..codes import is_subject_code
from ..lazyre import LazyPattern
from ..models import RowKind
from ..numbers import clean_text
from ..segment import Chunk
from ..vocabulary import NUMBERING

DEFAULT_UNIT = "万元"  # domain.md: amounts are in 万元 unless the table says otherwise


def unit_of(chunk: Chunk) -> str:
    return chunk.unit or DEFAULT_UNIT


def table_fields(chunk: Chunk) -> dict:
    """The fields every table model takes from its chunk."""
    return {
        "id": chunk.id,
        "kind": chunk.kind,
        "kind_score": chunk.kind_score,
        "label": chunk.label,
        "title": chunk.title,
        "unit": unit_of(chunk),
        "span": {"start": chunk.start, "end": chunk.end},
        "header_end": chunk.header_end,
    }


def row_kind_of_code(code: str) -> RowKind:
    """A subject row (类/款/项 code) or a budget-unit row (010, 010001, 315001), by the code's shape."""
    return RowKind.subject if is_subject_code(code) else RowKind.unit


_DECORATION = LazyPattern(r"[(（]\s*(必填|选填)[^)）]*[)）]?")


@lru_cache(maxsize=16384)  # (a form prints the same level names in every tree)
def strip_decoration(text: str) -> str:
    """`1-产出指标` → 产出指标, `数量指标（必填硬性指标）` → 数量指标."""
    text = _DECORATION.sub("", clean_text(text))
    return NUMBERING.sub("", text).strip()
