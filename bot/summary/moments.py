"""Dates and times for the professional: Europe/Amsterdam, formatted by Babel in their language.

The summary shows the appointment and when the client prepared. Callers that already have a
formatted text pass it in; the offline CLI reads `--appointment "2026-12-01 10:00"` and the
answers file's timestamps and formats them here the same way.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PATTERN = "EEEE d MMMM y, HH:mm"


def moment_text(when: datetime, lang: str) -> str:
    """'dinsdag 1 december 2026, 10:00' / 'Tuesday 1 December 2026, 10:00'."""
    local = when.astimezone(AMSTERDAM) if when.tzinfo else when.replace(tzinfo=AMSTERDAM)
    return format_datetime(local, PATTERN, locale=lang, tzinfo=AMSTERDAM)


def parse_local(text: str) -> datetime:
    """'2026-12-01 10:00' (ISO 8601, Amsterdam time unless an offset is given).
    Raises ValueError for anything else."""
    when = datetime.fromisoformat(text.strip())
    return when if when.tzinfo else when.replace(tzinfo=AMSTERDAM)


def _parse_iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else None


def prepared_at(doc: dict) -> datetime | None:
    """When the client last answered something (else when the file was exported)."""
    times = [_parse_iso(entry.get("at")) for entry in doc.get("answers", {}).values()
             if isinstance(entry, dict)]
    known = [t for t in times if t is not None]
    return max(known) if known else _parse_iso(doc.get("exported_at"))
