"""What the client sees when their own words match a crisis rule.

The first match in a conversation brings the full referral; a later one a short form (113,
0800-0113, 112), at most once an hour, counted from the last referral shown. Only the time the
referral was shown is kept (Conversation.crisis_at), never the words. After a match the reply
does not push: the "please tap a button" line is left out, and a calm line says the client can
go on whenever they like or /pause and come back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.flows.screens import Screen

FULL = "ui.crisis"
SHORT = "crisis.short"
CALM = "crisis.after"
# Lines that ask the client to do something next; left out of a reply to crisis words.
PUSH = frozenset({"ui.noted", "ui.choice.hint"})
AT_MOST_EVERY = timedelta(hours=1)


def _moment(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None


def referral_due(shown_before: bool, last_at: str, now: str) -> str | None:
    """FULL, SHORT or None (shown less than an hour ago). A time that cannot be read counts as
    long ago: when unsure, show the referral."""
    if not shown_before:
        return FULL
    last, current = _moment(last_at), _moment(now)
    if last is not None and current is not None and current - last < AT_MOST_EVERY:
        return None
    return SHORT


def without_push(screens: list[Screen]) -> list[Screen]:
    """The same screens minus the lines that push for a tap; a screen left empty is dropped."""
    calm: list[Screen] = []
    for screen in screens:
        lines = tuple(line for line in screen.lines if line.id not in PUSH)
        if not lines:
            if screen.buttons:
                calm.append(screen)  # a message needs text: keep it whole
            continue
        calm.append(screen if len(lines) == len(screen.lines) else replace(screen, lines=lines))
    return calm
