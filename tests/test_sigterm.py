"""SIGTERM stops the bot within 3 s in every state — idle in a long poll, with Telegram
unreachable, in the middle of a hanging reply — and confirms nothing unfinished."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.emulator import TelegramEmulator
from tests.fault_scenarios import TOKEN, answers, to_open_question

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 3.0


def start_bot(base_url: str, db: Path) -> subprocess.Popen:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base_url,
           "DATABASE_PATH": str(db), "LOG_LEVEL": "WARNING", "TELEGRAM_TIMEOUT": "5",
           "POLL_TIMEOUT": "25"}
    return subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_seconds(proc: subprocess.Popen) -> float:
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return time.monotonic() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_sigterm_during_a_long_poll(tmp_path):
    with TelegramEmulator(token=TOKEN) as emu:
        proc = start_bot(emu.base_url, tmp_path / "a.db")
        try:
            emu.wait_until(lambda: len(emu.calls("getUpdates")) >= 2, timeout=90)
            time.sleep(0.5)  # now waiting inside a 25 s long poll
        finally:
            took = stop_seconds(proc)
        assert took < LIMIT


@pytest.mark.slow
def test_sigterm_with_telegram_unreachable(tmp_path):
    proc = start_bot(f"http://127.0.0.1:{free_port()}/bot", tmp_path / "b.db")
    time.sleep(4)  # start-up keeps retrying getMe
    running = proc.poll() is None
    took = stop_seconds(proc)
    assert running, "an unreachable API is waited out, not a crash"
    assert took < LIMIT


@pytest.mark.slow
def test_sigterm_while_a_reply_hangs_confirms_nothing_unfinished(tmp_path):
    db = tmp_path / "c.db"
    with TelegramEmulator(token=TOKEN) as emu:
        proc = start_bot(emu.base_url, db)
        try:
            to_open_question(emu, 901, timeout=60)
            emu.fail_next("sendMessage", "timeout", delay=60)
            update_id = emu.send_text(901, "Antwoord vlak voor het stoppen.")
            emu.wait_until(lambda: answers(db, 901, "situation") == 1, timeout=15)
            time.sleep(0.3)
        finally:
            took = stop_seconds(proc)
        assert took < LIMIT
        assert emu.confirmed_offset <= update_id, "the unanswered update stays with Telegram"
        # After a restart it is recognised (stored once) and answered.
        mark = len(emu.sent(901))
        proc = start_bot(emu.base_url, db)
        try:
            emu.wait_until(lambda: emu.confirmed_offset > update_id, timeout=30)
            emu.wait_until(lambda: any(e["method"] == "sendMessage"
                                       for e in emu.sent(901)[mark:]), timeout=15)
            assert answers(db, 901, "situation") == 1
        finally:
            stop_seconds(proc)
