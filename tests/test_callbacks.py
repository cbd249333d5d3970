"""The one callback-data grammar (bot/flows/callbacks.py): both sides, versioned, ≤ 64 bytes,
and a stale, foreign or unreadable button refused kindly in one place (issue 16).

These are the grammar's own tests, so they use raw callback data on purpose: buttons sent by
earlier versions ("c|…", "p|…", "rm|off", "ev|…") are still in people's chats.
"""

from __future__ import annotations

import pytest

from bot.content_check import callback_payloads
from bot.flows import callbacks as cb
from bot.flows.events import (
    Choose,
    Consent,
    FollowUp,
    ProChoice,
    Review,
    Share,
    Stale,
    WayOut,
)
from tests.fakes import TelegramClient
from tests.test_professionals import invite, register

STALE_NL = "Die knop hoort bij een eerdere vraag"


def test_every_button_is_versioned_and_reads_back():
    cases = {
        cb.consent(True): Consent(True),
        cb.choose("change", "worse"): Choose("change", "worse"),
        cb.way_out("goal", "discuss"): WayOut("goal", "discuss"),
        cb.review("edit", "goal"): Review("edit", "goal"),
        cb.share(False): Share(False),
        cb.pro("lang", "nl"): ProChoice("lang", "nl"),
        cb.pro("cancel"): ProChoice("cancel", ""),
        cb.reminders_off(): FollowUp("reminders_off"),
        cb.partial_ok(): FollowUp("partial_ok"),
        cb.go_on(): FollowUp("continue"),
        cb.evaluation(12, "helped", "yes"): FollowUp("evaluate", ("12", "helped", "yes")),
    }
    for data, event in cases.items():
        assert data.startswith(cb.VERSION + "|"), data
        assert cb.parse(data) == event, data
        assert type(cb.parse(data)) is type(event)


def test_every_button_of_the_content_fits_in_64_bytes(content):
    longest = max((payload for _, payload in callback_payloads(content)),
                  key=lambda p: len(p.encode()))
    assert len(longest.encode()) <= cb.MAX_BYTES, longest


@pytest.mark.parametrize(("old", "event"), [
    ("ok", Consent(True)),
    ("c|change|worse", Choose("change", "worse")),
    ("r|share|", Review("share", "")),
    ("p|lang|nl", ProChoice("lang", "nl")),
    ("p|cancel|", ProChoice("cancel", "")),
    ("rm|off", FollowUp("reminders_off")),
    ("pt|on", FollowUp("partial_ok")),
    ("go|", FollowUp("continue")),
    ("ev|7|easy|no", FollowUp("evaluate", ("7", "easy", "no"))),
])
def test_buttons_sent_before_the_grammar_was_versioned_are_honoured(old, event):
    assert cb.parse(old) == event


@pytest.mark.parametrize("data", [
    None, "", "3|c|change|worse", "1|ok", "zz|1", "c|only-one-arg", "ev|x|helped|yes",
    "rm|on", "2|", "2|w|goal|maybe", "c|" + "x" * 70 + "|y", "|||",
])
def test_unreadable_future_or_malformed_data_is_stale(data):
    assert isinstance(cb.parse(data), Stale)


def test_a_button_of_the_other_side_is_refused_in_the_one_reader():
    assert isinstance(cb.read(cb.pro("lang", "nl"), cb.CLIENT), Stale)
    assert isinstance(cb.read(cb.choose("change", "worse"), cb.PROFESSIONAL), Stale)
    assert isinstance(cb.read(cb.reminders_off(), cb.CLIENT), Stale)
    assert cb.read(cb.reminders_off(), cb.FOLLOW_UP) == FollowUp("reminders_off")
    assert cb.read(cb.choose("change", "worse"), cb.CLIENT) == Choose("change", "worse")
    assert cb.bare(cb.choose("change", "worse")) == "c|change|worse"
    assert cb.verb("ev|1|helped|yes") == cb.verb(cb.evaluation(1, "helped", "yes")) == "ev"


def _stale_replies(telegram, before: int) -> list[str]:
    return [c.params.get("text") or "" for c in telegram.calls[before:]
            if c.method == "answerCallbackQuery" and c.params.get("text")]


async def test_old_foreign_and_future_buttons_get_a_kind_reply_in_both_chats(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram)
    client = TelegramClient(app, telegram, chat_id=5091)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    answers = dict(core.preparation.conversation(client.chat_id).answers)
    # In the client's chat: a professional's button, a button of a future grammar, garbage.
    for data in ("p|lang|nl", cb.pro("benefit", "zw"), "3|c|change|worse", "\x00|?"):
        before = len(telegram.calls)
        await client.tap_data(data)
        assert any(STALE_NL in t for t in _stale_replies(telegram, before)), data
    assert core.preparation.conversation(client.chat_id).answers == answers, "nothing changed"
    # In the professional's chat: a client's button, an evaluation button, a future one.
    for data in (cb.choose("change", "worse"), "ok", cb.evaluation(1, "helped", "yes"),
                 "3|p|lang|nl"):
        before = len(telegram.calls)
        await pro.tap_data(data)
        assert any(STALE_NL in t for t in _stale_replies(telegram, before)), data
    # A client's evaluation button for an invite that is not theirs: refused just as kindly.
    before = len(telegram.calls)
    await client.tap_data(cb.evaluation(999, "helped", "yes"))
    assert any(STALE_NL in t for t in _stale_replies(telegram, before))


async def test_an_old_reminder_button_still_works(world):
    """A reminder sent before the grammar was versioned ("rm|off") is honoured."""
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram)
    client = TelegramClient(app, telegram, chat_id=5092)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    await client.tap_data("rm|off")
    assert "geen herinneringen meer" in client.last_text()


async def test_an_old_professional_button_still_works(world):
    """An /invite dialog left open with buttons of the old form: the taps are honoured."""
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    await pro.send("/invite")
    await pro.send("ref-old")
    await pro.send("3-12 14:30")
    await pro.tap_data("p|lang|nl")
    await pro.tap_data("p|benefit|zw")
    assert "start=" in pro.texts()[-1]
