"""The outbox table: queuing (`enqueue`, `enqueue_in`), and the bookkeeping for the sender
(bot/chat/sender.py): which rows are due, which part is being sent, progress, retries,
closing, and late summaries. The payload keeps
`_parts_sent` (parts certainly delivered) and `_uncertain_part` (a part whose send may have
arrived, so its next copy carries the "sent again" marker). The payload is sealed at rest
(bot/storage/crypto.py): it is read through `unseal(…)` and changed as
`seal(json_set(unseal(payload), …))`."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from bot.storage.privacy import record_disclosure

if TYPE_CHECKING:
    from bot.storage.store import Store

DueRow = tuple[int, str, int, int | None, dict, int, int, int | None]
INSERT = ("INSERT INTO outbox (kind, chat_id, invite_id, payload, status, next_attempt_at,"
          " created_at) VALUES (?, ?, ?, seal(?), 'pending', ?, ?)")


def enqueue_in(conn: sqlite3.Connection, kind: str, chat_id: int, payload: dict, now: datetime,
               invite_id: int | None = None) -> int:
    """Queue one message inside a transaction the caller already runs (commit together)."""
    return conn.execute(INSERT, [kind, chat_id, invite_id,
                                 json.dumps(payload, ensure_ascii=False), now.isoformat(),
                                 now.isoformat()]).lastrowid


async def enqueue(store: Store, kind: str, chat_id: int, payload: dict, now: datetime,
                  invite_id: int | None = None) -> int:
    """Queue one message in a transaction of its own; returns once it is committed."""
    return await store.transact(
        lambda conn: enqueue_in(conn, kind, chat_id, payload, now, invite_id))


def summary_queued(conn: sqlite3.Connection, invite_id: int) -> bool:
    """One summary per invite, however often sharing is confirmed."""
    return conn.execute("SELECT 1 FROM outbox WHERE kind = 'summary' AND invite_id = ?",
                        [invite_id]).fetchone() is not None


def due_rows(db: Database, now: str, limit: int) -> list[DueRow]:
    rows = db.execute(
        "SELECT id, kind, chat_id, invite_id, unseal(payload), attempts, uncertain, sending_part "
        "FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        [now, limit]).fetchall()
    return [(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6], r[7]) for r in rows]


def mark_sending(conn: sqlite3.Connection, row_id: int, index: int, uncertain: int,
                 uncertain_part: int | None) -> None:
    conn.execute("UPDATE outbox SET sending_part = ?, uncertain = ?, payload = seal(json_set("
                 "unseal(payload), '$._uncertain_part', ?)) WHERE id = ?",
                 [index, uncertain, uncertain_part, row_id])


def mark_progress(conn: sqlite3.Connection, row_id: int, sent: int) -> None:
    conn.execute("UPDATE outbox SET payload = seal(json_set(unseal(payload), '$._parts_sent',"
                 " ?)), "
                 "sending_part = NULL, attempts = attempts + 1 WHERE id = ?", [sent, row_id])


def schedule_retry(conn: sqlite3.Connection, row_id: int, when: str, error: str,
                   uncertain: int, uncertain_part: int | None) -> None:
    conn.execute("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
                 " uncertain = ?, sending_part = NULL,"
                 " payload = seal(json_set(unseal(payload), '$._uncertain_part', ?)) WHERE id = ?",
                 [when, error, uncertain, uncertain_part, row_id])


def close_row(conn: sqlite3.Connection, row_id: int, kind: str, invite_id: int | None,
              status: str, error: str, now: str, uncertain: int) -> None:
    """Close a row; once delivered, its copy of the client's answers is dropped (after the
    record of what was disclosed is written, in the same transaction)."""
    if status == "sent":
        record_disclosure(conn, row_id, kind, invite_id, now)
    conn.execute(
        "UPDATE outbox SET status = ?, last_error = ?, sent_at = ?, sending_part = NULL,"
        " payload = CASE WHEN ? = 'sent' THEN '{}' ELSE payload END WHERE id = ?",
        [status, error or None, now if status == "sent" else None, status, row_id])
    if kind == "summary" and invite_id is not None:
        delivery = {"sent": "sent_again" if uncertain else "sent"}.get(status, status)
        conn.execute("UPDATE invites SET delivery = ? WHERE id = ?", [delivery, invite_id])


def late_summaries(conn: sqlite3.Connection, horizon: str) -> list[tuple]:
    """Summaries not fully delivered whose appointment is before `horizon`, not yet reported:
    (row id, professional's chat, invite, reference, appointment, pro's language, client's
    chat, client's language)."""
    return conn.execute(
        "SELECT o.id, o.chat_id, o.invite_id, json_extract(unseal(o.payload), '$.reference'),"
        " json_extract(unseal(o.payload), '$.appointment'),"
        " json_extract(unseal(o.payload), '$.lang'),"
        " i.client_chat_id, c.lang FROM outbox o LEFT JOIN invites i ON i.id = o.invite_id"
        " LEFT JOIN conversations c ON c.chat_id = i.client_chat_id"
        " WHERE o.kind = 'summary' AND o.status = 'pending' AND o.late_noted_at IS NULL"
        " AND json_extract(unseal(o.payload), '$.appointment') <= ?", [horizon]).fetchall()


def mark_late_noted(conn: sqlite3.Connection, row_id: int, now: str) -> None:
    conn.execute("UPDATE outbox SET late_noted_at = ? WHERE id = ?", [now, row_id])
