"""Everything that goes out on its own — summaries, status notes, reminders, after-meeting
questions — passes through the outbox table, so nothing is lost on the way.

A row is committed before anyone is told it will be sent. The sender delivers due rows in
order, part by part (a summary is messages, a PDF and voice notes), remembering which parts
went out, and retries with growing backoff on network errors, on 429 (honouring retry_after)
and on 5xx — until the appointment, never giving up on a transient error. Telegram has no
idempotency key: before each part the sender records that it is sending it, so a part whose
outcome is unknown (a timeout, a connection dropped after the request, a kill in between) is
recognised and sent again with the "sent again — an earlier copy may have arrived" marker.
A summary still not fully delivered shortly before the appointment (LATE_NOTICE_HOURS) is
reported: a short note to the professional and an honest word to the client, and the outbox
shows when. A recipient who blocked the bot (Forbidden) is marked and never retried.

Queuing is storage's (`enqueue`, `enqueue_in` in bot/storage/outbox_queue.py, named here too
for the callers that queue), the sending the chat floor's (bot/chat/sender.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.storage.outbox_queue import enqueue, enqueue_in

__all__ = ["Part", "Renderer", "Row", "enqueue", "enqueue_in"]


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
    sending_part: int | None = None


# kind → async function building the parts of a row (with the "sent again" marker or not).
Renderer = Callable[[Row, bool], Awaitable[list[Part]]]
