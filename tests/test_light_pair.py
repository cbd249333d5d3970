"""Room and ability of a work value on one screen: one tap, both existing answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.model import ContentError, load_content
from bot.flows.answers import ANSWERED, DISCUSS, Answer
from bot.flows.plan import plan
from tests.driver import FlowDriver


def to_pair(flow) -> tuple[FlowDriver, str]:
    driver = FlowDriver(flow)
    driver.consent()
    while not (driver.slot().question.pair):
        driver.answer_current()
    return driver, driver.slot().question.value


@pytest.mark.parametrize("option", ["both", "room_only", "some", "able_only", "neither"])
def test_one_tap_stores_room_and_able_on_their_own_scale(flow, content, option):
    driver, value = to_pair(flow)
    pair = content.questions[f"value.{value}.room"].pair
    room, able = pair.values(option)
    out = driver.tap(driver.tr(pair.options.label_id(option)))
    answers = driver.conv.answers
    assert (answers[f"value.{value}.room"].value, answers[f"value.{value}.able"].value) == (
        room, able)
    assert set(out.answers) == {f"value.{value}.room", f"value.{value}.able"}
    assert {room, able} <= set(content.option_sets["scale3"].options)
    assert driver.slot().question.value != value, "the ability question is not asked again"


def test_a_way_out_counts_for_both_and_back_returns_to_the_shared_screen(flow):
    driver, value = to_pair(flow)
    driver.tap_anywhere("Liever in gesprek")
    answers = driver.conv.answers
    assert answers[f"value.{value}.room"].status == DISCUSS
    assert answers[f"value.{value}.able"].status == DISCUSS
    driver.command("back")
    assert driver.slot().id == f"value.{value}.room"


def test_the_answers_file_holds_both_answers_as_before(flow, content):
    from bot.export import build_answers

    driver, value = to_pair(flow)
    pair = content.questions[f"value.{value}.room"].pair
    driver.tap(driver.tr(pair.options.label_id("able_only")))
    data = build_answers(content, driver.conv, exported_at="now")["answers"]
    assert data[f"value.{value}.room"]["value"] == "low"
    assert data[f"value.{value}.able"]["value"] == "high"
    for question in content.questions.values():
        if question.pair:
            assert set(dict(question.pair.answers)) == set(question.pair.options.options)
            assert content.questions[question.pair.partner].paired_to == question.id


def test_room_answered_alone_earlier_still_gets_ability_asked(flow, content):
    """A conversation from before: room answered on its own scale, ability not yet."""
    driver, value = to_pair(flow)
    driver.conv.answers[f"value.{value}.room"] = Answer(ANSWERED, "high", at="t")
    slots = plan(content, driver.conv.answers)
    upcoming = [s.id for s in slots if s.id not in driver.conv.answers]
    assert upcoming[0] == f"value.{value}.able"


def test_check_rejects_a_pair_without_both_answers(tmp_path):
    source = Path("bot/content/flow.toml").read_text()
    broken = source.replace('neither = ["low", "low"]', 'neither = ["low"]')
    assert broken != source
    folder = tmp_path / "content"
    folder.mkdir()
    for name in ("crisis.toml", "profile.toml"):
        (folder / name).write_text(Path("bot/content", name).read_text())
    (folder / "flow.toml").write_text(broken)
    with pytest.raises(ContentError, match="together"):
        load_content(folder / "flow.toml")
