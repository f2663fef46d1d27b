"""The space-aligned (scanned OCR) parser on the dev set's real tesseract text,
scored against the gold facts read from the PDFs' own text layer."""

import json
from pathlib import Path

import pytest

from extractor.api import extract_source
from extractor.evaluate.facts import evaluate_facts, score_facts
from extractor.ingest import read_source
from extractor.grid import Layout
from extractor.models import ColumnKind, LineTable, Reason, TableKind
from extractor.segment import segment

DEV = Path(__file__).resolve().parents[1] / "eval" / "dev"
STEMS = ["sh-putuo-caizheng-2025-budget", "sh-putuo-zhengfuban-2025-budget", "sh-putuo-fuliyuan-2024-budget"]


@pytest.fixture(scope="module")
def docs():
    return {s: extract_source(read_source(DEV / "ocr" / f"{s}.txt"), s) for s in STEMS}


def gold(stem):
    return json.loads((DEV / "gold" / f"{stem}.facts.json").read_text(encoding="utf-8"))


def tables(doc):
    return [t for t in doc.tables if isinstance(t, LineTable)]


def test_all_nine_template_tables_found_with_kinds_units_and_layout(docs):
    expected = [
        TableKind.income_expenditure_summary, TableKind.income_by_source, TableKind.department_expenditure,
        TableKind.income_expenditure_summary, TableKind.expenditure_by_function, TableKind.fund_expenditure,
        TableKind.other, TableKind.basic_expenditure_by_economic, TableKind.three_public,
    ]
    for stem, doc in docs.items():
        found = tables(doc)
        assert [t.kind for t in found] == expected, stem
        assert [t.unit for t in found] == ["元"] * 8 + ["万元"], stem  # the 三公 table alone is in 万元
        # 政府性基金 and 国有资本经营 tables print headers and an empty 合计 only: recorded empty
        assert [t.empty for t in found] == [False] * 5 + [True, True] + [False] * 2, stem
    text = (DEV / "ocr" / f"{STEMS[0]}.txt").read_text(encoding="utf-8")
    assert {c.layout for c in segment(text)} == {Layout.spaced}


def test_fact_recall_on_the_ocr_text(docs):
    for stem, doc in docs.items():
        score = score_facts(gold(stem), doc)
        correct = sum(r.outcome == "correct" for r in score.results)
        assert correct / len(score.results) >= 0.98, stem
        assert correct / score.predicted >= 0.98, stem
        # what is still wrong is an OCR digit error in the text itself, and it is flagged
        assert all(r.flagged for r in score.results if r.outcome == "wrong"), stem
        assert not [r for r in score.results if r.outcome == "missed"], stem


def test_ocr_digit_errors_are_flagged_with_the_arithmetic_value_as_candidate(docs):
    doc = docs["sh-putuo-caizheng-2025-budget"]
    spending = next(t for t in tables(doc) if t.kind is TableKind.department_expenditure)
    total = next(line for line in spending.lines if line.code is None)
    basic = total.amount(ColumnKind.basic)
    assert basic.value == 253121091.0  # printed 25,121,091.00; OCR added a digit
    assert basic.flagged and Reason.sum_mismatch in basic.all_reasons
    proposals = {f.proposed for f in doc.findings if f.proposed}
    assert "25121091" in {p.split(".")[0] for p in proposals}


def test_a_header_too_garbled_is_completed_from_the_arithmetic_and_flagged(docs):
    # fuliyuan's 财务收支预算总表 header reads `基本支出 / 人 人员经费 公用经费 站`: 项目支出 is lost
    doc = docs["sh-putuo-fuliyuan-2024-budget"]
    summary = tables(doc)[0]
    assert summary.columns == [ColumnKind.total, ColumnKind.personnel, ColumnKind.public_operating, ColumnKind.project]
    assert any("inferred project" in w for w in summary.warnings)
    line = next(x for x in summary.lines if "社会保障" in x.name.value)
    assert [(a.column, a.amount.value) for a in line.amounts] == [
        (ColumnKind.total, 11281624), (ColumnKind.personnel, 6540674),
        (ColumnKind.public_operating, 2120950), (ColumnKind.project, 2620000),
    ]
    assert Reason.column_inferred in line.amount(ColumnKind.project).reasons


def test_blank_cells_placed_by_their_gaps_and_the_hierarchy(docs):
    doc = docs["sh-putuo-zhengfuban-2025-budget"]
    economic = next(t for t in tables(doc) if t.kind is TableKind.basic_expenditure_by_economic)
    rows = {line.code.value: line for line in economic.lines if line.code}
    # personnel-only and operating-only rows: blank cells, no 0.00 printed
    assert [a.column for a in rows["30101"].amounts] == [ColumnKind.total, ColumnKind.personnel]
    assert [a.column for a in rows["30201"].amounts] == [ColumnKind.total, ColumnKind.public_operating]


def test_evaluate_facts_reports_by_kind_and_lists_misses():
    report = evaluate_facts(DEV).as_dict()
    assert report["overall"]["facts"] == 647
    assert report["overall"]["recall"] >= 0.95
    assert set(report["by_table_kind"]) == {
        "income_expenditure_summary", "income_by_source", "department_expenditure", "expenditure_by_function",
        "basic_expenditure_by_economic", "three_public",
    }
    misses = report["misses"]
    assert len(misses) == report["overall"]["facts"] - report["overall"]["correct"]
    assert {m["gold"] for m in misses} >= {25121091.0}
