"""The group-commit writer: one thread owns the write connection and applies whatever is
waiting as one transaction (group commit): one fsync serves many clients, each caller resumes
only after its own change is on disk, and the event loop never blocks on the disk.

The store (bot/storage/store.py) hands it three kinds of work: a client's `Change` (answers,
conversation, update id, erasure), a function to run in the transaction (`Store.transact`, for
the named functions of the other storage modules), and "this update was replied to".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, fields

from bot.flows.answers import Answer
from bot.flows.conversation import Conversation
from bot.storage.crypto import Cipher
from bot.storage.privacy import checkpoint, erase_traces

REMOVED = "removed"
BATCH_LIMIT = 512
KEEP_APPLIED_UPDATES = 20_000


@dataclass
class Change:
    """Everything one event changes, applied in one transaction."""

    chat_id: int
    conversation: Conversation | None
    answers: dict[str, Answer | None] = field(default_factory=dict)
    update_id: int | None = None
    now: str = ""
    erase_answers: bool = False
    delete_client: bool = False


STATE_FIELDS = tuple(f.name for f in fields(Conversation) if f.name != "answers")


def state_json(conv: Conversation, cipher: Cipher | None = None) -> str:
    """The conversation without its answers (they have their own table); `asdict` would
    convert every answer first, which made this the writer's largest cost. The agenda points
    the client typed are sealed like every other own words."""
    data = {name: getattr(conv, name) for name in STATE_FIELDS}
    if cipher is not None and data.get("agenda_own"):
        data["agenda_own"] = [cipher.seal(point) for point in data["agenda_own"]]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Call:
    """A function run on the writer's connection inside the batch's transaction."""

    def __init__(self, fn: Callable[[sqlite3.Connection], object], wipe: bool = False):
        self.fn = fn
        self.wipe = wipe
        self.result: object = None

    def run(self, conn: sqlite3.Connection) -> None:
        self.result = self.fn(conn)


@dataclass(frozen=True)
class Statement:
    sql: str
    params: list


@dataclass(frozen=True)
class Replied:
    """An update whose reply went out (mark_replied); many of them make one executemany."""

    update_id: int


# What waits for a batch: an asyncio future with its loop, a thread's future, or nobody.
Waiter = tuple[asyncio.AbstractEventLoop, asyncio.Future] | Future | None
Work = Change | Call | Statement | Replied


class Writer:
    """The one writing thread and its queue."""

    def __init__(self, conn: sqlite3.Connection, cipher: Cipher | None):
        self.conn = conn
        self.cipher = cipher
        self._queue: queue.SimpleQueue[tuple[Work, Waiter] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="store-writer", daemon=True)
        self._thread.start()

    def put(self, work: Work, waiter: Waiter) -> None:
        self._queue.put((work, waiter))

    async def run(self, work: Work) -> object:
        """Queue `work` and return its result once its batch is committed."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.put(work, (loop, future))
        return await future

    def run_sync(self, work: Work) -> object:
        future: Future = Future()
        self.put(work, future)
        return future.result()

    def stop(self, timeout: float = 10) -> None:
        self._queue.put(None)
        self._thread.join(timeout=timeout)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            while len(batch) < BATCH_LIMIT:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                batch.append(nxt)
            try:
                self.apply(batch)
            except Exception:
                # One bad change must not fail the others: retry each on its own.
                for single in batch:
                    try:
                        self.apply([single])
                    except Exception as exc:
                        _settle([single], exc)

    def apply(self, batch: list[tuple[Work, Waiter]]) -> None:
        """One transaction for the whole batch, with one executemany per statement kind:
        every return from SQLite to Python must win the GIL back from the event loop, so
        fewer, larger calls keep the writer from queueing behind the loop."""
        rows = Rows()
        for work, _ in batch:
            if isinstance(work, Replied):
                rows.replied.append((work.update_id,))
            elif isinstance(work, Statement | Call):
                rows.statements.append(work)
            else:
                collect(rows, work, self.cipher)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            rows.run(conn)
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk): keep the original error.
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        if rows.delete or any(getattr(s, "wipe", False) for s in rows.statements):
            # Erasure: no deleted byte may stay in the -wal file (bot/storage/privacy.py).
            with contextlib.suppress(sqlite3.Error):
                checkpoint(conn)
        _settle(batch)


def _settle(batch: list, error: BaseException | None = None) -> None:
    """Wake the waiters of a committed batch: thread waiters directly, and coroutines with
    one call into each event loop for the whole batch rather than one per change."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future, object]]] = {}
    for work, waiter in batch:
        result = work.result if isinstance(work, Call) else None
        if waiter is None:
            continue  # nobody waits (mark_replied)
        if isinstance(waiter, tuple):
            by_loop.setdefault(waiter[0], []).append((waiter[1], result))
        elif not waiter.done():
            if error is None:
                waiter.set_result(result)
            else:
                waiter.set_exception(error)
    for loop, futures in by_loop.items():
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
            loop.call_soon_threadsafe(_wake, futures, error)


def _wake(futures: list[tuple[asyncio.Future, object]], error: BaseException | None) -> None:
    for future, result in futures:
        if not future.done():
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)


INSERT_ANSWER = ("INSERT INTO answers (chat_id, question, status, value, voice, private, at)"
                 " VALUES (?1, ?2, ?3, seal_answer(?2, ?4), seal(?5), ?6, ?7)")
UPSERT_CONVERSATION = """INSERT INTO conversations (chat_id, state, lang, step, active,
        created_at, updated_at, finished_at)
    VALUES (?, ?, ?, ?, 1, ?, ?, ?)
    ON CONFLICT(chat_id) DO UPDATE SET state = excluded.state, lang = excluded.lang,
        step = excluded.step, active = 1, updated_at = excluded.updated_at,
        finished_at = COALESCE(conversations.finished_at, excluded.finished_at)"""
INSERT_APPLIED = "INSERT OR IGNORE INTO applied_updates (update_id, chat_id, at) VALUES (?, ?, ?)"
CLIENT_TABLES = ("answers", "conversations", "applied_updates", "reminders", "evaluations",
                 "profiles")


@dataclass
class Rows:
    """A batch's writes, grouped so each kind runs as one executemany, in a safe order:
    erasures first, then answers, conversations and update ids (a chat appears at most
    once per batch with an erasure, since one chat's events are applied one at a time)."""

    statements: list[Statement | Call] = field(default_factory=list)
    erase: list[tuple[int]] = field(default_factory=list)
    delete: list[tuple[int]] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    conversations: list[tuple] = field(default_factory=list)
    applied: list[tuple] = field(default_factory=list)
    replied: list[tuple] = field(default_factory=list)
    prune_below: int | None = None

    def run(self, conn: sqlite3.Connection) -> None:
        if self.delete:
            erase_traces(conn, self.delete)  # references in invites and audit records
            for table in CLIENT_TABLES:
                conn.executemany(f"DELETE FROM {table} WHERE chat_id = ?", self.delete)
            # What the professional keeps is their own invite, no longer tied to the client;
            # every row about the client goes: waiting, failed or blocked ones still hold a
            # copy of the answers, status notes name the client's chat.
            conn.executemany("DELETE FROM outbox WHERE kind != 'reflection' AND invite_id IN "
                             "(SELECT id FROM invites WHERE client_chat_id = ?)", self.delete)
            conn.executemany("UPDATE invites SET client_chat_id = NULL "
                             "WHERE client_chat_id = ?", self.delete)
            conn.executemany("DELETE FROM outbox WHERE chat_id = ? AND kind IN "
                             "('reminder', 'evaluation')", self.delete)
        if self.erase:
            conn.executemany("DELETE FROM answers WHERE chat_id = ?", self.erase)
        if self.answers:
            conn.executemany(INSERT_ANSWER, self.answers)
        if self.conversations:
            conn.executemany(UPSERT_CONVERSATION, self.conversations)
        if self.applied:
            conn.executemany(INSERT_APPLIED, self.applied)
        if self.replied:
            conn.executemany("UPDATE applied_updates SET replied = 1 WHERE update_id = ?",
                             self.replied)
        for statement in self.statements:
            if isinstance(statement, Call):
                statement.run(conn)
            else:
                conn.execute(statement.sql, statement.params)
        if self.prune_below is not None:
            conn.execute("DELETE FROM applied_updates WHERE update_id < ?", [self.prune_below])


def collect(rows: Rows, change: Change, cipher: Cipher | None = None) -> None:
    chat_id, now = change.chat_id, change.now
    if change.delete_client:
        rows.delete.append((chat_id,))
    else:
        if change.erase_answers:
            rows.erase.append((chat_id,))
        for question, answer in change.answers.items():
            if answer is None:
                if not change.erase_answers:
                    rows.answers.append((chat_id, question, REMOVED, None, None, 0, now))
            else:
                value = None if answer.value is None else json.dumps(answer.value,
                                                                     ensure_ascii=False)
                rows.answers.append((chat_id, question, answer.status, value, answer.voice,
                                     int(answer.private), answer.at or now))
        conv = change.conversation
        if conv is not None:
            finished = now if conv.state == "done" else None
            rows.conversations.append((chat_id, state_json(conv, cipher), conv.lang,
                                       conv.state, now,
                                       now, finished))
    if change.update_id is not None:
        # An erased client's update is still remembered, but no longer tied to them.
        rows.applied.append((change.update_id, None if change.delete_client else chat_id, now))
        if change.update_id % 1000 == 0:
            rows.prune_below = change.update_id - KEEP_APPLIED_UPDATES
