"""Reading an appointment date and time the way Dutch professionals type it, and showing it.

All times are Europe/Amsterdam. We accept day-month(-year) with -, / or . and an hour with :
or . ("3-12 14:30", "03/12/2026 9.15", "2026-12-03 14:30", "3-12-2026 om 14:30"); a missing
year means the next such date. Babel formats the confirmation in the professional's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?")
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
TIME = re.compile(r"(?<![\d/.-])(\d{1,2})[:.](\d{2})(?![\d/.-])")
MAX_AHEAD = timedelta(days=366)
YEAR_ROLLOVER = timedelta(days=60)


@dataclass(frozen=True)
class Parsed:
    when: datetime | None
    problem: str = ""  # "unreadable" / "past" / "too_far"


def parse_appointment(text: str, now: datetime) -> Parsed:
    """A timezone-aware datetime in Amsterdam time, or why the text cannot be one."""
    text = text.strip().lower()
    time_match = TIME.search(text)
    if not time_match:
        return Parsed(None, "unreadable")
    rest = TIME.sub(" ", text)
    local_now = now.astimezone(AMSTERDAM)
    iso = ISO.search(rest)
    day_first = None if iso else DAY_FIRST.search(rest)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        year_given = True
    elif day_first:
        day, month = int(day_first.group(1)), int(day_first.group(2))
        year_text = day_first.group(3)
        year_given = bool(year_text)
        year = int(year_text) if year_text else local_now.year
        if year_text and len(year_text) == 2:
            year += 2000
    else:
        return Parsed(None, "unreadable")
    try:
        when = datetime(year, month, day, int(time_match.group(1)), int(time_match.group(2)),
                        tzinfo=AMSTERDAM)
    except ValueError:
        return Parsed(None, "unreadable")
    if not year_given and local_now - when > YEAR_ROLLOVER:
        # "3-1" typed in December means next January.
        when = when.replace(year=when.year + 1)
    if when <= local_now:
        return Parsed(None, "past")
    if when - local_now > MAX_AHEAD:
        return Parsed(None, "too_far")
    return Parsed(when)


def show(when: datetime, lang: str) -> str:
    """'donderdag 3 december 2026, 14:30' / 'Thursday 3 December 2026, 14:30'."""
    return format_datetime(when.astimezone(AMSTERDAM), "EEEE d MMMM y, HH:mm", locale=lang,
                           tzinfo=AMSTERDAM)


def show_short(when: datetime, lang: str) -> str:
    """'3 dec, 14:30' for lists."""
    return format_datetime(when.astimezone(AMSTERDAM), "d MMM, HH:mm", locale=lang,
                           tzinfo=AMSTERDAM)
