"""Send what the flow decided, in the client's language, with Telegram's quirks handled.

"Message is not modified" is a no-op; a client who blocked the bot is marked inactive and never
retried; keyboards of answered questions are closed so old buttons cannot be pressed twice.
"""

from __future__ import annotations

import json
import logging
from io import BytesIO

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden

from bot.flows.screens import Screen
from bot.i18n import Translator
from bot.render import Rendered, render

log = logging.getLogger(__name__)


class ClientBlocked(Exception):
    """The client blocked the bot: stop talking to them."""


def keyboard(rendered: Rendered) -> InlineKeyboardMarkup | None:
    if not rendered.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row]
         for row in rendered.buttons]
    )


async def _guard(coro) -> object | None:
    try:
        return await coro
    except Forbidden as exc:
        raise ClientBlocked from exc
    except BadRequest as exc:
        text = str(exc).lower()
        if "not modified" in text or "message to edit not found" in text or (
            "can't be edited" in text
        ):
            return None
        raise


class Replier:
    """Renders screens for one chat; remembers which message carries the live keyboard."""

    def __init__(self, bot: Bot):
        self.bot = bot
        self.live_keyboard: dict[int, int] = {}

    async def close(self, chat_id: int, screen: Screen, tr: Translator,
                    message_id: int | None) -> None:
        message_id = message_id or self.live_keyboard.get(chat_id)
        if not message_id:
            return
        text = render(screen, tr)[-1].text
        await _guard(self.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                                reply_markup=None))
        if self.live_keyboard.get(chat_id) == message_id:
            del self.live_keyboard[chat_id]

    async def show(self, chat_id: int, screens: list[Screen], tr: Translator,
                   edit_message_id: int | None = None) -> None:
        for screen in screens:
            messages = render(screen, tr)
            for rendered in messages:
                markup = keyboard(rendered)
                if screen.mode == "edit" and edit_message_id and len(messages) == 1:
                    await _guard(self.bot.edit_message_text(
                        rendered.text, chat_id=chat_id, message_id=edit_message_id,
                        reply_markup=markup))
                    continue
                sent = await _guard(self.bot.send_message(chat_id, rendered.text,
                                                          reply_markup=markup))
                if markup is not None and sent is not None:
                    previous = self.live_keyboard.get(chat_id)
                    if previous and previous != sent.message_id:
                        # An older keyboard is no longer current: remove it quietly.
                        await _guard(self.bot.edit_message_reply_markup(
                            chat_id=chat_id, message_id=previous, reply_markup=None))
                    self.live_keyboard[chat_id] = sent.message_id

    async def send_export(self, chat_id: int, data: dict, caption: str) -> None:
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
        await _guard(self.bot.send_document(chat_id, BytesIO(payload),
                                            filename="voorbereid-mijn-gegevens.json",
                                            caption=caption))
