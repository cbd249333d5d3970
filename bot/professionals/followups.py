"""The buttons that follow up on an invite: a client turning reminders off or allowing a
partial status note, the client's two questions after the meeting, and the professional's
reflection card. Each is checked here and committed through storage
(bot/storage/timed.py, bot/storage/followups.py) before anyone is answered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.flows.professional import SEEN
from bot.professionals.registry import Registry
from bot.storage import Connection, Store, followups, timed
from bot.storage.invites import invite_by_id

EVALUATION_QUESTIONS = ("helped", "easy")
EVALUATION_OPTIONS = ("yes", "somewhat", "no")


@dataclass
class FollowUps:
    store: Store
    registry: Registry
    clock: Callable[[], datetime]

    async def set_reminders(self, chat_id: int, on: bool) -> None:
        await self.store.transact(lambda conn: timed.set_reminders_off(conn, chat_id, not on))

    async def allow_partial(self, chat_id: int) -> None:
        await self.store.transact(lambda conn: timed.allow_partial(conn, chat_id))

    async def evaluate(self, chat_id: int, invite_id: int, question: str, answer: str) -> bool:
        """Store one answer to the after-meeting questions; False for a stale or repeated
        tap (a double tap stores one answer)."""
        if question not in EVALUATION_QUESTIONS or answer not in EVALUATION_OPTIONS:
            return False
        now = self.clock().isoformat()
        return await self.store.transact(lambda conn: followups.save_evaluation(
            conn, chat_id, invite_id, question, answer, now))

    async def save_reflection(self, professional_id: int, values: dict) -> bool:
        now = self.clock().isoformat()
        return await self.store.transact(
            lambda conn: reflect(conn, professional_id, values, now))


def reflect(conn: Connection, professional_id: int, values: dict, now: str) -> bool:
    """The reflection card's answers, only on the professional's own invite (in the caller's
    transaction)."""
    try:
        invite = invite_by_id(conn, int(values.get("invite_id", 0)))
    except (TypeError, ValueError):
        return False
    if invite is None or invite.professional_id != professional_id:
        return False
    followups.save_reflection(conn, invite.id, professional_id, values.get("helped"),
                              seen(values.get("seen")), values.get("earlier"),
                              values.get("observations"), now)
    return True


def seen(value: object) -> str | None:
    """The professional's reading (an id from SEEN) or None: never free text."""
    return value if isinstance(value, str) and value in SEEN else None
