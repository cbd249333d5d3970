"""Apply one client event end to end: load, run the flow, commit — then the caller replies.

This is the seam both the Telegram layer and the terminal preview use, so they behave the same.
Events of one chat are applied one at a time (a lock per chat, which exists only while
someone holds or waits for it, so memory does not grow with every client ever seen);
different chats run concurrently and share the store's group commits.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.flows.conversation import Conversation, Flow
from bot.flows.events import Event
from bot.flows.screens import Outcome
from bot.i18n import Catalogs, Translator
from bot.storage import Change, Store


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Applied:
    conversation: Conversation
    outcome: Outcome
    duplicate: bool = False
    # For a duplicate: whether the first delivery's reply was already sent.
    replied: bool = False


class ChatLocks:
    """One asyncio.Lock per chat while in use; released (forgotten) when nobody needs it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}

    def __len__(self) -> int:
        return len(self._locks)

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        entry = self._locks.get(chat_id)
        if entry is None:
            entry = self._locks[chat_id] = (asyncio.Lock(), [0])
        lock, users = entry
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if users[0] == 0 and self._locks.get(chat_id) is entry:
                del self._locks[chat_id]


class Preparation:
    def __init__(self, flow: Flow, store: Store, catalogs: Catalogs,
                 clock: Callable[[], str] = utc_now):
        self.flow = flow
        self.store = store
        self.catalogs = catalogs
        self.clock = clock
        self._locks = ChatLocks()

    def conversation(self, chat_id: int, language_code: str | None = None) -> Conversation:
        existing = self.store.load(chat_id)
        if existing is not None:
            return existing
        return Conversation(chat_id, self.catalogs.pick_language(language_code))

    def translator(self, conv: Conversation) -> Translator:
        return self.catalogs.get(conv.lang)

    async def apply(self, chat_id: int, event: Event, *, update_id: int | None = None,
                    language_code: str | None = None) -> Applied:
        """Run the event and commit its effect durably before returning."""
        async with self._locks.hold(chat_id):
            if update_id is not None:
                applied, replied = self.store.was_applied(update_id)
                if applied:
                    conv = self.conversation(chat_id, language_code)
                    return Applied(conv, Outcome(screens=self.flow.screens_for(conv),
                                                 changed=False), duplicate=True, replied=replied)
            before = self.conversation(chat_id, language_code)
            conv, outcome = self.flow.handle(before, event, now=self.clock())
            if outcome.changed or update_id is not None or outcome.delete_all:
                await self.store.commit(Change(
                    chat_id=chat_id,
                    conversation=None if outcome.delete_all or not outcome.changed else conv,
                    answers=outcome.answers,
                    update_id=update_id,
                    now=self.clock(),
                    erase_answers=outcome.erase_answers,
                    delete_client=outcome.delete_all,
                ))
            return Applied(conv, outcome)
