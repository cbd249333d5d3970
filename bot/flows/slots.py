"""One `Slot`: something a client can answer — a question of the content, or one derived from
a multi-select (`<multi>.most`: which weighs most; `<multi>.note.<topic>`: own words on one
chosen topic).

The client's flow meets slots in `plan()` order (plan.py); the profile and the answers format
read stored answers by the same ids through `answerable()`, so a rule can never name
something the client is not asked, and both sides agree on a slot's kind and options.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import MOST_SUFFIX, NOTE_SUFFIX, Condition, Content, Question
from bot.flows.answers import ANSWERED, Answer


@dataclass(frozen=True)
class Slot:
    """One answerable id and the question it belongs to."""

    id: str
    question: Question
    # "ask" (the question itself), "most" (which weighs most) or "note" (own words per topic).
    role: str = "ask"
    topic: str = ""

    @property
    def kind(self) -> str:
        """choice | multi | text: the shape of the answer stored under this id."""
        return {"most": "choice", "note": "text"}.get(self.role, self.question.kind)

    @property
    def text_id(self) -> str:
        if self.role == "ask" and self.question.pair:
            return self.question.pair.text_id
        suffix = {"most": MOST_SUFFIX, "note": NOTE_SUFFIX}.get(self.role, "")
        return self.question.text_id + suffix

    @property
    def why_id(self) -> str:
        return self.text_id + ".why"

    @property
    def choices(self) -> tuple[str, ...]:
        """Every option id an answer stored under this id may hold (for reading and rules);
        `options(answers)` is what one screen offers."""
        if self.role == "note" or self.question.options is None:
            return ()
        return self.question.options.options

    @property
    def option_set(self) -> str:
        """The option set whose labels (opt.<set>.<option>) name the chosen options."""
        if self.role == "note" or self.question.options is None:
            return ""
        return self.question.options.id

    @property
    def max(self) -> int:
        return max(self.question.max, 1) if self.role == "ask" else 1

    @property
    def ask_if(self) -> Condition | None:
        return self.question.ask_if if self.role == "ask" else None

    def options(self, answers: dict[str, Answer]) -> tuple[str, ...]:
        """The options one screen offers, given the answers so far."""
        if self.role == "most":
            # Only topics the content still has (an option may be gone since they were chosen).
            return tuple(o for o in chosen(answers, self.question.id)
                         if o in self.question.options.options)
        if self.role == "ask" and self.question.pair:
            return self.question.pair.options.options
        return self.question.options.options if self.question.options else ()


def chosen(answers: dict[str, Answer], qid: str) -> list[str]:
    answer = answers.get(qid)
    if answer and answer.status == ANSWERED and isinstance(answer.value, list):
        return list(answer.value)
    return []


def answerable(content: Content) -> dict[str, Slot]:
    """Every answerable id in content order, whatever the answers: each question, and for a
    multi-select its "most" and one note per option."""
    found: dict[str, Slot] = {}
    for part in content.parts:
        for q in part.questions:
            found[q.id] = Slot(q.id, q)
            if q.kind == "multi":
                found[q.id + MOST_SUFFIX] = Slot(q.id + MOST_SUFFIX, q, "most")
                for option in q.options.options if q.options else ():
                    note = f"{q.id}{NOTE_SUFFIX}.{option}"
                    found[note] = Slot(note, q, "note", option)
    return found
