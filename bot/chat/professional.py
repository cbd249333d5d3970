"""Telegram side of the professional: registration, /invite (link + QR), /clients, the
reflection card, and the client-side follow-ups (invite links, reminder and evaluation
buttons). Like the client handler, it only translates updates into events, lets the service
apply them (bot/professionals/dialog.py: load, decide, commit; followups.py for the buttons),
and then replies.
"""

from __future__ import annotations

import contextlib
import io
import logging
from datetime import datetime

import segno
from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import BadRequest, Forbidden

from bot.app_core import Core
from bot.chat.replies import Replier
from bot.chat.translate import command_of
from bot.flows import callbacks
from bot.flows.appointments import show
from bot.flows.events import Command, FollowUp, Media, Stale, Text
from bot.flows.professional import ProfessionalFlow, Session
from bot.flows.screens import Msg, Screen
from bot.privacy.guard import CodeGuard
from bot.professionals.codes import deep_link, valid_payload
from bot.professionals.desk import Desk
from bot.professionals.dialog import ProfessionalDialog
from bot.professionals.followups import FollowUps
from bot.professionals.registry import Professional, Registry
from bot.render import text_of

log = logging.getLogger(__name__)

PRO_COMMANDS = ("invite", "clients", "cancel", "help", "language")


class ProfessionalHandlers:
    def __init__(self, core: Core, registry: Registry, desk: Desk, replier: Replier):
        self.core = core
        self.registry = registry
        self.desk = desk
        self.replier = replier
        self.flow = ProfessionalFlow(core.content.languages)
        self.dialog = ProfessionalDialog(desk, registry, self.flow)
        self.followups = FollowUps(core.store, registry, desk.clock)
        # At most 5 wrong invite or registration codes per chat and hour (bot/privacy/guard.py).
        self.guard = CodeGuard(core.store, desk.clock)

    # ----- routing helpers --------------------------------------------------------------

    def is_professional_update(self, update: Update) -> Professional | None:
        chat = update.effective_chat
        return self.registry.by_chat(chat.id) if chat else None

    @staticmethod
    def start_code(update: Update) -> str | None:
        message = update.message
        if message is None or not message.text or not message.text.startswith("/start "):
            return None
        code = message.text.split(maxsplit=1)[1].strip()
        return code if valid_payload(code) else ""

    # ----- registration -------------------------------------------------------------------

    async def register(self, update: Update, code: str) -> None:
        chat = update.effective_chat
        user = update.effective_user
        lang = self.core.catalogs.pick_language(user.language_code if user else None)
        status = await self.registry.register(code, chat.id, lang, self.desk.clock())
        tr = self.core.catalogs.get(lang)
        if status != "ok":
            await self.replier.show(chat.id, [Screen((Msg.of(f"pro.registration.{status}"),))],
                                    tr)
            return
        professional = self.registry.by_chat(chat.id)
        await self.set_commands(chat.id, lang)
        await self.replier.show(chat.id, [Screen((Msg.of("pro.registered",
                                                         name=Msg.text(professional.name)),)),
                                          *self.flow.handle(Session(), Command("language"),
                                                            self.desk.clock(), lang).screens],
                                tr)

    async def set_commands(self, chat_id: int, lang: str) -> None:
        """A professional sees the professional commands; clients never do."""
        tr = self.core.catalogs.get(lang)
        await self.replier.bot.set_my_commands(
            [BotCommand(name, tr(f"cmd.{name}")) for name in PRO_COMMANDS],
            scope=BotCommandScopeChat(chat_id))

    # ----- the professional's chat ---------------------------------------------------------

    async def on_update(self, update: Update, professional: Professional) -> None:
        chat_id = professional.chat_id
        tr = self.core.catalogs.get(professional.lang)
        query = update.callback_query
        if query is not None:
            event = callbacks.read(query.data, callbacks.PROFESSIONAL)
            if isinstance(event, Stale):
                await refuse(query, tr)
                return
        else:
            message = update.message
            if message is None:
                return  # edits and other updates: nothing to do for a professional
            command = command_of(message.text or "", self.replier.bot.username)
            if command is not None:
                name = command[0]
                event = Command(name if name in (*PRO_COMMANDS, "start") else f"unknown:{name}")
            elif message.text:
                event = Text(message.text)
            else:
                event = Media()
        turn = await self.dialog.apply(professional, event, update.update_id)
        if turn.duplicate:
            if query is not None:
                await _answer(query, None)
            return
        outcome, screens = turn.outcome, turn.screens
        if query is None and outcome.notice is not None:
            screens.insert(0, Screen((outcome.notice,)))  # typed where a button was asked
        if outcome.effect is not None and outcome.effect.kind == "set_language":
            await self.set_commands(chat_id, turn.lang)
            tr = self.core.catalogs.get(turn.lang)
        photo: tuple[bytes, str] | None = None
        invite, code = turn.invite, turn.code
        if invite is not None and code:
            when = datetime.fromisoformat(invite["appointment"])
            link = deep_link(self.replier.bot.username, code)
            # Then a message to forward as it is: the QR code with, around the link, a few
            # words in the client's language (issue 19).
            screens.append(Screen((Msg.of("pro.invite.done",
                                          reference=Msg.text(invite["reference"]),
                                          when=Msg.text(show(when, professional.lang)),
                                          link=Msg.text(link)),
                                   Msg.of("pro.invite.forward"))))
            client_tr = self.core.catalogs.get(invite["lang"])
            photo = (qr_png(link), text_of(Msg.of("ui.invite.forward",
                                                  when=Msg.text(show(when, invite["lang"])),
                                                  link=Msg.text(link)), client_tr))
        if query is not None:
            await _answer(query, text_of(outcome.notice, tr) if outcome.notice else None)
            if query.message is not None and outcome.notice is None:
                await self.replier.close(chat_id, Screen((Msg.text(query.message.text or "…"),)),
                                         tr, query.message.message_id)
        await self.replier.show(chat_id, screens, tr)
        if photo is not None:
            await self.replier.bot.send_photo(chat_id, photo[0], caption=photo[1])
        self.core.store.mark_replied(update.update_id)

    # ----- client follow-ups: reminder and evaluation buttons -----------------------------

    async def on_client_follow_up(self, update: Update, event: FollowUp) -> None:
        query = update.callback_query
        chat_id = update.effective_chat.id
        conv = self.core.preparation.conversation(chat_id)
        tr = self.core.preparation.translator(conv)
        screens: list[Screen] = []
        if event.action == "reminders_off":
            await self.followups.set_reminders(chat_id, on=False)
            screens = [Screen((Msg.of("ui.reminders.off"),))]
        elif event.action == "partial_ok":
            await self.followups.allow_partial(chat_id)
            screens = [Screen((Msg.of("ui.partial.ok"),))]
        elif event.action == "continue":
            screens = self.core.flow.screens_for(conv)
        elif event.action == "evaluate":
            invite_id, question, option = event.args
            invite = self.registry.invite(int(invite_id))
            if invite is None or invite.client_chat_id != chat_id:
                await refuse(query, tr)
                return
            stored = await self.followups.evaluate(chat_id, invite.id, question, option)
            if stored and question == "helped":
                screens = [evaluation_screen(invite.id, "easy")]
            elif stored:
                screens = [Screen((Msg.of("ui.eval.thanks"),))]
        if not screens:
            await refuse(query, tr)
            return
        await _answer(query, None)
        if query.message is not None:
            await self.replier._call("editMessageReplyMarkup", chat_id=chat_id,
                                     message_id=query.message.message_id)
        await self.replier.show(chat_id, screens, tr)


def evaluation_screen(invite_id: int, question: str) -> Screen:
    from bot.flows.screens import Button

    return Screen((Msg.of(f"ui.eval.{question}"),), (tuple(
        Button(Msg.of(f"ui.eval.{option}"), callbacks.evaluation(invite_id, question, option))
        for option in ("yes", "somewhat", "no")),))


def reminder_screen(when: datetime, lang: str) -> Screen:
    from bot.flows.screens import Button

    return Screen((Msg.of("ui.reminder", when=Msg.text(show(when, lang))),), (
        (Button(Msg.of("ui.btn.continue"), callbacks.go_on()),),
        (Button(Msg.of("ui.btn.partial_ok"), callbacks.partial_ok()),),
        (Button(Msg.of("ui.btn.reminders_off"), callbacks.reminders_off()),),
    ))


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


async def refuse(query, tr) -> None:
    """The one kind reply to a button that is no longer valid (or not this chat's): a short
    notice on the button; nothing changes."""
    await _answer(query, tr("ui.bad.stale"))


async def _answer(query, text: str | None) -> None:
    with contextlib.suppress(BadRequest, Forbidden):  # an old query: nothing to do
        await query.answer(text)
