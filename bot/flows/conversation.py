"""The client's preparation as a state machine: one event in, a new state and screens out.

The steps are the machine's states (built once with `transitions`; triggers are the only way to
move between steps). Within the `asking` step the position is a slot id and the order comes
from `plan()`, recomputed from content and answers. The flow never sends, never stores and
never reads the clock: the caller passes `now` and commits the outcome before replying.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from transitions import Machine, MachineError

from bot.content.model import SHORT_SUFFIX, Content, Part
from bot.flows import callbacks as cb
from bot.flows.agenda import MAX_OWN, MAX_OWN_LENGTH, agenda
from bot.flows.answers import (
    ANSWERED,
    DISCUSS,
    DONT_KNOW,
    EXTRA_SUFFIX,
    SKIPPED,
    Answer,
)
from bot.flows.crisis import CrisisMatcher
from bot.flows.events import (
    Choose,
    Command,
    Confirm,
    Consent,
    DoneChoosing,
    Event,
    Examples,
    Keep,
    Media,
    More,
    Review,
    SetLanguage,
    Share,
    SkipPart,
    Stale,
    Start,
    Text,
    Toggle,
    Voice,
    WayOut,
    Why,
)
from bot.flows.plan import (
    Slot,
    find,
    next_open,
    part_number,
    plan,
    position,
    total_parts,
)
from bot.flows.referral import CALM, referral_due, without_push
from bot.flows.screens import Button, Msg, Outcome, Screen

STATES = ["new", "welcome", "declined", "asking", "paused", "review", "editing", "sharing", "done"]
ACTIVE = ["asking", "review", "editing", "sharing"]
TRANSITIONS = [
    {"trigger": "start", "source": ["new", "declined"], "dest": "welcome"},
    {"trigger": "accept", "source": "welcome", "dest": "asking"},
    {"trigger": "decline", "source": "welcome", "dest": "declined"},
    {"trigger": "complete", "source": "asking", "dest": "review"},
    {"trigger": "reopen", "source": "review", "dest": "asking"},
    {"trigger": "edit", "source": "review", "dest": "editing"},
    {"trigger": "edited", "source": "editing", "dest": "review"},
    {"trigger": "to_sharing", "source": "review", "dest": "sharing"},
    {"trigger": "to_review", "source": "sharing", "dest": "review"},
    {"trigger": "finish", "source": "sharing", "dest": "done"},
    # A new invite after finishing: the client looks again and decides again about sharing.
    {"trigger": "reconsider", "source": "done", "dest": "review"},
    {"trigger": "pause", "source": ACTIVE, "dest": "paused"},
    *[
        {"trigger": "resume", "source": "paused", "dest": step, "conditions": f"resumes_to_{step}"}
        for step in ACTIVE
    ],
    {"trigger": "restart", "source": STATES[1:], "dest": "welcome"},
    {"trigger": "forget", "source": STATES, "dest": "new"},
]
# What the welcome says before the length has been measured (tests building a bare Flow).
DEFAULT_MINUTES = 15
# Own words longer than this are cut (with …) in the overview; /mydata has them whole.
SHORT_WORDS = 160
# … and words typed beside a button answer after this many.
SHORT_EXTRA = 60
# Telegram shows at most this many buttons under a question (answers included).
MAX_BUTTONS = 7
WAY_OUT_LABELS = {SKIPPED: "ui.btn.skip", DONT_KNOW: "ui.btn.dont_know", DISCUSS: "ui.btn.discuss"}
ANSWER_LABELS = {SKIPPED: "ui.answer.skipped", DONT_KNOW: "ui.answer.dont_know",
                 DISCUSS: "ui.answer.discuss"}


@dataclass
class Conversation:
    """Everything the flow needs to continue a client's preparation after any restart."""

    chat_id: int
    lang: str
    state: str = "new"
    slot: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    # Options ticked in the multi-select on screen, before "done".
    draft: list[str] = field(default_factory=list)
    # A pending yes/no question: "restart" or "delete".
    confirm: str = ""
    resume_to: str = ""
    review_part: str = ""
    crisis_shown: bool = False
    # When a crisis referral was last shown (for "at most once an hour"); never the words.
    crisis_at: str = ""
    shared: bool = False
    # The benefit an invite named; shown as the proposed answer until the client answers.
    invite_benefit: str = ""
    # Hash of the deep-link code the client opened; the professional side resolves it.
    invite: str = ""
    # Agenda points the client removed at review (ids from bot.flows.agenda).
    agenda_removed: list[str] = field(default_factory=list)
    # Up to three agenda points of the client's own, in their own words (they come first).
    agenda_own: list[str] = field(default_factory=list)
    # At review, the next text the client types is a new agenda point.
    agenda_adding: bool = False

    def copy(self) -> Conversation:
        """A copy safe to change: answers are immutable values, so a shallow dict copy is enough
        (a deepcopy here was the single largest cost per update)."""
        twin = object.__new__(Conversation)
        twin.__dict__.update(self.__dict__)  # dataclasses.replace re-runs __init__: slower
        twin.answers = dict(self.answers)
        twin.draft = list(self.draft)
        twin.agenda_removed = list(self.agenda_removed)
        twin.agenda_own = list(self.agenda_own)
        return twin

    # Conditions for the generated resume transitions.
    def __getattr__(self, name: str):
        if name.startswith("resumes_to_"):
            step = name.removeprefix("resumes_to_")
            return lambda *_: self.resume_to == step
        raise AttributeError(name)


class Flow:
    """Built once at start-up; `handle` is safe to call for any number of conversations."""

    # (days kept after the appointment, days after the last message without one): said in
    # the welcome and /help; set at start-up from the configuration (bot/app_core.py).
    retention: tuple[int, int] | None = None

    def retention_note(self) -> tuple[Msg, ...]:
        if self.retention is None:
            return ()
        days, idle = self.retention
        return (Msg.of("privacy.retention", days=days, idle=idle),)

    def __init__(self, content: Content, crisis: CrisisMatcher, contact: str = ""):
        self.content = content
        self.crisis = crisis
        self.contact = contact
        # "About N minutes" in the welcome, per language: measured (bot.length) at start-up.
        self.minutes: dict[str, int] = {}
        self.machine = Machine(
            model=None,
            states=STATES,
            transitions=TRANSITIONS,
            initial="new",
            auto_transitions=False,
        )

    # ----- entry points -------------------------------------------------------------------

    def handle(self, conversation: Conversation, event: Event, now: str = "") -> tuple[
        Conversation, Outcome
    ]:
        """Apply one event to a copy of the conversation; the original is never changed."""
        conv = conversation.copy()
        return conv, self._dispatch(conv, event, now)

    def _fire(self, conv: Conversation, trigger: str) -> None:
        """Move between steps only along the machine's transitions (MachineError otherwise).

        The conversation is not added to the machine as a model: triggering the shared event
        directly costs microseconds, where add_model/remove_model per update cost 0.2 ms."""
        self.machine.events[trigger].trigger(conv)

    def screens_for(self, conv: Conversation) -> list[Screen]:
        """What the client should see now: used after resume, language change and restart."""
        match conv.state:
            case "new" | "welcome" | "declined":
                return self._welcome(conv.lang)
            case "asking" | "editing":
                slot = self._slot(conv) or self._realign(conv)
                return [self._question(conv, slot)] if slot else self._overview(conv)
            case "review":
                return self._review_part(conv) if conv.review_part else self._overview(conv)
            case "sharing":
                return [self._share_question(conv)]
            case "paused":
                return [Screen((Msg.of("ui.paused"),))]
            case _:
                return [Screen((Msg.of("ui.done.again"),))]

    def progress(self, conv: Conversation) -> tuple[int, int]:
        """(answered, total) slots: ways out count as answered, so the figure never lies."""
        slots = plan(self.content, conv.answers)
        return sum(1 for s in slots if s.id in conv.answers), len(slots)

    # ----- dispatch ---------------------------------------------------------------------

    def _dispatch(self, conv: Conversation, event: Event, now: str) -> Outcome:
        if isinstance(event, Text) and len(event.text) > self.content.max_text_length:
            return self._unchanged(Msg.of("ui.bad.too_long", max=self.content.max_text_length),
                                   screens=[])
        matched = (isinstance(event, Text) and event.own
                   and self.crisis.matches(event.text, conv.lang))
        crisis = self._crisis_screens(conv, now) if matched else []
        if isinstance(event, Text) and event.edited:
            out = Outcome(screens=crisis, changed=bool(crisis))
            return out
        out = self._route(conv, event, now)
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

    def _route(self, conv: Conversation, event: Event, now: str) -> Outcome:
        if isinstance(event, Command):
            return self._command(conv, event.name)
        if isinstance(event, Confirm):
            return self._confirm(conv, event, now)
        if isinstance(event, SetLanguage):
            if event.lang not in self.content.languages:
                return self._unchanged(Msg.of("ui.bad.stale"))
            conv.lang = event.lang
            return Outcome(screens=[Screen((Msg.of("ui.language.set"),)),
                                    *self.screens_for(conv)])
        if isinstance(event, Start):
            return self._start(conv, event)
        if conv.state == "paused":
            self._fire(conv, "resume")
            if isinstance(event, Text | Voice | Media | Stale):
                return Outcome(screens=[Screen((Msg.of("ui.resumed"),)), *self.screens_for(conv)])
            return self._route(conv, event, now)
        match conv.state:
            case "new" | "declined":
                return self._start(conv, Start())
            case "welcome":
                return self._welcome_event(conv, event)
            case "asking" | "editing":
                return self._asking(conv, event, now)
            case "review":
                return self._review(conv, event)
            case "sharing":
                return self._sharing(conv, event)
        return self._unchanged(None, screens=[Screen((Msg.of("ui.done.again"),))])

    # ----- welcome and consent ---------------------------------------------------------

    def _welcome(self, lang: str = "") -> list[Screen]:
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

    def _start(self, conv: Conversation, event: Start) -> Outcome:
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
            self._fire(conv, "reconsider")
            return Outcome(screens=[Screen((Msg.of("ui.invite.decide_again"),)),
                                    *self._overview(conv)])
        if conv.state in ("new", "declined"):
            self._fire(conv, "start")
            return Outcome(screens=self._welcome(conv.lang))
        if conv.state == "welcome":
            return Outcome(screens=self._welcome(conv.lang))
        if conv.state == "paused":
            self._fire(conv, "resume")
            return Outcome(screens=[Screen((Msg.of("ui.resumed"),)), *self.screens_for(conv)])
        return Outcome(screens=self.screens_for(conv))

    def _welcome_event(self, conv: Conversation, event: Event) -> Outcome:
        if not isinstance(event, Consent):
            # A sticker, photo or words before consent: say what works here, then ask again.
            hint = ([Screen((Msg.of("ui.bad.consent"),))]
                    if isinstance(event, Media | Text | Voice | Stale) else [])
            return self._unchanged(None, screens=[*hint, *self._welcome(conv.lang)[1:]])
        if not event.yes:
            self._fire(conv, "decline")
            return Outcome(screens=[Screen((Msg.of("ui.declined"),))],
                           close=Screen((Msg.of("ui.consent.question"),)))
        self._fire(conv, "accept")
        first = next_open(plan(self.content, conv.answers), conv.answers, "")
        if first is None:
            self._fire(conv, "complete")
            return Outcome(screens=self._overview(conv))
        return self._go_to(conv, first, close=Screen((Msg.of("ui.consent.question"),)))

    # ----- asking ------------------------------------------------------------------------

    def _slot(self, conv: Conversation) -> Slot | None:
        slots = plan(self.content, conv.answers)
        index = find(slots, conv.slot)
        return slots[index] if index >= 0 else None

    def _go_to(self, conv: Conversation, slot: Slot | None, close: Screen | None = None,
               before: list[Screen] | None = None, slots: list[Slot] | None = None) -> Outcome:
        """Show `slot` (or the overview after the last); `slots` is the current plan when the
        caller has it already."""
        screens = list(before or [])
        if slot is None:
            conv.slot = ""
            self._fire(conv, "complete")
            screens += self._overview(conv)
        else:
            conv.slot = slot.id
            conv.draft = list(self._current_choice(conv, slot))
            screens.append(self._question(conv, slot, slots=slots))
        return Outcome(screens=screens, close=close)

    def _current_choice(self, conv: Conversation, slot: Slot) -> list[str]:
        answer = conv.answers.get(slot.id)
        if slot.kind == "multi" and answer and isinstance(answer.value, list):
            return list(answer.value)
        return []

    def _advance(self, conv: Conversation, slot: Slot, out: Outcome) -> Outcome:
        """After an answer: back to the overview when editing, else the next open question."""
        closed = self._question(conv, slot, closed=True)
        if conv.state == "editing":
            self._fire(conv, "edited")
            conv.review_part = slot.question.part + (
                f"/{slot.question.value}" if slot.question.value else "")
            result = Outcome(screens=self._review_part(conv), close=closed)
        else:
            slots = plan(self.content, conv.answers)
            upcoming = next_open(slots, conv.answers, slot.id)
            result = self._go_to(conv, upcoming, close=closed, slots=slots)
        result.answers = out.answers
        return result

    def _realign(self, conv: Conversation) -> Slot | None:
        """After a restart with changed content the question on screen may be gone: move to
        the next open one (asking). Editing a gone question ends the edit: None."""
        if conv.state != "asking":
            return None
        upcoming = next_open(plan(self.content, conv.answers), conv.answers, conv.slot)
        if upcoming is not None:
            conv.slot = upcoming.id
        return upcoming

    def _asking(self, conv: Conversation, event: Event, now: str) -> Outcome:
        slot = self._slot(conv)
        if slot is None and conv.state == "editing":
            # Content changed under this conversation: the answer being edited is gone.
            self._fire(conv, "edited")
            return Outcome(screens=self._overview(conv))
        if slot is None:
            # Content changed under this conversation: a button of the next open question
            # (shown after /start or /resume) counts; anything else shows that question.
            slot = self._realign(conv)
            if slot is None or getattr(event, "slot", None) != slot.id:
                return self._go_to(conv, slot)
        if conv.state == "editing" and isinstance(event, Review):
            return self._review(conv, event)
        match event:
            case Choose(slot=slot_id, option=option) if (slot_id == slot.id
                                                         and slot.kind == "choice"):
                if option not in slot.options(conv.answers):
                    return self._unchanged(Msg.of("ui.bad.stale"))
                return self._answer(conv, slot, Answer(ANSWERED, option, at=now))
            case Toggle(slot=slot_id, option=option) if slot_id == slot.id and slot.kind == "multi":
                return self._toggle(conv, slot, option)
            case DoneChoosing(slot=slot_id) if slot_id == slot.id and slot.kind == "multi":
                if not conv.draft:
                    return self._answer(conv, slot, Answer(SKIPPED, at=now))
                ordered = [o for o in slot.options(conv.answers) if o in conv.draft]
                return self._answer(conv, slot, Answer(ANSWERED, ordered, at=now))
            case WayOut(slot=slot_id, status=status) if slot_id == slot.id:
                if self._own_words(slot, conv.answers.get(slot.id)):
                    return self._ask_replace(conv, slot, status)
                return self._answer(conv, slot, Answer(status, at=now))
            case Keep(slot=slot_id) if slot_id == slot.id and slot.id in conv.answers:
                conv.draft = []
                return self._advance(conv, slot, Outcome())
            case More(slot=slot_id, view=view) if slot_id == slot.id:
                return self._unchanged(None, [replace(self._question(conv, slot, view=view,
                                                                     intro=False),
                                                      mode="edit")])
            case SkipPart(part=part_id) if part_id == slot.question.part and conv.state == "asking":
                return self._skip_part(conv, part_id, now)
            case Why(slot=slot_id) | Examples(slot=slot_id) if slot_id == slot.id:
                # "Why?" also shows the part's examples ("think of…"): one button for both.
                return self._unchanged(None, [replace(self._question(conv, slot, why=True,
                                                                     intro=False),
                                                      mode="edit")])
            case Text(text=text):
                return self._words(conv, slot, Answer(ANSWERED, text.strip(), at=now))
            case Voice(file_id=file_id):
                return self._words(conv, slot, Answer(ANSWERED, voice=file_id, at=now))
            case Media():
                return self._unchanged(None, [Screen((Msg.of("ui.bad.media"),)),
                                              self._question(conv, slot)])
        return self._unchanged(Msg.of("ui.bad.stale"))

    def _answer(self, conv: Conversation, slot: Slot, answer: Answer) -> Outcome:
        together = {slot.id: answer}
        pair = slot.question.pair if slot.role == "ask" else None
        if pair is not None:
            # One tap, both answers: each under its own id and on its own scale.
            both = pair.values(str(answer.value)) if answer.status == ANSWERED else None
            if both is not None:
                together = {slot.id: replace(answer, value=both[0]),
                            pair.partner: replace(answer, value=both[1])}
            elif answer.status in WAY_OUT_LABELS:
                together = {slot.id: answer, pair.partner: answer}
        changes: dict[str, object] = {}
        for key, one in together.items():
            previous = conv.answers.get(key)
            if previous and previous.private:
                one = one.with_private(True)
            conv.answers[key] = changes[key] = one
        if slot.kind == "multi":
            changes.update(self._drop_orphans(conv, slot))
        conv.draft = []
        return self._advance(conv, slot, Outcome(answers=changes))

    def _drop_orphans(self, conv: Conversation, slot: Slot) -> dict[str, object]:
        """Answers of derived slots (weighs most, notes) that the new choice made meaningless."""
        live = {s.id for s in plan(self.content, conv.answers)}
        prefix = slot.question.id + "."
        orphans = [k for k in conv.answers if k.startswith(prefix) and k not in live
                   and not k.endswith(EXTRA_SUFFIX)]
        most = conv.answers.get(slot.question.id + ".most")
        if most and most.status == ANSWERED and most.value not in self._chosen(conv, slot):
            orphans.append(slot.question.id + ".most")
        for key in orphans:
            conv.answers.pop(key, None)
        return dict.fromkeys(orphans)

    def _chosen(self, conv: Conversation, slot: Slot) -> list[str]:
        answer = conv.answers.get(slot.question.id)
        return list(answer.value) if answer and isinstance(answer.value, list) else []

    def _toggle(self, conv: Conversation, slot: Slot, option: str) -> Outcome:
        if option not in slot.options(conv.answers):
            return self._unchanged(Msg.of("ui.bad.stale"))
        if option in conv.draft:
            conv.draft.remove(option)
        elif len(conv.draft) >= slot.question.max:
            return self._unchanged(Msg.of("ui.multi.limit", max=slot.question.max))
        else:
            conv.draft.append(option)
        return Outcome(screens=[replace(self._question(conv, slot, intro=False), mode="edit")])

    @staticmethod
    def _own_words(slot: Slot, answer: Answer | None) -> bool:
        """An answer in the client's own words (typed or spoken), which a way out would
        replace: the flow asks first. (Words beside a button question are kept apart.)"""
        return bool(answer and answer.status == ANSWERED and slot.kind == "text"
                    and (answer.voice or answer.value))

    def _ask_replace(self, conv: Conversation, slot: Slot, status: str) -> Outcome:
        conv.confirm = f"replace_{status}"
        answer = conv.answers.get(slot.id)
        return Outcome(screens=[Screen((
            Msg.of("ui.replace.confirm", answer=self.answer_text(slot, answer),
                   way_out=Msg.of(ANSWER_LABELS[status])),), (
            (Button(Msg.of("ui.btn.replace"), cb.confirm(conv.confirm, True)),
             Button(Msg.of("ui.btn.keep"), cb.confirm(conv.confirm, False))),
        ))])

    def _words(self, conv: Conversation, slot: Slot, answer: Answer) -> Outcome:
        """Own words: the answer to an open question, or kept beside a button question."""
        if slot.kind == "text":
            return self._answer(conv, slot, answer)
        key = slot.id + EXTRA_SUFFIX
        earlier = conv.answers.get(key)
        if earlier and answer.value and earlier.value:
            answer = replace(answer, value=f"{earlier.value}\n{answer.value}",
                             voice=earlier.voice)
        elif earlier and answer.voice is None:
            answer = replace(answer, voice=earlier.voice)
        conv.answers[key] = answer
        return Outcome(screens=[Screen((Msg.of("ui.noted"),)), self._question(conv, slot)],
                       answers={key: answer})

    def _skip_part(self, conv: Conversation, part_id: str, now: str) -> Outcome:
        part = self.content.part(part_id)
        changes: dict[str, object] = {}
        for slot in plan(self.content, conv.answers):
            if slot.question.part == part_id and slot.id not in conv.answers:
                conv.answers[slot.id] = changes[slot.id] = Answer(SKIPPED, at=now)
        last = [s for s in plan(self.content, conv.answers) if s.question.part == part_id][-1]
        closed = Screen((self._progress(part), Msg.of("ui.answer.skipped")))
        out = self._go_to(conv, next_open(plan(self.content, conv.answers), conv.answers, last.id),
                          close=closed)
        out.answers = changes
        return out

    # ----- commands and confirmations ---------------------------------------------------

    def _command(self, conv: Conversation, name: str) -> Outcome:
        match name:
            case "help":
                return self._unchanged(None, [Screen((Msg.of("ui.help"), *self.retention_note(),
                                                      Msg.of("ui.crisis")))])
            case "pause" if conv.state in ACTIVE:
                conv.resume_to = conv.state
                self._fire(conv, "pause")
                return Outcome(screens=[Screen((Msg.of("ui.paused"),))])
            case "resume" | "pause" | "start":
                if conv.state == "paused":
                    self._fire(conv, "resume")
                    return Outcome(screens=[Screen((Msg.of("ui.resumed"),)),
                                            *self.screens_for(conv)])
                return self._unchanged(None, self.screens_for(conv))
            case "back":
                return self._back(conv)
            case "restart" | "delete":
                conv.confirm = name
                return Outcome(screens=[Screen((Msg.of(f"ui.{name}.confirm"),), (
                    (Button(Msg.of("ui.btn.yes"), cb.confirm(name, True)),
                     Button(Msg.of("ui.btn.no"), cb.confirm(name, False))),
                ))])
            case "mydata":
                # Shown here, and sent in full as a file by the caller.
                shown = (Screen(tuple(self._all_answers(conv))) if conv.answers
                         else Screen((Msg.of("ui.mydata.none"),)))
                return Outcome(screens=[shown], export=True, changed=False)
            case "language":
                return self._unchanged(None, [Screen((Msg.of("ui.language.choose"),), tuple(
                    (Button(Msg.of(f"lang.{lang}"), cb.language(lang)),)
                    for lang in self.content.languages
                ))])
        return self._unchanged(None, [Screen((Msg.of("ui.bad.unknown_command"),))])

    def _back(self, conv: Conversation) -> Outcome:
        if conv.state == "paused":
            self._fire(conv, "resume")
        if conv.state == "review":
            slots = plan(self.content, conv.answers)
            if not slots:
                return self._unchanged(None, [Screen((Msg.of("ui.back.none"),))])
            conv.review_part = ""
            self._fire(conv, "reopen")
            return self._go_to(conv, slots[-1])
        if conv.state != "asking":
            return self._unchanged(None, [Screen((Msg.of("ui.back.none"),)),
                                          *self.screens_for(conv)])
        slots = plan(self.content, conv.answers)
        index = find(slots, conv.slot)
        if index <= 0:
            return self._unchanged(None, [Screen((Msg.of("ui.back.none"),))])
        current = slots[index]
        previous = index - 1
        while previous > 0 and slots[previous].question.paired_to == slots[previous - 1].id:
            previous -= 1  # asked on its partner's screen: back to that screen
        return self._go_to(conv, slots[previous], close=self._question(conv, current,
                                                                         closed=True))

    def _confirm(self, conv: Conversation, event: Confirm, now: str = "") -> Outcome:
        if conv.confirm != event.what:
            return self._unchanged(Msg.of("ui.bad.stale"))
        conv.confirm = ""
        if event.what.startswith("replace_"):
            return self._replace(conv, event.what.removeprefix("replace_"), event.yes, now)
        closed = Screen((Msg.of(f"ui.{event.what}.confirm"),))
        if not event.yes:
            return Outcome(screens=[Screen((Msg.of("ui.cancelled"),)), *self.screens_for(conv)],
                           close=closed)
        if event.what == "delete":
            # What was already sent stays with the professional: say so, and how to ask them.
            done = "ui.delete.done.shared" if conv.shared else "ui.delete.done"
            self._fire(conv, "forget")
            fresh = Conversation(conv.chat_id, conv.lang)
            conv.__dict__.update(fresh.__dict__)
            return Outcome(screens=[Screen((Msg.of(done),))], delete_all=True, close=closed)
        answers_before = list(conv.answers)
        conv.answers.clear()
        conv.slot, conv.draft, conv.review_part, conv.shared = "", [], "", False
        if conv.state != "welcome":
            self._fire(conv, "restart")
        return Outcome(screens=[Screen((Msg.of("ui.restart.done"),)), *self._welcome(conv.lang)],
                       erase_answers=True, answers=dict.fromkeys(answers_before), close=closed)

    def _replace(self, conv: Conversation, status: str, yes: bool, now: str) -> Outcome:
        """The answer to "replace your own words with a way out?"; the words stay in the
        history either way."""
        slot = self._slot(conv) if conv.state in ("asking", "editing") else None
        if slot is None or status not in WAY_OUT_LABELS:
            return self._unchanged(Msg.of("ui.bad.stale"))
        if not yes:
            return Outcome(screens=[self._question(conv, slot, intro=False)],
                           close=Screen((Msg.of("ui.answer.kept"),)))
        return self._answer(conv, slot, Answer(status, at=now))

    # ----- review and sharing -------------------------------------------------------------

    def _overview(self, conv: Conversation) -> list[Screen]:
        """One message: every part in short lines, the agenda, what "only for me" means, the
        choice to share (or, without a professional, that nothing goes to anyone) — and the
        buttons to change a part, see the agenda and finish."""
        total = total_parts(self.content)
        lines: list[Msg] = [Msg.of("ui.progress", part=total, parts=total,
                                   title=Msg.of("part.review.title")),
                            Msg.of("ui.review.intro"), *self._all_answers(conv, short=True)]
        points = self._agenda(conv)
        lines.append(self._agenda_screen(conv, points, with_buttons=False).lines[0])
        if any(a.private for a in conv.answers.values()):
            lines.append(Msg.of("ui.review.private_legend"))
        crisis_rows = self._crisis_rows(conv)
        if crisis_rows:
            lines.append(Msg.of("crisis.review"))
        linked = bool(conv.invite)
        lines.append(Msg.of("ui.share.confirm" if linked else "ui.share.unlinked"))
        titles = [Button(Msg.of("ui.btn.edit_part", title=Msg.of(part.title_id)),
                         cb.review("part", part.id)) for part in self.content.parts]
        rows: list[tuple[Button, ...]] = [tuple(titles[i:i + 2])
                                          for i in range(0, len(titles), 2)]
        # Always: the agenda is where the client also adds points of their own.
        rows.append((Button(Msg.of("ui.btn.agenda"), cb.review("agenda")),))
        rows += crisis_rows
        if linked:
            rows.append((Button(Msg.of("ui.btn.share"), cb.share(True)),
                         Button(Msg.of("ui.btn.no_share"), cb.share(False))))
        else:
            rows.append((Button(Msg.of("ui.btn.finish"), cb.share(False)),))
        return [Screen(tuple(lines), tuple(rows))]

    def _crisis_rows(self, conv: Conversation) -> list[tuple[Button, ...]]:
        """Before sharing: when a shared answer holds crisis words the overview says, gently,
        that the professional will read them and ask first, with "only for me" for each
        such answer right there (these rows)."""
        slots = [s for s in plan(self.content, conv.answers) if self._shared_crisis(conv, s)]
        rows = []
        for n, slot in enumerate(slots, start=1):
            label = Msg.of("crisis.btn.only_me",
                           part=Msg.of(self.content.part(slot.question.part).title_id))
            if len(slots) > 1:
                label = Msg.join(label, Msg.text(f"({n})"), sep=" ")
            rows.append((Button(label, cb.review("private", slot.id)),))
        return rows

    def _shared_crisis(self, conv: Conversation, slot: Slot) -> bool:
        answer = conv.answers.get(slot.id)
        if answer is None or answer.private:
            return False
        extra = conv.answers.get(slot.id + EXTRA_SUFFIX)
        words = [extra.value] if extra and isinstance(extra.value, str) else []
        if slot.kind == "text" and isinstance(answer.value, str):
            words.append(answer.value)
        return any(self.crisis.matches(w, conv.lang) for w in words)

    def _all_answers(self, conv: Conversation, short: bool = False) -> list[Msg]:
        """Every part with its answers, as the client reads them back: one block per part
        (short labels in the overview; the questions themselves for /mydata)."""
        lines: list[Msg] = []
        slots = plan(self.content, conv.answers)
        for part in self.content.parts:
            mine = [s for s in slots if s.question.part == part.id]
            title = Msg.of("ui.review.part", title=Msg.of(part.title_id))
            statuses = {(conv.answers.get(s.id).status if s.id in conv.answers else "")
                        for s in mine}
            extras = any(s.id + EXTRA_SUFFIX in conv.answers for s in mine)
            if short and len(statuses) == 1 and statuses <= set(WAY_OUT_LABELS) and not extras:
                # A whole part left out reads as one line.
                lines.append(Msg.join(title, Msg.of(ANSWER_LABELS[statuses.pop()]), sep=": "))
                continue
            if short and part.id in self._values_parts():
                body = self._value_lines(conv, mine)
            else:
                body = [self._answer_line(conv, s, short=short) for s in mine]
            lines.append(Msg.join(title, *body, sep="\n"))
        return lines

    def _values_parts(self) -> set[str]:
        """The parts that ask work values (a long list may be split over two)."""
        return {q.part for q in self.content.questions.values() if q.value}

    def _value_lines(self, conv: Conversation, slots: list[Slot]) -> list[Msg]:
        """Work values in the overview: one line per value with its three aspects."""
        lines: list[Msg] = []
        for value in self.content.values:
            mine = [s for s in slots if s.question.value == value]
            if not mine:
                continue  # asked in another values part
            parts = [Msg.join(Msg.of(s.question.text_id + SHORT_SUFFIX),
                              self.answer_text(s, conv.answers.get(s.id)), sep=": ")
                     for s in mine]
            # Own words typed beside a value's buttons show here too (shortened).
            parts += [Msg.join(Msg.text("+"), self.answer_text(
                Slot(s.id, s.question, "note"), conv.answers[s.id + EXTRA_SUFFIX],
                short=True, limit=SHORT_EXTRA), sep=" ")
                for s in mine if s.id + EXTRA_SUFFIX in conv.answers]
            lines.append(Msg.join(Msg.text("•"), Msg.join(Msg.of(f"value.{value}"),
                                                          Msg.join(*parts, sep=", "),
                                                          sep=" — "), sep=" "))
        return lines

    # ----- the suggested agenda -----------------------------------------------------------

    def _agenda(self, conv: Conversation) -> list:
        """The same agenda the professional will see (bot.flows.agenda), from the answers."""
        answers = {}
        for slot in plan(self.content, conv.answers):
            answer = conv.answers.get(slot.id)
            if answer is not None:
                answers[slot.id] = {"status": answer.status, "value": answer.value,
                                    "voice": answer.voice, "private": answer.private,
                                    "part": slot.question.part}
        return agenda({"answers": answers, "agenda": {"own": conv.agenda_own}}, self.content,
                      removed=conv.agenda_removed)

    def _agenda_label(self, conv: Conversation, point) -> Msg:
        domains = self.content.option_sets.get("domains")
        part = self.content.part(point.part) if point.part else None
        match point.kind:
            case "own":
                return Msg.of("ui.agenda.own", words=Msg.text(point.words))
            case "discuss" | "open" if part:
                return Msg.of(f"ui.agenda.{point.kind}_part", part=Msg.of(part.title_id))
            case "help":
                answer = conv.answers.get("help_needed")
                said = answer.value if answer and isinstance(answer.value, str) else ""
                words = Msg.text(said) if said.strip() else Msg.of("ui.answer.voice")
                return Msg.of("ui.agenda.help", words=words)
            case "most":
                topic = Msg.of(domains.label_id(point.topic)) if domains and (
                    point.topic in domains.options) else Msg.text(point.topic)
                side = "both" if len(point.questions) > 1 else point.questions[0]
                return Msg.of(f"ui.agenda.most_{side}", topic=topic)
            case "questions":
                return Msg.of("ui.agenda.questions")
        return Msg.text(point.id)

    def _agenda_screen(self, conv: Conversation, points: list, *,
                       with_buttons: bool) -> Screen:
        # Without a professional nobody else sees it: no "(your professional sees this too)".
        lines = [Msg.of("ui.agenda.title" if conv.invite else "ui.agenda.title.unlinked")]
        if not points:
            lines.append(Msg.of("ui.agenda.empty"))
        lines += [Msg.join(Msg.text(f"{n}."), self._agenda_label(conv, p), sep=" ")
                  for n, p in enumerate(points, start=1)]
        if not with_buttons:
            return Screen((Msg.join(*lines, sep="\n"),))
        rows = [(Button(Msg.join(Msg.text(f"✖ {n}."), self._agenda_label(conv, p), sep=" "),
                        cb.review("agenda", p.id)),) for n, p in enumerate(points, start=1)]
        if len(conv.agenda_own) < MAX_OWN:
            rows.append((Button(Msg.of("ui.btn.agenda_add"), cb.review("agenda", "+")),))
        if conv.agenda_removed:
            rows.append((Button(Msg.of("ui.btn.agenda_restore"), cb.review("agenda", "*")),))
        rows.append((Button(Msg.of("ui.btn.to_review"), cb.review("overview")),))
        return Screen((Msg.join(*lines, sep="\n"), Msg.of("ui.agenda.remove_hint")),
                      tuple(rows))

    def _agenda_add(self, conv: Conversation, event: Event) -> Outcome:
        """The client's own agenda point, typed after tapping "add a point" at review."""
        if not isinstance(event, Text) or not event.text.strip():
            return self._unchanged(Msg.of("ui.agenda.add_type"))
        words = " ".join(event.text.split())
        if len(words) > MAX_OWN_LENGTH:
            return self._unchanged(Msg.of("ui.agenda.add_too_long", max=MAX_OWN_LENGTH))
        conv.agenda_adding = False
        if len(conv.agenda_own) < MAX_OWN:
            conv.agenda_own.append(words)
        return Outcome(screens=[Screen((Msg.of("ui.agenda.added"),)),
                                self._agenda_screen(conv, self._agenda(conv), with_buttons=True)])

    def _agenda_event(self, conv: Conversation, target: str) -> Outcome:
        """Open the agenda, remove a point, add one of the client's own, or put all back."""
        conv.agenda_adding = False
        if target == "+":
            if len(conv.agenda_own) >= MAX_OWN:
                return self._unchanged(Msg.of("ui.agenda.full", max=MAX_OWN))
            conv.agenda_adding = True
            return Outcome(screens=[Screen((Msg.of("ui.agenda.add_prompt", max=MAX_OWN),), (
                (Button(Msg.of("ui.btn.cancel_add"), cb.review("agenda")),),))])
        if target == "*":
            conv.agenda_removed = []
        elif target.startswith("own:"):
            index = target.removeprefix("own:")
            if not index.isdigit() or not 1 <= int(index) <= len(conv.agenda_own):
                return self._unchanged(Msg.of("ui.bad.stale"))
            del conv.agenda_own[int(index) - 1]
        elif target and target not in conv.agenda_removed:
            if target not in {p.id for p in self._agenda(conv)}:
                return self._unchanged(Msg.of("ui.bad.stale"))
            conv.agenda_removed.append(target)
        screen = self._agenda_screen(conv, self._agenda(conv), with_buttons=True)
        return Outcome(screens=[replace(screen, mode="edit") if target else screen])

    def _review_target(self, target: str) -> tuple[Part | None, int, str]:
        """A review screen's target: "<part>", "<part>@<page>" (its edit buttons paged) or
        "<part>/<value>" (one work value's answers)."""
        name, _, value = target.partition("/")
        name, _, page = name.partition("@")
        part = self.content.part(name)
        if part is None or (value and value not in self.content.values):
            return None, 0, ""
        return part, int(page) if page.isdigit() else 0, value

    def _review_part(self, conv: Conversation) -> list[Screen]:
        """One part's answers with a short edit button each: at most MAX_BUTTONS buttons, so
        a long part pages its buttons and the work values get one button per value (which
        opens that value's two or three answers)."""
        part, page, value = self._review_target(conv.review_part)
        if part is None:
            conv.review_part = ""
            return self._overview(conv)
        slots = [s for s in plan(self.content, conv.answers) if s.question.part == part.id]
        if value:
            slots = [s for s in slots if s.question.value == value]
            lines = [Msg.of("ui.review.part", title=Msg.of(f"value.{value}")),
                     Msg.of("ui.review.pick"),
                     *(self._answer_line(conv, s, short=True) for s in slots)]
            # Two aspects asked on one screen are changed on one screen too.
            paired = {s.question.paired_to for s in slots}
            named = [Button(Msg.join(Msg.text("✎"), self._short_label(s), *(
                [Msg.text("+"), Msg.of(self.content.questions[s.question.pair.partner].text_id
                                       + SHORT_SUFFIX)] if s.id in paired else []), sep=" "),
                            cb.review("edit", s.id)) for s in slots
                     if not (s.question.paired_to and s.question.paired_to in
                             {x.id for x in slots})]
            rows = [tuple(named[i:i + 3]) for i in range(0, len(named), 3)]
            rows.append((Button(Msg.of("ui.btn.back"), cb.review("part", part.id)),))
            return [Screen(tuple(lines), tuple(rows))]
        lines = [Msg.of("ui.review.part", title=Msg.of(part.title_id)), Msg.of("ui.review.pick")]
        if part.id in self._values_parts():
            lines += self._value_lines(conv, slots)
            named = [Button(Msg.join(Msg.text("✎"), Msg.of(f"value.{v}"), sep=" "),
                            cb.review("part", f"{part.id}/{v}")) for v in self.content.values
                     if any(s.question.value == v for s in slots)]
        else:
            lines += [self._answer_line(conv, s, short=True) for s in slots]
            # Each button named by what it changes (its overview label), not by a number.
            named = [Button(Msg.join(Msg.text("✎"), self._edit_label(s), sep=" "),
                            cb.review("edit", s.id)) for s in slots]
        per_page = MAX_BUTTONS - 1 if len(named) <= MAX_BUTTONS - 1 else MAX_BUTTONS - 2
        pages = max(1, -(-len(named) // per_page))
        page = page % pages
        shown = named[page * per_page:(page + 1) * per_page]
        rows = [tuple(shown[i:i + 2]) for i in range(0, len(shown), 2)]
        if pages > 1:
            rows.append((Button(Msg.of("ui.btn.more"),
                                cb.review("part", f"{part.id}@{(page + 1) % pages}")),))
        rows.append((Button(Msg.of("ui.btn.to_review"), cb.review("overview")),))
        return [Screen(tuple(lines), tuple(rows))]

    def _review(self, conv: Conversation, event: Event) -> Outcome:
        if isinstance(event, Share) and conv.state == "review":
            # The overview asks the question itself: one tap shares (or not) and finishes.
            closed = Screen(self._overview(conv)[0].lines)
            conv.agenda_adding = False
            self._fire(conv, "to_sharing")
            out = self._sharing(conv, event)
            out.close = closed
            return out
        if conv.agenda_adding and conv.state == "review" and not isinstance(event, Review):
            return self._agenda_add(conv, event)
        conv.agenda_adding = conv.agenda_adding and isinstance(event, Review) and (
            event.action == "agenda")
        if not isinstance(event, Review):
            if isinstance(event, Text | Voice | Media):
                return self._unchanged(None, [Screen((Msg.of("ui.review.pick"),)),
                                              *self.screens_for(conv)])
            return self._unchanged(Msg.of("ui.bad.stale"))
        slots = plan(self.content, conv.answers)
        match event.action:
            case "part" if self._review_target(event.target)[0] is not None:
                conv.review_part = event.target
                shown = self._review_part(conv)
                paged = "@" in event.target or "/" in event.target
                return Outcome(screens=[replace(s, mode="edit") for s in shown] if paged
                               else shown)
            case "words" if conv.state == "editing" and event.target == conv.slot:
                # Remove only the words typed beside this answer (the history keeps them).
                key = conv.slot + EXTRA_SUFFIX
                if key not in conv.answers:
                    return self._unchanged(Msg.of("ui.bad.stale"))
                conv.answers.pop(key)
                slot = slots[find(slots, conv.slot)]
                return Outcome(screens=[Screen((Msg.of("ui.words.removed"),)),
                                        self._question(conv, slot)], answers={key: None})
            case "overview":
                if conv.state == "editing":
                    self._fire(conv, "edited")
                conv.review_part = ""
                return Outcome(screens=self._overview(conv))
            case "edit" if find(slots, event.target) >= 0:
                if conv.state == "editing":
                    self._fire(conv, "edited")
                slot = slots[find(slots, event.target)]
                self._fire(conv, "edit")
                conv.slot = slot.id
                conv.draft = self._current_choice(conv, slot)
                return Outcome(screens=[self._question(conv, slot)])
            case "private" if conv.state == "editing" and event.target == conv.slot:
                answer = conv.answers.get(conv.slot)
                if answer is None:
                    return self._unchanged(Msg.of("ui.answer.empty"))
                updated = answer.with_private(not answer.private)
                conv.answers[conv.slot] = updated
                slot = slots[find(slots, conv.slot)]
                return Outcome(screens=[replace(self._question(conv, slot), mode="edit")],
                               answers={conv.slot: updated})
            case "private" if conv.state == "review" and find(slots, event.target) >= 0:
                # "Only for me" from the crisis line at review (see _crisis_review).
                answer = conv.answers.get(event.target)
                if answer is None:
                    return self._unchanged(Msg.of("ui.answer.empty"))
                conv.answers[event.target] = answer.with_private(True)
                return Outcome(screens=self._overview(conv),
                               answers={event.target: conv.answers[event.target]})
            case "share" if conv.state == "review":
                self._fire(conv, "to_sharing")
                return Outcome(screens=[self._share_question(conv)])
            case "agenda" if conv.state == "review":
                return self._agenda_event(conv, event.target)
        return self._unchanged(Msg.of("ui.bad.stale"))

    def _share_question(self, conv: Conversation) -> Screen:
        if not conv.invite:
            return Screen((Msg.of("ui.share.unlinked"),), (
                (Button(Msg.of("ui.btn.finish"), cb.share(False)),),
                (Button(Msg.of("ui.btn.to_review"), cb.review("overview")),),
            ))
        return Screen((Msg.of("ui.share.confirm"),), (
            (Button(Msg.of("ui.btn.share"), cb.share(True)),),
            (Button(Msg.of("ui.btn.no_share"), cb.share(False)),),
            (Button(Msg.of("ui.btn.to_review"), cb.review("overview")),),
        ))

    def _sharing(self, conv: Conversation, event: Event) -> Outcome:
        if isinstance(event, Review) and event.action == "overview":
            self._fire(conv, "to_review")
            conv.review_part = ""
            return Outcome(screens=self._overview(conv))
        if not isinstance(event, Share):
            return self._unchanged(None, [self._share_question(conv)])
        linked = bool(conv.invite)
        conv.shared = event.yes and linked
        self._fire(conv, "finish")
        # Without a professional nothing goes anywhere, whatever was tapped: say so plainly.
        text = ("ui.done.unlinked" if not linked else
                "ui.done.shared" if event.yes else "ui.done.kept")
        return Outcome(screens=[Screen((Msg.of(text),))], shared=conv.shared,
                       close=Screen((Msg.of("ui.share.confirm" if linked
                                            else "ui.share.unlinked"),)))

    # ----- building screens -------------------------------------------------------------

    def _progress(self, part: Part, slot: Slot | None = None,
                  slots: list[Slot] | None = None,
                  answers: dict[str, Answer] | None = None) -> Msg:
        """"Part 3 of 12: title · question 2 of 4": counted on the longest way through the
        part (bot.flows.plan.position), so the position moves with every answer and never goes
        back, even when an answer changed on the way back drops later questions."""
        number = dict(part=part_number(self.content, part.id), parts=total_parts(self.content),
                      title=Msg.of(part.title_id))
        if slot is None or slots is None:
            return Msg.of("ui.progress", **number)
        if find(slots, slot.id) < 0:
            return Msg.of("ui.progress", **number)
        n, count = position(self.content, slot, answers or {})
        return Msg.of("ui.progress.question", **number, n=n, count=count)

    def question_text(self, slot: Slot) -> Msg:
        """The question an answer belongs to (for the client's own copy): for two aspects
        asked on one screen, each aspect's own question."""
        return self._question_text(slot, asked=False)

    def _question_text(self, slot: Slot, asked: bool = False) -> Msg:
        if slot.question.value:
            text_id = slot.text_id if asked else slot.question.text_id
            return Msg.of(text_id, value=Msg.of(f"value.{slot.question.value}"))
        if slot.role == "note":
            return Msg.of(slot.text_id, topic=Msg.of(slot.question.options.label_id(slot.topic)))
        return Msg.of(slot.text_id)

    def answer_text(self, slot: Slot, answer: Answer | None, short: bool = False,
                    limit: int = 0) -> Msg:
        """How an answer reads back to the client (review, closed questions); `short` cuts
        long own words for the overview (they are kept whole, and /mydata shows them)."""
        if answer is None:
            return Msg.of("ui.answer.empty")
        if answer.status in WAY_OUT_LABELS:
            shown = Msg.of(ANSWER_LABELS[answer.status])
        elif answer.voice and not answer.value:
            shown = Msg.of("ui.answer.voice")
        elif isinstance(answer.value, list):
            labels = [self._option_label(slot, o) for o in answer.value]
            shown = Msg.join(*labels, sep=", ")
        elif slot.kind == "choice":
            shown = self._option_label(slot, str(answer.value))
        else:
            words = str(answer.value or "")
            limit = limit or SHORT_WORDS
            if short and len(words) > limit:
                words = words[:limit].rsplit(" ", 1)[0] + " …"
            shown = Msg.text(words)
        if answer.private:
            shown = Msg.join(shown, Msg.of("ui.answer.private"), sep=" ")
        return shown

    def _option_label(self, slot: Slot, option: str) -> Msg:
        pair = slot.question.pair
        if pair is not None and slot.role == "ask" and option in pair.options.options:
            return Msg.of(pair.options.label_id(option))
        oset = slot.question.options
        if oset is None or option not in oset.options:
            return Msg.text(option)
        return Msg.of(oset.label_id(option))

    def _answer_line(self, conv: Conversation, slot: Slot, short: bool = False) -> Msg:
        label = self._edit_label(slot) if short else self._question_text(slot)
        answer = self.answer_text(slot, conv.answers.get(slot.id), short=short)
        line = Msg.join(Msg.text("•"), Msg.join(label, answer, sep=": " if short else " → "),
                        sep=" ")
        extra = conv.answers.get(slot.id + EXTRA_SUFFIX)
        if extra:
            line = Msg.join(line, Msg.text("  +"), self.answer_text(
                Slot(slot.id, slot.question, "note"), extra,
                short=short, limit=SHORT_EXTRA), sep=" ")
        return line

    def _edit_label(self, slot: Slot) -> Msg:
        """A work-value question needs its value beside the aspect to be told apart."""
        if slot.question.value:
            return Msg.join(Msg.of(f"value.{slot.question.value}"), self._short_label(slot),
                            sep=": ")
        return self._short_label(slot)

    def _short_label(self, slot: Slot) -> Msg:
        if slot.role == "note":
            return Msg.of(slot.text_id + SHORT_SUFFIX,
                          topic=Msg.of(slot.question.options.label_id(slot.topic)))
        return Msg.of(slot.question.text_id + SHORT_SUFFIX if slot.role == "ask"
                      else slot.text_id + SHORT_SUFFIX)

    def _question(self, conv: Conversation, slot: Slot, *, why: bool = False,
                  examples: bool = False, closed: bool = False,
                  slots: list[Slot] | None = None, view: str = "",
                  intro: bool = True) -> Screen:
        """A question with its buttons: the answers first, then as many of the other buttons
        as fit in MAX_BUTTONS; what does not fit sits behind one "more" button."""
        part = self.content.part(slot.question.part)
        slots = plan(self.content, conv.answers) if slots is None else slots
        lines: list[Msg] = [self._progress(part, slot, slots, conv.answers)]
        if (intro and not closed and not view and conv.state == "asking"
                and self._first_in_part(conv, slot, slots)):
            lines.append(Msg.of(part.intro_id))
        lines.append(self._question_text(slot, asked=True))
        if slot.question.value and slot.question.aspect == self.content.value_aspects[0]:
            lines.append(Msg.of(f"value.{slot.question.value}.hint"))
        answer = conv.answers.get(slot.id)
        if closed:
            lines.append(Msg.join(Msg.text("→"), self.answer_text(slot, answer), sep=" "))
            return Screen(tuple(lines))
        if why or examples:
            lines.append(Msg.of(slot.why_id))
            if part.examples:
                lines.append(Msg.of(part.examples_id))
        if answer is not None:
            shown = self.answer_text(slot, answer)
            partner = conv.answers.get(slot.question.pair.partner) if (
                slot.question.pair and slot.role == "ask") else None
            if partner is not None:
                other = self.content.questions[slot.question.pair.partner]
                shown = Msg.join(*(Msg.join(Msg.of(q.text_id + SHORT_SUFFIX),
                                            self.answer_text(Slot(q.id, q), a), sep=": ")
                                   for q, a in ((slot.question, answer), (other, partner))),
                                 sep=", ")
            lines.append(Msg.of("ui.answer.current", answer=shown))
        extra = conv.answers.get(slot.id + EXTRA_SUFFIX) if slot.kind == "choice" else None
        if extra is not None:
            lines.append(Msg.of("ui.answer.words", words=self.answer_text(
                Slot(slot.id, slot.question, "note"), extra, short=True)))
        elif slot.id == "benefit" and conv.invite_benefit in slot.options(conv.answers):
            lines.append(Msg.of("ui.answer.current",
                                answer=self._option_label(slot, conv.invite_benefit)))
        if slot.kind == "choice":
            # "You may type something too": at the start of a part and at its end, where
            # the part's own words belong — not under every question (fewer words to read).
            in_part = [s.id for s in slots if s.question.part == slot.question.part]
            if slot.id in (in_part[0], in_part[-1]) or view or why:
                lines.append(Msg.of("ui.choice.hint"))
        elif slot.kind == "multi":
            lines.append(Msg.of("ui.multi.counter", count=len(conv.draft),
                                max=slot.question.max))
        else:
            lines.append(Msg.of("ui.text.hint"))
        groups = dict(slot.question.groups) if slot.role == "ask" else {}
        if view in groups:
            rows = self._rows([Button(self._option_label(slot, o), cb.choose(slot.id, o))
                               for o in groups[view]])
            rows.append((Button(Msg.of("ui.btn.less"), cb.more(slot.id, "")),))
            return Screen(tuple(lines), tuple(rows))
        aux = self._aux_groups(conv, slot, part, answer)
        answers = self._answer_rows(conv, slot, groups)
        rows, hidden = self._fit(slot, answers, aux)
        if view == "more" and hidden:
            rows = [tuple(g) for g in hidden]
            if sum(len(g) for g in hidden) < MAX_BUTTONS:
                rows.append((Button(Msg.of("ui.btn.less"), cb.more(slot.id, "")),))
        return Screen(tuple(lines), tuple(rows))

    def _answer_rows(self, conv: Conversation, slot: Slot,
                     groups: dict[str, tuple[str, ...]]) -> list[tuple[Button, ...]]:
        if slot.kind == "choice":
            buttons: list[Button] = []
            for option in slot.options(conv.answers):
                group = slot.question.group_of(option) if groups else ""
                if not group:
                    buttons.append(Button(self._option_label(slot, option),
                                          cb.choose(slot.id, option)))
                elif cb.more(slot.id, group) not in [b.data for b in buttons]:
                    buttons.append(Button(Msg.of(slot.question.group_label_id(group)),
                                          cb.more(slot.id, group)))
            return self._rows(buttons)
        if slot.kind == "multi":
            rows = [(Button(self._option_label(slot, o), cb.toggle(slot.id, o),
                            checked=o in conv.draft),)
                    for o in slot.options(conv.answers)]
            return [*rows, (Button(Msg.of("ui.btn.done"), cb.done(slot.id)),)]
        return []

    @staticmethod
    def _rows(buttons: list[Button]) -> list[tuple[Button, ...]]:
        """Up to three short answers side by side; longer lists one per row."""
        if len(buttons) <= 3:
            return [tuple(buttons)] if buttons else []
        return [(b,) for b in buttons]

    def _aux_groups(self, conv: Conversation, slot: Slot, part: Part,
                    answer: Answer | None) -> list[list[Button]]:
        """The other buttons, most needed first: keep the answer, the three ways out, why and
        back (or back to the overview), then skip the part or "only for me"."""
        keep = ([Button(Msg.of("ui.btn.keep"), cb.keep(slot.id))]
                if answer is not None and slot.kind != "multi" else [])
        ways = [Button(Msg.of(WAY_OUT_LABELS[s]), cb.way_out(slot.id, s))
                for s in (SKIPPED, DONT_KNOW, DISCUSS)]
        if conv.state == "editing":
            nav = [Button(Msg.of("ui.btn.why"), cb.why(slot.id)),
                   Button(Msg.of("ui.btn.to_review"), cb.review("overview"))]
            private = bool(answer and answer.private)
            extra = [Button(Msg.of("ui.btn.share_ok" if private else "ui.btn.only_me"),
                            cb.review("private", slot.id))]
            if slot.kind == "choice" and slot.id + EXTRA_SUFFIX in conv.answers:
                extra.append(Button(Msg.of("ui.btn.remove_words"), cb.review("words", slot.id)))
        else:
            # No "back" where there is nothing to go back to (the first question).
            first = find(plan(self.content, conv.answers), slot.id) <= 0
            nav = [Button(Msg.of("ui.btn.why"), cb.why(slot.id)),
                   *([] if first else [Button(Msg.of("ui.btn.back"), cb.back())])]
            extra = ([Button(Msg.of("ui.btn.skip_part"), cb.skip_part(part.id))]
                     if part.skippable else [])
        return [keep, ways, nav, extra]

    @staticmethod
    def _fit(slot: Slot, answers: list[tuple[Button, ...]], aux: list[list[Button]]) -> tuple[
        list[tuple[Button, ...]], list[list[Button]]
    ]:
        """Answers plus whole groups of other buttons within MAX_BUTTONS; when a group does not
        fit, one "more" button shows the groups left out (in place). Returns rows and those."""
        used = sum(len(r) for r in answers)
        if used + sum(len(g) for g in aux) <= MAX_BUTTONS:
            return [*answers, *(tuple(g) for g in aux if g)], []
        rows = list(answers)
        hidden: list[list[Button]] = []
        budget = MAX_BUTTONS - 1 - used
        for group in aux:
            if not group:
                continue
            if len(group) <= budget:
                rows.append(tuple(group))
                budget -= len(group)
            else:
                hidden.append(group)
        rows.append((Button(Msg.of("ui.btn.more"), cb.more(slot.id)),))
        return rows, hidden

    def _first_in_part(self, conv: Conversation, slot: Slot,
                       slots: list[Slot] | None = None) -> bool:
        first = next(s for s in (plan(self.content, conv.answers) if slots is None else slots)
                     if s.question.part == slot.question.part)
        return first.id == slot.id

    @staticmethod
    def _unchanged(notice: Msg | None, screens: list[Screen] | None = None) -> Outcome:
        return Outcome(screens=screens or [], notice=notice, changed=False)


__all__ = ["STATES", "Conversation", "Flow", "MachineError"]
