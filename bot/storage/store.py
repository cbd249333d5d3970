"""The client's conversations in SQLite; `transact` lends the writer thread to the named
functions of the other storage modules (accounts, invites, timed work, outbox, privacy). The
rest of the code uses these verbs:

- `open_store(path)` — open (creating and migrating) the database; WAL, synchronous=FULL.
- `load(chat_id)` — the conversation with its current answers, or None.
- `await commit(Change)` — durably apply one event's effect (conversation, answers, update id).
- `was_applied(update_id)` / `mark_replied(update_id)` — recognise a redelivered update.
- `answer_history(chat_id)`, `export(chat_id)` data, `delete_client(chat_id)` through `commit`.

Commits run on one writer thread that groups whatever is waiting into a single transaction
(group commit, bot/storage/writer.py): one fsync serves many clients, each caller resumes only
after its own change is on disk, and the event loop never blocks on the disk.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from bot.flows.answers import Answer
from bot.flows.conversation import Conversation
from bot.storage.crypto import Cipher, install, prepare
from bot.storage.schema import migrate
from bot.storage.writer import (
    KEEP_APPLIED_UPDATES,
    REMOVED,
    Call,
    Change,
    Replied,
    Statement,
    Writer,
)

__all__ = ["Change", "Store", "open_store", "storage_problem"]

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
        self._writer_conn = (_connect(path, busy_timeout) if path != ":memory:"
                             else self.db.conn)
        install(self._writer_conn, self.cipher)
        prepare(self._writer_conn, self.cipher)  # refuses a wrong key; seals older rows
        self._writer = Writer(self._writer_conn, self.cipher)

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
        await self._writer.run(change)
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
        self._writer.put(Replied(update_id), None)

    async def transact(self, fn: Callable[[sqlite3.Connection], object],
                       wipe: bool = False) -> object:
        """Run `fn(conn)` in the writer's transaction (after the batch's answers); return its
        result once committed. For the professional side, invites, outbox and reminders.
        `wipe`: it deletes personal data, so the WAL is checkpointed right after."""
        return await self._writer.run(Call(fn, wipe))

    def transact_sync(self, fn: Callable[[sqlite3.Connection], object],
                      wipe: bool = False) -> object:
        return self._writer.run_sync(Call(fn, wipe))

    def forget(self, chat_id: int) -> None:
        """Drop a conversation from memory once it was purged (bot/privacy/retention.py)."""
        self._cache.pop(chat_id, None)

    def set_active(self, chat_id: int, active: bool) -> None:
        self._run_write("UPDATE conversations SET active = ? WHERE chat_id = ?",
                        [int(active), chat_id])

    def _run_write(self, sql: str, params: list) -> None:
        self._writer.run_sync(Statement(sql, params))

    def close(self) -> None:
        self._writer.stop()
        self.db.conn.close()
        if self._writer_conn is not self.db.conn:
            self._writer_conn.close()


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
