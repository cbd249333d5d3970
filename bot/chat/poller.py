"""Long polling that confirms an update to Telegram only after its effect is committed.

python-telegram-bot's own updater confirms an update (the getUpdates offset) on its next poll,
before the handler has run; a kill -9 then loses what was in flight. Here the offset only moves
past updates whose handling has finished (their answer committed and the update id stored in
the same transaction), so after any crash Telegram redelivers the rest and the store recognises
the ones already applied. Updates of one chat are handled in order; chats run concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

log = logging.getLogger(__name__)

IDLE_WAIT = 0.2
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "channel_post"]


def chat_key(update: Update) -> int:
    chat = update.effective_chat
    return chat.id if chat is not None else 0


class SafePoller:
    def __init__(self, app: Application, poll_timeout: int = 25, limit: int = 100):
        self.app = app
        self.poll_timeout = poll_timeout
        self.limit = limit
        self.in_flight: dict[int, asyncio.Task] = {}
        # Finished but perhaps not yet confirmed: a poll that started before they finished
        # returns them again, and they must not run twice.
        self._finished: set[int] = set()
        self._chat_tail: dict[int, asyncio.Task] = {}
        self._max_seen = -1
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    def offset(self) -> int | None:
        """The id Telegram may forget everything below: nothing before it is still running."""
        if self.in_flight:
            return min(self.in_flight)
        return self._max_seen + 1 if self._max_seen >= 0 else None

    async def _handle(self, update: Update, previous: asyncio.Task | None) -> None:
        if previous is not None:
            with contextlib.suppress(BaseException):
                await previous
        await self.app.process_update(update)

    def _dispatch(self, update: Update) -> bool:
        """Start handling an update; False when it is one we already have."""
        if update.update_id in self.in_flight or update.update_id in self._finished:
            return False  # redelivered while being handled, or before its confirmation
        key = chat_key(update)
        task = asyncio.create_task(self._handle(update, self._chat_tail.get(key)))
        self.in_flight[update.update_id] = task
        self._chat_tail[key] = task
        self._max_seen = max(self._max_seen, update.update_id)

        def finished(t: asyncio.Task, uid: int = update.update_id, k: int = key) -> None:
            self.in_flight.pop(uid, None)
            self._finished.add(uid)
            if self._chat_tail.get(k) is t:
                del self._chat_tail[k]

        task.add_done_callback(finished)
        return True

    async def run(self) -> None:
        bot = self.app.bot
        backoff = 1.0
        while not self._stop.is_set():
            # Telegram forgets only what lies below the offset this poll sends; an update that
            # finishes while the poll waits comes back in its answer and must still be known.
            requested = self.offset()
            try:
                updates = await bot.get_updates(
                    offset=requested, limit=self.limit, timeout=self.poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    read_timeout=self.poll_timeout + 10,
                )
                backoff = 1.0
            except RetryAfter as exc:
                await asyncio.sleep(float(exc.retry_after if isinstance(exc.retry_after, int)
                                          else exc.retry_after.total_seconds()))
                continue
            except (TimedOut, NetworkError, Conflict) as exc:
                log.warning("polling failed (%s); retrying in %.0f s", type(exc).__name__,
                            backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            confirmed = requested or 0
            self._finished = {uid for uid in self._finished if uid >= confirmed}
            fresh = [self._dispatch(update) for update in updates]
            if updates and not any(fresh) and self.in_flight:
                # Telegram returns what we may not confirm yet at once; rather than spin,
                # wait a moment for a handler to finish (new updates wait at most this long).
                await asyncio.wait(list(self.in_flight.values()), timeout=IDLE_WAIT,
                                   return_when=asyncio.FIRST_COMPLETED)
        if self.in_flight:
            await asyncio.gather(*self.in_flight.values(), return_exceptions=True)
        # Confirm what finished so a clean restart does not see it again.
        offset = self.offset()
        if offset is not None:
            with contextlib.suppress(Exception):
                await bot.get_updates(offset=offset, limit=1, timeout=0)
