"""The professional's dialogs as a small state machine: making an invite, and the reflection
card after a meeting. Pure like the client flow: events in, screens and one effect out; the
caller stores the session and carries out the effect (create the invite, save the reflection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from transitions import Machine

from bot.flows import callbacks as cb
from bot.flows.appointments import parse_appointment, show
from bot.flows.events import Choose, Command, Event, Text
from bot.flows.screens import Button, Msg, Screen

STATES = ["idle", "reference", "appointment", "language", "benefit", "seen", "earlier", "notes"]
TRANSITIONS = [
    {"trigger": "invite", "source": "*", "dest": "reference"},
    {"trigger": "got_reference", "source": "reference", "dest": "appointment"},
    {"trigger": "got_appointment", "source": "appointment", "dest": "language"},
    {"trigger": "got_language", "source": "language", "dest": "benefit"},
    {"trigger": "got_helped", "source": "*", "dest": "seen"},
    {"trigger": "got_seen", "source": "seen", "dest": "earlier"},
    {"trigger": "got_earlier", "source": "earlier", "dest": "notes"},
    {"trigger": "done", "source": "*", "dest": "idle"},
]
BENEFITS = ("wajong", "zw", "wga_35_80", "wga_80_100", "wga_unknown", "ww", "other", "unknown")
HELPED = ("yes", "somewhat", "no")
# The professional's own reading after the meeting, in one tap: one of the five stagnations,
# moving well, or no clear pattern — set beside the profile's reading in the statistics.
SEEN = ("equilibrium", "disruption", "reorientation", "growth", "running", "moving_well", "none")
MAX_REFERENCE = 40
MAX_NOTE = 2000


def looks_like_bsn(text: str) -> bool:
    """A nine-digit number that passes the eleven-test is treated as a citizen service number."""
    for candidate in re.findall(r"(?<!\d)(?:\d[ .-]?){8}\d(?!\d)", text):
        digits = [int(c) for c in re.sub(r"\D", "", candidate)]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - digits[8]) % 11 == 0:
            return True
    return False


@dataclass
class Session:
    state: str = "idle"
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"state": self.state, **self.data} if self.state != "idle" else {}

    @classmethod
    def from_dict(cls, raw: dict) -> Session:
        raw = dict(raw or {})
        state = raw.pop("state", "idle")
        return cls(state if state in STATES else "idle", raw)


@dataclass
class Effect:
    kind: str  # create_invite / save_reflection / list_clients
    values: dict = field(default_factory=dict)


@dataclass
class ProOutcome:
    screens: list[Screen] = field(default_factory=list)
    effect: Effect | None = None
    notice: Msg | None = None


def _cancel_row() -> tuple[Button, ...]:
    return (Button(Msg.of("pro.btn.cancel"), cb.pro("cancel")),)


class ProfessionalFlow:
    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages
        self.machine = Machine(model=None, states=STATES, transitions=TRANSITIONS,
                               initial="idle", auto_transitions=False)

    def _fire(self, session: Session, trigger: str) -> None:
        self.machine.events[trigger].trigger(session)

    @staticmethod
    def reflection_card(invite_id: int, reference: str, when: datetime, lang: str) -> Screen:
        """Sent after the meeting; its buttons carry the invite, so several can be pending."""
        return Screen((Msg.of("pro.reflect.intro", reference=Msg.text(reference),
                              when=Msg.text(show(when, lang))), Msg.of("pro.reflect.helped")),
                      (tuple(Button(Msg.of(f"pro.helped.{o}"), cb.pro("helped", f"{invite_id}.{o}"))
                             for o in HELPED),
                       (Button(Msg.of("pro.btn.skip"), cb.pro("helped", f"{invite_id}.skip")),)))

    def handle(self, session: Session, event: Event, now: datetime, lang: str) -> ProOutcome:
        match event:
            case Command(name="invite"):
                self._fire(session, "invite")
                session.data = {}
                return ProOutcome([Screen((Msg.of("pro.invite.reference"),), (_cancel_row(),))])
            case Command(name="cancel") | Choose(slot="cancel"):
                was_busy = session.state != "idle"
                self._fire(session, "done")
                session.data = {}
                return ProOutcome([Screen((Msg.of("pro.cancelled" if was_busy
                                                  else "pro.nothing_to_cancel"),))])
            case Command(name="clients"):
                return ProOutcome(effect=Effect("list_clients"))
            case Command(name="help" | "start"):
                return ProOutcome([Screen((Msg.of("pro.help"),))])
            case Command(name="language"):
                return ProOutcome([Screen((Msg.of("ui.language.choose"),), tuple(
                    (Button(Msg.of(f"lang.{code}"), cb.pro("plang", code)),)
                    for code in self.languages))])
            case Choose(slot="plang", option=code) if code in self.languages:
                return ProOutcome([Screen((Msg.of("pro.language.set"),))],
                                  effect=Effect("set_language", {"lang": code}))
            case Choose(slot="helped", option=option):
                return self._helped(session, option)
            case Choose(slot="seen", option=option):
                return self._seen(session, option)
        match session.state:
            case "reference":
                return self._reference(session, event)
            case "appointment":
                return self._appointment(session, event, now, lang)
            case "language":
                return self._language(session, event)
            case "benefit":
                return self._benefit(session, event)
            case "seen":
                return ProOutcome(notice=Msg.of("pro.choose_button"))
            case "earlier" | "notes":
                return self._reflection(session, event)
        if isinstance(event, Command):
            return ProOutcome([Screen((Msg.of("pro.unknown_command"),))])
        return ProOutcome([Screen((Msg.of("pro.help"),))])

    def _reference(self, session: Session, event: Event) -> ProOutcome:
        if not isinstance(event, Text) or not event.text.strip():
            return ProOutcome([Screen((Msg.of("pro.invite.reference"),), (_cancel_row(),))])
        reference = event.text.strip()
        if looks_like_bsn(reference):
            return ProOutcome([Screen((Msg.of("pro.invite.reference.bsn"),), (_cancel_row(),))])
        if len(reference) > MAX_REFERENCE:
            return ProOutcome([Screen((Msg.of("pro.invite.reference.too_long",
                                              max=MAX_REFERENCE),), (_cancel_row(),))])
        session.data["reference"] = reference
        self._fire(session, "got_reference")
        return ProOutcome([Screen((Msg.of("pro.invite.appointment"),), (_cancel_row(),))])

    def _appointment(self, session: Session, event: Event, now: datetime,
                     lang: str) -> ProOutcome:
        if not isinstance(event, Text):
            return ProOutcome([Screen((Msg.of("pro.invite.appointment"),), (_cancel_row(),))])
        parsed = parse_appointment(event.text, now)
        if parsed.when is None:
            return ProOutcome([Screen((Msg.of(f"pro.invite.appointment.{parsed.problem}"),
                                       Msg.of("pro.invite.appointment")), (_cancel_row(),))])
        session.data["appointment"] = parsed.when.isoformat()
        self._fire(session, "got_appointment")
        buttons = tuple((Button(Msg.of(f"lang.{code}"), cb.pro("lang", code)),)
                        for code in self.languages)
        return ProOutcome([Screen((Msg.of("pro.invite.appointment.confirm",
                                          when=Msg.text(show(parsed.when, lang))),
                                   Msg.of("pro.invite.language")),
                                  (*buttons, _cancel_row()))])

    def _language(self, session: Session, event: Event) -> ProOutcome:
        if not (isinstance(event, Choose) and event.slot == "lang"
                and event.option in self.languages):
            return ProOutcome(notice=Msg.of("pro.choose_button"))
        session.data["lang"] = event.option
        self._fire(session, "got_language")
        rows = [tuple(Button(Msg.of(_benefit_label(b)), cb.pro("benefit", b))
                      for b in BENEFITS[i:i + 2]) for i in range(0, len(BENEFITS), 2)]
        return ProOutcome([Screen((Msg.of("pro.invite.benefit"),), (*rows, _cancel_row()))])

    def _benefit(self, session: Session, event: Event) -> ProOutcome:
        if not (isinstance(event, Choose) and event.slot == "benefit"
                and event.option in BENEFITS):
            return ProOutcome(notice=Msg.of("pro.choose_button"))
        values = {**session.data, "benefit": "" if event.option == "unknown" else event.option}
        self._fire(session, "done")
        session.data = {}
        return ProOutcome(effect=Effect("create_invite", values))

    def _helped(self, session: Session, option: str) -> ProOutcome:
        """The first reflection answer (a button on the card) opens the two open questions."""
        invite, _, helped = option.partition(".")
        if not invite.isdigit() or helped not in (*HELPED, "skip"):
            return ProOutcome(notice=Msg.of("pro.choose_button"))
        self._fire(session, "got_helped")
        session.data = {"invite_id": int(invite), "helped": None if helped == "skip" else helped}
        return ProOutcome([self._seen_question(int(invite))])

    @staticmethod
    def _seen_question(invite_id: int) -> Screen:
        """Which stagnation (or none) the professional saw: one tap, beside the profile's."""
        def button(option: str) -> Button:
            label = "pro.seen.none" if option == "none" else f"profile.outcome.{option}"
            return Button(Msg.of(label), cb.pro("seen", f"{invite_id}.{option}"))

        rows = [(button(o),) for o in SEEN]
        rows.append((Button(Msg.of("pro.btn.skip"), cb.pro("seen", f"{invite_id}.skip")),))
        return Screen((Msg.of("pro.reflect.seen"),), tuple(rows))

    def _seen(self, session: Session, option: str) -> ProOutcome:
        invite, _, seen = option.partition(".")
        if (session.state != "seen" or not invite.isdigit()
                or int(invite) != session.data.get("invite_id")
                or seen not in (*SEEN, "skip")):
            return ProOutcome(notice=Msg.of("pro.choose_button"))
        session.data["seen"] = None if seen == "skip" else seen
        self._fire(session, "got_seen")
        return ProOutcome([Screen((Msg.of("pro.reflect.earlier"),), self._skip_row())])

    def _reflection(self, session: Session, event: Event) -> ProOutcome:
        skip = isinstance(event, Choose) and event.option == "skip"
        if isinstance(event, Text) and len(event.text) > MAX_NOTE:
            return ProOutcome([Screen((Msg.of("pro.too_long", max=MAX_NOTE),))])
        if not (isinstance(event, Text) or skip):
            return ProOutcome(notice=Msg.of("pro.type_or_skip"))
        words = None if skip else event.text.strip()
        if session.state == "earlier":
            session.data["earlier"] = words
            self._fire(session, "got_earlier")
            return ProOutcome([Screen((Msg.of("pro.reflect.notes"),), self._skip_row())])
        values = {**session.data, "observations": words}
        self._fire(session, "done")
        session.data = {}
        return ProOutcome([Screen((Msg.of("pro.reflect.thanks"),))],
                          effect=Effect("save_reflection", values))

    @staticmethod
    def _skip_row() -> tuple[tuple[Button, ...], ...]:
        return ((Button(Msg.of("pro.btn.skip"), cb.pro("note", "skip")),),)


def _benefit_label(benefit: str) -> str:
    return "pro.benefit.unknown" if benefit == "unknown" else f"opt.benefit.{benefit}"
