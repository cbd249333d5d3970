"""The answers format (docs/answers-format.md) as one typed document.

`AnswersDocument.read` is the one validator: export, the profile, the summary, the statistics'
facts and /mydata all go through it, so the format's name and version live only here and a file
one reader accepts is never refused by another. A malformed file gives `AnswersFormatError`
with one line. Files of every version in `READABLE` stay readable (the contract); answers to
questions an earlier content version asked are read under their successors by `upgraded`.
`shared_only` is the one filter of "only for me": the copy a professional's summary is made of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bot.content.model import Content, Question, retired_reading
from bot.flows.answers import EXTRA_SUFFIX

FORMAT = "voorbereid.answers"
VERSION = 1
# Versions of this format a reader accepts (older ones are read as today's shape).
READABLE = (1,)
STATUSES = ("answered", "skipped", "dont_know", "discuss", "unanswered")


class AnswersFormatError(ValueError):
    """The answers document cannot be read; the message is one line saying what is wrong."""


def _text_list(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _check_entry(qid: str, entry: object, where: str) -> dict:
    if not isinstance(entry, dict):
        raise AnswersFormatError(f"{where} '{qid}' must be an object with a status, not "
                                 f"{type(entry).__name__}")
    if not isinstance(entry.get("status"), str):
        raise AnswersFormatError(f"{where} '{qid}' needs a status text (answered, skipped, "
                                 "dont_know, discuss)")
    if "private" in entry and not isinstance(entry["private"], bool):
        raise AnswersFormatError(f"{where} '{qid}': private must be true or false")
    value = entry.get("value")
    if value is not None and not isinstance(value, str) and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise AnswersFormatError(f"{where} '{qid}': value must be a text or a list of texts")
    if entry.get("voice") is not None and not isinstance(entry["voice"], str):
        raise AnswersFormatError(f"{where} '{qid}': voice must be a text (a file id)")
    return entry


def _is_private(entry: object) -> bool:
    """When in doubt, leave it out: an answer without `private` counts as private."""
    return not isinstance(entry, dict) or entry.get("private") is not False


@dataclass(frozen=True)
class AnswersDocument:
    """Everything a client answered, as one value (the JSON shape is `to_json()`)."""

    # question id → entry ({"status", "value", "voice", "private", "at", "part", "extra", …}),
    # in the order the questions are asked; every entry checked by `read`.
    answers: Mapping[str, dict]
    content_version: int | None = None
    language: str | None = None
    step: str | None = None
    shared: bool = False
    benefit_answer: str | None = None
    benefit_from_invite: str | None = None
    agenda_own: tuple[str, ...] = ()
    agenda_removed: tuple[str, ...] = ()
    exported_at: str | None = None
    history: tuple[dict, ...] | None = None
    # True for the copy without "only for me" (shared_only); never read from a file.
    only_shared: bool = field(default=False, compare=False)

    @classmethod
    def read(cls, doc: object) -> AnswersDocument:
        """The one validator: the document of a JSON object in this format, else
        AnswersFormatError. Unknown keys are ignored, as the format promises."""
        if isinstance(doc, AnswersDocument):
            return doc
        if not isinstance(doc, dict):
            raise AnswersFormatError("not an answers file: the top level must be a JSON object")
        if doc.get("format") != FORMAT:
            raise AnswersFormatError(f"not an answers file: format is {doc.get('format')!r}, "
                                     f"expected '{FORMAT}'")
        version = doc.get("version")
        if isinstance(version, bool) or version not in READABLE:
            raise AnswersFormatError(f"answers format version {version!r} is not supported; "
                                     f"this reads version {', '.join(map(str, READABLE))}")
        answers = doc.get("answers")
        if not isinstance(answers, dict):
            raise AnswersFormatError("answers must be an object of question id → answer")
        for qid, entry in answers.items():
            _check_entry(qid, entry, "answer")
            if entry.get("extra") is not None:
                _check_entry(qid, entry["extra"], "the extra words at")
        language = doc.get("language")
        if language is not None and not isinstance(language, str):
            raise AnswersFormatError("language must be a text such as \"nl\"")
        benefit = doc.get("benefit") or {}
        if not isinstance(benefit, dict):
            raise AnswersFormatError("benefit must be an object with answer and from_invite")
        for key in ("answer", "from_invite"):
            if benefit.get(key) is not None and not isinstance(benefit[key], str):
                raise AnswersFormatError(f"benefit.{key} must be a benefit id or null")
        agenda = doc.get("agenda") if isinstance(doc.get("agenda"), dict) else {}
        content_version = doc.get("content_version")
        history = doc.get("history")
        return cls(
            answers=dict(answers),
            content_version=content_version if isinstance(content_version, int)
            and not isinstance(content_version, bool) else None,
            language=language,
            step=doc.get("step") if isinstance(doc.get("step"), str) else None,
            shared=doc.get("shared") is True,
            benefit_answer=benefit.get("answer"),
            benefit_from_invite=benefit.get("from_invite"),
            agenda_own=_text_list(agenda.get("own")),
            agenda_removed=_text_list(agenda.get("removed")),
            exported_at=doc.get("exported_at") if isinstance(doc.get("exported_at"), str)
            else None,
            history=tuple(h for h in history if isinstance(h, dict))
            if isinstance(history, list) else None,
        )

    @classmethod
    def read_shared(cls, doc: object) -> AnswersDocument:
        """A document that was made `shared_only` when the client shared and was kept by the
        bot itself (the outbox's sealed payload): read, not filtered a second time. Never use
        this for a file from outside; `read(...).shared_only()` is for those."""
        return replace(cls.read(doc), only_shared=True)

    def to_json(self) -> dict:
        """The documented JSON shape, keys in the documented order."""
        data: dict = {
            "format": FORMAT,
            "version": VERSION,
            "content_version": self.content_version,
            "exported_at": self.exported_at,
            "language": self.language,
            "step": self.step,
            "shared": self.shared,
            "benefit": {"answer": self.benefit_answer, "from_invite": self.benefit_from_invite},
            "answers": dict(self.answers),
        }
        if self.agenda_own or self.agenda_removed:
            data["agenda"] = {"own": list(self.agenda_own), "removed": list(self.agenda_removed)}
        if self.history is not None:
            data["history"] = list(self.history)
        return data

    @property
    def benefit(self) -> str | None:
        """The benefit for the statistics: the client's answer, else the invite's."""
        return self.benefit_answer or self.benefit_from_invite

    def shared_only(self) -> AnswersDocument:
        """The copy without "only for me": private answers, private words beside a button
        and the history removed. Every summary, profile and fact for the professional is made
        from this copy, so a private answer cannot leak through a forgotten branch."""
        if self.only_shared:
            return self
        answers: dict[str, dict] = {}
        for qid, entry in self.answers.items():
            if _is_private(entry):
                continue
            kept = dict(entry)
            if "extra" in kept and _is_private(kept["extra"]):
                del kept["extra"]
            answers[qid] = kept
        return replace(self, answers=answers, history=None, only_shared=True)

    def upgraded(self, content: Content) -> AnswersDocument:
        """Today's shape (see `upgrade_entries`)."""
        answers = upgrade_entries(self.answers, content)
        return self if answers is self.answers else replace(self, answers=answers)


def upgrade_entries(answers: Mapping[str, dict], content: Content) -> Mapping[str, dict]:
    """Answers to questions an earlier content version asked (flow.toml [retired]) read under
    the question that took their place — an open question's words as words beside it, as the
    client now types them — or dropped when "ignored". Returns `answers` itself when nothing
    is retired."""
    if not any(k.removesuffix(EXTRA_SUFFIX) in content.retired for k in answers):
        return answers
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
    return upgraded


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
