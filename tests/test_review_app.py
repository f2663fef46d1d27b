"""The real review app driven by Textual's Pilot on a real queue built from the seeds;
every test then reads the SQLite file and the export to find the decision there."""

import csv

from extractor.export import Format, export_dataset
import pytest

from extractor.review.app import ReviewApp, distinct_names
from extractor.review.items import Status, is_percentage, validate_value
from extractor.review.queue import Action, Filter, ReviewQueue
from conftest import SEED_ITEMS

SIZE = (80, 24)  # a plain SSH terminal


def _app(out, reviewer="alice", where=None):
    return ReviewApp(ReviewQueue.of(out), reviewer, where)


def _stored(out):
    """Item statuses and corrected values as a fresh connection reads them."""
    with ReviewQueue.of(out) as queue:
        return [(q.item.path, q.item.doc[:3], q.status, q.decided_value) for q in queue.items()]


def _amount_row(out, doc, code, column):
    export_dataset(out, Format.csv)
    with (out / "export" / "amounts.csv").open(encoding="utf-8-sig") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["doc"].startswith(doc) and r["code"] == code and r["column"] == column]
    return row


async def test_approve_then_next_item(seed_run):
    app = _app(seed_run)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.current
        await pilot.press("a")
        await pilot.pause()
        assert app.current.id != first.id and app.current.status is Status.pending
        screen = app.screen_text()
    assert all(len(line) <= 80 for line in screen.splitlines()) and len(screen.splitlines()) <= 24
    assert f"done 1/{SEED_ITEMS}" in screen
    stored = _stored(seed_run)
    assert stored[0][2] is Status.approved and {s for _, _, s, _ in stored[1:]} == {Status.pending}
    row = _amount_row(seed_run, "000", "", "prior_year")  # the 合计 row of t02 has no code
    assert (row["status"], row["value"]) == ("approved", "1209.0")


async def test_pick_a_candidate(seed_run):
    app = _app(seed_run, where=Filter.parse("doc:000 社区矫正"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current.item.path == "t02.lines[10].amounts[3].amount"
        assert "1 -11.1  (change_amount" in app.screen_text()
        await pilot.press("2")  # there is one candidate only
        await pilot.pause()
        assert "no candidate 2" in app.screen_text()
        await pilot.press("1")
        await pilot.pause()
    (path, _, status, value), = [s for s in _stored(seed_run) if s[0] == "t02.lines[10].amounts[3].amount" and s[1] == "000"]
    assert (status, value) == (Status.corrected, "-11.1")
    row = _amount_row(seed_run, "000", "2040610", "change_amount")
    assert (row["status"], row["value"], row["raw"]) == ("corrected", "-11.1", "-11")


async def test_edit_refuses_a_bad_number_then_saves_a_good_one(seed_run):
    app = _app(seed_run)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        target = app.current
        await pilot.press("e", "home", "ctrl+k", *"12O4", "enter")
        await pilot.pause()
        assert "not saved: not a number: '12O4'" in app.screen_text()
        assert ReviewQueue.of(seed_run).get(target.id).status is Status.pending
        await pilot.press("home", "ctrl+k", *"1,204", "enter")
        await pilot.pause()
        assert app.prompt_mode is None
    stored = ReviewQueue.of(seed_run).get(target.id)
    assert (stored.status, stored.decided_value) == (Status.corrected, "1204")
    row = _amount_row(seed_run, "000", "", "prior_year")
    assert (row["status"], row["value"]) == ("corrected", "1204.0")


async def test_reject_and_undo(seed_run):
    app = _app(seed_run)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.current
        await pilot.press("r", "a")
        await pilot.pause()
        await pilot.press("u")  # takes back the approval of the second item
        await pilot.pause()
        second = app.current
        assert second.id != first.id and second.status is Status.pending
    with ReviewQueue.of(seed_run) as queue:
        assert queue.get(first.id).status is Status.rejected and queue.get(second.id).status is Status.pending
        assert [(r["action"], r["reviewer"]) for r in queue.log()] == [
            ("reject", "alice"), ("approve", "alice"), ("undo", "alice")]
    row = _amount_row(seed_run, "000", "", "prior_year")
    assert (row["status"], row["value"]) == ("rejected", "")


async def test_filter_by_reason_and_document(seed_run):
    app = _app(seed_run)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"reason:cell_shifted doc:002", "enter")
        await pilot.pause()
        assert app.items and all(q.doc.startswith("002") and "cell_shifted" in q.reasons for q in app.items)
        assert f"{len(app.items)} shown: reason:cell_shifted doc:002" in app.screen_text()
        # the project's name and department were both shifted: a row is pending until all its fields are decided
        await pilot.press("a")
        await pilot.pause()
        approved = app.items[:2]
        assert {q.table_id for q in approved} == {"t06"}
        export_dataset(seed_run, Format.csv)
        assert _project_status(seed_run, "002", "t06") == "pending"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("slash", "home", "ctrl+k", "enter")  # an empty filter shows everything
        await pilot.pause()
        assert len(app.items) == SEED_ITEMS
    stored = [s for s in _stored(seed_run) if s[2] is Status.approved]
    assert stored == [(q.path, "002", Status.approved, None) for q in approved]
    export_dataset(seed_run, Format.csv)
    assert _project_status(seed_run, "002", "t06") == "approved"


def _project_status(out, doc, table_id):
    with (out / "export" / "projects.csv").open(encoding="utf-8-sig") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["doc"].startswith(doc) and r["table_id"] == table_id]
    return row["status"]


async def test_help_and_a_claimed_item(seed_run):
    with ReviewQueue.of(seed_run) as bob:
        held = bob.items()[0]
        bob.claim(held.id, "bob")
    app = _app(seed_run)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # a second reviewer opens on the first item no one holds; the held one is there, refused
        assert app.current.id != held.id and app.current.claimed_by == "alice"
        await pilot.press("p")
        await pilot.pause()
        assert app.current.id == held.id and "held: claimed by bob" in app.screen_text()
        await pilot.press("a")
        await pilot.pause()
        assert "not saved: claimed by bob" in app.screen_text()
        await pilot.press("question_mark")
        await pilot.pause()
        assert "take candidate 1-9" in app.screen_text()
        await pilot.press("x")
        await pilot.pause()
        assert "take candidate 1-9" not in app.screen_text()
    assert ReviewQueue.of(seed_run).get(held.id).status is Status.pending


def _pending(out):
    with ReviewQueue.of(out) as queue:
        return [q for q in queue.items() if q.status is Status.pending], queue.log()


async def test_markup_in_a_document_is_shown_literally_and_does_nothing(hostile_run):
    """A name planted as Textual markup shows as printed, and clicking it in the list or the detail
    neither rejects the item nor does anything else; an unbalanced `[/]` does not stop the app."""
    before, _ = _pending(hostile_run)
    app = _app(hostile_run, where=Filter.parse("公共安全 reason:name_mismatch"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current.item.value == "[@click=app.reject]公共安全[/]支出"
        screen = app.screen_text()
        assert "value [@click=app.reject]公共安全[/]支出" in screen
        assert "  [@click=app.  name_mismatc" in screen.splitlines()[2]  # the list row, cut to the column
        await pilot.click("#queue", offset=(47, 1))  # on the value cell of the first row
        await pilot.click("#detail", offset=(28, 1))  # on 公共安全 in "value …"
        await pilot.pause()
        assert app.current.status is Status.pending
    after, log = _pending(hostile_run)
    assert [q.id for q in after] == [q.id for q in before] and log == []

    app = _app(hostile_run)  # every item, the unbalanced name among them
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"住房", "enter")
        await pilot.pause()
        screen = app.screen_text()
    assert "value 住房[/]保障支出" in screen and "row 221 住房[/]保障支出" in screen


async def test_escape_sequences_in_a_document_do_not_reach_the_terminal(hostile_run):
    """A screen clear and an OSC window title planted in the text are gone from every pane (with the
    title they carried); the text around them is shown."""
    for word, shown in (("卫生健康", "value 卫生健康支出 "), ("普法宣传", "项目 普法宣传及依法治理经费")):
        app = _app(hostile_run, where=Filter.parse(word))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "\x1b" in app.current.item.context  # the document did carry the sequence
            screen = app.screen_text()
        assert shown in screen
        assert not any(c in screen for c in "\x1b\x07\x9b\x9d") and "pwned" not in screen


async def test_a_decision_on_an_item_changed_meanwhile_is_refused_and_the_new_state_shown(seed_run):
    app = _app(seed_run)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = app.current
        with ReviewQueue.of(seed_run) as bob:  # alice's claim ran out while she looked away; bob decided
            bob.claim(shown.id, "alice", seconds=-1)
            bob.decide(bob.get(shown.id), Action.correct, "bob", "1204")
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen_text()
        assert f"not saved: item {shown.id} changed since you saw it: now corrected = 1204 by bob" in screen
        assert app.current.id == shown.id and "corrected → 1204 by bob" in screen
    stored = ReviewQueue.of(seed_run).get(shown.id)
    assert (stored.status, stored.decided_value, stored.reviewer) == (Status.corrected, "1204", "bob")


async def test_a_correction_that_fails_a_check_is_shown_under_the_value(seed_run):
    app = _app(seed_run, where=Filter.parse("doc:000 社区矫正"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "check " not in app.screen_text()
        await pilot.press("1")  # -11.1 = 20 − 31.1, but the printed -35.37 % is -11 / 31.1
        await pilot.pause()
        await pilot.press("p")  # back to it (a decision moves on)
        await pilot.pause()
        screen = " ".join(app.screen_text().split())
        assert "check with the correction: 2040610 社区矫正: change % = change / prior year × 100: -35.37, expected -35.69" in screen
        await pilot.press("e", "home", "ctrl+k", *"-11", "enter")  # back to the printed value: an approval
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.current.status is Status.approved and "check " not in app.screen_text()


async def test_names_labels_notes_and_percentages(seed_run):
    """The list's document column shows what tells the documents apart, a confirmation names the row
    label and column, a rejection carries a note (R), a percentage field takes 22.18%."""
    app = _app(seed_run, where=Filter.parse("doc:000 reason:sum_mismatch"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = app.screen_text().splitlines()[2]
        assert "000_83af6f" in row  # (seeds share only "00": the list shows the names as they begin)
        assert app.current.item.key.endswith("lines[合计].amounts[prior_year].amount")
        await pilot.press("R", *"合计 printed twice", "enter")
        await pilot.pause()
        assert "rejected (合计 printed twice): 000_83af6fe4b24abd13 t02 合计 prior_year" in app.screen_text()
        pct = next(i for i, q in enumerate(app.items) if q.key.endswith("lines[合计].amounts[change_pct].amount"))
        app.move_to(pct)
        await pilot.pause()
        await pilot.press("e", "home", "ctrl+k", *"22.18%", "enter")
        await pilot.pause()
        assert "corrected = 22.18: 000_83af6fe4b24abd13 t02 合计 change_pct" in app.screen_text()
    with ReviewQueue.of(seed_run) as queue:
        log = queue.log()
        assert [(r["action"], r["note"]) for r in log] == [("reject", "合计 printed twice"), ("correct", "edited")]
        assert queue.get(log[1]["item_id"]).decided_value == "22.18"
        (amount,) = [q for q in queue.items(Filter.parse("doc:000")) if q.item.path.endswith("amounts[0].amount")
                     and q.item.table_id == "t02" and "合计" in q.item.key][:1]
        with pytest.raises(ValueError, match="not a number"):  # a % is no part of an amount in 万元
            validate_value(amount.item.field_type, "1209%", is_percentage(amount.item.key, amount.item.raw))


def test_distinct_names():
    assert distinct_names({"sh-pudong/2021/教育局_部门预算", "sh-pudong/2021/卫健委_部门预算"}) == {
        "sh-pudong/2021/教育局_部门预算": "教育局", "sh-pudong/2021/卫健委_部门预算": "卫健委"}
    assert distinct_names({"000_83af", "001_9e7f"}) == {"000_83af": "000_83af", "001_9e7f": "001_9e7f"}
    assert distinct_names({"a/only"}) == {"a/only": "only"}


async def test_a_long_queue_is_listed_a_page_at_a_time(seed_run):
    """Past PAGE items the list holds a page; the cursor keys turn it at its edges."""
    import sqlite3

    from extractor.review.app import PAGE

    db = sqlite3.connect(seed_run / "review.sqlite")
    columns = [r[1] for r in db.execute("PRAGMA table_info(items)") if r[1] != "id"]
    for copy in range(1, 5):
        picked = ", ".join(f"{c} || '~{copy}'" if c in ("key", "doc") else c for c in columns)
        db.execute(f"INSERT INTO items ({', '.join(columns)}) SELECT {picked} FROM items WHERE key NOT LIKE '%~%'")
    db.commit()
    db.close()
    app = _app(seed_run)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one("#queue")
        assert len(app.items) == 5 * SEED_ITEMS and table.row_count == PAGE
        app.move_to(PAGE - 1)
        await pilot.press("down")
        await pilot.pause()
        assert app.index == PAGE and app.current.id == app.items[PAGE].id and table.row_count <= PAGE
        await pilot.press("up")
        await pilot.pause()
        assert app.index == PAGE - 1


async def test_a_finding_shows_its_place_highlighted_and_is_approved_not_edited(seed_run):
    """Seed 000's 表6 printed empty without a statement (`test_review_queue._empty_table`)."""
    from extractor.review.app import _detail

    app = _app(seed_run, where=Filter.parse("reason:template_defect"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        item = app.current.item
        assert "finding tables_required" in app.screen_text()
        detail = _detail(app.current, None)
        (marked,) = [detail.plain[s.start:s.end] for s in detail.spans if "on yellow" in str(s.style)]
        assert marked.startswith("表6") and marked.strip() == item.raw.strip().replace("\t", " ")
        await pilot.press("e")
        await pilot.pause()
        assert app.prompt_mode is None and "not edited" in app.screen_text()
        await pilot.press("a")
        await pilot.pause()
    assert ReviewQueue.of(seed_run).get(app.items[0].id).status is Status.approved
