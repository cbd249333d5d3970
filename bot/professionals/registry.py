"""Professionals and their invites: accounts, registration, invites made and opened.

The SQL lives in bot/storage/accounts.py and bot/storage/invites.py; this service adds the
one-time codes (only their hashes reach the database) and the rules around them. Reads use the
store's read connection; writes go through the store's writer (`transact`), so there is still
one writer and every change is committed before anyone is told about it.
"""

from __future__ import annotations

import weakref
from datetime import datetime, timedelta

from bot.professionals.codes import code_hash, new_code
from bot.storage import Connection, Store, accounts, invites
from bot.storage.accounts import Professional
from bot.storage.invites import Invite

__all__ = ["INVITE_GRACE", "REGISTRATION_VALID", "Invite", "Professional", "Registry"]

REGISTRATION_VALID = timedelta(days=14)
INVITE_GRACE = timedelta(hours=24)  # an invite stays usable until a day after the meeting

# Chats of registered professionals, per store: every update asks "is this a professional?",
# and for the clients (nearly all updates) the answer comes from memory instead of a query.
# Only registration, through the bot, adds a chat; removal (possibly by the CLI in another
# process) is seen because a chat in the set is always looked up in the database.
_PRO_CHATS: weakref.WeakKeyDictionary[Store, set[int]] = weakref.WeakKeyDictionary()


class Registry:
    def __init__(self, store: Store):
        self.store = store

    def _pro_chats(self) -> set[int]:
        chats = _PRO_CHATS.get(self.store)
        if chats is None:
            chats = _PRO_CHATS[self.store] = accounts.professional_chats(self.store.db)
        return chats

    # ----- professionals -----------------------------------------------------------------

    def add_professional(self, name: str, now: datetime) -> tuple[int, str]:
        """A new account and its one-time registration code (shown once, stored hashed)."""
        code = new_code()
        pid = self.store.transact_sync(lambda conn: accounts.insert_professional(
            conn, name, code_hash(code), (now + REGISTRATION_VALID).isoformat(),
            now.isoformat()))
        return pid, code

    def professionals(self) -> list[dict]:
        return accounts.overview(self.store.db)

    def remove_professional(self, pid: int) -> bool:
        """Deactivate; what still waits to be sent to them is not sent (and its copy of a
        client's answers dropped), and /clients of that invite shows the failed delivery."""
        return bool(self.store.transact_sync(lambda conn: accounts.deactivate(conn, pid)))

    def by_chat(self, chat_id: int) -> Professional | None:
        if chat_id not in self._pro_chats():
            return None
        return accounts.active_by_chat(self.store.db, chat_id)

    def by_id(self, pid: int) -> Professional | None:
        return accounts.professional_by_id(self.store.db, pid)

    async def register(self, code: str, chat_id: int, lang: str, now: datetime) -> str:
        """'ok', 'unknown', 'expired' or 'taken' (this chat is already a professional)."""
        digest = code_hash(code)
        status = await self.store.transact(
            lambda conn: accounts.claim_registration(conn, digest, chat_id, lang, now))
        if status == "ok":
            self._pro_chats().add(chat_id)
        return status

    def is_registration_code(self, code: str) -> bool:
        return accounts.has_registration(self.store.db, code_hash(code))

    async def set_language(self, pid: int, lang: str) -> None:
        await self.store.transact(lambda conn: accounts.set_language(conn, pid, lang))

    async def mark_blocked(self, chat_id: int) -> None:
        await self.store.transact(lambda conn: accounts.mark_blocked(conn, chat_id))

    # ----- invites -----------------------------------------------------------------------

    @staticmethod
    def insert_invite(conn: Connection, pid: int, reference: str,
                      appointment: datetime, client_lang: str, benefit: str,
                      now: datetime) -> str:
        """Store a new invite inside the caller's transaction (with the update that asked for
        it, so a redelivered /invite cannot make a second one); returns the one-time code,
        of which only the hash is kept."""
        code = new_code()
        invites.insert_invite(conn, pid, code_hash(code), reference, appointment, client_lang,
                              benefit, now, appointment + INVITE_GRACE)
        return code

    def invite(self, invite_id: int) -> Invite | None:
        return invites.invite_by_id(self.store.db, invite_id)

    async def open_invite(self, code: str, chat_id: int, now: datetime) -> tuple[str, Invite |
                                                                                    None]:
        """Link a client to an invite: 'ok', 'unknown', 'used' or 'expired'. Single use: the
        same client opening it again is fine, anyone else is refused."""
        digest = code_hash(code)
        status, iid = await self.store.transact(
            lambda conn: invites.claim_invite(conn, digest, chat_id, now))
        return status, self.invite(iid) if iid else None

    def invite_for_client(self, chat_id: int) -> Invite | None:
        return invites.invite_for_client(self.store.db, chat_id)

    def invites_of(self, pid: int) -> list[Invite]:
        return invites.invites_of(self.store.db, pid)
