"""Where the client is: the "part 3 of 12 · question 2 of 4" line and the answered count.

The position within a part is counted on the longest way through it (bot.flows.plan.position),
so it moves with every answer and never goes back (issue 19: honest progress).
"""

from __future__ import annotations

from bot.content.model import Content, Part
from bot.flows.answers import Answer
from bot.flows.plan import Slot, find, part_number, position, total_parts
from bot.flows.screens import Msg


def progress_line(content: Content, part: Part, slot: Slot | None = None,
                  slots: list[Slot] | None = None,
                  answers: dict[str, Answer] | None = None) -> Msg:
    """"Part 3 of 12: title · question 2 of 4": counted on the longest way through the
    part (bot.flows.plan.position), so the position moves with every answer and never goes
    back, even when an answer changed on the way back drops later questions."""
    number = dict(part=part_number(content, part.id), parts=total_parts(content),
                  title=Msg.of(part.title_id))
    if slot is None or slots is None:
        return Msg.of("ui.progress", **number)
    if find(slots, slot.id) < 0:
        return Msg.of("ui.progress", **number)
    n, count = position(content, slot, answers or {})
    return Msg.of("ui.progress.question", **number, n=n, count=count)


def answered_count(slots: list[Slot], answers: dict[str, Answer]) -> tuple[int, int]:
    """(answered, total) slots: ways out count as answered, so the figure never lies."""
    return sum(1 for s in slots if s.id in answers), len(slots)
