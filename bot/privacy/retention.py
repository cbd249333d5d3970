"""Kept no longer than needed: answers, the outbox's copies of them and voice file ids are
purged RETENTION_DAYS after the client's appointment (RETENTION_DAYS_NO_APPOINTMENT after the
last message when there is none). A few days before, within daytime hours, the client gets
one notice so they can fetch a copy with /mydata first.

Runs with the timed work (bot/chat/app.py). Restart-safe: each client's purge is one
transaction, followed by a WAL checkpoint; the notice is queued together with the mark that it
was queued, so it goes out once. Only the anonymous statistics facts stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.professionals.reminders import next_daytime
from bot.storage import Connection, Store
from bot.storage.outbox_queue import enqueue_in
from bot.storage.privacy import (
    Due,
    mark_noticed,
    purge_client,
    purge_counts,
    retention_due,
    retention_due_by,
)

NOTICE_BEFORE = timedelta(days=3)
NOTICE_KIND = "retention_notice"


@dataclass
class Retention:
    store: Store
    clock: Callable[[], datetime]
    after_appointment: timedelta = timedelta(days=30)
    without_appointment: timedelta = timedelta(days=90)
    notice_before: timedelta = NOTICE_BEFORE

    @classmethod
    def from_days(cls, store: Store, clock: Callable[[], datetime], days: int,
                  idle_days: int) -> Retention:
        return cls(store, clock, timedelta(days=days), timedelta(days=idle_days))

    def due(self) -> list[Due]:
        return retention_due(self.store.db.conn, self.after_appointment,
                             self.without_appointment)

    def due_by(self, horizon: datetime) -> list[Due]:
        """The clients whose purge date may come by `horizon`, through indexes."""
        return retention_due_by(self.store.db.conn, self.after_appointment,
                                self.without_appointment, horizon)

    def purgeable(self) -> list[int]:
        now = self.clock()
        return [d.chat_id for d in self.due() if d.purge_at <= now]

    def dry_run(self) -> dict[str, int]:
        return purge_counts(self.store.db.conn, self.purgeable())

    async def tick(self) -> tuple[int, int]:
        """Queue the notices that came due and purge who is past their date; returns
        (notices queued, clients purged)."""
        now = self.clock()
        daytime = next_daytime(now) == now  # notices only within the reminder hours
        notices = purged = 0
        # Only a client whose purge date comes within the notice period can be acted on.
        for due in self.due_by(now + self.notice_before):
            if due.purge_at <= now:
                await self.store.transact(_purge(due.chat_id), wipe=True)
                self.store.forget(due.chat_id)
                purged += 1
            elif (not due.noticed and due.active and daytime
                  and now >= due.purge_at - self.notice_before):
                await self.store.transact(_notice(due, now))
                notices += 1
        return notices, purged

    def purge_now_sync(self) -> int:
        """`python -m bot purge`: the same purge, from the command line."""
        chats = self.purgeable()
        for chat_id in chats:
            self.store.transact_sync(_purge(chat_id), wipe=True)
        return len(chats)


def _purge(chat_id: int) -> Callable[[Connection], dict[str, int]]:
    return lambda conn: purge_client(conn, chat_id)


def _notice(due: Due, now: datetime) -> Callable[[Connection], None]:
    def queue(conn: Connection) -> None:
        enqueue_in(conn, NOTICE_KIND, due.chat_id, {"lang": due.lang,
                                                     "purge_at": due.purge_at.isoformat()}, now)
        mark_noticed(conn, due.chat_id, now.isoformat())

    return queue
