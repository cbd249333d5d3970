"""Everything that goes out on its own — summaries, status notes, reminders, after-meeting
questions — passes through the outbox table, so nothing is lost on the way.

A row is committed before anyone is told it will be sent. The sender delivers due rows in
order, part by part (a summary is messages, a PDF and voice notes), remembering which parts
went out, and retries with backoff on network errors, on 429 (honouring retry_after) and on
5xx. Telegram has no idempotency key and a send that timed out may have arrived, so such a
part is sent again once, marked "sent again — an earlier copy may have arrived"; a second
uncertain timeout stops the row as failed for a person to look at rather than risk more
copies. A recipient who blocked the bot (Forbidden) is marked and never retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.storage import Store

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
MAX_UNCERTAIN = 1  # at most one possible duplicate per part


@dataclass
class Part:
    """One thing to send: a text (with optional keyboard), a document or a voice note."""

    kind: str  # text / document / voice
    text: str = ""
    keyboard: dict | None = None
    data: bytes = b""
    filename: str = ""
    file_id: str = ""
    parse_mode: str | None = None


@dataclass
class Row:
    id: int
    kind: str
    chat_id: int
    invite_id: int | None
    payload: dict
    attempts: int
    uncertain: int


# kind → async function building the parts of a row (with the "sent again" marker or not).
Renderer = Callable[[Row, bool], Awaitable[list[Part]]]


async def enqueue(store: Store, kind: str, chat_id: int, payload: dict, now: datetime,
                  invite_id: int | None = None) -> int:
    data = json.dumps(payload, ensure_ascii=False)
    return await store.transact(lambda conn: conn.execute(
        "INSERT INTO outbox (kind, chat_id, invite_id, payload, status, next_attempt_at,"
        " created_at) VALUES (?, ?, ?, seal(?), 'pending', ?, ?)",
        [kind, chat_id, invite_id, data, now.isoformat(), now.isoformat()]).lastrowid)


def enqueue_in(conn: sqlite3.Connection, kind: str, chat_id: int, payload: dict, now: datetime,
               invite_id: int | None = None) -> int:
    """The same, inside a transaction the caller already runs (commit together)."""
    return conn.execute(
        "INSERT INTO outbox (kind, chat_id, invite_id, payload, status, next_attempt_at,"
        " created_at) VALUES (?, ?, ?, seal(?), 'pending', ?, ?)",
        [kind, chat_id, invite_id, json.dumps(payload, ensure_ascii=False), now.isoformat(),
         now.isoformat()]).lastrowid


@dataclass
class Sender:
    bot: Bot
    store: Store
    renderers: dict[str, Renderer]
    clock: Callable[[], datetime]
    on_blocked: Callable[[Row], Awaitable[None]] | None = None
    on_sent: Callable[[Row, bool], Awaitable[None]] | None = None
    poll_seconds: float = 1.0
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def due(self, limit: int = 20) -> list[Row]:
        rows = self.store.db.execute(
            "SELECT id, kind, chat_id, invite_id, unseal(payload), attempts, uncertain, parts_sent"
            " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            [self.clock().isoformat(), limit]).fetchall()
        return [Row(r[0], r[1], r[2], r[3], _payload(r[4], r[7]), r[5], r[6]) for r in rows]

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
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
        try:
            parts = await render(row, row.uncertain > 0)
        except Exception as exc:
            log.error("outbox %s (%s) could not be rendered: %s", row.id, row.kind,
                      type(exc).__name__)
            await self._finish(row, "failed", type(exc).__name__)
            return False
        done = int(row.payload.get("_parts_sent", 0))
        for index in range(done, len(parts)):
            try:
                await self._send(row.chat_id, parts[index])
            except RetryAfter as exc:
                await self._retry(row, _seconds(exc.retry_after), "RetryAfter")
                return False
            except TimedOut:
                row.uncertain += 1
                if row.uncertain > MAX_UNCERTAIN:
                    await self._finish(row, "failed", "TimedOut twice")
                    return False
                await self._retry(row, 1, "TimedOut", uncertain=row.uncertain)
                return False
            except Forbidden:
                await self._finish(row, "blocked", "Forbidden")
                if self.on_blocked:
                    await self.on_blocked(row)
                return False
            except BadRequest as exc:
                await self._finish(row, "failed", f"BadRequest: {exc.message}")
                return False
            except NetworkError as exc:  # includes 5xx answers
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

    async def _progress(self, row: Row, sent: int) -> None:
        await self.store.transact(lambda conn: conn.execute(
            "UPDATE outbox SET parts_sent = ?, attempts = attempts + 1 WHERE id = ?",
            [sent, row.id]))

    async def _retry(self, row: Row, seconds: float, error: str, uncertain: int | None = None
                     ) -> None:
        when = (self.clock() + timedelta(seconds=seconds)).isoformat()
        await self.store.transact(lambda conn: conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
            " uncertain = COALESCE(?, uncertain) WHERE id = ?",
            [when, error, uncertain, row.id]))
        log.info("outbox %s (%s) will retry in %.0f s after %s", row.id, row.kind, seconds,
                 error)

    async def _finish(self, row: Row, status: str, error: str) -> None:
        """Close a row; once delivered, its copy of the client's answers is dropped."""
        now = self.clock().isoformat()

        def close(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE outbox SET status = ?, last_error = ?, sent_at = ?,"
                " payload = CASE WHEN ? = 'sent' THEN '{}' ELSE payload END WHERE id = ?",
                [status, error or None, now if status == "sent" else None, status, row.id])
            if row.kind == "summary" and row.invite_id is not None:
                delivery = {"sent": "sent_again" if row.uncertain else "sent"}.get(status,
                                                                                  status)
                conn.execute("UPDATE invites SET delivery = ? WHERE id = ?",
                             [delivery, row.invite_id])

        await self.store.transact(close)


def _payload(text: str, parts_sent: int) -> dict:
    """The row's payload (unsealed), with how many parts already went out (kept in its own
    column: the payload is sealed at rest)."""
    payload = json.loads(text)
    if parts_sent:
        payload["_parts_sent"] = parts_sent
    return payload


def _seconds(value: object) -> float:
    return float(value.total_seconds() if isinstance(value, timedelta) else value)


def _backoff(attempts: int) -> float:
    return min(2.0 ** attempts, MAX_BACKOFF.total_seconds())
