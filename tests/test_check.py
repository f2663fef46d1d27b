"""Post-checks on seed 000, corrupted in the ways OCR and typing corrupt tables.

Each test edits the seed's source text, runs the whole pipeline on it, and
asserts that the corruption is caught with the right reason and suggestion.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import extract_source
from extractor.check import check_document
from extractor.ingest import SourceText
from extractor.models import Check, Document, Reason, Severity

from conftest import seed_path

# Seed 000's own inconsistencies (read off the source, lines 51-75): 2040610's
# change is printed -11 for 20 − 31.1; the prior-year 合计 is 1209 while its
# 类 rows add up to 1204 (a row with no budget this year is probably left out);
# the 合计 rows' 22.20% is 268.1094 / 1209 = 22.18%.
DOCUMENT_FINDINGS = {
    (Check.change_pct, "t02", "22.18", "22.2"),
    (Check.change_amount, "t02", "-11.1", "-11"),
    (Check.total_row, "t02", "1204", "1209"),
    (Check.total_row, "t02", "273.1094", "268.1094"),
    (Check.hierarchy_sum, "t02", "1204", "1209"),
    (Check.hierarchy_sum, "t02", "273.1094", "268.1094"),
    (Check.hierarchy_sum, "t02", "133.5494", "133.4494"),
}


def run_text(text: str) -> Document:
    source = SourceText(path=Path("corrupted.txt"), text=text, encoding="utf-8", sha256="", size=len(text))
    return extract_source(source)


def corrupt(old: str, new: str) -> Document:
    text = seed_path("000").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return run_text(text.replace(old, new))


def new_findings(doc: Document) -> list:
    """Findings beyond the seed's own ones."""
    return [f for f in doc.findings if f.severity is not Severity.info
            and (f.check, f.table_id, f.expected, f.actual) not in DOCUMENT_FINDINGS]


def field(doc: Document, path: str):
    table_id, rest = path.split(".", 1)
    obj = next(t for t in doc.tables if t.id == table_id)
    for part in rest.replace("]", "").split("."):
        name, _, index = part.partition("[")
        obj = getattr(obj, name)
        if index:
            obj = obj[int(index)]
    return obj


def line(doc: Document, table_id: str, code: str):
    table = next(t for t in doc.tables if t.id == table_id)
    return next(x for x in table.lines if x.code and x.code.value == code)


def test_uncorrupted_seed_raises_only_its_own_inconsistencies(seed_doc):
    doc = seed_doc("000")
    assert new_findings(doc) == []
    assert {(f.check, f.table_id, f.expected, f.actual) for f in doc.findings if f.severity is not Severity.info} == DOCUMENT_FINDINGS
    assert len([f for f in doc.findings if f.check is Check.change_pct]) == 3  # 合计, 010, 010001
    # The economic, department and summary tables are clean: nothing flagged in them.
    for table in doc.tables:
        if table.id in ("t01", "t03", "t05", "t06"):
            assert not [f for f in doc.findings if f.table_id == table.id]


def test_clean_seeds_have_no_findings(seed_doc):
    for prefix in ("001", "003", "004"):
        assert seed_doc(prefix).findings == []


def test_changed_amount_is_blamed_alone_with_the_value_that_fits():
    # 30102 津贴补贴 basic 368.6476 printed as 368.6467 (two digits swapped); its
    # personnel cell keeps the right value.
    doc = corrupt("30102\t津贴补贴\t368.647600\t368.647600", "30102\t津贴补贴\t368.646700\t368.647600")
    found = new_findings(doc)
    assert found and {f.reason for f in found} == {Reason.sum_mismatch}
    cell = line(doc, "t03", "30102").amounts[0].amount
    assert cell.value == 368.6467 and cell.flagged and Reason.sum_mismatch in cell.checks
    row_check = next(f for f in found if f.check is Check.column_sum)
    assert "would be 368.6476" in row_check.suggestion
    # Every finding of the corruption flags that cell and no other.
    assert all(field(doc, path) is cell for f in found for path in f.fields)


def test_swapped_code_digits_are_repaired_when_the_name_supports_it():
    doc = corrupt("2040604\t基层司法业务", "2040640\t基层司法业务")
    (finding,) = new_findings(doc)
    assert (finding.check, finding.reason, finding.severity) == (Check.code_exists, Reason.code_unknown, Severity.error)
    assert finding.suggestion == "code 2040604" and "two digits swapped" in finding.message
    assert field(doc, finding.fields[0]).raw == "2040640"


def test_swap_into_another_existing_code_is_a_name_mismatch():
    # 2040601 行政运行 printed 2040610, which is 社区矫正 in the list.
    doc = corrupt("2040601\t行政运行", "2040610\t行政运行")
    codes = [f for f in new_findings(doc) if f.check is Check.code_name]
    assert len(codes) == 1
    assert codes[0].reason is Reason.name_mismatch and codes[0].suggestion == "code 2040601"


def test_ocr_letter_in_a_code_is_repaired():
    doc = corrupt("30113\t住房公积金", "3O113\t住房公积金")
    (finding,) = new_findings(doc)
    assert finding.suggestion == "code 30113" and "OCR letter" in finding.message


def test_dropped_digit_is_repaired_only_when_the_name_supports_it():
    doc = corrupt("2101103\t公务员医疗补助", "210113\t公务员医疗补助")
    repairs = [f for f in new_findings(doc) if f.check is Check.code_exists]
    assert [f.suggestion for f in repairs] == ["code 2101103"] and "dropped" in repairs[0].message
    # A unit code (six digits, a unit's name) is left alone.
    assert not [f for f in run_text(seed_path("000").read_text(encoding="utf-8")).findings if f.check is Check.code_exists]


def test_ocr_misspelled_name_is_reported_with_the_official_name():
    doc = corrupt("2040610\t社区矫正", "2040610\t社医矫正")
    (finding,) = new_findings(doc)
    assert (finding.check, finding.reason, finding.suggestion) == (Check.code_name, Reason.name_mismatch, "name 社区矫正")
    name = line(doc, "t02", "2040610").name
    assert name.flagged and name.confidence == pytest.approx(0.6 * 0.75)  # penalty × match score


def test_dropped_row_breaks_its_parent_sum():
    text = seed_path("000").read_text(encoding="utf-8")
    row = next(x for x in text.splitlines(keepends=True) if x.startswith("2040605\t"))
    doc = run_text(text.replace(row, ""))
    found = new_findings(doc)
    sums = [f for f in found if f.check is Check.hierarchy_sum and f.rows[0].startswith("20406 司法")]
    assert {f.rows[0] for f in sums} == {"20406 司法 [total]", "20406 司法 [project]", "20406 司法 [change_amount]"}
    total = next(f for f in sums if f.rows[0] == "20406 司法 [total]")
    assert (total.expected, total.actual) == ("1036.5294", "1052.5294")
    assert line(doc, "t02", "20406").amounts[1].amount.flagged


def test_total_off_by_one_unit_is_caught():
    # 合计 1477.109400 → 1477.109500 in 表3 only: one unit of the last printed digit.
    doc = corrupt("\t合计\t1209.000000\t1477.109400", "\t合计\t1209.000000\t1477.109500")
    found = new_findings(doc)
    assert found and {f.reason for f in found} == {Reason.sum_mismatch}
    total = next(x for x in doc.tables if x.id == "t02").lines[0].amounts[1].amount
    assert total.value == 1477.1095 and total.flagged
    assert all(field(doc, p) is total for f in found for p in f.fields)
    assert any("would be 1477.1094" in (f.suggestion or "") for f in found)
    assert {Check.total_row, Check.column_sum, Check.change_amount, Check.cross_table} <= {f.check for f in found}


def test_cost_indicator_against_funds(seed_doc):
    doc = seed_doc("002")
    (finding,) = [f for f in doc.findings if f.check is Check.cost_vs_funds and f.severity is not Severity.info]
    assert finding.table_id == "t03" and "≥33756元" in finding.message
    assert (finding.actual, finding.expected) == ("3.3756", "5.3756")
    assert {p.split(".", 1)[1] for p in finding.fields} == {"project.funds_total", "project.indicators[3].value"}


def test_identity_confirms_an_ambiguous_number(seed_doc):
    # 2,8505 could be 2.8505 or 28505 万元; the cost indicator >28505 (元) settles it.
    table = next(t for t in seed_doc("002").tables if t.id == "t06")
    funds = table.project.funds_total
    assert funds.value == 2.8505 and Reason.number_ambiguous in funds.reasons
    assert not funds.flagged and funds.confidence == 1.0


def test_check_is_idempotent(seed_doc):
    doc = seed_doc("000").model_copy(deep=True)
    before = doc.model_dump_json()
    check_document(doc)
    assert doc.model_dump_json() == before


@pytest.mark.parametrize("threshold, flagged", [(0.9, True), (0.8, False)])
def test_threshold_decides_what_is_flagged(seed_doc, threshold, flagged):
    doc = seed_doc("000").model_copy(deep=True)
    check_document(doc, flag_below=threshold)
    repaired = next(a.amount for x in doc.tables[0].lines for a in x.amounts if a.amount.raw == "197. 920000")
    assert repaired.confidence == 0.85 and repaired.flagged is flagged


def test_summary_subtotal_and_balance():
    # 表1: 本年收入小计 printed 1477.1049 instead of 1477.1094.
    doc = corrupt("本年收入小计\t1477. 109400", "本年收入小计\t1477. 104900")
    found = new_findings(doc)
    checks = {f.check for f in found}
    assert {Check.summary_subtotal} <= checks
    subtotal = next(x for x in doc.tables[0].lines if x.name.value == "本年收入小计").amounts[0].amount
    assert subtotal.flagged and all(field(doc, p) is subtotal for f in found for p in f.fields)


def test_project_funds_and_sum_of_projects():
    # 表11-1: 其中：财政拨款 printed 8 for a project of 6 万元 in total.
    doc = corrupt("年度资金总额\t6.000000\t\n\t\t其中：财\t6.000000", "年度资金总额\t6.000000\t\n\t\t其中：财\t8.000000")
    (finding,) = new_findings(doc)
    assert finding.check is Check.project_funds and finding.table_id == "t07"
    assert (finding.expected, finding.actual) == ("8", "6")
    # The project's total changed instead: Σ project funds no longer equals 项目支出.
    doc = corrupt("年度资金总额\t6.000000\t\n\t\t其中：财\t6.000000", "年度资金总额\t9.000000\t\n\t\t其中：财\t6.000000")
    checks = {f.check: f for f in new_findings(doc)}
    assert set(checks) == {Check.project_funds, Check.cross_table}
    assert (checks[Check.cross_table].expected, checks[Check.cross_table].actual) == ("296.55", "293.55")
    total = next(t for t in doc.tables if t.id == "t07").project.funds_total
    # Both failures point at the same cell, so it alone is flagged, with the value that fits.
    assert checks[Check.project_funds].fields == ["t07.project.funds_total"]
    assert "would be 6" in checks[Check.project_funds].suggestion and total.flagged


def test_a_failing_check_keeps_the_extracted_tables(monkeypatch):
    import extractor.check as check

    def broken(*args, **kwargs):
        raise RuntimeError("bug in a check")

    monkeypatch.setattr(check, "check_document", broken)
    doc = run_text(seed_path("000").read_text(encoding="utf-8"))
    assert len(doc.tables) == 21 and doc.findings == []
    assert doc.warnings == ["post-checks failed, values are unchecked: RuntimeError: bug in a check"]
