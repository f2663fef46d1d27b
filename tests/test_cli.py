import json
import subprocess
import sys

from typer.testing import CliRunner

from extractor.cli import app

from conftest import SEEDS

runner = CliRunner()


def test_run_seeds_exit_0(tmp_path):
    result = runner.invoke(app, ["run", str(SEEDS), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "5 ok, 0 failed" in result.output
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["ok"]


def test_any_failed_file_exits_1(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["run", str(bad), str(SEEDS / "001_9e7f8505a7e25c9c.txt"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "empty file" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["run", str(SEEDS), "--backend", "nope"]).exit_code == 2
    assert runner.invoke(app, ["run", "--bogus"]).exit_code == 2
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    assert runner.invoke(app, ["run", str(empty), "-o", str(tmp_path / "o")]).exit_code == 2


def test_help_does_not_import_heavy_modules():
    code = "import sys; from extractor.cli import app; print(','.join(m for m in ('pydantic', 'rich') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""


def test_check_reruns_the_checks_on_saved_outputs(tmp_path):
    assert runner.invoke(app, ["run", str(SEEDS), "-o", str(tmp_path), "-q"]).exit_code == 0
    findings = (tmp_path / "findings.csv").read_text(encoding="utf-8-sig")
    amounts = (tmp_path / "amounts.csv").read_text(encoding="utf-8-sig")
    assert "2040610" in findings and "≥33756元" in findings
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "fields flagged for review" in result.output
    # Same documents, same checks: the outputs come out the same.
    assert (tmp_path / "findings.csv").read_text(encoding="utf-8-sig") == findings
    assert (tmp_path / "amounts.csv").read_text(encoding="utf-8-sig") == amounts
    # A stricter threshold flags more: certain number repairs (confidence 0.85) too.
    assert runner.invoke(app, ["check", str(tmp_path), "-q", "--flag-below", "0.9"]).exit_code == 0
    stricter = (tmp_path / "amounts.csv").read_text(encoding="utf-8-sig")
    assert stricter.count(",1,") > amounts.count(",1,")
    checked = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    assert sum(f["flagged"] for f in checked["files"]) > 0


def test_check_without_outputs_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "run `extract run" in result.output


def test_cli_threshold_default_is_the_library_one():
    from extractor import cli, confidence

    assert cli.FLAG_BELOW == confidence.FLAG_BELOW


def _extract(*args):
    """The installed command in its own process, as a script would call it."""
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True)


def test_review_list_approve_and_export(seed_run):
    from extractor.review.queue import ReviewQueue

    listed = _extract("review", str(seed_run), "--list", "--filter", "reason:column_inferred")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 19 and all("\tpending\t" in line and "column_inferred" in line for line in lines)
    approved = _extract("review", str(seed_run), "--approve", "reason:column_inferred kind:project", "--reviewer", "ci")
    assert approved.stdout.strip() == "approved 19 items"
    with ReviewQueue.of(seed_run) as queue:
        assert [(r["action"], r["reviewer"]) for r in queue.log()] == [("approve", "ci")] * 19
    exported = _extract("export", str(seed_run), "--format", "xlsx")
    assert exported.returncode == 0 and exported.stdout.strip().endswith("dataset.xlsx")
    bad = _extract("export", str(seed_run), "--format", "pdf")
    assert bad.returncode == 2 and "--format must be one of" in bad.stderr
    empty = _extract("review", str(seed_run), "--approve", " ")
    assert empty.returncode == 2 and "--approve needs a filter" in empty.stderr
    missing = _extract("review", str(seed_run / "nowhere"), "--list")
    assert missing.returncode == 2 and "run `extract run" in missing.stderr


def test_run_refuses_a_queue_from_a_newer_version(seed_run):
    import sqlite3

    db = sqlite3.connect(seed_run / "review.sqlite")
    db.execute("PRAGMA user_version = 999")
    db.close()
    before = (seed_run / "amounts.csv").read_bytes()
    result = runner.invoke(app, ["run", str(SEEDS), "-o", str(seed_run)])
    assert result.exit_code == 1 and "newer extractor" in result.output
    assert (seed_run / "amounts.csv").read_bytes() == before


def test_review_list_of_a_hostile_document_writes_no_escape_sequence(hostile_run):
    from conftest import HOSTILE
    from extractor.review.queue import ReviewQueue

    # color=True: as on a terminal, where click passes escape sequences on (it strips them from pipes only)
    result = runner.invoke(app, ["review", str(hostile_run), "--list"], color=True)
    assert result.exit_code == 0
    listed = result.stdout
    assert not any(c in listed for c in "\x1b\x07\x9b\x9d") and "cHduZWQ" not in listed
    rows = listed.splitlines()
    with ReviewQueue.of(hostile_run) as queue:
        assert len(rows) == len(queue.items()) and all(len(row.split("\t")) == 7 for row in rows)
    values = {row.split("\t")[5] for row in rows}
    # markup is plain text to a terminal: the planted names are listed as printed
    assert {HOSTILE["204\t公共安全支出"].split("\t")[1], "住房[/]保障支出", "卫生健康支出", "中宁县司法局本级"} <= values
