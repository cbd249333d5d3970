"""Limits on guessing: at most MAX_WRONG_CODES wrong invite or registration codes per chat
per hour; after that the chat gets a calm "try again later" and no code is checked at all.
Only a count per chat and clock hour is stored — never a code that was tried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.storage import Store
from bot.storage.privacy import MAX_WRONG_CODES, count_wrong_code, wrong_codes


@dataclass
class CodeGuard:
    store: Store
    clock: Callable[[], datetime]
    limit: int = MAX_WRONG_CODES

    def locked(self, chat_id: int) -> bool:
        return wrong_codes(self.store.db.conn, chat_id, self.clock()) >= self.limit

    async def wrong(self, chat_id: int) -> None:
        now = self.clock()
        await self.store.transact(lambda conn: count_wrong_code(conn, chat_id, now))
