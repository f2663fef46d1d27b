"""Score extracted documents against gold *facts*: one fact per printed value.

The facts formats (eval/dev/README.md, eval/dev-scans/README.md) name each value
by its table and its place in it:

- coded and summary rows: the table (printed title and kind), the row (a
  subject or unit code, 合计, or a summary item label with its side) and the
  column kind;
- project tables: the project's order in the document (`project_seq`) and a
  field (project_name … annual_goal), or an indicator (level1/2/3 and value);
- the department table: a budget amount (side, item), a key task's budget
  (task, its project) or an indicator.

Rows pair their table by printed title, projects by `pair_projects`. A fact is
found when the paired table has a value at the same row (code, fuzzy label,
三级指标) and column or field; it is right when the value agrees: amounts to
half a cent in the same unit, text without whitespace, dash glyphs folded (`pairing.norm_text`),
level names without numbering, indicator values by meaning
(`pairing.canon_indicator`), each against the gold's alternatives (`value_alt`,
`level1_alt` …). Every predicted value of these shapes that is not a gold fact
counts against precision. A missed or wrong fact is also classified as a
silent loss or not (`silent`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence, Union

from rapidfuzz import fuzz

from ..errors import ExtractorError
from ..grid import CELL_GAP
from ..ingest import IMAGE_SUFFIXES
from ..lazyre import LazyPattern
from ..models import (
    DepartmentTable, Document, Indicator, LineTable, NarrativeBlock, ProjectTable, RowKind, Span, TableBase, TableKind,
)
from ..numbers import parse_indicator_value
from ..pairing import NAME_MATCH, PROJECT_FIELDS, FieldType, norm_level, norm_text, present, same
from ..segment import table_headings
from .silent import Cover, Coverage, SourceIndex, cover, silent_counts

FACTS_SUFFIX = ".facts.json"
OCR_SUFFIX = ".ocr.txt"  # dev-scans: the gold names `X.txt`, the OCR text is `X.ocr.txt`
TOLERANCE = 0.005  # amounts are printed to the cent
_TITLE_MIN = 60  # fuzzy ratio for pairing a garbled printed title with the gold one
_LABEL_MIN = 75  # fuzzy ratio for pairing a garbled item label


class FactsError(ExtractorError):
    """A facts file that cannot be scored (bad JSON, source text not found)."""


@dataclass
class FactsFile:
    path: Path
    gold: dict
    source: Path


def load_facts(folder: Path) -> list[FactsFile]:
    """`*.facts.json` under a folder. Each names its source text (`doc`), looked up
    beside it or in an `ocr/` folder beside it or under `folder` (the dev-set
    layouts), under that name or with the same stem and an `.ocr.txt` suffix
    (`X.txt` → `X.ocr.txt`, the dev-scans layout), or a scan of it (`X.pdf`,
    `X.png` …: the same facts read through OCR). Raises FactsError."""
    paths = sorted(folder.rglob(f"*{FACTS_SUFFIX}"))
    if not paths:
        raise FactsError(f"no *{FACTS_SUFFIX} files under {folder}")
    out = []
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            gold["facts"], gold["doc"]
        except (ValueError, KeyError, TypeError) as exc:
            raise FactsError(f"{path.name}: not a facts file: {exc}") from exc
        stem = Path(gold["doc"]).stem
        names = [gold["doc"], f"{stem}{OCR_SUFFIX}", *(stem + suffix for suffix in (".pdf", *IMAGE_SUFFIXES))]
        places = [d / n for d in (path.parent, path.parent.parent / "ocr", folder / "ocr") for n in names]
        source = next((p for p in places if p.is_file()), None)
        if source is None:
            raise FactsError(f"{path.name}: source text {gold['doc']} (or {names[1]}) not found beside it or in ../ocr")
        out.append(FactsFile(path, gold, source))
    return out


def label_key(text: str) -> str:
    """A summary item label folded for comparison: NFKC, no spaces, one numbering style."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^(\d+)[、.,，:：]", r"\1.", text)


@dataclass
class Fact:
    """One value of a table: a gold fact, or a predicted value of the same shape."""

    table: str  # table kind
    source_table: str  # printed title; a project's "项目<seq> <name>"; "部门整体" for the department table
    row: str  # code digits, "合计", "side:label", "指标:<三级指标>", "任务:<task>", or "" for a field of the table
    column: str  # column kind, or the field (project_name … annual_goal, indicator, budget_amount, task_budget)
    value: Union[float, str, dict, None]  # an amount, a text, an indicator value (gold: as text; predicted: its dump)
    unit: str
    label: str = ""  # for display
    flagged: bool = False
    field_type: FieldType = FieldType.amount
    alternatives: tuple = ()  # gold: other acceptable values (`value_alt`)
    rows: tuple[str, ...] = ()  # gold: other acceptable row keys (`level3_alt`; 合计 for an item naming the total)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # level1 / level2 / project: acceptable texts
    printed: tuple[str, ...] = ()  # gold: the value as printed where the gold repaired it (`value_as_printed`)
    seq: Optional[int] = None  # gold: `project_seq`, the project table's order in the document


# The project fields the facts format labels (项目主管处室 and the spending plan are not facts).
_PROJECT_FIELDS = {name: ftype for name, ftype in PROJECT_FIELDS if name != "supervising_office"}
_INDICATOR = "indicator"
_DEPARTMENT = "部门整体"


def _indicator_row(level3: str) -> str:
    return f"指标:{norm_level(level3)}"


def _task_row(task: str) -> str:
    return f"任务:{norm_text(task)}"


def _texts(*values: Optional[str]) -> tuple[str, ...]:
    return tuple(v for v in values if v)


def gold_facts(gold: dict) -> list[Fact]:
    """The facts of a facts file, in its order (shapes in the module docstring).
    A fact without `field` is a row of a coded or summary table: a summary row
    when it has an `item`, a 合计 row when its code is null."""
    unit = gold["unit"]
    out = []
    for f in gold["facts"]:
        if "field" not in f:
            out.append(_gold_row(f, unit))
        elif f["table"] == TableKind.department_performance.value:
            out.append(_gold_department(f, unit))
        else:
            out.append(_gold_project(f, unit))
    return out


# An item label that names its table's total (“三公”经费合计, 合计): read as a total row, it is that row.
_TOTAL_ITEM = LazyPattern(r"合计|总计")


def _gold_row(f: dict, unit: str) -> Fact:
    rows: tuple[str, ...] = ()
    if "item" in f:
        row, label = f"{f.get('side', '')}:{label_key(f['item'])}", f["item"]
        if not f.get("side") and _TOTAL_ITEM.search(f["item"]):
            rows = ("合计",)  # a sideless total is keyed 合计 whatever it is named (`_line_facts`)
    elif f.get("code") is None:
        row, label = "合计", "合计"
    else:
        row, label = f["code"], f"{f['code']} {f.get('name', '')}"
    return Fact(f["table"], f["source_table"], row, f["column"], float(f["value"]), f.get("unit", unit), label,
                rows=rows)


def _gold_indicator(f: dict, source_table: str, unit: str) -> Fact:
    levels = {k: _texts(f.get(k), f.get(f"{k}_alt")) for k in ("level1", "level2")}
    return Fact(
        f["table"], source_table, _indicator_row(f["level3"]), _INDICATOR, f.get("value"), unit, f["level3"],
        field_type=FieldType.indicator_value, alternatives=_texts(f.get("value_alt")),
        rows=tuple(_indicator_row(x) for x in _texts(f.get("level3_alt"))),
        parts={k: v for k, v in levels.items() if v}, printed=_texts(f.get("value_as_printed")),
        seq=f.get("project_seq"),
    )


def _gold_project(f: dict, unit: str) -> Fact:
    source_table = f"项目{f['project_seq']} {f['project']}"
    if f["field"] == _INDICATOR:
        return _gold_indicator(f, source_table, unit)
    ftype = _PROJECT_FIELDS[f["field"]]
    value = f["value"]
    if ftype is FieldType.amount and value is not None:
        value = float(value)
    return Fact(
        f["table"], source_table, "", f["field"], value, unit, f["field"], field_type=ftype,
        alternatives=_texts(f.get("value_alt")), printed=_texts(f.get("value_as_printed")), seq=f["project_seq"],
    )


def _gold_department(f: dict, unit: str) -> Fact:
    if f["field"] == _INDICATOR:
        return _gold_indicator(f, _DEPARTMENT, unit)
    if f["field"] == "task_budget":
        parts = {"project": _texts(f.get("task_project"))}
        return Fact(f["table"], _DEPARTMENT, _task_row(f["task"]), "task_budget", float(f["value"]), unit, f["task"],
                    parts={k: v for k, v in parts.items() if v})
    row = f"{f['side']}:{label_key(f['item'])}"
    return Fact(f["table"], _DEPARTMENT, row, f["field"], float(f["value"]), unit, f["item"])


def predicted_facts(doc: Document) -> dict[str, list[Fact]]:
    """Predicted values grouped by table id, in the shapes of the gold facts."""
    out: dict[str, list[Fact]] = {}
    for table in doc.tables:
        if isinstance(table, LineTable):
            out[table.id] = list(_line_facts(table))
        elif isinstance(table, ProjectTable):
            out[table.id] = list(_project_facts(table))
        elif isinstance(table, DepartmentTable):
            out[table.id] = list(_department_facts(table))
    return out


def _line_facts(table: LineTable) -> Iterator[Fact]:
    for line in table.lines:
        if line.row_kind is RowKind.total and line.side is None:
            row, label = "合计", "合计"
        elif line.code is not None and line.row_kind in (RowKind.subject, RowKind.unit):
            row, label = line.code.value, f"{line.code.value} {line.name.value}"
        else:
            side = line.side.value if line.side else ""
            row, label = f"{side}:{label_key(line.name.value)}", line.name.value
        for cell in line.amounts:
            if cell.amount.value is not None:
                yield Fact(table.kind.value, table.title, row, cell.column.value, cell.amount.value,
                           table.unit or "", label, cell.amount.flagged)


def _indicator_facts(table: TableBase, indicators: list[Indicator]) -> Iterator[Fact]:
    for ind in indicators:
        located = [x for x in (ind.level1, ind.level2, ind.level3, ind.value) if x is not None]
        yield Fact(
            table.kind.value, table.title, _indicator_row(ind.level3.value), _INDICATOR,
            ind.value.model_dump(mode="json") if ind.value is not None else None, table.unit or "", ind.level3.value,
            any(x.flagged for x in located), FieldType.indicator_value,
            parts={k: (getattr(ind, k).value,) for k in ("level1", "level2") if getattr(ind, k) is not None},
        )


def _project_facts(table: ProjectTable) -> Iterator[Fact]:
    for name, ftype in _PROJECT_FIELDS.items():
        v = getattr(table.project, name)
        if v is not None and v.value is not None and (ftype is FieldType.amount or norm_text(v.value)):
            yield Fact(table.kind.value, table.title, "", name, v.value, table.unit or "", name, v.flagged, ftype)
    yield from _indicator_facts(table, table.project.indicators)


def _department_facts(table: DepartmentTable) -> Iterator[Fact]:
    dept = table.department
    for item in dept.funds:
        if item.amount is not None and item.amount.value is not None:
            yield Fact(table.kind.value, table.title, f"{item.side.value}:{label_key(item.name.value)}", "budget_amount",
                       item.amount.value, table.unit or "", item.name.value, item.amount.flagged or item.name.flagged)
    for task in dept.key_tasks:
        if task.amount is not None and task.amount.value is not None:
            texts = (task.task, task.project, task.content)  # a doubt on the row's reading is the amount's
            yield Fact(table.kind.value, table.title, _task_row(task.task.value), "task_budget", task.amount.value,
                       table.unit or "", task.task.value,
                       task.amount.flagged or any(t is not None and t.flagged for t in texts),
                       parts={"project": (task.project.value,)} if task.project is not None else {})
    yield from _indicator_facts(table, dept.indicators)


def _title_key(title: str) -> str:
    return re.sub(r"[\s\"“”]", "", unicodedata.normalize("NFKC", title))


def pair_tables(gold_titles: list[str], tables: list[LineTable]) -> dict[str, LineTable]:
    """Gold source_table -> predicted table, best title match first, each used once."""
    scores = sorted(
        ((fuzz.ratio(_title_key(g), _title_key(t.title)), i, j) for i, g in enumerate(gold_titles) for j, t in enumerate(tables)),
        reverse=True,
    )
    pairs: dict[str, LineTable] = {}
    used: set[int] = set()
    for score, i, j in scores:
        if score < _TITLE_MIN or gold_titles[i] in pairs or j in used:
            continue
        pairs[gold_titles[i]] = tables[j]
        used.add(j)
    return pairs


def pair_projects(gold: dict[int, str], tables: list[ProjectTable]) -> dict[int, ProjectTable]:
    """project_seq -> predicted project table (`tables` in document order).

    A table printing the gold's project name exactly is that project's (a table
    lost or split shifts the order: two like names must not swap); else the nth
    project table is project n when its name agrees with the gold's (rapidfuzz
    ratio ≥ `pairing.NAME_MATCH`, whitespace ignored); a table elsewhere whose
    name agrees comes next, the nearest first when names repeat; a project still without a table
    takes the nth one if it is free (an OCR-garbled name)."""
    candidates = []
    for n, name in gold.items():
        for j, t in enumerate(tables):
            printed = t.project.project_name.value if t.project.project_name else ""
            ratio = fuzz.ratio(norm_text(name), norm_text(printed))
            if ratio >= NAME_MATCH:
                candidates.append((ratio == 100, j == n - 1, ratio, -abs(j - (n - 1)), n, j))
    pairs: dict[int, ProjectTable] = {}
    used: set[int] = set()
    for *_, n, j in sorted(candidates, reverse=True):
        if n not in pairs and j not in used:
            pairs[n] = tables[j]
            used.add(j)
    for n in gold:
        if n not in pairs and 0 < n <= len(tables) and n - 1 not in used:
            pairs[n] = tables[n - 1]
            used.add(n - 1)
    return pairs


@dataclass
class FactResult:
    doc: str
    fact: Fact
    outcome: str  # correct | wrong | missed
    why: str = ""  # for a miss: no table, no row, column, unit; for a wrong value: which part differs
    pred: Union[float, str, None] = None
    flagged: bool = False
    table_id: Optional[str] = None  # the predicted table paired with the fact's table
    silent: Optional[bool] = None  # a lost fact nothing reports (`silent.cover`); None when not classified
    cover: Optional[Cover] = None  # what reports a lost fact (`silent.cover`); None when not classified
    legible: Optional[bool] = None  # printed as it is in the source (`legible`); None when not classified
    unmarked: bool = False  # printed as it is but for an operator the OCR dropped whole (`legible(operator=False)`)


@dataclass
class FactsScore:
    doc: str
    results: list[FactResult] = field(default_factory=list)
    predicted: int = 0
    flagged: int = 0  # predicted amounts flagged for review
    spurious: list[Fact] = field(default_factory=list)
    empty_tables: list[str] = field(default_factory=list)  # printed with headers only, recorded empty


def _indicator_dump(text: Optional[str]) -> dict:
    parsed = parse_indicator_value(text or "")
    return {"raw": text, "operator": parsed.operator, "number": parsed.number, "number_high": parsed.number_high,
            "unit": parsed.unit, "text": parsed.text}


def _disagreement(g: Fact, p: Fact) -> str:
    """'' when the predicted fact agrees with the gold one, else what differs."""
    values = (g.value, *g.alternatives)
    if g.field_type is FieldType.amount:
        if p.unit != g.unit:
            return f"unit {p.unit}"
        ok = any(v is not None and p.value is not None and abs(p.value - v) <= TOLERANCE for v in values)
    elif g.field_type is FieldType.indicator_value:
        pred = p.value if isinstance(p.value, dict) else None
        if g.value is None:
            ok = not present(pred, FieldType.indicator_value)
        else:
            ok = present(pred, FieldType.indicator_value) and any(
                same(_indicator_dump(v), pred, FieldType.indicator_value) for v in values)
    else:
        ok = any(same({"value": v}, {"value": p.value}, g.field_type) for v in values)
    if not ok:
        return "value"
    for part, accepted in g.parts.items():
        read = p.parts.get(part, ())
        if not _level_agrees(accepted, read):
            return f"{part} read as {'/'.join(read) or '—'}"
    return ""


def _level_agrees(accepted: tuple[str, ...], read: tuple[str, ...]) -> bool:
    """Whether a level read (一级, 二级, or a task's project) is one of the gold's accepted texts."""
    return any(norm_level(a) == norm_level(r) for a in accepted for r in read)


def _same_levels(g: Fact, p: Fact) -> bool:
    """Whether a predicted row reads the levels (一级, 二级) of a gold one: each that both name agrees."""
    return all(_level_agrees(accepted, p.parts[part]) for part, accepted in g.parts.items() if p.parts.get(part))


def _match(gold: list[Fact], pred: list[Fact], used: set[int]) -> list[tuple[Optional[int], str]]:
    """For each gold fact, the index of its predicted fact (adding it to `used`),
    or None with why. The same row and column first, a predicted value that
    agrees before one that does not; then, for labelled rows (`side:label`,
    indicators, tasks) left over, the closest label of the same group and column."""
    found: dict[int, int] = {}
    # agreeing pairs first, over the whole table: a row printed twice (`无 | 无` under 经济效益 and 社会效益)
    # pairs with the gold row it agrees with, whichever comes first
    for agreeing in (True, False):
        for gi, g in enumerate(gold):
            if gi in found:
                continue
            keys = (g.row, *g.rows)
            same_cell = [j for j, p in enumerate(pred) if j not in used and p.column == g.column and p.row in keys
                         and (not agreeing or not _disagreement(g, p))]
            if same_cell:
                found[gi] = same_cell[0]
                used.add(same_cell[0])
    open_rows = {p.row for j, p in enumerate(pred) if j not in used}
    candidates = []
    for gi, g in enumerate(gold):
        keys = (g.row, *g.rows)
        if gi in found or ":" not in g.row or open_rows.intersection(keys):
            continue
        group = g.row.split(":", 1)[0] + ":"
        for j, p in enumerate(pred):
            if j in used or p.column != g.column or not p.row.startswith(group):
                continue
            score = max(fuzz.ratio(k[len(group):], p.row[len(group):]) for k in keys)
            if score >= _LABEL_MIN:
                candidates.append((score, not _disagreement(g, p), _same_levels(g, p), gi, j))
    # the best label first, an agreeing value first, then the same levels (two gold rows of one 三级 under two
    # 二级), then in print order
    for _, _, _, gi, j in sorted(candidates, key=lambda c: (-c[0], not c[1], not c[2], c[3], c[4])):
        if gi not in found and j not in used:
            found[gi] = j
            used.add(j)
    out: list[tuple[Optional[int], str]] = []
    for gi, g in enumerate(gold):
        if gi in found:
            out.append((found[gi], ""))
            continue
        columns = sorted({p.column for j, p in enumerate(pred) if j not in used and p.row in (g.row, *g.rows)})
        if not g.row:
            out.append((None, "not read"))  # a field of the table (project_name …): there is no row to find
        else:
            out.append((None, f"column: read as {'/'.join(columns)}" if columns else "no row"))
    return out


def _paired_tables(gold: dict, facts: list[Fact], doc: Document) -> list[Optional[TableBase]]:
    """For each gold fact, the predicted table its table pairs with (None: not found).
    Rows pair by printed title, projects by `pair_projects`, the department
    table with the document's first department table."""
    lines = [t for t in doc.tables if isinstance(t, LineTable)]
    projects = [t for t in doc.tables if isinstance(t, ProjectTable)]
    department = next((t for t in doc.tables if isinstance(t, DepartmentTable)), None)
    titles = pair_tables(list(dict.fromkeys(f.source_table for f in facts if f.table not in _PERFORMANCE)), lines)
    by_seq = pair_projects({f["project_seq"]: f["project"] for f in gold["facts"] if "project_seq" in f}, projects)
    out: list[Optional[TableBase]] = []
    for f in facts:
        if f.table == TableKind.project_performance.value:
            out.append(by_seq.get(f.seq))
        elif f.table == TableKind.department_performance.value:
            out.append(department)
        else:
            out.append(titles.get(f.source_table))
    return out


_PERFORMANCE = (TableKind.project_performance.value, TableKind.department_performance.value)


def _printed(f: Fact) -> list[Union[float, str]]:
    """What to look for in the source to find where a gold fact is printed."""
    values = [*f.printed, f.value, *f.alternatives]
    if f.column == _INDICATOR:
        values = [f.label, *(r.split(":", 1)[1] for r in f.rows), *values]
    return [v for v in values if v is not None and v != ""]


_OPERATOR = LazyPattern(r"^[≥≤<>=]+")
_ROW_LINES = 2  # an indicator's value is printed within this many non-blank lines of its 三级 (wrapped cells centre it)


def legible(f: Fact, region: Optional[Span], index: SourceIndex, others: Sequence[Span] = (),
            operator: bool = True) -> bool:
    """Whether a gold fact is printed as it is in the source text, so that a reader
    could take it without guessing: its value (or an accepted or printed form) is
    found exactly (`SourceIndex.places(exact=True)`: a number as a token that parses
    to it, a text whole with whitespace, width and dashes folded, or wrapped in its
    cell over the next lines with every character as printed: issue 17 asks the
    rules to join wrapped cells), and for an indicator its 三级指标 too, with the value
    in the 三级's row (within `_ROW_LINES` lines of it: a `100%` printed rows away
    does not make this row's `100` legible); an indicator value counts with its
    operator in any form the OCR gave it (`》-`, `二`, `>`, a glyph: `_marked`), which the
    readers repair by vocabulary, but not with its operator lost whole.
    Searched like `silent.cover`: in the paired table's `region`, else outside the
    `others` tables. A fact printed empty is legible. OCR that changed one character
    of a text makes it illegible: what is left is a model's work (issue 17: "a 三级
    text with two wrong characters cannot be read right without a model"). With
    `operator` False, an indicator value counts without its operator whatever the
    OCR left of it (`FactResult.unmarked`: legible but for an operator dropped whole)."""
    values = [v for v in (*f.printed, f.value, *f.alternatives) if v is not None and v != ""]
    bare = [b for v in values if f.field_type is FieldType.indicator_value and (b := _OPERATOR.sub("", v)) != v]

    def marked(place: Span) -> bool:
        return not operator or _marked(index, place)

    if f.column != _INDICATOR:
        return f.value is None or any(index.places(v, region, others, exact=True, wrapped=True) for v in values) \
            or any(marked(p) for v in bare for p in index.places(v, region, others, exact=True, wrapped=True))
    labels = [v for v in (f.label, *(r.split(":", 1)[1] for r in f.rows)) if v]
    rows = [p for v in labels for p in index.places(v, region, others, exact=True, wrapped=True)]
    if f.value is None:
        return bool(rows)
    near = [index.lines_around(row, _ROW_LINES) for row in rows]
    return any(index.inside(v, span, exact=True, wrapped=True) for span in near for v in values) \
        or any(marked(p) for span in near for v in bare for p in index.inside(v, span, exact=True, wrapped=True))


_MARK_CELL = 2  # characters at most of an operator printed in a column of its own (指标性质: `》=`, a glyph)


def _marked(index: SourceIndex, place: Span) -> bool:
    """Whether some mark stands before the figure at `place` on its line, where its operator stands
    (`》=95%`, `过90百分比`, `>80`): an operator the OCR changed is read back by vocabulary, one it
    dropped whole (`80百分比` for ≥80百分比) is not printed."""
    line = index.text[index.text.rfind("\n", 0, place.start) + 1:place.start]
    if not line.strip():
        return False
    if not any(m.end() == len(line) for m in CELL_GAP.finditer(line)):
        return True  # glued to the figure, or a space between
    # in a cell of its own: an operator column's (`芯    100    %`), not the 三级 before the value (`次数    6次`)
    return len(CELL_GAP.split(line.rstrip())[-1].strip()) <= _MARK_CELL


def score_facts(gold: dict, doc: Document, text: Optional[str] = None) -> FactsScore:
    """Score one document's prediction against its facts file.

    With the source `text` (the document text the spans point into), every
    missed or wrong fact is also classified as a silent loss or not
    (`silent.cover`); without it `silent` stays None.
    """
    facts = gold_facts(gold)
    paired = _paired_tables(gold, facts, doc)
    pred = predicted_facts(doc)
    result = FactsScore(
        gold["doc"],
        predicted=sum(len(v) for v in pred.values()),
        flagged=sum(p.flagged for v in pred.values() for p in v),
    )
    used: dict[str, set[int]] = defaultdict(set)
    groups: dict[Optional[str], list[int]] = defaultdict(list)  # predicted table id -> its gold facts, in order
    for i, table in enumerate(paired):
        groups[table.id if table is not None else None].append(i)
    outcomes: dict[int, FactResult] = {}
    for tid, members in groups.items():
        table = paired[members[0]]
        if table is None:
            for i in members:
                outcomes[i] = FactResult(gold["doc"], facts[i], "missed", "no table")
            continue
        right_kind = [i for i in members if table.kind.value == facts[i].table]
        for i in members:
            if i not in right_kind:
                outcomes[i] = FactResult(gold["doc"], facts[i], "missed", f"table kind read as {table.kind.value}", table_id=tid)
        for i, (j, why) in zip(right_kind, _match([facts[i] for i in right_kind], pred[tid], used[tid])):
            fact = facts[i]
            if j is None:
                # a field printed empty and read as nothing is right
                outcome = "correct" if fact.value is None and fact.column != _INDICATOR else "missed"
                outcomes[i] = FactResult(gold["doc"], fact, outcome, why if outcome == "missed" else "", table_id=tid)
                continue
            p = pred[tid][j]
            why = _disagreement(fact, p)
            shown = p.value.get("raw") if isinstance(p.value, dict) else p.value
            outcomes[i] = FactResult(gold["doc"], fact, "wrong" if why else "correct", why if why != "value" else "",
                                     shown, p.flagged, tid)
    result.results = [outcomes[i] for i in range(len(facts))]
    for table in doc.tables:
        if table.id in pred:
            result.spurious.extend(p for i, p in enumerate(pred[table.id]) if i not in used[table.id])
        if table.empty:
            result.empty_tables.append(table.title)
    if text is not None:
        index, coverage = SourceIndex(text), Coverage(doc)
        tables = {t.id: t for t in doc.tables}
        # (a fact of no table found: a narrative block is no other table's, the segmenter may have missed its table in one)
        others = {tid: [t.span for t in doc.tables if t.span is not None and t.id != tid
                        and not (tid is None and isinstance(t, NarrativeBlock))] for tid in [*tables, None]}
        stand_in = _stand_ins(result.results, pred, used)
        headings = {label: span for label, span in reversed(table_headings(text))}  # (the first printing of each)
        for i, r in enumerate(result.results):
            table = tables.get(r.table_id)
            r.legible = legible(r.fact, table.span if table else None, index, others[r.table_id])
            r.unmarked = not r.legible and r.fact.field_type is FieldType.indicator_value and \
                legible(r.fact, table.span if table else None, index, others[r.table_id], operator=False)
            if r.outcome != "correct":
                r.cover = cover(_printed(r.fact), table.span if table else None, r.table_id,
                                r.flagged or stand_in.get(i, False), index, coverage, others[r.table_id],
                                headings.get(r.fact.source_table.split(" ", 1)[0]))
                r.silent = r.cover is Cover.none
    return result


def _stand_ins(results: list[FactResult], pred: dict[str, list[Fact]], used: dict[str, set[int]]) -> dict[int, bool]:
    """For each gold indicator no predicted row paired with (its 三级 read too
    garbled to match), whether the predicted indicator standing in its place is
    flagged: the table's unpaired predicted indicators taken in order, the
    first under the same 二级 (or with no 二级 read) after the last one taken.
    A reviewer who corrects that flagged row recovers the fact, so its loss is
    not silent. {result index: flagged}."""
    out: dict[int, bool] = {}
    start: dict[str, int] = defaultdict(int)
    for i, r in enumerate(results):
        if r.table_id is None or r.fact.column != _INDICATOR or r.why != "no row":
            continue
        rows = pred.get(r.table_id, [])
        level2 = {norm_level(x) for x in r.fact.parts.get("level2", ())}
        for j in range(start[r.table_id], len(rows)):
            p = rows[j]
            if j in used[r.table_id] or p.column != _INDICATOR:
                continue
            read = {norm_level(x) for x in p.parts.get("level2", ())}
            if not read or not level2 or read & level2:
                out[i] = p.flagged
                start[r.table_id] = j + 1
                break
    return out


@dataclass
class FactsEvaluation:
    folder: str
    backend: str
    scores: list[FactsScore] = field(default_factory=list)

    @staticmethod
    def counts(results: list[FactResult], predicted: int, flagged: int | None = None) -> dict:
        """Counts of a group of facts: correct, wrong, missed, recall, precision,
        and silent losses (`silent_rate` over all the group's facts)."""
        correct = sum(r.outcome == "correct" for r in results)
        wrong = [r for r in results if r.outcome == "wrong"]
        out = {
            "facts": len(results), "correct": correct, "wrong": len(wrong),
            "missed": sum(r.outcome == "missed" for r in results), "predicted": predicted,
            "lost": sum(r.outcome != "correct" for r in results),
            "recall": round(correct / len(results), 4) if results else 0.0,
            "precision": round(correct / predicted, 4) if predicted else 0.0,
            "wrong_flagged": sum(r.flagged for r in wrong),
            **silent_counts([bool(r.silent) for r in results], len(results)),
            "table_finding_only": sum(r.cover is Cover.table for r in results),
        }
        legible = [r for r in results if r.legible]
        unmarked = [r for r in results if r.unmarked]
        if any(r.legible is not None for r in results):
            out["legible"] = len(legible)
            out["legible_recall"] = round(sum(r.outcome == "correct" for r in legible) / len(legible), 4) if legible else 0.0
            out["unmarked"] = len(unmarked)
            out["unmarked_recall"] = round(sum(r.outcome == "correct" for r in unmarked) / len(unmarked), 4) if unmarked else 0.0
        if flagged is not None:
            out["flagged"] = flagged
            out["review_load"] = round(flagged / predicted, 4) if predicted else 0.0
        return out

    def _grouped(self, key) -> dict[str, dict]:
        """Counts by `key(fact)`; predicted = the group's paired and spurious values."""
        results: dict[str, list[FactResult]] = defaultdict(list)
        predicted: dict[str, int] = defaultdict(int)
        for s in self.scores:
            for r in s.results:
                results[key(r.fact)].append(r)
                predicted[key(r.fact)] += r.outcome != "missed"
            for p in s.spurious:
                predicted[key(p)] += 1
        return {k: self.counts(v, predicted[k]) for k, v in sorted(results.items())}

    def as_dict(self) -> dict:
        results = [r for s in self.scores for r in s.results]
        spurious = [(s.doc, p) for s in self.scores for p in s.spurious]
        return {
            "folder": self.folder,
            "backend": self.backend,
            "overall": self.counts(
                results, sum(s.predicted for s in self.scores), sum(s.flagged for s in self.scores)
            ),
            "by_table_kind": self._grouped(lambda f: f.table),
            "by_field_type": self._grouped(lambda f: f.field_type.value),
            "documents": [
                {"doc": s.doc, **self.counts(s.results, s.predicted, s.flagged), "empty_tables": s.empty_tables}
                for s in self.scores
            ],
            "misses": [_listed(r) for r in results if r.outcome != "correct"],
            "silent_facts": [_listed(r) for r in results if r.silent],
            "spurious": [
                {"doc": doc, "table": p.source_table, "row": p.label, "column": p.column,
                 "pred": p.value.get("raw") if isinstance(p.value, dict) else p.value}
                for doc, p in spurious
            ],
        }


def _listed(r: FactResult) -> dict:
    return {"doc": r.doc, "table": r.fact.source_table, "row": r.fact.label, "column": r.fact.column,
            "gold": r.fact.value, "pred": r.pred, "outcome": r.outcome, "why": r.why, "flagged": r.flagged,
            "silent": r.silent, "cover": r.cover.value if r.cover is not None else None}


def evaluate_facts(folder: Path, backend="rules", flag_below: float | None = None, llm=None, read=None) -> FactsEvaluation:
    """Extract each facts file's source and score it, silent losses included.

    `read(path)` turns a source path into a SourceText (default: the text route,
    `ingest.read_source`), so that the same facts score the PDF route too.
    """
    from ..api import Backend, extract_source
    from ..confidence import FLAG_BELOW
    from ..ingest import read_source

    backend = Backend(backend)
    result = FactsEvaluation(str(folder), backend.value)
    for item in load_facts(folder):
        source = (read or read_source)(item.source)
        doc = extract_source(source, Path(item.gold["doc"]).stem, backend, flag_below or FLAG_BELOW, llm)
        result.scores.append(score_facts(item.gold, doc, source.text))
    return result
