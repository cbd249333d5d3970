"""When to remind a client who has not finished: gentle, at most twice, in daytime only.

Three days and one day before the meeting, moved into 10:00–18:00 Amsterdam time; a moment
that has passed or would fall after the meeting is dropped.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.flows.appointments import AMSTERDAM

BEFORE = (timedelta(days=3), timedelta(days=1))
QUIET_END = time(10, 0)  # not before 10:00
QUIET_START = time(18, 0)  # not after 18:00


def daytime(moment: datetime) -> datetime:
    """The same moment if it is between 10:00 and 18:00 local time, else the nearest 10:00
    on the same morning (early) or an hour before 18:00 that day (late)."""
    local = moment.astimezone(AMSTERDAM)
    if local.time() < QUIET_END:
        return local.replace(hour=10, minute=0, second=0, microsecond=0)
    if local.time() >= QUIET_START:
        return local.replace(hour=17, minute=0, second=0, microsecond=0)
    return local


def reminder_times(appointment: datetime, now: datetime) -> list[datetime]:
    times = []
    for before in BEFORE:
        due = daytime(appointment - before)
        if now < due < appointment and due not in times:
            times.append(due)
    return times


def next_daytime(now: datetime) -> datetime:
    """`now` when it is between 10:00 and 18:00 local time, else the next 10:00: a reminder
    that came due while the bot was down waits for the morning rather than going out at night."""
    local = now.astimezone(AMSTERDAM)
    if QUIET_END <= local.time() < QUIET_START:
        return local
    morning = local.replace(hour=10, minute=0, second=0, microsecond=0)
    return morning if local.time() < QUIET_END else morning + timedelta(days=1)
