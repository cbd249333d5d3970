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


# Keyed on id(content); each entry keeps its content alive, so that id cannot be reused by
# another Content (tests and content changes build several) while the entry exists.
_PLANS: dict[tuple, tuple[Content, list[Slot]]] = {}
_PLAN_CACHE_LIMIT = 4096


def _deciding(content: Content, answers: dict[str, Answer]) -> tuple:
    """The answers the plan depends on: conditions and multi-select choices."""
    key: list = [id(content)]
    get = answers.get
    for qid in content.deciding:
        answer = get(qid)
        if answer is None or answer.status != ANSWERED:
            key.append(None)
        else:
            value = answer.value
            key.append(tuple(value) if type(value) is list else value)
    return tuple(key)


def plan(content: Content, answers: dict[str, Answer]) -> list[Slot]:
    """The slots in order; memoised on the few answers that decide it (called per event)."""
    key = _deciding(content, answers)
    cached = _PLANS.get(key)
    if cached is None:
        if len(_PLANS) >= _PLAN_CACHE_LIMIT:
            _PLANS.clear()
        cached = _PLANS[key] = (content, _build_plan(content, answers))
    return list(cached[1])


def _build_plan(content: Content, answers: dict[str, Answer]) -> list[Slot]:
    slots: list[Slot] = []
    for part in content.parts:
        for question in part.questions:
            if not _applies(question, answers):
                continue
            slots.append(Slot(question.id, question))
            if question.kind == "multi":
                picked = [o for o in chosen(answers, question.id)
                          if o in question.options.options]
                if len(picked) >= 2:
                    slots.append(Slot(question.id + MOST_SUFFIX, question, "most"))
                for topic in picked:
                    slots.append(
                        Slot(f"{question.id}{NOTE_SUFFIX}.{topic}", question, "note", topic)
                    )
    return slots


def find(slots: list[Slot], slot_id: str) -> int:
    return next((i for i, s in enumerate(slots) if s.id == slot_id), -1)


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
