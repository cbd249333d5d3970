"""Invites in SQLite: made by a professional, opened (once) by a client, and the sweep for
summaries a crash left unqueued. References are sealed at rest (bot/storage/crypto.py); codes
arrive here already hashed (bot/professionals/codes.py), so no code is ever stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database


@dataclass(frozen=True)
class Invite:
    id: int
    professional_id: int
    reference: str
    appointment_at: datetime
    client_lang: str
    benefit: str
    client_chat_id: int | None
    opened_at: str | None
    expires_at: datetime
    delivery: str


INVITE_COLUMNS = ("id, professional_id, unseal(reference), appointment_at, client_lang, "
                  "benefit, client_chat_id, opened_at, expires_at, delivery")


def _invite(row: tuple) -> Invite:
    (iid, pid, reference, appointment, lang, benefit, client, opened, expires,
     delivery) = row
    return Invite(iid, pid, reference, datetime.fromisoformat(appointment), lang or "nl",
                  benefit or "", client, opened, datetime.fromisoformat(expires),
                  delivery or "")


# ----- reads -------------------------------------------------------------------------------

def invite_by_id(db: Database | sqlite3.Connection, invite_id: int) -> Invite | None:
    row = db.execute(f"SELECT {INVITE_COLUMNS} FROM invites WHERE id = ?",
                     [invite_id]).fetchone()
    return _invite(row) if row else None


def invite_for_client(db: Database, chat_id: int) -> Invite | None:
    """The invite a client opened last (the one they are linked to)."""
    row = db.execute(f"SELECT {INVITE_COLUMNS} FROM invites WHERE client_chat_id = ?"
                     " ORDER BY id DESC LIMIT 1", [chat_id]).fetchone()
    return _invite(row) if row else None


def invites_of(db: Database, pid: int) -> list[Invite]:
    rows = db.execute(f"SELECT {INVITE_COLUMNS} FROM invites WHERE professional_id = ?"
                      " ORDER BY appointment_at", [pid]).fetchall()
    return [_invite(r) for r in rows]


AWAITING_SUMMARY = ("i.delivery = '' AND i.client_chat_id IS NOT NULL AND i.appointment_at > ? "
                    "AND c.step = 'done' AND json_extract(c.state, '$.shared') "
                    "AND NOT EXISTS (SELECT 1 FROM outbox o "
                    "WHERE o.kind = 'summary' AND o.invite_id = i.id)")


def shared_without_summary(db: Database, now: datetime,
                           changed_since: datetime | None = None) -> list[int]:
    """Clients who said yes to sharing but whose summary was never queued (a crash between
    the commit and the queue). Queuing a summary sets the invite's delivery in the same
    transaction, so the linked invites still without one are all there is to look at — and
    only those whose appointment is still to come (index `invites_awaiting_summary`): after
    it a summary is of no use (the sender would fail it).

    With `changed_since`, only conversations changed since then (index
    `conversations_updated`): what a running process still has to look at after its first
    sweep. Stamps compare as text; the moment is given in UTC, and a stamp with another
    offset (UTC or east of it, as every stamp the bot writes) is then found, if anything
    too early, never missed."""
    if changed_since is None:
        sql = ("SELECT i.client_chat_id FROM invites i JOIN conversations c "
               f"ON c.chat_id = i.client_chat_id WHERE {AWAITING_SUMMARY}")
        params = [now.isoformat()]
    else:
        # CROSS JOIN: conversations first (SQLite keeps that order), by their change stamp.
        sql = ("SELECT c.chat_id FROM conversations c CROSS JOIN invites i "
               "ON i.client_chat_id = c.chat_id WHERE c.updated_at >= ? "
               f"AND {AWAITING_SUMMARY}")
        params = [changed_since.astimezone(UTC).isoformat(), now.isoformat()]
    return [chat_id for (chat_id,) in db.execute(sql, params).fetchall()]


# ----- writes (inside the writer's transaction) --------------------------------------------

def insert_invite(conn: sqlite3.Connection, pid: int, digest: str, reference: str,
                  appointment: datetime, client_lang: str, benefit: str, now: datetime,
                  expires: datetime) -> int:
    return conn.execute(
        "INSERT INTO invites (professional_id, code_hash, reference, appointment_at,"
        " client_lang, benefit, created_at, expires_at, delivery)"
        " VALUES (?, ?, seal(?), ?, ?, ?, ?, ?, '')",
        [pid, digest, reference, appointment.isoformat(), client_lang, benefit,
         now.isoformat(), expires.isoformat()]).lastrowid


def claim_invite(conn: sqlite3.Connection, digest: str, chat_id: int,
                 now: datetime) -> tuple[str, int | None]:
    """Link a client to an invite: 'ok', 'unknown', 'used' or 'expired'. Single use: the
    same client opening it again is fine, anyone else is refused."""
    row = conn.execute("SELECT id, client_chat_id, expires_at FROM invites "
                       "WHERE code_hash = ?", [digest]).fetchone()
    if row is None:
        return "unknown", None
    iid, client, expires = row
    if client is not None and client != chat_id:
        return "used", None
    if datetime.fromisoformat(expires) < now:
        return "expired", None
    if client is None:
        detach_earlier(conn, chat_id)
        conn.execute("UPDATE invites SET client_chat_id = ?, opened_at = ? WHERE id = ?",
                     [chat_id, now.isoformat(), iid])
    return "ok", iid


def detach_earlier(conn: sqlite3.Connection, chat_id: int) -> None:
    """A client who opens a new invite leaves the earlier ones: their professional no longer
    sees the client's progress, and nothing more is sent about them (reminders, the status
    note, the questions after the meeting). A summary already on its way stays: the client
    agreed to it for that professional."""
    earlier = [row[0] for row in conn.execute(
        "SELECT id FROM invites WHERE client_chat_id = ?", [chat_id])]
    for iid in earlier:
        conn.execute("UPDATE invites SET client_chat_id = NULL WHERE id = ?", [iid])
        conn.execute("UPDATE reminders SET cancelled = 1 WHERE invite_id = ? AND sent_at IS NULL",
                     [iid])
        conn.execute("DELETE FROM outbox WHERE invite_id = ? AND status = 'pending' AND kind IN "
                     "('reminder', 'status_note', 'evaluation')", [iid])


def mark_summary_pending(conn: sqlite3.Connection, invite_id: int) -> None:
    conn.execute("UPDATE invites SET delivery = 'pending' WHERE id = ?", [invite_id])
