"""Review items: one per flagged field, carrying what a reviewer needs to decide it.

A field is known by a stable key (document, table, row label, column) rather
than by its position, so that a re-run on a slightly changed document finds
the same field again; the hash of the source line(s) it was read from tells
whether what the reviewer saw has changed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from enum import Enum
from typing import Iterator, Optional

from pydantic import BaseModel, Field

from ..check.audit import AUDITOR_CHECKS
from ..lazyre import LazyPattern
from ..numbers import fmt
from ..ocr import locate
from ..walk import document_fields, item_names, iter_keyed
from ..models import (
    Amount,
    AmountCell,
    BudgetLine,
    Candidate,
    Check,
    Document,
    EvaluatedFunds,
    EvaluatedIndicator,
    Finding,
    FundItem,
    Indicator,
    IndicatorValue,
    KeyTask,
    Located,
    ProjectTable,
    Reason,
    SelfEvaluationTable,
    Severity,
    Span,
    SpendingMilestone,
    TableKind,
    empty_list,  # (a list factory whose signature pydantic reads fast: `list`'s it parses from text, ~1 ms at start-up)
)

CONTEXT_LINES = 2  # source lines shown above and below the value
CONTEXT_CHARS = 400  # cap on each side, for very long lines


class Status(str, Enum):
    """A field's state in the final dataset; review items are never `auto`."""

    auto = "auto"  # not flagged: taken as extracted
    pending = "pending"
    approved = "approved"
    corrected = "corrected"
    rejected = "rejected"


class FieldType(str, Enum):
    """What a correction must look like."""

    amount = "amount"  # a number
    code = "code"  # digits
    text = "text"
    indicator_value = "indicator_value"  # ≥95%, 长期, 3-5次…
    finding = "finding"  # a defect a check found in the document itself: approved (real) or rejected (false alarm)


class ReviewItem(BaseModel):
    key: str = Field(description="Stable identity: document|table|field with rows named by their labels")
    doc: str
    table_id: str
    table_kind: TableKind
    table_title: str = ""
    path: str = Field(description="Positional path of the field, as in the document JSON and findings")
    field_type: FieldType
    value: str = Field(description="The extracted value, as text")
    raw: str
    reasons: list[Reason] = Field(default_factory=empty_list)
    confidence: float
    flagged: bool
    span: Optional[Span] = None
    context: str = Field("", description="Source lines around the value")
    context_start: int = Field(0, description="Offset of `context` in the document text")
    page: Optional[int] = Field(None, description="The scanned page the value was read from by OCR (1-based)")
    box: Optional[tuple[int, int, int, int]] = Field(
        None, description="Where on that page: x0, top, x1, bottom in pixels of the page read upright")
    row: str = Field("", description="The table row the field belongs to")
    candidates: list[Candidate] = Field(default_factory=empty_list)
    messages: list[str] = Field(default_factory=empty_list, description="What the failed checks said")
    source_hash: str


# Amount columns that are percentages (a reviewer may type 22.18%, as printed).
PERCENT_COLUMNS = ("change_pct", "execution_rate")


def is_percentage(key: str, raw: str) -> bool:
    """Whether a field holds a percentage: printed with % or in a percentage column."""
    return raw.strip().endswith(("%", "％")) or any(f"amounts[{c}]" in key for c in PERCENT_COLUMNS)


def validate_value(field_type: FieldType, text: str, percent: bool = False) -> str:
    """A reviewer's correction in normal form, or ValueError saying what is wrong. A `percent` field
    (`is_percentage`) takes a number with or without its % sign (22.18% is 22.18)."""
    value = text.strip()
    if field_type is FieldType.finding:
        raise ValueError("a finding has no value to correct: approve it (a real defect of the document) "
                         "or reject it (a false alarm)")
    if not value:
        raise ValueError("empty value")
    if field_type is FieldType.amount:
        compact = re.sub(r"[,\s，]", "", value)
        if percent:
            compact = re.sub(r"[%％]$", "", compact)
        if not re.fullmatch(r"-?\d+(\.\d+)?", compact):
            raise ValueError(f"not a number: {value!r}")
        return fmt(float(compact))
    if field_type is FieldType.code:
        compact = re.sub(r"\s", "", value)
        if not compact.isdigit():
            raise ValueError(f"a code is digits only: {value!r}")
        return compact
    return value


def table_keys(doc: Document) -> list[str]:
    """One key per table: its kind and what names it (project, title), unique in the document.

    Tables of one name (two projects called 法律援助案件补助资金) are told apart by their content,
    never by their order, so that a decision follows its own table when the two swap places:
    `name@fingerprint` of what identifies them (`_fingerprint`), and when that is the same too,
    of everything printed in them. Only tables identical in all that are numbered in order
    (`#2`), where either would take the same decisions."""
    names = [f"{t.kind.value}:{_squash(_project_name(t) or t.title)}" for t in doc.tables]
    keys = list(names)
    for full in (False, True):
        repeated = {k for k, n in Counter(keys).items() if n > 1}
        keys = [f"{name}@{_fingerprint(t, full)}" if key in repeated else key
                for t, name, key in zip(doc.tables, names, keys)]
    seen: Counter[str] = Counter()
    numbered = []
    for key in keys:
        seen[key] += 1
        numbered.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return numbered


# What tells a project apart from another of the same name, beside its rows' labels (indicator texts).
_IDENTIFYING = ("project_code", "implementing_unit", "funds_total")


def _fingerprint(table, full: bool = False) -> str:
    """A short hash of what identifies a table by content: the labels of its rows (a project's
    indicator texts, a line table's codes and names) and a project's code, implementing unit
    and funds as printed; with `full`, every printed value as well."""
    parts = []
    for _, key, obj in iter_keyed(table, "", _label):
        parts.append(f"{key}={_squash(obj.raw)}" if full else key)
    body = _project(table)
    if body is not None:
        parts += [_squash(f.raw) for f in (getattr(body, n, None) for n in _IDENTIFYING) if f is not None]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:8]


def _project(table):
    """The body of a project table or of a project's self-evaluation, else None."""
    return table.project if isinstance(table, ProjectTable) else table.evaluation if isinstance(
        table, SelfEvaluationTable) else None


def _project_name(table) -> str | None:
    """The project a project table or a project's self-evaluation is about: it names the table."""
    body = _project(table)
    return body.project_name.value if body is not None and body.project_name else None


def keyed_fields(doc: Document, flagged: bool = False) -> list[tuple[str, str, object, Located]]:
    """(key, positional path, table, field) for every value of the document: the walk kept on the
    document while it has that name and those very tables and no decision has changed its values
    since (`apply_decisions` drops it), else a new one, kept. With `flagged` and no walk kept, the
    flagged values alone, in the same order, under the same keys, and nothing kept: their keys are
    made from the paths of the post-checks' walk (`_Keys`), without a walk of their own (on a first
    run the review queue asks for those only)."""
    kept = doc._keyed
    if (kept is not None and kept[0] == doc.doc and len(kept[1]) == len(doc.tables)
            and all(a is b for a, b in zip(kept[1], doc.tables))):
        return kept[2]
    if flagged:
        keys: dict[int, _Keys] = {}  # id(table) → its keys, made when it holds a flagged value
        roots = None
        out = []
        for path, table, obj in document_fields(doc):
            if obj.flagged:
                made = keys.get(id(table))
                if made is None:
                    roots = roots or {id(t): f"{doc.doc}|{key}" for t, key in zip(doc.tables, table_keys(doc))}
                    made = keys[id(table)] = _Keys(table, roots[id(table)])
                out.append((made.key(path), path, table, obj))
        return out
    fields = [(key, path, table, obj) for table, tkey in zip(doc.tables, table_keys(doc))
              for path, key, obj in iter_keyed(table, f"{doc.doc}|{tkey}", _label)]
    doc._keyed = (doc.doc, list(doc.tables), fields)
    return fields


class _Keys:
    """The keys of a table's values made from their positional paths (`t02.lines[5].amounts[1].amount`):
    the key `walk.iter_keyed` gives each, a list item named by its label (`_label`, `#2` on from the
    second of a label) instead of its position. The models a path passes through are resolved once."""

    def __init__(self, table, root: str):
        self.models: dict[str, tuple[str, object]] = {table.id: (root, table)}  # a model's (or list item's) path → its key, it
        self.names: dict[int, list[str]] = {}  # id(list) → its items' names in keys

    def key(self, path: str) -> str:
        """The key of the value at `path`."""
        owner, _, last = path.rpartition(".")
        if last.endswith("]"):  # an item of a list (`unread[3]`): named by its label
            return self._model(path)[0]
        return f"{self._model(owner)[0]}.{last}"  # a field: named as in its path

    def _model(self, path: str) -> tuple[str, object]:
        found = self.models.get(path)
        if found is None:
            owner, _, last = path.rpartition(".")
            found = self.models[path] = self._step(*self._model(owner), last)
        return found

    def _step(self, key: str, model, last: str) -> tuple[str, object]:
        """The key and object of `model`'s field `last` (`name` or `name[i]`), `key` being the model's."""
        name, _, index = last.partition("[")
        value = getattr(model, name)
        if not index:
            return f"{key}.{name}", value
        i = int(index[:-1])
        return f"{key}.{name}[{self._names(value)[i]}]", value[i]

    def _names(self, items: list) -> list[str]:
        names = self.names.get(id(items))
        if names is None:
            names = self.names[id(items)] = item_names(items, _label)
        return names


def build_items(doc: Document, text: str, also: set[str] = frozenset()) -> list[ReviewItem]:
    """Items for the flagged fields of `doc`, and for the fields whose keys are in `also`
    (already decided in an earlier run, so that the decision can follow them)."""
    proposals: dict[str, list[Candidate]] = {}
    messages: dict[str, list[str]] = {}
    for f in doc.findings:
        for path in f.fields:
            messages.setdefault(path, []).append(f.message)
        if f.proposed is not None and f.fields:
            proposals.setdefault(f.fields[0], []).append(
                Candidate(source=f.check.value, value=f.proposed, note=f.suggestion or ""))
    items = []
    fields = document_fields(doc)  # (the post-checks' walk: the findings' places)
    # the keys of the flagged values only, unless values are asked for by key
    for key, path, table, obj in keyed_fields(doc, flagged=not also):
        if not (obj.flagged or key in also):
            continue
        shown = display(obj)
        candidates = list(obj.candidates) + [c for c in proposals.get(path, []) if c.value != shown]
        if isinstance(obj, Amount):
            candidates += [Candidate(source="reading", value=fmt(r.value), note=r.why) for r in obj.alternatives]
        context, start = _context(text, obj.span)
        page, box = (locate(doc.ocr, obj.span.start, obj.span.end) if obj.span else None) or (None, None)
        items.append(ReviewItem(
            key=key, doc=doc.doc, table_id=table.id, table_kind=table.kind, table_title=table.title,
            path=path, field_type=field_type(path, obj), value=shown, raw=obj.raw,
            reasons=obj.all_reasons, confidence=obj.confidence, flagged=obj.flagged, span=obj.span,
            context=context, context_start=start, page=page, box=box, row=_row(table, path),
            candidates=list({c.value: c for c in reversed(candidates)}.values())[::-1],
            messages=messages.get(path, []), source_hash=source_hash(text, obj.span, obj.raw),
        ))
    return items + _finding_items(doc, text, fields)


def reviewable_findings(doc: Document) -> Iterator[tuple[str, int, Finding]]:
    """(key, index in `doc.findings`, finding) for the findings a reviewer decides as such: the
    auditor's (`check.audit.AUDITOR_CHECKS`: the document against its narrative, its template and
    itself) and any other warning or error that flags no field (numbers outside every table).
    Approving one confirms a defect of the document; rejecting it calls it a false alarm.

    A key names the check and what the finding says (its rows and message, table ids left out),
    never its position, so that a re-run finds the same finding again."""
    seen: Counter[str] = Counter()
    for i, f in enumerate(doc.findings):
        if not reviewable(f):
            continue
        # (not its table's key: a finding of the document as a whole, a table missing, sits on its first table)
        what = "".join(_TABLE_ID.sub("", "|".join([*f.rows, f.message])).split())
        key = f"{doc.doc}|finding:{f.check.value}:{_digest(what)}"
        seen[key] += 1
        yield (key if seen[key] == 1 else f"{key}#{seen[key]}"), i, f


_SHOWN = 60  # characters: a finding's place printed this short is its value in the list (a cell, a sentence)
_TABLE_ID = LazyPattern(r"\bt\d+\b")  # a table's id (t05) in a message: tables renumber when one comes or goes


def reviewable(finding: Finding) -> bool:
    """Whether a finding is queued for review as such (`reviewable_findings`)."""
    return finding.check in AUDITOR_CHECKS or not finding.fields and finding.severity is not Severity.info


def _finding_items(doc: Document, text: str, fields: list[tuple[str, object, Located]]) -> list[ReviewItem]:
    """One item per reviewable finding, its first place shown in its source lines: the span it
    names (the sentence, the statement, the heading), else its first flagged field's (a 三公 item
    that does not add up); the other places it names are listed. `fields`: `walk.document_fields(doc)`."""
    tables = {t.id: t for t in doc.tables}
    located = None  # (path → span of the fields: made when a finding without spans of its own asks)
    items = []
    for key, i, f in reviewable_findings(doc):
        table = tables.get(f.table_id)
        if not f.spans and f.fields and located is None:
            located = {path: obj.span for path, _, obj in fields if obj.span is not None}
        spans = f.spans or [located[p] for p in f.fields if p in located]
        span = spans[0] if spans else None
        raw = text[span.start:span.end] if span is not None and span.end <= len(text) else ""
        short = " ".join(raw.split()) if len(raw) <= _SHOWN else ""  # what the place prints, when it is short
        context, start = _context(text, span)
        places = [f"also at {s.start}-{s.end}: {text[s.start:s.end]}" for s in spans[1:] if s.end <= len(text)]
        items.append(ReviewItem(
            key=key, doc=doc.doc, table_id=f.table_id, table_kind=table.kind if table else TableKind.other,
            table_title=table.title if table else "", path=f"findings[{i}]", field_type=FieldType.finding,
            value=short or f.actual or f.check.value, raw=raw, reasons=[f.reason], confidence=0.0, flagged=True, span=span,
            context=context, context_start=start, row="; ".join(f.rows) or f.check.value,
            messages=[f.message, *([f.suggestion] if f.suggestion else []), *places],
            source_hash=source_hash(text, span, f.message),
        ))
    return items


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def field_type(path: str, obj: Located) -> FieldType:
    if isinstance(obj, Amount):
        return FieldType.amount
    if isinstance(obj, IndicatorValue):
        return FieldType.indicator_value
    return FieldType.code if path.endswith(".code") else FieldType.text


def display(obj: Located) -> str:
    """A field's value as a reviewer reads it."""
    if isinstance(obj, Amount):
        return fmt(obj.value)
    if isinstance(obj, IndicatorValue):
        return obj.raw.strip()
    return getattr(obj, "value", obj.raw)


def apply(obj: Located, status: Status, value: str | None) -> None:
    """Put a reviewer's decision into the field (the document is a copy made for export)."""
    if status is Status.corrected and value is not None:
        if isinstance(obj, Amount):
            obj.value = float(value)
        elif isinstance(obj, IndicatorValue):
            from ..numbers import parse_indicator_value

            parsed = parse_indicator_value(value)  # `raw` keeps the printed text, as for amounts
            obj.operator, obj.number = parsed.operator, parsed.number
            obj.number_high, obj.unit, obj.text = parsed.number_high, parsed.unit, parsed.text
        else:
            obj.value = value
    elif status is Status.rejected:
        if isinstance(obj, Amount):
            obj.value = None
        elif isinstance(obj, IndicatorValue):
            obj.operator = obj.number = obj.number_high = obj.unit = obj.text = None
        else:
            obj.value = ""


def correction_findings(doc: Document, decisions: dict[str, tuple[Status, Optional[str]]]) -> list[Finding]:
    """The post-checks, run again with the reviewers' decisions (key → status, corrected value)
    in place: one `review_correction` warning per check that fails with a corrected value in it
    (an identity such as change = total − prior or a sum with a corrected term, a code check, a
    score check), naming the corrected fields' paths in `fields`. `doc` is left as it is (the
    checks run on a copy); no correction, no finding."""
    from ..check import table_checks
    from ..check.findings import Findings
    from ..codes import default_codes

    if not any(status is Status.corrected for status, _ in decisions.values()):
        return []
    copy = doc.model_copy(deep=True)
    corrected: dict[int, str] = {}  # id(field) → path
    for key, path, _, obj in keyed_fields(copy):
        if key in decisions:
            apply(obj, *decisions[key])
            if decisions[key][0] is Status.corrected:
                corrected[id(obj)] = path
    checks = Findings()
    found = []
    for ident in table_checks(copy, default_codes(), checks):
        paths = [corrected[id(t.amount)] for t in ident.terms if id(t.amount) in corrected]
        if paths and not ident.holds():
            actual, expected = ident.outcome()
            rows = list(dict.fromkeys(t.label for t in ident.terms))
            found.append(Finding(
                check=Check.review_correction, severity=Severity.warning, reason=Reason.sum_mismatch,
                table_id=ident.table_id, rows=rows, fields=paths, expected=fmt(expected), actual=fmt(actual),
                message=f"with the correction: {ident.text}: {fmt(actual)}, expected {fmt(expected)}"))
    for finding, targets in checks.items:
        paths = [corrected[id(t)] for t in targets if id(t) in corrected]
        if paths and finding.severity is not Severity.info:
            found.append(finding.model_copy(update={
                "check": Check.review_correction, "severity": Severity.warning, "fields": paths,
                "message": f"with the correction: {finding.message}"}))
    return found


def source_hash(text: str, span: Span | None, raw: str) -> str:
    """Hash of the source line(s) under `span` (a value's, a finding's), whitespace folded:
    the same line elsewhere in a changed file hashes the same; `raw` when there is no span."""
    if span is None:
        basis = raw
    else:
        start = text.rfind("\n", 0, span.start) + 1
        end = text.find("\n", span.end)
        basis = text[start:end if end >= 0 else len(text)]
    return hashlib.sha256(" ".join(basis.split()).encode("utf-8")).hexdigest()[:16]


def _context(text: str, span: Span | None) -> tuple[str, int]:
    if span is None:
        return "", 0
    start = span.start
    for _ in range(CONTEXT_LINES + 1):
        start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
    end = span.end
    for _ in range(CONTEXT_LINES + 1):
        nl = text.find("\n", end + 1)
        end = len(text) if nl < 0 else nl
    start = max(start, span.start - CONTEXT_CHARS)
    end = min(end, span.end + CONTEXT_CHARS)
    return text[start:end], start


def _label(item: object) -> str:
    """How a list item is named in a field key."""
    if isinstance(item, BudgetLine):
        return _squash(f"{item.code.value if item.code else ''} {item.name.value}")
    if isinstance(item, AmountCell):
        return item.column.value
    if isinstance(item, Indicator):
        return _squash(item.level3.value)
    if isinstance(item, FundItem):
        return f"{item.side.value}:{_squash(item.name.value)}"
    if isinstance(item, EvaluatedFunds):
        return item.role
    if isinstance(item, KeyTask):
        return _squash(item.task.value)[:40]
    if isinstance(item, SpendingMilestone):
        return _squash(item.label)
    if isinstance(item, Amount):  # a number of `unread`: named by what is printed
        return f"unread:{_squash(item.raw)}"
    return type(item).__name__


_SQUASHED = LazyPattern(r"[\s|\[\].]+")


def _squash(text: str) -> str:
    return _SQUASHED.sub("", text)[:60]


# The printed headings of a self-evaluation's cells, for the review's row line.
_EVALUATED = (("actual", "实际完成值"), ("points", "分值"), ("score", "得分"))
_FUNDS = (("budget_initial", "年初预算数"), ("budget_adjusted", "全年预算数"), ("executed", "全年执行数"),
          ("points", "分值"), ("execution_rate", "执行率"), ("score", "得分"))


def _printed(label: str, value: Located | None) -> str:
    return f" | {label}: {value.raw.strip()}" if value is not None else ""


_LIST_ITEM = LazyPattern(r"\.(\w+)\[(\d+)\]")


def _row(table, path: str) -> str:
    """The row a field belongs to, printed on one line."""
    match = _LIST_ITEM.search(path)
    if match is None:
        name = _project_name(table)
        return f"项目 {name}" if name else table.title
    owner = table
    for part in path[len(table.id) + 1:match.start()].split(".") if match.start() > len(table.id) else []:
        owner = getattr(owner, part)
    item = getattr(owner, match[1])[int(match[2])]
    if isinstance(item, BudgetLine):
        cells = " | ".join(f"{c.label or c.column.value}: {c.amount.raw.strip()}" for c in item.amounts)
        return f"{item.code.value if item.code else ''} {item.name.value} | {cells}".strip()
    if isinstance(item, Indicator):
        levels = " / ".join(t.value for t in (item.level1, item.level2, item.level3) if t is not None)
        line = f"{levels} = {item.value.raw.strip() if item.value else ''}"
        if isinstance(item, EvaluatedIndicator):  # what was achieved and scored beside the target
            line += "".join(_printed(label, getattr(item, name)) for name, label in _EVALUATED)
        return line
    if isinstance(item, EvaluatedFunds):
        return item.name.value + "".join(_printed(label, getattr(item, name)) for name, label in _FUNDS)
    if isinstance(item, FundItem):
        return f"{item.side.value} {item.name.value}: {item.amount.raw.strip() if item.amount else ''}"
    if isinstance(item, KeyTask):
        return " | ".join(x for x in (item.task.value, item.amount.raw.strip() if item.amount else "",
                                       item.deadline.value if item.deadline else "") if x)
    if isinstance(item, SpendingMilestone):
        return f"{item.label}: {item.percent.raw.strip()}"
    if isinstance(item, Amount):
        return f"{item.raw.strip()}: printed in the table, taken by no field (approve: a lost value; reject: not a value)"
    return ""
