"""Long polling that confirms an update to Telegram only after its effect is committed.

python-telegram-bot's own updater confirms an update (the getUpdates offset) on its next poll,
before the handler has run; a kill -9 then loses what was in flight. Here the offset only moves
past updates whose handling has finished (their answer committed and the update id stored in
the same transaction), so after any crash Telegram redelivers the rest and the store recognises
the ones already applied. Updates of one chat are handled in order; chats run concurrently.

The batch is fetched as plain JSON and each update is read on its own: one update that
python-telegram-bot cannot parse (a new or malformed kind) is recorded as skipped — its id and
kind only, never its content — and the offset moves past it; the others are served. Nothing
here logs what an update contains.

A chat that floods (more than `flood_limit` updates in `flood_window` seconds, or more than
`backlog` waiting behind each other) is throttled on its own: its excess updates are written
to the database (`Deferral`) and confirmed, so Telegram's window of 100 unconfirmed updates
never fills with one chat and other chats' updates keep coming; the excess is then handled
in turn, in order, and the chat hears once that it should wait a moment.

An update whose handler could not store its effect (database locked, disk full) is *held*:
not confirmed, so Telegram keeps it, and tried again after a growing pause. On stop, the
running long poll is abandoned at once and handlers get a short grace period; whatever has not
finished by then is not confirmed and comes back after the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.chat import confirm
from bot.chat.faults import seconds

log = logging.getLogger(__name__)

IDLE_WAIT = 0.2
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "channel_post"]
MAX_BACKOFF = 30.0

# Called for an update that cannot be read: (update_id, kind); must commit before returning.
OnSkipped = Callable[[int, str], Awaitable[None]]


def chat_key(update: Update) -> int:
    chat = update.effective_chat
    return chat.id if chat is not None else 0


def kind_of(raw: dict) -> str:
    """The update's kind (its one field besides update_id), safe to log and store."""
    kinds = [key for key in raw if key != "update_id"]
    kind = kinds[0] if kinds else "empty"
    return kind if kind.isidentifier() and len(kind) <= 40 else "unknown"


@dataclass
class Deferral:
    """Where a flooding chat's excess waits (committed before it is confirmed)."""

    store: Callable[[list[tuple[int, int, dict]]], Awaitable[None]]
    forget: Callable[[int], Awaitable[None]]
    load: Callable[[], list[dict]]
    # Told once per flood: the chat's id (e.g. to queue "one moment").
    on_flood: Callable[[int], Awaitable[None]] | None = None


@dataclass
class _Held:
    retry_at: float
    pause: float


class SafePoller:
    def __init__(self, app: Application, poll_timeout: int = 25, limit: int = 100, *,
                 on_skipped: OnSkipped | None = None, stop_grace: float = 1.5,
                 hold_pause: float = 5.0, read_margin: float = 10.0,
                 deferral: Deferral | None = None, flood_limit: int = 20,
                 flood_window: float = 10.0, backlog: int = 5):
        self.app = app
        self.poll_timeout = poll_timeout
        self.limit = limit
        self.on_skipped = on_skipped
        self.stop_grace = stop_grace
        self.hold_pause = hold_pause
        self.read_margin = read_margin
        self.in_flight: dict[int, asyncio.Task] = {}
        # Finished but perhaps not yet confirmed: a poll that started before they finished
        # returns them again, and they must not run twice.
        self._finished: set[int] = set()
        self._held: dict[int, _Held] = {}
        # Cancelled at stop before they finished: never confirmed by this process.
        self._abandoned: set[int] = set()
        self._chat_tail: dict[int, asyncio.Task] = {}
        self._max_seen = -1
        self._stop = asyncio.Event()
        self.skipped = 0
        self.deferral = deferral
        self.flood_limit, self.flood_window, self.backlog = flood_limit, flood_window, backlog
        self._arrivals: dict[int, deque[float]] = {}
        self._waiting: dict[int, int] = {}  # chat → updates started and not finished
        self._deferred: set[int] = set()  # stored in the database, handled in turn
        self._flood_told: dict[int, float] = {}
        self.deferred_count = 0

    def stop(self) -> None:
        self._stop.set()

    def offset(self) -> int | None:
        """The id Telegram may forget everything below: nothing before it is still running
        or waiting to be stored."""
        waiting = list(self.in_flight) + list(self._held) + list(self._abandoned)
        if waiting:
            return min(waiting)
        return self._max_seen + 1 if self._max_seen >= 0 else None

    # ----- handling ------------------------------------------------------------------------

    async def _handle(self, update: Update, previous: asyncio.Task | None, retry: bool) -> bool:
        """Handle one update after the chat's previous one; True when it must be held."""
        if previous is not None:
            with contextlib.suppress(BaseException):
                await previous
        state = confirm.Handling(update.update_id, retry=retry)
        confirm.handling.set(state)
        await self.app.process_update(update)
        return state.held

    async def _skip(self, update_id: int, kind: str, previous: asyncio.Task | None) -> bool:
        if previous is not None:
            with contextlib.suppress(BaseException):
                await previous
        log.warning("update %s (%s) could not be read; skipped", update_id, kind)
        self.skipped += 1
        if self.on_skipped is not None:
            await self.on_skipped(update_id, kind)
        return False

    def _start(self, update_id: int, key: int, work: Callable[[asyncio.Task | None],
                                                                Awaitable[bool]]) -> None:
        task = asyncio.create_task(work(self._chat_tail.get(key)))
        self.in_flight[update_id] = task
        self._chat_tail[key] = task
        self._max_seen = max(self._max_seen, update_id)
        self._waiting[key] = self._waiting.get(key, 0) + 1

        def finished(t: asyncio.Task, uid: int = update_id, k: int = key) -> None:
            self.in_flight.pop(uid, None)
            self._chat_done(k, t)
            if t.cancelled():
                self._abandoned.add(uid)  # not confirmed: Telegram delivers it again
                return
            if t.exception() is not None:
                log.error("update %s failed: %s", uid, type(t.exception()).__name__)
                held = uid not in self._held  # e.g. the skip record could not be stored
            else:
                held = t.result()
            if held:
                previous = self._held.get(uid)
                pause = min(previous.pause * 2, MAX_BACKOFF) if previous else self.hold_pause
                self._held[uid] = _Held(time.monotonic() + pause, pause)
            else:
                self._held.pop(uid, None)
                self._finished.add(uid)

        task.add_done_callback(finished)

    def _chat_done(self, key: int, task: asyncio.Task) -> None:
        if self._chat_tail.get(key) is task:
            del self._chat_tail[key]
        left = self._waiting.get(key, 1) - 1
        if left > 0:
            self._waiting[key] = left
        else:
            self._waiting.pop(key, None)

    # ----- a flooding chat -------------------------------------------------------------------

    def _flooding(self, key: int) -> tuple[bool, bool]:
        """(defer this update, and tell the chat to wait a moment) for one more update."""
        if self.deferral is None or key == 0:
            return False, False
        now = time.monotonic()
        arrivals = self._arrivals.setdefault(key, deque())
        arrivals.append(now)
        while arrivals and arrivals[0] < now - self.flood_window:
            arrivals.popleft()
        if len(self._arrivals) > 10_000:  # forget quiet chats (bounded memory)
            for chat in [c for c, a in self._arrivals.items() if not a or a[-1] < now - 60]:
                del self._arrivals[chat]
                self._flood_told.pop(chat, None)
        flood = len(arrivals) > self.flood_limit
        defer = flood or self._waiting.get(key, 0) >= self.backlog
        tell = flood and now - self._flood_told.get(key, -1e9) > self.flood_window
        if tell:
            self._flood_told[key] = now
        return defer, tell

    async def _defer(self, batch: list[tuple[dict, Update]], told: list[int]) -> None:
        """Store a batch of excess updates, then mark them confirmable and queue their
        handling in each chat's order. If storing fails they stay unconfirmed (redelivered)."""
        try:
            await self.deferral.store([(u.update_id, chat_key(u), raw) for raw, u in batch])
        except Exception as exc:
            log.error("could not keep %d flooding updates: %s", len(batch), type(exc).__name__)
            retry_at = time.monotonic() + self.hold_pause
            for _, update in batch:  # not confirmed: Telegram keeps them, we try again
                self._deferred.discard(update.update_id)
                self._held[update.update_id] = _Held(retry_at, self.hold_pause)
            return
        for _raw, update in batch:
            self._queue_deferred(update)
        for chat in told:
            if self.deferral.on_flood is not None:
                with contextlib.suppress(Exception):
                    await self.deferral.on_flood(chat)

    def _queue_deferred(self, update: Update) -> None:
        uid, key = update.update_id, chat_key(update)
        self._finished.add(uid)  # stored: Telegram may forget it
        self.deferred_count += 1
        previous = self._chat_tail.get(key)

        async def later() -> None:
            if previous is not None:
                with contextlib.suppress(BaseException):
                    await previous
            pause = self.hold_pause
            while await self._handle(update, None, False):
                await asyncio.sleep(pause)  # storage failing: try again, in order
                pause = min(pause * 2, MAX_BACKOFF)
            await self.deferral.forget(uid)
            self._deferred.discard(uid)

        task = asyncio.create_task(later())
        self._chat_tail[key] = task
        self._waiting[key] = self._waiting.get(key, 0) + 1
        task.add_done_callback(lambda t, k=key: self._chat_done(k, t))

    def _load_deferred(self) -> None:
        """After a restart: what a flooding chat left waiting is handled first, in order."""
        if self.deferral is None:
            return
        for raw in self.deferral.load():
            with contextlib.suppress(Exception):
                update = Update.de_json(raw, self.app.bot)
                self._deferred.add(update.update_id)
                self._max_seen = max(self._max_seen, update.update_id)
                self._queue_deferred(update)

    def _dispatch(self, raw: dict, excess: list | None = None) -> bool:
        """Start handling one raw update; False when it is one we already have (or one held
        whose next try is not due yet)."""
        update_id = raw.get("update_id")
        if not isinstance(update_id, int):
            return False
        if (update_id in self.in_flight or update_id in self._finished
                or update_id in self._deferred):
            return False  # redelivered while being handled, or before its confirmation
        held = self._held.get(update_id)
        if held is not None and time.monotonic() < held.retry_at:
            return False
        try:
            update = Update.de_json(raw, self.app.bot)
        except Exception:
            kind = kind_of(raw)
            self._start(update_id, 0, lambda previous: self._skip(update_id, kind, previous))
            return True
        retry = held is not None
        key = chat_key(update)
        if excess is not None and held is None:
            defer, tell = self._flooding(key)
            if defer:
                self._deferred.add(update_id)
                self._max_seen = max(self._max_seen, update_id)
                excess.append((raw, update, key if tell else None))
                return True
        self._start(update_id, key, lambda previous: self._handle(update, previous, retry))
        return True

    # ----- polling -------------------------------------------------------------------------

    async def _fetch(self, offset: int | None) -> list[dict]:
        params: dict = {"limit": self.limit, "timeout": self.poll_timeout,
                        "allowed_updates": ALLOWED_UPDATES}
        if offset is not None:
            params["offset"] = offset
        result = await self.app.bot.do_api_request(
            "getUpdates", api_kwargs=params, read_timeout=self.poll_timeout + self.read_margin)
        if not isinstance(result, list):
            raise TypeError("getUpdates did not return a list")
        return [u for u in result if isinstance(u, dict)]

    async def _until_stopped(self, awaitable: Awaitable) -> tuple[bool, object]:
        """(True, result) or (False, None) when stop() came first (the work is cancelled)."""
        work = asyncio.ensure_future(awaitable)
        stopper = asyncio.ensure_future(self._stop.wait())
        done, _ = await asyncio.wait({work, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if work in done:
            stopper.cancel()
            return True, work.result()
        work.cancel()
        with contextlib.suppress(BaseException):
            await work
        return False, None

    async def _pause(self, seconds_: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds_)

    async def run(self) -> None:
        self._load_deferred()
        backoff = 1.0
        while not self._stop.is_set():
            # Telegram forgets only what lies below the offset this poll sends; an update that
            # finishes while the poll waits comes back in its answer and must still be known.
            requested = self.offset()
            try:
                fetched, batch = await self._until_stopped(self._fetch(requested))
                if not fetched:
                    break
                backoff = 1.0
            except RetryAfter as exc:
                await self._pause(seconds(exc.retry_after))
                continue
            except Exception as exc:  # network, Conflict, an unreadable answer: never exit
                level = logging.WARNING if isinstance(
                    exc, TimedOut | NetworkError | Conflict) else logging.ERROR
                log.log(level, "polling failed (%s); retrying in %.0f s", type(exc).__name__,
                        backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            confirmed = requested or 0
            self._finished = {uid for uid in self._finished if uid >= confirmed}
            excess: list = []
            fresh = [self._dispatch(raw, excess) for raw in batch]
            if excess:
                # Stored before the next poll confirms them (that poll's offset moves past).
                await self._defer([(raw, u) for raw, u, _ in excess],
                                  [k for _, _, k in excess if k is not None])
            if batch and not any(fresh):
                # Telegram returns what we may not confirm yet at once; rather than spin,
                # wait a moment for a handler to finish (new updates wait at most this long).
                if self.in_flight:
                    await asyncio.wait(list(self.in_flight.values()), timeout=IDLE_WAIT,
                                       return_when=asyncio.FIRST_COMPLETED)
                else:
                    await self._pause(IDLE_WAIT)
        await self._finish()

    async def _finish(self) -> None:
        """Give running handlers a short grace period, then confirm only what finished."""
        if self.in_flight:
            _, pending = await asyncio.wait(list(self.in_flight.values()),
                                            timeout=self.stop_grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=0.5)
        offset = self.offset()
        if offset is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.app.bot.do_api_request(
                    "getUpdates", api_kwargs={"offset": offset, "limit": 1, "timeout": 0},
                    read_timeout=1.0), timeout=1.0)
