"""The second tester's client-side findings, each as the client meets it: a second /pause,
/back on the welcome, keeping own words in one tap, a long story sent in parts."""

from __future__ import annotations

from bot.flows import callbacks
from bot.flows.answers import ANSWERED, SKIPPED
from tests.driver import FlowDriver


def ids(out) -> list[str]:
    return [m.id for s in out.screens for m in s.lines]


def test_a_second_pause_keeps_the_break(driver):
    driver.consent()
    driver.answer_current()
    slot = driver.conv.slot
    driver.command("pause")
    out = driver.command("pause")
    assert driver.conv.state == "paused", "a second /pause must not resume"
    assert ids(out) == ["ui.paused.already"] and not out.changed
    out = driver.command("resume")
    assert driver.conv.state == "asking" and driver.conv.slot == slot
    assert ids(out)[0] == "ui.resumed"


def test_back_on_the_welcome_says_so_briefly(driver):
    driver.start()
    out = driver.command("back")
    assert not out.changed and driver.conv.state == "welcome"
    shown = ids(out)
    assert shown == ["ui.back.start", "ui.consent.question"], shown
    assert "ui.welcome" not in shown
    assert driver.buttons() == ["ok", "no"]


def to_situation_with_words(flow) -> FlowDriver:
    driver = FlowDriver(flow)
    driver.consent()
    driver.tap(callbacks.choose("benefit", "zw"))
    driver.text("Burn-out en rugklachten, ik slaap slecht.")
    assert driver.slot().id == "change"
    return driver


def test_keeping_own_words_after_back_and_a_way_out_takes_one_tap(flow):
    driver = to_situation_with_words(flow)
    driver.command("back")
    driver.tap(callbacks.way_out("situation", SKIPPED))
    out = driver.tap(callbacks.confirm("replace_skipped", False))
    assert driver.slot().id == "change", "one 'keep' tap goes on"
    answer = driver.conv.answers["situation"]
    assert answer.status == ANSWERED and answer.value.startswith("Burn-out")
    assert out.answers == {}
    assert ids(out)[0] == "ui.answer.kept"
