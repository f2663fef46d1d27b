"""Pair the fields of two readings of the same tables, value by value.

Used to score a prediction against gold (`extractor.evaluate`) and to compare
the rules and LLM readings of a table (`extractor.extract.hybrid`). Both sides
are table JSON (model dumps). Matching, from the outside in: tables by
source-span overlap (project tables also by fuzzy project name), rows by code
and then by fuzzy name, indicators by their level-3 text, fund items and key
tasks by fuzzy name. `same` says whether two values are equal under their
type's rule.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from enum import Enum
from typing import Any, Callable, Optional

from rapidfuzz import fuzz

from .lazyre import LazyPattern
from .models import TableKind
from .numbers import UNIT_FACTORS

NAME_MATCH = 85  # rapidfuzz ratio for fuzzy row / indicator / project matches
LEADING_NUMBER = LazyPattern(r"^\s*[0-9０-９]+\s*[、.．-]\s*")  # "1、产出指标", "11-数量指标"


class FieldType(str, Enum):
    code = "codes"
    name = "names"
    amount = "amounts"
    indicator_value = "indicator values"
    text = "free text"


# --- normalisation ---------------------------------------------------------


# Dashes are one mark in several glyphs (hyphen, en/em dash, minus, full-width); a print's
# `—` comes back from OCR as `－` or `-` with its meaning intact, as a wide letter does.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58", "-"))


def norm_text(s: Optional[str]) -> str:
    """Compare text after full/half-width folding, with every dash glyph as `-`, and without
    any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or "")).translate(_DASHES)


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


def match_by_name(gold: list, pred: list, key, group=lambda x: None, agree=lambda g, p: ()) -> list[tuple[Any, Any]]:
    """Pair items by exact normalised key (k-th with k-th), then by fuzzy key; of fuzzy pairs that
    score alike, those whose items `agree` more otherwise first (`agree` gives a tuple to compare: an
    indicator's value, its 二级; two rows printing the same 三级 under two 二级, `开展…宣传活动 | ≥10次`
    and `… | 年度内完成`, and one reading of it), then those standing at the nearer places in their lists.

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
    at = {id(g): k / max(len(gold), 1) for k, g in enumerate(gold)}
    scored = sorted(
        (
            (fuzz.ratio(key(g), key(pred[i])), agree(g, pred[i]), -abs(at[id(g)] - i / len(pred)), gi, i)
            for gi, g in enumerate(left_g)
            for i in left_p
            if group(g) == group(pred[i]) and key(g) and key(pred[i])
        ),
        reverse=True,
    )
    done_g: set[int] = set()
    for score, _, _, gi, i in scored:
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


# --- fields of one table -------------------------------------------------------

# visit(key, field type, left value, right value, level): called once per field
# that either side holds; `level` marks 一级/二级 names (compared without numbering).
Visit = Callable[[str, "FieldType", Optional[dict], Optional[dict], bool], None]


class _Ctx:
    def __init__(self, visit: Visit):
        self.visit = visit

    def add(self, key: str, ftype: FieldType, gold: Optional[dict], pred: Optional[dict]) -> None:
        if present(gold, ftype) or present(pred, ftype):
            self.visit(key, ftype, gold, pred, key.endswith(("level1", "level2")))


def _row_label(line: dict) -> str:
    code = _get(line.get("code"), "value")
    name = _get(line.get("name"), "value") or ""
    side = {"income": "收入:", "expenditure": "支出:"}.get(line.get("side") or "", "")
    return f"{side}{code} {name}" if code else f"{side}{name}"


def pair_lines(gold: Optional[list[dict]], pred: Optional[list[dict]]) -> list[tuple[Optional[dict], Optional[dict]]]:
    """Rows of two readings of a line table, paired by code, then by fuzzy name within
    a side, then by place (`_by_place`); rows without a single amount (headings, blank
    template rows) are left out."""
    gold = [line for line in gold or [] if line.get("amounts")]
    pred = [line for line in pred or [] if line.get("amounts")]
    coded_g = [line for line in gold if _text(line.get("code"))]
    coded_p = [line for line in pred if _text(line.get("code"))]
    by_code = match_by_name(coded_g, coded_p, key=lambda line: _text(line.get("code")))
    rest_g = [g for g, p in by_code if p is None] + [line for line in gold if not _text(line.get("code"))]
    rest_p = [p for g, p in by_code if g is None] + [line for line in pred if not _text(line.get("code"))]
    pairs = [(g, p) for g, p in by_code if g is not None and p is not None]
    return _by_place(pairs + match_by_name(rest_g, rest_p, key=lambda line: _text(line.get("name")),
                                           group=lambda line: line.get("side")))


def _spans(obj) -> list[tuple[int, int]]:
    """The source spans of the values inside a dumped item."""
    if isinstance(obj, dict):
        span = obj.get("span")
        own = [(span["start"], span["end"])] if isinstance(span, dict) else []
        return own + [s for k, v in obj.items() if k != "span" for s in _spans(v)]
    if isinstance(obj, list):
        return [s for x in obj for s in _spans(x)]
    return []


def _by_place(pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Pair the items left alone by their keys when their values stand in the same place of
    the source: two readings of one row whose names differ (an OCR-damaged name and its
    mended reading). Gold without spans is left as it is."""
    lone_g = [g for g, p in pairs if p is None]
    lone_p = [p for g, p in pairs if g is None]
    if not lone_g or not lone_p:
        return pairs
    placed = [(p, _spans(p)) for p in lone_p]
    out = [(g, p) for g, p in pairs if g is not None and p is not None]
    for g in lone_g:
        mine = _spans(g)
        hit = next((i for i, (_, theirs) in enumerate(placed)
                    if any(a < d and c < b for a, b in mine for c, d in theirs)), None)
        out.append((g, placed.pop(hit)[0] if hit is not None else None))
    return out + [(None, p) for p, _ in placed]


def _pair_lines(ctx: _Ctx, gold: Optional[list[dict]], pred: Optional[list[dict]]) -> None:
    for g, p in pair_lines(gold, pred):
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


def pair_items(name: str, gold: list[dict], pred: list[dict]) -> list[tuple[Optional[dict], Optional[dict]]]:
    """Items of a body's list field `name` (indicators, funds, key_tasks, spending_plan) of two
    readings, paired by their own key (三级指标, fund name within a side, task, milestone label),
    then by place (`_by_place`)."""
    if name == "spending_plan":
        pairs = match_by_name(gold, pred, key=lambda m: norm_text(m.get("label")))
    elif name == "funds":
        pairs = match_by_name(gold, pred, key=lambda f: _text(f.get("name")), group=lambda f: f.get("side"))
    elif name == "indicators":
        pairs = match_by_name(gold, pred, key=lambda i: _text(i.get("level3")), agree=_alike)
    else:
        pairs = match_by_name(gold, pred, key=lambda i: _text(i.get(_ITEM_KEYS[name])))
    return _by_place(pairs)


def _alike(a: dict, b: dict) -> tuple[bool, bool]:
    """How two indicators agree beside their 三级: (their values printed alike, raw text with whitespace
    and width folded; their 二级 named alike)."""
    raw = norm_text(_get(a.get("value"), "raw"))
    level2 = norm_level(_get(a.get("level2"), "value") or "")
    return (bool(raw) and raw == norm_text(_get(b.get("value"), "raw")),
            bool(level2) and level2 == norm_level(_get(b.get("level2"), "value") or ""))


_ITEM_KEYS = {"indicators": "level3", "key_tasks": "task"}


def _pair_indicators(ctx: _Ctx, gold: list[dict], pred: list[dict], fields=INDICATOR_FIELDS) -> None:
    seen: Counter[str] = Counter()
    for g, p in pair_items("indicators", gold, pred):
        label = _get((g or p).get("level3"), "value") or "?"
        seen[label] += 1
        if seen[label] > 1:
            label = f"{label} #{seen[label]}"
        _pair_fields(ctx, fields, g, p, f"指标 {label} · ")


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
    ("content", FieldType.text),
    ("amount", FieldType.amount),
    ("deadline", FieldType.text),
)
EVALUATION_FIELDS = (
    ("project_name", FieldType.name),
    ("project_code", FieldType.code),
    ("department", FieldType.name),
    ("implementing_unit", FieldType.name),
    ("annual_goal", FieldType.text),
    ("annual_outcome", FieldType.text),
    ("total_points", FieldType.amount),
    ("total_score", FieldType.amount),
    ("grade", FieldType.text),
)
EVALUATED_FUNDS_FIELDS = tuple(
    (name, FieldType.amount)
    for name in ("budget_initial", "budget_adjusted", "executed", "points", "execution_rate", "score")
)
EVALUATED_INDICATOR_FIELDS = INDICATOR_FIELDS + (
    ("actual", FieldType.text),
    ("points", FieldType.amount),
    ("score", FieldType.amount),
    ("deviation", FieldType.text),
)


def _pair_fields(ctx: _Ctx, fields, gold: Optional[dict], pred: Optional[dict], prefix: str = "") -> None:
    for name, ftype in fields:
        ctx.add(f"{prefix}{name}", ftype, _get(gold, name), _get(pred, name))


def _pair_project(ctx: _Ctx, gold: Optional[dict], pred: Optional[dict]) -> None:
    _pair_fields(ctx, PROJECT_FIELDS, gold, pred)
    plan_g = {m["label"]: m["percent"] for m in (gold or {}).get("spending_plan", [])}
    plan_p = {m["label"]: m["percent"] for m in (pred or {}).get("spending_plan", [])}
    for label in dict.fromkeys([*plan_g, *plan_p]):
        ctx.add(f"支出计划 {label}", FieldType.amount, plan_g.get(label), plan_p.get(label))
    _pair_indicators(ctx, (gold or {}).get("indicators", []), (pred or {}).get("indicators", []))


def _pair_department(ctx: _Ctx, gold: Optional[dict], pred: Optional[dict]) -> None:
    _pair_fields(ctx, DEPARTMENT_FIELDS, gold, pred)
    # like summary rows, fund lines without an amount are template headings: not scored
    funds = pair_items(
        "funds",
        [f for f in (gold or {}).get("funds", []) if present(f.get("amount"), FieldType.amount)],
        [f for f in (pred or {}).get("funds", []) if present(f.get("amount"), FieldType.amount)],
    )
    for g, p in funds:
        label = f"{(g or p)['side']}:{_get((g or p).get('name'), 'value')}"
        _pair_fields(ctx, (("name", FieldType.name), ("amount", FieldType.amount)), g, p, f"资金 {label} · ")
    tasks = pair_items("key_tasks", (gold or {}).get("key_tasks", []), (pred or {}).get("key_tasks", []))
    for g, p in tasks:
        _pair_fields(ctx, KEY_TASK_FIELDS, g, p, f"任务 {_get((g or p).get('task'), 'value')} · ")
    _pair_indicators(ctx, (gold or {}).get("indicators", []), (pred or {}).get("indicators", []))


def _pair_evaluation(ctx: _Ctx, gold: Optional[dict], pred: Optional[dict]) -> None:
    _pair_fields(ctx, EVALUATION_FIELDS, gold, pred)
    funds = pair_items("funds", (gold or {}).get("funds", []), (pred or {}).get("funds", []))
    for g, p in funds:
        _pair_fields(ctx, EVALUATED_FUNDS_FIELDS, g, p, f"资金 {_get((g or p).get('name'), 'value')} · ")
    _pair_indicators(ctx, (gold or {}).get("indicators", []), (pred or {}).get("indicators", []),
                     EVALUATED_INDICATOR_FIELDS)


# the attribute holding a table kind's body (line tables hold their `lines` at the top), and its pairing
BODIES = {
    TableKind.project_performance.value: "project",
    TableKind.department_performance.value: "department",
    TableKind.self_evaluation.value: "evaluation",
}
_PAIRINGS = {"project": _pair_project, "department": _pair_department, "evaluation": _pair_evaluation,
             "lines": _pair_lines}


def _pair_table(ctx: _Ctx, gold: Optional[dict], pred: Optional[dict]) -> None:
    """Pair one table's fields by the left side's shape; a right side of another
    shape is visited on its own as well, so its fields come out unpaired."""
    attr = BODIES.get((gold or pred)["kind"], "lines")
    scorer = _PAIRINGS[attr]
    scorer(ctx, _get(gold, attr), _get(pred, attr))
    if gold is not None and pred is not None and attr not in pred:
        _pair_table(ctx, None, pred)


def scored_tables(doc: dict) -> list[dict]:
    return [t for t in doc.get("tables", []) if t["kind"] != TableKind.narrative.value]


def pair_tables(left: Optional[dict], right: Optional[dict], visit: Visit) -> None:
    """Visit every field of two readings of one table (either may be None)."""
    _pair_table(_Ctx(visit), left, right)
