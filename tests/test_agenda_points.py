"""Agenda points a professional can use as they are (issue 18): one point per domain for what
holds back and what helps, the client's own help request right after their own points, one
voice at the client's review, and removed points of earlier versions staying removed."""

from __future__ import annotations

import re

import pytest

from bot.flows.agenda import BOTH, agenda
from bot.flows.answers import SKIPPED
from bot.flows.conversation import Conversation
from bot.render import render
from bot.summary.shared import professional_profile
from bot.summary.text import summary_message
from tests.answering import Answering
from tests.driver import FlowDriver


def a(status="answered", value=None, part="now", private=False):
    entry = {"status": status, "part": part, "private": private}
    if value is not None:
        entry["value"] = value
    return entry


def test_same_domain_holding_and_helping_is_one_point(content):
    answers = {"holding": a(value=["health", "social"], part="holding"),
               "holding.most": a(value="health", part="holding"),
               "helping": a(value=["health"], part="helping")}
    points = agenda({"answers": answers}, content)
    assert [(p.id, p.topic, p.questions) for p in points] == [
        (BOTH, "health", ("holding", "helping"))]
    # Different domains stay two points.
    answers["helping"] = a(value=["work"], part="helping")
    assert [(p.id, p.topic) for p in agenda({"answers": answers}, content)] == [
        ("most:holding", "health"), ("most:helping", "work")]


def test_help_needed_comes_right_after_the_clients_own_points(content):
    answers = {"help_needed": a(value="dat ze luisteren", part="ahead"),
               "health_day": a("discuss", part="health"),
               "questions": a(value="Mag ik parttime?", part="ahead")}
    points = agenda({"answers": answers, "agenda": {"own": ["Mijn rooster"]}}, content)
    assert [p.id for p in points] == ["own:1", "help", "discuss:health", "questions"]
    # Skipped, empty or private: no point.
    for entry in (a(SKIPPED, part="ahead"), a(value="  ", part="ahead"),
                  a(value="geheim", part="ahead", private=True)):
        answers["help_needed"] = entry
        assert "help" not in [p.id for p in agenda({"answers": answers}, content)]
    # A voice message is an answer too.
    answers["help_needed"] = {**a(part="ahead"), "voice": "file-1"}
    assert "help" in [p.id for p in agenda({"answers": answers}, content)]


def test_removed_ids_of_earlier_versions_are_honoured(content):
    """Earlier versions stored one point per question: `discuss:<question>` and
    `open:<question>`; today's points are per part. A removed question stays out of its part's
    point; the part's other questions stay."""
    answers = {"health_day": a("discuss", part="health"),
               "health_predictable": a("discuss", part="health"),
               "money_ends_meet": a("discuss", part="money"),
               "money_work_risk": a("dont_know", part="money"),
               "holding": a(value=["money"], part="holding"),
               "helping": a(value=["money"], part="helping")}
    ids = [p.id for p in agenda({"answers": answers}, content)]
    assert ids == ["discuss:health", "discuss:money", BOTH, "open:money"]
    points = agenda({"answers": answers}, content,
                    removed=["discuss:health_day", "discuss:money_ends_meet",
                             "open:money_work_risk", "most:helping"])
    assert [(p.id, p.questions) for p in points] == [
        ("discuss:health", ("health_predictable",)), ("most:holding", ("holding",))]
    # The same from the document's own list, and removing the merged point hides both sides.
    doc = {"answers": answers, "agenda": {"removed": [BOTH, "discuss:health"]}}
    assert [p.id for p in agenda(doc, content)] == ["discuss:money", "open:money"]


# --- at the client's review -------------------------------------------------------------------

PLANNED = {
    "help_needed": "iemand die met mij naar de regels kijkt",
    "questions": "Mag ik mijn auto houden?",
    "holding": ["money"],
    "helping": ["money"],
}


def _finish(driver: FlowDriver, discuss: set[str] = frozenset()) -> None:
    driver.consent()
    steps = 0
    while driver.conv.state == "asking" and steps < 500:
        slot = driver.slot()
        steps += 1
        if slot.id in discuss:
            driver.answer_current(how=Answering(buttons="discuss", words_way_out="discuss"))
        elif slot.id in PLANNED and isinstance(PLANNED[slot.id], list):
            for option in PLANNED[slot.id]:
                driver.tap(driver.tr(slot.question.options.label_id(option)))
            driver.tap(driver.tr("ui.btn.done"))
        elif slot.id in PLANNED:
            driver.text(PLANNED[slot.id])
        else:
            driver.answer_current(how=Answering(buttons=SKIPPED, words_way_out=SKIPPED))
    assert driver.conv.state == "review"


def _agenda_lines(driver: FlowDriver, tr, buttons: list | None = None) -> list[str]:
    """The numbered points of the review agenda (and its button labels into `buttons`)."""
    if tr("ui.btn.agenda") not in driver.labels():
        driver.tap(tr("ui.btn.to_review"))  # back to the overview first
    out = driver.tap(tr("ui.btn.agenda"))
    text = "\n".join(m.text for s in out.screens for m in render(s, tr))
    if buttons is not None:
        buttons += driver.labels()
    return [line for line in text.splitlines() if re.match(r"\d+\. ", line)]


FIRST_PERSON = {"nl": {"ik", "mij", "mijn", "me", "mijzelf"},
                "en": {"i", "me", "my", "mine", "myself"}}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_review_agenda_speaks_in_one_voice(flow, catalogs, lang):
    """Every point our texts label addresses the client as "u"/"you"; only the client's own
    words may say "I"."""
    driver = FlowDriver(flow, lang=lang)
    _finish(driver, discuss={"health_day"})
    driver.tap(driver.tr("ui.btn.agenda"))
    driver.tap(driver.tr("ui.btn.agenda_add"))
    driver.text("Mijn rooster")
    tr = catalogs.get(lang)
    buttons: list[str] = []
    lines = _agenda_lines(driver, tr, buttons)
    assert len(lines) == 5, lines  # own, help, health in person, money (both), questions
    assert len(buttons) > len(lines)
    typed = ["Mijn rooster", *[v for v in PLANNED.values() if isinstance(v, str)]]
    for line in [*lines, *buttons]:
        line = line.removesuffix("…")
        ours = line
        for words in typed:
            ours = ours.replace(words, "")
            # A button cuts long own words short: their beginning ends the label.
            cut = next((k for k in range(len(words), 7, -1) if ours.endswith(words[:k])), 0)
            ours = ours[:len(ours) - cut]
        found = set(re.findall(r"\w+", ours.lower())) & FIRST_PERSON[lang]
        assert not found, line
    you = {"nl": ("u", "uw"), "en": ("you", "your")}[lang]
    addressed = [line for line in lines
                 if set(re.findall(r"\w+", line.lower())) & set(you)]
    # Own point, help, money (both) and questions address the client; "health: rather in
    # person" names the part by its client-facing title.
    assert len(addressed) >= 4, lines


async def test_a_state_saved_with_old_ids_keeps_points_removed(tmp_path, flow, content, rules,
                                                               catalogs):
    """A conversation stored by an earlier version, whose removed list holds per-question
    ids, loads and shows neither the client's review nor the professional's summary the
    removed points again."""
    from bot.app_core import build_core
    from bot.storage.store import Change

    driver = FlowDriver(flow, lang="nl", chat_id=7102)
    _finish(driver, discuss={"health_day", "money_ends_meet"})
    tr = catalogs.get("nl")
    before = _agenda_lines(driver, tr)
    part_name = tr(content.part("health").title_id)
    assert any(part_name in line for line in before)
    # As an earlier version saved it: one removed point per question.
    old = Conversation(**{**driver.conv.__dict__,
                          "agenda_removed": ["discuss:health_day", "discuss:money_ends_meet"]})
    core = build_core(str(tmp_path / "old.db"))
    try:
        await core.store.commit(Change(7102, old, dict(old.answers),
                                       now="2026-11-30T10:00:00+00:00"))
    finally:
        core.close()
    core = build_core(str(tmp_path / "old.db"))
    try:
        loaded = core.store.load(7102)
        doc = core.export(7102)
    finally:
        core.close()
    assert loaded.agenda_removed == ["discuss:health_day", "discuss:money_ends_meet"]
    driver.conv = loaded
    after = _agenda_lines(driver, tr)
    assert len(after) == len(before) - 2
    assert not any(part_name in line for line in after)
    profile = professional_profile(doc, content=content, rules=rules, translator=tr)
    html = "\n".join(summary_message(doc, profile, lang="nl", catalogs=catalogs,
                                     content=content, reference="", appointment_text="",
                                     prepared_text="", removed=loaded.agenda_removed))
    block = html.split(f"<b>{tr('summary.heading.agenda')}</b>\n", 1)[1].split("\n\n")[0]
    assert tr("profile.name.domain.health") not in block
    assert tr("summary.agenda.help") in block.split("\n")[0]


def _ours(label: str) -> str:
    """The longest piece of our own text in a label with a placeholder (marked \x00)."""
    return max(label.split("\x00"), key=len)


def test_the_client_removes_the_merged_point_at_review(flow, catalogs):
    driver = FlowDriver(flow, lang="nl")
    _finish(driver)
    tr = catalogs.get("nl")
    both, holding, helping = (_ours(tr(f"ui.agenda.most_{side}", topic="\x00"))
                              for side in ("both", "holding", "helping"))
    before = _agenda_lines(driver, tr)
    assert any(both in line for line in before), before
    out = driver.tap(both)
    assert out.changed and driver.conv.agenda_removed == [BOTH]
    after = _agenda_lines(driver, tr)
    assert len(after) == len(before) - 1
    assert not any(text in line for line in after for text in (both, holding, helping))


def test_a_domain_point_carries_the_clients_own_words_in_that_domain(content, rules,
                                                                      catalogs):
    """'Work: keeps it this way' alone is generic: the client's shared words in that domain
    follow it (the card's own note first); words kept 'only for me' never do."""
    doc = {"format": "voorbereid.answers", "version": 1, "language": "nl", "answers": {
        "holding": a(value=["work"], part="holding"),
        "helping": a(value=["social"], part="helping"),
        "work_wish_change": {**a(value="yes", part="work"),
                             "extra": {"status": "answered", "value": "krijg geen kans",
                                       "private": False}},
        "social_care_for_others": {**a(value="no", part="social"),
                                   "extra": {"status": "answered", "value": "geheim",
                                             "private": True}},
    }}
    t = catalogs.get("nl")
    profile = professional_profile(doc, content=content, rules=rules, translator=t)
    html = "\n".join(summary_message(doc, profile, lang="nl", catalogs=catalogs,
                                     content=content, reference="", appointment_text="",
                                     prepared_text=""))
    block = html.split(f"<b>{t('summary.heading.agenda')}</b>\n", 1)[1].split("\n\n")[0]
    work, social = block.split("\n")
    assert t("profile.name.domain.work") in work and "krijg geen kans" in work
    assert t("profile.name.domain.social") in social and "geheim" not in html
