"""The one callback-data grammar of every button the bot sends, and its strict reading back.

Telegram allows 64 bytes of callback data. We send compact `2|verb|arg|arg` strings built
from content ids: `2` is this grammar's version; the verbs of the client's conversation, of the
professional's dialogs (`p`) and of the client's follow-ups to reminders and the after-meeting
questions (`rm`, `pt`, `go`, `ev`) share one table. Buttons sent before the grammar was
versioned (version 1: the same verbs without the `2|`) are still in people's chats, so they are
read as the same events. Anything we cannot read — too long, another version, an unknown verb
or arguments, or a button of the other side (`read`) — becomes `Stale`: one kind "this button
is no longer valid" reply, and nothing changes.
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
    FollowUp,
    Keep,
    More,
    ProChoice,
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
VERSION = "2"
# Who may tap a button: the client in their conversation, a professional in theirs, or a client
# answering a reminder or an after-meeting question (handled by the professional side's desk).
CLIENT, PROFESSIONAL, FOLLOW_UP = "client", "professional", "follow_up"
REVIEW_ACTIONS = ("part", "edit", "private", "overview", "share", "agenda", "words")


def _data(*fields: str) -> str:
    # Over MAX_BYTES only with content ids too long: `content check` reports those, located.
    return "|".join((VERSION, *fields))


def consent(yes: bool) -> str:
    return _data("ok" if yes else "no")


def choose(slot: str, option: str) -> str:
    return _data("c", slot, option)


def toggle(slot: str, option: str) -> str:
    return _data("t", slot, option)


def done(slot: str) -> str:
    return _data("d", slot)


def way_out(slot: str, status: str) -> str:
    return _data("w", slot, status)


def skip_part(part: str) -> str:
    return _data("sp", part)


def why(slot: str) -> str:
    return _data("y", slot)


def examples(slot: str) -> str:
    return _data("x", slot)


def more(slot: str, view: str = "more") -> str:
    return _data("m", slot, view)


def keep(slot: str) -> str:
    return _data("k", slot)


def back() -> str:
    return _data("b")


def confirm(what: str, yes: bool) -> str:
    return _data("cf", what, str(int(yes)))


def language(lang: str) -> str:
    return _data("l", lang)


def review(action: str, target: str = "") -> str:
    return _data("r", action, target)


def share(yes: bool) -> str:
    return _data("s", str(int(yes)))


def pro(field: str, value: str = "") -> str:
    """A professional's button: the dialog field and the value chosen."""
    return _data("p", field, value)


def reminders_off() -> str:
    return _data("rm", "off")


def partial_ok() -> str:
    return _data("pt", "on")


def go_on() -> str:
    return _data("go", "")


def evaluation(invite_id: int, question: str, option: str) -> str:
    return _data("ev", str(invite_id), question, option)


def fields(data: str | None) -> list[str]:
    """The verb and arguments of any version's data (version marker dropped); for tests and
    tools that look at buttons by kind."""
    parts = (data or "").split("|")
    return parts[1:] if parts[0].isdigit() else parts


def verb(data: str | None) -> str:
    return fields(data)[0]


def bare(data: str | None) -> str:
    """The data without its version marker: "2|c|change|worse" → "c|change|worse"."""
    return "|".join(fields(data))


def side_of(event: Event) -> str:
    if isinstance(event, ProChoice):
        return PROFESSIONAL
    if isinstance(event, FollowUp):
        return FOLLOW_UP
    return CLIENT


def read(data: str | None, side: str) -> Event:
    """The one place button data is judged: the event it means for `side`, else Stale (also
    for a button of the other side, e.g. a professional's button in a client's chat)."""
    event = parse(data)
    return event if isinstance(event, Stale) or side_of(event) == side else Stale()


def parse(data: str | None) -> Event:
    """Read callback data of this version or of version 1 back into an event; anything
    unexpected is Stale."""
    if not data or len(data.encode()) > MAX_BYTES:
        return Stale()
    parts = data.split("|")
    if parts[0] == VERSION:
        parts = parts[1:]
    elif parts[0].isdigit():
        return Stale()  # another version of the grammar: not ours to guess
    if not parts:
        return Stale()
    verb, *args = parts
    return _professional(verb, args) or _client(verb, args)


def _professional(verb: str, args: list[str]) -> Event | None:
    match verb, args:
        case "p", [field, value]:
            return ProChoice(field, value)
        case "ev", [invite_id, question, option] if invite_id.isdigit():
            return FollowUp("evaluate", (invite_id, question, option))
        case "rm", ["off"]:
            return FollowUp("reminders_off")
        case "pt", ["on"]:
            return FollowUp("partial_ok")
        case "go", ([] | [""]):
            return FollowUp("continue")
    return None


def _client(verb: str, args: list[str]) -> Event:
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
