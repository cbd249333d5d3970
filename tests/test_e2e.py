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

from tests.emulator import TelegramEmulator
from tests.keys import readable

TOKEN = "123456:E2E-TEST"
CHAT = 5151
ROOT = Path(__file__).resolve().parent.parent


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
    """Do what a client would on the newest keyboard; return what was done."""
    message = next(m for m in reversed(emu.messages(CHAT)) if emu.buttons(m))
    data = [d for _, d in emu.buttons(message)]
    mark = len(emu.sent(CHAT))
    if "ok" in data:
        emu.tap(CHAT, message["message_id"], "ok")
        done = "consent"
    elif any(d.startswith("r|share") for d in data):
        return "review"
    elif choices := [d for d in data if d.startswith("c|")]:
        emu.tap(CHAT, message["message_id"], choices[0])
        done = choices[0]
    elif toggles := [d for d in data if d.startswith("t|")]:
        emu.tap(CHAT, message["message_id"], toggles[0])
        emu.wait_for(lambda e: e["method"] == "editMessageText", since=mark, timeout=15)
        mark = len(emu.sent(CHAT))
        finish = next(d for d in data if d.startswith("d|"))
        emu.tap(CHAT, message["message_id"], finish)
        done = finish
    else:
        emu.send_text(CHAT, "Dit typ ik zelf.", language_code=lang)
        done = "text"
    emu.wait_for(lambda e: e["method"] == "sendMessage" and e["message"]
                 and e["message"].get("reply_markup"), since=mark, timeout=15)
    return done


def answers_in(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT question, status FROM answers WHERE chat_id = ? ORDER BY id",
                            [CHAT]).fetchall()


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
        message = next(m for m in reversed(emu.messages(CHAT)) if emu.buttons(m))
        mark = len(emu.sent())
        emu.tap(CHAT, message["message_id"], "r|share|")
        confirm = emu.wait_for(lambda e: e["message"] and "s|1" in [
            d for _, d in emu.buttons(e["message"])], since=mark, timeout=15)
        emu.tap(CHAT, confirm["message"]["message_id"], "s|1")
        emu.wait_until(lambda: sqlite3.connect(db).execute(
            "SELECT step, lang FROM conversations WHERE chat_id = ?", [CHAT]).fetchone()
            == ("done", lang), timeout=15)
    finally:
        bot.stop()


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
