"""The professional's first line when a shared answer holds crisis words.

Only the *shared* document reaches this point (shared.py), so words the client kept "only for
me" never count, and nothing says whether the client was shown a referral. The words are found
with the same rules as in the conversation (bot/content/crisis.toml).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.content.model import CONTENT_DIR, Content
from bot.flows.crisis import CrisisMatcher
from bot.flows.crisis_rules import load_matcher
from bot.i18n import Translator
from bot.profile.texts import pro_label


@lru_cache(maxsize=4)
def _matcher(directory: Path) -> CrisisMatcher:
    return load_matcher(directory)


def _part_of(content: Content, qid: str) -> str | None:
    """The part a slot id belongs to: 'holding.note.money' → holding's part."""
    while True:
        question = content.question(qid)
        if question is not None:
            return question.part
        if "." not in qid:
            return None
        qid = qid.rsplit(".", 1)[0]


def _own_words(entry: dict) -> list[str]:
    found = [entry["value"]] if isinstance(entry.get("value"), str) else []
    extra = entry.get("extra")
    if isinstance(extra, dict) and isinstance(extra.get("value"), str):
        found.append(extra["value"])
    return found


def crisis_parts(shared: dict, content: Content,
                 matcher: CrisisMatcher | None = None) -> list[str]:
    """Ids of the parts (content order) whose shared own words match a crisis rule."""
    matcher = matcher or _matcher(content.directory or CONTENT_DIR)
    lang = shared.get("language") if isinstance(shared.get("language"), str) else None
    lang = lang if lang in matcher.by_lang else None
    found: set[str] = set()
    for qid, entry in shared.get("answers", {}).items():
        if not isinstance(entry, dict) or entry.get("private") is not False:
            continue
        if any(matcher.matches(text, lang) for text in _own_words(entry)):
            part = _part_of(content, qid)
            if part is not None:
                found.add(part)
    return [part.id for part in content.parts if part.id in found]


def crisis_notice(shared: dict, content: Content, t: Translator,
                  matcher: CrisisMatcher | None = None) -> str:
    """One calm sentence in the professional's language, or "" when there is nothing."""
    parts = crisis_parts(shared, content, matcher)
    if not parts:
        return ""
    names = ", ".join(t("crisis.notice.part", part=t(pro_label("part", p))) for p in parts)
    return t("crisis.notice", parts=names)
