"""The tables a disclosure must hold, on the real eval/dev disclosures: a table deleted, an empty
table's statement deleted, two tables swapped; each caught by `tables_required` at its place."""

import re
from pathlib import Path

import pytest

from extractor.api import extract_file
from extractor.check.tables import check_tables
from extractor.check.findings import Findings
from extractor.models import Check, LineTable

from audit_docs import STEMS, added, corrupted, dev_text, published


def _table(stem: str, word: str) -> LineTable:
    return next(t for t in published(stem).tables if isinstance(t, LineTable) and word in t.title)


@pytest.mark.parametrize("stem", STEMS)
def test_a_deleted_table_is_named_by_the_contents_list(stem):
    table = _table(stem, "收入预算总表")
    text = dev_text(stem)
    doc, _ = corrupted(stem, text[table.span.start:table.span.end + 1], "")
    (finding,) = added(stem, doc)
    assert finding.check is Check.tables_required and "收入预算总表" in finding.message
    start = finding.spans[0].start
    assert "收入预算总表" in text[start:finding.spans[0].end] and start < table.span.start  # the contents line


@pytest.mark.parametrize("stem", STEMS)
def test_an_empty_table_without_its_statement_is_caught(stem):
    table = _table(stem, "政府性基金")
    assert table.empty
    text = dev_text(stem)
    note = re.search(r"注[:：][^\n]*空表。", text[table.span.start:table.span.end]).group(0)
    doc, at = corrupted(stem, note, "", nth=0)
    (finding,) = added(stem, doc)
    assert finding.check is Check.tables_required and "without a statement" in finding.message
    assert finding.table_id == table.id and finding.spans[0].start <= at <= finding.spans[0].end + 20  # the table, up to where its note stood


def test_tables_printed_out_of_the_templates_order_are_caught():
    stem = "sh-putuo-zhengfuban-2025-budget"
    text = dev_text(stem)
    first, second = _table(stem, "财务收支"), _table(stem, "部门收入预算总表")
    a, b = text[first.span.start:first.span.end], text[second.span.start:second.span.end]
    doc, _ = corrupted(stem, text[first.span.start:second.span.end], b + text[first.span.end:second.span.start] + a)
    found = added(stem, doc)
    assert [f.check for f in found] == [Check.tables_required] and "template's order" in found[0].suggestion


def test_a_document_of_no_known_template_is_held_to_its_empty_statements_only(seed_doc, seed_text):
    """Seed 000 (宁夏中宁县) follows no template of the data file: no table is asked for; its empty
    政府性基金 table printed without a statement is still one (the 公开 rules ask it everywhere)."""
    doc = seed_doc("000")
    findings = Findings()
    check_tables(doc, seed_text("000"), findings)
    assert [(f.check, f.table_id) for f, _ in findings.items] == [(Check.tables_required, "t04")]


def test_a_table_whose_numbers_were_not_read_is_not_called_empty():
    """A 收入支出决算总表 printed one cell a line, its numbers left unread: it is not printed empty (the
    unread finding reports them), so no empty-table statement is asked of it."""
    path = Path(__file__).parent / "data" / "tables" / "summary_one_cell_a_line.txt"
    doc = extract_file(path).doc
    (table,) = [t for t in doc.tables if isinstance(t, LineTable)]
    assert not table.lines and table.unread  # the numbers stand unread
    findings = Findings()
    check_tables(doc, path.read_text(encoding="utf-8"), findings)
    assert not any("printed empty" in f.message for f, _ in findings.items)
