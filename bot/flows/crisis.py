"""Find crisis phrases in a client's own words, on word boundaries, ignoring case and accents.

The phrase lists are content (`bot/content/crisis.toml`), kept per language by coordinators.
We only ever need to know *whether* a phrase occurred, so nothing of the phrase is stored.
"""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents so 'Zelfmóórd' and 'zelfmoord' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def compile_phrases(phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern per language; a phrase must stand on its own, not inside another word."""
    parts = [r"\s+".join(re.escape(w) for w in fold(p).split()) for p in phrases if p.strip()]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?!\w)")


class CrisisMatcher:
    """Checks text against every enabled language's list: a client may write in any of them."""

    def __init__(self, phrases_by_lang: dict[str, list[str]]):
        self._patterns = [
            pattern for pattern in map(compile_phrases, phrases_by_lang.values()) if pattern
        ]

    def matches(self, text: str) -> bool:
        folded = fold(text)
        return any(pattern.search(folded) for pattern in self._patterns)
