"""SQL for privacy: erasure traces, the retention purge, the record of disclosures (audit) and
the count of wrong codes. Sealed columns are read with `unseal(…)` (bot/storage/crypto.py).

Erasure that erases: a person's rows are deleted with `secure_delete` on (set on every
connection), references to them in invites and audit records are cleared, and the writer
checkpoints the WAL with TRUNCATE right after such a transaction (`checkpoint`), so no deleted
byte stays behind in the `-wal` file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

log = logging.getLogger(__name__)

# Rows about a client that a retention purge removes (as /delete does), apart from the
# anonymous statistics facts (`profiles`, `evaluations`), which are kept without the chat id.
PURGED_TABLES = ("answers", "conversations", "applied_updates", "reminders")
DISCLOSED_KINDS = ("summary", "status_note")
MAX_WRONG_CODES = 5  # per chat and hour


# ----- erasure -----------------------------------------------------------------------------

def erase_traces(conn: sqlite3.Connection, chats: list[tuple[int]]) -> None:
    """Inside the erasing transaction, before the invites lose their link to the client: the
    reference a professional gave the client, the professional's typed notes on the meeting,
    the audit records' pointers to them, the counted wrong codes and any update still
    waiting its turn."""
    # The professional's notes on the meeting are about the client too: their words go, the
    # button answer stays for the statistics.
    conn.executemany("UPDATE reflections SET earlier = NULL, observations = NULL WHERE "
                     "invite_id IN (SELECT id FROM invites WHERE client_chat_id = ?)", chats)
    conn.executemany("UPDATE invites SET reference = '' WHERE client_chat_id = ?", chats)
    conn.executemany("UPDATE audit SET client_chat_id = NULL, reference = NULL "
                     "WHERE client_chat_id = ?", chats)
    conn.executemany("DELETE FROM code_attempts WHERE chat_id = ?", chats)
    with contextlib.suppress(sqlite3.OperationalError):  # issue 15's table, when present
        conn.executemany("DELETE FROM deferred_updates WHERE chat_id = ?", chats)


def checkpoint(conn: sqlite3.Connection) -> bool:
    """Copy the WAL into the database and truncate it to zero bytes, so deleted rows survive
    nowhere (secure_delete zeroed them in the pages). False when a reader kept it busy; the
    next erasure or the next start tries again."""
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        log.warning("WAL checkpoint after an erasure was busy; retried at the next one")
    return not busy


# ----- retention -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    chat_id: int
    purge_at: datetime
    lang: str
    active: bool
    noticed: bool
    has_appointment: bool


def retention_due(conn: sqlite3.Connection, after_appointment: timedelta,
                  without_appointment: timedelta) -> list[Due]:
    """When each client's data is to be purged: `after_appointment` past their (latest)
    appointment, or `without_appointment` past their last message if they have none."""
    rows = conn.execute(
        "SELECT c.chat_id, c.updated_at, c.lang, c.active, c.retention_notice_at,"
        " (SELECT MAX(appointment_at) FROM invites i WHERE i.client_chat_id = c.chat_id)"
        " FROM conversations c").fetchall()
    due = []
    for chat_id, updated, lang, active, noticed, appointment in rows:
        if appointment:
            when = datetime.fromisoformat(appointment) + after_appointment
        else:
            when = _aware(updated) + without_appointment
        due.append(Due(chat_id, when, lang or "", bool(active), bool(noticed),
                       bool(appointment)))
    return due


def _aware(stamp: str | None) -> datetime:
    moment = datetime.fromisoformat(stamp) if stamp else datetime.now().astimezone()
    return moment if moment.tzinfo else moment.astimezone()


def mark_noticed(conn: sqlite3.Connection, chat_id: int, now: str) -> None:
    conn.execute("UPDATE conversations SET retention_notice_at = ? WHERE chat_id = ?",
                 [now, chat_id])


def purge_client(conn: sqlite3.Connection, chat_id: int) -> dict[str, int]:
    """Remove one client's answers, outbox copies and voice file ids (in one transaction the
    caller runs); keep the anonymous statistics facts without their chat id. Returns the
    rows removed per table."""
    chats = [(chat_id,)]
    counts: dict[str, int] = {}
    erase_traces(conn, chats)
    counts["outbox"] = conn.execute(
        "DELETE FROM outbox WHERE (invite_id IN (SELECT id FROM invites WHERE client_chat_id"
        " = ?) AND kind != 'reflection') OR (chat_id = ? AND kind IN ('reminder', "
        "'evaluation', 'retention_notice'))", [chat_id, chat_id]).rowcount
    conn.execute("UPDATE invites SET client_chat_id = NULL WHERE client_chat_id = ?",
                 [chat_id])
    for table in PURGED_TABLES:
        counts[table] = conn.execute(f"DELETE FROM {table} WHERE chat_id = ?",
                                     [chat_id]).rowcount
    # Statistics facts stay, no longer tied to a chat: a negative id keeps the primary key.
    # (MIN reads one row of the key; MAX(-chat_id) would read every purged client's.)
    conn.execute("UPDATE profiles SET chat_id = -1 + COALESCE((SELECT MIN(chat_id) FROM "
                 "profiles WHERE chat_id < 0), 0) WHERE chat_id = ?", [chat_id])
    conn.execute("UPDATE evaluations SET chat_id = NULL WHERE chat_id = ?", [chat_id])
    return counts


def purge_counts(conn: sqlite3.Connection, chat_ids: list[int]) -> dict[str, int]:
    """What a purge of these clients would remove (for `purge --dry-run`)."""
    totals = {"clients": len(chat_ids), "answers": 0, "voice notes": 0, "outbox": 0}
    for chat_id in chat_ids:
        totals["answers"] += conn.execute("SELECT COUNT(*) FROM answers WHERE chat_id = ?",
                                          [chat_id]).fetchone()[0]
        totals["voice notes"] += conn.execute(
            "SELECT COUNT(*) FROM answers WHERE chat_id = ? AND voice IS NOT NULL",
            [chat_id]).fetchone()[0]
        totals["outbox"] += conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE (invite_id IN (SELECT id FROM invites WHERE "
            "client_chat_id = ?) AND kind != 'reflection') OR (chat_id = ? AND kind IN "
            "('reminder', 'evaluation', 'retention_notice'))", [chat_id, chat_id]).fetchone()[0]
    return totals


# ----- the record of disclosures ---------------------------------------------------------------

def parts_of(kind: str, payload: dict) -> str:
    """Which parts a delivery had, never their content: 'message,pdf,voice:2', 'note' or
    'note,answers'. Voice notes: those among the shared answers, not kept private (the rule
    of bot/chat/deliveries.voice_notes)."""
    if kind == "status_note":
        return "note,answers" if payload.get("partial") else "note"
    voices = 0
    for entry in (payload.get("doc") or {}).get("answers", {}).values():
        for item in (entry, entry.get("extra") or {}):
            voices += bool(item.get("voice") and not item.get("private"))
    return "message,pdf" + (f",voice:{voices}" if voices else "")


def record_disclosure(conn: sqlite3.Connection, outbox_id: int, kind: str,
                      invite_id: int | None, now: str) -> None:
    """Inside the transaction that marks an outbox row sent (before its payload is dropped):
    when, which professional, which client pseudonym, which parts. Once per row."""
    if kind not in DISCLOSED_KINDS:
        return
    row = conn.execute(
        "SELECT unseal(o.payload), i.professional_id, i.client_chat_id, i.reference FROM outbox"
        " o LEFT JOIN invites i ON i.id = o.invite_id WHERE o.id = ?", [outbox_id]).fetchone()
    if row is None:
        return
    text, professional, client, reference = row
    try:
        payload = json.loads(text or "{}")
    except ValueError:
        payload = {}
    if kind == "status_note":
        client = payload.get("client") or client
    conn.execute(
        "INSERT OR IGNORE INTO audit (at, kind, parts, professional_id, invite_id,"
        " client_chat_id, reference, outbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [now, kind, parts_of(kind, payload), professional, invite_id, client, reference or None,
         outbox_id])


def disclosures_of(conn: sqlite3.Connection, chat_id: int) -> list[tuple[str, str, str, str]]:
    """What was shared about a client: (when, kind, parts, professional's name)."""
    return [tuple(r) for r in conn.execute(
        "SELECT a.at, a.kind, a.parts, COALESCE(unseal(p.name), '') FROM audit a LEFT JOIN "
        "professionals p ON p.id = a.professional_id WHERE a.client_chat_id = ? ORDER BY a.id",
        [chat_id])]


AUDIT_COLUMNS = ("at", "kind", "parts", "professional_id", "professional", "invite_id",
                 "client", "reference")


def audit_rows(conn: sqlite3.Connection, since: str = "") -> list[dict]:
    """The record for the privacy officer: pseudonyms and parts, no content."""
    rows = conn.execute(
        "SELECT a.at, a.kind, a.parts, a.professional_id, COALESCE(unseal(p.name), ''),"
        " a.invite_id, a.client_chat_id IS NOT NULL, COALESCE(unseal(a.reference), '')"
        " FROM audit a LEFT JOIN professionals p ON p.id = a.professional_id"
        " WHERE a.at >= ? ORDER BY a.id", [since]).fetchall()
    return [dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in rows]


# ----- limits on guessing codes ----------------------------------------------------------------

def _hour(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H")


def wrong_codes(conn: sqlite3.Connection, chat_id: int, now: datetime) -> int:
    """Wrong codes this chat tried in the last hour (this clock hour and the one before,
    weighted by how much of that one is still inside the hour)."""
    this = _hour(now)
    before = _hour(now - timedelta(hours=1))
    counts = dict(conn.execute("SELECT hour, failures FROM code_attempts WHERE chat_id = ? AND"
                               " hour IN (?, ?)", [chat_id, this, before]).fetchall())
    left = 1 - now.minute / 60
    return counts.get(this, 0) + int(counts.get(before, 0) * left)


def count_wrong_code(conn: sqlite3.Connection, chat_id: int, now: datetime) -> None:
    """One more wrong code for this chat (the code itself is never stored); old hours go."""
    conn.execute("INSERT INTO code_attempts (chat_id, hour, failures) VALUES (?, ?, 1) "
                 "ON CONFLICT(chat_id, hour) DO UPDATE SET failures = failures + 1",
                 [chat_id, _hour(now)])
    conn.execute("DELETE FROM code_attempts WHERE hour < ?",
                 [_hour(now - timedelta(hours=2))])
