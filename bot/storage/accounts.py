"""Professionals' accounts in SQLite: registration, language, removal, the half-typed dialog
(session) of the professional's chat. Names and sessions are sealed at rest
(bot/storage/crypto.py). Reads take the store's read connection (`db`), writes the writer's
(`conn`, inside `Store.transact`); codes arrive here already hashed (bot/professionals/codes.py).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database


@dataclass(frozen=True)
class Professional:
    id: int
    name: str
    chat_id: int | None
    lang: str
    active: bool
    blocked: bool
    session: dict


PRO_COLUMNS = "id, unseal(name), chat_id, lang, active, blocked, unseal(session)"
OVERVIEW_KEYS = ("id", "name", "registered", "active", "blocked", "created_at",
                 "registered_at", "invites")


def _professional(row: sqlite3.Row | tuple) -> Professional:
    pid, name, chat_id, lang, active, blocked, session = row
    return Professional(pid, name, chat_id, lang or "nl", bool(active), bool(blocked),
                        json.loads(session) if session else {})


# ----- reads -------------------------------------------------------------------------------

def professional_chats(db: Database) -> set[int]:
    """Chats of every registered professional (read once; the registry keeps the set)."""
    rows = db.execute("SELECT chat_id FROM professionals WHERE chat_id IS NOT NULL").fetchall()
    return {row[0] for row in rows}


def active_by_chat(db: Database, chat_id: int) -> Professional | None:
    row = db.execute(f"SELECT {PRO_COLUMNS} FROM professionals "
                     "WHERE chat_id = ? AND active = 1", [chat_id]).fetchone()
    return _professional(row) if row else None


def professional_by_id(db: Database, pid: int) -> Professional | None:
    row = db.execute(f"SELECT {PRO_COLUMNS} FROM professionals WHERE id = ?",
                     [pid]).fetchone()
    return _professional(row) if row else None


def overview(db: Database) -> list[dict]:
    """Every account for `python -m bot professional list`, with its number of invites."""
    rows = db.execute(
        "SELECT id, unseal(name), chat_id IS NOT NULL, active, blocked, created_at,"
        " registered_at,"
        " (SELECT COUNT(*) FROM invites WHERE professional_id = professionals.id)"
        " FROM professionals ORDER BY id").fetchall()
    return [dict(zip(OVERVIEW_KEYS, row, strict=True)) for row in rows]


def has_registration(db: Database, digest: str) -> bool:
    return db.execute("SELECT 1 FROM professionals WHERE registration_hash = ?",
                      [digest]).fetchone() is not None


# ----- writes (inside the writer's transaction) --------------------------------------------

def insert_professional(conn: sqlite3.Connection, name: str, digest: str, expires: str,
                        now: str) -> int:
    return conn.execute(
        "INSERT INTO professionals (name, registration_hash, registration_expires_at,"
        " created_at) VALUES (seal(?), ?, ?, ?)", [name, digest, expires, now]).lastrowid


def deactivate(conn: sqlite3.Connection, pid: int) -> bool:
    """Deactivate an account; what still waits to be sent to them fails (and its copy of a
    client's answers is dropped), and the summaries' invites show the failed delivery."""
    removed = conn.execute(
        "UPDATE professionals SET active = 0, registration_hash = NULL, session = NULL"
        " WHERE id = ? AND active = 1", [pid]).rowcount
    if removed:
        conn.execute(
            "UPDATE invites SET delivery = 'failed' WHERE id IN (SELECT invite_id FROM "
            "outbox WHERE status = 'pending' AND kind = 'summary' AND chat_id = "
            "(SELECT chat_id FROM professionals WHERE id = ?))", [pid])
        conn.execute(
            "UPDATE outbox SET status = 'failed', payload = '{}', last_error = "
            "'professional removed' WHERE status = 'pending' AND chat_id = "
            "(SELECT chat_id FROM professionals WHERE id = ?)", [pid])
    return bool(removed)


def claim_registration(conn: sqlite3.Connection, digest: str, chat_id: int, lang: str,
                       now: datetime) -> str:
    """'ok', 'unknown', 'expired' or 'taken' (this chat is already a professional)."""
    row = conn.execute(
        "SELECT id, registration_expires_at FROM professionals "
        "WHERE registration_hash = ? AND active = 1", [digest]).fetchone()
    if row is None:
        return "unknown"
    if datetime.fromisoformat(row[1]) < now:  # stamps of other time zones compare as times
        return "expired"
    if conn.execute("SELECT 1 FROM professionals WHERE chat_id = ?", [chat_id]).fetchone():
        return "taken"
    conn.execute(
        "UPDATE professionals SET chat_id = ?, lang = ?, registration_hash = NULL,"
        " registered_at = ? WHERE id = ?", [chat_id, lang, now.isoformat(), row[0]])
    return "ok"


def set_language(conn: sqlite3.Connection, pid: int, lang: str) -> None:
    conn.execute("UPDATE professionals SET lang = ? WHERE id = ?", [lang, pid])


def mark_blocked(conn: sqlite3.Connection, chat_id: int) -> None:
    conn.execute("UPDATE professionals SET blocked = 1 WHERE chat_id = ?", [chat_id])


def save_session(conn: sqlite3.Connection, pid: int, session: dict, update_id: int,
                 chat_id: int, now: str) -> None:
    """The professional's dialog after one update, and that update as applied (so a
    redelivery is recognised), in the caller's transaction."""
    data = json.dumps(session, ensure_ascii=False) if session else None
    conn.execute("UPDATE professionals SET session = seal(?) WHERE id = ?", [data, pid])
    conn.execute("INSERT OR IGNORE INTO applied_updates (update_id, chat_id, at) "
                 "VALUES (?, ?, ?)", [update_id, chat_id, now])
