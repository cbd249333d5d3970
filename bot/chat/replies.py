"""Send what the flow decided, in the client's language, with Telegram's quirks handled.

"Message is not modified" is a no-op; a client who blocked the bot is marked inactive and never
retried; keyboards of answered questions are closed so old buttons cannot be pressed twice.

Sends and edits go through `Bot.do_api_request` with plain-dict keyboards and no conversion
of the answer into `Message` objects: building and parsing those for a dozen buttons cost more
than all of our own work per update (measured with bench/bench.py). Rate limiting still
applies, as every call passes through the bot's rate limiter.
"""

from __future__ import annotations

import json
import logging
import warnings
from io import BytesIO

from telegram import Bot
from telegram.error import BadRequest, Forbidden
from telegram.warnings import PTBUserWarning

from bot.flows.screens import Screen
from bot.i18n import Translator
from bot.render import Rendered, render

log = logging.getLogger(__name__)

# We call do_api_request on purpose (see above); PTB recommends the typed method each time.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)


class ClientBlocked(Exception):
    """The client blocked the bot: stop talking to them."""


def keyboard(rendered: Rendered) -> dict | None:
    if not rendered.buttons:
        return None
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row]
                                for row in rendered.buttons]}


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

    async def _call(self, method: str, **params: object) -> object | None:
        params = {k: v for k, v in params.items() if v is not None}
        return await _guard(self.bot.do_api_request(method, api_kwargs=params))

    async def answer(self, query_id: str, text: str | None = None) -> None:
        """Answer a callback query (stops the button's spinner), with an optional notice."""
        await self._call("answerCallbackQuery", callback_query_id=query_id, text=text)

    async def close(self, chat_id: int, screen: Screen, tr: Translator,
                    message_id: int | None) -> None:
        message_id = message_id or self.live_keyboard.get(chat_id)
        if not message_id:
            return
        text = render(screen, tr)[-1].text
        await self._call("editMessageText", chat_id=chat_id, message_id=message_id, text=text)
        if self.live_keyboard.get(chat_id) == message_id:
            del self.live_keyboard[chat_id]

    async def show(self, chat_id: int, screens: list[Screen], tr: Translator,
                   edit_message_id: int | None = None) -> None:
        for screen in screens:
            messages = render(screen, tr)
            for rendered in messages:
                markup = keyboard(rendered)
                if screen.mode == "edit" and edit_message_id and len(messages) == 1:
                    await self._call("editMessageText", chat_id=chat_id,
                                     message_id=edit_message_id, text=rendered.text,
                                     reply_markup=markup)
                    continue
                sent = await self._call("sendMessage", chat_id=chat_id, text=rendered.text,
                                        reply_markup=markup)
                if markup is not None and isinstance(sent, dict):
                    previous = self.live_keyboard.get(chat_id)
                    if previous and previous != sent["message_id"]:
                        # An older keyboard is no longer current: remove it quietly.
                        await self._call("editMessageReplyMarkup", chat_id=chat_id,
                                         message_id=previous)
                    self.live_keyboard[chat_id] = sent["message_id"]

    async def send_export(self, chat_id: int, data: dict, caption: str) -> None:
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
        await _guard(self.bot.send_document(chat_id, BytesIO(payload),
                                            filename="voorbereid-mijn-gegevens.json",
                                            caption=caption))
