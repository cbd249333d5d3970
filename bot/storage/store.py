"""The client's conversations in SQLite; `transact` lends the writer thread to the rest (the
SQL still written in bot/professionals/, bot/chat/professional.py and bot/stats/figures.py is
to move here as named methods). The rest of the code uses these verbs:

- `open_store(path)` — open (creating and migrating) the database; WAL, synchronous=FULL.
- `load(chat_id)` — the conversation with its current answers, or None.
- `await commit(Change)` — durably apply one event's effect (conversation, answers, update id).
- `was_applied(update_id)` / `mark_replied(update_id)` — recognise a redelivered update.
- `answer_history(chat_id)`, `export(chat_id)` data, `delete_client(chat_id)` through `commit`.

Commits run on one writer thread that groups whatever is waiting into a single transaction
(group commit): one fsync serves many clients, each caller resumes only after its own change is
on disk, and the event loop never blocks on the disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, fields
from pathlib import Path

from sqlite_utils import Database

from bot.flows.answers import Answer
from bot.flows.conversation import Conversation
from bot.storage.crypto import Cipher, install, prepare
from bot.storage.privacy import checkpoint, erase_traces
from bot.storage.schema import migrate

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


def _state_json(conv: Conversation, cipher: Cipher | None = None) -> str:
    """The conversation without its answers (they have their own table); `asdict` would
    convert every answer first, which made this the writer's largest cost. The agenda points
    the client typed are sealed like every other own words."""
    data = {name: getattr(conv, name) for name in STATE_FIELDS}
    if cipher is not None and data.get("agenda_own"):
        data["agenda_own"] = [cipher.seal(point) for point in data["agenda_own"]]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# How long a write waits for another process's lock before it fails (seconds).
BUSY_TIMEOUT = 5.0
# Conversations kept in memory (least recently used ones are read from SQLite again).
CACHE_SIZE = 10_000


def storage_problem(exc: BaseException) -> str:
    """'locked', 'full', 'readonly' or 'other': what an SQLite error means for the client."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "locked"
    if "full" in text:
        return "full"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "readonly"
    return "other"


def _connect(path: str, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=timeout)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten with zeros, not left in free pages (set here rather than
    # trusting the SQLite build's default).
    conn.execute("PRAGMA secure_delete=ON")
    return conn


class Store:
    def __init__(self, path: str | Path, now: str = "", cipher: Cipher | None = None, *,
                 busy_timeout: float = BUSY_TIMEOUT, cache_size: int = CACHE_SIZE):
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # What people typed is sealed inside SQLite (bot/storage/crypto.py); the key comes
        # from the environment unless the caller brings one.
        self.cipher = cipher if cipher is not None else Cipher.from_env()
        self.db = Database(_connect(path, busy_timeout))
        install(self.db.conn, self.cipher)
        migrate(self.db, now)
        if path != ":memory:":
            _check_writable(self.db.conn)
        # Least recently used first; bounded so memory does not grow with every client.
        self._cache: OrderedDict[int, Conversation] = OrderedDict()
        self.cache_size = max(1, cache_size)
        # Replies sent in this process; the database learns of them with the next commit.
        self._replied: set[int] = set()
        # Update ids known to be applied, so recognising a redelivery needs no query. Ids
        # committed before this start are read from the database on demand (rare: only
        # redeliveries after a restart are older than what this process has seen).
        self._applied: set[int] = set()
        self._newest_at_start: int | None = None
        self._queue: queue.SimpleQueue[tuple[Change, Future] | None] = queue.SimpleQueue()
        self._writer_conn = (_connect(path, busy_timeout) if path != ":memory:"
                             else self.db.conn)
        install(self._writer_conn, self.cipher)
        prepare(self._writer_conn, self.cipher)  # refuses a wrong key; seals older rows
        self._writer = threading.Thread(target=self._write_loop, name="store-writer", daemon=True)
        self._writer.start()

    # ----- reads ---------------------------------------------------------------------------

    def load(self, chat_id: int) -> Conversation | None:
        cached = self._cache.get(chat_id)
        if cached is not None:
            self._cache.move_to_end(chat_id)
            return cached
        row = self.db.execute(
            "SELECT state FROM conversations WHERE chat_id = ?", [chat_id]
        ).fetchone()
        if row is None:
            return None
        state = json.loads(row[0])
        if state.get("agenda_own"):
            state["agenda_own"] = [self.cipher.unseal(p) for p in state["agenda_own"]]
        conv = Conversation(**state)
        conv.answers = self.current_answers(chat_id)
        self._cached(chat_id, conv)
        return conv

    def _cached(self, chat_id: int, conv: Conversation) -> None:
        self._cache[chat_id] = conv
        self._cache.move_to_end(chat_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def current_answers(self, chat_id: int) -> dict[str, Answer]:
        """The latest entry per question; a 'removed' entry means no current answer."""
        rows = self.db.execute(
            """SELECT question, status, unseal(value), unseal(voice), private, at FROM answers
               WHERE id IN (SELECT MAX(id) FROM answers WHERE chat_id = ? GROUP BY question)
               ORDER BY id""",
            [chat_id],
        ).fetchall()
        answers = {}
        for question, status, value, voice, private, at in rows:
            if status == REMOVED:
                continue
            answers[question] = Answer(status, json.loads(value) if value else None, voice,
                                       bool(private), at)
        return answers

    def answer_history(self, chat_id: int) -> list[dict]:
        return [
            {**row, "value": json.loads(row["value"]) if row["value"] else None,
             "private": bool(row["private"])}
            for row in self.db.query(
                "SELECT id, chat_id, question, status, unseal(value) AS value, unseal(voice) AS "
                "voice, private, at FROM answers WHERE chat_id = ? ORDER BY id", [chat_id])
        ]

    def conversation_row(self, chat_id: int) -> dict | None:
        rows = list(self.db["conversations"].rows_where("chat_id = ?", [chat_id]))
        return rows[0] if rows else None

    def was_applied(self, update_id: int) -> tuple[bool, bool]:
        """(applied, replied) for an update id: a redelivered update is applied only once."""
        if update_id in self._applied:
            return True, update_id in self._replied
        if update_id > self._newest_seen():
            return False, False
        row = self.db.execute(
            "SELECT replied FROM applied_updates WHERE update_id = ?", [update_id]
        ).fetchone()
        return (row is not None, bool(row and row[0]) or update_id in self._replied)

    def _newest_seen(self) -> int:
        """The highest update id applied before this process started (read once)."""
        if self._newest_at_start is None:
            row = self.db.execute("SELECT MAX(update_id) FROM applied_updates").fetchone()
            self._newest_at_start = row[0] if row and row[0] is not None else -1
        return self._newest_at_start

    # ----- writes ------------------------------------------------------------------------

    async def commit(self, change: Change) -> None:
        """Return once the change is durably on disk; the cache follows the database."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((change, (loop, future)))
        await future
        self._remember(change)
        if change.delete_client:
            self._cache.pop(change.chat_id, None)
        elif change.conversation is not None:
            self._cached(change.chat_id, change.conversation)

    def _remember(self, change: Change) -> None:
        if change.update_id is not None:
            if len(self._applied) > KEEP_APPLIED_UPDATES:
                self._applied.clear()
                self._newest_at_start = None  # older ids: ask the database again
            self._applied.add(change.update_id)

    def mark_replied(self, update_id: int) -> None:
        """Note that an update's reply went out. Not awaited: it rides along with the next
        group commit, and losing it in a crash costs at most one repeated reply."""
        if len(self._replied) > KEEP_APPLIED_UPDATES:
            self._replied.clear()
        self._replied.add(update_id)
        self._queue.put((_Replied(update_id), None))

    async def transact(self, fn: Callable[[sqlite3.Connection], object],
                       wipe: bool = False) -> object:
        """Run `fn(conn)` in the writer's transaction (after the batch's answers); return its
        result once committed. For the professional side, invites, outbox and reminders.
        `wipe`: it deletes personal data, so the WAL is checkpointed right after."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((_Call(fn, wipe), (loop, future)))
        return await future

    def transact_sync(self, fn: Callable[[sqlite3.Connection], object],
                      wipe: bool = False) -> object:
        future: Future = Future()
        self._queue.put((_Call(fn, wipe), future))
        return future.result()

    def forget(self, chat_id: int) -> None:
        """Drop a conversation from memory once it was purged (bot/privacy/retention.py)."""
        self._cache.pop(chat_id, None)

    def set_active(self, chat_id: int, active: bool) -> None:
        self._run_write("UPDATE conversations SET active = ? WHERE chat_id = ?",
                        [int(active), chat_id])

    def _run_write(self, sql: str, params: list) -> None:
        future: Future = Future()
        self._queue.put((_Statement(sql, params), future))
        future.result()

    def close(self) -> None:
        self._queue.put(None)
        self._writer.join(timeout=10)
        self.db.conn.close()
        if self._writer_conn is not self.db.conn:
            self._writer_conn.close()

    # ----- the writer thread --------------------------------------------------------------

    def _write_loop(self) -> None:
        conn = self._writer_conn
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
                self._apply_batch(conn, batch)
            except Exception:
                # One bad change must not fail the others: retry each on its own.
                for single in batch:
                    try:
                        self._apply_batch(conn, [single])
                    except Exception as exc:
                        _settle([single], exc)

    def _apply_batch(self, conn: sqlite3.Connection, batch: list) -> None:
        """One transaction for the whole batch, with one executemany per statement kind:
        every return from SQLite to Python must win the GIL back from the event loop, so
        fewer, larger calls keep the writer from queueing behind the loop."""
        rows = _Rows()
        for work, _ in batch:
            if isinstance(work, _Replied):
                rows.replied.append((work.update_id,))
            elif isinstance(work, _Statement | _Call):
                rows.statements.append(work)
            else:
                _collect(rows, work, self.cipher)
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
        result = work.result if isinstance(work, _Call) else None
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


class _Call:
    """A function run on the writer's connection inside the batch's transaction."""

    def __init__(self, fn: Callable[[sqlite3.Connection], object], wipe: bool = False):
        self.fn = fn
        self.wipe = wipe
        self.result: object = None

    def run(self, conn: sqlite3.Connection) -> None:
        self.result = self.fn(conn)


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: list


@dataclass(frozen=True)
class _Replied:
    """An update whose reply went out (mark_replied); many of them make one executemany."""

    update_id: int


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
class _Rows:
    """A batch's writes, grouped so each kind runs as one executemany, in a safe order:
    erasures first, then answers, conversations and update ids (a chat appears at most
    once per batch with an erasure, since one chat's events are applied one at a time)."""

    statements: list[_Statement | _Call] = field(default_factory=list)
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
            if isinstance(statement, _Call):
                statement.run(conn)
            else:
                conn.execute(statement.sql, statement.params)
        if self.prune_below is not None:
            conn.execute("DELETE FROM applied_updates WHERE update_id < ?", [self.prune_below])


def _collect(rows: _Rows, change: Change, cipher: Cipher | None = None) -> None:
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
            rows.conversations.append((chat_id, _state_json(conv, cipher), conv.lang,
                                       conv.state, now,
                                       now, finished))
    if change.update_id is not None:
        # An erased client's update is still remembered, but no longer tied to them.
        rows.applied.append((change.update_id, None if change.delete_client else chat_id, now))
        if change.update_id % 1000 == 0:
            rows.prune_below = change.update_id - KEEP_APPLIED_UPDATES


def _check_writable(conn: sqlite3.Connection) -> None:
    """Take the write lock once at start, so a locked or read-only database is found now
    (with a clear message) rather than at the first client's answer."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS _write_check (x)")
        conn.execute("DROP TABLE _write_check")
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def open_store(path: str | Path, now: str = "", cipher: Cipher | None = None,
               **options: float) -> Store:
    return Store(path, now, cipher, **options)
