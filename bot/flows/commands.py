"""The client's commands (/help, /pause, /resume, /back, /restart, /delete, /mydata, /language)
and the yes/no questions some of them ask first (also "replace your own words?").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.flows import callbacks as cb
from bot.flows.asking import back
from bot.flows.events import Confirm
from bot.flows.machine import ACTIVE, Conversation
from bot.flows.own_words import replace_words
from bot.flows.plan import Slot
from bot.flows.readback import all_answers
from bot.flows.screens import Button, Msg, Outcome, Screen, unchanged

if TYPE_CHECKING:
    from bot.flows.conversation import Flow


def command(flow: Flow, conv: Conversation, name: str, slots: list[Slot]) -> Outcome:
    match name:
        case "help":
            return unchanged(None, [Screen((Msg.of("ui.help"), *flow.retention_note(),
                                            Msg.of("ui.crisis")))])
        case "pause" if conv.state in ACTIVE:
            conv.resume_to = conv.state
            flow.fire(conv, "pause")
            return Outcome(screens=[Screen((Msg.of("ui.paused"),))])
        case "resume" | "pause" | "start":
            if conv.state == "paused":
                flow.fire(conv, "resume")
                return Outcome(screens=[Screen((Msg.of("ui.resumed"),)),
                                        *flow.screens_for(conv, slots)])
            return unchanged(None, flow.screens_for(conv, slots))
        case "back":
            return back(flow, conv, slots)
        case "restart" | "delete":
            conv.confirm = name
            return Outcome(screens=[Screen((Msg.of(f"ui.{name}.confirm"),), (
                (Button(Msg.of("ui.btn.yes"), cb.confirm(name, True)),
                 Button(Msg.of("ui.btn.no"), cb.confirm(name, False))),
            ))])
        case "mydata":
            # Shown here, and sent in full as a file by the caller.
            shown = (Screen(tuple(all_answers(flow.content, conv, slots))) if conv.answers
                     else Screen((Msg.of("ui.mydata.none"),)))
            return Outcome(screens=[shown], export=True, changed=False)
        case "language":
            return unchanged(None, [Screen((Msg.of("ui.language.choose"),), tuple(
                (Button(Msg.of(f"lang.{lang}"), cb.language(lang)),)
                for lang in flow.content.languages
            ))])
    return unchanged(None, [Screen((Msg.of("ui.bad.unknown_command"),))])


def confirm(flow: Flow, conv: Conversation, event: Confirm, now: str,
            slots: list[Slot]) -> Outcome:
    """A yes or no to the pending question; a stale one changes nothing."""
    if conv.confirm != event.what:
        return unchanged(Msg.of("ui.bad.stale"))
    conv.confirm = ""
    if event.what.startswith("replace_"):
        return replace_words(flow, conv, event.what.removeprefix("replace_"), event.yes, now,
                             slots)
    closed = Screen((Msg.of(f"ui.{event.what}.confirm"),))
    if not event.yes:
        return Outcome(screens=[Screen((Msg.of("ui.cancelled"),)),
                                *flow.screens_for(conv, slots)],
                       close=closed)
    if event.what == "delete":
        # What was already sent stays with the professional: say so, and how to ask them.
        done = "ui.delete.done.shared" if conv.shared else "ui.delete.done"
        flow.fire(conv, "forget")
        fresh = Conversation(conv.chat_id, conv.lang)
        conv.__dict__.update(fresh.__dict__)
        return Outcome(screens=[Screen((Msg.of(done),))], delete_all=True, close=closed)
    answers_before = list(conv.answers)
    conv.answers.clear()
    conv.slot, conv.draft, conv.review_part, conv.shared = "", [], "", False
    if conv.state != "welcome":
        flow.fire(conv, "restart")
    return Outcome(screens=[Screen((Msg.of("ui.restart.done"),)), *flow.welcome(conv.lang)],
                   erase_answers=True, answers=dict.fromkeys(answers_before), close=closed)
