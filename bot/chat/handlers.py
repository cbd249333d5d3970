"""One handler for every client update: translate → apply (committed) → reply → mark replied.

Order matters for reliability: the callback query is answered first (Telegram shows a spinner
until then), the event's effect is committed before any reply, and the update is marked as
replied only after the reply went out, so a redelivered update is neither applied twice nor
left unanswered.
"""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.app_core import Core
from bot.chat import confirm
from bot.chat.professional import ProfessionalHandlers
from bot.chat.replies import ClientBlocked, Replier, Undelivered
from bot.chat.translate import event_for
from bot.flows import callbacks
from bot.flows.appointments import show
from bot.flows.events import Event, FollowUp, Stale, Start
from bot.flows.machine import Conversation
from bot.flows.screens import Msg, Screen
from bot.i18n import Translator
from bot.preparation import Applied
from bot.privacy.shared import disclosures_screen
from bot.professionals.registry import Invite
from bot.render import text_of
from bot.storage import StorageError, storage_problem
from bot.storage.outbox_queue import enqueue
from bot.summary.mine import render_mine_async

log = logging.getLogger(__name__)


class ClientHandlers:
    def __init__(self, core: Core, replier: Replier, pros: ProfessionalHandlers | None = None):
        self.core = core
        self.replier = replier
        self.pros = pros

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Translate, apply (committed), reply, mark replied — in that order (module docstring)."""
        chat = update.effective_chat
        if chat is None:
            return
        if chat.type != ChatType.PRIVATE:
            await self._refuse_group(update)
            return
        handled, code = await self._professional_side(update, chat.id)
        if handled:
            return
        event = event_for(update, context.bot.username)
        if event is None:
            return
        link: tuple[str, Invite | None] | None = None
        if code is not None and isinstance(event, Start):
            event, link = await self._link(chat.id, code, event)
        user = update.effective_user
        language = user.language_code if user else None
        if link is not None and link[1] is not None and link[0] == "ok":
            language = link[1].client_lang  # as the professional chose (a new conversation)
        prep = self.core.preparation
        try:
            applied = await prep.apply(chat.id, event, update_id=update.update_id,
                                       language_code=language)
        except StorageError as exc:
            await self._not_stored(update, language, exc)
            return
        conv = applied.conversation
        if link is not None:
            applied.outcome.screens.insert(
                0, self._linked(*link, conv.lang, self._names(link[1])))
        try:
            await self._reply(update, event, applied)
        except ClientBlocked:
            log.info("chat blocked the bot; marking inactive (update %s)", update.update_id)
            self.core.store.set_active(chat.id, False)
        except (Undelivered, BadRequest) as exc:
            # Retries spent, or a send whose outcome is unknown: tell the client honestly as
            # soon as Telegram answers again (the notice waits in the outbox, so it is not
            # lost), and let the update be confirmed — its effect is stored.
            log.warning("reply to update %s not delivered (%s); notice queued",
                        update.update_id, type(getattr(exc, "cause", exc)).__name__)
            await queue_notice(self.core, chat.id, conv.lang, "delivery.resume")
            self.core.store.mark_replied(update.update_id)

    async def _professional_side(self, update: Update, chat_id: int) -> tuple[bool, str | None]:
        """Hand a professional's update, a registration, a locked-out code or a client's
        follow-up button to the professional side. Returns (handled, the /start code if any)."""
        pros = self.pros
        if pros is None:
            return False, None
        professional = pros.is_professional_update(update)
        if professional is not None:
            await pros.on_update(update, professional)
            return True, None
        code = pros.start_code(update)
        if code is not None and pros.guard.locked(chat_id):
            await self._try_later(update)  # too many wrong codes: none is checked now
            return True, code
        if code and pros.registry.is_registration_code(code):
            await pros.register(update, code)
            return True, code
        query = update.callback_query
        follow_up = callbacks.read(query.data, callbacks.FOLLOW_UP) if query else None
        if isinstance(follow_up, FollowUp):
            await pros.on_client_follow_up(update, follow_up)
            return True, code
        return False, code

    async def _link(self, chat_id: int, code: str,
                    event: Start) -> tuple[Start, tuple[str, Invite | None]]:
        """Link first (idempotent, also for a redelivered /start), so only a valid code
        reaches the conversation: a used or forged one reveals nothing of its invite."""
        pros = self.pros
        assert pros is not None  # a code is only read when the professional side runs
        link = await pros.desk.link(chat_id, code) if code else ("unknown", None)
        status, invite = link
        if status == "unknown":
            await pros.guard.wrong(chat_id)  # counted, the code itself never stored
        linked = (Start(invite=event.invite, benefit=invite.benefit)
                  if status == "ok" and invite is not None else Start())
        return linked, link

    async def _reply(self, update: Update, event: Event, applied: Applied) -> None:
        """Queue a share, answer the query, show the screens, send /mydata's files, then mark
        the update replied. Raises ClientBlocked / Undelivered / BadRequest to on_update."""
        chat_id = update.effective_chat.id
        pros, prep, query = self.pros, self.core.preparation, update.callback_query
        conv, outcome = applied.conversation, applied.outcome
        tr = prep.translator(conv)
        # The summary is queued before any reply (and again, idempotently, for a redelivered
        # update), so neither a crash nor a client who blocks the bot loses it.
        sharing = (pros is not None and conv.state == "done" and conv.shared
                   and (outcome.shared or applied.duplicate))
        if sharing and not await pros.desk.on_shared(chat_id) and outcome.shared:
            outcome.screens.append(Screen((Msg.of("ui.share.no_professional"),)))
        if query is not None:
            # Best-effort: a redelivered query may have been answered before.
            notice = outcome.notice if not applied.duplicate else None
            await self.replier.answer(query.id, text_of(notice, tr) if notice else None)
        if applied.duplicate:
            if not applied.replied:
                await self.replier.show(chat_id, outcome.screens, tr)
                self.core.store.mark_replied(update.update_id)
            await self.replier.tidy(chat_id)
            return
        message_id = query.message.message_id if query and query.message else None
        if outcome.close is not None:
            await self.replier.close(chat_id, outcome.close, tr, message_id)
            message_id = None
        if isinstance(event, Stale) and query is not None:
            await self.replier.show(chat_id, prep.flow.screens_for(conv), tr)
        elif outcome.notice is not None and query is None and not outcome.screens:
            await self.replier.show(chat_id, [Screen((outcome.notice,))], tr)
        await self.replier.show(chat_id, outcome.screens, tr, edit_message_id=message_id)
        if outcome.export:
            await self._send_my_data(chat_id, conv, tr)
        # Marked as sent right after the screen went out, before any tidying, so a crash
        # from here on never shows the same question twice.
        self.core.store.mark_replied(update.update_id)
        await self.replier.tidy(chat_id)

    async def _send_my_data(self, chat_id: int, conv: Conversation, tr: Translator) -> None:
        """/mydata: a copy to read on the phone (PDF), everything as data (JSON), and what was
        shared with whom, from the record of disclosures."""
        if conv.answers:
            pdf = await render_mine_async(self.core.preparation.flow, conv, tr)
            await self.replier.send_file(chat_id, pdf, tr("ui.pdf.filename"), tr("ui.mydata.pdf"))
        await self.replier.send_export(chat_id, self.core.export(chat_id),
                                       tr("ui.mydata.intro"))
        await self.replier.show(chat_id, [disclosures_screen(
            self.core.store, chat_id, conv.lang)], tr)

    async def _not_stored(self, update: Update, language: str | None,
                          exc: StorageError) -> None:
        """The database is locked or full: say so honestly and keep the update unconfirmed,
        so Telegram delivers it again (the poller retries it a little later)."""
        chat_id = update.effective_chat.id
        log.error("update %s not stored: %s (%s)", update.update_id, type(exc).__name__,
                  storage_problem(exc))
        first_time = not confirm.is_retry()
        if not confirm.hold():
            raise exc
        if not first_time:
            return  # the client was told when it first failed
        tr = self.core.catalogs.get(self.core.catalogs.pick_language(language))
        query = update.callback_query
        try:
            if query is not None:
                await self.replier.answer(query.id)
            await self.replier.show(chat_id, [Screen((Msg.of("delivery.not_saved"),))], tr)
        except (ClientBlocked, Undelivered, BadRequest):
            log.warning("could not tell chat about the unsaved update %s", update.update_id)

    def _names(self, invite: Invite | None) -> tuple[str, str]:
        """The professional's name (as given at `professional add`) and the organisation
        (ORGANISATION_CONTACT), for the client's "you are linked" message."""
        if invite is None or self.pros is None:
            return "", ""
        professional = self.pros.registry.by_id(invite.professional_id)
        return (professional.name if professional else "", self.core.flow.contact)

    async def _try_later(self, update: Update) -> None:
        user = update.effective_user
        tr = self.core.catalogs.get(self.core.catalogs.pick_language(
            user.language_code if user else None))
        await self.replier.show(update.effective_chat.id,
                                [Screen((Msg.of("privacy.codes.wait"),))], tr)

    @staticmethod
    def _linked(status: str, invite: Invite | None, lang: str,
                names: tuple[str, str] = ("", "")) -> Screen:
        """How opening an invite link went, in the client's language; naming who they are
        linked to when that is known."""
        if status == "ok" and invite is not None:
            when = Msg.text(show(invite.appointment_at, lang))
            name, organisation = names
            if name and organisation:
                return Screen((Msg.of("ui.invite.linked.named_org", professional=Msg.text(name),
                                      organisation=Msg.text(organisation), when=when),))
            if name:
                return Screen((Msg.of("ui.invite.linked.named", professional=Msg.text(name),
                                      when=when),))
            return Screen((Msg.of("ui.invite.linked", when=when),))
        return Screen((Msg.of(f"ui.invite.{status}"),))

    async def _refuse_group(self, update: Update) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer()
        message = update.message
        if message is None:
            return
        tr = self.core.catalogs.get(self.core.catalogs.pick_language(
            update.effective_user.language_code if update.effective_user else None))
        try:
            await message.reply_text(tr("ui.bad.group"))
        except Exception:
            log.info("could not answer a group update %s", update.update_id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what failed without personal data, and reassure the client."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    where = ""
    if error is not None and error.__traceback__ is not None:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f" at {frame.filename}:{frame.lineno}"
    # The exception's text may quote what a client typed: log only its type and place —
    # except Telegram's own API errors, whose descriptions are fixed texts.
    detail = f" ({error.message})" if isinstance(error, TelegramError) else ""
    log.error("update %s failed: %s%s%s", update_id, type(error).__name__, detail, where)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    core: Core | None = context.bot_data.get("core")
    if core is None or update.effective_chat.type != ChatType.PRIVATE:
        return
    lang = core.catalogs.pick_language(
        update.effective_user.language_code if update.effective_user else None)
    # Never by answering the callback query (perhaps for a second time): a message, queued in
    # the outbox so it arrives even when Telegram does not answer right now.
    try:
        await queue_notice(core, update.effective_chat.id, lang, "ui.error")
    except Exception:
        log.warning("could not queue a notice about the failed update %s", update_id)


async def queue_notice(core: Core, chat_id: int, lang: str, key: str) -> None:
    """A short message to the client, delivered by the outbox sender with its retries."""
    await enqueue(core.store, "notice", chat_id, {"lang": lang, "key": key},
                  datetime.now(UTC))
