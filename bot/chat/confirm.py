"""What the handler of one update tells the poller about confirming it to Telegram.

The poller runs each update in its own task and sets `handling` for it; a handler that could
not store the update's effect (database locked, disk full) calls `hold()`, and the poller then
keeps the update unconfirmed so Telegram delivers it again, and tries it again later.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Handling:
    update_id: int
    held: bool = False
    # True when this update already failed to store once (its client was told).
    retry: bool = False


handling: ContextVar[Handling | None] = ContextVar("handling", default=None)


def hold() -> bool:
    """Keep the current update unconfirmed; False when no poller runs it (tests, preview)."""
    current = handling.get()
    if current is None:
        return False
    current.held = True
    return True


def is_retry() -> bool:
    current = handling.get()
    return bool(current and current.retry)
