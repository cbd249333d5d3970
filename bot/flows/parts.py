"""A long story sent in parts: the bot refuses a text over the limit and asks for a few parts,
so the question on screen stays open until the client says all parts are there.

After the refusal, every text (or voice note) for that open question is added to its answer —
the first part replaces an earlier answer as any new text would, the next ones are appended —
and the client sees "part N kept; send the next one or tap Done". Done goes on as "keep this
answer" does. Words beside a button question are appended anyway (own_words.py), so only an
open question needs this; nothing a client sends in parts lands under the next question.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.flows import callbacks as cb
from bot.flows.answers import ANSWERED, Answer
from bot.flows.machine import Conversation
from bot.flows.plan import Slot, find
from bot.flows.screens import Button, Msg, Outcome, Screen, unchanged

if TYPE_CHECKING:
    from bot.flows.conversation import Flow


def too_long(flow: Flow, conv: Conversation, slots: list[Slot]) -> Outcome:
    """Refuse the text; while a question is on screen, keep it open for the parts."""
    refused = Msg.of("ui.bad.too_long", max=flow.content.max_text_length)
    index = find(slots, conv.slot) if conv.state in ("asking", "editing") else -1
    if index < 0:
        return unchanged(refused, screens=[])
    if slots[index].kind == "text" and conv.adding != slots[index].id:
        conv.adding, conv.parts = slots[index].id, 0
        return Outcome(screens=[Screen((refused, Msg.of("ui.parts.open")))])
    return unchanged(None, [Screen((refused, Msg.of("ui.parts.open")))])


def taking_parts(conv: Conversation, slot: Slot) -> bool:
    return conv.adding == slot.id and slot.kind == "text"


def add_part(conv: Conversation, slot: Slot, given: Answer) -> Outcome:
    """One part of a long answer: kept under the open question, which stays on screen."""
    earlier = conv.answers.get(slot.id)
    if conv.parts and earlier is not None:
        given = joined(earlier, given)
    if earlier is not None and earlier.private:
        given = given.with_private(True)
    conv.parts += 1
    conv.answers[slot.id] = given
    return Outcome(screens=[Screen((Msg.of("ui.parts.added", n=conv.parts),), (
        (Button(Msg.of("ui.btn.parts_done"), cb.keep(slot.id)),),
    ))], answers={slot.id: given})


def joined(earlier: Answer, given: Answer) -> Answer:
    """`given` added after `earlier` (typed words joined by a line break, a voice note kept)."""
    if earlier.status != ANSWERED:
        return given
    before = earlier.value if isinstance(earlier.value, str) else ""
    after = given.value if isinstance(given.value, str) else ""
    words = "\n".join(w for w in (before, after) if w) or None
    return replace(given, value=words, voice=given.voice or earlier.voice)


def stop_parts(conv: Conversation) -> None:
    """Leaving the question ends taking parts."""
    conv.adding, conv.parts = "", 0
