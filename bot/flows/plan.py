"""Which questions a client gets, in which order, given the content and the answers so far.

The plan is recomputed from the answers rather than stored, so a content change after a restart
simply yields a new plan: answers to questions that still exist are kept, removed questions are
skipped and new ones are asked.
"""

from __future__ import annotations

from bot.content.model import MOST_SUFFIX, NOTE_SUFFIX, Content, Question
from bot.flows.answers import ANSWERED, Answer
from bot.flows.slots import Slot, chosen


def _applies(question: Question, answers: dict[str, Answer]) -> bool:
    if question.ask_if is None:
        return True
    answer = answers.get(question.ask_if.question)
    given = answer.value if answer and answer.status == ANSWERED else None
    if question.ask_if.none_of:
        return given not in question.ask_if.none_of
    return given in question.ask_if.any_of


class Planner:
    """The plan for one content. Every slot is made once, here (a multi-select's "weighs
    most" and one note per option too), and runs of questions that are always asked are kept
    together, so `plan` only checks conditions and picks slots. The flow keeps one Planner
    and computes the plan once per event (no plans are remembered between events)."""

    def __init__(self, content: Content):
        self.content = content
        # (question, its slot) for a question that depends on the answers; (None, run of
        # slots) for questions asked whatever the answers.
        steps: list[tuple[Question | None, Slot | tuple[Slot, ...]]] = []
        run: list[Slot] = []
        # A multi-select's derived slots: (weighs most, {option: its note}).
        self._derived: dict[str, tuple[Slot, dict[str, Slot]]] = {}
        for part in content.parts:
            for question in part.questions:
                if question.ask_if is None and question.kind != "multi":
                    run.append(Slot(question.id, question))
                    continue
                if run:
                    steps.append((None, tuple(run)))
                    run = []
                steps.append((question, Slot(question.id, question)))
                if question.kind == "multi":
                    self._derived[question.id] = (
                        Slot(question.id + MOST_SUFFIX, question, "most"),
                        {topic: Slot(f"{question.id}{NOTE_SUFFIX}.{topic}", question, "note",
                                     topic) for topic in question.options.options})
        if run:
            steps.append((None, tuple(run)))
        self._steps = tuple(steps)
        # The answers the plan depends on: what a condition looks at, a multi-select's choice.
        self._deciding = frozenset(
            [q.ask_if.question for q in content.questions.values() if q.ask_if]
            + [q.id for q in content.questions.values() if q.kind == "multi"])

    def decides(self, qid: str) -> bool:
        """Whether an answer to `qid` can change the plan (else the plan stays right)."""
        return qid in self._deciding

    def plan(self, answers: dict[str, Answer]) -> list[Slot]:
        """The slots in order for these answers."""
        slots: list[Slot] = []
        for question, step in self._steps:
            if question is None:
                slots.extend(step)
            elif _applies(question, answers):
                slots.append(step)
                if question.kind == "multi":
                    most, notes = self._derived[question.id]
                    picked = [notes[o] for o in chosen(answers, question.id) if o in notes]
                    if len(picked) >= 2:
                        slots.append(most)
                    slots += picked
        return slots


def plan(content: Content, answers: dict[str, Answer]) -> list[Slot]:
    """The slots in order, for a caller without a Planner (export, tools, tests); the flow
    uses its own Planner (`Flow.plan`)."""
    return Planner(content).plan(answers)


def find(slots: list[Slot], slot_id: str) -> int:
    for index, slot in enumerate(slots):
        if slot.id == slot_id:
            return index
    return -1


def next_open(slots: list[Slot], answers: dict[str, Answer], after: str) -> Slot | None:
    """The first unanswered slot after `after`, else the first unanswered at all."""
    start = find(slots, after) + 1
    for slot in slots[start:] + slots[:start]:
        if slot.id not in answers:
            return slot
    return None


def _size(question: Question) -> int:
    """Positions a question can take at most in its part's progress count: a multi-select
    counts as itself, "which weighs most" and one note per topic it allows."""
    if question.paired_to:
        return 0  # asked on its partner's screen
    if question.kind != "multi":
        return 1
    return 1 + (1 if question.max >= 2 else 0) + question.max


def position(content: Content, slot: Slot, answers: dict[str, Answer]) -> tuple[int, int]:
    """(n, count) of a slot within its part, counted on the longest way through the part:
    every conditional question asked, every multi-select at its maximum. A question that
    turns out not to be asked is jumped over, so the position never goes back while the
    client goes forward, and `count` never changes (issue 19: honest progress)."""
    if slot.question.paired_to and slot.question.paired_to in content.questions:
        slot = Slot(slot.question.paired_to, content.questions[slot.question.paired_to])
    part = content.part(slot.question.part)
    base = 0
    for question in part.questions:
        if question.id == slot.question.id:
            break
        base += _size(question)
    count = sum(_size(q) for q in part.questions)
    if slot.role == "ask":
        return base + 1, count
    if slot.role == "most":
        return base + 2, count
    picked = [o for o in chosen(answers, slot.question.id) if o in slot.question.options.options]
    index = picked.index(slot.topic) if slot.topic in picked else 0
    offset = 2 if slot.question.max >= 2 else 1
    return min(base + offset + index + 1, count), count


def part_number(content: Content, part_id: str) -> int:
    return content.part_index(part_id) + 1


def total_parts(content: Content) -> int:
    """Parts shown in the progress line: every content part plus the review."""
    return len(content.parts) + 1
