"""The outbox sender: delivers what waits in the outbox (bot/professionals/outbox.py) to
Telegram, part by part, with retries until the appointment, and the "sent again" marker on a
part whose earlier send may have arrived. See the outbox module for the guarantees."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.chat.faults import never_arrived
from bot.professionals.outbox import Part, Renderer, Row
from bot.storage import Connection, Store
from bot.storage import outbox_queue as queue
from bot.storage.outbox_queue import enqueue_in

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
# Kinds tied to an appointment: retried until it, reported shortly before it when late.
FOR_APPOINTMENT = ("summary",)


@dataclass
class Sender:
    bot: Bot
    store: Store
    renderers: dict[str, Renderer]
    clock: Callable[[], datetime]
    on_blocked: Callable[[Row], Awaitable[None]] | None = None
    on_sent: Callable[[Row, bool], Awaitable[None]] | None = None
    poll_seconds: float = 1.0
    late_notice: timedelta = timedelta(hours=2)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def due(self, limit: int = 20) -> list[Row]:
        return [Row(*r) for r in queue.due_rows(self.store.db, self.clock().isoformat(), limit)]

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                await self.note_late()
                await self.deliver_due()
            except Exception as exc:  # e.g. the database briefly busy: try again at the next poll
                log.error("outbox delivery round failed: %s", type(exc).__name__)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    async def deliver_due(self) -> int:
        delivered = 0
        for row in self.due():
            if self._stop.is_set():
                break
            delivered += await self.deliver(row)
        return delivered

    async def deliver(self, row: Row) -> bool:
        """Send what is left of one row; True when it is completely delivered."""
        render = self.renderers.get(row.kind)
        if render is None:
            await self._finish(row, "failed", "unknown kind")
            return False
        done = int(row.payload.get("_parts_sent", 0))
        if row.sending_part is not None and row.sending_part >= done:
            # A send was started and never recorded (killed, or its answer lost): it may
            # have arrived, so the part goes out again with the marker.
            row.uncertain += 1
            row.payload["_uncertain_part"] = done
        if self._past_appointment(row):
            await self._finish(row, "failed", "appointment passed")
            return False
        try:
            parts = await render(row, row.payload.get("_uncertain_part") == done)
        except Exception as exc:
            log.error("outbox %s (%s) could not be rendered: %s", row.id, row.kind,
                      type(exc).__name__)
            await self._finish(row, "failed", type(exc).__name__)
            return False
        for index in range(done, len(parts)):
            await self._sending(row, index)
            try:
                await self._send(row.chat_id, parts[index])
            except RetryAfter as exc:
                await self._retry(row, _seconds(exc.retry_after), "RetryAfter")
                return False
            except Forbidden:
                await self._finish(row, "blocked", "Forbidden")
                if self.on_blocked:
                    await self.on_blocked(row)
                return False
            except BadRequest as exc:
                await self._finish(row, "failed", f"BadRequest: {exc.message}")
                return False
            except (TimedOut, NetworkError) as exc:  # includes 5xx answers
                if not never_arrived(exc):
                    row.uncertain += 1
                    row.payload["_uncertain_part"] = index
                await self._retry(row, _backoff(row.attempts), type(exc).__name__)
                return False
            except Exception as exc:  # anything else (Conflict, a bad token…): keep the row
                log.error("outbox %s (%s) failed unexpectedly: %s", row.id, row.kind,
                          type(exc).__name__)
                await self._retry(row, _backoff(row.attempts), type(exc).__name__)
                return False
            row.payload["_parts_sent"] = index + 1
            await self._progress(row, index + 1)
        await self._finish(row, "sent", "")
        if self.on_sent:
            await self.on_sent(row, row.uncertain > 0)
        return True

    def _past_appointment(self, row: Row) -> bool:
        appointment = row.payload.get("appointment") if row.kind in FOR_APPOINTMENT else None
        if not appointment:
            return False
        return datetime.fromisoformat(appointment) <= self.clock()

    async def note_late(self) -> int:
        """Summaries still not fully delivered shortly before the appointment: tell the
        professional and the client once, and note it on the row (the outbox shows it)."""
        now = self.clock()
        horizon = (now + self.late_notice).isoformat()

        def note(conn: Connection) -> int:
            rows = queue.late_summaries(conn, horizon)
            for oid, pro_chat, invite_id, reference, appointment, lang, client, c_lang in rows:
                enqueue_in(conn, "late_note", pro_chat,
                           {"reference": reference, "appointment": appointment, "lang": lang},
                           now, invite_id)
                if client is not None:
                    enqueue_in(conn, "notice", client,
                               {"lang": c_lang or lang, "key": "delivery.late"}, now)
                queue.mark_late_noted(conn, oid, now.isoformat())
            return len(rows)

        noted = await self.store.transact(note)
        if noted:
            log.warning("%d summaries not delivered in time; professionals notified", noted)
        return noted

    async def _send(self, chat_id: int, part: Part) -> None:
        if part.kind == "text":
            params = {"chat_id": chat_id, "text": part.text}
            if part.keyboard:
                params["reply_markup"] = part.keyboard
            if part.parse_mode:
                params["parse_mode"] = part.parse_mode
            await self.bot.do_api_request("sendMessage", api_kwargs=params)
        elif part.kind == "document":
            await self.bot.send_document(chat_id, part.data, filename=part.filename,
                                         caption=part.text or None)
        elif part.kind == "voice":
            await self.bot.send_voice(chat_id, part.file_id, caption=part.text or None)

    async def _sending(self, row: Row, index: int) -> None:
        """Committed before a part goes out: if nothing is recorded after it, its outcome is
        unknown and the next try marks the part as sent again."""
        part = row.payload.get("_uncertain_part")
        await self.store.transact(
            lambda conn: queue.mark_sending(conn, row.id, index, row.uncertain, part))

    async def _progress(self, row: Row, sent: int) -> None:
        await self.store.transact(lambda conn: queue.mark_progress(conn, row.id, sent))

    async def _retry(self, row: Row, seconds: float, error: str) -> None:
        when = (self.clock() + timedelta(seconds=seconds)).isoformat()
        part = row.payload.get("_uncertain_part")
        await self.store.transact(lambda conn: queue.schedule_retry(
            conn, row.id, when, error, row.uncertain, part))
        log.info("outbox %s (%s) will retry in %.0f s after %s", row.id, row.kind, seconds,
                 error)

    async def _finish(self, row: Row, status: str, error: str) -> None:
        now = self.clock().isoformat()
        await self.store.transact(lambda conn: queue.close_row(
            conn, row.id, row.kind, row.invite_id, status, error, now, row.uncertain))


def _seconds(value: object) -> float:
    return float(value.total_seconds() if isinstance(value, timedelta) else value)


def _backoff(attempts: int) -> float:
    return min(2.0 ** attempts, MAX_BACKOFF.total_seconds())
