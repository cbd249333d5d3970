"""The answers format (docs/answers-format.md): what /mydata sends and later parts read.

One function builds it, used by `/mydata`, `python -m bot export` and the professional's
summary, so all three always agree.
"""

from __future__ import annotations

from bot.content.model import Content, Question, retired_reading
from bot.flows.answers import EXTRA_SUFFIX, Answer
from bot.flows.conversation import Conversation
from bot.flows.plan import plan

FORMAT = "voorbereid.answers"
FORMAT_VERSION = 1


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
    """An answers document in today's shape: answers to questions an earlier content version
    asked (flow.toml [retired]) are read under the question that took their place — an open
    question's words as words beside it, as the client now types them — or dropped when
    "ignored". Readers (profile, summary) call this, so older files stay readable."""
    answers = doc.get("answers") if isinstance(doc, dict) else None
    if not isinstance(answers, dict) or not any(
            k.removesuffix(EXTRA_SUFFIX) in content.retired for k in answers):
        return doc
    upgraded = dict(answers)
    for old, reading in content.retired.items():
        target, words_only = retired_reading(reading)
        entry = upgraded.pop(old, None)
        # A conversation stored before the change exports words typed beside a question the
        # content no longer asks under their own key (<old>.extra).
        loose = upgraded.pop(old + EXTRA_SUFFIX, None)
        question = content.questions.get(target)
        if question is None:
            continue
        if isinstance(loose, dict):
            _words_beside(upgraded, target, question, loose)
        if words_only:
            # A dropped button question: its answer is not read, the words beside it are.
            if isinstance(entry, dict) and isinstance(entry.get("extra"), dict):
                _words_beside(upgraded, target, question, entry["extra"])
            continue
        if not isinstance(entry, dict):
            continue
        value = entry.get("value")
        options = question.options.options if question.options else ()
        if question.kind == "text" or value in options or isinstance(value, list):
            upgraded.setdefault(target, {**entry, "part": question.part})
            continue
        _words_beside(upgraded, target, question, entry)
    return {**doc, "answers": upgraded}


def _words_beside(upgraded: dict, target: str, question: Question, entry: dict) -> None:
    """Own words of a retired question as words beside `target` (its `extra`); words already
    there are kept and the old ones added on a new line."""
    if entry.get("status") != "answered":
        return  # a way out at an "anything else?" question adds nothing
    host = dict(upgraded.get(target) or {"status": "unanswered", "private": False,
                                          "part": question.part})
    words = {k: entry[k] for k in ("status", "value", "voice", "private", "at") if k in entry}
    earlier = host.get("extra")
    if isinstance(earlier, dict) and earlier.get("value") and words.get("value"):
        # Both private-or-not marks are kept safe: private if either was.
        words = {**earlier, "value": f"{earlier['value']}\n{words['value']}",
                 "private": bool(earlier.get("private") or words.get("private"))}
    elif isinstance(earlier, dict):
        return  # keep what is there; the old words stay in the file's history
    host["extra"] = words
    upgraded[target] = host


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
    data = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "content_version": content.version,
        "exported_at": exported_at,
        "language": conv.lang,
        "step": conv.state,
        "shared": conv.shared,
        "benefit": {
            "answer": benefit.value if benefit and benefit.status == "answered" else None,
            "from_invite": conv.invite_benefit or None,
        },
        "answers": answers,
    }
    if conv.agenda_own or conv.agenda_removed:
        # The agenda as the client left it at review: own points first in the summary.
        data["agenda"] = {"own": list(conv.agenda_own), "removed": list(conv.agenda_removed)}
    data = upgrade_answers(data, content)
    if history is not None:
        data["history"] = history
    return data
