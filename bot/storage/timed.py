"""The timed work's reads and marks in SQLite: reminders, the status note a day before the
meeting and the questions after it. Every read goes through a partial index that holds only
what still waits (migration 0006), so a pass reads what is due, not the history
(tests/test_query_plans.py). The decisions — is the client still preparing, who gets what —
are the services' (bot/professionals/timed.py); these functions run inside its transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import NamedTuple

from sqlite_utils import Database


class ClientState(NamedTuple):
    """What the timed work needs to know of a client's conversation."""

    step: str
    reminders_off: bool
    partial_ok: bool
    lang: str


class Due(NamedTuple):
    """An invite whose status note or after-meeting questions came due."""

    invite_id: int
    client_chat_id: int | None
    pro_chat_id: int
    pro_lang: str
    reference: str
    appointment: str


def client_state(conn: sqlite3.Connection, chat_id: int | None) -> ClientState | None:
    if chat_id is None:
        return None
    row = conn.execute("SELECT step, reminders_off, partial_ok, lang FROM conversations "
                       "WHERE chat_id = ?", [chat_id]).fetchone()
    return ClientState(row[0], bool(row[1]), bool(row[2]), row[3]) if row else None


def appointment_of(conn: sqlite3.Connection, invite_id: int) -> str | None:
    row = conn.execute("SELECT appointment_at FROM invites WHERE id = ?",
                       [invite_id]).fetchone()
    return row[0] if row else None


# ----- reminders ---------------------------------------------------------------------------

def plan_reminders(conn: sqlite3.Connection, invite_id: int, chat_id: int,
                   times: list[str]) -> None:
    """A linked client's reminders, once (opening the same invite again plans nothing)."""
    if conn.execute("SELECT 1 FROM reminders WHERE chat_id = ? AND invite_id = ?",
                    [chat_id, invite_id]).fetchone():
        return
    conn.executemany("INSERT INTO reminders (invite_id, chat_id, due_at) VALUES (?, ?, ?)",
                     [(invite_id, chat_id, due) for due in times])


def set_reminders_off(conn: sqlite3.Connection, chat_id: int, off: bool) -> None:
    conn.execute("UPDATE conversations SET reminders_off = ? WHERE chat_id = ?",
                 [int(off), chat_id])


def allow_partial(conn: sqlite3.Connection, chat_id: int) -> None:
    """The client agrees that what they answered so far may go to the status note."""
    conn.execute("UPDATE conversations SET partial_ok = 1 WHERE chat_id = ?", [chat_id])


def hold_reminders(conn: sqlite3.Connection, until: str, now: str) -> None:
    """Reminders due by `now` wait until `until` (the next daytime)."""
    conn.execute("UPDATE reminders SET due_at = ? WHERE sent_at IS NULL AND cancelled = 0"
                 " AND due_at <= ?", [until, now])


def due_reminders(conn: sqlite3.Connection, now: str) -> list[tuple[int, int, int]]:
    """(reminder id, invite id, client's chat) of every reminder due by `now`."""
    return conn.execute("SELECT r.id, r.invite_id, r.chat_id FROM reminders r WHERE "
                        "r.sent_at IS NULL AND r.cancelled = 0 AND r.due_at <= ?",
                        [now]).fetchall()


def close_reminder(conn: sqlite3.Connection, reminder_id: int, now: str,
                   cancelled: bool) -> None:
    conn.execute("UPDATE reminders SET sent_at = ?, cancelled = ? WHERE id = ?",
                 [now, int(cancelled), reminder_id])


# ----- the status note and the questions after the meeting ---------------------------------

DUE_COLUMNS = ("SELECT i.id, i.client_chat_id, p.chat_id, p.lang, unseal(i.reference), "
               "i.appointment_at FROM invites i JOIN professionals p ON p.id = "
               "i.professional_id WHERE p.chat_id IS NOT NULL AND p.active = 1 AND ")


def status_notes_due(conn: sqlite3.Connection, now: str, until: str) -> list[Due]:
    """Invites of active professionals whose meeting falls after `now`, by `until`, and whose
    status note was not yet considered."""
    rows = conn.execute(DUE_COLUMNS + "i.status_note_at IS NULL AND i.appointment_at > ? "
                        "AND i.appointment_at <= ?", [now, until]).fetchall()
    return [Due(*row) for row in rows]


def mark_status_noted(conn: sqlite3.Connection, invite_id: int, now: str) -> None:
    conn.execute("UPDATE invites SET status_note_at = ? WHERE id = ?", [now, invite_id])


def meetings_over(conn: sqlite3.Connection, by: str) -> list[Due]:
    """Invites of active professionals whose meeting was by `by` and whose after-meeting
    questions were not yet sent."""
    rows = conn.execute(DUE_COLUMNS + "i.after_sent_at IS NULL AND i.appointment_at <= ?",
                        [by]).fetchall()
    return [Due(*row) for row in rows]


def mark_after_sent(conn: sqlite3.Connection, invite_id: int, now: str) -> None:
    conn.execute("UPDATE invites SET after_sent_at = ? WHERE id = ?", [now, invite_id])


# ----- the crash sweep's mark ----------------------------------------------------------------

def sweep_mark(db: Database) -> datetime | None:
    """When the last complete crash sweep began (in this or an earlier process), if ever."""
    row = db.execute("SELECT at FROM timed_marks WHERE name = 'sweep'").fetchone()
    return datetime.fromisoformat(row[0]) if row else None


def set_sweep_mark(conn: sqlite3.Connection, at: datetime) -> None:
    conn.execute("INSERT INTO timed_marks (name, at) VALUES ('sweep', ?) ON CONFLICT(name) "
                 "DO UPDATE SET at = excluded.at", [at.astimezone(UTC).isoformat()])
