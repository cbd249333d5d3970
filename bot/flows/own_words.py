"""The client's own words: an open question's answer, words kept beside a button question, and
the question before a way out would replace words already given ("keep" or "replace").

Nothing a client typed is lost: words beside a button answer are added to earlier ones, and a
replaced answer stays in the history.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.flows import callbacks as cb
from bot.flows.answering import answer, current_slot
from bot.flows.answers import ANSWERED, EXTRA_SUFFIX, Answer
from bot.flows.machine import Conversation
from bot.flows.plan import Slot
from bot.flows.question_screen import question
from bot.flows.readback import ANSWER_LABELS, WAY_OUT_LABELS, answer_text
from bot.flows.screens import Button, Msg, Outcome, Screen, unchanged

if TYPE_CHECKING:
    from bot.flows.conversation import Flow


def is_own_words(slot: Slot, given: Answer | None) -> bool:
    """An answer in the client's own words (typed or spoken), which a way out would
    replace: the flow asks first. (Words beside a button question are kept apart.)"""
    return bool(given and given.status == ANSWERED and slot.kind == "text"
                and (given.voice or given.value))


def ask_replace(conv: Conversation, slot: Slot, status: str) -> Outcome:
    conv.confirm = f"replace_{status}"
    given = conv.answers.get(slot.id)
    return Outcome(screens=[Screen((
        Msg.of("ui.replace.confirm", answer=answer_text(slot, given),
               way_out=Msg.of(ANSWER_LABELS[status])),), (
        (Button(Msg.of("ui.btn.replace"), cb.confirm(conv.confirm, True)),
         Button(Msg.of("ui.btn.keep"), cb.confirm(conv.confirm, False))),
    ))])


def words(flow: Flow, conv: Conversation, slot: Slot, given: Answer,
          slots: list[Slot]) -> Outcome:
    """Own words: the answer to an open question, or kept beside a button question (words
    beside never decide the plan, so `slots` stays right)."""
    if slot.kind == "text":
        return answer(flow, conv, slot, given, slots)
    key = slot.id + EXTRA_SUFFIX
    earlier = conv.answers.get(key)
    if earlier and given.value and earlier.value:
        given = replace(given, value=f"{earlier.value}\n{given.value}", voice=earlier.voice)
    elif earlier and given.voice is None:
        given = replace(given, voice=earlier.voice)
    conv.answers[key] = given
    return Outcome(screens=[Screen((Msg.of("ui.noted"),)),
                            question(flow.content, conv, slot, slots)],
                   answers={key: given})


def replace_words(flow: Flow, conv: Conversation, status: str, yes: bool, now: str,
                  slots: list[Slot]) -> Outcome:
    """The answer to "replace your own words with a way out?"; the words stay in the
    history either way."""
    slot = current_slot(slots, conv) if conv.state in ("asking", "editing") else None
    if slot is None or status not in WAY_OUT_LABELS:
        return unchanged(Msg.of("ui.bad.stale"))
    if not yes:
        return Outcome(screens=[question(flow.content, conv, slot, slots, intro=False)],
                       close=Screen((Msg.of("ui.answer.kept"),)))
    return answer(flow, conv, slot, Answer(status, at=now), slots)
