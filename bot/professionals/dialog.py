"""Apply one event of a professional's chat, like `Preparation.apply` for clients: load the
half-typed dialog, let the pure flow (bot/flows/professional.py) decide, and commit its effect
— the session, the update id, a new invite or a reflection — in one transaction, before the
chat handler (bot/chat/professional.py) replies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.flows.appointments import show_short
from bot.flows.events import Event
from bot.flows.professional import ProfessionalFlow, ProOutcome, Session
from bot.flows.screens import Msg, Screen
from bot.professionals.desk import Desk
from bot.professionals.followups import reflect
from bot.professionals.registry import Professional, Registry
from bot.storage import Connection, accounts


@dataclass
class Turn:
    """What one event did: the flow's outcome and screens, the language to reply in, and a
    new invite's values and one-time code (the handler turns them into a link and QR)."""

    outcome: ProOutcome
    screens: list[Screen] = field(default_factory=list)
    lang: str = "nl"
    invite: dict | None = None
    code: str | None = None
    duplicate: bool = False


@dataclass
class ProfessionalDialog:
    desk: Desk
    registry: Registry
    flow: ProfessionalFlow

    async def apply(self, professional: Professional, event: Event, update_id: int) -> Turn:
        store = self.desk.core.store
        applied, _ = store.was_applied(update_id)
        if applied:
            return Turn(ProOutcome(), lang=professional.lang, duplicate=True)
        session = Session.from_dict(professional.session)
        now = self.desk.clock()
        outcome = self.flow.handle(session, event, now, professional.lang)
        turn = Turn(outcome, list(outcome.screens), professional.lang)
        effect = outcome.effect
        kind = effect.kind if effect is not None else ""
        if kind == "list_clients":
            turn.screens.append(self.clients_screen(professional))
        elif kind == "set_language":
            turn.lang = effect.values["lang"]
        elif kind == "create_invite":
            turn.invite = effect.values
        data = session.to_dict()

        def commit(conn: Connection) -> str | None:
            if kind == "save_reflection":
                reflect(conn, professional.id, effect.values, now.isoformat())
            elif kind == "set_language":
                accounts.set_language(conn, professional.id, turn.lang)
            accounts.save_session(conn, professional.id, data, update_id,
                                  professional.chat_id, now.isoformat())
            if turn.invite is None:
                return None
            return self.registry.insert_invite(
                conn, professional.id, turn.invite["reference"],
                datetime.fromisoformat(turn.invite["appointment"]), turn.invite["lang"],
                turn.invite["benefit"], now)

        turn.code = await store.transact(commit)
        return turn

    def clients_screen(self, professional: Professional) -> Screen:
        """/clients: each invite with its appointment and how far the client is."""
        invites = self.registry.invites_of(professional.id)
        if not invites:
            return Screen((Msg.of("pro.clients.none"),))
        lines = [Msg.of("pro.clients.header")]
        for invite in invites:
            lines.append(Msg.of("pro.clients.line", reference=Msg.text(invite.reference),
                                when=Msg.text(show_short(invite.appointment_at,
                                                         professional.lang)),
                                status=self.desk.status(invite)))
        return Screen((Msg.join(*lines, sep="\n"),))
