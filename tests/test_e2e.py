"""End to end: the real bot process against the local Bot API emulator on 127.0.0.1.

The bot runs as `python -m bot` with TELEGRAM_API_BASE_URL pointing at the emulator; the tests
talk to it as a client would, kill -9 it mid-conversation, restart it and finish.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.flows import callbacks
from bot.flows.events import More, Toggle
from bot.i18n import Catalogs
from tests.answering import Answering, next_step
from tests.emulator import TelegramEmulator
from tests.fakes import pick
from tests.keys import readable

TOKEN = "123456:E2E-TEST"
CHAT = 5151
ROOT = Path(__file__).resolve().parent.parent
CATALOGS = Catalogs(("nl", "en"), "nl")


class BotProcess:
    def __init__(self, emu: TelegramEmulator, db: Path):
        self.env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN,
                    "TELEGRAM_API_BASE_URL": emu.base_url, "DATABASE_PATH": str(db),
                    "LOG_LEVEL": "WARNING"}
        self.proc: subprocess.Popen | None = None

    def start(self) -> BotProcess:
        self.proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=self.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return self

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> str:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.stdout.read().decode(errors="replace") if self.proc else ""


@pytest.fixture
def emu():
    with TelegramEmulator(token=TOKEN) as emulator:
        yield emulator


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "e2e.db"


def keyboard_count(emu: TelegramEmulator) -> int:
    return len(emu.sent(CHAT))


def act(emu: TelegramEmulator, lang: str = "nl") -> str:
    """Do what a client would on the newest keyboard, from what it says (the first answer, one
    topic, some words); return what was done: "consent", a button's label, "text", or
    "review" when no question is asked."""
    message = next(m for m in reversed(emu.messages(CHAT)) if emu.buttons(m))
    buttons = emu.buttons(message)
    mark = len(emu.sent())  # wait_for counts everything sent, in every chat
    step = next_step(buttons, Answering(topics=1, words="Dit typ ik zelf."))
    in_place = False  # a tick in a multi-select edits the message, nothing new is sent
    if step is None:
        consent = CATALOGS.get(lang)("ui.btn.consent_yes")
        if consent not in [label for label, _ in buttons]:
            return "review"
        emu.tap(CHAT, message["message_id"], pick(buttons, consent))
        done = "consent"
    elif step.type is not None:
        emu.send_text(CHAT, step.type, language_code=lang)
        done = "text"
    else:
        data = pick(buttons, step.tap)
        in_place = isinstance(callbacks.parse(data), (Toggle, More))
        emu.tap(CHAT, message["message_id"], data)
        done = step.tap
    if in_place:
        emu.wait_for(lambda e: e["method"] == "editMessageText", since=mark, timeout=15)
    else:
        emu.wait_for(lambda e: e["chat_id"] == CHAT and e["method"] == "sendMessage"
                     and e["message"] and e["message"].get("reply_markup"), since=mark,
                     timeout=15)
    return done


def answers_in(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT question, status FROM answers WHERE chat_id = ? ORDER BY id",
                            [CHAT]).fetchall()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_complete_conversation_with_kill9_and_restart(emu, db, lang):
    bot = BotProcess(emu, db).start()
    try:
        emu.send_text(CHAT, "/start", language_code=lang)
        emu.wait_for(lambda e: e["method"] == "sendMessage" and e["message"].get("reply_markup"),
                     timeout=30)
        for _ in range(12):
            act(emu, lang)
        before = answers_in(db)
        assert len(before) >= 10
        bot.kill9()
        bot = BotProcess(emu, db).start()
        emu.send_text(CHAT, "ik ben er weer", language_code=lang)
        emu.wait_for(lambda e: e["method"] == "sendMessage" and e["message"].get("reply_markup"),
                     since=len(emu.sent(CHAT)), timeout=30)
        for _ in range(120):
            if act(emu, lang) == "review":
                break
        else:
            pytest.fail("the conversation did not reach the review")
        after = answers_in(db)
        assert after[: len(before)] == before, "nothing lost across kill -9"
        questions = [q for q, _ in after]
        assert len(questions) == len(set(questions)), "no answer applied twice"
        # No invite was opened: the overview itself says nothing goes to anyone, and offers
        # one button to finish; the end never promises a summary (issue 19).
        tr = CATALOGS.get(lang)
        labels = [label for label, _ in emu.buttons(newest_keyboard(emu, CHAT))]
        assert tr("ui.btn.finish") in labels and tr("ui.btn.share") not in labels
        mark = len(emu.sent())
        emu.tap_button(CHAT, tr("ui.btn.finish"))
        emu.wait_until(lambda: sqlite3.connect(db).execute(
            "SELECT step, lang FROM conversations WHERE chat_id = ?", [CHAT]).fetchone()
            == ("done", lang), timeout=15)
        emu.wait_for(lambda e: e["method"] == "sendMessage", since=mark, timeout=15)
        texts = "\n".join(m.get("text", "") for m in emu.messages(CHAT))
        assert tr("ui.share.unlinked") in texts and tr("ui.done.unlinked") in texts
        for promise in ("ui.done.shared", "ui.share.no_professional", "ui.share.confirm"):
            assert tr(promise) not in texts, promise
    finally:
        bot.stop()


@pytest.mark.slow
def test_kill9_with_one_update_in_handler_and_one_waiting(emu, db):
    """The handler of update A has committed but not replied; update B waits behind it."""
    bot = BotProcess(emu, db).start()
    try:
        emu.send_text(CHAT, "/start")
        emu.wait_for(lambda e: e["message"] and e["message"].get("reply_markup"), timeout=30)
        act(emu)  # consent
        act(emu)  # benefit → now the open question "situation"
        # The bot's next reply hangs: A is stuck in its handler after its commit.
        emu.fail_next("sendMessage", "timeout_after_store", delay=60)
        first = emu.send_text(CHAT, "Antwoord A")
        emu.wait_until(lambda: ("situation", "answered") in answers_in(db), timeout=15)
        second = emu.send_text(CHAT, "Antwoord B")
        polls = len(emu.calls("getUpdates"))
        time.sleep(1.0)
        assert emu.confirmed_offset <= first, "A must not be confirmed before it finished"
        assert len(emu.calls("getUpdates")) - polls <= 10, "no busy polling while A hangs"
        bot.kill9()
        bot = BotProcess(emu, db).start()
        emu.wait_until(lambda: emu.confirmed_offset > second, timeout=30)
        rows = answers_in(db)
        assert rows.count(("situation", "answered")) == 1, "A applied once"
        with readable(db) as conn:  # own words are sealed at rest
            extra = conn.execute("SELECT unseal(value) FROM answers "
                                 "WHERE question = 'change.extra'").fetchall()
        assert extra == [('"Antwoord B"',)], "B applied once, after A"
    finally:
        bot.stop()


def test_without_token_the_preview_starts(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["DATABASE_PATH"] = str(tmp_path / "p.db")
    result = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=env, input="1\n/quit\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "[1]" in result.stdout


def newest_keyboard(emu: TelegramEmulator, chat: int) -> dict:
    return next(m for m in reversed(emu.messages(chat)) if emu.buttons(m))


def test_delete_after_sharing_tells_what_stays_and_the_professional_sees_it(emu, db):
    """Issue 19: a client shares with their professional, then erases everything with
    /delete: they are told what the professional already has and how to ask them to remove it;
    the professional's /clients says the client removed their data."""
    from datetime import UTC, datetime, timedelta

    from bot.professionals.registry import Registry
    from bot.storage import open_store

    store = open_store(db)
    _, registration = Registry(store).add_professional("Sanne de Vries", datetime.now(UTC))
    store.close()
    pro_chat = 7171
    bot = BotProcess(emu, db).start()
    try:
        def say(chat: int, text: str) -> None:
            mark = len(emu.sent())
            emu.send_text(chat, text)
            emu.wait_for(lambda e: e["chat_id"] == chat and e["method"] == "sendMessage",
                         since=mark, timeout=30)

        def press(chat: int, label: str) -> None:
            """Tap the button with this label once the newest keyboard shows it (an older
            message may have a button of the same name)."""
            message = emu.wait_until(lambda: (m := newest_keyboard(emu, chat)) and label in [
                text for text, _ in emu.buttons(m)] and m, timeout=30)
            mark = len(emu.sent())
            emu.tap(chat, message["message_id"], pick(emu.buttons(message), label))
            emu.wait_for(lambda e: e["chat_id"] == chat and e["method"] in (
                "sendMessage", "sendPhoto"), since=mark, timeout=30)

        say(pro_chat, f"/start {registration}")
        say(pro_chat, "/invite")
        say(pro_chat, "dossier-e2e")
        when = datetime.now(UTC) + timedelta(days=3)
        say(pro_chat, f"{when.day}-{when.month} 14:30")
        press(pro_chat, "Nederlands")
        press(pro_chat, "Ziektewet (ZW)")
        link = emu.wait_for_text(pro_chat, "start=", timeout=30)["message"]["text"]
        code = link.split("start=")[1].split()[0]

        say(CHAT, f"/start {code}")
        emu.wait_until(lambda: any(emu.buttons(m) for m in emu.messages(CHAT)), timeout=30)
        tr = CATALOGS.get("nl")
        assert "Sanne de Vries" in "\n".join(m.get("text", "") for m in emu.messages(CHAT))
        for _ in range(120):
            if act(emu) == "review":
                break
        mark = len(emu.sent())
        emu.tap_button(CHAT, tr("ui.btn.share"))
        # The summary reaches the professional (message, PDF).
        emu.wait_for(lambda e: e["chat_id"] == pro_chat and e["method"] == "sendDocument",
                     since=mark, timeout=60)
        say(CHAT, "/delete")
        press(CHAT, tr("ui.btn.yes"))
        emu.wait_for_text(CHAT, tr("ui.delete.done.shared")[:40], timeout=30)
        mark = len(emu.sent())
        emu.send_text(pro_chat, "/clients")
        emu.wait_for_text(pro_chat, tr("pro.status.removed"), since=mark, timeout=30)
        with readable(db) as conn:
            left = conn.execute("SELECT COUNT(*) FROM answers WHERE chat_id = ?",
                                [CHAT]).fetchone()[0]
        assert left == 0
    finally:
        bot.stop()


def test_crisis_words_in_dutch_word_order_bring_the_referral_mid_conversation(emu, db):
    """Typed at a button question, verb last: the referral comes, calmly, without asking for
    a tap, and the conversation goes on at the same question."""
    bot = BotProcess(emu, db).start()
    try:
        emu.send_text(CHAT, "/start")
        emu.wait_for(lambda e: e["message"] and e["message"].get("reply_markup"), timeout=30)
        act(emu)  # consent
        act(emu)  # benefit
        act(emu)  # the open question "situation": ordinary words
        asked = newest_keyboard(emu, CHAT)
        choices = emu.buttons(asked)[:3]
        assert next_step(choices, Answering()).tap == choices[0][0], "a button question"
        mark = len(emu.sent(CHAT))
        emu.send_text(CHAT, "Soms denk ik dat ik er een eind aan wil maken")
        again = emu.wait_for(lambda e: e["method"] == "sendMessage" and e["message"]
                             and e["message"].get("reply_markup"), since=mark, timeout=15)
        replies = [e["message"]["text"] for e in emu.sent(CHAT)[mark:]
                   if e["method"] == "sendMessage" and e["message"]]
        assert any("113" in r and "0800-0113" in r and "112" in r for r in replies)
        assert not any("knop" in r for r in replies), "no push to tap a button"
        assert emu.buttons(again["message"])[:3] == choices, "the same question again"
        mark = len(emu.sent(CHAT))
        emu.tap(CHAT, again["message"]["message_id"], choices[0][1])
        emu.wait_for(lambda e: e["method"] == "sendMessage" and e["message"]
                     and e["message"].get("reply_markup"), since=mark, timeout=15)
        assert ("change", "answered") in answers_in(db), "the conversation went on"
    finally:
        bot.stop()
