"""Everything that can happen to a conversation, as small frozen values.

The Telegram layer and the terminal preview translate what a person does into these; the flow
never sees an Update. Button events carry the slot they belong to, so a tap on an old button is
recognised as stale and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    """/start; `invite` is the hash of a deep-link code, `benefit` what that invite named."""

    invite: str = ""
    benefit: str = ""


@dataclass(frozen=True)
class Consent:
    yes: bool


@dataclass(frozen=True)
class Choose:
    slot: str
    option: str


@dataclass(frozen=True)
class Toggle:
    slot: str
    option: str


@dataclass(frozen=True)
class DoneChoosing:
    slot: str


@dataclass(frozen=True)
class WayOut:
    slot: str
    status: str


@dataclass(frozen=True)
class SkipPart:
    part: str


@dataclass(frozen=True)
class Why:
    slot: str


@dataclass(frozen=True)
class Examples:
    slot: str


@dataclass(frozen=True)
class More:
    """Switch what a question's buttons show: "more" (ways out, why, back, skip part that did
    not fit), "" (the answers again) or the id of an option group (e.g. the WGA subtypes)."""

    slot: str
    view: str = "more"


@dataclass(frozen=True)
class Keep:
    """Keep the answer already given to this question and go on."""

    slot: str


@dataclass(frozen=True)
class Text:
    text: str
    edited: bool = False
    # False for words that are not the client's own (a forwarded message): no crisis referral.
    own: bool = True


@dataclass(frozen=True)
class Voice:
    file_id: str


@dataclass(frozen=True)
class Media:
    """A sticker, photo, document, location…: nothing we can use as an answer."""


@dataclass(frozen=True)
class Command:
    """/back, /pause, /resume, /help, /restart, /delete, /mydata, /language, or unknown."""

    name: str


@dataclass(frozen=True)
class Confirm:
    what: str
    yes: bool


@dataclass(frozen=True)
class SetLanguage:
    lang: str


@dataclass(frozen=True)
class Review:
    """Review actions: open a part, edit a slot, toggle 'only for me', go on to sharing."""

    action: str
    target: str = ""


@dataclass(frozen=True)
class Share:
    yes: bool


@dataclass(frozen=True)
class ProChoice(Choose):
    """A professional's button (bot/flows/professional.py): `slot` is the dialog field."""


@dataclass(frozen=True)
class FollowUp:
    """A client's tap on a reminder or an after-meeting question (handled by the desk):
    `action` one of reminders_off, partial_ok, continue, evaluate (invite id, question, option)."""

    action: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stale:
    """A button whose data we cannot read, or from a message that is no longer current."""


Event = (
    Start | Consent | Choose | Toggle | DoneChoosing | WayOut | SkipPart | Why | Examples | Text
    | Voice | Media | Command | Confirm | SetLanguage | Review | Share | ProChoice | FollowUp
    | Stale
)
