"""Honest when storage fails: a locked database or a full disk is never answered with "your
answers are safe"; the update stays unconfirmed (Telegram keeps it) and is tried again; at
start a locked database gives one clear line and exit code 2."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.app_core import build_core
from bot.i18n import Catalogs
from bot.storage import writer as store_module
from tests.emulator import TelegramEmulator
from tests.fault_scenarios import TOKEN, ThreadBot, answers, keyboards_since, to_open_question

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nl(content):
    return Catalogs(content.languages, content.default_language).get("nl")


def texts(emu: TelegramEmulator, chat: int, mark: int = 0) -> list[str]:
    return [(e["message"] or {}).get("text") or "" for e in emu.sent(chat)[mark:]]


def check_unsaved_then_saved(emu, db, chat, nl, release) -> None:
    """The answer arrives while storage fails: the client hears it was not saved, the update
    is not confirmed; once storage works again it is stored once and the next question comes."""
    mark = len(emu.sent(chat))
    update_id = emu.send_text(chat, "Mijn antwoord terwijl de opslag faalt.")
    emu.wait_until(lambda: nl("delivery.not_saved") in texts(emu, chat, mark), timeout=15)
    time.sleep(0.5)
    assert emu.confirmed_offset <= update_id, "an unstored update is not confirmed"
    assert answers(db, chat, "situation") == 0
    release()
    emu.wait_until(lambda: emu.confirmed_offset > update_id, timeout=20)
    assert answers(db, chat, "situation") == 1
    assert len(keyboards_since(emu, chat, mark)) == 1, "the next question, once"
    said = texts(emu, chat, mark)
    assert said.count(nl("delivery.not_saved")) == 1
    assert nl("ui.error") not in said, "never 'your answers are safe' for an unstored answer"


def test_locked_database_is_retried_and_told_honestly(tmp_path, nl):
    db = tmp_path / "locked.db"
    with TelegramEmulator(token=TOKEN, response_delay=1.0) as emu, ThreadBot(emu, db):
        to_open_question(emu, 801)
        other = sqlite3.connect(db, isolation_level=None, timeout=5)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            check_unsaved_then_saved(emu, db, 801, nl, lambda: other.execute("ROLLBACK"))
        finally:
            other.close()


def test_full_disk_is_told_honestly(tmp_path, nl, monkeypatch):
    db = tmp_path / "full.db"
    full = {"on": False}
    original = store_module.Rows.run

    def run(self, conn):
        if full["on"] and self.answers:
            raise sqlite3.OperationalError("database or disk is full")
        return original(self, conn)

    monkeypatch.setattr(store_module.Rows, "run", run)
    with TelegramEmulator(token=TOKEN, response_delay=1.0) as emu, ThreadBot(emu, db):
        to_open_question(emu, 802)
        full["on"] = True
        check_unsaved_then_saved(emu, db, 802, nl, lambda: full.update(on=False))


def test_locked_database_at_start_gives_one_line_and_exit_code_2(tmp_path):
    db = tmp_path / "start.db"
    build_core(str(db)).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db),
               "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot", "DB_BUSY_TIMEOUT": "0.3"}
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "locked" in lines[0] and str(db) in lines[0], result.stderr
    assert time.monotonic() - started < 15
