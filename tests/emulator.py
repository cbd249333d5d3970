"""A small Telegram Bot API emulator for end-to-end tests of the bot.

Why this exists: the npm package ``telegram-test-api`` does not work with
python-telegram-bot 22 (edits return ``null``, file uploads and
``setMyCommands`` give 500, ``getUpdates`` ignores offset/limit/long polling,
callback queries lack ``chat_instance``).  This module emulates the part of the
Bot API the bot uses, with Telegram's semantics, using only the standard
library.  It listens on 127.0.0.1 only and never contacts any other address
(file URLs sent by the bot are recorded, never fetched).

Usage::

    from tests.emulator import TelegramEmulator

    with TelegramEmulator(token="123456:TEST") as emu:
        env = {**os.environ, "TELEGRAM_API_BASE_URL": emu.base_url}
        bot = subprocess.Popen([sys.executable, "-m", "bot"], env=env)
        emu.send_text(42, "/start")
        emu.wait_for_text(42, "Welkom")            # or wait_for(predicate) on sent() entries
        mark = len(emu.sent())
        emu.tap_button(42, "Ja")                   # a button of the newest inline keyboard
        emu.wait_for(lambda e: e["method"] == "editMessageText", since=mark)
        emu.fail_next("sendMessage", "disconnect_after_store")   # fault injection
        bot.kill(); bot = subprocess.Popen(...)    # unconfirmed updates are redelivered
        print(emu.messages(42)[-1]["text"], emu.buttons(emu.last_message(42)))

The bot's requests arrive as ``POST /bot<TOKEN>/<method>`` (PTB appends the
token to ``base_url``), file downloads as ``GET /file/bot<TOKEN>/<file_path>``.
Everything a test reads is returned as deep copies of plain JSON-like dicts,
and every public method is thread-safe (the HTTP server runs in its own threads).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import logging
import re
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

log = logging.getLogger(__name__)

JSON = dict[str, Any]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
BLOCKED = "Forbidden: bot was blocked by the user"

# String-typed Bot API parameters.  Every other form field is JSON-decoded, because PTB
# sends non-string values (ints, reply_markup, scope, ...) JSON-encoded in form fields.
_STRING_PARAMS = frozenset((
    "text", "caption", "parse_mode", "language_code", "callback_query_id", "url",
    "inline_message_id", "action", "description", "short_description", "name", "emoji",
    "title", "file_id", "business_connection_id", "message_effect_id", "query", "data",
    "document", "photo", "voice", "audio", "video", "animation", "sticker", "thumbnail",
))
_FAULT_KINDS = ("429", "forbidden", "timeout", "timeout_after_store", "disconnect_after_store")
_SCOPE_TYPES = frozenset((
    "default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
    "chat_administrators", "chat_member",
))
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")


class ApiError(Exception):
    """A Bot API error; becomes ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


class Button(NamedTuple):
    """An inline keyboard button found by :meth:`TelegramEmulator.find_button`."""

    text: str
    callback_data: str | None
    message_id: int


class _Response(NamedTuple):
    status: int
    body: bytes
    content_type: str = "application/json"


def _utf16_len(text: str) -> int:
    """Telegram measures entity offsets in UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[JSON]:
    """The ``bot_command`` entities Telegram attaches to e.g. ``/start abc``."""
    return [
        {"type": "bot_command", "offset": _utf16_len(text[: m.start()]),
         "length": _utf16_len(m.group())}
        for m in _COMMAND_RE.finditer(text)
    ]


def _coerce(params: JSON) -> JSON:
    """Turn form-field strings into the JSON values PTB encoded into them."""
    out = {}
    for key, value in params.items():
        if isinstance(value, str) and key not in _STRING_PARAMS:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        out[key] = value
    return out


def _parse_multipart(body: bytes, content_type: str) -> tuple[JSON, dict[str, JSON]]:
    """Minimal multipart/form-data parser (the stdlib ``cgi`` module is deprecated)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise ApiError(400, "Bad Request: multipart boundary is missing")
    fields: JSON = {}
    files: dict[str, JSON] = {}
    for part in body.split(b"--" + match.group(1).encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = dict(
            (k.strip().lower(), v.strip())
            for k, _, v in (line.partition(":") for line in head.decode("utf-8").split("\r\n"))
        )
        disposition = headers.get("content-disposition", "")
        name = re.search(r'(?:^|;)\s*name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        if not name:
            continue
        if filename:
            files[name.group(1)] = {
                "filename": filename.group(1),
                "content_type": headers.get("content-type", "application/octet-stream"),
                "data": content,
            }
        else:
            fields[name.group(1)] = content.decode("utf-8")
    return fields, files


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, emulator: TelegramEmulator, address: tuple[str, int]):
        self.emulator = emulator
        self.connections: set[socket.socket] = set()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), i.e. a reverse DNS lookup; skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that dies (kill -9) or times out resets its connection; that is expected.
        if isinstance(sys.exc_info()[1], OSError):
            log.debug("emulator: connection from %s dropped", client_address)
        else:
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Unblock keep-alive connection threads so stop() leaves nothing behind."""
        for conn in list(self.connections):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("emulator: " + format, *args)

    def do_POST(self) -> None:
        try:
            response = self.server.emulator._handle_http(
                self.path, self.headers.get("Content-Type", ""), self._read_body()
            )
            if response is None:  # injected fault: drop the connection without an answer
                self.close_connection = True
                return
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
        except OSError:  # the client went away (e.g. after its read timeout, or kill -9)
            self.close_connection = True

    do_GET = do_POST

    def _read_body(self) -> bytes:  # httpx always sends Content-Length to the Bot API
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


class TelegramEmulator:
    """Emulated Bot API server plus the client-side helpers tests use to play the user.

    ``token``: if given, requests with another token get 401 (otherwise any token works).
    ``response_delay``: how long ``timeout``/``timeout_after_store`` faults stall (longer
    than PTB's default 5 s read timeout).  ``strict_callback_answers``: answering a
    callback query twice gives 400 "query is too old", as on Telegram.  Unlike Telegram,
    the bot may message any positive chat id (as if that user had started the bot).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        username: str = "voorbereid_test_bot",
        first_name: str = "Voorbereid (test)",
        port: int = 0,
        response_delay: float = 6.0,
        strict_callback_answers: bool = True,
    ):
        self.token = token
        prefix = (token or "").split(":")[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 7000000001
        self.bot_user: JSON = {
            "id": self.bot_id, "is_bot": True, "first_name": first_name, "username": username,
        }
        self.response_delay = response_delay
        self.strict_callback_answers = strict_callback_answers
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._cond = threading.Condition(threading.RLock())  # guards all state below
        self._ids = itertools.count(1)
        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._confirmed_offset = 0
        self._deliveries: dict[int, int] = {}
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._users: dict[int, JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._messages: dict[int, dict[int, JSON]] = {}
        self._last_message_id: dict[int, int] = {}
        self._sent: list[JSON] = []
        self._calls: list[JSON] = []
        self._queries: dict[str, JSON] = {}
        self._answers: list[JSON] = []
        self._files: dict[str, JSON] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._reply_keyboards: dict[int, JSON] = {}
        self._faults: dict[str, list[JSON]] = {}
        self._blocked: set[int] = set()
        self._methods: dict[str, Callable[[JSON, dict[str, JSON]], Any]] = {
            name[3:].lower(): getattr(self, name) for name in dir(self) if name.startswith("_m_")
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> TelegramEmulator:
        self._stopping.clear()
        self._server = _Server(self, ("127.0.0.1", self._port))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="telegram-emulator", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes long polls and injected delays
        with self._cond:
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.close_connections()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> TelegramEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "emulator is not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ------------------------------------------------------------------ the user's side

    def send_text(
        self, chat_id: int, text: str, *, language_code: str = "nl", first_name: str = "Test",
        edited: bool = False, message_id: int | None = None,
    ) -> int:
        """Queue a text message from the user; returns the update_id.  With ``edited=True``
        the user's message ``message_id`` (default: their latest) is edited instead."""
        with self._cond:
            self._remember_user(chat_id, first_name, language_code)
            content: JSON = {"text": text}
            if entities := _command_entities(text):
                content["entities"] = entities
            if not edited:
                return self._user_message(chat_id, content)
            own = [m for m in self._messages.get(chat_id, {}).values()
                   if m["from"]["id"] == chat_id and "text" in m]
            if message_id is not None:
                own = [m for m in own if m["message_id"] == message_id]
            if not own:
                raise LookupError(f"chat {chat_id} has no user message to edit")
            msg = own[-1]
            msg.pop("entities", None)
            msg.update(content, edit_date=int(time.time()))
            return self._push_update("edited_message", msg)

    def send_sticker(self, chat_id: int, *, emoji: str = "👍") -> int:
        file = self._register_file(b"RIFF-sticker", "stickers", "webp")
        return self._user_message(chat_id, {"sticker": {
            **self._file_ref(file), "type": "regular", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "emoji": emoji}})

    def send_photo(self, chat_id: int, data: bytes = b"\xff\xd8fake-jpeg",
                   *, caption: str | None = None) -> int:
        sizes = [{**self._file_ref(self._register_file(data, "photos", "jpg")), "width": w,
                  "height": h} for w, h in ((90, 67), (800, 600))]
        extra = {"caption": caption} if caption else {}
        return self._user_message(chat_id, {"photo": sizes, **extra})

    def send_voice(self, chat_id: int, data: bytes = b"OggS-fake-voice",
                   *, duration: int = 3) -> int:
        """A voice note whose file_id the bot can resolve with getFile and download."""
        file = self._register_file(data, "voice", "oga")
        return self._user_message(chat_id, {"voice": {
            **self._file_ref(file), "duration": duration, "mime_type": "audio/ogg"}})

    def send_document(self, chat_id: int, data: bytes = b"%PDF-1.4 fake", *,
                      file_name: str = "test.pdf", mime_type: str = "application/pdf",
                      caption: str | None = None) -> int:
        file = self._register_file(data, "documents", file_name.rpartition(".")[2] or "bin",
                                   file_name=file_name, mime_type=mime_type)
        extra = {"caption": caption} if caption else {}
        return self._user_message(chat_id, {"document": {
            **self._file_ref(file), "file_name": file_name, "mime_type": mime_type}, **extra})

    def send_location(self, chat_id: int, latitude: float = 52.3676,
                      longitude: float = 4.9041) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_message(chat_id, {"location": location})

    def send_group_text(self, group_chat_id: int, text: str, *, user_id: int = 1001,
                        first_name: str = "Test", title: str = "Test group") -> int:
        """A message in a group chat (the bot is expected to ignore or refuse those)."""
        with self._cond:
            self._chats[group_chat_id] = {"id": group_chat_id, "type": "group", "title": title}
            user = {"id": user_id, "is_bot": False, "first_name": first_name,
                    "language_code": "nl"}
            self._users[group_chat_id] = user  # _users: who is talking in a chat
            content: JSON = {"text": text}
            if entities := _command_entities(text):
                content["entities"] = entities
            return self._user_message(group_chat_id, content, user=user)

    def tap(self, chat_id: int, message_id: int, callback_data: str, *,
            check: bool = True) -> int:
        """The user taps an inline button; returns the update_id of the callback_query.
        With ``check`` the button must be on the message as currently stored."""
        with self._cond:
            msg = self._messages.get(chat_id, {}).get(message_id)
            if msg is None:
                raise LookupError(f"chat {chat_id} has no message {message_id}")
            if check and callback_data not in [d for _, d in self.buttons(msg)]:
                raise LookupError(
                    f"message {message_id} has no button {callback_data!r}: {self.buttons(msg)}"
                )
            query_id = str(4_000_000_000_000 + next(self._ids))
            self._queries[query_id] = {"chat_id": chat_id, "answered": False}
            user = self._users.get(chat_id) or self._remember_user(chat_id, "Test", "nl")
            return self._push_update("callback_query", {
                "id": query_id, "from": copy.deepcopy(user), "message": copy.deepcopy(msg),
                "chat_instance": str((chat_id * 2654435761) % 2**63), "data": callback_data,
            })

    def tap_button(self, chat_id: int, text_substring: str) -> int:
        button = self.find_button(chat_id, text_substring)
        return self.tap(chat_id, button.message_id, button.callback_data or "")

    # ------------------------------------------------------------------ inspection

    def sent(self, chat_id: int | None = None) -> list[JSON]:
        """Everything the bot sent/edited/deleted, in order: dicts with ``method``,
        ``chat_id``, ``params``, ``message`` (the resulting Message or None) and
        ``files`` (uploaded parts: filename, content_type, data)."""
        with self._cond:
            return copy.deepcopy([e for e in self._sent if chat_id in (None, e["chat_id"])])

    def calls(self, method: str | None = None) -> list[JSON]:
        """Every API request (also failed/faulted ones) with its HTTP status and fault."""
        with self._cond:
            return copy.deepcopy([c for c in self._calls
                                  if method is None or c["method"].lower() == method.lower()])

    def messages(self, chat_id: int) -> list[JSON]:
        """The bot's current messages in the chat (after edits/deletes), oldest first."""
        with self._cond:
            return copy.deepcopy([m for _, m in sorted(self._messages.get(chat_id, {}).items())
                                  if m["from"]["id"] == self.bot_id])

    def last_message(self, chat_id: int) -> JSON | None:
        msgs = self.messages(chat_id)
        return msgs[-1] if msgs else None

    @staticmethod
    def buttons(message: JSON | None) -> list[tuple[str, str | None]]:
        """(text, callback_data) of the message's inline keyboard, row by row."""
        rows = ((message or {}).get("reply_markup") or {}).get("inline_keyboard") or []
        return [(b.get("text"), b.get("callback_data")) for row in rows for b in row]

    def find_button(self, chat_id: int, text_substring: str) -> Button:
        """A button (case-insensitive substring match) on the newest message with a keyboard."""
        for msg in reversed(self.messages(chat_id)):
            if buttons := self.buttons(msg):
                for text, data in buttons:
                    if text_substring.casefold() in text.casefold():
                        return Button(text, data, msg["message_id"])
                raise LookupError(f"no button {text_substring!r} in {buttons}")
        raise LookupError(f"chat {chat_id} has no message with an inline keyboard")

    def reply_keyboard(self, chat_id: int) -> JSON | None:
        """The reply (non-inline) keyboard currently shown in the chat, if any."""
        with self._cond:
            return copy.deepcopy(self._reply_keyboards.get(chat_id))

    def callback_answers(self, chat_id: int | None = None) -> list[JSON]:
        with self._cond:
            return copy.deepcopy([a for a in self._answers if chat_id in (None, a["chat_id"])])

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        with self._cond:
            key = self._scope_key({"scope": scope, "language_code": language_code})
            return copy.deepcopy(self._commands.get(key, []))

    def file_bytes(self, file_id: str) -> bytes:
        with self._cond:
            return self._files[file_id]["data"]

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot (an offset above their id)."""
        with self._cond:
            return copy.deepcopy(self._updates)

    @property
    def confirmed_offset(self) -> int:
        with self._cond:
            return self._confirmed_offset

    def was_delivered(self, update_id: int) -> bool:
        """Whether getUpdates has handed this update to the bot at least once."""
        with self._cond:
            return self._deliveries.get(update_id, 0) > 0

    def wait_until(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Poll ``condition()`` until it is truthy and return its value, or TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (value := condition()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"condition not met within {timeout}s")
                self._cond.wait(min(remaining, 0.05))
            return value

    def wait_for(self, predicate: Callable[[JSON], Any], timeout: float = 10.0, *,
                 since: int = 0) -> JSON:
        """Wait until the bot has sent something (an entry of :meth:`sent`, starting at
        index ``since``) matching ``predicate`` and return that entry."""
        def match() -> JSON | None:
            return next((e for e in self.sent()[since:] if predicate(e)), None)
        try:
            return self.wait_until(match, timeout)
        except TimeoutError:
            summary = [(e["method"], e["chat_id"], (e["message"] or {}).get("text"))
                       for e in self.sent()[since:][-10:]]
            raise TimeoutError(f"nothing matching sent in {timeout}s; last: {summary}") from None

    def wait_for_text(self, chat_id: int, substring: str, timeout: float = 10.0, *,
                      since: int = 0) -> JSON:
        """Wait for a sent or edited message in the chat whose text contains ``substring``."""
        return self.wait_for(lambda e: e["chat_id"] == chat_id and substring in (
            (e["message"] or {}).get("text") or ""), timeout, since=since)

    # ------------------------------------------------------------------ fault injection

    def fail_next(self, method: str, kind: str, count: int = 1, *, retry_after: int = 1,
                  delay: float | None = None) -> None:
        """Make the next ``count`` calls of ``method`` (``"*"`` = any) fail.  Kinds: "429",
        any 5xx code ("500", "502", ...), "forbidden", "timeout" (stall ``delay`` seconds,
        then drop the connection, nothing stored), "timeout_after_store" (store, then answer
        only after ``delay``), "disconnect_after_store" (store, then drop the connection)."""
        if kind not in _FAULT_KINDS and not re.fullmatch(r"5\d\d", kind):
            raise ValueError(f"unknown fault kind {kind!r}")
        with self._cond:
            self._faults.setdefault(method.lower(), []).append({
                "kind": kind, "remaining": count, "retry_after": retry_after,
                "delay": self.response_delay if delay is None else delay})

    def clear_faults(self) -> None:
        """Forget every fault still waiting to be injected."""
        with self._cond:
            self._faults.clear()

    def inject_update(self, kind: str, payload: JSON) -> int:
        """Queue a raw update as Telegram would send it (also one the bot cannot read);
        returns its update_id."""
        return self._push_update(kind, payload)

    def block_user(self, chat_id: int) -> None:
        """Every request for this chat gets 403 "bot was blocked by the user"."""
        with self._cond:
            self._blocked.add(chat_id)

    def unblock_user(self, chat_id: int) -> None:
        with self._cond:
            self._blocked.discard(chat_id)

    # ------------------------------------------------------------------ HTTP plumbing

    def _handle_http(self, path: str, content_type: str, body: bytes) -> _Response | None:
        url = urlsplit(path)
        route = unquote(url.path)  # PTB percent-encodes the token's ":" in file URLs
        if m := re.fullmatch(r"/file/bot([^/]+)/(.+)", route):
            return self._serve_file(m.group(1), m.group(2))
        m = re.fullmatch(r"/bot([^/]+)/(\w+)", route)
        if not m:
            return self._error(ApiError(404, "Not Found"))
        if self.token is not None and m.group(1) != self.token:
            return self._error(ApiError(401, "Unauthorized"))
        params: JSON = dict(parse_qsl(url.query))
        files: dict[str, JSON] = {}
        try:
            if content_type.startswith("application/json") and body:
                params.update(json.loads(body))
            elif content_type.startswith("multipart/form-data"):
                fields, files = _parse_multipart(body, content_type)
                params.update(fields)
            elif body:
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except (ValueError, ApiError) as exc:
            return self._error(ApiError(400, f"Bad Request: can't parse request: {exc}"))
        return self._api(m.group(2), _coerce(params), files)

    def _api(self, method: str, params: JSON, files: dict[str, JSON]) -> _Response | None:
        name = method.lower()
        handler = self._methods.get(name)
        with self._cond:
            fault = self._take_fault(name) if handler else None
            call = {"method": method, "params": params, "status": 200,
                    "fault": fault and fault["kind"]}
            self._calls.append(call)
        kind = fault["kind"] if fault else None
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            if fault:
                self._raise_fault(fault)
            if kind == "timeout":  # the request "never reached Telegram"
                self._stopping.wait(fault["delay"])
                return None
            with self._cond:
                if str(params.get("chat_id")) in {str(c) for c in self._blocked}:
                    raise ApiError(403, BLOCKED)
                # Handlers run under the lock; getUpdates' wait() releases it while polling.
                result = handler(params, files)
                self._cond.notify_all()
        except ApiError as exc:
            with self._cond:
                call["status"] = exc.code
            return self._error(exc)
        if kind == "disconnect_after_store":
            return None
        if kind == "timeout_after_store":  # answer only after the client gave up
            self._stopping.wait(fault["delay"])
        return _Response(200, json.dumps({"ok": True, "result": result}).encode())

    def _take_fault(self, method: str) -> JSON | None:
        for key in (method, "*"):
            queue = self._faults.get(key)
            if queue:
                fault = queue[0]
                fault["remaining"] -= 1
                if fault["remaining"] <= 0:
                    queue.pop(0)
                return fault
        return None

    @staticmethod
    def _raise_fault(fault: JSON) -> None:
        kind = fault["kind"]
        if kind == "429":
            seconds = fault["retry_after"]
            raise ApiError(429, f"Too Many Requests: retry after {seconds}",
                           {"retry_after": seconds})
        if kind == "forbidden":
            raise ApiError(403, BLOCKED)
        if kind.isdigit():
            raise ApiError(int(kind), HTTPStatus(int(kind)).phrase)

    @staticmethod
    def _error(exc: ApiError) -> _Response:
        payload: JSON = {"ok": False, "error_code": exc.code, "description": exc.description}
        if exc.parameters:
            payload["parameters"] = exc.parameters
        return _Response(exc.code, json.dumps(payload).encode())

    def _serve_file(self, token: str, file_path: str) -> _Response:
        with self._cond:
            file = next((f for f in self._files.values() if f["file_path"] == file_path), None)
        if file is None or (self.token is not None and token != self.token):
            return self._error(ApiError(404, "Not Found"))
        return _Response(200, file["data"], "application/octet-stream")

    # ------------------------------------------------------------------ state helpers

    def _remember_user(self, chat_id: int, first_name: str, language_code: str) -> JSON:
        user = {"id": chat_id, "is_bot": False, "first_name": first_name,
                "language_code": language_code}
        self._users[chat_id] = user
        self._chats[chat_id] = {"id": chat_id, "type": "private", "first_name": first_name}
        return user

    def _chat(self, chat_id: int) -> JSON:
        if chat_id not in self._chats:
            self._remember_user(chat_id, "Test", "nl")
        return copy.deepcopy(self._chats[chat_id])

    def _chat_id(self, params: JSON) -> int:
        value = params.get("chat_id")
        if value in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        try:
            chat_id = int(value)
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None
        self._chat(chat_id)
        return chat_id

    def _new_message(self, chat_id: int, sender: JSON, content: JSON) -> JSON:
        """Message ids are per chat and shared by the user's and the bot's messages."""
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        msg = {"message_id": message_id, "from": copy.deepcopy(sender),
               "chat": self._chat(chat_id), "date": int(time.time()), **content}
        self._messages.setdefault(chat_id, {})[message_id] = msg
        return msg

    def _user_message(self, chat_id: int, content: JSON, user: JSON | None = None) -> int:
        with self._cond:
            if user is None:
                user = self._users.get(chat_id) or self._remember_user(chat_id, "Test", "nl")
            return self._push_update("message", self._new_message(chat_id, user, content))

    def _push_update(self, kind: str, payload: JSON) -> int:
        with self._cond:
            update_id = self._next_update_id
            self._next_update_id += 1
            self._updates.append({"update_id": update_id, kind: copy.deepcopy(payload)})
            self._cond.notify_all()
            return update_id

    def _register_file(self, data: bytes, folder: str, ext: str, **meta: str) -> JSON:
        """Keep file bytes so getFile / the file URL serve them and tests can read them."""
        with self._cond:
            n = next(self._ids)
            file = {"file_id": f"{folder}-{n}-emu", "file_unique_id": f"uniq{n}",
                    "file_size": len(data), "file_path": f"{folder}/file_{n}.{ext}",
                    "data": data, "meta": meta}
            self._files[file["file_id"]] = file
            return file

    @staticmethod
    def _file_ref(file: JSON) -> JSON:
        return {k: file[k] for k in ("file_id", "file_unique_id", "file_size")}

    def _record(self, method: str, chat_id: int | None, params: JSON, message: JSON | None,
                files: dict[str, JSON] | None = None) -> None:
        self._sent.append({"method": method, "chat_id": chat_id, "params": params,
                           "message": copy.deepcopy(message), "files": files or {}})

    def _markup(self, params: JSON, chat_id: int) -> JSON | None:
        """Validate reply_markup; return it if it is an inline keyboard (only those are
        part of a Message), and track reply keyboards per chat."""
        markup = params.get("reply_markup")
        if not markup:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            for button in (b for row in markup["inline_keyboard"] for b in row):
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the "
                                        "inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            return markup if any(markup["inline_keyboard"]) else None
        if "keyboard" in markup:
            self._reply_keyboards[chat_id] = markup
        elif markup.get("remove_keyboard"):
            self._reply_keyboards.pop(chat_id, None)
        return None

    def _bot_message(self, method: str, params: JSON, content: JSON,
                     files: dict[str, JSON] | None = None) -> JSON:
        chat_id = self._chat_id(params)
        if params.get("entities"):
            content["entities"] = params["entities"]
        if params.get("caption_entities"):
            content["caption_entities"] = params["caption_entities"]
        markup = self._markup(params, chat_id)
        msg = self._new_message(chat_id, self.bot_user, content)
        if markup:
            msg["reply_markup"] = markup
        self._record(method, chat_id, params, msg, files)
        return copy.deepcopy(msg)

    def _scope_key(self, params: JSON) -> tuple[str, str]:
        scope = dict(params.get("scope") or {"type": "default"})
        if scope.get("type") not in _SCOPE_TYPES:
            raise ApiError(400, "Bad Request: wrong bot command scope type specified")
        for key in ("chat_id", "user_id"):
            if isinstance(scope.get(key), str) and scope[key].lstrip("-").isdigit():
                scope[key] = int(scope[key])
        return json.dumps(scope, sort_keys=True), params.get("language_code") or ""

    # ------------------------------------------------------------------ Bot API methods
    # Each _m_<name> handles the method <name> (case-insensitive) under the lock.

    def _m_getMe(self, params: JSON, files: dict[str, JSON]) -> JSON:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    def _m_getUpdates(self, params: JSON, files: dict[str, JSON]) -> list[JSON]:
        """Long polling with Telegram's semantics: ``offset`` confirms (drops) all updates
        below it, unconfirmed ones are redelivered, and a newer getUpdates request
        terminates a pending older one with 409 (so a restarted bot takes over at once)."""
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + max(float(params.get("timeout") or 0), 0.0)
        with self._cond:
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()
            if params.get("allowed_updates") is not None:
                self._allowed_updates = list(params["allowed_updates"]) or None
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                self._confirmed_offset = max(self._confirmed_offset, offset)
            elif offset < 0:
                self._updates = self._updates[offset:]
                self._confirmed_offset = (self._updates[0]["update_id"] if self._updates
                                          else self._next_update_id)
            while True:
                if self._poll_generation != generation:
                    raise ApiError(409, CONFLICT)
                allowed = self._allowed_updates
                batch = [u for u in self._updates
                         if allowed is None or next(k for k in u if k != "update_id") in allowed
                         ][:limit]
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or self._stopping.is_set():
                    break
                self._cond.wait(remaining)
            for update in batch:
                self._deliveries[update["update_id"]] = self._deliveries.get(
                    update["update_id"], 0) + 1
            return copy.deepcopy(batch)

    def _m_deleteWebhook(self, params: JSON, files: dict[str, JSON]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
            self._confirmed_offset = self._next_update_id
        return True

    def _m_sendMessage(self, params: JSON, files: dict[str, JSON]) -> JSON:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._bot_message("sendMessage", params, {"text": text})

    def _upload(self, kind: str, params: JSON, files: dict[str, JSON]) -> tuple[JSON, JSON]:
        """Resolve an uploaded part, ``attach://`` reference, known file_id or URL."""
        value = params.get(kind)
        part = files.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            part = files.get(value.removeprefix("attach://"))
        if part is not None:
            folder = {"photo": "photos", "document": "documents"}.get(kind, kind)
            ext = part["filename"].rpartition(".")[2] if "." in part["filename"] else "bin"
            file = self._register_file(part["data"], folder, ext, file_name=part["filename"],
                                       mime_type=part["content_type"])
            return file, part
        if isinstance(value, str) and value in self._files:
            return self._files[value], {}
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self._register_file(b"", kind, "bin"), {"url": value}  # never fetched
        if value is None:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _send_media(self, method: str, kind: str, params: JSON, files: dict[str, JSON]) -> JSON:
        self._chat_id(params)
        file, part = self._upload(kind, params, files)
        ref = self._file_ref(file)
        if kind == "photo":
            media: Any = [{**ref, "width": 90, "height": 90}, {**ref, "width": 800, "height": 600}]
        elif kind == "voice":
            media = {**ref, "duration": int(params.get("duration") or 0),
                     "mime_type": file["meta"].get("mime_type", "audio/ogg")}
        else:
            media = {**ref, "file_name": file["meta"].get("file_name", "file"),
                     "mime_type": file["meta"].get("mime_type", "application/octet-stream")}
        content: JSON = {kind: media}
        if caption := params.get("caption"):
            if len(caption) > 1024:
                raise ApiError(400, "Bad Request: message caption is too long")
            content["caption"] = caption
        return self._bot_message(method, params, content, {kind: part} if part else {})

    def _m_sendDocument(self, params: JSON, files: dict[str, JSON]) -> JSON:
        return self._send_media("sendDocument", "document", params, files)

    def _m_sendPhoto(self, params: JSON, files: dict[str, JSON]) -> JSON:
        return self._send_media("sendPhoto", "photo", params, files)

    def _m_sendVoice(self, params: JSON, files: dict[str, JSON]) -> JSON:
        return self._send_media("sendVoice", "voice", params, files)

    def _edit(self, method: str, params: JSON, change: Callable[[JSON], None]) -> JSON | bool:
        if params.get("inline_message_id"):
            self._record(method, None, params, None)
            return True
        chat_id = self._chat_id(params)
        old = self._messages.get(chat_id, {}).get(int(params.get("message_id") or 0))
        if old is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if old["from"]["id"] != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        new = {k: v for k, v in copy.deepcopy(old).items() if k not in ("reply_markup",
                                                                       "edit_date")}
        change(new)
        if markup := self._markup(params, chat_id):  # no reply_markup = keyboard removed
            new["reply_markup"] = markup
        if new == {k: v for k, v in old.items() if k != "edit_date"}:
            raise ApiError(400, NOT_MODIFIED)
        new["edit_date"] = int(time.time())
        self._messages[chat_id][new["message_id"]] = new
        self._record(method, chat_id, params, new)
        return copy.deepcopy(new)

    def _m_editMessageText(self, params: JSON, files: dict[str, JSON]) -> JSON | bool:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")

        def change(msg: JSON) -> None:
            if "text" not in msg:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            msg["text"] = text
            msg.pop("entities", None)
            if params.get("entities"):
                msg["entities"] = params["entities"]
        return self._edit("editMessageText", params, change)

    def _m_editMessageReplyMarkup(self, params: JSON, files: dict[str, JSON]) -> JSON | bool:
        return self._edit("editMessageReplyMarkup", params, lambda msg: None)

    def _m_deleteMessage(self, params: JSON, files: dict[str, JSON]) -> bool:
        chat_id = self._chat_id(params)
        if self._messages.get(chat_id, {}).pop(int(params.get("message_id") or 0), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        self._record("deleteMessage", chat_id, params, None)
        return True

    def _m_sendChatAction(self, params: JSON, files: dict[str, JSON]) -> bool:
        self._chat_id(params)
        return True

    def _m_answerCallbackQuery(self, params: JSON, files: dict[str, JSON]) -> bool:
        query = self._queries.get(str(params.get("callback_query_id")))
        if query is None or (query["answered"] and self.strict_callback_answers):
            raise ApiError(400, QUERY_TOO_OLD)
        query["answered"] = True
        self._answers.append({"callback_query_id": str(params["callback_query_id"]),
                              "chat_id": query["chat_id"], "text": params.get("text"),
                              "show_alert": bool(params.get("show_alert")), "params": params})
        return True

    def _m_getFile(self, params: JSON, files: dict[str, JSON]) -> JSON:
        file = self._files.get(str(params.get("file_id")))
        if file is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {k: file[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}

    def _m_setMyCommands(self, params: JSON, files: dict[str, JSON]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description") or "") <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._scope_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands]
        return True

    def _m_getMyCommands(self, params: JSON, files: dict[str, JSON]) -> list[JSON]:
        return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _m_deleteMyCommands(self, params: JSON, files: dict[str, JSON]) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _accept(self, params: JSON, files: dict[str, JSON]) -> bool:
        """Settings the emulator only records (see :meth:`calls`)."""
        return True

    _m_setMyDescription = _m_setMyShortDescription = _m_setMyName = _accept
    _m_setChatMenuButton = _m_logOut = _m_close = _accept
