"""What the professional receives, as data: one `Summary` that the message and the PDF render.

Building it once (build.py) keeps the Telegram message and the printed page saying the same
thing in the same order. Everything here is already in the professional's language except the
client's own words, which stay `Words` values (see words.py) so each renderer can quote and
escape them. The input is the *shared* document (shared.py) and the profile JSON built from
that same document, so nothing the client kept for themselves can reach this point.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import MOST_SUFFIX
from bot.summary.words import Line

WAYS_OUT = ("skipped", "dont_know", "discuss")
LEVELS = {"high": 3, "medium": 2, "low": 1}
ASPECTS = ("important", "room", "able")
DASH = " — "
SEPARATOR = " · "
MULTIS = ("holding", "helping")
# Evidence lines shown for the most likely reading (the profile command lists them all).
EVIDENCE_SHOWN = 5
# Confidence reasons the message shows beside a named reading (profile-format.md).
CAUTION_CODES = ("running_signals", "positive_buttons")
# Answers the summary shows in their own section (situation, card 3, cards 4 and 5), left out
# of the per-part lines of the polite pattern.
SHOWN_APART = frozenset({"situation", "change", "change_why", "selfview", "selfview_words",
                         *MULTIS, *(m + MOST_SUFFIX for m in MULTIS)})



@dataclass(frozen=True)
class Item:
    """One answer or fact: a short label and its value (our texts and/or the client's words)."""

    label: str
    value: Line = ()
    way_out: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Reading:
    """The profile's pointer for the conversation: a possibility, how sure, what to do — or,
    with too little to read a pattern, why not, what the client did answer and open questions
    (then `mechanism` is empty and `suggestions` are those questions)."""

    headline: str
    # One short line next to the headline for a client outside the research (WW, other,
    # unknown benefit); empty otherwise.
    caveat: str
    mechanism_label: str
    mechanism: str
    self_view_flag: str
    self_view: str
    differs: bool
    try_label: str
    suggestions: tuple[str, ...]
    reasons_label: str
    reasons: tuple[str, ...]
    evidence_label: str
    evidence: tuple[Item, ...]
    # The polite all-positive pattern: what the client answered, one line per part (the
    # message shows these; the PDF lists `evidence` whole). Empty otherwise.
    by_part: tuple[Item, ...] = ()
    # Why a named reading is held at low although it looks settled (running that looks like
    # doing well, all-positive buttons): the message shows these next to the headline, not
    # only the PDF's reasons.
    caution: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueRow:
    name: str
    category: str
    category_text: str
    levels: tuple[int, int, int]  # importance, room, ability: 3 high … 1 low, 0 not answered
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    lang: str
    mark: str | None  # the answers' language when it differs from the professional's
    language_note: str | None
    benefit: str
    agenda: tuple[Line, ...]
    situation: Section
    selfview: Section
    reading: Reading
    cards: tuple[Section, ...]  # what keeps it this way, what could help
    gaps: Section
    # Whether the client answered any work-value question (else "not answered", never "no
    # gaps").
    values_answered: bool
    ahead: Section
    values: tuple[ValueRow, ...]
    answers: tuple[Section, ...]  # every shared answer, by part
    # Said first, before the agenda: a shared answer holds crisis words (bot.summary.crisis).
    crisis_notice: str = ""
