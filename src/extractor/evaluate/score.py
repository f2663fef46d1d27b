"""Field-level scoring of extracted documents against hand-labelled gold.

Both sides are document JSON (the gold files use the product's own schema), so
saved outputs can be scored as well as fresh runs. Matching, from the outside in:
tables by source-span overlap (project tables also by fuzzy project name), rows
by code and then by fuzzy name, indicators by their level-3 text, fund items and
key tasks by fuzzy name. A field is one labelled value; it is correct when it
equals the gold value under its type's rule (see `same`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional

from rapidfuzz import fuzz

from ..models import TableKind

NAME_MATCH = 85  # rapidfuzz ratio for fuzzy row / indicator / project matches
UNIT_FACTORS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
LEADING_NUMBER = re.compile(r"^\s*[0-9０-９]+\s*[、.．-]\s*")  # "1、产出指标", "11-数量指标"


class FieldType(str, Enum):
    code = "codes"
    name = "names"
    amount = "amounts"
    indicator_value = "indicator values"
    text = "free text"


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


# --- normalisation ---------------------------------------------------------


def norm_text(s: Optional[str]) -> str:
    """Compare text after full/half-width folding and without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def norm_level(s: Optional[str]) -> str:
    return LEADING_NUMBER.sub("", norm_text(s))


def fmt_number(x: Optional[float]) -> str:
    if x is None:
        return ""
    return f"{x:.10f}".rstrip("0").rstrip(".")


def norm_unit(u: Optional[str]) -> str:
    return norm_text(u).replace("百分比", "%")


def canon_indicator(v: dict) -> str:
    """One string per meaning: operator (= is implied, a range shows as low-high),
    number with unit, or the text of a value that is not a plain number."""
    op = v.get("operator") or ""
    op = "" if op in ("=", "range") else op
    if v.get("number") is not None:
        high = v.get("number_high")
        body = fmt_number(v["number"]) + (f"-{fmt_number(high)}" if high is not None else "") + norm_unit(v.get("unit"))
    else:
        body = norm_text(v.get("text") if v.get("text") is not None else v.get("raw"))
    return op + body


def show(value: Any, ftype: FieldType) -> Optional[str]:
    if value is None:
        return None
    if ftype is FieldType.amount:
        return value.get("raw") or fmt_number(value.get("value"))
    if ftype is FieldType.indicator_value:
        return value.get("raw") or canon_indicator(value)
    return value.get("value")


def present(value: Any, ftype: FieldType) -> bool:
    if value is None:
        return False
    if ftype is FieldType.amount:
        return value.get("value") is not None
    if ftype is FieldType.indicator_value:
        return bool(canon_indicator(value))
    return bool(norm_text(value.get("value")))


def same(gold: dict, pred: dict, ftype: FieldType, gold_unit=None, pred_unit=None, level=False) -> bool:
    if ftype is FieldType.amount:
        g, p = gold["value"], pred["value"]
        if gold_unit and pred_unit and gold_unit != pred_unit:
            p *= UNIT_FACTORS.get(pred_unit, 1.0) / UNIT_FACTORS.get(gold_unit, 1.0)
        # agree to the printed precision of the gold cell
        return math.isclose(g, p, abs_tol=0.5 * 10 ** -gold.get("decimals", 0) + 1e-9)
    if ftype is FieldType.indicator_value:
        if gold.get("number") is None and pred.get("text"):
            # gold keeps this value whole as text (每次 10000-30000 元): so must the prediction
            return canon_indicator(gold) == canon_indicator({**pred, "number": None})
        return canon_indicator(gold) == canon_indicator(pred)
    if ftype is FieldType.code:
        return norm_text(gold["value"]).upper() == norm_text(pred["value"]).upper()
    if level:
        return norm_level(gold["value"]) == norm_level(pred["value"])
    return norm_text(gold["value"]) == norm_text(pred["value"])


# --- matching ----------------------------------------------------------------


def _get(obj: Optional[dict], name: str):
    return None if obj is None else obj.get(name)


def _text(obj: Optional[dict]) -> str:
    return norm_text(_get(obj, "value"))


def match_by_name(gold: list, pred: list, key, group=lambda x: None) -> list[tuple[Any, Any]]:
    """Pair items by exact normalised key (k-th with k-th), then by fuzzy key.

    Returns (gold, pred) pairs with None on the side that has no partner.
    """
    pairs: list[tuple[Any, Any]] = []
    left_p = list(range(len(pred)))
    left_g = []
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i in left_p:
        by_key[(group(pred[i]), key(pred[i]))].append(i)
    used = set()
    for g in gold:
        bucket = by_key.get((group(g), key(g)))
        if bucket and key(g):
            i = bucket.pop(0)
            used.add(i)
            pairs.append((g, pred[i]))
        else:
            left_g.append(g)
    left_p = [i for i in left_p if i not in used]
    scored = sorted(
        (
            (fuzz.ratio(key(g), key(pred[i])), gi, i)
            for gi, g in enumerate(left_g)
            for i in left_p
            if group(g) == group(pred[i]) and key(g) and key(pred[i])
        ),
        reverse=True,
    )
    done_g: set[int] = set()
    for score, gi, i in scored:
        if score < NAME_MATCH:
            break
        if gi in done_g or i in used:
            continue
        done_g.add(gi)
        used.add(i)
        pairs.append((left_g[gi], pred[i]))
    pairs += [(g, None) for gi, g in enumerate(left_g) if gi not in done_g]
    pairs += [(None, pred[i]) for i in range(len(pred)) if i not in used]
    return pairs


def _project_name(table: dict) -> str:
    return _text(_get(table.get("project"), "project_name"))


def match_tables(gold: list[dict], pred: list[dict]) -> list[tuple[Optional[dict], Optional[dict]]]:
    """Tables pair by how much of their source spans overlap; two project
    tables also pair by project name (a shifted title must not lose a project)."""

    def overlap(a: dict, b: dict) -> float:
        lo = max(a["span"]["start"], b["span"]["start"])
        hi = min(a["span"]["end"], b["span"]["end"])
        short = min(a["span"]["end"] - a["span"]["start"], b["span"]["end"] - b["span"]["start"]) or 1
        return max(0, hi - lo) / short

    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = overlap(g, p)
            names = _project_name(g), _project_name(p)
            if all(names):
                score = max(score, fuzz.ratio(*names) / 100 if fuzz.ratio(*names) >= NAME_MATCH else 0)
            if score >= 0.5:
                candidates.append((score, gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(candidates, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    pairs.sort(key=lambda gp: gp[0]["span"]["start"])
    pairs += [(g, None) for gi, g in enumerate(gold) if gi not in used_g]
    pairs += [(None, p) for pi, p in enumerate(pred) if pi not in used_p]
    return pairs


# --- fields of one table -------------------------------------------------------


@dataclass
class _Ctx:
    doc: str
    table: str
    kind: str
    gold_unit: Optional[str]
    pred_unit: Optional[str]
    out: list[Scored]

    def add(self, key: str, ftype: FieldType, gold: Optional[dict], pred: Optional[dict]) -> None:
        level = key.endswith(("level1", "level2"))  # 一级/二级 compare without their numbering
        has_g, has_p = present(gold, ftype), present(pred, ftype)
        if not has_g and not has_p:
            return
        if has_g and has_p:
            ok = same(gold, pred, ftype, self.gold_unit, self.pred_unit, level)
            outcome = Outcome.correct if ok else Outcome.wrong
        else:
            outcome = Outcome.missed if has_g else Outcome.spurious
        self.out.append(
            Scored(
                self.doc, self.table, self.kind, key, ftype, outcome,
                gold=show(gold, ftype) if has_g else None,
                pred=show(pred, ftype) if has_p else None,
                flagged=bool(has_p and pred.get("flagged")),
                ambiguous=(gold or {}).get("ambiguous") if has_g else None,
            )
        )


def _row_label(line: dict) -> str:
    code = _get(line.get("code"), "value")
    name = _get(line.get("name"), "value") or ""
    side = {"income": "收入:", "expenditure": "支出:"}.get(line.get("side") or "", "")
    return f"{side}{code} {name}" if code else f"{side}{name}"


def _score_lines(ctx: _Ctx, gold: Optional[list[dict]], pred: Optional[list[dict]]) -> None:
    # rows without a single amount are headings and blank template rows: not scored
    gold = [line for line in gold or [] if line.get("amounts")]
    pred = [line for line in pred or [] if line.get("amounts")]
    coded_g = [line for line in gold if _text(line.get("code"))]
    coded_p = [line for line in pred if _text(line.get("code"))]
    pairs = []
    by_code = match_by_name(coded_g, coded_p, key=lambda line: _text(line.get("code")))
    rest_g = [g for g, p in by_code if p is None] + [line for line in gold if not _text(line.get("code"))]
    rest_p = [p for g, p in by_code if g is None] + [line for line in pred if not _text(line.get("code"))]
    pairs += [(g, p) for g, p in by_code if g is not None and p is not None]
    pairs += match_by_name(rest_g, rest_p, key=lambda line: _text(line.get("name")), group=lambda line: line.get("side"))
    for g, p in pairs:
        row = _row_label(g or p)
        ctx.add(f"{row} · code", FieldType.code, _get(g, "code"), _get(p, "code"))
        ctx.add(f"{row} · name", FieldType.name, _get(g, "name"), _get(p, "name"))
        cells_g = {c["column"]: c["amount"] for c in (g or {}).get("amounts", [])}
        cells_p = {c["column"]: c["amount"] for c in (p or {}).get("amounts", [])}
        for column in dict.fromkeys([*cells_g, *cells_p]):
            ctx.add(f"{row} · {column}", FieldType.amount, cells_g.get(column), cells_p.get(column))


INDICATOR_FIELDS = (
    ("level1", FieldType.name),
    ("level2", FieldType.name),
    ("level3", FieldType.name),
    ("value", FieldType.indicator_value),
    ("description", FieldType.text),
    ("basis", FieldType.text),
    ("deadline", FieldType.text),
)


def _score_indicators(ctx: _Ctx, gold: list[dict], pred: list[dict]) -> None:
    seen: Counter[str] = Counter()
    for g, p in match_by_name(gold, pred, key=lambda i: _text(i.get("level3"))):
        label = _get((g or p).get("level3"), "value") or "?"
        seen[label] += 1
        if seen[label] > 1:
            label = f"{label} #{seen[label]}"
        _score_fields(ctx, INDICATOR_FIELDS, g, p, f"指标 {label} · ")


PROJECT_FIELDS = (
    ("project_name", FieldType.name),
    ("project_code", FieldType.code),
    ("department", FieldType.name),
    ("implementing_unit", FieldType.name),
    ("supervising_office", FieldType.name),
    ("project_attribute", FieldType.text),
    ("period", FieldType.text),
    ("funds_total", FieldType.amount),
    ("funds_fiscal", FieldType.amount),
    ("funds_other", FieldType.amount),
    ("annual_goal", FieldType.text),
)


DEPARTMENT_FIELDS = (
    ("department", FieldType.name),
    ("staff_count", FieldType.amount),
    ("duties", FieldType.text),
    ("annual_goal", FieldType.text),
)
KEY_TASK_FIELDS = (
    ("task", FieldType.name),
    ("project", FieldType.name),
    ("amount", FieldType.amount),
    ("deadline", FieldType.text),
)


def _score_fields(ctx: _Ctx, fields, gold: Optional[dict], pred: Optional[dict], prefix: str = "") -> None:
    for name, ftype in fields:
        ctx.add(f"{prefix}{name}", ftype, _get(gold, name), _get(pred, name))


def _score_project(ctx: _Ctx, gold: Optional[dict], pred: Optional[dict]) -> None:
    _score_fields(ctx, PROJECT_FIELDS, gold, pred)
    plan_g = {m["label"]: m["percent"] for m in (gold or {}).get("spending_plan", [])}
    plan_p = {m["label"]: m["percent"] for m in (pred or {}).get("spending_plan", [])}
    for label in dict.fromkeys([*plan_g, *plan_p]):
        ctx.add(f"支出计划 {label}", FieldType.amount, plan_g.get(label), plan_p.get(label))
    _score_indicators(ctx, (gold or {}).get("indicators", []), (pred or {}).get("indicators", []))


def _score_department(ctx: _Ctx, gold: Optional[dict], pred: Optional[dict]) -> None:
    _score_fields(ctx, DEPARTMENT_FIELDS, gold, pred)
    # like summary rows, fund lines without an amount are template headings: not scored
    funds = match_by_name(
        [f for f in (gold or {}).get("funds", []) if present(f.get("amount"), FieldType.amount)],
        [f for f in (pred or {}).get("funds", []) if present(f.get("amount"), FieldType.amount)],
        key=lambda f: _text(f.get("name")), group=lambda f: f.get("side"),
    )
    for g, p in funds:
        label = f"{(g or p)['side']}:{_get((g or p).get('name'), 'value')}"
        _score_fields(ctx, (("name", FieldType.name), ("amount", FieldType.amount)), g, p, f"资金 {label} · ")
    tasks = match_by_name((gold or {}).get("key_tasks", []), (pred or {}).get("key_tasks", []), key=lambda t: _text(t.get("task")))
    for g, p in tasks:
        _score_fields(ctx, KEY_TASK_FIELDS, g, p, f"任务 {_get((g or p).get('task'), 'value')} · ")
    _score_indicators(ctx, (gold or {}).get("indicators", []), (pred or {}).get("indicators", []))


# the attribute holding a table kind's body, and its scorer (line tables otherwise)
_BODIES = {
    TableKind.project_performance.value: ("project", _score_project),
    TableKind.department_performance.value: ("department", _score_department),
}


def _score_table(ctx: _Ctx, gold: Optional[dict], pred: Optional[dict]) -> None:
    """Score one table pair by the gold's shape; a prediction of another shape
    is scored on its own as well, so its fields come out spurious."""
    attr, scorer = _BODIES.get((gold or pred)["kind"], ("lines", _score_lines))
    scorer(ctx, _get(gold, attr), _get(pred, attr))
    if gold is not None and pred is not None and attr not in pred:
        _score_table(ctx, None, pred)


def scored_tables(doc: dict) -> list[dict]:
    return [t for t in doc.get("tables", []) if t["kind"] != TableKind.narrative.value]


def score_document(gold: dict, pred: dict) -> DocScore:
    result = DocScore(gold["doc"])
    for g, p in match_tables(scored_tables(gold), scored_tables(pred)):
        result.tables.append(
            TableMatch(gold["doc"], _get(g, "id"), _get(p, "id"), _get(g, "kind"), _get(p, "kind"))
        )
        ref = g or p
        label = ref.get("label") or ref.get("title") or ""
        table = f"{ref['id']} {label}".strip() if g is not None else f"(extra {ref['id']}) {label}".strip()
        ctx = _Ctx(gold["doc"], table, (g or p)["kind"], _get(g, "unit"), _get(p, "unit"), result.fields)
        _score_table(ctx, g, p)
    return result
