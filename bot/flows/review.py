"""The rules at review and sharing: open a part, edit an answer, "only for me", remove words
typed beside an answer, the agenda, and the one tap that shares (or not) and finishes.

The screens these rules show are built in bot/flows/overview.py and question_screen.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.flows.agenda_review import agenda_add, agenda_event
from bot.flows.answering import current_choice
from bot.flows.answers import EXTRA_SUFFIX
from bot.flows.events import Event, Media, Review, Share, Text, Voice
from bot.flows.machine import Conversation
from bot.flows.overview import overview, review_part, review_target, share_question
from bot.flows.plan import Slot, find
from bot.flows.question_screen import question
from bot.flows.screens import Msg, Outcome, Screen, unchanged

if TYPE_CHECKING:
    from bot.flows.conversation import Flow


def review(flow: Flow, conv: Conversation, event: Event, slots: list[Slot]) -> Outcome:
    """One event at review (or a review button while editing): sharing from the overview,
    the words of a new agenda point, else a review button (`_button`)."""
    content, crisis = flow.content, flow.crisis
    if isinstance(event, Share) and conv.state == "review":
        # The overview asks the question itself: one tap shares (or not) and finishes.
        closed = Screen(overview(content, crisis, conv, slots)[0].lines)
        conv.agenda_adding = False
        flow.fire(conv, "to_sharing")
        out = sharing(flow, conv, event, slots)
        out.close = closed
        return out
    if conv.agenda_adding and conv.state == "review" and not isinstance(event, Review):
        return agenda_add(content, conv, event, slots)
    conv.agenda_adding = conv.agenda_adding and isinstance(event, Review) and (
        event.action == "agenda")
    if not isinstance(event, Review):
        if isinstance(event, Text | Voice | Media):
            return unchanged(None, [Screen((Msg.of("ui.review.pick"),)),
                                    *flow.screens_for(conv, slots)])
        return unchanged(Msg.of("ui.bad.stale"))
    return _button(flow, conv, event, slots)


def _button(flow: Flow, conv: Conversation, event: Review, slots: list[Slot]) -> Outcome:
    """A review button. (A flat `match`: longer than most functions, but each case is one
    rule and they read best side by side.)"""
    content, crisis = flow.content, flow.crisis
    match event.action:
        case "part" if review_target(content, event.target)[0] is not None:
            conv.review_part = event.target
            shown = review_part(content, crisis, conv, slots)
            paged = "@" in event.target or "/" in event.target
            return Outcome(screens=[replace(s, mode="edit") for s in shown] if paged
                           else shown)
        case "words" if conv.state == "editing" and event.target == conv.slot:
            # Remove only the words typed beside this answer (the history keeps them).
            key = conv.slot + EXTRA_SUFFIX
            if key not in conv.answers:
                return unchanged(Msg.of("ui.bad.stale"))
            conv.answers.pop(key)
            slot = slots[find(slots, conv.slot)]
            return Outcome(screens=[Screen((Msg.of("ui.words.removed"),)),
                                    question(content, conv, slot, slots)], answers={key: None})
        case "overview":
            if conv.state == "editing":
                flow.fire(conv, "edited")
            conv.review_part = ""
            return Outcome(screens=overview(content, crisis, conv, slots))
        case "edit" if find(slots, event.target) >= 0:
            if conv.state == "editing":
                flow.fire(conv, "edited")
            slot = slots[find(slots, event.target)]
            flow.fire(conv, "edit")
            conv.slot = slot.id
            conv.draft = current_choice(conv, slot)
            return Outcome(screens=[question(content, conv, slot, slots)])
        case "private" if conv.state == "editing" and event.target == conv.slot:
            answer = conv.answers.get(conv.slot)
            if answer is None:
                return unchanged(Msg.of("ui.answer.empty"))
            updated = answer.with_private(not answer.private)
            conv.answers[conv.slot] = updated
            slot = slots[find(slots, conv.slot)]
            return Outcome(screens=[replace(question(content, conv, slot, slots), mode="edit")],
                           answers={conv.slot: updated})
        case "private" if conv.state == "review" and find(slots, event.target) >= 0:
            # "Only for me" from the crisis line at review (overview.crisis_rows).
            answer = conv.answers.get(event.target)
            if answer is None:
                return unchanged(Msg.of("ui.answer.empty"))
            conv.answers[event.target] = answer.with_private(True)
            return Outcome(screens=overview(content, crisis, conv, slots),
                           answers={event.target: conv.answers[event.target]})
        case "share" if conv.state == "review":
            flow.fire(conv, "to_sharing")
            return Outcome(screens=[share_question(conv)])
        case "agenda" if conv.state == "review":
            return agenda_event(content, conv, event.target, slots)
    return unchanged(Msg.of("ui.bad.stale"))


def sharing(flow: Flow, conv: Conversation, event: Event, slots: list[Slot]) -> Outcome:
    """The share question's answer: shared only with a linked professional and a yes."""
    if isinstance(event, Review) and event.action == "overview":
        flow.fire(conv, "to_review")
        conv.review_part = ""
        return Outcome(screens=overview(flow.content, flow.crisis, conv, slots))
    if not isinstance(event, Share):
        return unchanged(None, [share_question(conv)])
    linked = bool(conv.invite)
    conv.shared = event.yes and linked
    flow.fire(conv, "finish")
    # Without a professional nothing goes anywhere, whatever was tapped: say so plainly.
    text = ("ui.done.unlinked" if not linked else
            "ui.done.shared" if event.yes else "ui.done.kept")
    return Outcome(screens=[Screen((Msg.of(text),))], shared=conv.shared,
                   close=Screen((Msg.of("ui.share.confirm" if linked
                                        else "ui.share.unlinked"),)))
