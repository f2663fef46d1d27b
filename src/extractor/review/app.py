"""`extract review OUT/`: a Textual app over the review queue.

Every decision is written to OUT/review.sqlite the moment it is made, so
closing or killing the app loses at most the value being typed. The app is
a thin shell: the queue does the work. Every text from a document (or another
reviewer) reaches the screen as an inert `rich.text.Text`, never as markup.
"""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from ..display import for_terminal, inert
from .items import FieldType, Status
from .queue import Action, ClaimedError, Filter, QueueError, QueueItem, QueueRow, ReviewQueue, StaleError

MARK = {Status.pending: "·", Status.approved: "✓", Status.corrected: "✎", Status.rejected: "✗"}
# the list's columns fit an 80-column terminal
COLUMNS = [("", 1), ("doc", 10), ("tbl", 3), ("field", 24), ("value", 12), ("reason", 12)]
REFRESH_SECONDS = 10.0  # pick up other reviewers' decisions
# Rows the list holds at a time: a long queue is shown a page at a time, so that it starts at once
# (a table of 30,000 rows takes seconds to build); the cursor keys turn the page at its edges.
PAGE = 200

HELP = """\
a      approve the value as extracted
1-9    take candidate 1-9
e      edit: type the right value (a number must parse)
r      reject: the value is wrong and cannot be given
R      reject with a note (why, for the log)
s      skip to the next pending item
u      undo your last decision
n / p  next / previous item   PgUp/PgDn  scroll the detail
/      filter: reason:… kind:… doc:… status:… and words
?      this help          q  quit (decisions are already saved)

any key closes this help"""


class HelpScreen(ModalScreen):
    DEFAULT_CSS = "HelpScreen { align: center middle; } #help { width: 64; height: auto; border: round $accent; padding: 0 1; background: $panel; }"

    def compose(self) -> ComposeResult:
        yield Static(HELP, id="help")

    def on_key(self, event) -> None:
        event.stop()
        self.dismiss()


class QueueTable(DataTable):
    """The queue's list, a page of it at a time: moving past a page's first or last row turns the page."""

    def action_cursor_down(self) -> None:
        if self.cursor_row < self.row_count - 1 or not self.app.turn_page(1):
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row > 0 or not self.app.turn_page(-1):
            super().action_cursor_up()


class ReviewApp(App):
    TITLE = "extract review"
    CSS = """
    #title { height: 1; background: $primary; color: $text; padding: 0 1; }
    #queue { height: 7; }
    #detail-box { height: 1fr; border-top: solid $primary; }
    #detail { padding: 0 1; }
    #prompt { dock: bottom; display: none; }
    #message { height: 1; padding: 0 1; color: $warning; }
    """
    BINDINGS = [
        Binding("a", "approve", "approve"),
        Binding("e", "edit", "edit"),
        Binding("r", "reject", "reject"),
        Binding("R", "reject_with_note", show=False),
        Binding("s", "skip", "skip"),
        Binding("u", "undo", "undo"),
        Binding("n", "move(1)", "next"),
        Binding("p", "move(-1)", "prev"),
        Binding("slash", "search", "filter"),
        Binding("question_mark", "help", "help"),
        Binding("q", "quit", "quit"),
        Binding("escape", "cancel", show=False),
        Binding("pagedown", "scroll_detail(1)", show=False),
        Binding("pageup", "scroll_detail(-1)", show=False),
        *[Binding(str(i), f"pick({i})", show=False) for i in range(1, 10)],
    ]

    def __init__(self, queue: ReviewQueue, reviewer: str, where: Filter | None = None):
        super().__init__()
        self.queue, self.reviewer = queue, reviewer
        self.where = where or Filter()
        self.items: list[QueueRow] = []  # the items the filter selects, as the list shows them
        self.page_start = 0  # the index in `items` of the list's first row
        self.names: dict[str, str] = {}  # document → the distinctive part of its name
        self._current: QueueItem | None = None  # the item under the cursor, read whole
        self.prompt_mode: str | None = None  # "edit" or "search" while the prompt is open
        self.held_by: str | None = None  # another reviewer holding the current item
        self._warnings: dict[str, dict[str, list[str]]] = {}  # doc → field path → what the checks say of its correction

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield QueueTable(id="queue", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail-box"):
            yield Static(id="detail")
        yield Static(id="message")
        yield Input(id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#queue", DataTable)
        self.columns = [table.add_column(label, width=width) for label, width in COLUMNS]
        self.reload()
        self.goto_pending(0)
        self.set_interval(REFRESH_SECONDS, self.refresh_from_queue)

    def on_unmount(self) -> None:
        self.queue.release(self.reviewer)

    # --- the list ----------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Re-read the items the filter selects, keeping the cursor on item `keep`."""
        at = self.index
        self.items = self.queue.rows(self.where)
        self.names = distinct_names({q.doc for q in self.items})
        self._warnings.clear()  # other reviewers' corrections may have changed what the checks say
        self._current = None
        index = next((i for i, q in enumerate(self.items) if q.id == keep), None) if keep is not None else None
        self.show_page(self.page_start if index is None else self._page_of(index), force=True)
        self.move_to(index if index is not None else min(at, len(self.items) - 1))
        self.show_title()

    def _page_of(self, index: int) -> int:
        return max(0, min(index - PAGE // 2, len(self.items) - PAGE))

    def show_page(self, start: int, force: bool = False) -> None:
        """Fill the list with the items from index `start` on (PAGE of them)."""
        if start == self.page_start and not force:
            return
        table = self.query_one("#queue", DataTable)
        self.page_start = start
        table.clear()
        for q in self.items[start:start + PAGE]:
            table.add_row(*_cells(q, self.names), key=str(q.id))

    @property
    def index(self) -> int:
        """The index in `items` of the item under the cursor (0 when the list is empty)."""
        return self.page_start + max(self.query_one("#queue", DataTable).cursor_row, 0)

    def move_to(self, index: int) -> None:
        """Put the cursor on item `index`, turning the page when it is on another."""
        if not self.items or index < 0:
            return
        if not self.page_start <= index < self.page_start + PAGE:
            self.show_page(self._page_of(index))
        self.query_one("#queue", DataTable).move_cursor(row=index - self.page_start)

    def turn_page(self, step: int) -> bool:
        """Move one item past the page's edge (`step` ±1): False when there is none."""
        index = self.index + step
        if not 0 <= index < len(self.items) or self.page_start <= index < self.page_start + PAGE:
            return False
        self.move_to(index)
        return True

    def refresh_from_queue(self) -> None:
        if self.prompt_mode is None:
            self.reload(keep=self.current.id if self.current else None)

    @property
    def current(self) -> QueueItem | None:
        """The item under the cursor, read whole (its context and candidates) when the cursor comes to it."""
        table = self.query_one("#queue", DataTable)
        if not self.items or table.cursor_row < 0 or self.index >= len(self.items):
            return None
        row = self.items[self.index]
        if self._current is None or self._current.id != row.id:
            self._current = self.queue.get(row.id)
        return self._current

    def goto_id(self, item_id: int) -> None:
        for i, q in enumerate(self.items):
            if q.id == item_id:
                self.move_to(i)
                return

    def goto_pending(self, start: int) -> None:
        """Move to the first pending item from index `start` on, wrapping round: one no other reviewer
        holds, else (all held) the first pending."""
        n = len(self.items)
        order = [(start + i) % n for i in range(n)]
        pending = [i for i in order if self.items[i].status is Status.pending]
        free = next((i for i in pending if not self.items[i].held_by_other(self.reviewer)), None)
        if free is not None or pending:
            self.move_to(free if free is not None else pending[0])
            return
        self.show_message("no pending item left" + (f" under filter '{self.where}'" if str(self.where) else ""))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.hold_current()
        self.show_detail()

    def hold_current(self) -> None:
        """Claim the item under the cursor (and let go of the one before)."""
        self.held_by = None
        q = self.current
        if q is None:
            return
        self.queue.release(self.reviewer)
        try:
            self.queue.claim(q.id, self.reviewer)
        except ClaimedError as exc:
            self.held_by = for_terminal(str(exc), multiline=False)
        self._current = None  # read again, with its claim

    # --- panes ---------------------------------------------------------------

    def show_title(self) -> None:
        counts = self.queue.counts()
        total = sum(counts.values())
        done = total - counts[Status.pending]
        shown = f" · {len(self.items)} shown: {self.where}" if str(self.where) else ""
        self.query_one("#title", Static).update(inert(
            f"{self.reviewer} · done {done}/{total} ✓{counts[Status.approved]} "
            f"✎{counts[Status.corrected]} ✗{counts[Status.rejected]}{shown}", multiline=False))

    def show_message(self, text: str) -> None:
        """One line under the detail; `text` may quote a document or what the reviewer typed."""
        self.query_one("#message", Static).update(inert(text, multiline=False))

    def warnings(self, q: QueueItem) -> list[str]:
        """What the post-checks say of a corrected value, run again with the document's decisions in place."""
        if q.status is not Status.corrected:
            return []
        if q.item.doc not in self._warnings:
            self._warnings[q.item.doc] = self.queue.correction_warnings(q.item.doc)
        return self._warnings[q.item.doc].get(q.item.path, [])

    def show_detail(self) -> None:
        q = self.current
        self.query_one("#detail", Static).update(
            _detail(q, self.held_by, self.warnings(q)) if q else Text("the filter selects no item"))

    def after_change(self, q: QueueItem, message: str, advance: bool = True) -> None:
        """Show a decided (or undone) item's new state; only its row is redrawn."""
        table = self.query_one("#queue", DataTable)
        index = next((i for i, shown in enumerate(self.items) if shown.id == q.id), None)
        if index is None:  # undone outside the filter: show it again
            self.reload(keep=q.id)
        else:
            self.items[index] = QueueRow.of(q)
            self.move_to(index)
            for column, value in zip(self.columns, _cells(self.items[index], self.names)):
                table.update_cell(str(q.id), column, value)
            self.show_title()
        self._current = q
        self.show_message(message)
        self.show_detail()
        if advance:
            self.goto_pending(self.index + 1)

    # --- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        # While the prompt is open, keys are typed into it.
        return action == "cancel" if self.prompt_mode else True

    def decide(self, action: Action, value: str | None = None, note: str | None = None) -> None:
        q = self.current
        if q is None:
            return
        try:
            done = self.queue.decide(q, action, self.reviewer, value, note)
        except StaleError as exc:  # decided by someone else since it was shown: show what is there now
            self._warnings.pop(q.item.doc, None)
            self.after_change(exc.now, f"not saved: {exc}", advance=False)
            return
        except (QueueError, ValueError) as exc:
            # an open edit prompt stays open with what was typed, to be mended
            self.show_message(f"not saved: {exc}")
            return
        if self.prompt_mode:
            self.close_prompt()
        shown = f" = {done.decided_value}" if done.status is Status.corrected else ""
        self._warnings.pop(q.item.doc, None)  # the document's corrections changed: checked again
        fails = " (fails a check: see `check` above)" if self.warnings(done) else ""
        said = f" ({note})" if action is Action.reject and note else ""
        self.after_change(done, f"{done.status.value}{shown}{said}: {self.where_is(q)}{fails}")

    def where_is(self, q: QueueItem) -> str:
        """An item in words: its document (the distinctive part of the name), table, row label and column."""
        return f"{self.names.get(q.item.doc, q.item.doc)} {q.item.table_id} {field_label(q.item.key)}"

    def action_approve(self) -> None:
        self.decide(Action.approve)

    def action_reject(self) -> None:
        self.decide(Action.reject)

    def action_reject_with_note(self) -> None:
        if self.current is not None:
            self.open_prompt("reject", "", "why it is wrong (a note for the log); Enter rejects, Esc cancels")

    def action_pick(self, number: int) -> None:
        q = self.current
        if q is None:
            return
        if number > len(q.item.candidates):
            self.show_message(f"no candidate {number}")
            return
        chosen = q.item.candidates[number - 1]
        self.decide(Action.correct, chosen.value, note=f"candidate {number} ({chosen.source})")

    def action_skip(self) -> None:
        self.goto_pending(self.index + 1)

    def action_move(self, step: int) -> None:
        if self.items:
            self.move_to(max(0, min(len(self.items) - 1, self.index + step)))

    def action_undo(self) -> None:
        q = self.queue.undo(self.reviewer)
        if q is None:
            self.show_message("nothing to undo")
            return
        self._warnings.pop(q.item.doc, None)
        self.after_change(q, f"undone: {self.where_is(q)} is {q.status.value} again", advance=False)

    def action_edit(self) -> None:
        q = self.current
        if q is not None and q.item.field_type is FieldType.finding:
            self.show_message("a finding is not edited: a = a real defect, r = a false alarm")
        elif q is not None:
            self.open_prompt("edit", for_terminal(q.final_value, multiline=False), f"right value ({q.item.field_type.value}); Enter saves, Esc cancels")

    def action_search(self) -> None:
        self.open_prompt("search", str(self.where), "reason:… kind:… doc:… status:… words; empty shows all")

    def action_scroll_detail(self, pages: int) -> None:
        box = self.query_one("#detail-box", VerticalScroll)
        box.scroll_to(y=box.scroll_y + pages * box.size.height, animate=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_cancel(self) -> None:
        self.close_prompt()

    def open_prompt(self, mode: str, value: str, placeholder: str) -> None:
        self.prompt_mode = mode
        prompt = self.query_one("#prompt", Input)
        prompt.value, prompt.placeholder = value, placeholder
        prompt.display = True
        prompt.focus()
        self.show_message(placeholder)

    def close_prompt(self) -> None:
        self.prompt_mode = None
        prompt = self.query_one("#prompt", Input)
        prompt.display = False
        self.show_message("")
        self.query_one("#queue", DataTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.prompt_mode == "edit":
            self.decide(Action.correct, event.value, note="edited")
        elif self.prompt_mode == "reject":
            self.decide(Action.reject, note=event.value.strip() or None)
        elif self.prompt_mode == "search":
            try:
                self.where = Filter.parse(event.value)
            except QueueError as exc:
                self.show_message(str(exc))
                return
            self.close_prompt()
            self.reload()
            self.goto_pending(0)
            self.show_detail()

    def screen_text(self) -> str:
        """The screen as plain text (what an 80×24 terminal shows)."""
        width, height = self.size
        console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                          color_system=None, legacy_windows=False, safe_box=False)
        console.print(self.screen._compositor.render_update(full=True, screen_stack=self._background_screens))
        return console.export_text()


def field_label(key: str) -> str:
    """A field's short name from its key: the row label, the column, the field."""
    inner = key.split("|", 2)[-1]
    if inner.startswith("finding:"):  # a finding queued as such (`items.reviewable_findings`): named by its check
        return "finding " + inner.split(":")[1]
    parts = re.findall(r"\[([^\]]*)\]", inner)
    last = inner.rsplit(".", 1)[-1]
    if last != "amount" and "[" not in last:
        parts.append(last)
    return " ".join(parts) or last


def distinct_names(docs: set[str]) -> dict[str, str]:
    """Each document's name without what all of them share: the common beginning up to its last
    separator (a folder, `_`, `-`, a space) and the common ending (`_2021年部门预算`), so that the
    list's narrow column shows what tells them apart (`sh-pudong/a`, `sh-pudong/b` → `a`, `b`)."""
    if len(docs) < 2:
        return {d: d.rsplit("/", 1)[-1] for d in docs}
    first, last = min(docs), max(docs)
    common = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), min(len(first), len(last)))
    cut = max((first.rfind(sep, 0, common) + 1 for sep in "/_- ."), default=0)
    reversed_ = sorted(d[::-1] for d in docs)
    tail = next((i for i, (a, b) in enumerate(zip(reversed_[0], reversed_[-1])) if a != b), 0)
    ending = first[len(first) - tail:] if tail else ""
    tail = len(ending) - min((i for i, ch in enumerate(ending) if ch in "/_- ."), default=len(ending))  # from a separator
    out = {}
    for d in docs:
        end = len(d) - tail
        out[d] = d[cut:end] if end - cut >= 3 else d[cut:]
    return out


def _cells(q: QueueRow, names: dict[str, str]) -> tuple[Text, ...]:
    """A list row: Text cells, which the DataTable shows as they are (a str cell is parsed as markup)."""
    return tuple(inert(cell, multiline=False) for cell in (
        MARK[q.status], names.get(q.doc, q.doc), q.table_id, field_label(q.key), q.final_value, ",".join(q.reasons)))


def _detail(q: QueueItem, held_by: str | None, warnings: list[str] = ()) -> Text:
    """What to decide first (value, why, candidates, the source), then where it sits; under a
    corrected value, the checks it fails (`warnings`).

    Each piece goes through `for_terminal` (no escape sequence from the document reaches the
    terminal) into a Text (no markup is read from it).
    """
    item = q.item
    out = Text()

    def add(text: str, style: str = "") -> None:
        out.append(for_terminal(text), style=style)

    add(f"{item.doc[:12]} {item.table_id} {item.table_title}\n", style="bold")
    add("value ")
    add(item.value or "(empty)", style="bold reverse")
    shown = f" → {q.decided_value}" if q.status is Status.corrected else ""
    by = f" by {q.reviewer}" if q.reviewer else ""
    if item.field_type is FieldType.finding:  # a defect of the document: its check, no reading to trust
        add(f" {item.path} · {q.status.value}{by}\n")
    else:
        add(f" printed {item.raw.strip()!r} conf {item.confidence:.2f} · {q.status.value}{shown}{by}\n")
    for message in warnings:
        add(f"check {message}\n", style="bold red")
    add("why   " + ", ".join(r.value for r in item.reasons) + "\n", style="yellow")
    for message in item.messages:
        add(f"  {message}\n", style="yellow")
    if held_by:
        add(f"held: {held_by}; decisions refused until then\n", style="red")
    for i, c in enumerate(item.candidates[:9], start=1):
        add(f" {i} ", style="bold cyan")
        add(f"{c.value}  ({c.source}{': ' + c.note if c.note else ''})\n")
    if item.context:
        # cut at the span before cleaning: cleaning may shorten the text and move the offsets
        start = item.span.start - item.context_start if item.span else 0
        end = item.span.end - item.context_start if item.span else 0
        add("source ", style="bold")
        for part, style in ((item.context[:start], "dim"), (item.context[start:end], "dim bold black on yellow"),
                            (item.context[end:], "dim")):
            add(part.replace("\t", " "), style=style)
        add("\n")
    if item.page is not None:
        add("scan ", style="bold")
        add(f"page {item.page}, box x {item.box[0]}–{item.box[2]} y {item.box[1]}–{item.box[3]} px\n")
    add("row ", style="bold")
    add(item.row + "\n")
    add(f"{item.table_kind.value} · {item.path} · {item.field_type.value}", style="dim")
    return out
