"""Field-level scoring of extracted documents against hand-labelled gold.

Both sides are document JSON (the gold files use the product's own schema), so
saved outputs can be scored as well as fresh runs. Tables, rows and fields are
paired by `extractor.pairing`; a field is one labelled value, correct when it
equals the gold value under its type's rule (`pairing.same`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional, Union

from ..models import Document, Span
from ..pairing import FieldType, canon_indicator, fmt_number, match_tables, pair_tables, present, same, scored_tables
from .silent import Cover, Coverage, SourceIndex, cover


class Outcome(str, Enum):
    correct = "correct"
    wrong = "wrong"  # both sides have a value and they differ
    missed = "missed"  # gold has a value, the prediction does not
    spurious = "spurious"  # the prediction has a value gold does not


@dataclass
class Scored:
    """One labelled field, paired with the predicted value (if any)."""

    doc: str
    table: str  # gold table id, or the predicted id for an unmatched table
    table_kind: str
    key: str  # stable within the document: table / row or indicator / field
    field_type: FieldType
    outcome: Outcome
    gold: Optional[str] = None
    pred: Optional[str] = None
    flagged: bool = False
    ambiguous: Optional[str] = None  # gold marks the cell as genuinely ambiguous
    printed: Union[float, str, None] = None  # the gold value to look for in the source: an amount, else the raw text
    region: Optional[Span] = None  # the gold table's span
    pred_table: Optional[str] = None  # the predicted table paired with the gold one
    silent: Optional[bool] = None  # a lost field nothing reports (`silent.cover`); None when not classified


@dataclass
class TableMatch:
    doc: str
    gold_id: Optional[str]
    pred_id: Optional[str]
    gold_kind: Optional[str]
    pred_kind: Optional[str]


@dataclass
class DocScore:
    doc: str
    fields: list[Scored] = field(default_factory=list)
    tables: list[TableMatch] = field(default_factory=list)


def show(value: Any, ftype: FieldType) -> Optional[str]:
    if value is None:
        return None
    if ftype is FieldType.amount:
        return value.get("raw") or fmt_number(value.get("value"))
    if ftype is FieldType.indicator_value:
        return value.get("raw") or canon_indicator(value)
    return value.get("value")


def _printed(value: dict, ftype: FieldType) -> Union[float, str, None]:
    return value.get("value") if ftype is FieldType.amount else value.get("raw") or value.get("value")


def _scorer(doc: str, table: str, kind: str, gold_unit, pred_unit, out: list[Scored], region=None, pred_table=None):
    def visit(key: str, ftype: FieldType, gold: Optional[dict], pred: Optional[dict], level: bool) -> None:
        has_g, has_p = present(gold, ftype), present(pred, ftype)
        if has_g and has_p:
            ok = same(gold, pred, ftype, gold_unit, pred_unit, level)
            outcome = Outcome.correct if ok else Outcome.wrong
        else:
            outcome = Outcome.missed if has_g else Outcome.spurious
        out.append(
            Scored(
                doc, table, kind, key, ftype, outcome,
                gold=show(gold, ftype) if has_g else None,
                pred=show(pred, ftype) if has_p else None,
                flagged=bool(has_p and pred.get("flagged")),
                ambiguous=(gold or {}).get("ambiguous") if has_g else None,
                printed=_printed(gold, ftype) if has_g else None,
                region=region, pred_table=pred_table,
            )
        )

    return visit


def score_document(gold: dict, pred: dict) -> DocScore:
    result = DocScore(gold["doc"])
    for g, p in match_tables(scored_tables(gold), scored_tables(pred)):
        get = lambda t, k: None if t is None else t.get(k)  # noqa: E731
        result.tables.append(TableMatch(gold["doc"], get(g, "id"), get(p, "id"), get(g, "kind"), get(p, "kind")))
        ref = g or p
        label = ref.get("label") or ref.get("title") or ""
        table = f"{ref['id']} {label}".strip() if g is not None else f"(extra {ref['id']}) {label}".strip()
        region = Span(**g["span"]) if g is not None else None
        visit = _scorer(gold["doc"], table, ref["kind"], get(g, "unit"), get(p, "unit"), result.fields, region, get(p, "id"))
        pair_tables(g, p, visit)
    return result


def mark_silent(score: DocScore, text: str, doc: Document) -> None:
    """Classify every missed or wrong field with a clear gold value as a silent
    loss or not (`silent.cover`), looking for the gold value in `text` (the
    source the gold was labelled on) inside the gold table's span."""
    index, coverage = SourceIndex(text), Coverage(doc)
    for row in score.fields:
        if row.outcome in (Outcome.missed, Outcome.wrong) and not row.ambiguous:
            row.silent = cover([row.printed], row.region, row.pred_table, row.flagged, index, coverage) is Cover.none
