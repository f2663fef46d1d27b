"""The `hybrid` backend: read each table with both backends, compare them field by field, and add what only the LLM read.

The rules reading is the base (it is the more accurate one on the layouts it
knows). Paired fields (`extractor.pairing`) that agree are marked `agreed`,
which settles placement and repair doubts in the post-checks. A field whose
LLM value differs and is found in the source gets `backend_disagreement` and
both candidates for the reviewer; the value that stands is the rules one,
unless the rules reading already doubted it (below `FLAG_BELOW`: damaged OCR,
a repair) or most of its table (`_DAMAGED_SHARE`: a damaged page), or the LLM
read the same cell as a number one digit apart (`llm_corrected`: an OCR slip
read through), when the LLM's stands. An LLM value that cannot be found in the
source is likely invented: against a sure rules value it neither confirms nor
disputes; against a doubted one it is a reading through the damage, and stands
(flagged) at the rules value's place.

Additive: a row, an indicator, a fund line or a field that only the LLM read,
with at least one of its values found in the source (any, on a damaged page),
is added to the rules reading, every value flagged `single_backend`, and then
goes through the same post-checks as the rest; on a damaged page, an LLM row
and a rules row that pair with nothing between the same paired neighbours
are one row read twice (`_by_order`): the LLM's values stand, flagged, with
the rules' as candidates. When one backend could not read the table, the
other's reading stands: a failed LLM request leaves the rules table with a
warning; an empty rules table is replaced by the LLM's, every field flagged
`single_backend`.
"""

from __future__ import annotations

from typing import Optional

from pydantic import TypeAdapter

from ..confidence import FLAG_BELOW, confidence
from ..models import NarrativeBlock, Reason, Table
from ..pairing import BODIES, FieldType, canon_indicator, fmt_number, pair_items, pair_lines, pair_tables, present, same
from ..walk import iter_fields, iter_table
from .reader import TableReading

_TABLE = TypeAdapter(Table)


def _shown(value: dict, ftype: FieldType) -> str:
    if ftype is FieldType.amount:
        return fmt_number(value.get("value"))
    if ftype is FieldType.indicator_value:
        return canon_indicator(value)
    return value.get("value") or ""


def _has_body(table: Table) -> bool:
    return not isinstance(table, NarrativeBlock) and any(True for _ in iter_fields(table))


def merge(rules: Table, reading: TableReading) -> Table:
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
    attr = BODIES.get(left["kind"])
    sure = [_sure(v) for v in _values(left[attr] if attr else left["lines"])]
    damaged = sure.count(False) >= _DAMAGED_SHARE * len(sure) > 0

    def visit(key: str, ftype: FieldType, mine: Optional[dict], theirs: Optional[dict], level: bool) -> None:
        if not (present(mine, ftype) and present(theirs, ftype)):
            return
        if same(mine, theirs, ftype, *units, level):
            mine["agreed"] = True
            return
        grounded = _grounded(theirs)
        # an LLM number mended at the rules value's own cell (`llm_corrected`: a digit of the print
        # read through OCR damage) doubts the print the rules read
        doubted = damaged or not _sure(mine) or Reason.llm_corrected.value in theirs["reasons"]
        if not (grounded or doubted):
            return  # an LLM value found nowhere against a sure rules value: likely invented
        _dispute(mine, theirs, (_shown(mine, ftype), _shown(theirs, ftype)), take=doubted)

    pair_tables(left, right, visit)  # before the additions: an added value must not count as agreed
    added = _complete(left[attr], right[attr], damaged) if attr else _complete(left, right, damaged)
    if added:
        left["warnings"].append(f"{added} value(s) only the LLM read were added, flagged single_backend")
    left["backend"] = "hybrid"
    return _TABLE.validate_python(left)


# A table whose rules reading doubts this share of its values was read from a damaged page (OCR): none
# of its readings is sure. Clean text and good OCR stay far below (seeds and eval/dev: 2-3 % flagged).
_DAMAGED_SHARE = 0.25
_VERDICT = ("reasons", "confidence", "candidates", "agreed")  # a value's review state, not its reading
_LISTS = ("lines", "amounts", "indicators", "funds", "key_tasks", "spending_plan")


def _sure(value: dict) -> bool:
    """Whether the rules reading is sure of a dumped value (its reasons leave it above `FLAG_BELOW`)."""
    return confidence([Reason(r) for r in value["reasons"]]) >= FLAG_BELOW


def _grounded(value: dict) -> bool:
    """Whether the builder found a dumped LLM value in the source (an item's other part
    not found, as a milestone's label, leaves it `unaligned` though it has a span)."""
    return value.get("span") is not None and Reason.unaligned.value not in value["reasons"]


def _located(value) -> bool:
    return isinstance(value, dict) and "raw" in value and "reasons" in value


def _values(obj) -> list[dict]:
    """The located values inside a dumped item (a row, an indicator…), nested ones included."""
    if _located(obj):
        return [obj]
    if isinstance(obj, dict):
        return [v for x in obj.values() for v in _values(x)]
    if isinstance(obj, list):
        return [v for x in obj for v in _values(x)]
    return []


def _pairs(name: str, mine: list[dict], theirs: list[dict]) -> list[tuple[Optional[dict], Optional[dict]]]:
    if name == "lines":
        return pair_lines(mine, theirs)
    if name == "amounts":
        by_column = {c["column"]: c for c in mine}
        return [(by_column.get(c["column"]), c) for c in theirs]
    if name == "funds":
        # as `pair_tables` pairs them: fund lines with an amount apart from the amount-less headings, so
        # that an LLM line is never merged into a heading whose name it was not compared with (two OCR-glued
        # heading names taking the amount of the LLM's line and keeping the glued name, unflagged)
        def split(items):
            return ([f for f in items if present(f.get("amount"), FieldType.amount)],
                    [f for f in items if not present(f.get("amount"), FieldType.amount)])
        (mine_a, mine_h), (theirs_a, theirs_h) = split(mine), split(theirs)
        return pair_items(name, mine_a, theirs_a) + pair_items(name, mine_h, theirs_h)
    return pair_items(name, mine, theirs)


def _complete(mine: dict, theirs: dict, damaged: bool) -> int:
    """Add to `mine` (a dumped rules body or item) the fields and list items only `theirs`
    (the LLM's) holds, when grounded (an item: one of its values), or when the page is
    `damaged` (the LLM read through it); returns how many values were added."""
    added = 0
    for name, value in theirs.items():
        if name in _LISTS and isinstance(value, list):
            added += _merge_items(mine, name, value, damaged, lambda m, t: _complete(m, t, damaged))
        elif _located(value) and mine.get(name) is None and (damaged or _grounded(value)):
            mine[name] = value
            added += _flag(value)
    return added


def _merge_items(mine: dict, name: str, items: list[dict], damaged: bool, both) -> int:
    """`theirs`' items of the list `name` into `mine`'s: a pair goes to `both(rules item, LLM item)`;
    an item only the LLM read is added, flagged, when one of its values is grounded or the page is
    `damaged`, where a row read twice with a garbled key is first found by order (`_by_order`; not
    among amounts, which are their columns); returns how many values changed."""
    pairs = _pairs(name, mine.setdefault(name, []), items)
    changed = 0
    if damaged and name != "amounts":
        pairs, garbled = _by_order(pairs, mine[name], items)
        changed += sum(_replace(m, t) for m, t in garbled)
    for m, t in pairs:
        if t is None:
            continue
        if m is not None:
            changed += both(m, t)
        elif damaged or any(map(_grounded, _values(t))):
            mine[name].append(t)
            changed += _flag(t)
    return changed


def _by_order(pairs: list, mine: list[dict], theirs: list[dict]) -> tuple[list, list]:
    """On a damaged page, an LLM item paired with nothing and a rules item paired with nothing that
    stand between the same paired neighbours are one row read twice (its key garbled by the OCR):
    (the other pairs, those (rules, LLM) pairs)."""
    at_mine = {id(x): k for k, x in enumerate(mine)}
    partner = {id(t): at_mine[id(m)] for m, t in pairs if m is not None and t is not None}
    lone = sorted((at_mine[id(m)], m) for m, t in pairs if t is None and m is not None)
    alone = {id(t) for m, t in pairs if m is None and t is not None}
    garbled, used = [], set()
    for k, t in enumerate(theirs):
        if id(t) not in alone:
            continue
        low = max((partner[id(x)] for x in theirs[:k] if id(x) in partner), default=-1)
        high = min((partner[id(x)] for x in theirs[k + 1:] if id(x) in partner), default=len(mine))
        match = next((m for j, m in lone if low < j < high and j not in used), None)
        if match is not None:
            used.add(at_mine[id(match)])
            garbled.append((match, t))
    matched = {id(t) for _, t in garbled} | {id(m) for m, _ in garbled}
    rest = [(m, t) for m, t in pairs if id(m) not in matched and id(t) not in matched]
    return rest, garbled


def _replace(mine: dict, theirs: dict) -> int:
    """The LLM's reading of a row whose rules reading came out garbled: its values stand, each
    flagged with the rules' reading as the other candidate (or `single_backend` where the rules
    had none); returns how many values changed."""
    changed = 0
    for name, value in theirs.items():
        if name in _LISTS and isinstance(value, list):
            changed += _merge_items(mine, name, value, True, _replace)
        elif not _located(value):
            continue
        elif not _located(mine.get(name)):
            mine[name] = value
            changed += _flag(value)
        elif _said(mine[name]) != _said(value):
            _dispute(mine[name], value, (str(_said(mine[name]) or ""), str(_said(value) or "")), take=True)
            changed += 1
    return changed


def _said(value: dict):
    """What a dumped value says: a text's clean text, else its printed form."""
    return value.get("value") if isinstance(value.get("value"), str) else value.get("raw")


def _dispute(mine: dict, theirs: dict, shown: tuple[str, str], take: bool) -> None:
    """Flag `mine` `backend_disagreement` with both readings (`shown`: rules', LLM's) as candidates;
    with `take` the LLM's reading stands, at its own place when it was found there, else at the
    rules' (a damaged printing the LLM read through)."""
    mine["candidates"] = [{"source": "rules", "value": shown[0], "span": mine.get("span")},
                          {"source": "llm", "value": shown[1], "span": theirs.get("span")}]
    if take:
        grounded = _grounded(theirs)
        mine.update({k: v for k, v in theirs.items() if k not in _VERDICT and (grounded or k not in ("span", "raw"))})
    mine["reasons"].append(Reason.backend_disagreement.value)


def _flag(item) -> int:
    values = _values(item)
    for v in values:
        v["reasons"].append(Reason.single_backend.value)
    return len(values)
