"""The perfect-model provider (evaluate/oracle.py) and what it measures: the LLM
design's ceiling, and a hybrid that is at least the better of its two readers.

Figures measured when this was written (issue 18), rules → llm → hybrid:
seeds field F1 0.9998 → 1.000 → 0.9998; eval/dev fact recall 0.9954 → 1.000 →
1.000; eval/dev-scans 0.579 → 0.993 → 0.993. The llm floors below are the
issue's targets, so that a change that loses what a perfect model gives shows here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from conftest import ROOT, seed_path
from extractor.api import Backend
from extractor.evaluate import evaluate
from extractor.evaluate.facts import evaluate_facts
from extractor.evaluate.oracle import OracleProvider
from extractor.extract.hybrid import merge
from extractor.extract.llm import LLMExtractor
from extractor.extract.rules import parse_document
from extractor.ingest import read_source
from extractor.models import Reason
from extractor.segment import segment

FIXTURES = ROOT / "eval" / "fixtures"
DEV = ROOT / "eval" / "dev"
SCANS = ROOT / "eval" / "dev-scans"


@lru_cache(maxsize=None)
def oracle() -> OracleProvider:
    return OracleProvider.from_folders([FIXTURES], [DEV, SCANS])


def perfect(max_chunk_chars: int = 3000) -> LLMExtractor:
    return LLMExtractor(oracle(), max_chunk_chars=max_chunk_chars, concurrency=1)


@lru_cache(maxsize=None)
def seeds_f1(backend: Backend) -> dict[str, tuple[float, int]]:
    """Field F1 and gold fields, overall and by table kind."""
    ev = evaluate(FIXTURES, backend, llm=None if backend is Backend.rules else perfect())
    counts = {"all": ev.overall(), **ev.by("table_kind")}
    return {kind: (c.f1, c.gold) for kind, c in counts.items()}


@lru_cache(maxsize=None)
def facts_recall(folder: Path, backend: Backend) -> dict[str, tuple[float, int]]:
    """Fact recall and gold facts, overall and by table kind."""
    d = evaluate_facts(folder, backend, llm=None if backend is Backend.rules else perfect()).as_dict()
    counts = {"all": d["overall"], **d["by_table_kind"]}
    return {kind: (c["recall"], c["facts"]) for kind, c in counts.items()}


def test_a_perfect_model_reads_what_the_rules_cannot_on_scans():
    # (the rules read 0.61 of the scans' facts: tesseract destroyed much of the rest, issue 17)
    assert facts_recall(SCANS, Backend.llm)["all"][0] >= 0.99 > 0.8 > facts_recall(SCANS, Backend.rules)["all"][0]
    assert facts_recall(DEV, Backend.llm)["all"][0] >= 0.99
    assert seeds_f1(Backend.llm)["all"][0] >= 0.999


@pytest.mark.parametrize("measure, where", [(seeds_f1, None), (facts_recall, DEV), (facts_recall, SCANS)],
                         ids=["seeds", "dev", "dev-scans"])
def test_hybrid_is_at_least_the_better_reader_on_every_table_kind(measure, where):
    """Within one value per table kind: a sure rules value that the LLM contradicts with one
    printed nowhere stands (an LLM value found nowhere is taken for invented; the post-checks
    flag it when the arithmetic breaks); dev-scans' project tables trail the llm by one."""
    args = () if where is None else (where,)
    rules, llm, hybrid = (measure(*args, backend) for backend in (Backend.rules, Backend.llm, Backend.hybrid))
    for kind, (score, n) in hybrid.items():
        assert score >= max(rules[kind][0], llm.get(kind, (0.0, n))[0]) - 1 / n, kind


def test_on_damaged_pages_hybrid_replaces_garbled_rows_instead_of_keeping_both():
    """A row whose rules reading came out garbled (no key in common with the LLM's reading of it) is
    the LLM's row standing between the same neighbours: replaced, not kept beside it (precision on
    dev-scans was 0.867 with both kept, 0.887 now)."""
    d = evaluate_facts(SCANS, Backend.hybrid, llm=perfect()).as_dict()["overall"]
    assert d["recall"] >= 0.99 and d["precision"] >= 0.88 and d["silent"] == 0


def test_hybrid_adds_the_rows_the_rules_reading_lost_flagged_single_backend():
    source = read_source(seed_path("000"))
    chunks = segment(source.text)
    tables = parse_document(source.text, chunks)
    i = next(i for i, t in enumerate(tables) if t.title == "一般公共预算财政拨款支出预算表")
    whole = tables[i].model_copy(deep=True)
    lost = tables[i].lines[3:6]
    del tables[i].lines[3:6]

    merged = merge(tables[i], perfect().read(source.text, chunks[i], tables[i]))
    assert len(merged.lines) == len(whole.lines)
    back = {line.code.value: line for line in merged.lines if line.code}
    for line in lost:
        added = back[line.code.value]
        assert [c.amount.value for c in added.amounts] == [c.amount.value for c in line.amounts]
        for value in [added.code, added.name, *(c.amount for c in added.amounts)]:
            assert Reason.single_backend in value.reasons and value.span is not None
    kept = [line for line in merged.lines if line.code and line.code.value not in {x.code.value for x in lost}]
    assert all(Reason.single_backend not in line.name.reasons and line.name.agreed for line in kept)


def test_a_split_table_is_answered_part_by_part_without_repeats():
    source = read_source(seed_path("000"))
    chunks = segment(source.text)
    tables = parse_document(source.text, chunks)
    i = next(i for i, t in enumerate(tables) if t.title == "一般公共预算财政拨款支出预算表")
    whole = perfect().read(source.text, chunks[i], tables[i])
    parts = perfect(max_chunk_chars=800).read(source.text, chunks[i], tables[i])
    assert parts.parts > 2 and whole.parts == 1
    rows = lambda reading: [(line.code and line.code.value, line.name.value) for line in reading.table.lines]
    assert rows(parts) == rows(whole) and len(rows(whole)) == len(tables[i].lines)


def test_a_request_from_no_gold_document_gets_an_empty_answer():
    from extractor.extract.llm.schemas import ProjectAnswer

    answer = oracle().infer(ProjectAnswer, [{"role": "user", "content": "请录入下表：\n项目名称\t不存在的项目"}])
    assert answer.value.project_name is None and answer.value.indicators == []


def test_a_table_whose_title_is_lost_is_named_by_the_llm_and_read(tmp_path):
    """The rules take a table without its title lines for prose (the file is `no_tables`); with an
    LLM the region's amounts send it to be named, and both backends read it as that kind."""
    from extractor.api import FileStatus, extract_file

    text = read_source(seed_path("000")).text
    chunk = next(c for c in segment(text) if c.title == "一般公共预算财政拨款支出预算表")
    untitled = tmp_path / "untitled.txt"
    untitled.write_text(text[chunk.start : chunk.end].split("\n", 2)[2], encoding="utf-8")
    assert extract_file(untitled).status is FileStatus.no_tables

    result = extract_file(untitled, backend=Backend.hybrid, llm=perfect())
    assert result.status is FileStatus.ok
    (table,) = result.doc.tables
    assert table.kind.value == "expenditure_by_function" and table.kind_by is Backend.llm
    (finding,) = [f for f in result.doc.findings if f.check.value == "kind_named"]  # a reviewer confirms the kind
    assert finding.table_id == table.id and "the kind the LLM named" in finding.message
    assert len(table.lines) == 24 and table.lines[0].amounts[1].amount.value == 1477.1094
    assert result.doc.llm.requests == 2  # the kind, then the table


def test_damaged_titles_still_give_the_seeds_tables(tmp_path):
    """表 read as 衣 in every title (the OCR slip that left the LLM path with no request)."""
    from extractor.api import extract_file

    source = seed_path("000")
    text = source.read_text(encoding="utf-8")
    titles = {c.title for c in segment(read_source(source).text) if "表" in c.title}
    for title in titles:
        text = text.replace(title, title.replace("表", "衣"))
    damaged = tmp_path / source.name
    damaged.write_text(text, encoding="utf-8")
    clean = extract_file(source, backend=Backend.hybrid, llm=perfect())
    result = extract_file(damaged, backend=Backend.hybrid, llm=perfect())
    assert [t.kind for t in result.doc.tables] == [t.kind for t in clean.doc.tables]
    assert result.doc.llm.tables == clean.doc.llm.tables == 21
