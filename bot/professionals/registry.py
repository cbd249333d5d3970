"""Professionals and their invites in the database: the only module that writes those rows.

Reads use the store's read connection; writes go through the store's writer (`transact`), so
there is still one writer and every change is committed before anyone is told about it.
"""

from __future__ import annotations

import json
import sqlite3
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.professionals.codes import code_hash, new_code
from bot.storage import Store

REGISTRATION_VALID = timedelta(days=14)
INVITE_GRACE = timedelta(hours=24)  # an invite stays usable until a day after the meeting


@dataclass(frozen=True)
class Professional:
    id: int
    name: str
    chat_id: int | None
    lang: str
    active: bool
    blocked: bool
    session: dict


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


def _professional(row: sqlite3.Row | tuple) -> Professional:
    pid, name, chat_id, lang, active, blocked, session = row
    return Professional(pid, name, chat_id, lang or "nl", bool(active), bool(blocked),
                        json.loads(session) if session else {})


# Names, half-typed dialogs and references are sealed at rest (bot/storage/crypto.py).
PRO_COLUMNS = "id, unseal(name), chat_id, lang, active, blocked, unseal(session)"
INVITE_COLUMNS = ("id, professional_id, unseal(reference), appointment_at, client_lang, "
                  "benefit, "
                  "client_chat_id, opened_at, expires_at, delivery")


def _invite(row: tuple) -> Invite:
    (iid, pid, reference, appointment, lang, benefit, client, opened, expires,
     delivery) = row
    return Invite(iid, pid, reference, datetime.fromisoformat(appointment), lang or "nl",
                  benefit or "", client, opened, datetime.fromisoformat(expires),
                  delivery or "")


# Chats of registered professionals, per store: every update asks "is this a professional?",
# and for the clients (nearly all updates) the answer comes from memory instead of a query.
# Only registration, through the bot, adds a chat; removal (possibly by the CLI in another
# process) is seen because a chat in the set is always looked up in the database.
_PRO_CHATS: weakref.WeakKeyDictionary[Store, set[int]] = weakref.WeakKeyDictionary()


class Registry:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    def _pro_chats(self) -> set[int]:
        chats = _PRO_CHATS.get(self.store)
        if chats is None:
            rows = self.db.execute(
                "SELECT chat_id FROM professionals WHERE chat_id IS NOT NULL").fetchall()
            chats = _PRO_CHATS[self.store] = {row[0] for row in rows}
        return chats

    # ----- professionals -----------------------------------------------------------------

    def add_professional(self, name: str, now: datetime) -> tuple[int, str]:
        """A new account and its one-time registration code (shown once, stored hashed)."""
        code = new_code()

        def insert(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO professionals (name, registration_hash, registration_expires_at,"
                " created_at) VALUES (seal(?), ?, ?, ?)",
                [name, code_hash(code), (now + REGISTRATION_VALID).isoformat(),
                 now.isoformat()])
            return cursor.lastrowid

        return self.store.transact_sync(insert), code

    def professionals(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT id, unseal(name), chat_id IS NOT NULL, active, blocked, created_at,"
            " registered_at,"
            " (SELECT COUNT(*) FROM invites WHERE professional_id = professionals.id)"
            " FROM professionals ORDER BY id").fetchall()
        keys = ("id", "name", "registered", "active", "blocked", "created_at", "registered_at",
                "invites")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def remove_professional(self, pid: int) -> bool:
        """Deactivate; what still waits to be sent to them is not sent (and its copy of a
        client's answers dropped), and /clients of that invite shows the failed delivery."""
        def remove(conn: sqlite3.Connection) -> int:
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
            return removed

        return bool(self.store.transact_sync(remove))

    def by_chat(self, chat_id: int) -> Professional | None:
        if chat_id not in self._pro_chats():
            return None
        row = self.db.execute(f"SELECT {PRO_COLUMNS} FROM professionals "
                              "WHERE chat_id = ? AND active = 1", [chat_id]).fetchone()
        return _professional(row) if row else None

    def by_id(self, pid: int) -> Professional | None:
        row = self.db.execute(f"SELECT {PRO_COLUMNS} FROM professionals WHERE id = ?",
                              [pid]).fetchone()
        return _professional(row) if row else None

    async def register(self, code: str, chat_id: int, lang: str, now: datetime) -> str:
        """'ok', 'unknown', 'expired' or 'taken' (this chat is already a professional)."""
        digest = code_hash(code)

        def claim(conn: sqlite3.Connection) -> str:
            row = conn.execute(
                "SELECT id, registration_expires_at FROM professionals "
                "WHERE registration_hash = ? AND active = 1", [digest]).fetchone()
            if row is None:
                return "unknown"
            if datetime.fromisoformat(row[1]) < now:
                return "expired"
            if conn.execute("SELECT 1 FROM professionals WHERE chat_id = ?",
                            [chat_id]).fetchone():
                return "taken"
            conn.execute(
                "UPDATE professionals SET chat_id = ?, lang = ?, registration_hash = NULL,"
                " registered_at = ? WHERE id = ?", [chat_id, lang, now.isoformat(), row[0]])
            return "ok"

        status = await self.store.transact(claim)
        if status == "ok":
            self._pro_chats().add(chat_id)
        return status

    def is_registration_code(self, code: str) -> bool:
        return self.db.execute("SELECT 1 FROM professionals WHERE registration_hash = ?",
                               [code_hash(code)]).fetchone() is not None

    async def set_language(self, pid: int, lang: str) -> None:
        await self.store.transact(lambda conn: conn.execute(
            "UPDATE professionals SET lang = ? WHERE id = ?", [lang, pid]))

    async def mark_blocked(self, chat_id: int) -> None:
        await self.store.transact(lambda conn: conn.execute(
            "UPDATE professionals SET blocked = 1 WHERE chat_id = ?", [chat_id]))

    # ----- invites -----------------------------------------------------------------------

    @staticmethod
    def insert_invite(conn: sqlite3.Connection, pid: int, reference: str,
                      appointment: datetime, client_lang: str, benefit: str,
                      now: datetime) -> str:
        """Store a new invite inside the caller's transaction (with the update that asked for
        it, so a redelivered /invite cannot make a second one); returns the one-time code,
        of which only the hash is kept."""
        code = new_code()
        conn.execute(
            "INSERT INTO invites (professional_id, code_hash, reference, appointment_at,"
            " client_lang, benefit, created_at, expires_at, delivery)"
            " VALUES (?, ?, seal(?), ?, ?, ?, ?, ?, '')",
            [pid, code_hash(code), reference, appointment.isoformat(), client_lang,
             benefit, now.isoformat(), (appointment + INVITE_GRACE).isoformat()])
        return code

    def invite(self, invite_id: int) -> Invite | None:
        row = self.db.execute(f"SELECT {INVITE_COLUMNS} FROM invites WHERE id = ?",
                              [invite_id]).fetchone()
        return _invite(row) if row else None

    async def open_invite(self, code: str, chat_id: int, now: datetime) -> tuple[str, Invite |
                                                                                    None]:
        """Link a client to an invite: 'ok', 'unknown', 'used' or 'expired'. Single use: the
        same client opening it again is fine, anyone else is refused."""
        digest = code_hash(code)

        def claim(conn: sqlite3.Connection) -> tuple[str, int | None]:
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
                _detach_earlier(conn, chat_id)
                conn.execute("UPDATE invites SET client_chat_id = ?, opened_at = ? "
                             "WHERE id = ?", [chat_id, now.isoformat(), iid])
            return "ok", iid

        status, iid = await self.store.transact(claim)
        return status, self.invite(iid) if iid else None

    def invite_for_client(self, chat_id: int) -> Invite | None:
        row = self.db.execute(f"SELECT {INVITE_COLUMNS} FROM invites WHERE client_chat_id = ?"
                              " ORDER BY id DESC LIMIT 1", [chat_id]).fetchone()
        return _invite(row) if row else None

    def invites_of(self, pid: int) -> list[Invite]:
        rows = self.db.execute(f"SELECT {INVITE_COLUMNS} FROM invites WHERE professional_id = ?"
                               " ORDER BY appointment_at", [pid]).fetchall()
        return [_invite(r) for r in rows]


def _detach_earlier(conn: sqlite3.Connection, chat_id: int) -> None:
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
