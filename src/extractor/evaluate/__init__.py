"""`extract eval`: run the pipeline on the fixtures' inputs and score it against their gold."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from ..confidence import FLAG_BELOW
from ..errors import ExtractorError
from .score import DocScore, Outcome, Scored, mark_silent, score_document
from .silent import silent_counts

if TYPE_CHECKING:
    from ..api import Backend
    from ..extract.llm import LLMExtractor

GOLD_SUFFIX = ".gold.json"


class FixtureError(ExtractorError):
    """A fixture that cannot be scored (missing source, changed text, bad JSON)."""


@dataclass
class Fixture:
    path: Path
    gold: dict
    source: Path


def load_fixtures(folder: Path) -> list[Fixture]:
    """Gold files of a folder; each names its source text relative to itself."""
    from ..models import Document

    paths = sorted(folder.glob(f"*{GOLD_SUFFIX}"))
    if not paths:
        raise FixtureError(f"no *{GOLD_SUFFIX} files in {folder}")
    fixtures = []
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            Document.model_validate(gold)
        except ValueError as exc:
            raise FixtureError(f"{path.name}: not a gold document: {str(exc).splitlines()[0]}") from exc
        source = (path.parent / gold["source_path"]).resolve()
        if not source.is_file():
            raise FixtureError(f"{path.name}: source text {gold['source_path']} not found")
        fixtures.append(Fixture(path, gold, source))
    return fixtures


@dataclass
class Counts:
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    spurious: int = 0

    def add(self, row: Scored) -> None:
        setattr(self, row.outcome.value, getattr(self, row.outcome.value) + 1)

    @property
    def gold(self) -> int:
        return self.correct + self.wrong + self.missed

    @property
    def predicted(self) -> int:
        return self.correct + self.wrong + self.spurious

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold, "predicted": self.predicted, "correct": self.correct, "wrong": self.wrong,
            "missed": self.missed, "spurious": self.spurious,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


def count(rows: Iterable[Scored]) -> Counts:
    counts = Counts()
    for row in rows:
        counts.add(row)
    return counts


@dataclass
class DocRun:
    doc: str
    seconds: float
    requests: int = 0
    tokens: int = 0
    tables: int = 0  # sent to the LLM
    failed_tables: int = 0
    error: Optional[str] = None


@dataclass
class Evaluation:
    backend: str
    fixtures: str
    flag_below: float
    scores: list[DocScore] = field(default_factory=list)
    runs: list[DocRun] = field(default_factory=list)

    @property
    def rows(self) -> list[Scored]:
        return [row for doc in self.scores for row in doc.fields]

    @property
    def clear(self) -> list[Scored]:
        """Fields whose gold is not marked ambiguous: the ones P/R/F1 are over."""
        return [row for row in self.rows if not row.ambiguous]

    def overall(self) -> Counts:
        return count(self.clear)

    def by(self, attr: str) -> dict[str, Counts]:
        groups: dict[str, list[Scored]] = defaultdict(list)
        for row in self.clear:
            value = getattr(row, attr)
            groups[getattr(value, "value", value)].append(row)
        return {name: count(rows) for name, rows in sorted(groups.items())}

    def tables(self) -> dict:
        matches = [m for doc in self.scores for m in doc.tables]
        gold = sum(m.gold_id is not None for m in matches)
        pred = sum(m.pred_id is not None for m in matches)
        paired = [m for m in matches if m.gold_id and m.pred_id]
        right_kind = sum(m.gold_kind == m.pred_kind for m in paired)
        return {
            "gold": gold, "predicted": pred, "matched": len(paired),
            "detection_recall": round(len(paired) / gold, 4) if gold else 0.0,
            "detection_precision": round(len(paired) / pred, 4) if pred else 0.0,
            "kind_accuracy": round(right_kind / len(paired), 4) if paired else 0.0,
            "kind_errors": [
                {"doc": m.doc, "gold": m.gold_id, "pred": m.pred_id, "gold_kind": m.gold_kind, "pred_kind": m.pred_kind}
                for m in paired if m.gold_kind != m.pred_kind
            ],
            "unmatched": [
                {"doc": m.doc, "gold": m.gold_id, "pred": m.pred_id, "kind": m.gold_kind or m.pred_kind}
                for m in matches if not (m.gold_id and m.pred_id)
            ],
        }

    def review(self) -> dict:
        """Flag capture: of the wrong predicted fields, the share flagged.
        Review load: of all predicted fields, the share flagged."""
        predicted = [r for r in self.rows if r.outcome is not Outcome.missed]
        errors = [r for r in self.clear if r.outcome in (Outcome.wrong, Outcome.spurious)]
        flagged = sum(r.flagged for r in predicted)
        caught = sum(r.flagged for r in errors)
        return {
            "errors": len(errors), "errors_flagged": caught,
            "flag_capture": round(caught / len(errors), 4) if errors else 1.0,
            "fields": len(predicted), "flagged": flagged,
            "review_load": round(flagged / len(predicted), 4) if predicted else 0.0,
            "missed": sum(r.outcome is Outcome.missed for r in self.clear),
        }

    def silent(self) -> dict:
        """Silent loss (`silent.cover`): gold fields missed or wrong with no
        flag and no finding over them, overall, by table kind and by document,
        and each of them."""

        def grouped(key) -> dict:
            groups: dict[str, list[Scored]] = defaultdict(list)
            for r in self.clear:
                groups[key(r)].append(r)
            return {k: silent_counts([bool(r.silent) for r in v], len(v)) for k, v in sorted(groups.items())}

        lost = [r for r in self.clear if r.outcome in (Outcome.missed, Outcome.wrong)]
        return {
            "lost": len(lost),
            **silent_counts([bool(r.silent) for r in self.clear], len(self.clear)),
            "by_table_kind": grouped(lambda r: r.table_kind),
            "by_document": grouped(lambda r: r.doc),
            "items": [
                {"doc": r.doc, "table": r.table, "key": r.key, "outcome": r.outcome.value, "gold": r.gold, "pred": r.pred}
                for r in lost if r.silent
            ],
        }

    def ambiguous(self) -> dict:
        rows = [r for r in self.rows if r.ambiguous]
        return {
            "total": len(rows),
            "agree": sum(r.outcome is Outcome.correct for r in rows),
            "items": [
                {"doc": r.doc, "table": r.table, "key": r.key, "gold": r.gold, "pred": r.pred, "flagged": r.flagged,
                 "why": r.ambiguous}
                for r in rows
            ],
        }


def evaluate(
    folder: Path,
    backend: "Backend | str" = "rules",
    flag_below: float = FLAG_BELOW,
    on_start: Callable[[int], None] | None = None,
    on_doc: Callable[[DocRun], None] | None = None,
    llm: "LLMExtractor | None" = None,
) -> Evaluation:
    """Extract each fixture's source text with `backend` and score it against the gold."""
    from ..api import Backend, extract_source
    from ..ingest import read_source

    backend = Backend(backend)
    fixtures = load_fixtures(folder)
    result = Evaluation(backend.value, str(folder), flag_below)
    if on_start:
        on_start(len(fixtures))
    for fixture in fixtures:
        started = time.perf_counter()
        source = read_source(fixture.source)
        if source.sha256 != fixture.gold["sha256"]:
            raise FixtureError(f"{fixture.path.name}: {fixture.source.name} changed since it was labelled (sha256 differs)")
        doc = extract_source(source, fixture.gold["doc"], backend, flag_below, llm)
        run = DocRun(fixture.gold["doc"], time.perf_counter() - started)
        if doc.llm is not None:
            run.requests = doc.llm.requests
            run.tokens = doc.llm.prompt_tokens + doc.llm.completion_tokens
            run.tables = doc.llm.tables
            run.failed_tables = len(doc.llm.failed_tables)
        scored = score_document(fixture.gold, doc.model_dump(mode="json"))
        mark_silent(scored, source.text, doc)
        result.scores.append(scored)
        result.runs.append(run)
        if on_doc:
            on_doc(run)
    return result
