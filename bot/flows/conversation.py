"""The client's preparation: one event in, a new state and screens out.

`Flow.handle` is the one entry point. It checks what holds for every event (too long, crisis
words, an edited message), then routes the event by step: the welcome and consent here, the
rules while asking in asking.py (storing an answer in answering.py, own words in
own_words.py), the review and sharing in review.py (the agenda in agenda_review.py), the
commands in commands.py. The steps are a `transitions` machine (machine.py, with the
`Conversation` state). Screens are built apart, from the state only: question_screen.py,
overview.py, readback.py, progress.py. Within the `asking` step the position is a slot id
and the order comes from the plan (plan.py), computed from content and answers once per
event and passed along as `slots` (once more where an answer changed it). The flow never
sends, never stores and never reads the clock: the caller passes `now` and commits the
outcome before replying.
"""

from __future__ import annotations

from transitions import MachineError

from bot.content.model import Content
from bot.flows import callbacks as cb
from bot.flows.answering import current_slot, go_to, realign
from bot.flows.answers import Answer
from bot.flows.asking import asking
from bot.flows.commands import command, confirm
from bot.flows.crisis import CrisisMatcher
from bot.flows.events import (
    Command,
    Confirm,
    Consent,
    Event,
    Media,
    SetLanguage,
    Stale,
    Start,
    Text,
    Voice,
)
from bot.flows.machine import ACTIVE, STATES, Conversation, Steps
from bot.flows.overview import overview, review_part, share_question
from bot.flows.parts import too_long
from bot.flows.plan import Planner, Slot, next_open
from bot.flows.progress import answered_count
from bot.flows.question_screen import MAX_BUTTONS, question
from bot.flows.readback import answer_text, question_text
from bot.flows.referral import CALM, referral_due, without_push
from bot.flows.review import review, sharing
from bot.flows.screens import Button, Msg, Outcome, Screen, unchanged

# What the welcome says before the length has been measured (tests building a bare Flow).
DEFAULT_MINUTES = 15


class Flow:
    """Built once at start-up; `handle` is safe to call for any number of conversations."""

    # (days kept after the appointment, days after the last message without one): said in
    # the welcome and /help; set at start-up from the configuration (bot/app_core.py).
    retention: tuple[int, int] | None = None

    def __init__(self, content: Content, crisis: CrisisMatcher, contact: str = ""):
        self.content = content
        self.crisis = crisis
        self.contact = contact
        # "About N minutes" in the welcome, per language: measured (bot.length) at start-up.
        self.minutes: dict[str, int] = {}
        self.steps = Steps()
        self.planner = Planner(content)

    # ----- entry points -------------------------------------------------------------------

    def handle(self, conversation: Conversation, event: Event, now: str = "") -> tuple[
        Conversation, Outcome
    ]:
        """Apply one event to a copy of the conversation; the original is never changed."""
        conv = conversation.copy()
        return conv, self._dispatch(conv, event, now)

    def plan(self, answers: dict[str, Answer]) -> list[Slot]:
        """Which questions, in order, for these answers (bot.flows.plan)."""
        return self.planner.plan(answers)

    def fire(self, conv: Conversation, trigger: str) -> None:
        """Move between steps only along the machine's transitions (MachineError otherwise)."""
        self.steps.fire(conv, trigger)

    def screens_for(self, conv: Conversation, slots: list[Slot] | None = None) -> list[Screen]:
        """What the client should see now: used after resume, language change and restart.
        `slots`: the plan, when the caller has it."""
        if conv.state in ("new", "welcome", "declined"):
            return self.welcome(conv.lang)
        slots = self.plan(conv.answers) if slots is None else slots
        match conv.state:
            case "asking" | "editing":
                slot = current_slot(slots, conv) or realign(conv, slots)
                return ([question(self.content, conv, slot, slots)] if slot
                        else overview(self.content, self.crisis, conv, slots))
            case "review":
                return (review_part(self.content, self.crisis, conv, slots) if conv.review_part
                        else overview(self.content, self.crisis, conv, slots))
            case "sharing":
                return [share_question(conv)]
            case "paused":
                return [Screen((Msg.of("ui.paused"),))]
            case _:
                return [Screen((Msg.of("ui.done.again"),))]

    def progress(self, conv: Conversation) -> tuple[int, int]:
        """(answered, total) slots: ways out count as answered, so the figure never lies."""
        return answered_count(self.plan(conv.answers), conv.answers)

    def question_text(self, slot: Slot) -> Msg:
        """The question an answer belongs to (for the client's own copy): for two aspects
        asked on one screen, each aspect's own question."""
        return question_text(slot, asked=False)

    def answer_text(self, slot: Slot, answer: Answer | None, short: bool = False,
                    limit: int = 0) -> Msg:
        """How an answer reads back to the client (bot.flows.readback)."""
        return answer_text(slot, answer, short=short, limit=limit)

    def retention_note(self) -> tuple[Msg, ...]:
        if self.retention is None:
            return ()
        days, idle = self.retention
        return (Msg.of("privacy.retention", days=days, idle=idle),)

    # ----- dispatch ---------------------------------------------------------------------

    def _dispatch(self, conv: Conversation, event: Event, now: str) -> Outcome:
        # Crisis words are looked for in every text the client wrote, an over-long one too
        # (the matcher reads a 3,000-character message in about 2 ms).
        matched = (isinstance(event, Text) and event.own
                   and self.crisis.matches(event.text, conv.lang))
        crisis = self._crisis_screens(conv, now) if matched else []
        if isinstance(event, Text) and len(event.text) > self.content.max_text_length:
            out = too_long(self, conv, self.plan(conv.answers))
            if crisis:
                out.screens[:0] = crisis
                out.changed = True
            return out
        if isinstance(event, Text) and event.edited:
            out = Outcome(screens=crisis, changed=bool(crisis))
            return out
        # The plan, once for this event; passed along to every rule and screen that needs it.
        slots = self.plan(conv.answers)
        out = self._route(conv, event, now, slots)
        if matched:
            out.screens = without_push(out.screens)
        if crisis:
            out.screens[:0] = crisis
            out.changed = True
        return out

    def _crisis_screens(self, conv: Conversation, now: str) -> list[Screen]:
        """The referral due for crisis words (bot.flows.referral); only its time is kept."""
        due = referral_due(conv.crisis_shown, conv.crisis_at, now)
        if due is None:
            return []
        conv.crisis_shown, conv.crisis_at = True, now
        return [Screen((Msg.of(due), Msg.of(CALM)))]

    def _route(self, conv: Conversation, event: Event, now: str,
               slots: list[Slot]) -> Outcome:
        if isinstance(event, Command):
            return command(self, conv, event.name, slots)
        if isinstance(event, Confirm):
            return confirm(self, conv, event, now, slots)
        if isinstance(event, SetLanguage):
            if event.lang not in self.content.languages:
                return unchanged(Msg.of("ui.bad.stale"))
            conv.lang = event.lang
            return Outcome(screens=[Screen((Msg.of("ui.language.set"),)),
                                    *self.screens_for(conv, slots)])
        if isinstance(event, Start):
            return self._start(conv, event, slots)
        if conv.state == "paused":
            self.fire(conv, "resume")
            if isinstance(event, Text | Voice | Media | Stale):
                return Outcome(screens=[Screen((Msg.of("ui.resumed"),)),
                                        *self.screens_for(conv, slots)])
            return self._route(conv, event, now, slots)
        match conv.state:
            case "new" | "declined":
                return self._start(conv, Start(), slots)
            case "welcome":
                return self._welcome_event(conv, event, slots)
            case "asking" | "editing":
                return asking(self, conv, event, now, slots)
            case "review":
                return review(self, conv, event, slots)
            case "sharing":
                return sharing(self, conv, event, slots)
        return unchanged(None, screens=[Screen((Msg.of("ui.done.again"),))])

    # ----- welcome and consent ---------------------------------------------------------

    def welcome(self, lang: str = "") -> list[Screen]:
        contact = (Msg.of("ui.contact", contact=self.contact) if self.contact
                   else Msg.of("ui.contact.none"))
        return [
            Screen((Msg.of("ui.welcome", contact=contact,
                           minutes=self.minutes.get(lang, DEFAULT_MINUTES)), Msg.of("ui.privacy"),
                    *self.retention_note(), Msg.of("crisis.welcome"))),
            Screen((Msg.of("ui.consent.question"),), (
                (Button(Msg.of("ui.btn.consent_yes"), cb.consent(True)),),
                (Button(Msg.of("ui.btn.consent_no"), cb.consent(False)),),
            )),
        ]

    def _start(self, conv: Conversation, event: Start, slots: list[Slot]) -> Outcome:
        new_invite = bool(event.invite) and event.invite != conv.invite
        if new_invite:
            conv.invite = event.invite
            conv.invite_benefit = event.benefit or conv.invite_benefit
        elif event.benefit and not conv.invite_benefit:
            conv.invite_benefit = event.benefit
        if new_invite and conv.state == "done":
            # What was shared (or kept) was decided for another appointment: nothing goes to
            # this professional until the client has looked again and said yes.
            conv.shared = False
            self.fire(conv, "reconsider")
            return Outcome(screens=[Screen((Msg.of("ui.invite.decide_again"),)),
                                    *overview(self.content, self.crisis, conv, slots)])
        if conv.state in ("new", "declined"):
            self.fire(conv, "start")
            return Outcome(screens=self.welcome(conv.lang))
        if conv.state == "welcome":
            return Outcome(screens=self.welcome(conv.lang))
        if conv.state == "paused":
            self.fire(conv, "resume")
            return Outcome(screens=[Screen((Msg.of("ui.resumed"),)),
                                    *self.screens_for(conv, slots)])
        return Outcome(screens=self.screens_for(conv, slots))

    def _welcome_event(self, conv: Conversation, event: Event, slots: list[Slot]) -> Outcome:
        if not isinstance(event, Consent):
            # A sticker, photo or words before consent: say what works here, then ask again.
            hint = ([Screen((Msg.of("ui.bad.consent"),))]
                    if isinstance(event, Media | Text | Voice | Stale) else [])
            return unchanged(None, screens=[*hint, *self.welcome(conv.lang)[1:]])
        if not event.yes:
            self.fire(conv, "decline")
            return Outcome(screens=[Screen((Msg.of("ui.declined"),))],
                           close=Screen((Msg.of("ui.consent.question"),)))
        self.fire(conv, "accept")
        first = next_open(slots, conv.answers, "")
        if first is None:
            self.fire(conv, "complete")
            return Outcome(screens=overview(self.content, self.crisis, conv, slots))
        return go_to(self, conv, first, slots, close=Screen((Msg.of("ui.consent.question"),)))


__all__ = ["ACTIVE", "MAX_BUTTONS", "STATES", "Conversation", "Flow", "MachineError"]
