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
    reader's (shown as a mark), `rtl` whether they contain right-to-left script (Arabic,
    Hebrew), `cut` whether they were shortened here."""

    text: str
    lang: str | None = None
    rtl: bool = False
    cut: bool = False


# A line of a summary: our own (translated) text and the client's words, in order.
Piece = str | Words
Line = tuple[Piece, ...]


# Unicode FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: the words keep their own direction
# inside our left-to-right line, so a full stop at the end of an Arabic sentence stays at its
# end and the quotation marks and language mark stay outside.
ISOLATE = ("\u2068", "\u2069")


def has_rtl(text: str) -> bool:
    """Whether the text contains right-to-left letters (Unicode bidi classes R and AL)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def isolated(item: Words) -> str:
    """The words, wrapped in a directional isolate when they contain right-to-left script."""
    return f"{ISOLATE[0]}{item.text}{ISOLATE[1]}" if item.rtl else item.text


def words(text: str, mark: str | None) -> Words:
    return Words(text, mark, has_rtl(text))


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
