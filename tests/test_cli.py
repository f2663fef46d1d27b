import json
import re
import subprocess
import sys

import pytest

from typer.testing import CliRunner

from extractor.cli import app

from conftest import SEEDS, seed_path

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
    for option, value in (("--flag-below", "nan"), ("--flag-below", "-0.1"), ("--flag-below", "1.5"),
                          ("--max-mb", "0"), ("--max-mb", "nan"), ("--max-mb", "inf")):
        result = runner.invoke(app, ["run", str(SEEDS), "-o", str(tmp_path / "o"), option, value])
        assert result.exit_code == 2 and option in result.output, (option, value)
    assert not (tmp_path / "o").exists()


def test_a_mistyped_input_or_an_empty_folder_leaves_a_good_out_as_it_was(tmp_path):
    out = tmp_path / "o"
    assert runner.invoke(app, ["run", str(SEEDS / "001_9e7f8505a7e25c9c.txt"), "-o", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    missing = runner.invoke(app, ["run", str(tmp_path / "seedz"), "-o", str(out)])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["run", str(tmp_path / "empty"), "-o", str(out)]).exit_code == 2
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before and before


def test_the_size_limit_names_its_option_and_one_unit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("预算" * 400_000, encoding="utf-8")  # 2.4 MB: over a 1 MiB limit
    result = runner.invoke(app, ["run", str(big), "-o", str(tmp_path / "o"), "--max-mb", "1"])
    assert result.exit_code == 1 and "MiB limit (--max-mb)" in result.output and " MB" not in result.output


def test_help_does_not_import_heavy_modules():
    code = "import sys; from extractor.cli import app; print(','.join(m for m in ('pydantic', 'rich') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""


def _modules_of_a_quiet_run(tmp_path, *extra, **env):
    """The modules `extract run -q` on seed 001 loads (`python -X importtime` lists them) and its exit code."""
    import os

    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "extractor.cli", "run",
                           str(seed_path("001")), "-o", str(tmp_path / "o"), "-q", *extra],
                          capture_output=True, text=True, env={**os.environ, **env})
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}, \
        done.returncode


def test_a_quiet_rules_run_loads_no_llm_settings_nor_rich(tmp_path):
    """Issue 22: start-up loads what the command uses: no LLM configured, no pydantic_settings nor LLM
    client; -q, no rich (progress bar and summary)."""
    modules, code = _modules_of_a_quiet_run(tmp_path)
    assert code == 0 and "extractor.api" in modules
    assert not modules & {"rich", "pydantic_settings", "extractor.provider.config", "extractor.extract.llm"}
    # an LLM setting in the environment: its settings are read (here: no model, so still a rules run)
    modules, code = _modules_of_a_quiet_run(tmp_path, EXTRACTOR_LLM_BASE_URL="http://127.0.0.1:9/v1")
    assert code == 0 and "pydantic_settings" in modules


def test_a_quiet_rules_run_builds_no_schema_it_does_not_use(tmp_path):
    """Issue 22: what pydantic builds at import, a run uses. The bases no value is validated as (`Located`,
    `TableBase`) build no schema of their own, their classes do; the `[run]` settings build theirs only
    when a config file gives a [run] table: a run without one builds neither at import nor later."""
    code = ("import atexit, sys\n"
            "from extractor import models\n"
            "from extractor.provider import configfile\n"
            "atexit.register(lambda: print(models.Located.__pydantic_complete__, models.TableBase.__pydantic_complete__,"
            " models.Amount.__pydantic_complete__, models.LineTable.__pydantic_complete__,"
            " configfile.RunSettings.__pydantic_complete__))\n"
            "from extractor.cli import main\n"
            f"sys.argv = ['extract', 'run', {str(seed_path('001'))!r}, '-o', {str(tmp_path / 'o')!r}, '-q']\n"
            "main()\n")
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("EXTRACTOR_")} | {"XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "True", "True", "False"]


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


def test_review_list_and_check_report_a_correction_that_fails_a_check(seed_run):
    from extractor.review.queue import Action, Filter, ReviewQueue

    with ReviewQueue.of(seed_run) as queue:
        (wrong,) = queue.items(Filter.parse("doc:000 社区矫正"))
        queue.decide(wrong, Action.correct, "alice", "-12")  # 20 − 31.1 is -11.1
    listed = _extract("review", str(seed_run), "--list", "--filter", "status:corrected")
    header, line = listed.stdout.splitlines()
    assert header.split("\t") == ["id", "status", "doc", "table", "field", "value", "reasons", "checks", "where", "path"]
    cells = line.split("\t")
    assert cells[1:7] == ["corrected", wrong.item.doc, "t02", "2040610社区矫正 change_amount", "-12", "sum_mismatch"]
    assert cells[7].startswith("with the correction: 2040610 社区矫正: change = total − prior year: -12, expected -11.1; ")
    assert cells[8:] == ["", "t02.lines[10].amounts[3].amount"]  # (read from text: on no scanned page)
    pending = _extract("review", str(seed_run), "--list", "--filter", "doc:000")
    assert all(line.split("\t")[7] == "" for line in pending.stdout.splitlines() if "\tpending\t" in line)
    checked = runner.invoke(app, ["check", str(seed_run)])
    assert checked.exit_code == 1, checked.output  # the outputs hold a value known to break an identity
    said = " ".join(checked.output.split())
    assert ("failed: 3 checks fail with a reviewer's correction in them (findings.csv, check review_correction; "
            "check.json, corrections_failing):") in said
    assert f"{wrong.item.doc} t02 t02.lines[10].amounts[3].amount: with the correction: 2040610 社区矫正: change = total" in said
    assert (seed_run / "findings.csv").read_text(encoding="utf-8-sig").count("review_correction") == 3
    report = json.loads((seed_run / "check.json").read_text(encoding="utf-8"))
    assert report["ok"] is False and len(report["corrections_failing"]) == 3
    assert {"doc": wrong.item.doc, "table_id": "t02", "fields": ["t02.lines[10].amounts[3].amount"],
            "message": next(b["message"] for b in report["corrections_failing"]
                            if b["fields"] == ["t02.lines[10].amounts[3].amount"])} in report["corrections_failing"]
    # a run says so too (the same documents, reused), and the printed value approved instead clears it
    rerun = runner.invoke(app, ["run", str(SEEDS), "-o", str(seed_run), "-q"])
    assert rerun.exit_code == 1
    assert len(json.loads((seed_run / "run.json").read_text(encoding="utf-8"))["corrections_failing"]) == 3
    with ReviewQueue.of(seed_run) as queue:
        (now,) = queue.items(Filter.parse("doc:000 社区矫正"))
        queue.decide(now, Action.approve, "alice")
    assert runner.invoke(app, ["check", str(seed_run), "-q"]).exit_code == 0
    assert json.loads((seed_run / "check.json").read_text(encoding="utf-8"))["corrections_failing"] == []


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
    lines = listed.stdout.splitlines()[1:]  # (under the header line)
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


def test_two_concurrent_batch_approvals_approve_no_item_twice(seed_run):
    from extractor.review.queue import ReviewQueue

    command = [sys.executable, "-m", "extractor.cli", "review", str(seed_run), "--approve", "status:pending"]
    runs = [subprocess.Popen([*command, "--reviewer", who], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for who in ("ci1", "ci2")]
    said = [r.communicate(timeout=120)[0].strip() for r in runs]
    assert [r.returncode for r in runs] == [0, 0]
    with ReviewQueue.of(seed_run) as queue:
        log = queue.log()
        assert len(log) == len({r["item_id"] for r in log}) == len(queue.items())
    # what each says it approved adds up to the items; one that lost races says how many, no more than it lost
    found = [re.fullmatch(r"approved (\d+) items(?:; (\d+) decided by others meanwhile left as they decided)?", s)
             for s in said]
    assert all(found) and sum(int(m[1]) for m in found) == len(log)
    for mine, theirs in (found, found[::-1]):
        assert int(mine[2] or 0) <= int(theirs[1])


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
    rows = listed.splitlines()[1:]  # (under the header line)
    with ReviewQueue.of(hostile_run) as queue:
        assert len(rows) == len(queue.items()) and all(len(row.split("\t")) == 10 for row in rows)
    values = {row.split("\t")[5] for row in rows}
    # markup is plain text to a terminal: the planted names are listed as printed
    assert {HOSTILE["204\t公共安全支出"].split("\t")[1], "住房[/]保障支出", "卫生健康支出", "中宁县司法局本级"} <= values


def _planted_config(folder, base_url):
    config = folder / "extract.toml"
    config.write_text(f'[llm]\nbase_url = "{base_url}"\nmodel = "m"\nmode = "json_schema"\ncache = false\n', encoding="utf-8")
    return config


def test_a_config_file_in_the_working_directory_is_read_only_when_named(tmp_path, monkeypatch):
    from endpoint import Endpoint

    monkeypatch.chdir(tmp_path)
    seed = str(SEEDS / "001_9e7f8505a7e25c9c.txt")
    with Endpoint() as ep:
        _planted_config(tmp_path, ep.base_url)
        unnamed = runner.invoke(app, ["run", seed, "-o", "o1"])
        assert unnamed.exit_code == 0, unnamed.output
        assert ep.requests == [] and "config:" not in unnamed.output  # rules only, nothing sent
        assert json.loads((tmp_path / "o1" / "docs" / "001_9e7f8505a7e25c9c.json").read_text(encoding="utf-8"))["backend"] == "rules"
        named = runner.invoke(app, ["run", seed, "-o", "o2", "--config", "extract.toml"])
        assert named.exit_code == 0, named.output
        assert "config: extract.toml" in named.stderr and ep.requests  # said, then used: hybrid
        assert json.loads((tmp_path / "o2" / "docs" / "001_9e7f8505a7e25c9c.json").read_text(encoding="utf-8"))["backend"] == "hybrid"
    missing = runner.invoke(app, ["run", seed, "-o", "o3", "--config", "nowhere.toml"])
    assert missing.exit_code == 2 and "config file nowhere.toml not found" in missing.output
    (tmp_path / "bad.toml").write_text("[llm\n", encoding="utf-8")
    malformed = runner.invoke(app, ["run", seed, "-o", "o4", "--config", "bad.toml"])
    assert malformed.exit_code == 2 and "bad.toml is not valid TOML" in malformed.output


@pytest.mark.parametrize("credentials, sent", [
    ("", "Bearer sk-never-show-4711"),  # the key, from the environment
    ("bob:pw-never-show@", "Basic Ym9iOnB3LW5ldmVyLXNob3c="),  # a URL's user and password, as HTTP Basic
])
def test_secrets_echoed_by_the_endpoint_never_reach_outputs_or_the_console(tmp_path, credentials, sent):
    import os

    from endpoint import Endpoint, Reply

    with Endpoint(lambda body, n: Reply(status=401, echo_auth=True)) as ep:
        config = _planted_config(tmp_path, ep.base_url.replace("http://", "http://" + credentials))
        out = tmp_path / "out"
        run = subprocess.run([sys.executable, "-m", "extractor.cli", "run", str(SEEDS / "001_9e7f8505a7e25c9c.txt"),
                              "-o", str(out), "--config", str(config)],
                             capture_output=True, text=True, env={**os.environ, "EXTRACTOR_LLM_API_KEY": "sk-never-show-4711"})
    assert ep.headers and all(h["authorization"] == sent for h in ep.headers)  # the endpoint got it...
    scheme = sent.split()[0]
    assert f"invalid credentials '{scheme} ***'" in run.stdout  # ...and echoed it, as the summary shows
    assert "switching to md_json" in run.stderr  # the warning names the endpoint, without its credentials
    assert ("http://***@127.0.0.1" if credentials else "http://127.0.0.1") in run.stderr
    written = "".join(p.read_text(encoding="utf-8") for p in [out / "run.json", *(out / "docs").glob("*.json")])
    assert f"invalid credentials '{scheme} ***'" in written
    for secret in ("sk-never-show-4711", "pw-never-show", "Ym9iOnB3LW5ldmVyLXNob3c="):
        assert secret not in run.stdout + run.stderr + written


def test_faults_in_out_are_one_line_not_a_traceback(tmp_path):
    """OUT that is a file, and a review.sqlite that is no database: one error line, exit 1."""
    seed = str(SEEDS / "001_9e7f8505a7e25c9c.txt")
    a_file = tmp_path / "out_is_a_file"
    a_file.write_text("x")
    result = runner.invoke(app, ["run", seed, "-o", str(a_file), "-q"])
    assert result.exit_code == 1 and "cannot write the outputs" in result.output and "Traceback" not in result.output
    out = tmp_path / "o"
    out.mkdir()
    (out / "review.sqlite").write_text("not a database")
    for args in (["run", seed, "-o", str(out), "-q"], ["review", str(out), "--list"]):
        result = runner.invoke(app, args)
        assert result.exit_code in (1, 2) and "no review queue this tool can open" in result.output, args
        assert "Traceback" not in result.output
    (out / "docs").mkdir(exist_ok=True)
    result = runner.invoke(app, ["export", str(out)])
    assert result.exit_code == 1 and "no review queue this tool can open" in result.output


def test_a_damaged_document_json_stops_the_export_in_one_line_and_keeps_the_last_dataset(tmp_path):
    """A document JSON edited or damaged by hand: the export names it and the cure, exit 1, and the
    dataset already there stays whole; the next run writes the document anew."""
    out = tmp_path / "o"
    assert runner.invoke(app, ["run", str(seed_path("001")), "-o", str(out), "-q"]).exit_code == 0
    assert runner.invoke(app, ["export", str(out), "-f", "xlsx"]).exit_code == 0
    dataset = (out / "export" / "dataset.xlsx").read_bytes()
    damaged = out / "docs" / f"{seed_path('001').stem}.json"
    damaged.write_text('{"doc": "001", "tables": [', encoding="utf-8")
    for fmt in ("xlsx", "csv", "json", "sqlite"):
        result = runner.invoke(app, ["export", str(out), "-f", fmt])
        assert result.exit_code == 1 and "Traceback" not in result.output, fmt
        assert result.output.startswith(f"error: {damaged} is no document JSON (") and "run `extract run`" in result.output
    assert (out / "export" / "dataset.xlsx").read_bytes() == dataset
    assert runner.invoke(app, ["run", str(seed_path("001")), "-o", str(out), "-q"]).exit_code == 0
    assert runner.invoke(app, ["export", str(out), "-f", "xlsx"]).exit_code == 0


def test_a_run_whose_llm_endpoint_refuses_every_connection_says_so_and_exits_1(tmp_path, caplog):
    """No server on the port: the breaker stops asking after a few refused connections, every table keeps
    the rules reading, and the run does not pass for a success."""
    from endpoint import closed_url
    from extractor.provider.client import BREAKER_FAILURES

    out = tmp_path / "out"
    result = runner.invoke(app, [
        "run", str(SEEDS / "000_83af6fe4b24abd13.txt"), "-o", str(out), "--backend", "hybrid", "--llm", closed_url(),
        "--model", "m", "--mode", "json_schema", "--no-cache", "--concurrency", "2",
    ], env={"EXTRACTOR_LLM_BACKOFF": "0.01", "EXTRACTOR_LLM_MAX_RETRIES": "5"})
    assert result.exit_code == 1, result.output
    said = " ".join(result.stdout.split())
    assert re.search(r"failed: the LLM backend failed on all 21 tables \(first: t\d\d: (http|unreachable)", said)
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == 1 and "the remaining tables keep the rules reading" in warned[0]  # one, not one per table
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["ok"] is False and run["files"][0]["status"] == "ok"
    llm = run["files"][0]["llm"]
    # at most the breaker's count, plus the one other request in flight when it opened
    assert BREAKER_FAILURES <= llm["requests"] <= BREAKER_FAILURES + 1
    assert len(llm["failed_tables"]) == 21 and sum("unreachable" in f for f in llm["failed_tables"]) >= 19
    doc = json.loads((out / "docs" / "000_83af6fe4b24abd13.json").read_text(encoding="utf-8"))
    assert len(doc["tables"]) == 21 and {t["backend"] for t in doc["tables"]} == {"rules"}


def test_the_file_time_limit_does_not_wait_for_an_llm_that_is_slow_on_every_table(tmp_path):
    """An endpoint that answers seed 000's requests after 2 s each (under the request timeout): its 21
    tables would take 40 s; under --file-timeout 5 the file is reported failed, its tables not yet
    sent are never sent, and the next file's tables (answered at once) are all read by the LLM, once
    the one request still in flight has ended (it holds its place among the --concurrency requests)."""
    from endpoint import Endpoint, Reply

    def script(body, n):
        return Reply(delay=0 if "平罗" in json.dumps(body, ensure_ascii=False) else 2)  # (seed 001's tables)

    out = tmp_path / "out"
    with Endpoint(script) as ep:
        result = runner.invoke(app, [
            "run", str(seed_path("000")), str(seed_path("001")), "-o", str(out), "--backend", "hybrid",
            "--llm", ep.base_url, "--model", "m", "--mode", "json_schema", "--no-cache", "--concurrency", "1",
            "--file-timeout", "5"])
        assert result.exit_code == 1, result.output
        run = {f["path"]: f for f in json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]}
        slow, other = run[str(seed_path("000"))], run[str(seed_path("001"))]
        assert slow["status"] == "failed" and slow["doc"] is None
        assert slow["error"].startswith("took longer than the time limit of 5 s per file (--file-timeout)")
        assert other["status"] == "ok" and other["llm"]["tables"] == 3 and other["llm"]["failed_tables"] == []
        assert len([b for b in ep.requests if "平罗" not in json.dumps(b, ensure_ascii=False)]) <= 3
    for option in ("-1", "nan", "inf"):
        bad = runner.invoke(app, ["run", str(SEEDS), "-o", str(tmp_path / "o"), "--file-timeout", option])
        assert bad.exit_code == 2 and "--file-timeout" in bad.output, option


def _many_inputs(tmp_path, copies=8):
    """A folder of `copies` renamed copies of each seed: a run long enough to stop halfway."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            (folder / f"{i:02d}_{seed.name}").write_bytes(seed.read_bytes())
    return folder


def _started(folder, out):
    """`extract run FOLDER -o OUT` in its own process, once it has written its third document."""
    import time

    proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "run", str(folder), "-o", str(out), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while len([p for p in (out / "docs").glob("*_*.json") if p.stem[:2].isdigit() and p.stem[2] == "_"]) < 3:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.01)
    return proc


def _csv_docs(out, name):
    import csv

    return {row["doc"] for row in csv.DictReader((out / name).read_text(encoding="utf-8-sig").splitlines())}


def test_kill_9_leaves_the_outputs_whole_and_a_second_run_is_locked_out(tmp_path):
    """Issue 19 item 6: a second run into a busy OUT refuses in one line; kill -9 halfway leaves the
    earlier CSVs and run.json as they were, every document JSON whole; the next run goes on from there."""
    import signal

    from extractor.export.rows import TABLES
    from extractor.models import Document

    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in [*out.glob("*.csv"), out / "run.json"]}
    folder = _many_inputs(tmp_path)
    proc = _started(folder, out)
    second = _extract("run", str(SEEDS), "-o", str(out), "-q")
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert second.stderr.strip() == f"error: {out} is in use by another extract run (process {proc.pid}): wait for it to end, or give another -o"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {p.name: p.read_bytes() for p in [*out.glob("*.csv"), out / "run.json"]} == before
    assert len(list(out.glob(".tmp-*"))) == len(TABLES)  # the killed run's CSVs, never put in place
    done = [Document.model_validate_json(p.read_bytes()) for p in (out / "docs").glob("*.json")]
    assert len(done) >= 5 + 3
    again = runner.invoke(app, ["run", str(folder), "-o", str(out)])
    assert again.exit_code == 0, again.output
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["state"] == "complete" and run["reused"] >= 3 and len(run["files"]) == 40
    assert f"({run['reused']} unchanged since the last run" in again.output
    assert _csv_docs(out, "projects.csv") == {f["doc"] for f in run["files"]}
    assert not list(out.rglob(".tmp-*"))  # what the killed run was writing is cleared (in OUT and OUT/docs)


def test_ctrl_c_leaves_a_run_json_saying_so_and_the_next_run_goes_on(tmp_path):
    """Issue 19 items 6 and 15: SIGINT to a real run prints one line, exits 130 and leaves run.json
    (state interrupted) and CSVs of the documents done; the same command then reuses them."""
    import signal

    out = tmp_path / "out"
    folder = _many_inputs(tmp_path)
    proc = _started(folder, out)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["state"] == "interrupted" and run["ok"] is False
    done = {f["doc"] for f in run["files"]}
    assert err.strip() == (f"interrupted: the outputs in {out} hold the {len(done)} file(s) done of 40 (run.json says so); "
                           "run the same command again to go on")
    assert 3 <= len(done) < 40 and _csv_docs(out, "projects.csv") == done  # (each document written whole or not at all)
    assert done <= {p.stem for p in (out / "docs").glob("*.json")}
    again = runner.invoke(app, ["run", str(folder), "-o", str(out), "-q"])
    assert again.exit_code == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["state"] == "complete" and run["reused"] >= len(done)
    assert {f["doc"] for f in run["files"] if f["reused"]} >= done


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a tmpfs with the given mount options (`size=…`, `ro`), unmounted after the test;
    skipped where mounting needs privileges this test does not have."""
    mounted = []

    def mount(options: str, point=None):
        point = point or tmp_path / f"mnt{len(mounted)}"
        point.mkdir(exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", str(point)], capture_output=True)


def _fill(path):
    """Write `path` until its file system has no space left."""
    with open(path, "wb", buffering=0) as f:  # unbuffered: the write that fails raises, closing has nothing left
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass


def test_a_full_disk_and_a_read_only_out_are_one_line_and_keep_the_outputs(tmp_path, tmpfs):
    """Issue 19 items 6 and 13, on a real tmpfs: the disk fills up halfway through a run, or OUT is
    mounted read-only: one error line, exit 1, the earlier outputs whole and still exportable."""
    disk = tmpfs("size=200k")
    out = disk / "out"
    assert runner.invoke(app, ["run", str(seed_path("001")), "-o", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in [*out.glob("*.csv"), out / "run.json"]}
    full = _extract("run", str(SEEDS), "-o", str(out), "-q")
    assert full.returncode == 1 and "Traceback" not in full.stderr
    # (where the disk fills decides who says so: a file of OUT, or SQLite writing the review queue)
    assert full.stderr.strip() in (f"error: cannot write the outputs in {out}: No space left on device",
                                   f"error: cannot write the outputs in {out}: database or disk is full")
    assert {p.name: p.read_bytes() for p in [*out.glob("*.csv"), out / "run.json"]} == before
    _fill(disk / "filler")  # what the failed run's cleanup gave back: the disk stays full
    for fmt in ("csv", "xlsx", "sqlite"):
        exported = _extract("export", str(out), "--format", fmt)  # into OUT/export, on the full disk
        assert exported.returncode == 1 and exported.stderr.startswith("error: cannot write the dataset"), fmt
    (disk / "filler").unlink()  # (with no byte free, SQLite cannot open the queue's WAL index to read it)
    for fmt in ("csv", "xlsx", "sqlite"):
        assert _extract("export", str(out), "--format", fmt, "-o", str(tmp_path / "x")).returncode == 0
    assert not list(out.rglob(".tmp-*"))
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    for args in (["run", str(SEEDS), "-o", str(out), "-q"], ["check", str(out), "-q"]):
        refused = _extract(*args)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, args
        assert refused.stderr.startswith(f"error: cannot write the outputs in {out}: Read-only file system"), args
    assert {p.name: p.read_bytes() for p in [*out.glob("*.csv"), out / "run.json"]} == before


def test_an_unreadable_sub_folder_is_reported_not_skipped(tmp_path):
    """Issue 19 item 11: a sub-folder the run cannot list is a failed input (exit 1, named in the summary
    and run.json); the other files are read. As root, the run is started without the capabilities that
    bypass file permissions (setpriv), as an ordinary user would run it."""
    import os
    import shutil

    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv: permissions cannot be enforced")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    inputs = tmp_path / "in"
    (inputs / "locked").mkdir(parents=True)
    (inputs / "a.txt").write_bytes(seed_path("001").read_bytes())
    (inputs / "locked" / "b.txt").write_bytes(seed_path("004").read_bytes())
    (inputs / "locked").chmod(0)
    try:
        out = tmp_path / "out"
        done = subprocess.run([*prefix, sys.executable, "-m", "extractor.cli", "run", str(inputs), "-o", str(out)],
                              capture_output=True, text=True)
        only = subprocess.run([*prefix, sys.executable, "-m", "extractor.cli", "run", str(inputs / "locked"), "-o", str(out)],
                              capture_output=True, text=True)
    finally:
        (inputs / "locked").chmod(0o755)
    assert done.returncode == 1 and "1 ok, 1 failed" in done.stdout
    files = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]
    assert [(f["path"], f["status"], f["error"]) for f in files] == [
        (str(inputs / "locked"), "failed", "cannot read the folder: Permission denied"), (str(inputs / "a.txt"), "ok", None)]
    # the unreadable folder named itself: a usage error (the command line's own check), OUT untouched
    assert only.returncode == 2 and f"'{inputs / 'locked'}' is not readable" in only.stderr
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["files"] == files


def test_version():
    from extractor import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"extract {__version__}"


def test_the_config_file_sets_run_options(tmp_path):
    """The [run] table of the user's config file gives run its output folder and flag threshold and
    export its unit and language; a flag given on the command line wins; a bad value is a usage error."""
    import json

    config = tmp_path / "config" / "extract" / "extract.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[run]\nflag_below = 0.0\nout = "{tmp_path / "from-config"}"\nunit = "元"\nlang = "en"\n',
                      encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "EXTRACTOR_CONFIG": ""}
    done = runner.invoke(app, ["run", str(seed_path("000")), "-q"], env=env)
    assert done.exit_code == 0, done.output
    out = tmp_path / "from-config"
    files = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]
    assert files[0]["flagged"] < 20  # seed 000 flags 20 at the default 0.8; at 0.0 only the failed checks' fields
    exported = runner.invoke(app, ["export", str(out), "--format", "xlsx"], env=env)
    assert exported.exit_code == 0, exported.output
    from openpyxl import load_workbook

    book = load_workbook(out / "export" / "dataset.xlsx", read_only=True)
    assert book.sheetnames[0] == "dictionary"  # lang = "en"
    sheet = list(book["expenditure_by_function"].iter_rows(values_only=True))
    rows = [dict(zip(sheet[0], r)) for r in sheet[1:]]
    row = next(r for r in rows if r["code"] == "2040601" and r["column"] == "total")
    assert (row["unit"], row["value"]) == ("元", 7959794.0)  # 795.9794 万元
    book.close()
    flagged = runner.invoke(app, ["run", str(seed_path("000")), "-q", "-o", str(tmp_path / "cli"), "--flag-below", "0.8"],
                            env=env)
    assert flagged.exit_code == 0
    assert json.loads((tmp_path / "cli" / "run.json").read_text(encoding="utf-8"))["files"][0]["flagged"] == 20
    config.write_text("[run]\nflag_below = 2\n", encoding="utf-8")
    bad = runner.invoke(app, ["run", str(seed_path("000")), "-q"], env=env)
    assert bad.exit_code == 2 and "bad [run] settings" in bad.output and "flag_below" in bad.output
