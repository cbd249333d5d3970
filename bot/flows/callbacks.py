"""Short callback data for buttons, and its strict reading back into events.

Telegram allows 64 bytes of callback data. We send compact `verb|arg|arg` strings built from
content ids; anything we cannot read becomes `Stale`, which gets a kind reply and changes
nothing.
"""

from __future__ import annotations

from bot.flows.answers import WAYS_OUT
from bot.flows.events import (
    Choose,
    Command,
    Confirm,
    Consent,
    DoneChoosing,
    Event,
    Examples,
    Keep,
    More,
    Review,
    SetLanguage,
    Share,
    SkipPart,
    Stale,
    Toggle,
    WayOut,
    Why,
)

MAX_BYTES = 64
REVIEW_ACTIONS = ("part", "edit", "private", "overview", "share", "agenda", "words")


def consent(yes: bool) -> str:
    return "ok" if yes else "no"


def choose(slot: str, option: str) -> str:
    return f"c|{slot}|{option}"


def toggle(slot: str, option: str) -> str:
    return f"t|{slot}|{option}"


def done(slot: str) -> str:
    return f"d|{slot}"


def way_out(slot: str, status: str) -> str:
    return f"w|{slot}|{status}"


def skip_part(part: str) -> str:
    return f"sp|{part}"


def why(slot: str) -> str:
    return f"y|{slot}"


def examples(slot: str) -> str:
    return f"x|{slot}"


def more(slot: str, view: str = "more") -> str:
    return f"m|{slot}|{view}"


def keep(slot: str) -> str:
    return f"k|{slot}"


def back() -> str:
    return "b"


def confirm(what: str, yes: bool) -> str:
    return f"cf|{what}|{int(yes)}"


def language(lang: str) -> str:
    return f"l|{lang}"


def review(action: str, target: str = "") -> str:
    return f"r|{action}|{target}"


def share(yes: bool) -> str:
    return f"s|{int(yes)}"


def parse(data: str | None) -> Event:
    """Read callback data back into an event; anything unexpected is Stale."""
    if not data or len(data.encode()) > MAX_BYTES:
        return Stale()
    verb, *args = data.split("|")
    match verb, args:
        case "ok", []:
            return Consent(True)
        case "no", []:
            return Consent(False)
        case "c", [slot, option]:
            return Choose(slot, option)
        case "t", [slot, option]:
            return Toggle(slot, option)
        case "d", [slot]:
            return DoneChoosing(slot)
        case "w", [slot, status] if status in WAYS_OUT:
            return WayOut(slot, status)
        case "sp", [part]:
            return SkipPart(part)
        case "y", [slot]:
            return Why(slot)
        case "x", [slot]:
            return Examples(slot)
        case "m", [slot, view]:
            return More(slot, view)
        case "k", [slot]:
            return Keep(slot)
        case "b", []:
            return Command("back")
        case "cf", [what, flag] if flag in ("0", "1"):
            return Confirm(what, flag == "1")
        case "l", [lang]:
            return SetLanguage(lang)
        case "r", [action, target] if action in REVIEW_ACTIONS:
            return Review(action, target)
        case "s", [flag] if flag in ("0", "1"):
            return Share(flag == "1")
    return Stale()
