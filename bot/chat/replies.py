"""Send what the flow decided, in the client's language, with Telegram's quirks handled.

Every call goes through `bot.chat.calls.call`: transient faults are retried with bounded
backoff, 429 is honoured, and "message is not modified", "message to edit not found" and
"query is too old" count as done. A client who blocked the bot is marked inactive.

What must arrive and what is best-effort are kept apart: answering the callback query and
closing the answered question's keyboard are best-effort (a failure never holds back the next
question); the next screen must arrive — if it cannot be sent, `show` raises `Undelivered`
and the caller queues an honest notice. Removing the keyboard of an older message happens
only in `tidy`, after the caller has marked the reply as sent.

Sends and edits go through `Bot.do_api_request` with plain-dict keyboards and no conversion
of the answer into `Message` objects: building and parsing those for a dozen buttons cost more
than all of our own work per update (measured with bench/bench.py). Rate limiting still
applies, as every call passes through the bot's rate limiter.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections import OrderedDict

from telegram import Bot
from telegram.error import BadRequest
from telegram.warnings import PTBUserWarning

from bot.chat.calls import ClientBlocked, RetryPolicy, Undelivered, call
from bot.flows.screens import Screen
from bot.i18n import Translator
from bot.render import Rendered, render

log = logging.getLogger(__name__)

__all__ = ["ClientBlocked", "Replier", "Undelivered", "keyboard"]

# We call do_api_request on purpose (see above); PTB recommends the typed method each time.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)

LIVE_KEYBOARDS = 10_000


class BoundedMap(OrderedDict):
    """A dict that forgets its least recently set entries beyond `limit` (bounded memory)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: object, value: object) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)


# Calls whose repetition cannot show anything twice.
REPEATABLE = frozenset(("answerCallbackQuery", "editMessageText", "editMessageReplyMarkup",
                        "deleteMessage", "sendChatAction"))


def keyboard(rendered: Rendered) -> dict | None:
    if not rendered.buttons:
        return None
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row]
                                for row in rendered.buttons]}


class Replier:
    """Renders screens for one chat; remembers which message carries the live keyboard."""

    def __init__(self, bot: Bot, policy: RetryPolicy | None = None,
                 remember: int = LIVE_KEYBOARDS):
        self.bot = bot
        self.policy = policy or RetryPolicy()
        # chat → the message with the live keyboard; the least recently used are forgotten
        # (their keyboard then simply stays, and a tap on it is read like any other).
        self.live_keyboard: BoundedMap = BoundedMap(remember)
        # Older keyboards to remove once the reply is marked as sent (chat → message ids).
        self._untidy: dict[int, list[int]] = {}

    async def _call(self, method: str, **params: object) -> object | None:
        params = {k: v for k, v in params.items() if v is not None}
        return await call(method, lambda: self.bot.do_api_request(method, api_kwargs=params),
                          repeatable=method in REPEATABLE, policy=self.policy)

    async def _best_effort(self, method: str, **params: object) -> None:
        try:
            await self._call(method, **params)
        except ClientBlocked:
            raise
        except (Undelivered, BadRequest) as exc:
            log.info("%s skipped: %s", method, type(exc).__name__)

    async def answer(self, query_id: str, text: str | None = None) -> None:
        """Answer a callback query (stops the button's spinner), with an optional notice.
        Best-effort: the spinner stops by itself, the next screen matters more."""
        await self._best_effort("answerCallbackQuery", callback_query_id=query_id, text=text)

    async def close(self, chat_id: int, screen: Screen, tr: Translator,
                    message_id: int | None) -> None:
        """Show the answered question without its buttons (best-effort)."""
        message_id = message_id or self.live_keyboard.get(chat_id)
        if not message_id:
            return
        text = render(screen, tr)[-1].text
        await self._best_effort("editMessageText", chat_id=chat_id, message_id=message_id,
                                text=text)
        if self.live_keyboard.get(chat_id) == message_id:
            del self.live_keyboard[chat_id]

    async def show(self, chat_id: int, screens: list[Screen], tr: Translator,
                   edit_message_id: int | None = None) -> None:
        """Send the screens; raises Undelivered when one could not (certainly) be sent."""
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
                        self._untidy.setdefault(chat_id, []).append(previous)
                    self.live_keyboard[chat_id] = sent["message_id"]

    async def tidy(self, chat_id: int) -> None:
        """Quietly remove keyboards that are no longer current (best-effort, after the reply
        was marked as sent, so a crash here never repeats a screen)."""
        for message_id in self._untidy.pop(chat_id, []):
            try:
                await self._best_effort("editMessageReplyMarkup", chat_id=chat_id,
                                        message_id=message_id)
            except ClientBlocked:
                return

    async def send_file(self, chat_id: int, payload: bytes, filename: str, caption: str) -> None:
        """A document such as the client's own PDF (/mydata)."""
        await call("sendDocument", lambda: self.bot.send_document(
            chat_id, payload, filename=filename, caption=caption), repeatable=False,
            policy=self.policy)

    async def send_export(self, chat_id: int, data: dict, caption: str) -> None:
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
        await call("sendDocument", lambda: self.bot.send_document(
            chat_id, payload, filename="voorbereid-mijn-gegevens.json",
            caption=caption), repeatable=False, policy=self.policy)
