"""The standing fault suite: Telegram's real faults, injected through the emulator, on every
Bot API method the client path uses, for a tap and for a typed answer. Each must end with the
next question shown exactly once (or one honest notice) and the answer stored exactly once."""

from __future__ import annotations

import pytest

from bot.i18n import Catalogs
from tests.emulator import TelegramEmulator
from tests.fault_scenarios import KINDS, METHODS, TOKEN, ThreadBot, run_case

CASES = [(action, method) for action, methods in METHODS.items() for method in methods]


@pytest.fixture(scope="module")
def notice_texts(content):
    nl = Catalogs(content.languages, content.default_language).get("nl")
    return (nl("delivery.resume"), nl("ui.error"))


@pytest.mark.slow
@pytest.mark.parametrize("action, method", CASES)
def test_fault_on_method_still_shows_next_question_once(tmp_path, notice_texts, action, method):
    results = []
    with (TelegramEmulator(token=TOKEN, response_delay=1.0) as emu,
          ThreadBot(emu, tmp_path / "faults.db")):
        for n, kind in enumerate(KINDS):
            results.append(run_case(emu, tmp_path / "faults.db", 9000 + n, method, kind,
                                    action, notice_texts, settle_timeout=20, after=0.6))
    bad = [r for r in results if not (r.ok and r.confirmed)]
    assert not bad, bad


def test_unreadable_update_is_skipped_and_the_others_are_served(tmp_path, caplog):
    caplog.set_level("DEBUG")
    db = tmp_path / "poison.db"
    with TelegramEmulator(token=TOKEN, response_delay=1.0) as emu, ThreadBot(emu, db) as bot:
        first = emu.send_text(701, "/start")
        # A message with a poll lacking the fields python-telegram-bot requires.
        poison = emu._push_update("message", {
            "message_id": 1, "date": 0, "chat": {"id": 702, "type": "private"},
            "from": {"id": 702, "is_bot": False, "first_name": "Geheim"},
            "poll": {"id": "p1", "question": "GEHEIME-INHOUD"}})
        last = emu.send_text(703, "/start")
        emu.wait_until(lambda: emu.confirmed_offset > last, timeout=20)
        for chat in (701, 703):
            assert any(e["method"] == "sendMessage" for e in emu.sent(chat)), chat
        assert first < poison < last
        skipped = bot.core.store.db.execute(
            "SELECT update_id, kind FROM skipped_updates").fetchall()
        assert skipped == [(poison, "message")]
        assert bot.poller.skipped == 1
    logged = caplog.text
    assert "GEHEIME-INHOUD" not in logged and "Geheim" not in logged
    assert f"update {poison} (message) could not be read; skipped" in logged
