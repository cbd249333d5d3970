"""kill -9 at random points over a whole conversation (seeded, so a failure can be replayed):
every intended answer is stored exactly once and no tap on a shown button is lost — the
client always gets the next question, and a tap on any copy of the current question counts."""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.flows.events import Choose, DoneChoosing
from bot.i18n import Catalogs
from tests.answering import Answering, labels_of, next_step
from tests.emulator import TelegramEmulator
from tests.fakes import pick
from tests.fault_scenarios import TOKEN

ROOT = Path(__file__).resolve().parent.parent
CHAT = 6161
SEED = int(os.environ.get("KILL_LOOP_SEED", "15"))
KILLS = 20
CONSENT = Catalogs(("nl", "en"), "nl").get("nl")("ui.btn.consent_yes")


class Bot:
    def __init__(self, emu: TelegramEmulator, db: Path):
        self.env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN,
                    "TELEGRAM_API_BASE_URL": emu.base_url, "DATABASE_PATH": str(db),
                    "LOG_LEVEL": "ERROR", "POLL_TIMEOUT": "1", "TELEGRAM_TIMEOUT": "5"}
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def keyboards(emu: TelegramEmulator) -> list[dict]:
    return [m for m in emu.messages(CHAT) if emu.buttons(m)]


def act(emu: TelegramEmulator, rng: random.Random) -> tuple[str, int] | None:
    """What a client does on the newest keyboard, read from its labels: (what, update id);
    None at the review."""
    message = keyboards(emu)[-1]
    buttons = emu.buttons(message)
    labels = [label for label, _ in buttons]

    def tap(label: str) -> tuple[str, int]:
        return label, emu.tap(CHAT, message["message_id"], pick(buttons, label))

    if next_step(buttons, Answering()) is None:
        return tap(CONSENT) if CONSENT in labels else None
    if choices := labels_of(buttons, Choose):
        return tap(rng.choice(choices))
    if done := labels_of(buttons, DoneChoosing):
        return tap(done[0])  # skip the multi
    return "text", emu.send_text(CHAT, f"Eigen woorden {rng.randint(0, 10**6)}")


@pytest.mark.slow
def test_kill9_at_random_points_loses_and_repeats_nothing(tmp_path):
    rng = random.Random(SEED)
    db = tmp_path / "kills.db"
    with TelegramEmulator(token=TOKEN, response_delay=2.0) as emu:
        bot = Bot(emu, db)
        bot.start()
        try:
            emu.send_text(CHAT, "/start")
            emu.wait_until(lambda: keyboards(emu), timeout=30)
            kills = actions = 0
            while True:
                seen = len(emu.sent(CHAT))
                step = act(emu, rng)
                if step is None:
                    break
                actions += 1
                assert actions < 200, "the conversation does not end"
                if kills < KILLS and rng.random() < 0.6:
                    time.sleep(rng.uniform(0.0, 0.35))  # somewhere in the handling
                    bot.kill9()
                    kills += 1
                    bot.start()
                # The tap (or words) must lead to a new screen with buttons — after a
                # restart too: Telegram redelivers what was not confirmed.
                emu.wait_for(lambda e: e["method"] in ("sendMessage", "editMessageText")
                             and (e["message"] or {}).get("reply_markup"), since=seen,
                             timeout=40)
                time.sleep(0.05)
            assert kills >= KILLS, f"only {kills} kills in {actions} actions"
            emu.wait_until(lambda: not emu.pending_updates(), timeout=30)
            screens = [(e["message"] or {}).get("text") for e in emu.sent(CHAT)
                       if e["method"] == "sendMessage" and (e["message"] or {}).get(
                           "reply_markup")]
            repeated = sum(1 for a, b in itertools.pairwise(screens) if a == b)
            print(f"kill loop (seed {SEED}): {kills} kills in {actions} actions; "
                  f"question screens shown twice in a row: {repeated}")
        finally:
            bot.stop()
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT question, status FROM answers WHERE chat_id = ?",
                            [CHAT]).fetchall()
        step = conn.execute("SELECT step FROM conversations WHERE chat_id = ?",
                            [CHAT]).fetchone()
    per_question = Counter(q for q, _ in rows)
    assert step == ("review",)
    assert rows, "answers stored"
    assert max(per_question.values()) == 1, [q for q, n in per_question.items() if n > 1]
