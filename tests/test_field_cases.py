"""Small real cuts of disclosures from other provinces (and three made up in the
上海 决算 style) that the readers once got wrong: each case's expected values,
as `tests/data/field/<case>.expected.json` states them, read by the rules
backend from `<case>.txt`. Each case names a kind of failure (README of
../shared/field): a whole 5/7-digit code in one cell, a single 金额 column, a
decorated title, pipe rows, the three 三公 layouts, a one-row table, summary
sides, an older vintage's names, two panels, a table followed by its narrative.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractor.api import extract_file
from extractor.models import Check, LineTable, Severity

FIELD = Path(__file__).parent / "data" / "field"
# The coded, summary and 三公 cases; the project-table cases are read by the performance readers.
CASES = sorted(p.name.removesuffix(".expected.json") for p in FIELD.glob("*.expected.json") if "project" not in p.name)


def key(text: str) -> str:
    """An item label as compared: no whitespace or quotes, no numbering (一、 (一) 1. (1) 其中:)."""
    text = re.sub(r"[\s“”\"']", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"^(其中:)?([一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、])*", "", text)


def read(case: str):
    result = extract_file(FIELD / f"{case}.txt")
    assert result.doc is not None, result.error
    return result.doc


def lines_of(doc, kind: str):
    return [line for t in doc.tables if isinstance(t, LineTable) and t.kind.value == kind for line in t.lines]


def amount_in(line, column: str):
    """The line's amount under a column kind, or under a column whose printed heading is `column`."""
    for cell in line.amounts:
        if cell.column.value == column or key(cell.label) == key(column):
            return cell.amount
    return None


def check_fact(doc, fact: dict) -> None:
    kind = fact["kind"]
    if kind == "table":
        titles = {key(t.title): t.kind.value for t in doc.tables}
        assert titles.get(key(fact["title"])) == fact["value"], titles
    elif kind == "not_amount":
        amounts = [a.amount.value for t in doc.tables if isinstance(t, LineTable) for line in t.lines for a in line.amounts]
        assert fact["value"] not in amounts
    elif kind == "finding":
        findings = [f for f in doc.findings if f.check is Check(fact["check"])]
        # "none expected", "holds", "none, or an info note": no warning or error of that check
        assert all(f.severity is Severity.info for f in findings), [f.message for f in findings]
    elif "code" in fact:
        rows = [line for line in lines_of(doc, kind) if line.code is not None and line.code.value == fact["code"]]
        assert rows, f"no row {fact['code']}"
        (row,) = rows
        if "name" in fact:
            assert key(row.name.value) == key(fact["name"])
        amount = amount_in(row, fact.get("column", "total")) if "column" in fact else row.amounts[0].amount
        assert amount is not None and amount.value == pytest.approx(fact["value"])
    else:
        rows = [line for line in lines_of(doc, kind) if key(line.name.value) == key(fact["item"])]
        assert rows, f"no item {fact['item']} in {[line.name.value for line in lines_of(doc, kind)]}"
        row = rows[0]
        if "side" in fact:
            assert row.side.value == fact["side"]
        if not isinstance(fact["value"], (int, float)):  # a blank cell, or text such as 单位不需填列
            assert not row.amounts
            return
        amount = amount_in(row, fact["column"]) if "column" in fact else row.amounts[0].amount
        assert amount is not None and amount.value == pytest.approx(fact["value"])


@pytest.mark.parametrize("case", CASES)
def test_field_case_reads_its_expected_values(case):
    expected = json.loads((FIELD / f"{case}.expected.json").read_text(encoding="utf-8"))["expected"]
    doc = read(case)
    for fact in expected:
        check_fact(doc, fact)


def test_the_cases_cover_the_reading_failures_the_issue_names():
    assert len(CASES) == 12


def test_values_are_not_flagged_where_the_print_is_plain():
    """A clean single-column table, two panels and whole codes raise no doubt."""
    for case in ("column-meaning-single-amount-column-inferred", "synthetic-two-panel-basic-table",
                 "synthetic-whole-codes-final-accounts"):
        doc = read(case)
        assert not [f.message for f in doc.findings if f.severity is not Severity.info], case
        assert not any(a.amount.flagged for line in lines_of(doc, doc.tables[0].kind.value) for a in line.amounts)


def test_narrative_after_a_table_is_not_read_into_it():
    doc = read("synthetic-table-then-narrative")
    table, narrative = doc.tables
    assert narrative.kind.value == "narrative" and "情况说明" in narrative.text
    assert [line.code.value for line in table.lines if line.code] == ["208", "20805", "2080501", "2080505"]
