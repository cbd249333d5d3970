"""Storing an answer and moving on: the rules every way of answering shares.

An answer (a tap, a way out, own words) is stored under its slot — a pair's one tap under both
ids — answers that the new choice made meaningless are dropped, and the client moves to the
next open question (or, when editing, back to the part's review).

`slots` is the plan, computed once per event by `Flow.handle` and passed along; `answer` is
where the answers change, so when the answer decides the plan (a condition looks at it, or
a multi-select's choice) it computes the plan once more and passes that on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.flows.answers import ANSWERED, EXTRA_SUFFIX, Answer
from bot.flows.machine import Conversation
from bot.flows.overview import overview, review_part
from bot.flows.plan import Slot, find, next_open
from bot.flows.question_screen import question
from bot.flows.readback import WAY_OUT_LABELS
from bot.flows.screens import Outcome, Screen

if TYPE_CHECKING:
    from bot.flows.conversation import Flow


def current_slot(slots: list[Slot], conv: Conversation) -> Slot | None:
    """The slot on screen, if the plan (content and answers) still has it."""
    index = find(slots, conv.slot)
    return slots[index] if index >= 0 else None


def go_to(flow: Flow, conv: Conversation, slot: Slot | None, slots: list[Slot],
          close: Screen | None = None, before: list[Screen] | None = None) -> Outcome:
    """Show `slot` (or the overview after the last)."""
    screens = list(before or [])
    if slot is None:
        conv.slot = ""
        flow.fire(conv, "complete")
        screens += overview(flow.content, flow.crisis, conv, slots)
    else:
        conv.slot = slot.id
        conv.draft = list(current_choice(conv, slot))
        screens.append(question(flow.content, conv, slot, slots))
    return Outcome(screens=screens, close=close)


def current_choice(conv: Conversation, slot: Slot) -> list[str]:
    answer = conv.answers.get(slot.id)
    if slot.kind == "multi" and answer and isinstance(answer.value, list):
        return list(answer.value)
    return []


def advance(flow: Flow, conv: Conversation, slot: Slot, out: Outcome,
            slots: list[Slot]) -> Outcome:
    """After an answer: back to the overview when editing, else the next open question."""
    closed = question(flow.content, conv, slot, slots, closed=True)
    if conv.state == "editing":
        flow.fire(conv, "edited")
        conv.review_part = slot.question.part + (
            f"/{slot.question.value}" if slot.question.value else "")
        result = Outcome(screens=review_part(flow.content, flow.crisis, conv, slots),
                         close=closed)
    else:
        upcoming = next_open(slots, conv.answers, slot.id)
        result = go_to(flow, conv, upcoming, slots, close=closed)
    result.answers = out.answers
    return result


def realign(conv: Conversation, slots: list[Slot]) -> Slot | None:
    """After a restart with changed content the question on screen may be gone: move to
    the next open one (asking). Editing a gone question ends the edit: None."""
    if conv.state != "asking":
        return None
    upcoming = next_open(slots, conv.answers, conv.slot)
    if upcoming is not None:
        conv.slot = upcoming.id
    return upcoming


def answer(flow: Flow, conv: Conversation, slot: Slot, given: Answer,
           slots: list[Slot]) -> Outcome:
    """Store `given` for `slot` (and its pair's partner), keep "only for me", move on; the
    plan is computed again (once) when the answer decides it."""
    together = {slot.id: given}
    pair = slot.question.pair if slot.role == "ask" else None
    if pair is not None:
        # One tap, both answers: each under its own id and on its own scale.
        both = pair.values(str(given.value)) if given.status == ANSWERED else None
        if both is not None:
            together = {slot.id: replace(given, value=both[0]),
                        pair.partner: replace(given, value=both[1])}
        elif given.status in WAY_OUT_LABELS:
            together = {slot.id: given, pair.partner: given}
    changes: dict[str, object] = {}
    for key, one in together.items():
        previous = conv.answers.get(key)
        if previous and previous.private:
            one = one.with_private(True)
        conv.answers[key] = changes[key] = one
    slots = replan(flow, conv, slots, changes)
    if slot.kind == "multi":
        changes.update(_drop_orphans(conv, slot, slots))
    conv.draft = []
    return advance(flow, conv, slot, Outcome(answers=changes), slots)


def replan(flow: Flow, conv: Conversation, slots: list[Slot],
           changed: dict[str, object]) -> list[Slot]:
    """The plan after these answers changed: the same `slots` unless one of them decides it."""
    if any(flow.planner.decides(qid) for qid in changed):
        return flow.plan(conv.answers)
    return slots


def _drop_orphans(conv: Conversation, slot: Slot, slots: list[Slot]) -> dict[str, object]:
    """Answers of derived slots (weighs most, notes) that the new choice made meaningless
    (derived answers never decide the plan, so `slots` stays right after dropping them)."""
    live = {s.id for s in slots}
    prefix = slot.question.id + "."
    orphans = [k for k in conv.answers if k.startswith(prefix) and k not in live
               and not k.endswith(EXTRA_SUFFIX)]
    most = conv.answers.get(slot.question.id + ".most")
    if most and most.status == ANSWERED and most.value not in _chosen(conv, slot):
        orphans.append(slot.question.id + ".most")
    for key in orphans:
        conv.answers.pop(key, None)
    return dict.fromkeys(orphans)


def _chosen(conv: Conversation, slot: Slot) -> list[str]:
    answer = conv.answers.get(slot.question.id)
    return list(answer.value) if answer and isinstance(answer.value, list) else []
