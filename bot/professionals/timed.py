"""The timed work, every 30 seconds (bot/chat/app.py): reminders for clients still preparing,
the status note a day before the meeting, the questions after it, and the sweep for a summary
a crash left unqueued (looking only at conversations changed since the sweep before). What
is due is read through waiting-only indexes (bot/storage/timed.py); what to queue is decided
here, in the same transaction as the mark that it was done, so each goes out once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.professionals.reminders import next_daytime
from bot.storage import Connection, Store
from bot.storage import timed as due
from bot.storage.invites import shared_without_summary
from bot.storage.outbox_queue import enqueue_in

STATUS_NOTE_BEFORE = timedelta(hours=24)
AFTER_MEETING = timedelta(hours=1)
# How far before the previous sweep a change is looked at again (clocks that differ a little).
SWEEP_OVERLAP = timedelta(minutes=5)


@dataclass
class TimedWork:
    store: Store
    clock: Callable[[], datetime]
    # Queues a client's summary (Desk.on_shared); True when it was queued.
    on_shared: Callable[[int], Awaitable[bool]]
    # When the last complete sweep began: later sweeps look only at what changed since. Kept
    # in the database too (written with the next pass), so after a restart the first sweep
    # does the same; only a database that never had a sweep gets a whole one.
    swept_at: datetime | None = field(default=None, init=False)
    _mark_read: bool = field(default=False, init=False)

    async def tick(self) -> int:
        """Queue what has come due; returns how many messages were queued."""
        now = self.clock()
        last = self.swept_at
        if last is None and not self._mark_read:
            last = due.sweep_mark(self.store.db)
            self._mark_read = True

        def queue(conn: Connection) -> int:
            if self.swept_at is not None:
                due.set_sweep_mark(conn, self.swept_at)  # the pass before finished
            return self.queue_due(conn, now)

        queued = await self.store.transact(queue)
        since = last - SWEEP_OVERLAP if last is not None else None
        for chat_id in self.shared_without_summary(now, since):
            queued += await self.on_shared(chat_id)
        self.swept_at = now
        return queued

    def shared_without_summary(self, now: datetime,
                               since: datetime | None = None) -> list[int]:
        """Clients who said yes to sharing but whose summary was never queued: the handler
        queues it before replying, so only a crash or a failure at that moment leaves one
        behind. With `since`, only conversations changed since then are looked at; without
        (a database that never had a sweep), every linked invite with a coming appointment."""
        return [chat_id for chat_id in shared_without_summary(self.store.db, now, since)
                if (conv := self.store.load(chat_id)) is not None and conv.shared]

    def queue_due(self, conn: Connection, now: datetime) -> int:
        return (self.reminders(conn, now) + self.status_notes(conn, now)
                + self.after_meeting(conn, now))

    @staticmethod
    def reminders(conn: Connection, now: datetime) -> int:
        """A reminder goes to a client still preparing, before the meeting; the others are
        closed as cancelled."""
        queued = 0
        stamp = now.isoformat()
        morning = next_daytime(now)
        if morning != now:
            # Reminders wait for daytime, also those that came due while the bot was down.
            due.hold_reminders(conn, morning.isoformat(), stamp)
        for rid, invite_id, chat_id in due.due_reminders(conn, stamp):
            client = due.client_state(conn, chat_id)
            appointment = due.appointment_of(conn, invite_id)
            preparing = (client is not None and client.step not in ("done", "declined")
                         and not client.reminders_off)
            if preparing and appointment and datetime.fromisoformat(appointment) > now:
                enqueue_in(conn, "reminder", chat_id, {"appointment": appointment,
                                                       "lang": client.lang}, now, invite_id)
                queued += 1
            due.close_reminder(conn, rid, stamp, cancelled=not preparing)
        return queued

    @staticmethod
    def status_notes(conn: Connection, now: datetime) -> int:
        """A day before the meeting the professional hears how far a client who has not
        finished is (what was answered only when the client allowed it)."""
        queued = 0
        stamp = now.isoformat()
        for invite in due.status_notes_due(conn, stamp, (now + STATUS_NOTE_BEFORE).isoformat()):
            client = due.client_state(conn, invite.client_chat_id)
            if not (client and client.step == "done"):
                enqueue_in(conn, "status_note", invite.pro_chat_id,
                           {"invite_id": invite.invite_id, "client": invite.client_chat_id,
                            "reference": invite.reference, "appointment": invite.appointment,
                            "lang": invite.pro_lang,
                            "partial": bool(client and client.partial_ok)}, now,
                           invite.invite_id)
                queued += 1
            due.mark_status_noted(conn, invite.invite_id, stamp)
        return queued

    @staticmethod
    def after_meeting(conn: Connection, now: datetime) -> int:
        """After the meeting: the reflection card to the professional, and two questions to a
        client who finished."""
        queued = 0
        for invite in due.meetings_over(conn, (now - AFTER_MEETING).isoformat()):
            enqueue_in(conn, "reflection", invite.pro_chat_id,
                       {"invite_id": invite.invite_id, "reference": invite.reference,
                        "appointment": invite.appointment, "lang": invite.pro_lang}, now,
                       invite.invite_id)
            queued += 1
            client = due.client_state(conn, invite.client_chat_id)
            if client is not None and client.step == "done":
                enqueue_in(conn, "evaluation", invite.client_chat_id,
                           {"invite_id": invite.invite_id, "lang": client.lang}, now,
                           invite.invite_id)
                queued += 1
            due.mark_after_sent(conn, invite.invite_id, now.isoformat())
        return queued
