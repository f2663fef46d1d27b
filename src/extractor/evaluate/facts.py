"""Score extracted documents against gold *facts*: one fact per printed amount.

The facts format (eval/dev/README.md) names each amount by its table (the
printed title and the table kind), its row (a subject code, 合计, or a summary
item label with its side) and its column kind. A fact is found when the
prediction has an amount at the same table, row and column kind; it is right
when the value and the unit agree too. Every predicted amount that is not a
gold fact counts against precision.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rapidfuzz import fuzz

from ..models import Document, LineTable, RowKind

FACTS_SUFFIX = ".facts.json"
TOLERANCE = 0.005  # amounts are printed to the cent
_TITLE_MIN = 60  # fuzzy ratio for pairing a garbled printed title with the gold one
_LABEL_MIN = 75  # fuzzy ratio for pairing a garbled item label


class FactsError(Exception):
    """A facts file that cannot be scored (bad JSON, source text not found)."""


@dataclass
class FactsFile:
    path: Path
    gold: dict
    source: Path


def load_facts(folder: Path) -> list[FactsFile]:
    """`*.facts.json` under a folder; each names its source text, looked up beside it
    or in a sibling `ocr/` folder (the dev-set layout)."""
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
        places = [path.parent / gold["doc"], path.parent.parent / "ocr" / gold["doc"], folder / "ocr" / gold["doc"]]
        source = next((p for p in places if p.is_file()), None)
        if source is None:
            raise FactsError(f"{path.name}: source text {gold['doc']} not found beside it or in ../ocr")
        out.append(FactsFile(path, gold, source))
    return out


def label_key(text: str) -> str:
    """A summary item label folded for comparison: NFKC, no spaces, one numbering style."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^(\d+)[、.,，:：]", r"\1.", text)


@dataclass
class Fact:
    table: str  # table kind
    source_table: str
    row: str  # code digits, "合计", or "side:label"
    column: str
    value: float
    unit: str
    label: str = ""  # for display
    flagged: bool = False


def gold_facts(gold: dict) -> list[Fact]:
    facts = []
    for f in gold["facts"]:
        if "item" in f:
            row = f"{f.get('side', '')}:{label_key(f['item'])}"
            label = f["item"]
        elif f.get("row_kind") == "total" or f.get("code") is None:
            row, label = "合计", "合计"
        else:
            row, label = f["code"], f"{f['code']} {f.get('name', '')}"
        facts.append(
            Fact(f["table"], f["source_table"], row, f["column"], float(f["value"]), f.get("unit", gold["unit"]), label)
        )
    return facts


def predicted_facts(doc: Document) -> dict[str, list[Fact]]:
    """Predicted amounts grouped by table id."""
    out: dict[str, list[Fact]] = {}
    for table in doc.tables:
        if not isinstance(table, LineTable):
            continue
        facts = out.setdefault(table.id, [])
        for line in table.lines:
            if line.row_kind is RowKind.total and line.side is None:
                row, label = "合计", "合计"
            elif line.code is not None and line.row_kind is RowKind.subject:
                row, label = line.code.value, f"{line.code.value} {line.name.value}"
            else:
                side = line.side.value if line.side else ""
                row, label = f"{side}:{label_key(line.name.value)}", line.name.value
            for cell in line.amounts:
                if cell.amount.value is None:
                    continue
                facts.append(
                    Fact(table.kind.value, table.title, row, cell.column.value, cell.amount.value,
                         table.unit or "", label, cell.amount.flagged)
                )
    return out


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


@dataclass
class FactResult:
    doc: str
    fact: Fact
    outcome: str  # correct | wrong | missed
    why: str = ""  # for a miss: no table, no row, column, unit
    pred: Optional[float] = None
    flagged: bool = False


@dataclass
class FactsScore:
    doc: str
    results: list[FactResult] = field(default_factory=list)
    predicted: int = 0
    flagged: int = 0  # predicted amounts flagged for review
    spurious: list[Fact] = field(default_factory=list)
    empty_tables: list[str] = field(default_factory=list)  # printed with headers only, recorded empty


def _find(gold: Fact, pred: list[Fact], used: set[int]) -> tuple[Optional[int], str]:
    """Index of the predicted fact for this gold fact, or None with why."""
    same_row = [i for i, p in enumerate(pred) if i not in used and p.row == gold.row]
    if not same_row and ":" in gold.row:
        side = gold.row.split(":", 1)[0]
        label = gold.row.split(":", 1)[1]
        candidates = [
            (fuzz.ratio(label, p.row.split(":", 1)[1]), i) for i, p in enumerate(pred)
            if i not in used and p.row.startswith(side + ":") and p.column == gold.column
        ]
        best = max(candidates, default=(0, None))
        if best[0] >= _LABEL_MIN:
            labels = pred[best[1]].row
            same_row = [i for i, p in enumerate(pred) if i not in used and p.row == labels]
    if not same_row:
        return None, "no row"
    same_col = [i for i in same_row if pred[i].column == gold.column]
    if not same_col:
        columns = sorted({pred[i].column for i in same_row})
        return None, f"column: read as {'/'.join(columns)}"
    right = [i for i in same_col if abs(pred[i].value - gold.value) <= TOLERANCE]
    return (right or same_col)[0], ""


def score_facts(gold: dict, doc: Document) -> FactsScore:
    facts = gold_facts(gold)
    tables = [t for t in doc.tables if isinstance(t, LineTable)]
    titles = list(dict.fromkeys(f.source_table for f in facts))
    pairs = pair_tables(titles, tables)
    pred = predicted_facts(doc)
    result = FactsScore(
        gold["doc"],
        predicted=sum(len(v) for v in pred.values()),
        flagged=sum(p.flagged for v in pred.values() for p in v),
    )
    used: dict[str, set[int]] = defaultdict(set)
    for fact in facts:
        table = pairs.get(fact.source_table)
        if table is None:
            result.results.append(FactResult(gold["doc"], fact, "missed", "no table"))
            continue
        if table.kind.value != fact.table:
            result.results.append(FactResult(gold["doc"], fact, "missed", f"table kind read as {table.kind.value}"))
            continue
        found, why = _find(fact, pred[table.id], used[table.id])
        if found is None:
            result.results.append(FactResult(gold["doc"], fact, "missed", why))
            continue
        used[table.id].add(found)
        p = pred[table.id][found]
        if p.unit != fact.unit:
            outcome, why = "wrong", f"unit {p.unit}"
        elif abs(p.value - fact.value) <= TOLERANCE:
            outcome = "correct"
        else:
            outcome = "wrong"
        result.results.append(FactResult(gold["doc"], fact, outcome, why, p.value, p.flagged))
    for table in tables:
        result.spurious.extend(p for i, p in enumerate(pred[table.id]) if i not in used[table.id])
        if table.empty:
            result.empty_tables.append(table.title)
    return result


@dataclass
class FactsEvaluation:
    folder: str
    backend: str
    scores: list[FactsScore] = field(default_factory=list)

    @staticmethod
    def counts(results: list[FactResult], predicted: int, flagged: int | None = None) -> dict:
        correct = sum(r.outcome == "correct" for r in results)
        wrong = [r for r in results if r.outcome == "wrong"]
        out = {
            "facts": len(results), "correct": correct, "wrong": len(wrong),
            "missed": sum(r.outcome == "missed" for r in results), "predicted": predicted,
            "recall": round(correct / len(results), 4) if results else 0.0,
            "precision": round(correct / predicted, 4) if predicted else 0.0,
            "wrong_flagged": sum(r.flagged for r in wrong),
        }
        if flagged is not None:
            out["flagged"] = flagged
            out["review_load"] = round(flagged / predicted, 4) if predicted else 0.0
        return out

    def as_dict(self) -> dict:
        results = [r for s in self.scores for r in s.results]
        spurious = [(s.doc, p) for s in self.scores for p in s.spurious]
        by_kind: dict[str, list[FactResult]] = defaultdict(list)
        for r in results:
            by_kind[r.fact.table].append(r)
        pred_by_kind: dict[str, int] = defaultdict(int)
        for r in results:
            if r.outcome != "missed":
                pred_by_kind[r.fact.table] += 1
        for _, p in spurious:
            pred_by_kind[p.table] += 1
        return {
            "folder": self.folder,
            "backend": self.backend,
            "overall": self.counts(
                results, sum(s.predicted for s in self.scores), sum(s.flagged for s in self.scores)
            ),
            "by_table_kind": {k: self.counts(v, pred_by_kind[k]) for k, v in sorted(by_kind.items())},
            "documents": [
                {"doc": s.doc, **self.counts(s.results, s.predicted, s.flagged), "empty_tables": s.empty_tables}
                for s in self.scores
            ],
            "misses": [
                {"doc": r.doc, "table": r.fact.source_table, "row": r.fact.label, "column": r.fact.column,
                 "gold": r.fact.value, "pred": r.pred, "outcome": r.outcome, "why": r.why, "flagged": r.flagged}
                for r in results if r.outcome != "correct"
            ],
            "spurious": [
                {"doc": doc, "table": p.source_table, "row": p.label, "column": p.column, "pred": p.value}
                for doc, p in spurious
            ],
        }


def evaluate_facts(folder: Path, backend="rules", flag_below: float | None = None, llm=None, read=None) -> FactsEvaluation:
    """Extract each facts file's source and score it.

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
        result.scores.append(score_facts(item.gold, doc))
    return result
