"""The auditor's checks end to end: a real disclosure (eval/dev fuliyuan, its PDF) run, its findings in
findings.csv with their text spans, in the XLSX findings sheet, in the review queue on the cell they
dispute; `extract check` makes them again from the source, and keeps them when the source is gone."""

import csv
import shutil

from openpyxl import load_workbook
from typer.testing import CliRunner

from extractor.cli import app
from extractor.export import Format, export_dataset
from extractor.review.queue import Filter, ReviewQueue

from audit_docs import DEV, dev_text

runner = CliRunner()
STEM = "sh-putuo-fuliyuan-2024-budget"
FAMILIES = {"narrative_amount", "tables_required", "template_leftover", "narrative_comparison", "narrative_percent",
            "three_public", "code_amounts"}


def _audit_rows(out):
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f) if r["check"] in FAMILIES]


def test_findings_reach_the_csv_the_workbook_and_the_queue_and_survive_a_check(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(DEV / "pdf" / f"{STEM}.pdf", folder)
    assert runner.invoke(app, ["run", str(folder), "-o", str(out), "-q"]).exit_code == 0
    rows = _audit_rows(out)
    assert sorted(r["check"] for r in rows) == ["narrative_amount", "narrative_amount", "template_leftover",
                                                "template_leftover"]
    text = dev_text(STEM)
    mismatch = next(r for r in rows if r["check"] == "narrative_amount" and r["severity"] == "warning")
    start, end = map(int, mismatch["spans"].split("; ")[0].split("-"))
    assert text[start:end] == "738.66万元" and mismatch["fields"]
    # the workbook's findings sheet holds the same rows
    (xlsx,) = export_dataset(out, Format.xlsx, lang="en")  # field names as headers, as in the CSV
    sheet = list(load_workbook(xlsx, read_only=True)["findings"].iter_rows(values_only=True))
    assert sum(r[sheet[0].index("check")] in FAMILIES for r in sheet[1:]) == 4
    # the disputed cell is in the review queue with what the text says
    with ReviewQueue.of(out) as queue:
        (item,) = [i for i in queue.items(Filter.parse("社会福利事业单位")) if i.item.path == mismatch["fields"]]
        assert any("738.66万元" in m for m in item.item.messages)
    # extract check reads the source again: the same findings
    assert runner.invoke(app, ["check", str(out), "-q"]).exit_code == 0
    assert _audit_rows(out) == rows
    # without the source, a check keeps them as they were made
    shutil.rmtree(folder)
    assert runner.invoke(app, ["check", str(out), "-q"]).exit_code == 0
    assert _audit_rows(out) == rows
    # and says so, for the file (its "problem" in the summary and check.json)
    import json

    (result,) = json.loads((out / "check.json").read_text(encoding="utf-8"))["files"]
    assert "not run again, their 4 findings are the last run's" in result["error"]
