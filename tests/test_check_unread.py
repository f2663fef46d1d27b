"""Findings on unread numbers: per table, a table with nothing read, the document's own;
and their way into the review queue and the exported rows."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from extractor.account import account_document
from extractor.api import extract_file, recheck, run
from extractor.check import check_document
from extractor.check.unread import document_finding
from extractor.confidence import FLAG_BELOW
from extractor.export import Format, export_dataset
from extractor.ingest import read_source
from extractor.models import Check, Document, LineTable, Reason, Severity, TableKind
from extractor.review.queue import Filter, ReviewQueue

from conftest import ROOT

FIELD = Path(__file__).parent / "data" / "field"


def _unread_findings(doc: Document):
    return [f for f in doc.findings if f.check is Check.unread_values]


def _with_lines_dropped(seed_doc, seed_text, keep) -> tuple[Document, LineTable]:
    """Seed 000 as if a reader had lost rows of 表3 (its 功能分类 table): all but `keep`."""
    doc = seed_doc("000").model_copy(deep=True)
    table = next(t for t in doc.tables if t.kind.value == "expenditure_by_function")
    table.lines = table.lines[:keep]
    doc.findings = [f for f in doc.findings if f.table_id != table.id]  # the lost rows' sums
    outside = account_document(seed_text("000"), doc.tables)
    assert outside == []
    check_document(doc)
    return doc, table


def test_each_unread_number_is_a_flagged_field_of_one_warning(seed_doc, seed_text):
    doc, table = _with_lines_dropped(seed_doc, seed_text, keep=20)
    (finding,) = [f for f in _unread_findings(doc) if f.table_id == table.id]
    n = len(table.unread)
    assert n == 4 * (5 + 1)  # the 住房保障支出 rows: 5 amounts each, and their codes
    assert finding.severity is Severity.warning and finding.reason is Reason.unread
    assert finding.message.startswith(f"{n} numbers in the table, taken by no field: 221, 89.900000, 197.920000, 197.920000, 108.02, …")
    assert finding.fields == [f"{table.id}.unread[{i}]" for i in range(n)]
    assert finding.spans == [a.span for a in table.unread]
    assert all(a.flagged and a.confidence < FLAG_BELOW and a.all_reasons == [Reason.unread] for a in table.unread)


def test_a_table_with_nothing_read_is_an_error(seed_doc, seed_text):
    doc, table = _with_lines_dropped(seed_doc, seed_text, keep=0)
    (finding,) = [f for f in _unread_findings(doc) if f.table_id == table.id]
    assert finding.severity is Severity.error
    assert finding.message.startswith(f"no value read from the table; {len(table.unread)} numbers in it unread")


def test_nothing_read_and_no_number_printed(seed_doc, seed_text):
    doc, table = _with_lines_dropped(seed_doc, seed_text, keep=0)
    table.unread = []
    check_document(doc)
    (finding,) = [f for f in _unread_findings(doc) if f.table_id == table.id]
    assert finding.severity is Severity.error and finding.spans == [table.span]
    table.empty = True  # printed with headers only
    check_document(doc)
    assert not [f for f in _unread_findings(doc) if f.table_id == table.id]
    table.empty, table.span.end = False, table.header_end  # a title with nothing under it
    check_document(doc)
    assert not [f for f in _unread_findings(doc) if f.table_id == table.id]


def test_numbers_of_a_text_with_no_table_found(seed_doc, seed_text):
    """Were no table found in seed 000, every amount of its line tables would be in the finding."""
    finding = document_finding(account_document(seed_text("000"), []), [])
    assert finding.table_id == "" and finding.severity is Severity.warning
    assert finding.message.startswith("no table was found, but the text holds ")
    assert len(finding.spans) == int(finding.actual)
    amounts = [c.amount.span for t in seed_doc("000").tables if isinstance(t, LineTable) for line in t.lines
               for c in line.amounts]
    assert len(amounts) > 150 and [s for s in amounts if s not in finding.spans] == []


def test_prose_numbers_beside_the_tables_are_info():
    path = ROOT / "eval" / "dev" / "pdf" / "sh-putuo-zhengfuban-2025-budget.pdf"
    from extractor.api import extract_file

    doc = extract_file(path).doc
    (finding,) = _unread_findings(doc)
    assert finding.table_id == "" and finding.severity is Severity.info
    assert finding.message.startswith("outside every table: ") and "(0 in table rows)" in finding.message


def test_run_exports_and_queues_the_unread_numbers_and_recheck_keeps_them(tmp_path):
    out = tmp_path / "out"
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("rows-dropped-full-code-one-cell", "table-not-detected-pipe-rows",
                 "project-header-funds-missed-blank-line-cells"):
        (cases / f"{name}.txt").write_bytes((FIELD / f"{name}.txt").read_bytes())
    # Losses the readers would make on worse prints: a row whose code and name the
    # scan lost leaves only its amount; pipe rows without their title are no table at all.
    dropped = cases / "rows-dropped-full-code-one-cell.txt"
    text = dropped.read_text(encoding="utf-8")
    dropped.write_text(text.replace("20404                       检察", " " * 33), encoding="utf-8")
    untitled = cases / "table-not-detected-pipe-rows.txt"
    untitled.write_text("\n".join(untitled.read_text(encoding="utf-8").splitlines()[1:]), encoding="utf-8")
    run([cases], out)

    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        findings = [r for r in csv.DictReader(fh) if r["check"] == "unread_values"]
    by_doc = {r["doc"]: r for r in findings}
    assert by_doc["table-not-detected-pipe-rows"]["table_id"] == ""
    assert by_doc["table-not-detected-pipe-rows"]["severity"] == "warning"
    table_finding = by_doc["rows-dropped-full-code-one-cell"]
    unread_paths = table_finding["fields"].split("; ")

    with open(out / "amounts.csv", encoding="utf-8-sig") as fh:
        unread_rows = [r for r in csv.DictReader(fh) if r["reasons"] == "unread"]
    project_rows = [r for r in unread_rows if r["table_kind"] == "project_performance"]
    assert project_rows and [r["doc"] for r in project_rows] == ["project-header-funds-missed-blank-line-cells"] * len(project_rows)
    unread_rows = [r for r in unread_rows if r["doc"] == "rows-dropped-full-code-one-cell"]
    assert len(unread_rows) == len(unread_paths) == int(table_finding["actual"])
    assert {(r["column"], r["status"], r["flagged"]) for r in unread_rows} == {("unknown", "pending", "1")}

    text = read_source(cases / "rows-dropped-full-code-one-cell.txt").text
    with ReviewQueue.of(out) as queue:
        items = [q.item for q in queue.items(Filter(doc="rows-dropped-full-code-one-cell")) if ".unread[" in q.item.path]
    assert sorted(i.path for i in items) == sorted(unread_paths)
    for item in items:
        assert text[item.span.start:item.span.end] == item.raw
        assert "unread:" in item.key and item.row.startswith(f"{item.raw}: printed in the table, taken by no field")

    (xlsx,) = export_dataset(out, Format.xlsx, lang="en")
    sheet = list(load_workbook(xlsx, read_only=True)["project_unread"].iter_rows(values_only=True))
    assert len(sheet) - 1 == len(project_rows)

    before = (out / "findings.csv").read_text(encoding="utf-8-sig")
    (cases / "table-not-detected-pipe-rows.txt").unlink()  # re-checking needs no source text
    recheck(out)
    assert (out / "findings.csv").read_text(encoding="utf-8-sig") == before


def _project_field_lost(seed_doc, seed_text, nth: int, field: str):
    """Seed 000 checked again as if the reader had not read `field` of its nth project table:
    (document, that table, the field as it was read)."""
    doc = seed_doc("000").model_copy(deep=True)
    table = [t for t in doc.tables if t.kind.value == "project_performance"][nth]
    lost = getattr(table.project, field)
    setattr(table.project, field, None)
    doc.findings = []
    account_document(seed_text("000"), doc.tables)
    check_document(doc)
    return doc, table, lost


def test_a_project_whose_name_was_not_read_is_a_finding_and_its_name_unread_text(seed_doc, seed_text):
    """Seed 000 as if the reader had lost a project's name: the table's values belong to no one, said so;
    the name as printed is among the table's unread text, flagged for review."""
    doc, table, name = _project_field_lost(seed_doc, seed_text, 0, "project_name")
    (missing,) = [f for f in doc.findings if f.check is Check.missing_field]
    assert missing.table_id == table.id and "项目名称" in missing.message
    assert any(u.span == name.span and u.flagged for u in table.unread_text)
    assert not [f for f in seed_doc("000").findings if f.check is Check.missing_field]


def test_a_project_whose_funds_were_not_read_where_the_others_read_theirs_is_a_finding(seed_doc, seed_text):
    """Seed 000 as if the OCR had garbled one form's 年度资金总额 (`项目年度爹并  于`, seed 002 printed in
    AR PL UMing at 240 dpi): the document's other forms read theirs, so this one's number was lost, said
    so; nothing is said where every form read its funds."""
    doc, table, _ = _project_field_lost(seed_doc, seed_text, 1, "funds_total")
    projects = [t for t in doc.tables if t.kind.value == "project_performance"]
    (missing,) = [f for f in doc.findings if f.check is Check.missing_field]
    assert missing.table_id == table.id and "年度资金总额" in missing.message
    assert f"{len(projects) - 1} of the document's {len(projects)}" in missing.message


def test_a_project_whose_department_was_not_read_where_the_others_read_theirs_is_a_finding(seed_doc, seed_text):
    """Seed 004 printed in Noto Serif CJK at 150 dpi and read back by tesseract garbled one form's 主管部门
    label (`醒呈现殉虽生二天`) and printed its value down three lines: the document's other forms read
    theirs, so this one's was lost, said so on its table."""
    doc, table, _ = _project_field_lost(seed_doc, seed_text, 2, "department")
    (missing,) = [f for f in doc.findings if f.check is Check.missing_field]
    assert missing.table_id == table.id and "主管部门" in missing.message and missing.spans == [table.span]


def test_a_project_whose_fiscal_funds_were_not_read_where_the_others_read_theirs_is_a_finding(seed_doc, seed_text):
    """Seed 000 as if the OCR had lost one form's 其中：财政拨款 row (seed 001 printed in AR PL UMing at 240 dpi
    lost its third form's, the other two read theirs): the document's forms print that row alike, so
    this one's number was lost, said so on its table."""
    doc, table, _ = _project_field_lost(seed_doc, seed_text, 2, "funds_fiscal")
    projects = [t for t in doc.tables if t.kind.value == "project_performance"]
    (missing,) = [f for f in doc.findings if f.check is Check.missing_field]
    assert missing.table_id == table.id and "财政拨款" in missing.message and missing.spans == [table.span]
    assert f"{len(projects) - 1} of the document's {len(projects)}" in missing.message


def test_a_heading_whose_table_was_lost_above_another_table_is_a_document_finding(tmp_path):
    """The seeds printed in WenQuanYi Zen Hei Mono at 180 dpi and read with `--psm 6`: seed 000's 表1 kept
    its heading and a garbled title (`财政拔款收支预和`), then fifty lines of noise, then the title of 表3
    (`一般公共预算财政拨款支出预算表`), whose own heading was lost. The table read there is not 表1's:
    it starts far below the heading, not at it, so 表1 is named as headed with no table read."""
    path = ROOT / "tests" / "data" / "unread" / "heading-far-above-another-table-zhmono180psm6-000.ocr.txt"
    out = tmp_path / "out"
    run([path], out)
    doc = Document.model_validate_json((out / "docs" / f"{path.stem}.json").read_text(encoding="utf-8"))
    (table,) = [t for t in doc.tables if t.kind is not TableKind.narrative]
    assert table.title == "一般公共预算财政拨款支出预算表" and table.label is None
    (headed,) = [f for f in doc.findings if f.table_id == "" and f.rows]
    assert headed.rows == ["表1"]


def test_tables_headed_but_garbled_past_reading_are_a_document_finding(tmp_path):
    """The seeds printed in WenQuanYi Zen Hei Mono at 180 dpi and read by tesseract with `--psm 6` (one block
    per page): 表4, 表7 and 表9 kept their headings and lost their titles and rows to the OCR (`[RCR [| IT 1T T`),
    so no table and hardly a number is read under them. The headings say what is missing: one warning on the
    document naming the three, over their lines; the project form under 表11-1, read, is named by nobody.
    A re-check keeps it (it is built from the text)."""
    path = ROOT / "tests" / "data" / "unread" / "headings-garbled-tables-zhmono180psm6-000.ocr.txt"
    out = tmp_path / "out"
    run([path], out)
    doc = Document.model_validate_json((out / "docs" / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    (headed,) = [f for f in doc.findings if f.table_id == "" and f.rows]
    assert headed.rows == ["表4", "表7", "表9"] and headed.severity is Severity.warning
    assert [text[s.start:s.end] for s in headed.spans] == ["表4", "表7", "表9"]
    assert any(t.label == "表11-1" for t in doc.tables)
    recheck(out)
    doc = Document.model_validate_json((out / "docs" / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert [f.rows for f in doc.findings if f.table_id == "" and f.rows] == [["表4", "表7", "表9"]]


def test_a_note_between_a_heading_and_its_tables_title_keeps_the_table_the_headings(tmp_path):
    """Seed 000's 表3 with a note of five sentences (`注：1.本表反映…。`) printed between its heading and its title:
    the table read starts six lines under the heading, but those lines are prose, no table's lines read or
    garbled, so the table is the heading's and no values are said to be missing."""
    path = ROOT / "tests" / "data" / "unread" / "heading-note-before-title-000.txt"
    out = tmp_path / "out"
    run([path], out)
    doc = Document.model_validate_json((out / "docs" / f"{path.stem}.json").read_text(encoding="utf-8"))
    (table,) = [t for t in doc.tables if t.kind is not TableKind.narrative]
    assert table.title == "一般公共预算财政拨款支出预算表" and len(table.lines) == 24
    assert not [f for f in doc.findings if f.table_id == "" and f.rows]


def test_a_notes_numbers_under_a_table_are_an_info_finding_that_says_where_they_stand():
    path = ROOT / "tests" / "data" / "unread" / "note-under-a-table-restates-its-total.txt"
    doc = extract_file(path).doc
    (finding,) = _unread_findings(doc)
    assert finding.table_id == "" and finding.severity is Severity.info and finding.actual == "2"
    assert finding.message.startswith("on prose lines inside tables (notes): 2 numbers (0 in table rows): 326.71, 3.25%")
    text = read_source(path).text
    assert [text[s.start : s.end] for s in finding.spans] == ["326.71", "3.25%"]
