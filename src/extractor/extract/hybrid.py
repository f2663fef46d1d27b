"""The `hybrid` backend: read each table with both backends and compare them field by field.

The rules reading is the base (it is the more accurate one on the layouts it
knows). Paired fields (`extractor.pairing`) that agree are marked `agreed`,
which settles placement and repair doubts in the post-checks; a field whose
LLM value differs and is found in the source gets `backend_disagreement` and
both candidates for the reviewer. An LLM value that cannot be found in the
source is likely invented: it neither confirms nor disputes. When one backend
could not read the table, the other's reading stands: a failed LLM request
leaves the rules table with a warning; an empty rules table is replaced by the
LLM's, every field flagged `single_backend`.
"""

from __future__ import annotations

from typing import Optional

from pydantic import TypeAdapter

from ..walk import iter_table
from ..models import NarrativeBlock, Reason, Table
from ..pairing import FieldType, canon_indicator, fmt_number, pair_tables, present, same
from .llm import LLMReading

_TABLE = TypeAdapter(Table)


def _shown(value: dict, ftype: FieldType) -> str:
    if ftype is FieldType.amount:
        return fmt_number(value.get("value"))
    if ftype is FieldType.indicator_value:
        return canon_indicator(value)
    return value.get("value") or ""


def _has_body(table: Table) -> bool:
    return not isinstance(table, NarrativeBlock) and any(True for _ in iter_table(table))


def merge(rules: Table, reading: LLMReading) -> Table:
    if reading.table is None:
        table = rules.model_copy(update={"backend": "rules"})
        table.warnings = [*rules.warnings, f"LLM reading failed ({reading.error or 'no answer'}): rules reading only"]
        return table
    if not _has_body(rules) and _has_body(reading.table):
        table = reading.table.model_copy(deep=True)
        for _, obj in iter_table(table):
            obj.reasons.append(Reason.single_backend)
        table.warnings.append("the rules backend read nothing here: LLM reading only")
        return table

    left = rules.model_dump(mode="json")
    right = reading.table.model_dump(mode="json")
    units = (left.get("unit"), right.get("unit"))

    def visit(key: str, ftype: FieldType, mine: Optional[dict], theirs: Optional[dict], level: bool) -> None:
        if not (present(mine, ftype) and present(theirs, ftype)):
            return
        if same(mine, theirs, ftype, *units, level):
            mine["agreed"] = True
        elif theirs.get("span") is not None:
            mine["reasons"].append(Reason.backend_disagreement.value)
            mine["candidates"] = [
                {"source": "rules", "value": _shown(mine, ftype), "span": mine.get("span")},
                {"source": "llm", "value": _shown(theirs, ftype), "span": theirs.get("span")},
            ]

    pair_tables(left, right, visit)
    left["backend"] = "hybrid"
    return _TABLE.validate_python(left)
