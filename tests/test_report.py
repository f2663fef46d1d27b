"""report: the end-of-run summary shows file names and endpoint errors as printed, never as markup."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import seed_path
from endpoint import Endpoint, Reply
from extractor.cli import app

REFUSAL = "refused [/] by [bold]policy[/][/] \x1b]0;pwned\x07"  # more closing tags than opening ones


def test_summary_survives_markup_and_escapes_from_an_endpoint_and_a_file_name(tmp_path):
    """Every LLM request answers 400 with markup and escape sequences in its error text, and one input
    is an empty file whose name has markup and a screen clear: the run ends with its summary, showing
    the texts as printed, without the escape sequence; the file's name shows where its escape was (a name
    stripped of it would be another file's)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_path("001"), inputs)
    (inputs / "[bold]bad\x1b[2J.txt").write_bytes(b"")
    body = json.dumps({"error": {"message": REFUSAL, "type": "invalid_request_error"}})
    with Endpoint(lambda body_, n: Reply(status=400, raw_body=body)) as ep:
        result = CliRunner().invoke(app, [
            "run", str(inputs), "-o", str(tmp_path / "out"), "--backend", "hybrid",
            "--llm", ep.base_url, "--model", "m", "--mode", "json_schema", "--no-cache",
        ], env={"EXTRACTOR_LLM_BACKOFF": "0.01", "EXTRACTOR_LLM_MAX_RETRIES": "0", "COLUMNS": "400"}, color=True)
    assert not isinstance(result.exception, Exception), result.exception  # a SystemExit is no Exception
    assert result.exit_code == 1  # the empty file failed
    shown = result.stdout
    assert "outputs in" in shown  # the summary went to its end
    assert "[bold]bad\\x1b[2J.txt" in shown and "refused [/] by [bold]policy[/][/]" in shown
    assert "\x1b" not in shown and "\x07" not in shown


def test_summary_lists_the_decisions_set_aside(tmp_path):
    """Seed 002 prints two projects named 法律援助案件补助资金; one of them reworded between runs is no
    longer certainly the one decided on: the summary says its decision was set aside, not applied."""
    from extractor.api import extract_file, run
    from extractor.review.queue import Action, Filter, ReviewQueue

    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    source = inputs / seed_path("002").name
    text = seed_path("002").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    run([inputs], out)
    with ReviewQueue.of(out) as queue:
        (funds,) = [q for q in queue.items(Filter.parse("doc:002")) if q.item.path == "t03.project.funds_total"]
        queue.decide(funds, Action.correct, "alice", "25.3756")
    t03 = next(t for t in extract_file(source).doc.tables if t.id == "t03")
    at = text.index("案件投入总成本", t03.span.start, t03.span.end)  # an indicator of t03, the first of the two
    source.write_text(text[:at] + "案件投入成本合计" + text[at + len("案件投入总成本"):], encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(inputs), "-o", str(out)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "0 decisions kept" in result.stdout and "1 decisions set aside (field not found again)" in result.stdout
    (line,) = [s for s in result.stdout.splitlines() if "set aside, not applied" in s]
    assert line.strip().startswith(f"set aside, not applied: {funds.item.doc}|project_performance:法律援助案件补助资金@")
    assert line.strip().endswith(".project.funds_total: corrected = 25.3756 by alice")


def test_a_large_run_prints_totals_and_problems_identical_and_skipped_files(tmp_path):
    """Past 20 files the summary shows the files with a problem only (all with --verbose), says which
    files are the same bytes, and lists the hidden and unsupported files it skipped (run.json too)."""
    inputs = tmp_path / "in"
    (inputs / ".git").mkdir(parents=True)
    for i in range(21):
        (inputs / f"copy{i:02d}.txt").write_bytes(seed_path("001").read_bytes())
    (inputs / "prose.txt").write_text("这是一段没有表格的文字。", encoding="utf-8")
    (inputs / ".hidden.txt").write_bytes(seed_path("001").read_bytes())
    (inputs / "scan.docx").write_bytes(b"PK")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(inputs), "-o", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 1  # prose.txt has no table
    shown = result.stdout
    assert "23 files" not in shown and "22 files" in shown and "the 1 with a problem (all with --verbose)" in shown
    assert "prose.txt" in shown and "copy05.txt" not in shown.split("identical files")[0]
    assert "identical files (same SHA-256" in shown and " = " in shown
    assert "skipped 3: 1 hidden file, 1 hidden folder, 1 not a text, PDF or image file" in shown
    assert ".hidden.txt: hidden file" in shown and "scan.docx: not read: .docx" in shown
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert len(run_json["identical"]) == 1 and len(run_json["identical"][0]) == 21
    assert {s["why"] for s in run_json["skipped"]} == {"hidden file", "hidden folder", "not read: .docx (reads .txt, .md, .pdf, .png, .jpg, .jpeg, .tif, .tiff, .bmp)"}
    verbose = CliRunner().invoke(app, ["run", str(inputs), "-o", str(out), "--verbose"], env={"COLUMNS": "200"})
    assert "copy05.txt" in verbose.stdout.split("identical files")[0]


def test_a_run_into_a_folder_inside_its_input_skips_that_folder_once(tmp_path):
    """`extract run in -o in/out` twice: the second run lists OUT once as skipped, by its own reason,
    not the tool's CSVs, run.json and report file by file."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_path("001"), inputs)
    out = inputs / "out"
    for _ in range(2):
        result = CliRunner().invoke(app, ["run", str(inputs), "-o", str(out)], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.stdout
    assert "skipped 1: 1 output folder (-o)" in result.stdout and f"{out}: output folder (-o)" in result.stdout
    assert ".csv" not in result.stdout.split("skipped 1")[1].split("review queue")[0]


def test_a_text_of_prose_alone_is_counted_apart_from_the_failed_files(tmp_path):
    """A document without a budget table is no failure of the run's reading and no success either: the
    totals count it on its own (it still exits 1, listed with its status, so a script sees a document
    whose tables may have been missed)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_path("001"), inputs)
    (inputs / "notice.txt").write_text("这是一段没有表格的说明文字。\n今年工作情况良好。\n", encoding="utf-8")
    (inputs / "broken.txt").write_bytes(b"\xff\xfe\x00\x00" * 3 + b"\x00" * 40)
    result = CliRunner().invoke(app, ["run", str(inputs), "-o", str(tmp_path / "out")])
    said = " ".join(result.output.split())
    assert "1 ok, 1 failed, 1 with no budget table found" in said and result.exit_code == 1
    # its row counts no table (its prose is a narrative block, no budget table), as its status says
    ran = {Path(f["path"]).name: f for f in json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["files"]}
    assert (ran["notice.txt"]["status"], ran["notice.txt"]["tables"]) == ("no_tables", 0)


def test_the_queue_line_tells_the_flagged_fields_from_the_findings_pending(tmp_path):
    """The seeds' first run: the queue's pending items are the fields the summary counts as flagged plus the
    checks' findings on the documents (an error to confirm or dismiss), each counted apart, as the queue holds them."""
    import re
    import sqlite3

    from conftest import SEEDS

    result = CliRunner().invoke(app, ["run", str(SEEDS), "-o", str(tmp_path)], env={"COLUMNS": "400"})
    said = " ".join(result.output.split())
    flagged = int(re.search(r"(\d+) of \d+ fields flagged for review", said)[1])
    pending, fields, findings = map(int, re.search(r"(\d+) pending \((\d+) fields, (\d+) findings?\)", said).groups())
    with sqlite3.connect(tmp_path / "review.sqlite") as db:
        kinds = dict(db.execute("SELECT field_type = 'finding', COUNT(*) FROM items WHERE status = 'pending' GROUP BY 1"))
    assert fields == flagged and pending == fields + findings and (kinds.get(1), kinds.get(0)) == (findings, fields)
    assert findings >= 1


def test_a_run_over_some_of_a_folders_documents_tells_the_queue_items_of_the_others(tmp_path):
    """The seeds run into OUT, then seed 000 alone into the same OUT: the queue still holds the other seeds'
    items, which the second run's flagged count leaves out; the queue line says how many are theirs."""
    import re
    import sqlite3

    from conftest import SEEDS

    out = tmp_path / "out"
    CliRunner().invoke(app, ["run", str(SEEDS), "-o", str(out), "-q"])
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(seed_path("000"), alone)
    result = CliRunner().invoke(app, ["run", str(alone), "-o", str(out)], env={"COLUMNS": "400"})
    said = " ".join(result.output.split())
    with sqlite3.connect(out / "review.sqlite") as db:
        (others,) = db.execute("SELECT COUNT(*) FROM items WHERE status = 'pending' AND active = 1 "
                               "AND doc NOT LIKE '000%'").fetchone()
    assert others and re.search(rf"\d+ pending \([^)]*\b{others} of documents this run did not read\)", said), said
