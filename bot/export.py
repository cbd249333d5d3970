"""A client's conversation as an answers document (docs/answers-format.md, bot/answers_format.py):
what /mydata sends and the professional's summary is made of.

One function builds it, used by `/mydata`, `python -m bot export` and the professional's
summary, so all three always agree.
"""

from __future__ import annotations

from bot.answers_format import AnswersDocument, upgrade_entries
from bot.content.model import Content
from bot.flows.answers import EXTRA_SUFFIX, Answer
from bot.flows.conversation import Conversation
from bot.flows.plan import plan


def answer_entry(answer: Answer) -> dict:
    entry: dict = {"status": answer.status}
    if answer.value is not None:
        entry["value"] = answer.value
    if answer.voice:
        entry["voice"] = answer.voice
    entry["private"] = answer.private
    if answer.at:
        entry["at"] = answer.at
    return entry


def upgrade_answers(doc: dict, content: Content) -> dict:
    """An answers document (JSON) in today's shape: see `bot.answers_format.upgrade_entries`."""
    answers = doc.get("answers") if isinstance(doc, dict) else None
    if not isinstance(answers, dict):
        return doc
    upgraded = upgrade_entries(answers, content)
    return doc if upgraded is answers else {**doc, "answers": dict(upgraded)}


def build_answers(content: Content, conv: Conversation, *, exported_at: str,
                  history: list[dict] | None = None) -> dict:
    """All current answers in plan order; own words beside a button question go under 'extra'."""
    answers: dict[str, dict] = {}
    known = set()
    for slot in plan(content, conv.answers):
        known.add(slot.id)
        answer = conv.answers.get(slot.id)
        extra = conv.answers.get(slot.id + EXTRA_SUFFIX)
        if answer is None and extra is None:
            continue
        entry = answer_entry(answer) if answer else {"status": "unanswered"}
        entry["part"] = slot.question.part
        if extra is not None:
            entry["extra"] = answer_entry(extra)
        answers[slot.id] = entry
    # Answers to questions the current content no longer asks are kept, marked as such.
    for key, answer in conv.answers.items():
        base = key.removesuffix(EXTRA_SUFFIX)
        if base not in known and key not in answers:
            answers[key] = {**answer_entry(answer), "part": None, "obsolete": True}
    benefit = conv.answers.get("benefit")
    document = AnswersDocument(
        answers=answers,
        content_version=content.version,
        exported_at=exported_at,
        language=conv.lang,
        step=conv.state,
        shared=conv.shared,
        benefit_answer=benefit.value if benefit and benefit.status == "answered" else None,
        benefit_from_invite=conv.invite_benefit or None,
        # The agenda as the client left it at review: own points first in the summary.
        agenda_own=tuple(conv.agenda_own),
        agenda_removed=tuple(conv.agenda_removed),
        history=tuple(history) if history is not None else None,
    )
    return document.upgraded(content).to_json()
