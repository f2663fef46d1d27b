"""A perfect model: an LLM provider that answers every request from the gold.

It measures the LLM design apart from any model's skill (issue 18): what the
`llm` and `hybrid` backends would give if the model read every table exactly
as the gold does. It needs no model and no network, so tests and
`extract eval --provider oracle` run it anywhere.

How a request is answered:

1. **Which document and which part of it.** A table request is gridded
   (`extract/llm/anchor.py`): its validation context holds the cells it
   shows, with their spans in the document read. Its last run of consecutive
   rows (a split table repeats its head rows before them) is the part's rows
   region, placed in the gold document that prints most of those cells at the
   same distances from each other (the document read may be a damaged,
   shifted copy). A request without cells (naming a table kind) is placed by
   its text: the last run of its lines printed as one piece in a gold source.
2. **Which gold table.** The gold tables of the schema's family (line table,
   project, department, self-evaluation) are scored by how many of their
   values are printed inside the region (`silent.SourceIndex`, OCR tolerant);
   the best one answers. A request where no gold value is printed gets an
   empty answer: there is nothing a perfect reader would copy.
3. **Which rows.** Scalar fields (a project's name, funds …) are answered
   whole. A list item (a line, an indicator, a fund line, a key task) is
   answered by the part that prints it; an item the OCR destroyed (none of
   its values printed anywhere) goes with the part holding its nearest
   printed neighbour, as a reader who sees the row in its place would read it.
4. **What is said.** As a perfect reader of the grid answers: a number, a code
   or an indicator value by the reference of the cell printing it (`_Referrer`:
   looked for in the item's own row first, left to right), a text by the
   reference of a cell printing exactly it; else the gold's value as printed
   (`raw` of an amount or an indicator value, the clean `value` of a text: a
   reading through OCR damage). The answer is then grounded and normalised by
   the same builder as a real model's answer.

Gold comes in two forms: the fixtures' documents (`eval/fixtures`, the
product's own document schema) and facts files (`eval/dev`, `eval/dev-scans`),
which are turned into the same shapes first (`_facts_tables`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Optional

from pydantic import BaseModel
from rapidfuzz import fuzz

from ..extract.llm.anchor import position, reference
from ..extract.llm.schemas import COLUMNS, OTHER_AMOUNTS, ROW, anchored, implied, item_model, placement_fields
from ..grid import Cell
from ..ingest import read_source
from ..lazyre import LazyPattern
from ..models import ColumnKind, Span, TableKind
from ..numbers import clean_text, parse_amount
from ..provider.client import Inference, Usage
from ..vocabulary import column_label
from .facts import load_facts
from .silent import SourceIndex, significant_digits


class Family(str, Enum):
    """The answer schemas, by the document-model field that holds a table's content."""

    lines = "lines"
    summary = "summary"  # a line table whose rows say their side (收支总表)
    project = "project"
    department = "department"
    evaluation = "evaluation"


_FAMILY_OF_KIND = {
    TableKind.income_expenditure_summary: Family.summary,
    TableKind.project_performance: Family.project,
    TableKind.department_performance: Family.department,
    TableKind.self_evaluation: Family.evaluation,
}
# Category fields: printed in every row, so they cannot say where an item is.
_NOT_ANCHORS = {"level1", "level2", "side", "role", "column"}
_COLUMN_KINDS = {k.value for k in ColumnKind}
_MIN_DIGITS = 3  # shorter numbers (0, 12, 100) are printed everywhere
# A total row's name is printed in every table, an empty one too: it cannot say which table is printed.
_TOTAL_WORDS = LazyPattern(r"合计|总计|小计")
_HEAD_CHARS = 200  # a table's title is printed within its first lines


def family_of(schema: type[BaseModel]) -> Family:
    """The family an answer schema fills, from its fields (`lines` with or without `side`, `key_tasks` …)."""
    fields = schema.model_fields
    if "lines" in fields:
        return Family.summary if "side" in item_model(fields["lines"].annotation).model_fields else Family.lines
    if "total_score" in fields or "annual_outcome" in fields:
        return Family.evaluation
    if "key_tasks" in fields or "duties" in fields:
        return Family.department
    return Family.project


class _Code(str):
    """A row's code as an anchor: found only as a whole number."""


@dataclass
class GoldTable:
    """One gold table: its content in the document model's JSON shape (`content`), and
    for each list item the printed values that say where it stands (`anchors`)."""

    family: Family
    kind: TableKind
    content: dict
    title: str = ""
    span: Optional[Span] = None
    anchors: dict[str, list[list]] = field(default_factory=dict)  # list field → per item, its anchors


@dataclass
class GoldDocument:
    text: str
    tables: list[GoldTable]
    index: SourceIndex = field(init=False)
    chunks: list[Span] = field(init=False)  # the segmenter's tables: a part's other parts lie in its chunk

    _homes: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        from ..segment import segment

        self.index = SourceIndex(self.text)
        self.chunks = [Span(start=c.start, end=c.end) for c in segment(self.text)]
        for table in self.tables:
            for name, items in table.content.items():
                if isinstance(items, list) and items and isinstance(items[0], dict):
                    table.anchors[name] = [list(_anchors(item)) for item in items]

    def inside(self, printed, span: Span) -> bool:
        """Whether `printed` (a text, a number or a code) is printed inside `span` (OCR tolerant; a code
        as a whole number, not inside a longer one)."""
        places = self.index.places(printed, span)
        if isinstance(printed, _Code):
            places = [p for p in places if not (self.text[p.start - 1 : p.start].isdigit()
                                                or self.text[p.end : p.end + 1].isdigit())]
            # a code printed as such is found only where it is: its siblings differ from it in one digit
            if re.search(rf"(?<!\d){printed}(?!\d)", self.text):
                places = [p for p in places if self.text[p.start : p.end] == printed]
        return any(span.start <= p.start and p.end <= span.end for p in places)

    def head(self, span: Span) -> str:
        """The first lines of a table's text, where its title is printed."""
        return self.text[span.start : min(span.end, span.start + _HEAD_CHARS)]

    def holds(self, anchors: list, span: Span) -> bool:
        """Whether a list item with these anchors is printed inside `span`: by its code alone when the code
        is printed in the document (a unit row's name and amounts are printed again in its sub-units'
        rows), else by any of its values."""
        if anchors and isinstance(anchors[0], _Code) and self.inside(anchors[0], Span(start=0, end=len(self.text))):
            return self.inside(anchors[0], span)
        return any(self.inside(a, span) for a in anchors)

    def choose(self, family: Optional[Family], span: Span, head: str) -> Optional[tuple[GoldTable, dict]]:
        """The gold table of `family` (None: any) printed in `span`: the one whose labelled span overlaps it, else the one
        with most of its values printed there (tables printing the same rows, as 支出总表 and 功能分类表, told
        apart by their titles in `head`, the table's first lines); with which of its list items are printed there; None when none is."""
        scored = []
        for table in self.tables:
            if family is not None and table.family is not family:
                continue
            placed = {name: [self.holds(item, span) for item in items]
                      for name, items in table.anchors.items()}
            scalars = sum(self.inside(p, span) for v in table.content.values() if not isinstance(v, list)
                          for p in [_printed(v)] if p and len(p) >= 4)
            overlap = table.span is not None and table.span.start < span.end and span.start < table.span.end
            score = sum(map(sum, placed.values())) + scalars
            # values weighed by how well the title fits, to tell apart tables sharing rows (收支总表 and
            # 财政拨款收支总表); at most halved, since OCR may garble the title itself
            titled = score * max(fuzz.partial_ratio(table.title, head), 50) / 100 if table.title else score
            if score or overlap:
                scored.append(((overlap, titled, score), table, placed))  # a gold table's own span decides
        if not scored:
            return None
        _, table, placed = max(scored, key=lambda s: s[0])
        return table, placed

    def homes(self, family: Family) -> dict[int, list[Span]]:
        """For each gold table (by id), the chunks whose best table of `family` it is."""
        if family not in self._homes:
            homes: dict[int, list[Span]] = defaultdict(list)
            for chunk in self.chunks:
                chosen = self.choose(family, chunk, self.head(chunk))
                if chosen is not None:
                    homes[id(chosen[0])].append(chunk)
            self._homes[family] = homes
        return self._homes[family]


def _printed(value) -> Optional[str]:
    """A gold value as a reader would write it: an amount's or indicator value's printed form, a text's clean text."""
    if value is None or isinstance(value, (str, int, float)):
        return None if value is None else str(value)
    if isinstance(value.get("value"), str):
        return value["value"]
    return value.get("raw")


def _anchors(item: dict) -> Iterable:
    """The values of a list item that can be looked for in the source: its code first (`GoldDocument.holds`),
    then its texts and its numbers of three digits or more."""
    code = _printed(item.get("code"))
    if code:
        yield _Code(code)
    for name, value in item.items():
        if name in _NOT_ANCHORS or name == "code" or not isinstance(value, dict):
            continue
        number, text = value.get("value"), _printed(value)
        if isinstance(number, (int, float)):
            if len(significant_digits(number)) >= _MIN_DIGITS:
                yield float(number)
        elif text and len(text.strip()) >= 2 and not _TOTAL_WORDS.fullmatch("".join(text.split())):
            yield text


# --- the gold, in the document model's shapes --------------------------------------------------------------------


def _flat_line(line: dict) -> dict:
    """A gold BudgetLine as a line-schema row: code, name, side, and one field per amount column."""
    row = {"code": line.get("code"), "name": line.get("name"), "side": line.get("side")}
    for cell in line.get("amounts", []):
        row[cell["column"]] = cell["amount"]
    return row


def _fixture_tables(gold: dict) -> list[GoldTable]:
    out = []
    for t in gold["tables"]:
        kind = TableKind(t["kind"])
        span = Span(**t["span"]) if t.get("span") else None
        if kind is TableKind.narrative:
            continue
        family = _FAMILY_OF_KIND.get(kind, Family.lines)
        if family in (Family.lines, Family.summary):
            content = {"lines": [_flat_line(line) for line in t.get("lines", [])]}
        else:
            content = t[{"project": "project", "department": "department", "evaluation": "evaluation"}[family.value]]
        out.append(GoldTable(family, kind, content, t.get("title") or "", span))
    return out


def _text(value) -> Optional[dict]:
    return None if value is None else {"value": str(value)}


def _amount(value) -> Optional[dict]:
    if value is None:
        return None
    printed = repr(float(value))  # the shortest form: 31214205.8, not 31214205.8000000007
    return {"raw": printed.removesuffix(".0"), "value": float(value)}


def _indicator(f: dict) -> dict:
    return {"level1": _text(f.get("level1")), "level2": _text(f.get("level2")), "level3": _text(f.get("level3")),
            "value": None if f.get("value") is None else {"raw": str(f["value"])}}


def _facts_tables(gold: dict) -> list[GoldTable]:
    """A facts file's facts as gold tables: rows grouped by printed table, projects by `project_seq`."""
    lines: dict[str, dict[tuple, dict]] = defaultdict(dict)
    projects: dict[int, dict] = {}
    names: dict[int, str] = {}
    department: dict = {}
    for f in gold["facts"]:
        if "field" not in f:
            key = (f.get("side"), f.get("item")) if "item" in f else (f.get("code"), f.get("name"))
            row = lines[(f["table"], f["source_table"])].setdefault(key, {
                "code": _text(f.get("code")), "name": _text(f.get("item") or f.get("name") or "合计"),
                "side": f.get("side"),
            })
            row[f["column"]] = _amount(f["value"])
        elif f["table"] == TableKind.department_performance.value:
            if f["field"] == "indicator":
                department.setdefault("indicators", []).append(_indicator(f))
            elif f["field"] == "task_budget":
                department.setdefault("key_tasks", []).append(
                    {"task": _text(f["task"]), "project": _text(f.get("task_project")), "amount": _amount(f["value"])})
            else:
                department.setdefault("funds", []).append(
                    {"side": f["side"], "name": _text(f["item"]), "amount": _amount(f["value"])})
        else:
            project = projects.setdefault(f["project_seq"], {"indicators": []})
            names[f["project_seq"]] = f.get("project") or ""
            if f["field"] == "indicator":
                project["indicators"].append(_indicator(f))
            elif f["field"].startswith("funds_"):
                project[f["field"]] = _amount(f["value"])
            else:
                project[f["field"]] = _text(f["value"])
    out = [GoldTable(_FAMILY_OF_KIND.get(TableKind(kind), Family.lines), TableKind(kind), {"lines": list(rows.values())},
                     title) for (kind, title), rows in lines.items()]
    # a project's name stands in its table's first lines, as a title does
    out += [GoldTable(Family.project, TableKind.project_performance, projects[seq], names[seq]) for seq in sorted(projects)]
    if department:
        out.append(GoldTable(Family.department, TableKind.department_performance, department))
    return out


# --- answering ---------------------------------------------------------------------------------------------------


def _fill(schema: type[BaseModel], content: dict, keep=None) -> dict:
    """An answer of `schema` from gold `content`; `keep(field, i)` chooses the list items this part prints."""
    out = {}
    for name, info in schema.model_fields.items():
        if name in placement_fields(schema):
            continue
        value = content.get(name)
        item = item_model(info.annotation)
        if name == OTHER_AMOUNTS:  # a line's amounts in columns the request did not name
            out[name] = [{"column": column_label(ColumnKind(k)), "amount": _printed(v)} for k, v in content.items()
                         if k in _COLUMN_KINDS and k not in schema.model_fields and v is not None
                         and k != ColumnKind.unknown.value]  # a column no header names cannot be said
        elif item is not None:
            out[name] = [_fill(item, x) for i, x in enumerate(value or []) if keep is None or keep(name, i)]
        else:
            out[name] = _printed(value)
    return out


@dataclass
class _Region:
    doc: GoldDocument
    span: Span  # the part's rows


class OracleProvider:
    """`Provider.infer` answered from gold documents (module docstring). Never raises:
    a request it cannot place gets an empty answer, as a model that saw no table."""

    def __init__(self, documents: list[GoldDocument], count_tokens: Optional[Callable[[str], int]] = None):
        self.documents = documents
        self.count_tokens = count_tokens  # a tokenizer, to report what a request and its answer would cost

    @classmethod
    def from_folders(cls, fixtures: Iterable[Path] = (), facts: Iterable[Path] = (),
                     count_tokens: Optional[Callable[[str], int]] = None) -> "OracleProvider":
        """The gold of fixture folders (`*.gold.json`) and facts folders (`*.facts.json`), each with its source text."""
        from . import load_fixtures

        docs = []
        for folder in fixtures:
            for fixture in load_fixtures(folder):
                docs.append(GoldDocument(read_source(fixture.source).text, _fixture_tables(fixture.gold)))
        for folder in facts:
            for item in load_facts(folder):
                docs.append(GoldDocument(read_source(item.source).text, _facts_tables(item.gold)))
        return cls(docs, count_tokens)

    def infer(self, schema: type[BaseModel], messages: list[dict], max_tokens: int | None = None,
              context: Optional[dict] = None) -> Inference:
        content = messages[-1]["content"]
        cells = (context or {}).get("cells")
        region = self._placed(cells) if cells else self._region(content)
        if set(schema.model_fields) == {"kind"}:  # name the table kind of a region (`KindAnswer`)
            chosen = region and region.doc.choose(None, region.span, region.doc.head(region.span))
            answer = {"kind": chosen[0].kind.value if chosen else None}
        else:
            answer = (self._answer(schema, region, content) if region else None) or _fill(schema, {}, lambda *_: False)
            if cells:
                answer = _compact(schema, _Referrer(cells).answer(schema, answer), cells)
            else:
                answer = _unprinted_left_out(answer)
        value = schema.model_validate(answer, context=context)
        usage = Usage(requests=1)
        if self.count_tokens is not None:
            usage.prompt_tokens = sum(self.count_tokens(m["content"]) for m in messages)
            usage.completion_tokens = self.count_tokens(value.model_dump_json(exclude_unset=True))
        return Inference(value, usage)

    def _placed(self, cells: dict[str, Cell]) -> Optional[_Region]:
        """The rows of a gridded request (its cells by reference, with their spans in the document
        read): its last run of consecutive rows (a split table's part repeats its head rows before
        them), placed in the gold document that prints most of their cells at the same distances
        from each other (the document read may be a damaged copy of it, shifted)."""
        numbers = sorted({position(ref)[0] for ref in cells})
        first = next(i for i in range(len(numbers) - 1, -1, -1) if i == 0 or numbers[i - 1] != numbers[i] - 1)
        body = [c for ref, c in cells.items() if position(ref)[0] >= numbers[first]]
        pivots = sorted(body, key=lambda c: -len(c.raw))[:3]  # the longest: printed in fewest places
        best: Optional[tuple[int, _Region]] = None
        for doc in self.documents:
            for pivot in pivots:
                at, tries = doc.text.find(pivot.raw), 0
                while at >= 0 and tries < 20:
                    shift = at - pivot.start
                    score = sum(doc.text[c.start + shift : c.end + shift] == c.raw for c in body)
                    if best is None or score > best[0]:
                        span = Span(start=min(c.start for c in body) + shift, end=max(c.end for c in body) + shift)
                        best = (score, _Region(doc, span))
                    at, tries = doc.text.find(pivot.raw, at + 1), tries + 1
        return best[1] if best and 2 * best[0] >= len(body) else None

    def _region(self, content: str) -> Optional[_Region]:
        """The request's rows: its last run of lines printed as one piece in a gold source (the table
        comes last in a prompt, and a part of a split table is its head followed by its rows); of
        the documents printing such a run, the one printing the longest."""
        lines = content.split("\n")
        best: Optional[tuple[tuple[int, int], _Region]] = None
        for doc in self.documents:
            i = 0
            while i < len(lines):
                j, where = i, -1
                while j < len(lines):
                    piece = "\n".join(lines[i : j + 1])
                    at = doc.text.find(piece)
                    if at < 0 or not piece.strip():
                        break
                    where, j = at, j + 1
                if where >= 0 and j > i:
                    key = (j, j - i)  # the run reaching furthest into the request, then the longest
                    if best is None or key > best[0]:
                        size = len("\n".join(lines[i:j]))
                        best = (key, _Region(doc, Span(start=where, end=where + size)))
                i = max(j, i + 1)
        return best[1] if best else None

    def _answer(self, schema: type[BaseModel], region: _Region, content: str) -> Optional[dict]:
        family, doc, span = family_of(schema), region.doc, region.span
        # the chunk this part was cut from: its head says which table it is
        extent = next((c for c in doc.chunks if c.start <= span.start and span.end <= c.end), span)
        chosen = doc.choose(family, span, doc.head(extent))
        if chosen is None:
            return None
        table, placed = chosen
        # where else the table is printed: that chunk, and every chunk whose best gold table
        # it is too (a table the segmenter cut at a page break)
        homes = [extent, *doc.homes(family).get(id(table), [])]
        keep = {name: _kept(placed[name], [any(doc.holds(item, h) for h in homes) for item in items])
                for name, items in table.anchors.items()}
        return _fill(schema, table.content, keep=lambda name, i: name not in keep or keep[name][i])


_OPERATORS = ((LazyPattern(r"[》>]\s*=|≧"), "≥"), (LazyPattern(r"[《<]\s*=|≦"), "≤"))


def _same_printed(cell: Cell, printed: str) -> bool:
    """Whether a cell prints `printed`: the same number (a percentage as a percentage), else the same
    text (whitespace, width and the OCR's operator forms aside)."""
    number, shown = parse_amount(printed), parse_amount(cell.raw)
    if number is not None and number.value is not None and shown is not None and shown.value is not None \
            and ("%" in printed) == ("%" in cell.raw) and math.isclose(shown.value, number.value, abs_tol=1e-9):
        return True

    def norm(s: str) -> str:
        s = "".join(unicodedata.normalize("NFKC", s).split())
        for pattern, op in _OPERATORS:
            s = pattern.sub(op, s)
        return s

    return norm(cell.text) == norm(printed)


class _Referrer:
    """Answers as a perfect reader of a gridded request gives them: a number, a code or an indicator
    value (an `Anchored` field) as the reference of the cell printing it, a text as the reference of
    a cell printing exactly it, else as printed. A list item's values are looked for in its own row
    first (the row from the previous item's on printing most of its values), left to right."""

    def __init__(self, cells: dict[str, Cell]):
        rows: dict[int, list[tuple[str, Cell]]] = defaultdict(list)
        for ref, cell in cells.items():
            rows[position(ref)[0]].append((ref, cell))
        self.rows = [rows[n] for n in sorted(rows)]
        self.at = 0  # the row of the previous list item

    def answer(self, schema: type[BaseModel], answer: dict, home: Optional[int] = None) -> dict:
        out, used = {}, []
        for name, info in schema.model_fields.items():
            if name in placement_fields(schema):
                continue
            value, item = answer.get(name), item_model(info.annotation)
            if item is not None:
                out[name] = [self.answer(item, x, self._home(item, x)) for x in value or []]
                continue
            ref = self._find(value, anchored(info), home, used) if isinstance(value, str) and value.strip() else None
            if ref is not None:
                used.append(ref)
            out[name] = ref or value
        return out

    def _cells(self, home: Optional[int], used: list[str]) -> Iterable[tuple[str, Cell]]:
        """Where a value is looked for: its item's row past the cells the item took (a row's values
        stand left to right), the rest of that row, then the rows after it, then those before."""
        start = self.at if home is None else home
        if home is not None:
            row = [(ref, cell) for ref, cell in self.rows[home] if ref not in used]
            cut = next((i for i in range(len(row) - 1, -1, -1)
                        if used and position(row[i][0])[1] < max(position(ref)[1] for ref in used)), -1) + 1
            yield from row[cut:]
            yield from row[:cut]
            start += 1
        for r in [*range(start, len(self.rows)), *range(0, start)]:
            if r != home:
                yield from self.rows[r]

    def _find(self, value: str, is_anchored: bool, home: Optional[int], used: list[str]) -> Optional[str]:
        return next((ref for ref, cell in self._cells(home, used)
                     if ref not in used and _prints(cell, value, is_anchored)), None)

    def _home(self, schema: type[BaseModel], item: dict) -> Optional[int]:
        """The row a list item is printed in: of the rows from the previous item's on, the first
        printing most of its values (its code counting for more)."""
        values = [(name == "code", item.get(name), anchored(info)) for name, info in schema.model_fields.items()
                  if item_model(info.annotation) is None and isinstance(item.get(name), str) and item[name].strip()]
        best, best_score = None, 0
        for r in range(self.at, len(self.rows)):
            score = sum(1 + is_code for is_code, value, is_anchored in values
                        if any(_prints(cell, value, is_anchored) for _, cell in self.rows[r]))
            if score > best_score:
                best, best_score = r, score
        if best is not None:
            self.at = best
        return best


def _prints(cell: Cell, value: str, is_anchored: bool) -> bool:
    """Whether a cell prints an answer value: a number or a code as `_same_printed`, a text as the
    builder reads the cell (`clean_text`: width and runs of spaces aside)."""
    return _same_printed(cell, value) if is_anchored else clean_text(cell.raw) == clean_text(value)


def _unprinted_left_out(answer: dict) -> dict:
    """An answer as a model writes it: a field with nothing printed left out, lists' items too (a list
    is written, empty or not: the schemas require it)."""
    out = {}
    for name, value in answer.items():
        if isinstance(value, list):
            value = [_unprinted_left_out(x) if isinstance(x, dict) else x for x in value]
        if value is not None:
            out[name] = value
    return out


def _compact(schema: type[BaseModel], answer: dict, cells: dict[str, Cell]) -> dict:
    """The shortest answer that says the same (`schemas.expand` writes it out again): fields with
    nothing printed left out; a list's items by their rows, with the column each field is
    printed in most often as the list's column map, and only what an item's row and the map (or
    the merged cell above) do not already give written out, a null included."""
    out = _unprinted_left_out({n: v for n, v in answer.items() if item_model(schema.model_fields[n].annotation) is None})
    for name, info in schema.model_fields.items():
        item, items = item_model(info.annotation), answer.get(name)
        if item is None:
            continue
        if not items:
            out[name] = []
            continue
        rows = [_row_of(x) if ROW in item.model_fields else None for x in items]  # items not printed as rows: none
        placed = Counter((key, position(ref)[1]) for x, row in zip(items, rows) for key, value in x.items()
                         if (ref := reference(value)) and position(ref)[0] == row)
        columns: dict[str, int] = {}
        for (key, column), _ in placed.most_common():
            columns.setdefault(key, column)
        if columns:
            out[name + COLUMNS] = columns
        written, above = [], {}
        for x, row in zip(items, rows):
            short = {} if row is None else {ROW: row}
            for key, key_info in item.model_fields.items():
                if isinstance(x.get(key), list):  # a list inside an item (a line's other amounts): only when not empty
                    if x[key]:
                        short[key] = [_unprinted_left_out(y) for y in x[key]]
                elif key != ROW and implied(key_info, key, row, columns, above.get(key), cells) != x.get(key):
                    short[key] = x.get(key)
            written.append(short)
            above = x
        out[name] = written
    return out


def _row_of(item: dict) -> Optional[int]:
    """The row a list item is printed in: the row most of its references name (None: it names none)."""
    rows = Counter(position(ref)[0] for v in item.values() if (ref := reference(v)))
    return rows.most_common(1)[0][0] if rows else None


def _kept(here: list[bool], printed: list[bool]) -> list[bool]:
    """Which items this part answers: those printed in it, and each unprinted item whose
    nearest printed neighbour (the one before it, else the one after) is printed in it."""
    out = list(here)
    for i, seen in enumerate(printed):
        if seen:
            continue
        before = [k for k in range(i - 1, -1, -1) if printed[k]]
        after = [k for k in range(i + 1, len(printed)) if printed[k]]
        neighbour = (before or after or [None])[0]
        out[i] = True if neighbour is None else here[neighbour]
    return out
