"""Fault scenarios against the Bot API emulator, shared by the standing test suite
(tests/test_faults.py, bot in a thread) and the fault campaign (bench/fault_campaign.py, the
real `python -m bot` process) — so the "before" and "after" figures come from one definition.

One case = one fresh chat brought to a question, one injected fault on one Bot API method,
then one client action (a tap or a typed answer). Afterwards we count what the client saw and
what was stored: the next question must be shown exactly once (or, when a send could not be
confirmed, one honest notice), and the answer stored exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.flows.events import Choose, Consent
from tests.answering import labels_of
from tests.emulator import TelegramEmulator
from tests.fakes import pick

TOKEN = "123456:FAULTS"
KINDS = ("429", "500", "timeout", "timeout_after_store", "disconnect_after_store")
# The Bot API methods the client path uses, per action.
METHODS = {"tap": ("answerCallbackQuery", "editMessageText", "sendMessage",
                   "editMessageReplyMarkup"),
           "typed": ("sendMessage", "editMessageReplyMarkup", "editMessageText")}


def keyboards_since(emu: TelegramEmulator, chat: int, mark: int) -> list[dict]:
    return [e for e in emu.sent(chat)[mark:] if e["method"] == "sendMessage"
            and (e["message"] or {}).get("reply_markup")]


def newest_keyboard(emu: TelegramEmulator, chat: int) -> dict:
    return next(m for m in reversed(emu.messages(chat)) if emu.buttons(m))


def tap_first_choice(emu: TelegramEmulator, chat: int) -> int:
    """Tap the first answer on the newest keyboard (or "yes, let's start" on the welcome)."""
    message = newest_keyboard(emu, chat)
    buttons = emu.buttons(message)
    label = (labels_of(buttons, Choose, Consent) or [None])[0]
    assert label is not None, f"no answer to tap among {[text for text, _ in buttons]}"
    return emu.tap(chat, message["message_id"], pick(buttons, label))


def settle(emu: TelegramEmulator, update_id: int, timeout: float) -> bool:
    """Wait until the update is confirmed to Telegram (its handling finished)."""
    try:
        emu.wait_until(lambda: emu.confirmed_offset > update_id, timeout=timeout)
        return True
    except TimeoutError:
        return False


def answers(db: Path, chat: int, question: str) -> int:
    with contextlib.closing(sqlite3.connect(db, timeout=10)) as conn:
        return conn.execute("SELECT COUNT(*) FROM answers WHERE chat_id = ? AND question = ?",
                            [chat, question]).fetchone()[0]


def to_open_question(emu: TelegramEmulator, chat: int, timeout: float = 20) -> None:
    """/start, consent, benefit: the client is at the open question 'situation'."""
    mark = len(emu.sent(chat))
    emu.send_text(chat, "/start")
    emu.wait_until(lambda: keyboards_since(emu, chat, mark), timeout=timeout)
    for _ in ("consent", "benefit"):
        mark = len(emu.sent(chat))
        tap_first_choice(emu, chat)
        emu.wait_until(lambda m=mark: keyboards_since(emu, chat, m), timeout=timeout)


@dataclass
class CaseResult:
    method: str
    kind: str
    action: str
    shown: int  # copies of the next question sent
    notices: int  # honest notices (something went wrong / send /resume)
    stored: int  # times the answer was stored
    confirmed: bool

    @property
    def lost(self) -> bool:
        """The client got neither the next question nor a word about it, or the answer is
        not stored."""
        return self.stored == 0 or (self.shown == 0 and self.notices == 0)

    @property
    def duplicated(self) -> bool:
        return self.shown > 1 or self.stored > 1

    @property
    def ok(self) -> bool:
        return not self.lost and not self.duplicated and self.notices <= 1


def run_case(emu: TelegramEmulator, db: Path, chat: int, method: str, kind: str, action: str,
             notice_texts: tuple[str, ...], settle_timeout: float = 30,
             after: float = 1.5) -> CaseResult:
    to_open_question(emu, chat)
    question = "situation"
    if action == "tap":
        mark = len(emu.sent(chat))
        emu.send_text(chat, "Wat ik zelf wil zeggen.")
        emu.wait_until(lambda: keyboards_since(emu, chat, mark), timeout=settle_timeout)
        question = "change"
    mark = len(emu.sent(chat))
    emu.fail_next(method, kind)
    if action == "tap":
        update_id = tap_first_choice(emu, chat)
    else:
        update_id = emu.send_text(chat, "Mijn antwoord, met een fout ertussen.")
    confirmed = settle(emu, update_id, settle_timeout)
    time.sleep(after)  # a queued notice, a late retry
    sent = emu.sent(chat)[mark:]
    notices = sum(1 for e in sent if any(t in ((e["message"] or {}).get("text") or "")
                                         for t in notice_texts))
    with emu._cond:  # an unused fault must not leak into the next case
        emu._faults.pop(method.lower(), None)
    return CaseResult(method, kind, action, len(keyboards_since(emu, chat, mark)), notices,
                      answers(db, chat, question), confirmed)


class ThreadBot:
    """The bot (Application + SafePoller + outbox sender) on its own event loop in a thread,
    with short timeouts so fault cases stay quick."""

    def __init__(self, emu: TelegramEmulator, db: Path, *, timeout: float = 0.6,
                 busy_timeout: float = 0.5):
        self.emu, self.db, self.timeout, self.busy_timeout = emu, db, timeout, busy_timeout
        self.loop: asyncio.AbstractEventLoop | None = None
        self.core = None
        self.poller = None
        self.sender = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self.error: BaseException | None = None

    def __enter__(self) -> ThreadBot:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise TimeoutError("bot did not start")
        if self.error:
            raise self.error
        return self

    def __exit__(self, *exc: object) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._stop)
        self._thread.join(10)

    def _stop(self) -> None:
        self.poller.stop()
        self.sender.stop()

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # surfaced by __enter__ or the test
            self.error = exc
            self._ready.set()

    async def _main(self) -> None:
        from bot.app_core import build_core
        from bot.chat.app import build_application, build_deferral, build_sender
        from bot.chat.calls import RetryPolicy
        from bot.chat.poller import SafePoller
        from bot.storage.delivery import record_skipped

        self.loop = asyncio.get_running_loop()
        self.core = core = build_core(str(self.db), busy_timeout=self.busy_timeout)
        app = build_application(core, TOKEN, base_url=self.emu.base_url,
                                base_file_url=self.emu.base_file_url, timeout=self.timeout,
                                rate_limit=False,
                                policy=RetryPolicy(attempts=3, first_wait=0.05, max_wait=3))

        async def skipped(update_id: int, kind: str) -> None:
            await record_skipped(core.store, update_id, kind, "now")

        self.sender = build_sender(app)
        self.poller = SafePoller(app, poll_timeout=1, on_skipped=skipped, hold_pause=0.3,
                                 read_margin=self.timeout,
                                 deferral=build_deferral(core, self.sender))
        self.sender.poll_seconds = 0.1
        try:
            async with app:
                sender = asyncio.create_task(self.sender.run())
                self._ready.set()
                await self.poller.run()
                self.sender.stop()
                await sender
        finally:
            core.close()
