"""The rules while a question is on screen (asking, or editing one answer from the review).

Which event counts for the question on screen (a button of another question is stale), the
multi-select's ticks, "more" and "why?" shown in place, skipping a part, and /back.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.content.model import Content
from bot.flows.answering import advance, answer, current_slot, go_to, realign, replan
from bot.flows.answers import ANSWERED, SKIPPED, Answer
from bot.flows.events import (
    Choose,
    DoneChoosing,
    Event,
    Examples,
    Keep,
    Media,
    More,
    Review,
    SkipPart,
    Text,
    Toggle,
    Voice,
    WayOut,
    Why,
)
from bot.flows.machine import Conversation
from bot.flows.overview import overview
from bot.flows.own_words import ask_replace, is_own_words, words
from bot.flows.plan import Slot, find, next_open
from bot.flows.progress import progress_line
from bot.flows.question_screen import question
from bot.flows.review import review
from bot.flows.screens import Msg, Outcome, Screen, unchanged

if TYPE_CHECKING:
    from bot.flows.conversation import Flow


def asking(flow: Flow, conv: Conversation, event: Event, now: str,
           slots: list[Slot]) -> Outcome:
    """One event while a question is on screen. (A flat `match` over the event kinds: longer
    than most functions, but each case is one rule and reads best side by side.)"""
    content = flow.content
    slot = current_slot(slots, conv)
    if slot is None and conv.state == "editing":
        # Content changed under this conversation: the answer being edited is gone.
        flow.fire(conv, "edited")
        return Outcome(screens=overview(content, flow.crisis, conv, slots))
    if slot is None:
        # Content changed under this conversation: a button of the next open question
        # (shown after /start or /resume) counts; anything else shows that question.
        slot = realign(conv, slots)
        if slot is None or getattr(event, "slot", None) != slot.id:
            return go_to(flow, conv, slot, slots)
    if conv.state == "editing" and isinstance(event, Review):
        return review(flow, conv, event, slots)
    match event:
        case Choose(slot=slot_id, option=option) if (slot_id == slot.id
                                                     and slot.kind == "choice"):
            if option not in slot.options(conv.answers):
                return unchanged(Msg.of("ui.bad.stale"))
            return answer(flow, conv, slot, Answer(ANSWERED, option, at=now), slots)
        case Toggle(slot=slot_id, option=option) if slot_id == slot.id and slot.kind == "multi":
            return _toggle(content, conv, slot, option, slots)
        case DoneChoosing(slot=slot_id) if slot_id == slot.id and slot.kind == "multi":
            if not conv.draft:
                return answer(flow, conv, slot, Answer(SKIPPED, at=now), slots)
            ordered = [o for o in slot.options(conv.answers) if o in conv.draft]
            return answer(flow, conv, slot, Answer(ANSWERED, ordered, at=now), slots)
        case WayOut(slot=slot_id, status=status) if slot_id == slot.id:
            if is_own_words(slot, conv.answers.get(slot.id)):
                return ask_replace(conv, slot, status)
            return answer(flow, conv, slot, Answer(status, at=now), slots)
        case Keep(slot=slot_id) if slot_id == slot.id and slot.id in conv.answers:
            conv.draft = []
            return advance(flow, conv, slot, Outcome(), slots)
        case More(slot=slot_id, view=view) if slot_id == slot.id:
            return unchanged(None, [replace(question(content, conv, slot, slots, view=view,
                                                     intro=False), mode="edit")])
        case SkipPart(part=part_id) if part_id == slot.question.part and conv.state == "asking":
            return _skip_part(flow, conv, part_id, now, slots)
        case Why(slot=slot_id) | Examples(slot=slot_id) if slot_id == slot.id:
            # "Why?" also shows the part's examples ("think of…"): one button for both.
            return unchanged(None, [replace(question(content, conv, slot, slots, why=True,
                                                     intro=False), mode="edit")])
        case Text(text=text):
            return words(flow, conv, slot, Answer(ANSWERED, text.strip(), at=now), slots)
        case Voice(file_id=file_id):
            return words(flow, conv, slot, Answer(ANSWERED, voice=file_id, at=now), slots)
        case Media():
            return unchanged(None, [Screen((Msg.of("ui.bad.media"),)),
                                    question(content, conv, slot, slots)])
    return unchanged(Msg.of("ui.bad.stale"))


def _toggle(content: Content, conv: Conversation, slot: Slot, option: str,
            slots: list[Slot]) -> Outcome:
    if option not in slot.options(conv.answers):
        return unchanged(Msg.of("ui.bad.stale"))
    if option in conv.draft:
        conv.draft.remove(option)
    elif len(conv.draft) >= slot.question.max:
        return unchanged(Msg.of("ui.multi.limit", max=slot.question.max))
    else:
        conv.draft.append(option)
    return Outcome(screens=[replace(question(content, conv, slot, slots, intro=False),
                                    mode="edit")])


def _skip_part(flow: Flow, conv: Conversation, part_id: str, now: str,
               slots: list[Slot]) -> Outcome:
    """Every open question of the part skipped; the plan is computed again (once) when one of
    them decides it."""
    content = flow.content
    part = content.part(part_id)
    changes: dict[str, object] = {}
    for slot in slots:
        if slot.question.part == part_id and slot.id not in conv.answers:
            conv.answers[slot.id] = changes[slot.id] = Answer(SKIPPED, at=now)
    slots = replan(flow, conv, slots, changes)
    last = [s for s in slots if s.question.part == part_id][-1]
    closed = Screen((progress_line(content, part), Msg.of("ui.answer.skipped")))
    out = go_to(flow, conv, next_open(slots, conv.answers, last.id), slots, close=closed)
    out.answers = changes
    return out


def back(flow: Flow, conv: Conversation, slots: list[Slot]) -> Outcome:
    """/back: the previous question (the last one from the review); a pair's second aspect
    is asked on its partner's screen, so back goes to that screen."""
    if conv.state == "paused":
        flow.fire(conv, "resume")
    if conv.state == "review":
        if not slots:
            return unchanged(None, [Screen((Msg.of("ui.back.none"),))])
        conv.review_part = ""
        flow.fire(conv, "reopen")
        return go_to(flow, conv, slots[-1], slots)
    if conv.state != "asking":
        return unchanged(None, [Screen((Msg.of("ui.back.none"),)),
                                *flow.screens_for(conv, slots)])
    index = find(slots, conv.slot)
    if index <= 0:
        return unchanged(None, [Screen((Msg.of("ui.back.none"),))])
    current = slots[index]
    previous = index - 1
    while previous > 0 and slots[previous].question.paired_to == slots[previous - 1].id:
        previous -= 1  # asked on its partner's screen: back to that screen
    return go_to(flow, conv, slots[previous], slots,
                 close=question(flow.content, conv, current, slots, closed=True))
