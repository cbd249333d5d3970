"""Read an answers document (docs/answers-format.md) into what the profile needs, once.

Malformed input (not the format, wrong version, wrong types) raises ProfileInputError with one
line: the answers format's one validator (`AnswersDocument.read`, bot/answers_format.py).
Answers the current content does not know — an older content version — become warnings and the
rest is still read. Private answers ("only for me") are dropped here unless the caller
asks for them, so nothing downstream can use or quote them by accident.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from bot.answers_format import AnswersDocument, AnswersFormatError
from bot.content.model import Content
from bot.flows.slots import Slot
from bot.profile.rules import Rules

ANSWERED = "answered"
WAYS_OUT = ("skipped", "dont_know", "discuss")
KNOWN_STATUSES = (ANSWERED, *WAYS_OUT, "unanswered")


# The answers file cannot be read; the message is one line saying what is wrong.
ProfileInputError = AnswersFormatError


def load_answers_file(path: str) -> object:
    """The JSON in a file (or standard input for -), for the `profile` and `summary` commands;
    a one-line ProfileInputError when it cannot be read."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        return json.loads(text)
    except OSError as exc:
        raise ProfileInputError(f"cannot read the file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ProfileInputError("not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise ProfileInputError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: "
                                f"{exc.msg})") from exc
    except RecursionError as exc:
        raise ProfileInputError("not an answers file (nested too deeply)") from exc


@dataclass(frozen=True)
class Notice:
    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Words:
    """The client's own words at one place: a text answer or words typed beside a button."""

    slot: str
    text: str
    extra: bool = False


@dataclass(frozen=True)
class Reading:
    benefit: str | None
    benefit_source: str | None  # "answer" | "invite" | None
    language: str | None
    # Button answers: question id → option ids (one for a choice, several for a multi).
    chosen: dict[str, tuple[str, ...]]
    # Every included answer's status by id (answered or a way out).
    status: dict[str, str]
    words: tuple[Words, ...]
    # Own words or a voice message anywhere (context for the professional).
    has_own_words: bool
    warnings: tuple[Notice, ...]
    # A voice message anywhere (its words cannot be read here; the professional listens).
    has_voice: bool = False

    def own_word_count(self) -> int:
        """How many words the client typed in all (text answers and words beside buttons)."""
        return sum(len(w.text.split()) for w in self.words)

    def answered(self, qid: str) -> bool:
        return self.status.get(qid) == ANSWERED and qid in self.chosen

    def missing(self, qid: str) -> bool:
        """Not answered: absent, a way out, private (for the professional) or unreadable."""
        return not self.answered(qid)


def read_answers(doc: object, content: Content, rules: Rules, *,
                 include_private: bool = False) -> Reading:
    """Read every answer the current content knows (the document is validated first)."""
    document = AnswersDocument.read(doc).upgraded(content)
    # Answers to questions an earlier content version asked, read under their successors.
    answers = document.answers

    warnings: list[Notice] = []
    content_version = document.content_version
    # An older version is read through flow.toml's [retired] map: warn only when something
    # in it is still unknown (or when the answers come from a newer content).
    unknown = any(k not in rules.slots for k in answers)
    if isinstance(content_version, int) and (content_version > content.version or (
            content_version != content.version and unknown)):
        warnings.append(Notice("content_version", (("found", str(content_version)),
                                                     ("expected", str(content.version)))))
    benefit, source = _benefit({"answer": document.benefit_answer,
                                "from_invite": document.benefit_from_invite}, rules, warnings)

    chosen: dict[str, tuple[str, ...]] = {}
    status: dict[str, str] = {}
    words: list[Words] = []
    has_own_words = has_voice = False
    for qid, entry in answers.items():
        extra = entry.get("extra")
        slot = rules.slots.get(qid)
        if slot is None:
            warnings.append(Notice("unknown_question", (("question", qid),)))
            continue
        if entry.get("obsolete") is True:
            # A known question the flow no longer asks this client (a condition changed at
            # review): the client's current answers do not include it.
            continue
        private = bool(entry.get("private", False))
        if private and not include_private:
            continue
        state = entry["status"]
        if state not in KNOWN_STATUSES:
            warnings.append(Notice("unknown_status", (("question", qid), ("status", state))))
        elif state != "unanswered":
            status[qid] = state
            if state == ANSWERED:
                has_own_words |= _read_value(slot, entry, chosen, words, warnings)
        if isinstance(extra, dict) and (include_private or not extra.get("private", False)):
            text = extra.get("value")
            if extra.get("status") == ANSWERED and isinstance(text, str) and text.strip():
                words.append(Words(qid, text, extra=True))
                has_own_words = True
            elif extra.get("status") == ANSWERED and extra.get("voice"):
                has_own_words = has_voice = True
        if state == ANSWERED and entry.get("voice") and (
                include_private or not private):
            has_voice = True
    language = document.language
    return Reading(benefit, source, language if language in content.languages else None,
                   chosen, status, tuple(words), has_own_words, tuple(warnings), has_voice)


def _benefit(block: dict, rules: Rules, warnings: list[Notice]) -> tuple[str | None, str | None]:
    """The client's own answer wins over the invite — except "rather not say" and "WGA, not
    sure which", where the benefit the professional's invite names is the better basis for
    weighing money answers (it tells the professional nothing new). Unknown ids are warned
    about and dropped."""
    known = rules.slots["benefit"].choices if "benefit" in rules.slots else ()
    found: dict[str, str] = {}
    for key, source in (("answer", "answer"), ("from_invite", "invite")):
        value = block.get(key)
        if value is None:
            continue
        if value in known:
            found[source] = value
        else:
            warnings.append(Notice("unknown_benefit", (("benefit", value),)))
    answer, invite = found.get("answer"), found.get("invite")
    if answer is None or (invite and (answer == "rather_not_say" or (
            answer == "wga_unknown" and invite.startswith("wga_")))):
        return (invite, "invite") if invite else (None, None)
    return answer, "answer"


def _read_value(slot: Slot, entry: dict, chosen: dict, words: list[Words],
                warnings: list[Notice]) -> bool:
    """Store one answered entry; return whether it carries own words (text or voice)."""
    value = entry.get("value")
    qid = slot.id
    if slot.kind == "text":
        if isinstance(value, str) and value.strip():
            words.append(Words(qid, value))
            return True
        if entry.get("voice"):
            return True
        if value is not None:
            warnings.append(Notice("unexpected_value", (("question", qid),)))
        return False
    if slot.kind == "choice":
        if not isinstance(value, str):
            warnings.append(Notice("unexpected_value", (("question", qid),)))
        elif value not in slot.choices:
            warnings.append(Notice("unknown_option", (("question", qid), ("option", value))))
        else:
            chosen[qid] = (value,)
        return False
    if not isinstance(value, list):
        warnings.append(Notice("unexpected_value", (("question", qid),)))
        return False
    kept = []
    for option in value:
        if option in slot.choices:
            if option not in kept:
                kept.append(option)
        else:
            warnings.append(Notice("unknown_option", (("question", qid), ("option", option))))
    if kept:
        chosen[qid] = tuple(kept)
    return False
