"""An offline Telegram for tests: a request layer that answers like the Bot API, and a client.

`OfflineTelegram` is a python-telegram-bot `BaseRequest` that never touches the network: it
records every call (method and parameters) and answers with a valid result, keeping each chat's
messages and keyboards as Telegram would (edits replace, "message is not modified" is a 400).
`TelegramClient` builds updates like a person in Telegram would send them and feeds them to
`Application.process_update`, so tests read like "the client taps 'Overslaan'": `tap(label)`
finds the button on the newest keyboard by what it says (and fails listing the labels there),
`answer_everything()` answers every question from what is on screen (tests/answering.py).
`tap_data` sends raw callback data, for tests where the data itself is the point.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from tests.answering import Answering, next_step
from tests.keys import use_test_key

use_test_key()  # whoever builds a bot on these fakes (tests, bench scripts) has a data key

BOT_USER = {"id": 999, "is_bot": True, "first_name": "Voorbereid", "username": "voorbereid_bot",
            "can_join_groups": False, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class SentMessage:
    chat_id: int
    message_id: int
    text: str = ""
    reply_markup: dict | None = None
    document: bytes | None = None

    def buttons(self) -> list[tuple[str, str]]:
        if not self.reply_markup:
            return []
        return [(b["text"], b["callback_data"]) for row in self.reply_markup["inline_keyboard"]
                for b in row]


@dataclass
class OfflineTelegram(BaseRequest):
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], SentMessage] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    # chat id → id of the newest message that has a keyboard (kept as messages change)
    live: dict[int, int] = field(default_factory=dict)
    # The benchmark turns history off: it keeps only each chat's newest messages, so the
    # harness's own memory does not slow the process it measures.
    record: bool = True
    # method → faults to inject on its next calls: "429", "500", "network", "timeout" (nothing
    # kept, the answer lost), "timeout_after_store" (the message is kept, the answer lost),
    # "forbidden" or "conflict" (409).
    faults: dict[str, list[str]] = field(default_factory=dict)
    _recent: dict[int, list[int]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files \
            else {}
        if self.record:
            self.calls.append(Call(api_method, params))
        fault = (self.faults.get(api_method) or [None]).pop(0) if self.faults.get(
            api_method) else None
        if fault == "429":
            return 429, json.dumps({"ok": False, "error_code": 429, "description":
                                    "Too Many Requests: retry after 3",
                                    "parameters": {"retry_after": 3}}).encode()
        if fault == "500":
            return 500, json.dumps({"ok": False, "error_code": 500,
                                    "description": "Internal Server Error"}).encode()
        if fault == "network":
            raise NetworkError("connection reset")
        if fault == "timeout":  # the request never reached Telegram, but we cannot know
            raise TimedOut("the answer did not arrive")
        if fault == "conflict":  # another process polls with the same token
            return 409, json.dumps({"ok": False, "error_code": 409, "description":
                                    "Conflict: terminated by other getUpdates request"}).encode()
        if fault == "forbidden":
            return 403, json.dumps({"ok": False, "error_code": 403, "description":
                                    "Forbidden: bot was blocked by the user"}).encode()
        status, result = self._answer(api_method, params, files)
        if fault == "timeout_after_store":
            raise TimedOut("the answer did not arrive")
        if status != 200:
            return status, json.dumps({"ok": False, "error_code": status,
                                       "description": result}).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _message(self, msg: SentMessage) -> dict:
        data = {"message_id": msg.message_id, "date": 0, "from": BOT_USER,
                "chat": {"id": msg.chat_id, "type": "private", "first_name": "Client"},
                "text": msg.text}
        if msg.reply_markup:
            data["reply_markup"] = msg.reply_markup
        if msg.document is not None:
            data["document"] = {"file_id": f"doc{msg.message_id}", "file_unique_id": "u",
                                "file_name": "data.json"}
        return data

    def _answer(self, method: str, params: dict, files: dict) -> tuple[int, Any]:
        chat_id = int(params["chat_id"]) if "chat_id" in params else None
        if chat_id in self.blocked and method.startswith(("send", "edit")):
            return 403, "Forbidden: bot was blocked by the user"
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        match method:
            case "getMe":
                return 200, BOT_USER
            case "sendMessage" | "sendDocument" | "sendPhoto" | "sendVoice":
                msg = SentMessage(chat_id, next(self._ids), params.get("text", "") or
                                  params.get("caption", ""), markup)
                if files:
                    msg.document = next(iter(files.values()))[1]
                self.messages[(chat_id, msg.message_id)] = msg
                if not self.record:
                    recent = self._recent.setdefault(chat_id, [])
                    recent.append(msg.message_id)
                    if len(recent) > 3:
                        self.messages.pop((chat_id, recent.pop(0)), None)
                if markup:
                    self.live[chat_id] = msg.message_id
                return 200, self._message(msg)
            case "editMessageText" | "editMessageReplyMarkup":
                msg = self.messages.get((chat_id, int(params["message_id"])))
                if msg is None:
                    return 400, "Bad Request: message to edit not found"
                text = params.get("text", msg.text)
                if text == msg.text and markup == msg.reply_markup:
                    return 400, "Bad Request: message is not modified"
                msg.text, msg.reply_markup = text, markup
                return 200, self._message(msg)
            case "getUpdates":
                return 200, []
            case _:
                return 200, True

    # ----- reading what the bot did -----------------------------------------------------

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if (method is None or c.method == method)
                and (chat_id is None or int(c.params.get("chat_id", -1)) == chat_id)]

    def chat(self, chat_id: int) -> list[SentMessage]:
        return [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    def keyboard_message(self, chat_id: int) -> SentMessage | None:
        message = self.messages.get((chat_id, self.live.get(chat_id, -1)))
        if message is not None and message.buttons():
            return message
        with_keys = [m for m in self.chat(chat_id) if m.buttons()]
        return with_keys[-1] if with_keys else None


def pick(buttons: list[tuple[str, str]], label: str) -> str:
    """The data of the button labelled `label` (exactly, else the first that contains it,
    case aside); fails listing the labels on screen when there is none."""
    exact = [data for text, data in buttons if text == label]
    near = [data for text, data in buttons if label.lower() in text.lower()]
    assert exact or near, f"no button {label!r} among {[text for text, _ in buttons]}"
    return (exact or near)[0]


class TelegramClient:
    """One person in a private chat with the bot."""

    _update_ids = itertools.count(1)

    def __init__(self, app: Application, telegram: OfflineTelegram, chat_id: int = 4242,
                 language_code: str = "nl"):
        self.app = app
        self.telegram = telegram
        self.chat_id = chat_id
        self.language_code = language_code
        self._message_ids = itertools.count(1)

    def _user(self) -> dict:
        return {"id": self.chat_id, "is_bot": False, "first_name": "Client",
                "language_code": self.language_code}

    def _chat(self) -> dict:
        return {"id": self.chat_id, "type": "private", "first_name": "Client"}

    def message_update(self, update_id: int | None = None, **fields: Any) -> Update:
        data = {"message_id": next(self._message_ids), "date": 0, "chat": self._chat(),
                "from": self._user(), **fields}
        key = fields.pop("_key", "message") if "_key" in fields else "message"
        data.pop("_key", None)
        return Update.de_json({"update_id": update_id or next(self._update_ids), key: data},
                              self.app.bot)

    async def feed(self, update: Update) -> Update:
        await self.app.process_update(update)
        return update

    async def send(self, text: str, update_id: int | None = None) -> Update:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            fields["entities"] = [{"type": "bot_command", "offset": 0,
                                   "length": len(text.split()[0])}]
        return await self.feed(self.message_update(update_id, **fields))

    async def edit(self, text: str) -> Update:
        data = {"message_id": 1, "date": 0, "edit_date": 1, "chat": self._chat(),
                "from": self._user(), "text": text}
        return await self.feed(Update.de_json(
            {"update_id": next(self._update_ids), "edited_message": data}, self.app.bot))

    async def sticker(self) -> Update:
        return await self.feed(self.message_update(sticker={
            "file_id": "stk", "file_unique_id": "stk", "width": 1, "height": 1,
            "is_animated": False, "is_video": False, "type": "regular"}))

    async def photo(self) -> Update:
        return await self.feed(self.message_update(photo=[{
            "file_id": "ph", "file_unique_id": "ph", "width": 1, "height": 1}]))

    async def voice(self, file_id: str = "voice-1") -> Update:
        return await self.feed(self.message_update(voice={
            "file_id": file_id, "file_unique_id": file_id, "duration": 3}))

    def tap_update(self, data: str, message_id: int | None = None,
                   update_id: int | None = None) -> Update:
        message = self.telegram.messages.get((self.chat_id, message_id)) if message_id else \
            self.telegram.keyboard_message(self.chat_id)
        assert message is not None, "no message with buttons to tap"
        return Update.de_json({
            "update_id": update_id or next(self._update_ids),
            "callback_query": {"id": str(next(self._update_ids)), "from": self._user(),
                               "chat_instance": "ci", "data": data,
                               "message": self.telegram._message(message)},
        }, self.app.bot)

    async def tap_data(self, data: str, message_id: int | None = None) -> Update:
        return await self.feed(self.tap_update(data, message_id))

    def buttons(self) -> list[tuple[str, str]]:
        """The (label, data) buttons of the newest keyboard on screen."""
        message = self.telegram.keyboard_message(self.chat_id)
        return message.buttons() if message is not None else []

    def labels(self) -> list[str]:
        return [label for label, _ in self.buttons()]

    def prepare_tap(self, label: str) -> Update:
        """The update a tap on `label` sends, to feed later (twice, or after a crash)."""
        message = self.telegram.keyboard_message(self.chat_id)
        assert message is not None, f"no keyboard on screen to tap {label!r}"
        return self.tap_update(pick(message.buttons(), label), message.message_id)

    async def tap(self, label: str) -> Update:
        """Tap a button of the newest keyboard by what it says: the one labelled exactly
        `label`, else the first whose label contains it (case aside)."""
        message = self.telegram.keyboard_message(self.chat_id)
        assert message is not None, f"no keyboard on screen to tap {label!r}"
        return await self.tap_data(pick(message.buttons(), label), message.message_id)

    async def answer_everything(self, how: Answering | None = None, limit: int = 400,
                                **options: Any) -> list[str]:
        """Answer every question the bot asks, from the screen, until it stops asking (the
        review, the question whether to share); `how` or `options` as in `Answering`.
        Returns the questions met, in order."""
        how = how or Answering(**options)
        met: list[str] = []
        for _ in range(limit):
            step = next_step(self.buttons(), how)
            if step is None:
                return met
            if not met or met[-1] != step.question:
                met.append(step.question)
            if step.voice:
                await self.voice(f"voice-{step.question}")
            elif step.type is not None:
                await self.send(step.type)
            else:
                await self.tap(step.tap)
        raise AssertionError(f"still asking after {limit} steps: {met[-5:]}")

    def last_text(self) -> str:
        texts = [c.params.get("text", "") for c in self.telegram.sent(chat_id=self.chat_id)
                 if c.method in ("sendMessage", "editMessageText")]
        return texts[-1] if texts else ""

    def texts(self) -> list[str]:
        return [c.params.get("text", "") for c in self.telegram.sent(chat_id=self.chat_id)
                if c.method in ("sendMessage", "editMessageText")]
