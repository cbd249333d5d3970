"""The one place that talks to SQLite. The rest of the code uses these verbs:

- `open_store(path)` — open (creating and migrating) the database; WAL, synchronous=FULL.
- `load(chat_id)` — the conversation with its current answers, or None.
- `await commit(Change)` — durably apply one event's effect (conversation, answers, update id).
- `was_applied(update_id)` / `await mark_replied(update_id)` — recognise a redelivered update.
- `answer_history(chat_id)`, `export(chat_id)` data, `delete_client(chat_id)` through `commit`.

Commits run on one writer thread that groups whatever is waiting into a single transaction
(group commit): one fsync serves many clients, each caller resumes only after its own change is
on disk, and the event loop never blocks on the disk.
"""

from __future__ import annotations

import asyncio
import json
import queue
import sqlite3
import threading
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlite_utils import Database

from bot.flows.answers import Answer
from bot.flows.conversation import Conversation
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


def _state_json(conv: Conversation) -> str:
    data = asdict(conv)
    data.pop("answers")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class Store:
    def __init__(self, path: str | Path, now: str = ""):
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = Database(_connect(path))
        migrate(self.db, now)
        self._cache: dict[int, Conversation] = {}
        self._queue: queue.SimpleQueue[tuple[Change, Future] | None] = queue.SimpleQueue()
        self._writer_conn = _connect(path) if path != ":memory:" else self.db.conn
        self._writer = threading.Thread(target=self._write_loop, name="store-writer", daemon=True)
        self._writer.start()

    # ----- reads ---------------------------------------------------------------------------

    def load(self, chat_id: int) -> Conversation | None:
        if chat_id in self._cache:
            return self._cache[chat_id]
        row = self.db.execute(
            "SELECT state FROM conversations WHERE chat_id = ?", [chat_id]
        ).fetchone()
        if row is None:
            return None
        conv = Conversation(**json.loads(row[0]))
        conv.answers = self.current_answers(chat_id)
        self._cache[chat_id] = conv
        return conv

    def current_answers(self, chat_id: int) -> dict[str, Answer]:
        """The latest entry per question; a 'removed' entry means no current answer."""
        rows = self.db.execute(
            """SELECT question, status, value, voice, private, at FROM answers
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
            for row in self.db["answers"].rows_where("chat_id = ?", [chat_id], order_by="id")
        ]

    def conversation_row(self, chat_id: int) -> dict | None:
        rows = list(self.db["conversations"].rows_where("chat_id = ?", [chat_id]))
        return rows[0] if rows else None

    def was_applied(self, update_id: int) -> tuple[bool, bool]:
        """(applied, replied) for an update id: a redelivered update is applied only once."""
        row = self.db.execute(
            "SELECT replied FROM applied_updates WHERE update_id = ?", [update_id]
        ).fetchone()
        return (row is not None, bool(row and row[0]))

    def poll_offset(self) -> int:
        row = self.db.execute("SELECT offset FROM poller WHERE id = 1").fetchone()
        return row[0] if row else 0

    def chat_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT chat_id FROM conversations")]

    # ----- writes ------------------------------------------------------------------------

    async def commit(self, change: Change) -> None:
        """Return once the change is durably on disk; the cache follows the database."""
        future: Future = Future()
        self._queue.put((change, future))
        await asyncio.wrap_future(future)
        if change.delete_client:
            self._cache.pop(change.chat_id, None)
        elif change.conversation is not None:
            self._cache[change.chat_id] = change.conversation

    def commit_sync(self, change: Change) -> None:
        future: Future = Future()
        self._queue.put((change, future))
        future.result()
        if change.delete_client:
            self._cache.pop(change.chat_id, None)
        elif change.conversation is not None:
            self._cache[change.chat_id] = change.conversation

    async def mark_replied(self, update_id: int) -> None:
        await asyncio.to_thread(self._run_write,
                                "UPDATE applied_updates SET replied = 1 WHERE update_id = ?",
                                [update_id])

    async def save_offset(self, offset: int) -> None:
        await asyncio.to_thread(
            self._run_write,
            "INSERT INTO poller (id, offset) VALUES (1, ?) "
            "ON CONFLICT(id) DO UPDATE SET offset = excluded.offset",
            [offset],
        )

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
                        single[1].set_exception(exc)

    def _apply_batch(self, conn: sqlite3.Connection, batch: list) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for work, _ in batch:
                if isinstance(work, _Statement):
                    conn.execute(work.sql, work.params)
                else:
                    _apply(conn, work)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        for _, future in batch:
            if not future.done():
                future.set_result(None)


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: list


def _apply(conn: sqlite3.Connection, change: Change) -> None:
    chat_id, now = change.chat_id, change.now
    if change.delete_client:
        for table in ("answers", "conversations", "applied_updates"):
            conn.execute(f"DELETE FROM {table} WHERE chat_id = ?", [chat_id])
    else:
        if change.erase_answers:
            conn.execute("DELETE FROM answers WHERE chat_id = ?", [chat_id])
        for question, answer in change.answers.items():
            if answer is None:
                if change.erase_answers:
                    continue
                conn.execute(
                    "INSERT INTO answers (chat_id, question, status, at) VALUES (?, ?, ?, ?)",
                    [chat_id, question, REMOVED, now],
                )
            else:
                conn.execute(
                    "INSERT INTO answers (chat_id, question, status, value, voice, private, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [chat_id, question, answer.status,
                     None if answer.value is None else json.dumps(answer.value,
                                                                  ensure_ascii=False),
                     answer.voice, int(answer.private), answer.at or now],
                )
        conv = change.conversation
        if conv is not None:
            finished = now if conv.state == "done" else None
            conn.execute(
                """INSERT INTO conversations (chat_id, state, lang, step, active, created_at,
                       updated_at, finished_at)
                   VALUES (?, ?, ?, ?, 1, ?, ?, ?)
                   ON CONFLICT(chat_id) DO UPDATE SET state = excluded.state,
                       lang = excluded.lang, step = excluded.step, active = 1,
                       updated_at = excluded.updated_at,
                       finished_at = COALESCE(conversations.finished_at, excluded.finished_at)""",
                [chat_id, _state_json(conv), conv.lang, conv.state, now, now, finished],
            )
    if change.update_id is not None and not change.delete_client:
        conn.execute(
            "INSERT OR IGNORE INTO applied_updates (update_id, chat_id, at) VALUES (?, ?, ?)",
            [change.update_id, chat_id, now],
        )
    elif change.update_id is not None:
        # Remember the update without tying it to the erased client.
        conn.execute(
            "INSERT OR IGNORE INTO applied_updates (update_id, chat_id, at) VALUES (?, NULL, ?)",
            [change.update_id, now],
        )
    if change.update_id is not None and change.update_id % 1000 == 0:
        conn.execute(
            "DELETE FROM applied_updates WHERE update_id < ?",
            [change.update_id - KEEP_APPLIED_UPDATES],
        )


def open_store(path: str | Path, now: str = "") -> Store:
    return Store(path, now)
