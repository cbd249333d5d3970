"""What the flow asks the outside world to show, still untranslated.

A screen is lines of message ids with parameters and rows of buttons; the Telegram layer and
the terminal preview both render it with the conversation's translator. Client words travel
as `Msg.raw` so they are shown as typed and never looked up in a catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Msg(NamedTuple):
    """A text to show: a message id with parameters, a client's own words, or a join of both.

    A named tuple rather than a dataclass: a screen builds a few dozen per update, and a tuple
    is made in half the time."""

    id: str = ""
    params: tuple[tuple[str, object], ...] = ()
    raw: str | None = None
    # A composed text: the parts rendered and joined with `sep`.
    parts: tuple[Msg, ...] = ()
    sep: str = ""

    @classmethod
    def of(cls, msgid: str, **params: object) -> Msg:
        return cls(msgid, tuple(params.items()))

    @classmethod
    def text(cls, raw: str) -> Msg:
        return cls(raw=raw)

    @classmethod
    def join(cls, *parts: Msg, sep: str = "") -> Msg:
        return cls(parts=tuple(parts), sep=sep)


@dataclass(frozen=True)
class Button:
    label: Msg
    data: str
    checked: bool = False


@dataclass(frozen=True)
class Screen:
    lines: tuple[Msg, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    # "edit": replace the message the tapped button belongs to; "new": send a new message.
    mode: str = "new"


@dataclass
class Outcome:
    """The result of one event: screens to show and what storage must commit first."""

    screens: list[Screen] = field(default_factory=list)
    # Short text for the callback query's answer (a toast); None answers silently.
    notice: Msg | None = None
    # Answers changed by this event: question id → Answer (None removes it).
    answers: dict[str, object] = field(default_factory=dict)
    # Erase all answers (restart) / erase everything about the client (delete).
    erase_answers: bool = False
    delete_all: bool = False
    # The client asked for their data as a file.
    export: bool = False
    # The client confirmed sharing.
    shared: bool = False
    # Nothing changed (stale button, bad input): storage may skip the state write.
    changed: bool = True
    # The question message the client just answered, to be closed (keyboard removed).
    close: Screen | None = None


def unchanged(notice: Msg | None, screens: list[Screen] | None = None) -> Outcome:
    """An outcome that changes nothing (stale button, bad input): storage skips the write."""
    return Outcome(screens=screens or [], notice=notice, changed=False)
