"""What a failed Bot API call means: did Telegram certainly not carry it out, or is it done?

Shared by the reply path (bot/chat) and the outbox sender (bot/professionals), which both
decide from it whether a repeat could show something twice.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

# Answers that mean "already done" or "nothing left to do": never an error for us.
DONE_ANYWAY = ("not modified", "message to edit not found", "can't be edited",
               "query is too old", "query id is invalid", "message to delete not found")


def seconds(value: object) -> float:
    """RetryAfter.retry_after as seconds, whether PTB gives an int or a timedelta."""
    return float(value.total_seconds() if isinstance(value, timedelta) else value)


def is_done_anyway(exc: BadRequest) -> bool:
    text = str(exc).lower()
    return any(phrase in text for phrase in DONE_ANYWAY)


def never_arrived(exc: BaseException) -> bool:
    """True when Telegram certainly did not carry the request out: a 429, an error status it
    answered with (5xx), or a connection that could not be made. A read timeout or a
    connection dropped after the request was sent may have been carried out."""
    if isinstance(exc, RetryAfter):
        return True
    cause = exc.__cause__
    if isinstance(exc, TimedOut):
        return isinstance(cause, httpx.ConnectTimeout | httpx.PoolTimeout)
    if isinstance(exc, NetworkError):
        if cause is None:
            return True
        return isinstance(cause, httpx.ConnectError)
    return False
