"""The client's own words: kept as written, marked with their language, shortened only on request.

A summary mixes our texts (in the professional's language) with the client's words (in the
language the client answered in, or any other they typed). Keeping the words as a separate
value, never pasted into a sentence, lets each renderer quote, escape and mark them its own
way — and lets the message shorten a long answer while the PDF keeps it whole.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

ELLIPSIS = "…"


@dataclass(frozen=True)
class Words:
    """Words the client wrote. `lang` is the answers' language when it differs from the
    reader's (shown as a mark), `rtl` whether the words start right-to-left (Arabic, Hebrew),
    `cut` whether they were shortened here."""

    text: str
    lang: str | None = None
    rtl: bool = False
    cut: bool = False


# A line of a summary: our own (translated) text and the client's words, in order.
Piece = str | Words
Line = tuple[Piece, ...]


def starts_rtl(text: str) -> bool:
    """Whether the first strongly directed character is right-to-left (Unicode bidi R/AL)."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def words(text: str, mark: str | None) -> Words:
    return Words(text, mark, starts_rtl(text))


def shorten(item: Words, limit: int) -> Words:
    """At most `limit` characters, cut after a whole word where possible, marked as cut."""
    if len(item.text) <= limit:
        return item
    head = " ".join(item.text.split())[:limit]
    space = head.rfind(" ")
    if space >= limit * 0.6:
        head = head[:space]
    return replace(item, text=head.rstrip(" ,.;:-") + ELLIPSIS, cut=True)


def shorten_line(line: Line, limit: int) -> Line:
    return tuple(shorten(p, limit) if isinstance(p, Words) else p for p in line)
