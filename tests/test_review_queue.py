"""The review queue on a real SQLite file filled by a real run over the seeds."""

import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import unicodedata

import pytest

from extractor.api import run
from extractor.export import Format, export_dataset
from extractor.models import Document
from extractor.review.items import FieldType, Status
from extractor.review.queue import MIGRATIONS, Action, ClaimedError, Filter, QueueError, ReviewQueue, StaleError

from conftest import ROOT, SEED_ITEMS, SEEDS



def _fold(text):
    return "".join(unicodedata.normalize("NFKC", text).split())


def _find(queue, path, doc="000"):
    (q,) = [q for q in queue.items(Filter(doc=doc)) if q.item.path == path]
    return q


def test_run_fills_the_queue(seed_run):
    db = sqlite3.connect(seed_run / "review.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    with ReviewQueue.of(seed_run) as queue:
        items = queue.items()
        assert len(items) == SEED_ITEMS and {q.status for q in items} == {Status.pending}
        assert queue.counts()[Status.pending] == SEED_ITEMS
        texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
        for q in items:
            it = q.item
            text = texts[it.doc]
            # the span is where the printed value is (raw text may be NFKC-folded), and the context holds it
            assert _fold(text[it.span.start:it.span.end]) == _fold(it.raw)
            assert it.context == text[it.context_start:it.context_start + len(it.context)]
            assert it.context_start <= it.span.start and it.span.end <= it.context_start + len(it.context)
        wrong = _find(queue, "t02.lines[10].amounts[3].amount")  # -11 printed for 20 − 31.1
        assert (wrong.item.value, wrong.item.reasons) == ("-11", ["sum_mismatch"])
        assert [(c.source, c.value) for c in wrong.item.candidates] == [("change_amount", "-11.1")]
        assert wrong.item.row.startswith("2040610 社区矫正 |")


def _empty_table(queue):
    """Seed 000's 表6 (政府性基金) is printed with its headers only and no statement why: a finding
    of the document itself, queued as such with the table's text as its place."""
    (q,) = [q for q in queue.items(Filter(doc="000")) if q.item.field_type is FieldType.finding]
    return q


def test_a_finding_of_the_document_is_reviewed_as_such_and_its_verdict_exported(seed_run):
    import csv

    out = seed_run
    with ReviewQueue.of(out) as queue:
        q = _empty_table(queue)
        assert q.item.key.endswith("finding:tables_required:" + q.item.key.rsplit(":", 1)[1])
        assert q.item.reasons == ["template_defect"] and "printed empty without a statement" in q.item.messages[0]
        assert q.item.raw.startswith("表6") and "政府性基金预算财政拨款支出预算表" in q.item.raw
        assert q.item.context_start <= q.item.span.start < q.item.span.end <= q.item.context_start + len(q.item.context)
        with pytest.raises(ValueError, match="approve it"):
            queue.decide(q, Action.correct, "alice", "本表无数据")
        queue.decide(q, Action.reject, "alice", note="the template lets 表6 go without a statement")
    (written,) = [p for p in export_dataset(out, Format.csv) if p.name == "findings.csv"]
    with open(written, encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["check"] == "tables_required"]
    assert [(r["doc"][:3], r["status"]) for r in rows] == [("000", "rejected")]
    with ReviewQueue.of(out) as queue:  # a re-run keeps the verdict: the finding is found again under its key
        run([SEEDS], out)
        assert _empty_table(queue).status is Status.rejected


def test_decisions_and_validation(seed_run):
    with ReviewQueue.of(seed_run) as queue:
        wrong = _find(queue, "t02.lines[10].amounts[3].amount")
        with pytest.raises(ValueError, match="not a number"):
            queue.decide(wrong, Action.correct, "alice", "-11.l")
        assert queue.get(wrong.id).status is Status.pending
        done = queue.decide(wrong, Action.correct, "alice", " -11.10 ")
        assert (done.status, done.decided_value, done.reviewer) == (Status.corrected, "-11.1", "alice")
        # a "correction" to the extracted value is an approval
        same = _find(queue, "t14.project.period")
        assert queue.decide(same, Action.correct, "alice", "2021年-2021年").status is Status.approved
        code_like = queue.items(Filter(doc="004"))[0]
        assert queue.decide(code_like, Action.reject, "bob").status is Status.rejected
        assert [(r["action"], r["reviewer"]) for r in queue.log()] == [
            ("correct", "alice"), ("correct", "alice"), ("reject", "bob")]
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            queue.db.execute("UPDATE decisions SET reviewer = 'mallory'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            queue.db.execute("DELETE FROM decisions")


def test_undo_walks_back_one_reviewers_decisions(seed_run):
    with ReviewQueue.of(seed_run) as queue:
        first, second, third = queue.items()[:3]
        queue.decide(first, Action.approve, "alice")
        queue.decide(second, Action.correct, "alice", "270")
        queue.decide(third, Action.approve, "alice")
        queue.decide(queue.get(third.id), Action.reject, "bob")  # bob decides after seeing alice's approval
        # bob's later decision on `third` is his: alice's undo passes over her overtaken approval
        assert queue.undo("alice").id == second.id
        assert queue.get(second.id).status is Status.pending and queue.get(second.id).decided_value is None
        assert queue.undo("alice").id == first.id
        assert queue.get(first.id).status is Status.pending
        assert queue.undo("alice") is None
        assert (queue.get(third.id).status, queue.get(third.id).reviewer) == (Status.rejected, "bob")
        log = queue.log()
        assert [r["action"] for r in log] == ["approve", "correct", "approve", "reject", "undo", "undo"]
        assert log[4]["undoes"] == log[1]["id"] and log[5]["undoes"] == log[0]["id"]


def test_a_decision_applies_only_to_the_state_the_reviewer_saw(seed_run):
    """Lost update: bob decides on the item as he saw it before alice's correction; his write is refused."""
    with ReviewQueue.of(seed_run) as alice, ReviewQueue.of(seed_run) as bob:
        seen_by_bob = _find(bob, "t02.lines[10].amounts[3].amount")
        alice.decide(_find(alice, "t02.lines[10].amounts[3].amount"), Action.correct, "alice", "-11.1")
        with pytest.raises(StaleError, match="changed since you saw it: now corrected = -11.1 by alice") as refused:
            bob.decide(seen_by_bob, Action.approve, "bob")
        now = bob.get(seen_by_bob.id)
        assert (now.status, now.decided_value, now.reviewer) == (Status.corrected, "-11.1", "alice")
        assert refused.value.now.version == now.version == seen_by_bob.version + 1
        assert [r["reviewer"] for r in bob.log(now.id)] == ["alice"]
        # seen again, bob may decide otherwise, knowingly
        assert bob.decide(now, Action.reject, "bob").status is Status.rejected


def _seed_000_run(tmp_path):
    """Seed 000 copied into an input folder and run once: (the folder, the file's name, its text, OUT)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    name = "000_83af6fe4b24abd13.txt"
    text = (SEEDS / name).read_text(encoding="utf-8")
    (inputs / name).write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    run([inputs], out)
    return inputs, name, text, out


def test_a_run_that_reopens_an_item_refuses_decisions_on_what_was_shown_before(seed_run, tmp_path):
    inputs, name, text, out = _seed_000_run(tmp_path)
    with ReviewQueue.of(out) as queue:
        wrong = queue.decide(_find(queue, "t02.lines[10].amounts[3].amount"), Action.correct, "alice", "-11.1")
        run([inputs], out)  # unchanged: the item as shown is still the item
        assert queue.get(wrong.id).version == wrong.version
        (inputs / name).write_text(text.replace("20.000000\t-11\t-35.37%", "20.000000\t-12\t-35.37%"), encoding="utf-8")
        run([inputs], out)  # the printed value changed under the decision: reopened
        with pytest.raises(StaleError, match="now pending"):
            queue.decide(wrong, Action.approve, "bob")


def test_claims_keep_two_reviewers_apart(seed_run):
    with ReviewQueue.of(seed_run) as alice, ReviewQueue.of(seed_run) as bob:
        item = alice.claim_next("alice")
        assert bob.claim_next("bob").id != item.id
        with pytest.raises(ClaimedError, match="claimed by alice"):
            bob.decide(item, Action.approve, "bob")
        with pytest.raises(ClaimedError):
            bob.claim(item.id, "bob")
        alice.claim(item.id, "alice", seconds=-1)  # a claim left to expire
        bob.claim(item.id, "bob")
        assert bob.decide(item, Action.approve, "bob").status is Status.approved


def test_a_correction_is_checked_again_with_the_documents_decisions(seed_run):
    """社区矫正 prints 31.1 → 20, change -11, -35.37 %: -11 fails change = total − prior (-11.1), and
    -35.37 % is -11 / 31.1. Taking -11.1 mends the one identity and breaks the other; the checks say so."""
    with ReviewQueue.of(seed_run) as queue:
        wrong = _find(queue, "t02.lines[10].amounts[3].amount")
        doc = wrong.item.doc
        assert queue.correction_warnings(doc) == {}
        done = queue.decide(wrong, Action.correct, "alice", "-11.1")
        assert queue.correction_warnings(doc) == {"t02.lines[10].amounts[3].amount": [
            "with the correction: 2040610 社区矫正: change % = change / prior year × 100: -35.37, expected -35.69"]}
        queue.decide(done, Action.correct, "alice", "-12")  # fits neither, nor the sum of 司法's rows
        assert [m.split(": ", 2)[1] for m in queue.correction_warnings(doc)["t02.lines[10].amounts[3].amount"]] == [
            "2040610 社区矫正", "2040610 社区矫正", "20406 司法 = Σ its 项 rows [change_amount]"]
        queue.decide(queue.get(done.id), Action.reject, "alice")  # no value: nothing to check
        assert queue.correction_warnings(doc) == {}


def test_rerun_keeps_decisions_and_reopens_changed_source(seed_run, tmp_path):
    inputs, name, text, out = _seed_000_run(tmp_path)
    with ReviewQueue.of(out) as queue:
        n = len(queue.items())
        wrong = _find(queue, "t02.lines[10].amounts[3].amount")
        kept = _find(queue, "t14.project.implementing_unit")
        queue.decide(wrong, Action.correct, "alice", "-11.1")
        queue.decide(kept, Action.approve, "alice")
    run([inputs], out)  # the same document again: nothing changes
    with ReviewQueue.of(out) as queue:
        assert len(queue.items()) == n
        assert queue.get(wrong.id).status is Status.corrected and queue.get(kept.id).status is Status.approved
    # A changed file: a line added on top moves every offset; the 社区矫正 row's percentage changes.
    changed = "（2021年3月重新公开）\n" + text.replace("-11\t-35.37%", "-11\t-35.36%")
    assert changed != "（2021年3月重新公开）\n" + text
    (inputs / name).write_text(changed, encoding="utf-8")
    report = run([inputs], out)
    assert {k: report.review[k] for k in ("added", "kept", "reopened", "retired", "pending", "approved")} == {
        "added": 1, "kept": 1, "reopened": 1, "retired": 0, "pending": n, "approved": 1}
    with ReviewQueue.of(out) as queue:
        # no duplicates; the one new item is the percentage that now disagrees with its row
        after = queue.items()
        assert queue.db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == len(after) == n + 1
        (new,) = [q for q in after if q.id > n]
        assert new.item.key.endswith("lines[2040610社区矫正].amounts[change_pct].amount")
        reopened, still = queue.get(wrong.id), queue.get(kept.id)
        assert reopened.status is Status.pending and reopened.decided_value is None
        assert still.status is Status.approved and still.reviewer == "alice"
        assert still.item.span.start == kept.item.span.start + len("（2021年3月重新公开）\n")
        assert [r["action"] for r in queue.log(wrong.id)] == ["correct", "reopen"]


def test_a_resync_of_an_unchanged_document_finds_it_by_index_and_writes_nothing(seed_run):
    with ReviewQueue.of(seed_run) as queue:
        plan = " ".join(r[-1] for r in queue.db.execute("EXPLAIN QUERY PLAN SELECT * FROM items WHERE doc = ?", ("x",)))
        assert "items_doc" in plan  # a sync reads its document's items only, not the whole queue
        kept = _find(queue, "t14.project.implementing_unit")
        queue.decide(kept, Action.approve, "alice")
        before = {r["key"]: tuple(r) for r in queue.db.execute("SELECT * FROM items")}
        (doc_path,) = (seed_run / "docs").glob("000_*.json")
        doc = Document.model_validate_json(doc_path.read_bytes())
        stats = queue.sync(doc, SEEDS.joinpath(doc.doc + ".txt").read_text(encoding="utf-8"))
        assert (stats.added, stats.kept, stats.reopened, stats.retired) == (0, 1, 0, 0)
        # every column of every item as it was: the approval, the versions, the times of the last change
        assert {r["key"]: tuple(r) for r in queue.db.execute("SELECT * FROM items")} == before
        assert queue.get(kept.id).status is Status.approved


def _swapped(text, first, second):
    """`text` with the printed tables `first` and `second` (first before second) in each other's place."""
    a, b = first.span, second.span
    return text[:a.start] + text[b.start:b.end] + text[a.end:b.start] + text[a.start:a.end] + text[b.end:]


def test_decisions_follow_same_named_projects_by_content_not_order(tmp_path):
    """Seed 002 prints two projects named 法律援助案件补助资金 (5.3756 and 25 万元, other indicators).
    Printed in the other order, each keeps its own decisions; one whose content changed has its
    decisions set aside and reported, never applied to the other."""
    from extractor.api import extract_file

    from test_export import _rows

    name = "002_669bc3487e5a13e4.txt"
    text = (SEEDS / name).read_text(encoding="utf-8")
    first, second = [t for t in extract_file(SEEDS / name).doc.tables
                     if getattr(t, "project", None) and t.project.project_name.value == "法律援助案件补助资金"]
    inputs, out = tmp_path / "in", tmp_path / "o"
    inputs.mkdir()
    (inputs / name).write_text(text, encoding="utf-8")
    run([inputs], out)
    with ReviewQueue.of(out) as queue:
        funds = _find(queue, f"{first.id}.project.funds_total", "002")
        assert funds.item.raw.strip() == "5.3756"
        queue.decide(funds, Action.correct, "alice", "25.3756")
        queue.decide(_find(queue, f"{second.id}.project.department", "002"), Action.correct, "alice", "吴忠市红寺堡区司法局")
        queue.decide(_find(queue, f"{second.id}.project.project_name", "002"), Action.approve, "alice")
    swapped = _swapped(text, first, second)
    (inputs / name).write_text(swapped, encoding="utf-8")
    report = run([inputs], out)
    assert {k: report.review[k] for k in ("kept", "reopened", "set_aside", "aside")} == {
        "kept": 3, "reopened": 0, "set_aside": 0, "aside": []}
    # the 5.3756 project is printed second now: its correction went with it
    with ReviewQueue.of(out) as queue:
        moved = queue.get(funds.id)
        assert (moved.item.path, moved.item.raw.strip(), moved.decided_value) == (
            f"{second.id}.project.funds_total", "5.3756", "25.3756")
    projects = {r["table_id"]: r for r in _rows(out / "projects.csv") if r["project_name"] == "法律援助案件补助资金"}
    assert (projects[second.id]["funds_total"], projects[second.id]["department"]) == ("25.3756", "223-吴忠市红寺堡区司法局")
    assert (projects[first.id]["funds_total"], projects[first.id]["department"]) == ("25.0", "吴忠市红寺堡区司法局")
    # the 5.3756 project's indicator reworded: it is no longer certainly the project decided on
    a, b = first.span, second.span
    start = a.start + (b.end - b.start) + (b.start - a.end)  # where the 5.3756 project is printed now
    at = swapped.index("案件投入总成本", start, start + a.end - a.start)
    (inputs / name).write_text(swapped[:at] + "案件投入成本合计" + swapped[at + len("案件投入总成本"):], encoding="utf-8")
    report = run([inputs], out)
    assert {k: report.review[k] for k in ("kept", "reopened", "set_aside")} == {"kept": 2, "reopened": 0, "set_aside": 1}
    (aside,) = report.review["aside"]
    assert aside.endswith(".project.funds_total: corrected = 25.3756 by alice") and "法律援助案件补助资金@" in aside
    projects = {r["table_id"]: r for r in _rows(out / "projects.csv") if r["project_name"] == "法律援助案件补助资金"}
    assert projects[second.id]["funds_total"] == "5.3756" and projects[first.id]["funds_total"] == "25.0"
    assert "25.3756" not in (out / "projects.csv").read_text(encoding="utf-8-sig")
    with ReviewQueue.of(out) as queue:
        kept = queue.get(funds.id)
        assert (kept.active, kept.status, kept.decided_value) == (False, Status.corrected, "25.3756")
    # printed as before again: the decision set aside is found and applied again
    (inputs / name).write_text(swapped, encoding="utf-8")
    report = run([inputs], out)
    assert (report.review["kept"], report.review["set_aside"]) == (3, 0)


def test_queue_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "review.sqlite"
    ReviewQueue(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(QueueError, match="newer extractor"):
        ReviewQueue(path)


def test_a_queue_of_the_first_schema_is_migrated_with_its_decisions(tmp_path, seed_run):
    """A queue written before items had versions: opened, its items get version 1 and keep their decisions."""
    from extractor.review.queue import _statements

    old = tmp_path / "review.sqlite"
    db = sqlite3.connect(old)
    for statement in _statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("ATTACH ? AS new", (str(seed_run / "review.sqlite"),))
    columns = [r[1] for r in db.execute("PRAGMA main.table_info(items)")]
    db.execute(f"INSERT INTO main.items SELECT {', '.join(columns)} FROM new.items")
    db.execute("UPDATE main.items SET status = 'corrected', decided_value = '1204', reviewer = 'alice' WHERE id = 1")
    db.commit()
    db.close()
    with ReviewQueue(old) as queue:
        assert queue.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        first = queue.get(1)
        assert (first.version, first.status, first.decided_value) == (1, Status.corrected, "1204")
        assert queue.decide(first, Action.approve, "bob").version == 2


def test_filter_query():
    f = Filter.parse("reason:sum_mismatch kind=project doc:002 status:pending 法律")
    assert (f.reason, f.kind, f.doc, f.status, f.words) == ("sum_mismatch", "project", "002", "pending", ["法律"])
    with pytest.raises(QueueError, match="unknown status"):
        Filter.parse("status:done")


WORKER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from extractor.review.queue import Action, ReviewQueue

    out, reviewer = Path(sys.argv[1]), sys.argv[2]
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # both start together
    with ReviewQueue.of(out) as queue:
        while (item := queue.claim_next(reviewer)) is not None:
            queue.decide(item, Action.approve, reviewer)
""")


def test_two_processes_lose_and_double_nothing(seed_run):
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(seed_run), who], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, cwd=ROOT) for who in ("alice", "bob")]
    for w in workers:
        assert w.stdout.readline() == "ready\n"
    for w in workers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in workers:
        assert w.wait(timeout=120) == 0
    with ReviewQueue.of(seed_run) as queue:
        assert {q.status for q in queue.items()} == {Status.approved}
        log = queue.log()
        assert len(log) == SEED_ITEMS  # one decision per item: none lost, none doubled
        assert len({r["item_id"] for r in log}) == SEED_ITEMS
        deciders = {q.id: q.reviewer for q in queue.items()}
        assert all(deciders[r["item_id"]] == r["reviewer"] for r in log)


APPROVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from extractor.review.queue import Filter, ReviewQueue

    out, reviewer = Path(sys.argv[1]), sys.argv[2]
    with ReviewQueue.of(out) as queue:
        listed = queue.items(Filter(status="pending"))  # what `extract review --approve status:pending` lists
        sys.stdout.write(f"listed {len(listed)}\\n"); sys.stdout.flush()
        sys.stdin.readline()  # both have listed before either approves
        print(*queue.approve_all(listed, reviewer, note="--approve status:pending"))
""")


def test_two_batch_approvals_approve_each_item_once_and_keep_a_correction_made_meanwhile(seed_run):
    workers = [subprocess.Popen([sys.executable, "-c", APPROVER, str(seed_run), who], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, cwd=ROOT) for who in ("alice", "bob")]
    for w in workers:
        assert w.stdout.readline() == f"listed {SEED_ITEMS}\n"
    with ReviewQueue.of(seed_run) as carol:  # saves a correction after both listed the item as pending
        corrected = carol.decide(_find(carol, "t02.lines[10].amounts[3].amount"), Action.correct, "carol", "999.5")
    for w in workers:
        w.stdin.write("go\n")
        w.stdin.flush()
    results = [tuple(map(int, w.communicate(timeout=120)[0].split())) for w in workers]
    assert [w.returncode for w in workers] == [0, 0]
    # every other item approved by exactly one of them; the other found it changed; neither held
    assert sum(r[0] for r in results) == SEED_ITEMS - 1 and sum(r[1] for r in results) == 0
    assert sum(r[2] for r in results) == SEED_ITEMS + 1
    with ReviewQueue.of(seed_run) as queue:
        kept = queue.get(corrected.id)
        assert (kept.status, kept.decided_value, kept.reviewer) == (Status.corrected, "999.5", "carol")
        log = queue.log()
        assert len(log) == SEED_ITEMS and len({r["item_id"] for r in log}) == SEED_ITEMS
        assert [r["reviewer"] for r in queue.log(corrected.id)] == ["carol"]


KILLED_APP = textwrap.dedent("""
    import asyncio, os, signal, sys
    from pathlib import Path
    from extractor.review.app import ReviewApp
    from extractor.review.queue import ReviewQueue

    async def main():
        app = ReviewApp(ReviewQueue.of(Path(sys.argv[1])), "alice")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("a", "a", "e", "home", "ctrl+k", "1", "2")
            await pilot.pause()
            os.kill(os.getpid(), signal.SIGKILL)  # mid-edit: "12" typed, not saved

    asyncio.run(main())
""")


def test_killing_the_app_loses_at_most_the_item_being_edited(seed_run):
    proc = subprocess.run([sys.executable, "-c", KILLED_APP, str(seed_run)], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    db = sqlite3.connect(seed_run / "review.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with ReviewQueue.of(seed_run) as queue:
        items = queue.items()
        assert [q.status for q in items[:3]] == [Status.approved, Status.approved, Status.pending]
        assert len(queue.log()) == 2


def test_recheck_with_another_threshold_refills_the_queue(seed_run):
    from extractor.api import recheck

    with ReviewQueue.of(seed_run) as queue:
        keep = queue.items()[0]  # confidence 0.4: flagged at any threshold here
        queue.decide(keep, Action.approve, "alice")
    strict = recheck(seed_run, flag_below=0.5)
    with ReviewQueue.of(seed_run) as queue:
        fewer = queue.items()
        assert 0 < len(fewer) < SEED_ITEMS and all(q.item.confidence < 0.5 for q in fewer)
        assert strict.review["retired"] == SEED_ITEMS - len(fewer)
    recheck(seed_run)
    with ReviewQueue.of(seed_run) as queue:
        assert len(queue.items()) == SEED_ITEMS and queue.get(keep.id).status is Status.approved


def test_self_evaluation_items_are_keyed_by_project_and_row():
    """A self-evaluation is keyed by its project, its funds rows by role, and the
    reviewer sees the whole printed row (target, achieved, points, score)."""
    from extractor.api import extract_file
    from extractor.review.items import build_items, table_keys

    path = ROOT / "tests" / "data" / "selfeval" / "project_tabbed.ocr.txt"
    result = extract_file(path)
    assert table_keys(result.doc) == ["self_evaluation:社区矫正工作经费"]
    items = {i.key.split("|", 1)[1]: i for i in build_items(result.doc, result.text)}
    level3 = items["self_evaluation:社区矫正工作经费.evaluation.indicators[人].level3"]
    assert level3.row == "产出指标 / 数量指标 / 人 = >120人 | 实际完成值: 126人 | 分值: 20 | 得分: 20"


def test_tables_of_one_name_are_keyed_by_content(tmp_path):
    """The same project form printed twice: numbered only while the two are identical; a value
    printed differently (a spending milestone, which names neither) tells them apart by content."""
    from extractor.api import extract_file
    from extractor.review.items import table_keys

    form = (ROOT / "tests" / "data" / "projects" / "code_above.txt").read_text(encoding="utf-8")
    assert form.count("25%") == 1
    twice = tmp_path / "twice.txt"
    twice.write_text(form + "\n\n" + form, encoding="utf-8")
    first, second = table_keys(extract_file(twice).doc)
    name = "project_performance:下达2021年中央政法转移支付资金(绩效奖励)"
    assert first.startswith(name + "@") and second == first + "#2"
    twice.write_text(form + "\n\n" + form.replace("25%", "30%"), encoding="utf-8")
    first_again, other = table_keys(extract_file(twice).doc)
    assert first_again != first and other.startswith(name + "@") and "#" not in first_again + other
    # the order does not name them: printed the other way round, each keeps its key
    twice.write_text(form.replace("25%", "30%") + "\n\n" + form, encoding="utf-8")
    assert table_keys(extract_file(twice).doc) == [other, first_again]


def _state(out):
    with ReviewQueue.of(out) as queue:
        return {q.item.key: (q.status, q.decided_value, q.reviewer) for q in queue.items()}


def test_a_damaged_queue_is_rebuilt_from_the_documents_and_the_decision_log(seed_run):
    """Issue 19: decisions (an undo, a correction, a batch approval), then pages of review.sqlite
    overwritten: review, export and run refuse it in one line naming --rebuild; `--rebuild`
    gives every item its decision back, moves the damaged file aside, and the queue works on."""
    import csv

    from typer.testing import CliRunner

    from extractor.cli import app

    runner = CliRunner()
    with ReviewQueue.of(seed_run) as queue:
        first, second, third = queue.items(Filter(doc="000"))[:3]
        queue.decide(first, Action.correct, "alice", "1210")
        queue.decide(second, Action.reject, "alice")
        queue.undo("alice")  # the rejection taken back
        queue.decide(third, Action.correct, "bob", "273.1094")
        queue.approve_all(queue.items(Filter(doc="002", status="pending")), "carol", note="--approve doc:002")
    before = _state(seed_run)
    assert runner.invoke(app, ["export", str(seed_run), "-o", str(seed_run / "before")]).exit_code == 0
    path = seed_run / "review.sqlite"
    data = bytearray(path.read_bytes())
    data[4096:4096 * 3] = b"\x5a" * (4096 * 2)  # pages 2 and 3: the items' and decisions' tables
    path.write_bytes(bytes(data))
    for args in (["review", str(seed_run), "--list"], ["export", str(seed_run)], ["check", str(seed_run)],
                 ["run", str(SEEDS), "-o", str(seed_run), "-q"]):
        refused = runner.invoke(app, args)
        assert refused.exit_code in (1, 2) and "Traceback" not in refused.output, args
        assert f"rebuild it from the documents and the decision log with `extract review {seed_run} --rebuild`" \
            in " ".join(refused.output.split()), args
    rebuilt = runner.invoke(app, ["review", str(seed_run), "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    (aside,) = [p for p in seed_run.glob("review.sqlite.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == bytes(data) and not list(seed_run.glob(".tmp-*"))
    assert rebuilt.output.startswith(f"rebuilt {path}: a copy of the damaged queue kept as {aside.name}; {SEED_ITEMS} items")
    assert _state(seed_run) == before
    assert before[first.item.key] == (Status.corrected, "1210", "alice")
    assert before[second.item.key] == (Status.pending, None, None)
    assert sum(s is Status.approved for s, _, _ in before.values()) == 30
    assert runner.invoke(app, ["export", str(seed_run), "-o", str(seed_run / "after")]).exit_code == 0
    for name in ("amounts.csv", "projects.csv", "indicators.csv", "findings.csv"):
        assert (seed_run / "after" / name).read_bytes() == (seed_run / "before" / name).read_bytes(), name
    rows = list(csv.DictReader((seed_run / "after" / "amounts.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert any(r["value"] and float(r["value"]) == 1210 and r["status"] == "corrected" for r in rows)
    # the log came back too: bob's undo takes back his correction, not anyone else's
    with ReviewQueue.of(seed_run) as queue:
        assert queue.undo("bob").item.key == third.item.key
        assert [r["action"] for r in queue.log(queue.get(_find(queue, first.item.path).id).id)] == ["correct"]
    assert _state(seed_run)[third.item.key] == (Status.pending, None, None)
    # a lost queue and a lost journal: the items come back from the documents, and it says what did not
    (seed_run / "review.sqlite").unlink()
    (seed_run / "review.decisions.jsonl").unlink()
    bare = runner.invoke(app, ["review", str(seed_run), "--rebuild"])
    assert bare.exit_code == 1 and "no review.decisions.jsonl in" in bare.output
    assert {s for s, _, _ in _state(seed_run).values()} == {Status.pending}


def test_the_journal_holds_every_logged_decision_and_is_written_again_when_missing(seed_run):
    """A queue without its journal (written before there was one) gets it from its log on opening."""
    import json

    with ReviewQueue.of(seed_run) as queue:
        a, b = queue.items(Filter(doc="004"))[:2]
        queue.decide(a, Action.approve, "alice")
        queue.decide(b, Action.correct, "alice", "7")
        logged = [(r["action"], r["value_after"]) for r in queue.log()]
    journal = seed_run / "review.decisions.jsonl"
    lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert [(e["action"], e["value_after"]) for e in lines] == logged == [("approve", None), ("correct", "7")]
    assert [e["key"] for e in lines] == [a.item.key, b.item.key]
    journal.unlink()
    with ReviewQueue.of(seed_run):
        pass
    assert [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()] == lines


def test_every_auditor_finding_is_an_item_of_its_own_with_a_place_to_show():
    """On a real eval/dev disclosure changed twice: a 三公 cell deleted (its items no longer add up:
    a finding that names no span, shown at its first flagged cell) and a 收入预算总表 amount
    changed (one code, two amounts, `code_amounts`: two cells flagged, the finding an item too)."""
    from extractor.review.items import build_items

    from audit_docs import dev_text, published, read_text

    stem = "sh-putuo-zhengfuban-2025-budget"
    text = dev_text(stem).replace("839.00            28.50", "839.00                 ", 1)
    cell = next(x for t in published(stem).tables if "收入预算总表" in t.title for x in t.lines
                if x.code is not None and len(x.code.value) == 7).amounts[0].amount
    raw = cell.raw.strip()
    at = text.index(raw, cell.span.start)  # (nothing before it changed length)
    text = text[:at] + raw[:-1] + ("1" if raw[-1] != "1" else "2") + text[at + len(raw):]
    doc = read_text(text, stem)
    finding_items = {q.path: q for q in build_items(doc, text) if q.field_type is FieldType.finding}
    by_check = {doc.findings[int(p[len("findings["):-1])].check.value: q for p, q in finding_items.items()}
    assert {"three_public", "code_amounts"} <= set(by_check)
    assert by_check["code_amounts"].span.start <= at < by_check["code_amounts"].span.end
    sums = [q for p, q in finding_items.items() if doc.findings[int(p[len("findings["):-1])].reason.value == "sum_mismatch"]
    assert sums and all(q.span is not None and q.context_start <= q.span.start for q in sums)
    keys = [q.key for q in finding_items.values()]
    assert len(keys) == len(set(keys)) and not any(re.search(r"\bt\d+\b", k.split("finding:")[1]) for k in keys)


def test_a_verdict_on_a_missing_table_follows_it_when_other_tables_come_and_go(tmp_path):
    """zhengfuban without its 收入预算总表 (the contents list names it: a `tables_required` finding on
    the document's first table); the verdict on it stays when the first table is deleted too."""
    from audit_docs import dev_text, read_text

    stem = "sh-putuo-zhengfuban-2025-budget"
    text = dev_text(stem)

    def without(text, *words):
        for word in words:
            table = next(t for t in read_text(text, stem).tables if word in t.title)
            text = text[:table.span.start] + text[table.span.end:]
        return text

    one = without(text, "部门收入预算总表")
    with ReviewQueue(tmp_path / "review.sqlite") as queue:
        queue.sync(read_text(one, stem), one)
        (missing,) = [q for q in queue.items() if q.item.field_type is FieldType.finding
                      and "收入预算总表" in q.item.messages[0]]
        queue.decide(missing, Action.approve, "alice")
        two = without(one, "财务收支预算总表")
        stats = queue.sync(read_text(two, stem), two)
        assert stats.set_aside == 0 and queue.get(missing.id).status is Status.approved


def test_the_pending_items_of_documents_a_run_did_not_read_are_counted_apart(seed_run):
    with ReviewQueue.of(seed_run) as queue:
        others = sum(q.status is Status.pending and q.item.doc != "000" for q in queue.items())
        assert others and queue.pending_outside({"000"}) == others
        assert queue.pending_outside({q.item.doc for q in queue.items()}) == 0
