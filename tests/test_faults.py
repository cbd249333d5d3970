"""The standing fault suite: Telegram's real faults, injected through the emulator, on every
Bot API method the client path uses, for a tap and for a typed answer. Each must end with the
next question shown exactly once (or one honest notice) and the answer stored exactly once."""

from __future__ import annotations

import contextlib
import sqlite3
import time

import pytest

from bot.app_core import build_core
from bot.flows.events import Choose
from bot.i18n import Catalogs
from tests.answering import labels_of
from tests.emulator import TelegramEmulator
from tests.fakes import pick
from tests.fault_scenarios import KINDS, METHODS, TOKEN, ThreadBot, run_case


def waiting(db) -> int:
    """Updates a flood left in the database (read on the test's own connection)."""
    with contextlib.closing(sqlite3.connect(db, timeout=10)) as conn:
        return conn.execute("SELECT COUNT(*) FROM deferred_updates").fetchone()[0]


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
        poison = emu.inject_update("message", {
            "message_id": 1, "date": 0, "chat": {"id": 702, "type": "private"},
            "from": {"id": 702, "is_bot": False, "first_name": "Geheim"},
            "poll": {"id": "p1", "question": "GEHEIME-INHOUD"}})
        last = emu.send_text(703, "/start")
        emu.wait_until(lambda: emu.confirmed_offset > last, timeout=20)
        for chat in (701, 703):
            assert any(e["method"] == "sendMessage" for e in emu.sent(chat)), chat
        assert first < poison < last
        with contextlib.closing(sqlite3.connect(db, timeout=10)) as conn:
            skipped = conn.execute("SELECT update_id, kind FROM skipped_updates").fetchall()
        assert skipped == [(poison, "message")]
        assert bot.poller.skipped == 1
    logged = caplog.text
    assert "GEHEIME-INHOUD" not in logged and "Geheim" not in logged
    assert f"update {poison} (message) could not be read; skipped" in logged


def test_a_tap_on_an_older_copy_of_the_current_question_counts(tmp_path):
    """Two live copies of the same question (the older keyboard could not be removed): the
    button data names the question, not the message, so a tap on either copy is stored."""
    from tests.fault_scenarios import answers, keyboards_since, to_open_question

    db = tmp_path / "copies.db"
    with TelegramEmulator(token=TOKEN, response_delay=1.0) as emu, ThreadBot(emu, db):
        to_open_question(emu, 1201)
        mark = len(emu.sent(1201))
        emu.send_text(1201, "Mijn situatie.")
        emu.wait_until(lambda: keyboards_since(emu, 1201, mark), timeout=15)
        first = keyboards_since(emu, 1201, mark)[-1]["message"]
        emu.fail_next("editMessageReplyMarkup", "500", count=10)
        mark = len(emu.sent(1201))
        emu.send_text(1201, "/resume")
        emu.wait_until(lambda: keyboards_since(emu, 1201, mark), timeout=15)
        second = keyboards_since(emu, 1201, mark)[-1]["message"]
        assert emu.buttons(first) == emu.buttons(second), "the same question, twice"
        answer = labels_of(emu.buttons(first), Choose)[0]
        emu.clear_faults()
        # The older copy: a person taps it, though a newer one is on screen.
        update_id = emu.tap(1201, first["message_id"], pick(emu.buttons(first), answer))
        emu.wait_until(lambda: emu.confirmed_offset > update_id, timeout=15)
        assert answers(db, 1201, "change") == 1


@pytest.mark.slow
def test_a_flooding_chat_is_throttled_on_its_own(tmp_path, notice_texts, content):
    """One chat sends 160 messages at once: another chat is answered while the flood is still
    being worked through; the flood is handled completely and in order, and told once to
    wait a moment."""
    from tests.fault_scenarios import keyboards_since, to_open_question

    one_moment = Catalogs(content.languages, content.default_language).get("nl")(
        "delivery.one_moment")
    db = tmp_path / "flood.db"
    flood, other = 1301, 1302
    with TelegramEmulator(token=TOKEN, response_delay=1.0) as emu, ThreadBot(emu, db) as bot:
        to_open_question(emu, flood)
        ids = [emu.send_text(flood, f"bericht {n:03d}") for n in range(160)]
        mark = len(emu.sent(other))
        emu.send_text(other, "/start")
        emu.wait_until(lambda: keyboards_since(emu, other, mark), timeout=30)
        handled = len([e for e in emu.sent(flood) if e["method"] == "sendMessage"])
        assert handled < 50, "the other chat did not wait for the flood (it came after 60)"
        emu.wait_until(lambda: emu.confirmed_offset > ids[-1], timeout=60)
        emu.wait_until(lambda: not waiting(db), timeout=120)
        assert bot.poller.deferred_count > 0
        time.sleep(0.5)
        said = [(e["message"] or {}).get("text") or "" for e in emu.sent(flood)]
        assert said.count(one_moment) == 1, "told once"
    core = build_core(str(db))  # read with the bot stopped, through the store (sealed)
    values = [row["value"] for row in core.store.answer_history(flood)]
    core.close()
    texts = [v for v in values if isinstance(v, str) and "bericht" in v]
    assert len(texts) == 160, "every message handled once"
    assert texts == sorted(texts), "in order"


def test_updates_a_flood_left_waiting_are_handled_after_a_restart(tmp_path):
    """What a flooding chat had waiting in the database when the process died is handled
    first after the restart, in order, once."""
    import asyncio

    from bot.app_core import build_core
    from bot.storage.delivery import defer

    db = tmp_path / "deferred.db"
    core = build_core(str(db))
    user = {"id": 1401, "is_bot": False, "first_name": "C", "language_code": "nl"}
    chat = {"id": 1401, "type": "private", "first_name": "C"}
    raw = [{"update_id": 50 + n, "message": {
        "message_id": 50 + n, "date": 0, "chat": chat, "from": user, "text": text,
        **({"entities": [{"type": "bot_command", "offset": 0, "length": 6}]}
           if text == "/start" else {})}} for n, text in enumerate(["/start", "/help"])]
    asyncio.run(defer(core.store, [(r["update_id"], 1401, r, "now") for r in raw]))
    core.close()
    with TelegramEmulator(token=TOKEN, response_delay=1.0) as emu, ThreadBot(emu, db):
        emu.wait_until(lambda: len([e for e in emu.sent(1401)
                                    if e["method"] == "sendMessage"]) >= 2, timeout=20)
        emu.wait_until(lambda: not waiting(db), timeout=20)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        applied = conn.execute(
            "SELECT update_id FROM applied_updates WHERE chat_id = 1401 ORDER BY update_id"
        ).fetchall()
    assert applied == [(50,), (51,)]
