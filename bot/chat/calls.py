"""One Bot API call with Telegram's real faults handled: bounded retries, 429, uncertainty.

Telegram has no idempotency key. A call that failed *before* Telegram stored anything (a 429,
a 5xx answer, a connection that could not be opened) is safe to repeat. A call whose answer
was lost (a read timeout, a connection dropped after the request went out) may have been
carried out: repeating an edit or a callback answer is harmless (the second one is "not
modified" or "query is too old"), repeating a send would show the message twice. So sends
with an uncertain outcome are not repeated; the caller decides what honest note to give.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.chat.faults import is_done_anyway, never_arrived, seconds

log = logging.getLogger(__name__)

T = TypeVar("T")

class ClientBlocked(Exception):
    """The client blocked the bot: stop talking to them."""


class Undelivered(Exception):
    """A call did not (certainly) go through; `uncertain` when it may have arrived."""

    def __init__(self, method: str, uncertain: bool, cause: BaseException):
        super().__init__(f"{method}: {type(cause).__name__}")
        self.method = method
        self.uncertain = uncertain
        self.cause = cause


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one reply tries: `attempts` calls at most, waits doubling from `first_wait`,
    and a 429 honoured only when its retry_after is at most `max_wait` seconds."""

    attempts: int = 4
    first_wait: float = 0.5
    max_wait: float = 10.0


async def call(method: str, make: Callable[[], Awaitable[T]], *, repeatable: bool,
               policy: RetryPolicy, stop: asyncio.Event | None = None) -> T | None:
    """Run `make()` until it succeeds; None when Telegram says it was done already.

    Raises ClientBlocked, Undelivered (retries spent, or an unrepeatable call with an
    uncertain outcome), or BadRequest for a request Telegram refuses for good."""
    wait = policy.first_wait
    for attempt in range(1, policy.attempts + 1):
        try:
            return await make()
        except Forbidden as exc:
            raise ClientBlocked from exc
        except BadRequest as exc:
            if is_done_anyway(exc):
                return None
            raise
        except RetryAfter as exc:
            delay = seconds(exc.retry_after)
            if delay > policy.max_wait or attempt == policy.attempts:
                raise Undelivered(method, False, exc) from exc
        except (TimedOut, NetworkError) as exc:
            certain = never_arrived(exc)
            if not certain and not repeatable:
                raise Undelivered(method, True, exc) from exc
            if attempt == policy.attempts:
                raise Undelivered(method, not certain, exc) from exc
            delay = wait
            wait *= 2
        log.info("%s failed (attempt %d); retrying in %.1f s", method, attempt, delay)
        if stop is not None and stop.is_set():
            raise Undelivered(method, False, RuntimeError("stopping"))
        await asyncio.sleep(delay)
    raise AssertionError("unreachable")
