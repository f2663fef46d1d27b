"""The classification list shipped with the package, and replacing it with an official edition."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from extractor.codes import CODES_ENV, CodeList, CodeListError, Scheme, default_codes, import_codes, normalize_name
from extractor.cli import app


def test_shipped_lists_with_provenance():
    codes = CodeList.load()
    function = [s for s in codes.by_code.values() if s.scheme is Scheme.function]
    economic = [s for s in codes.by_code.values() if s.scheme is Scheme.economic]
    assert (len(function), len(economic)) == (1408, 190)  # as counted in data/CODES_SOURCES.md
    assert (sum(s.verified for s in function), sum(s.verified for s in economic)) == (146, 75)
    assert codes.get("2040601").name == "行政运行" and codes.get("2040601").verified
    assert not codes.get("2013902").verified  # invented by pattern in the draft, never seen
    assert codes.get("30101").level == 2 and codes.get("30101").parent == "301"


def test_name_search_and_near_codes():
    codes = default_codes()
    (best, score), *_ = codes.by_name("社医矫正", Scheme.function, 3)
    assert best.code == "2040610" and score == 75
    assert {s.code for s in codes.near_codes("2O40601", Scheme.function)} >= {"2040601"}
    assert "30113" in {s.code for s in codes.near_codes("31013", Scheme.economic)}


@pytest.fixture
def codes_dir(tmp_path, monkeypatch):
    folder = tmp_path / "codes"
    monkeypatch.setenv(CODES_ENV, str(folder))
    yield folder
    default_codes.cache_clear()


def test_import_an_official_edition(tmp_path, codes_dir):
    edition = tmp_path / "2025功能分类.csv"
    edition.write_text("科目编码,科目名称,备注\n204,公共安全支出,\n20406,司法,\n2040601,行政运行,\n2040699,其他司法支出,新\n",
                       encoding="gb18030")
    path, n = import_codes(edition, Scheme.function, "2025", replace=True)  # (four codes: a list cut short)
    assert n == 4 and path == codes_dir / "function_codes.csv"
    codes = CodeList.load()
    assert codes.sources[Scheme.function] == str(path)
    assert codes.get("2040699").verified and codes.get("2040699").source == "import:2025功能分类.csv"
    assert codes.get("2010101") is None  # the shipped function list is replaced
    assert codes.get("30101") is not None  # the economic list is not


def test_import_refuses_a_broken_file(tmp_path, codes_dir):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n204,公共安全支出\n2040601,行政运行\n20A06,司法\n204,重复\n", encoding="utf-8")
    with pytest.raises(CodeListError) as err:
        import_codes(bad, Scheme.function)
    problems = " | ".join(err.value.problems)
    assert "'20A06' is not 3, 5 or 7 digits" in problems and "code 204 twice" in problems
    assert "parent 20406 missing" in problems
    assert not (codes_dir / "function_codes.csv").exists()


def test_codes_command(tmp_path, codes_dir):
    runner = CliRunner()
    shown = runner.invoke(app, ["codes"])
    assert shown.exit_code == 0 and "function: 1408 codes, 146 verified" in shown.output
    edition = tmp_path / "econ.csv"
    edition.write_text("code,name\n301,工资福利支出\n30101,基本工资\n", encoding="utf-8")
    refused = runner.invoke(app, ["codes", "--import", str(edition), "--scheme", "economic"])
    assert refused.exit_code == 1 and refused.output.strip() == (
        "error: econ.csv has 2 economic codes, the list in use 190: the import replaces the whole list, "
        "and every code not in the file would be unknown; give --replace to use it anyway")
    assert not (codes_dir / "economic_codes.csv").exists()
    done = runner.invoke(app, ["codes", "--import", str(edition), "--scheme", "economic", "--replace"])
    assert done.exit_code == 0 and "installed 2 economic codes" in done.output
    assert "economic: 2 codes, 2 verified" in done.output
    assert runner.invoke(app, ["codes", "--import", str(edition), "--scheme", "nope"]).exit_code == 2


def test_names_of_earlier_editions():
    codes = CodeList.load()
    old, score = codes.closest_older("310", "其他资本性支出")
    assert (old.name, old.edition, score) == ("其他资本性支出", "2017", 100) and old.scheme is Scheme.economic
    assert codes.get("310").name == "资本性支出"  # the current list is unchanged
    assert codes.closest_older("2040404", "查办和预防职务犯罪")[0].edition == "2017" and codes.get("2040404") is None
    assert codes.closest_older("30101", "基本工资") is None  # never renamed
    # Every older name has a source, and its parent is a code of the current list.
    for subjects in codes.older.values():
        for s in subjects:
            assert s.source and s.edition and (not s.parent or codes.get(s.parent) is not None)


def test_import_keeps_the_older_editions(tmp_path, codes_dir):
    edition = tmp_path / "2025功能分类.csv"
    edition.write_text("code,name\n204,公共安全支出\n20404,检察\n2040401,行政运行\n", encoding="utf-8")
    import_codes(edition, Scheme.function, "2025", replace=True)
    codes = CodeList.load()
    assert codes.get("2010101") is None and codes.closest_older("2040404", "查办和预防职务犯罪")[1] == 100


def test_names_compare_without_brackets_ocr_misreads():
    assert normalize_name("维修〈护)费") == normalize_name("维修（护）费") == "维修护费"
    assert normalize_name("政府办公厅【〈室)及相关机构事务") == normalize_name("政府办公厅（室）及相关机构事务")


def test_a_run_records_the_code_lists_it_used(tmp_path, codes_dir):
    """Issue 19 item 15: run.json says which lists the checks used (where from, how many codes, their
    hash); a run after an import says so, and does not reuse documents checked against the old list."""
    import json

    from extractor.api import run

    from conftest import seed_path

    seed = seed_path("000")
    first = run([seed], tmp_path / "out")
    shipped = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["codes"]
    assert shipped["function"]["source"] == "package:function_codes.csv" and shipped["function"]["codes"] == 1408
    assert shipped["economic"]["codes"] == 190 and len(shipped["function"]["sha256"]) == 64
    edition = tmp_path / "econ.csv"
    edition.write_text("code,name\n301,工资福利支出\n30101,基本工资\n", encoding="utf-8")
    import_codes(edition, Scheme.economic, "2025", replace=True)
    second = run([seed], tmp_path / "out")
    used = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["codes"]
    assert used["function"] == shipped["function"]
    assert used["economic"]["source"] == str(codes_dir / "economic_codes.csv") and used["economic"]["codes"] == 2
    assert not first.results[0].reused and not second.results[0].reused
