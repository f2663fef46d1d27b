"""The review queue: a SQLite file beside a run's outputs (OUT/review.sqlite).

One row per flagged field, keyed by its stable identity; every decision is
committed at once and appended to a log that cannot be updated or deleted,
so a crash loses nothing decided and an undo is itself logged. Reviewers
claim the item they are looking at for a while, so that two of them never
work the same item; writes run in IMMEDIATE transactions under WAL, so two
processes deciding at once are serialised, not lost. Every change to an item
counts up its `version`, and a decision names the version the reviewer saw:
it is refused (`StaleError`) when the item changed meanwhile, so no decision
overwrites another one it never saw.

Every entry of the decision log is also appended, in the same write
transaction, to a plain journal beside the queue (`review.decisions.jsonl`,
one JSON object per line, keyed by the item's key rather than its row id), so
that a damaged queue can be rebuilt from the run's documents and that journal
(`rebuild`).
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import AbstractSet, Iterator, Optional

from ..errors import ExtractorError
from ..models import Candidate, Document
from .items import (
    FieldType, ReviewItem, Status, build_items, correction_findings, is_percentage, validate_value,
)

QUEUE_FILE = "review.sqlite"
JOURNAL_FILE = "review.decisions.jsonl"  # the decision log, outside SQLite
CLAIM_SECONDS = 600.0  # a claim left behind by a closed app expires after this

# Schema migrations, applied in order; PRAGMA user_version counts those applied.
MIGRATIONS = [
    """
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        doc TEXT NOT NULL,
        seq INTEGER NOT NULL,
        table_id TEXT NOT NULL,
        table_kind TEXT NOT NULL,
        table_title TEXT NOT NULL,
        path TEXT NOT NULL,
        field_type TEXT NOT NULL,
        value TEXT NOT NULL,
        raw TEXT NOT NULL,
        reasons TEXT NOT NULL,
        confidence REAL NOT NULL,
        flagged INTEGER NOT NULL,
        span_start INTEGER,
        span_end INTEGER,
        context TEXT NOT NULL,
        context_start INTEGER NOT NULL,
        row_text TEXT NOT NULL,
        candidates TEXT NOT NULL,
        messages TEXT NOT NULL,
        source_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL DEFAULT 'pending',
        decided_value TEXT,
        reviewer TEXT,
        decided_at TEXT,
        claimed_by TEXT,
        claim_expires REAL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX items_order ON items (active, doc, seq);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items (id),
        action TEXT NOT NULL,
        status_before TEXT NOT NULL,
        status_after TEXT NOT NULL,
        value_before TEXT,
        value_after TEXT,
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        undoes INTEGER REFERENCES decisions (id),
        note TEXT
    );
    CREATE INDEX decisions_item ON decisions (item_id);
    CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
    CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
    """,
    # compare-and-set: a decision applies only to the version of the item the reviewer saw
    "ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",
    # a run syncs one document at a time: without it, each sync scanned every item (quadratic)
    "CREATE INDEX items_doc ON items (doc);",
    # where a value OCR read stands on its scanned page, [page, x0, top, x1, bottom] (JSON), for the
    # review UI and --list: without it the queue dropped the page and box `build_items` gives
    "ALTER TABLE items ADD COLUMN scan TEXT;",
]


class Action(str, Enum):
    approve = "approve"
    correct = "correct"
    reject = "reject"
    undo = "undo"
    reopen = "reopen"  # by a run: the source text under a decided item changed


DECIDING = (Action.approve, Action.correct, Action.reject)


class QueueError(ExtractorError):
    pass


class StaleError(QueueError):
    """The item changed since the reviewer saw it (another reviewer, or a run): nothing written."""

    def __init__(self, now: "QueueItem"):
        self.now = now
        by = f" by {now.reviewer}" if now.reviewer else ""
        value = f" = {now.decided_value}" if now.status is Status.corrected else ""
        super().__init__(f"item {now.id} changed since you saw it: now {now.status.value}{value}{by}")


class ClaimedError(QueueError):
    def __init__(self, holder: str, until: float):
        self.holder, self.until = holder, until
        super().__init__(f"claimed by {holder} until {time.strftime('%H:%M', time.localtime(until))}")


@dataclass
class QueueItem:
    """A review item as stored, with its decision and claim."""

    id: int
    item: ReviewItem
    status: Status
    active: bool
    decided_value: Optional[str]
    reviewer: Optional[str]
    decided_at: Optional[str]
    claimed_by: Optional[str]
    claim_expires: Optional[float]
    version: int = 1  # counts every change of the item (its decision, or a run refilling it)

    @property
    def final_value(self) -> str:
        return self.decided_value if self.status is Status.corrected and self.decided_value is not None else self.item.value


@dataclass
class QueueRow:
    """An item as the queue's list shows it: read without its source context, candidates and
    messages, so that a list of 30,000 items loads at once (`ReviewQueue.rows`)."""

    id: int
    doc: str
    table_id: str
    key: str
    path: str
    value: str
    status: Status
    decided_value: Optional[str]
    reasons: list[str]
    claimed_by: Optional[str]
    claim_expires: Optional[float]

    @property
    def final_value(self) -> str:
        return self.decided_value if self.status is Status.corrected and self.decided_value is not None else self.value

    def held_by_other(self, reviewer: str) -> bool:
        """Claimed by another reviewer, and the claim not yet run out."""
        return self.claimed_by not in (None, reviewer) and (self.claim_expires or 0) > time.time()

    @classmethod
    def of(cls, q: "QueueItem") -> "QueueRow":
        return cls(q.id, q.item.doc, q.item.table_id, q.item.key, q.item.path, q.item.value, q.status,
                   q.decided_value, [r.value for r in q.item.reasons], q.claimed_by, q.claim_expires)


@dataclass
class Filter:
    """What the queue list shows: `reason:… kind:… doc:… status:…` and free words."""

    reason: Optional[str] = None
    kind: Optional[str] = None
    doc: Optional[str] = None
    status: Optional[str] = None
    words: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, query: str) -> "Filter":
        found = cls()
        for token in query.split():
            name, sep, value = token.partition(":")
            if not sep:
                name, sep, value = token.partition("=")
            if sep and name in ("reason", "kind", "doc", "status") and value:
                setattr(found, name, value)
            else:
                found.words.append(token)
        if found.status and found.status not in Status.__members__:
            raise QueueError(f"unknown status {found.status!r} (pending, approved, corrected, rejected)")
        return found

    def __str__(self) -> str:
        parts = [f"{n}:{getattr(self, n)}" for n in ("reason", "kind", "doc", "status") if getattr(self, n)]
        return " ".join(parts + self.words)

    def sql(self) -> tuple[str, list]:
        where, args = ["active = 1"], []
        if self.reason:
            where.append("reasons LIKE ?")
            args.append(f'%"{self.reason}%')
        if self.kind:
            where.append("table_kind LIKE ?")
            args.append(f"{self.kind}%")
        if self.doc:
            where.append("doc LIKE ?")
            args.append(f"{self.doc}%")
        if self.status:
            where.append("status = ?")
            args.append(self.status)
        for word in self.words:
            where.append("(value LIKE ? OR row_text LIKE ? OR path LIKE ? OR table_title LIKE ? OR messages LIKE ?)")
            args.extend([f"%{word}%"] * 5)
        return " AND ".join(where), args


@dataclass
class SyncStats:
    """What a run did to the queue: new items, decided ones kept, decisions
    reopened because their source changed, items no longer flagged, and decisions
    set aside because their field is not found again (`aside`: key, status and value of each)."""

    added: int = 0
    kept: int = 0
    reopened: int = 0
    retired: int = 0
    set_aside: int = 0
    aside: list[str] = field(default_factory=list)

    def __iadd__(self, other: "SyncStats") -> "SyncStats":
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in a bare container
        return "reviewer"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# SQLite's primary result codes of storage that cannot be written (https://sqlite.org/rescode.html):
# SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
_STORAGE_ERRORS = {8, 10, 13, 14}


class ReviewQueue:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.journal = self.path.with_name(JOURNAL_FILE)
        self._journaling = True  # (off while a rebuild replays the journal into a new queue)
        self._pending: list[dict] = []  # journal lines of the write transaction under way
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA busy_timeout = 30000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            # a damaged page would otherwise surface later, in the middle of a review or an export
            damage = self.db.execute("PRAGMA quick_check").fetchone()[0]
            if damage != "ok":
                raise sqlite3.DatabaseError(f"damaged: {damage}")
            self._migrate()
            self._start_journal()
        except sqlite3.DatabaseError as exc:  # a damaged or foreign file where the queue should be
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _STORAGE_ERRORS:
                raise  # the queue is whole: the disk is full or read-only, as its callers say
            raise QueueError(f"{self.path} is no review queue this tool can open ({exc}): rebuild it from the "
                             f"documents and the decision log with `extract review {self.path.parent} --rebuild`") from exc

    @classmethod
    def of(cls, out: Path) -> "ReviewQueue":
        """The queue of a run's output folder."""
        return cls(Path(out) / QUEUE_FILE)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "ReviewQueue":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise QueueError(f"{self.path} was written by a newer extractor (queue schema {version}); upgrade to open it")
        if version == len(MIGRATIONS):  # up to date: opening to read takes no write lock
            return
        with self._write():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for i, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {i}")

    def _write(self):
        return _Transaction(self)

    def _start_journal(self) -> None:
        """Write the decisions already logged to a new journal (a queue of a version before
        the journal, or whose journal was removed); nothing when the journal is there or
        OUT cannot be written (a queue opened to read)."""
        if self.journal.exists() or not self.db.execute("SELECT 1 FROM decisions LIMIT 1").fetchone():
            return
        try:
            with self._write():
                if self.journal.exists():  # another process wrote it meanwhile
                    return
                for row in self.db.execute("SELECT d.*, i.key, i.doc FROM decisions AS d JOIN items AS i "
                                           "ON i.id = d.item_id ORDER BY d.id").fetchall():
                    self._pending.append(_journal_entry(row))
        except (OSError, sqlite3.OperationalError):  # a read-only OUT: written by the next one who can
            pass

    def _flush_journal(self) -> None:
        """Append the transaction's log entries to the journal (before its COMMIT, under the
        write lock: the journal's order is the log's); fsync'd, as the database's own log is."""
        lines, self._pending = self._pending, []
        if not lines:
            return
        with open(self.journal, "a", encoding="utf-8") as fh:
            fh.write("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())

    # --- filling ---------------------------------------------------------

    def sync(self, doc: Document, text: str, also: set[str] = frozenset()) -> SyncStats:
        """Bring the items of one document up to date with a (re-)run.

        Earlier decisions stay when the source line under a field is unchanged;
        they are reopened, and logged as such, when it changed. Items no longer
        flagged leave the queue unless decided (the decision still applies). A
        decision whose field is not found again under its key (its table gone, or
        a table of a repeated name whose content changed, `items.table_keys`) is
        set aside, never moved to a field that merely looks alike: kept in the
        queue out of use, counted and listed in the stats, applied again if a
        later run finds its field. Items are made for the keys in `also` too, flagged or not
        (a rebuild's decided fields)."""
        stats = SyncStats()
        with self._write():
            known = {r["key"]: r for r in self.db.execute("SELECT * FROM items WHERE doc = ?", (doc.doc,))}
            decided = {k for k, r in known.items() if r["status"] != Status.pending.value} | set(also)
            items = build_items(doc, text, also=decided)
            now = _now()
            added = []  # the new items' columns, inserted at once (in order: their ids as one by one)
            for seq, item in enumerate(items):
                values = _columns(item) | {"seq": seq, "active": 1, "updated_at": now}
                old = known.pop(item.key, None)
                if old is None:
                    added.append(values)
                    continue
                if old["source_hash"] != item.source_hash and old["status"] != Status.pending.value:
                    self._log(old["id"], Action.reopen, old["status"], Status.pending.value, old["decided_value"], None,
                              "extract run", "the source text changed")
                    values |= {"status": Status.pending.value, "decided_value": None, "reviewer": None, "decided_at": None}
                    stats.reopened += 1
                elif old["status"] != Status.pending.value:
                    stats.kept += 1
                # only the columns that changed are written; an item the run left as it was, not at all
                changed = {n: v for n, v in values.items() if n != "updated_at" and old[n] != v}
                if not changed:
                    continue
                if set(changed) != {"seq"}:
                    changed["version"] = old["version"] + 1  # what a reviewer sees changed
                changed["updated_at"] = now
                self.db.execute(f"UPDATE items SET {', '.join(f'{n} = ?' for n in changed)} WHERE id = ?",
                                [*changed.values(), old["id"]])
            if added:  # (every item's columns are the same, in the same order: `_columns`)
                self.db.executemany(f"INSERT INTO items ({', '.join(added[0])}) VALUES ({', '.join('?' * len(added[0]))})",
                                    [tuple(values.values()) for values in added])
                stats.added += len(added)
            for row in known.values():
                if not row["active"]:
                    continue
                if row["status"] != Status.pending.value:
                    value = f" = {row['decided_value']}" if row["decided_value"] is not None else ""
                    stats.aside.append(f"{row['key']}: {row['status']}{value} by {row['reviewer']}")
                    stats.set_aside += 1
                else:
                    stats.retired += 1
                self.db.execute("UPDATE items SET active = 0, updated_at = ?, version = version + 1 WHERE id = ?",
                                (now, row["id"]))
        return stats

    # --- reading ---------------------------------------------------------

    def items(self, where: Filter | None = None) -> list[QueueItem]:
        clause, args = (where or Filter()).sql()
        return [_item(r) for r in self.db.execute(f"SELECT * FROM items WHERE {clause} ORDER BY doc, seq", args)]

    def rows(self, where: Filter | None = None) -> list[QueueRow]:
        """The items `where` selects as the list shows them, in queue order (what `items` reads, lighter)."""
        clause, args = (where or Filter()).sql()
        return [QueueRow(r[0], r[1], r[2], r[3], r[4], r[5], Status(r[6]), r[7], json.loads(r[8]), r[9], r[10])
                for r in self.db.execute(
                    "SELECT id, doc, table_id, key, path, value, status, decided_value, reasons, claimed_by, "
                    f"claim_expires FROM items WHERE {clause} ORDER BY doc, seq", args)]

    def get(self, item_id: int) -> QueueItem:
        row = self.db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise QueueError(f"no item {item_id}")
        return _item(row)

    def counts(self, where: Filter | None = None) -> dict[Status, int]:
        clause, args = (where or Filter()).sql()
        found = dict(self.db.execute(f"SELECT status, COUNT(*) FROM items WHERE {clause} GROUP BY status", args).fetchall())
        return {s: found.get(s.value, 0) for s in Status if s is not Status.auto}

    def pending_findings(self) -> int:
        """How many pending items are a check's finding on a document (`FieldType.finding`), not a field's value."""
        return self.db.execute("SELECT COUNT(*) FROM items WHERE active = 1 AND status = ? AND field_type = ?",
                               (Status.pending.value, FieldType.finding.value)).fetchone()[0]

    def pending_outside(self, docs: AbstractSet[str]) -> int:
        """How many pending items belong to documents other than `docs` (an earlier run's into the folder)."""
        rows = self.db.execute("SELECT doc, COUNT(*) FROM items WHERE active = 1 AND status = ? GROUP BY doc",
                               (Status.pending.value,))
        return sum(n for doc, n in rows if doc not in docs)

    def decisions(self, doc: str) -> dict[str, tuple[Status, Optional[str]]]:
        """Decided fields of one document: key → (status, corrected value)."""
        rows = self.db.execute("SELECT key, status, decided_value FROM items WHERE doc = ? AND active = 1 "
                               "AND status != 'pending'", (doc,))
        return {r["key"]: (Status(r["status"]), r["decided_value"]) for r in rows}

    def correction_warnings(self, doc: str) -> dict[str, list[str]]:
        """What the post-checks say of one document's corrected values, run again with the
        decisions in place: field path → messages (`items.correction_findings`), for the
        reviewer to see beside the correction. Read from the run's document JSON beside the
        queue (OUT/docs); a document without one gives nothing to re-check."""
        try:
            document = Document.model_validate_json((self.path.parent / "docs" / f"{doc}.json").read_bytes())
        except (OSError, ValueError):
            return {}
        found: dict[str, list[str]] = {}
        for finding in correction_findings(document, self.decisions(doc)):
            for path in finding.fields:
                found.setdefault(path, []).append(finding.message)
        return found

    def log(self, item_id: int | None = None) -> list[sqlite3.Row]:
        if item_id is None:
            return self.db.execute("SELECT * FROM decisions ORDER BY id").fetchall()
        return self.db.execute("SELECT * FROM decisions WHERE item_id = ? ORDER BY id", (item_id,)).fetchall()

    # --- claims ----------------------------------------------------------

    def claim(self, item_id: int, reviewer: str, seconds: float = CLAIM_SECONDS) -> None:
        """Hold an item while looking at it; raises ClaimedError if another reviewer holds it."""
        with self._write():
            self._claim(item_id, reviewer, seconds)

    def _claim(self, item_id: int, reviewer: str, seconds: float) -> None:
        row = self.db.execute("SELECT claimed_by, claim_expires FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise QueueError(f"no item {item_id}")
        _check_claim(row, reviewer)
        self.db.execute("UPDATE items SET claimed_by = ?, claim_expires = ? WHERE id = ?",
                        (reviewer, time.time() + seconds, item_id))

    def release(self, reviewer: str) -> None:
        with self._write():
            self.db.execute("UPDATE items SET claimed_by = NULL, claim_expires = NULL WHERE claimed_by = ?", (reviewer,))

    def claim_next(self, reviewer: str, where: Filter | None = None, seconds: float = CLAIM_SECONDS) -> QueueItem | None:
        """Claim the first pending item nobody else holds (atomic across processes)."""
        clause, args = (where or Filter()).sql()
        with self._write():
            row = self.db.execute(
                f"SELECT id FROM items WHERE {clause} AND status = 'pending' "
                "AND (claimed_by IS NULL OR claimed_by = ? OR claim_expires < ?) ORDER BY doc, seq LIMIT 1",
                [*args, reviewer, time.time()],
            ).fetchone()
            if row is None:
                return None
            self._claim(row["id"], reviewer, seconds)
        return self.get(row["id"])

    # --- deciding --------------------------------------------------------

    def decide(self, seen: QueueItem, action: Action, reviewer: str, value: str | None = None,
               note: str | None = None) -> QueueItem:
        """Approve, correct (with `value`, validated against the field's type) or reject the item
        `seen` as the reviewer saw it: StaleError if it changed since (another reviewer's
        decision, a run that reopened it), ClaimedError if another reviewer holds it."""
        if action not in DECIDING:
            raise QueueError(f"{action.value} is not a decision")
        item_id = seen.id
        with self._write():
            row = self.db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
            if row is None:
                raise QueueError(f"no item {item_id}")
            if row["version"] != seen.version:
                raise StaleError(_item(row))
            _check_claim(row, reviewer)
            status, decided = Status.approved, None
            if action is Action.correct:
                if value is None:
                    raise QueueError("a correction needs a value")
                decided = validate_value(FieldType(row["field_type"]), value, is_percentage(row["key"], row["raw"]))
                if decided != row["value"]:
                    status = Status.corrected
                else:
                    decided = None
            elif action is Action.reject:
                status = Status.rejected
            self._log(item_id, action, row["status"], status.value, row["decided_value"], decided, reviewer, note)
            self.db.execute(
                "UPDATE items SET status = ?, decided_value = ?, reviewer = ?, decided_at = ?, version = version + 1 "
                "WHERE id = ?", (status.value, decided, reviewer, _now(), item_id),
            )
        return self.get(item_id)

    def approve_all(self, seen: list[QueueItem], reviewer: str, note: str) -> tuple[int, int, int]:
        """Approve the items `seen` (a list the reviewer chose, as it was read), each only as it
        was listed: one another reviewer (or another batch) decided or reopened meanwhile keeps
        that state. Returns (approved, held by other reviewers, changed meanwhile)."""
        done = held = stale = 0
        for q in seen:
            try:
                self.decide(q, Action.approve, reviewer, note=note)
                done += 1
            except ClaimedError:
                held += 1
            except StaleError:
                stale += 1
        return done, held, stale

    def undo(self, reviewer: str) -> QueueItem | None:
        """Take back this reviewer's latest decision not yet undone that still stands: one that
        another reviewer (or a run) has since overtaken is no longer the reviewer's to take
        back, and is left as it is. The undo is logged too."""
        with self._write():
            last = self.db.execute(
                "SELECT * FROM decisions AS d WHERE reviewer = ? AND action IN ('approve', 'correct', 'reject') "
                "AND id NOT IN (SELECT undoes FROM decisions WHERE undoes IS NOT NULL) "
                "AND NOT EXISTS (SELECT 1 FROM decisions AS later WHERE later.item_id = d.item_id "
                "AND later.id > d.id AND later.reviewer != d.reviewer) ORDER BY id DESC LIMIT 1",
                (reviewer,),
            ).fetchone()
            if last is None:
                return None
            item = self.db.execute("SELECT status, decided_value FROM items WHERE id = ?", (last["item_id"],)).fetchone()
            self._log(last["item_id"], Action.undo, item["status"], last["status_before"], item["decided_value"],
                      last["value_before"], reviewer, None, undoes=last["id"])
            # the decision before the undone one (if any) is the item's decision again
            previous = self.db.execute(
                "SELECT reviewer, at FROM decisions WHERE item_id = ? AND id < ? AND action IN ('approve', 'correct', 'reject') "
                "AND id NOT IN (SELECT undoes FROM decisions WHERE undoes IS NOT NULL) ORDER BY id DESC LIMIT 1",
                (last["item_id"], last["id"]),
            ).fetchone()
            self.db.execute(
                "UPDATE items SET status = ?, decided_value = ?, reviewer = ?, decided_at = ?, version = version + 1 "
                "WHERE id = ?", (last["status_before"], last["value_before"], previous["reviewer"] if previous else None,
                                 previous["at"] if previous else None, last["item_id"]),
            )
        return self.get(last["item_id"])

    def _log(self, item_id, action: Action, before: str, after: str, value_before, value_after, reviewer, note,
             undoes: int | None = None, at: str | None = None) -> int:
        """Append to the decision log (and, in the same transaction, to the journal); returns its id."""
        cursor = self.db.execute(
            "INSERT INTO decisions (item_id, action, status_before, status_after, value_before, value_after, "
            "reviewer, at, undoes, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item_id, action.value, before, after, value_before, value_after, reviewer, at or _now(), undoes, note),
        )
        if self._journaling:
            row = self.db.execute("SELECT d.*, i.key, i.doc FROM decisions AS d JOIN items AS i ON i.id = d.item_id "
                                  "WHERE d.id = ?", (cursor.lastrowid,)).fetchone()
            self._pending.append(_journal_entry(row))
        return cursor.lastrowid


@dataclass
class Rebuilt:
    """What `rebuild` did: where the copy of the damaged queue is, items made, journal entries
    replayed, and what it could not place (entries whose field no document has, each
    `key: action`; documents whose source file is gone or changed, which get no items)."""

    moved_to: Path | None
    items: int = 0
    replayed: int = 0
    unplaced: list[str] = field(default_factory=list)
    no_source: list[str] = field(default_factory=list)
    bad_lines: int = 0
    journal: bool = True  # False: there was none (a queue older than the journal), no decision came back


def rebuild(path: Path, documents: Iterator[tuple[Document, Optional[str]]]) -> Rebuilt:
    """Make a new queue at `path` from a run's documents (each with its source text, None
    when the source is gone or changed) and replay the journal beside it into it: every
    decision, undo and reopen, in order, onto the item of the same key. The damaged queue is
    copied aside first (`review.sqlite.damaged-<time>`), never deleted, and the new one is
    built under a temporary name and renamed over it. A torn last line (a
    crash while appending) is skipped and counted; the journal itself is kept as it is."""
    path = Path(path)
    journal = path.with_name(JOURNAL_FILE)
    entries, bad = [], 0
    if journal.exists():
        for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entries.append(json.loads(line))
            except ValueError:
                bad += 1
    final: dict[tuple[str, str], str] = {}
    for e in entries:
        final[e["doc"], e["key"]] = e["status_after"]
    decided: dict[str, set[str]] = {}  # document → keys whose last entry leaves a decision
    for (doc, key), status in final.items():
        if status != Status.pending.value:
            decided.setdefault(doc, set()).add(key)
    import shutil

    from ..export.files import TMP_PREFIX  # (here: the export package imports this module)

    moved = None
    if path.exists():  # a copy aside first: the damaged file stays in place until the new one replaces it
        moved = path.with_name(f"{path.name}.damaged-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S')}")
        shutil.copy2(path, moved)
    # built under a temporary name and renamed into place whole: a rebuild killed halfway leaves
    # the damaged queue where it was (refused, so rebuilt again), never a queue short of decisions
    building = path.with_name(f"{TMP_PREFIX}rebuild-{path.name}")
    for stale in (building, building.with_name(building.name + "-wal"), building.with_name(building.name + "-shm")):
        stale.unlink(missing_ok=True)
    report = Rebuilt(moved, bad_lines=bad, journal=journal.exists())
    with ReviewQueue(building) as queue:
        queue._journaling = False  # the entries replayed are in the journal already
        for doc, text in documents:
            if text is None:
                report.no_source.append(doc.doc)
                continue
            queue.sync(doc, text, also=decided.get(doc.doc, set()))
        ids = {r["key"]: r["id"] for r in queue.db.execute("SELECT key, id FROM items")}
        report.items = len(ids)
        renumbered: dict[int, int] = {}  # the journal's decision ids → the new log's
        with queue._write():
            for e in entries:
                item_id = ids.get(e["key"])
                if item_id is None:
                    report.unplaced.append(f"{e['key']}: {e['action']} {e['status_after']} by {e['reviewer']}")
                    continue
                renumbered[e["id"]] = queue._log(
                    item_id, Action(e["action"]), e["status_before"], e["status_after"], e["value_before"],
                    e["value_after"], e["reviewer"], e["note"], renumbered.get(e["undoes"]), e["at"])
                report.replayed += 1
            for key, item_id in ids.items():
                last = queue.db.execute("SELECT * FROM decisions WHERE item_id = ? ORDER BY id DESC LIMIT 1",
                                        (item_id,)).fetchone()
                if last is None:
                    continue
                # who decided: the latest decision still standing (an undo gives back the one before it)
                by = queue.db.execute(
                    "SELECT reviewer, at FROM decisions WHERE item_id = ? AND action IN ('approve', 'correct', 'reject') "
                    "AND id NOT IN (SELECT undoes FROM decisions WHERE undoes IS NOT NULL) ORDER BY id DESC LIMIT 1",
                    (item_id,)).fetchone()
                standing = last["status_after"] != Status.pending.value and by is not None
                queue.db.execute(
                    "UPDATE items SET status = ?, decided_value = ?, reviewer = ?, decided_at = ? WHERE id = ?",
                    (last["status_after"], last["value_after"], by["reviewer"] if standing else None,
                     by["at"] if standing else None, item_id))
    for suffix in ("-wal", "-shm"):  # the damaged queue's own, never to be read with the new one
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(moved.with_name(moved.name + suffix) if moved else side.with_name(side.name + ".damaged"))
    os.replace(building, path)  # (closed: its WAL is checkpointed into it and removed)
    return report


def _journal_entry(row: sqlite3.Row) -> dict:
    """One journal line: a decision log row, its item named by key (row ids do not survive a rebuild)."""
    return {name: row[name] for name in ("id", "key", "doc", "action", "status_before", "status_after", "value_before",
                                         "value_after", "reviewer", "at", "undoes", "note")}


def _check_claim(row: sqlite3.Row, reviewer: str) -> None:
    """Raise ClaimedError if another reviewer holds the item and the claim has not expired."""
    if row["claimed_by"] not in (None, reviewer) and row["claim_expires"] > time.time():
        raise ClaimedError(row["claimed_by"], row["claim_expires"])


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT: takes the write lock up front, so that a
    read-then-write never races another process. The journal gets the
    transaction's log entries just before the COMMIT (and none on a rollback)."""

    def __init__(self, queue: "ReviewQueue"):
        self.queue = queue

    def __enter__(self):
        self.queue._pending = []
        self.queue.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            try:
                self.queue._flush_journal()
            except BaseException:
                self.queue.db.execute("ROLLBACK")
                raise
            self.queue.db.execute("COMMIT")
        else:
            self.queue._pending = []
            self.queue.db.execute("ROLLBACK")


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (triggers hold `;` inside BEGIN … END)."""
    buffer = ""
    for part in script.split(";"):
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                yield buffer.strip()
            buffer = ""


# `json.dumps(x, ensure_ascii=False)` made once: dumps with any argument builds a new encoder per call
# (two for every item of a run)
_dumps_text = json.JSONEncoder(ensure_ascii=False).encode


def _columns(item: ReviewItem) -> dict:
    return {
        "key": item.key, "doc": item.doc, "table_id": item.table_id, "table_kind": item.table_kind.value,
        "table_title": item.table_title, "path": item.path, "field_type": item.field_type.value,
        "value": item.value, "raw": item.raw, "reasons": json.dumps([r.value for r in item.reasons]),
        "confidence": item.confidence, "flagged": int(item.flagged),
        "span_start": item.span.start if item.span else None, "span_end": item.span.end if item.span else None,
        "context": item.context, "context_start": item.context_start, "row_text": item.row,
        "candidates": _dumps_text([c.model_dump() for c in item.candidates]),
        "messages": _dumps_text(item.messages), "source_hash": item.source_hash,
        "scan": json.dumps([item.page, *item.box]) if item.page is not None and item.box else None,
    }


def _item(row: sqlite3.Row) -> QueueItem:
    span = {"start": row["span_start"], "end": row["span_end"]} if row["span_start"] is not None else None
    page, *box = json.loads(row["scan"]) if row["scan"] else (None,)
    item = ReviewItem(
        key=row["key"], doc=row["doc"], table_id=row["table_id"], table_kind=row["table_kind"],
        table_title=row["table_title"], path=row["path"], field_type=row["field_type"], value=row["value"],
        raw=row["raw"], reasons=json.loads(row["reasons"]), confidence=row["confidence"], flagged=bool(row["flagged"]),
        span=span, context=row["context"], context_start=row["context_start"], row=row["row_text"],
        candidates=[Candidate(**c) for c in json.loads(row["candidates"])], messages=json.loads(row["messages"]),
        source_hash=row["source_hash"], page=page, box=tuple(box) if box else None,
    )
    return QueueItem(
        id=row["id"], item=item, status=Status(row["status"]), active=bool(row["active"]),
        decided_value=row["decided_value"], reviewer=row["reviewer"], decided_at=row["decided_at"],
        claimed_by=row["claimed_by"], claim_expires=row["claim_expires"], version=row["version"],
    )
