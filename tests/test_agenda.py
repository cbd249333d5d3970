"""The suggested agenda: points, order, grouping, own points, and the way from review to summary."""

from __future__ import annotations

import re

import pytest

from bot.flows import callbacks
from bot.flows.agenda import MESSAGE_POINTS, agenda
from bot.flows.answers import DISCUSS, SKIPPED
from bot.profile.rules import slots
from bot.summary.shared import professional_profile
from bot.summary.text import summary_message
from tests.answering import Answering
from tests.pdf_text import pdf_text


def doc(**answers):
    return {"answers": answers}


def a(status="answered", value=None, part="now", private=False):
    entry = {"status": status, "part": part, "private": private}
    if value is not None:
        entry["value"] = value
    return entry


def test_order_own_discuss_most_questions_open(content):
    points = agenda({**doc(
        health_day=a("discuss", part="health"),
        money_ends_meet=a("skipped", part="money"),
        money_work_risk=a("dont_know", part="money"),
        money_benefit_feeling=a("discuss", part="money"),
        health_predictable=a("discuss", part="health"),
        social_support=a("dont_know", part="social"),
        holding=a(value=["money", "social"], part="holding"),
        **{"holding.most": a(value="money", part="holding")},
        helping=a(value=["work"], part="helping"),
        questions=a(value="Mag ik parttime werken?", part="ahead"),
    ), "agenda": {"own": ["Mijn rooster", "  "]}}, content)
    assert [p.id for p in points] == [
        "own:1", "discuss:health", "discuss:money", "most:holding", "most:helping",
        "questions", "open:money",
    ]
    # "Discuss in person" is grouped per part, in content order.
    assert points[1].questions == ("health_day", "health_predictable")
    assert points[2].questions == ("money_benefit_feeling",)
    assert points[3].topic == "money" and points[4].topic == "work"
    # Skipped questions never make a point; "don't know" only in a part that weighs most.
    assert points[6].questions == ("money_work_risk",)


def test_private_answers_make_no_point(content):
    points = agenda(doc(
        health_day=a("discuss", part="health", private=True),
        questions=a(value="geheim", part="ahead", private=True),
    ), content)
    assert points == []


def test_removed_points_stay_removed(content):
    answers = doc(health_day=a("discuss", part="health"),
                  questions=a(value="Wat nu?", part="ahead"))
    assert [p.id for p in agenda(answers, content, removed=["discuss:health"])] == [
        "questions"]
    answers["agenda"] = {"removed": ["questions"]}
    assert [p.id for p in agenda(answers, content)] == ["discuss:health"]


def test_skipped_optional_questions_never_become_points(content):
    texts = [s.id for s in slots(content).values() if s.kind == "text"]
    answers = {q: a("skipped") for q in texts}
    answers.update({q: a("dont_know") for q in texts[:3]})
    answers["helping"] = a(value=["health", "money"], part="helping")
    answers["helping.most"] = a(value="health", part="helping")
    points = agenda(doc(**answers), content)
    assert [p.kind for p in points] == ["most"]


def test_at_most_three_own_points_trimmed(content):
    own = ["  een   ", "twee", "drie", "vier", 5, "x" * 500]
    points = agenda({"answers": {}, "agenda": {"own": own}}, content)
    assert [p.words for p in points] == ["een", "twee", "drie"]


# --- from the client's review to the professional's summary -----------------------------------

def _own_point(driver, words):
    out = driver.tap("Eigen punt toevoegen")
    assert out.changed and driver.conv.agenda_adding
    out = driver.text(words)
    assert driver.conv.agenda_own[-1] == " ".join(words.split())
    return out


@pytest.fixture
def reviewed(driver, content):
    """A client who chose 'discuss in person' at two money questions and one health question,
    skipped everything else, and added two points of their own at review."""
    driver.consent()
    discuss = {"health_day", "money_ends_meet", "money_benefit_feeling"}
    steps = 0
    while driver.conv.state == "asking" and steps < 500:
        how = DISCUSS if driver.conv.slot in discuss else SKIPPED
        driver.answer_current(how=Answering(buttons=how, words_way_out=how))
        steps += 1
    assert driver.conv.state == "review"
    driver.tap("Agenda bekijken")
    _own_point(driver, "Mijn   rooster bij de nieuwe baan")
    _own_point(driver, "Of ik mijn auto mag houden")
    return driver


def test_own_points_at_review_are_limited_and_removable(reviewed):
    driver = reviewed
    _own_point(driver, "Derde punt")
    assert not any("Eigen punt toevoegen" in label for label in driver.labels()), "three at most"
    assert not driver.tap_data(callbacks.review("agenda", "+")).changed  # a forged tap
    driver.tap("auto mag houden")  # the second point: tapping it removes it
    assert driver.conv.agenda_own == ["Mijn rooster bij de nieuwe baan", "Derde punt"]
    assert not driver.tap_data(callbacks.review("agenda", "own:9")).changed
    # A text while not adding is no agenda point.
    driver.tap("Overzicht")
    driver.text("zomaar iets")
    assert len(driver.conv.agenda_own) == 2


def test_a_too_long_point_is_refused_kindly(reviewed):
    driver = reviewed
    driver.tap("Eigen punt toevoegen")
    out = driver.text("woord " * 60)
    assert not out.changed and len(driver.conv.agenda_own) == 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_review_agenda_reaches_the_summary(reviewed, content, rules, catalogs, lang):
    from bot.export import build_answers

    doc = build_answers(content, reviewed.conv, exported_at="2026-11-30T10:00:00+00:00")
    assert doc["agenda"]["own"] == ["Mijn rooster bij de nieuwe baan",
                                    "Of ik mijn auto mag houden"]
    t = catalogs.get(lang)
    profile = professional_profile(doc, content=content, rules=rules, translator=t)
    html = "\n".join(summary_message(doc, profile, lang=lang, catalogs=catalogs,
                                     content=content, reference="R-1", appointment_text="",
                                     prepared_text=""))
    agenda_block = html.split(f"<b>{t('summary.heading.agenda')}</b>\n", 1)[1].split("\n\n")[0]
    lines = agenda_block.split("\n")
    # The client's own points first, marked as theirs, in their own words.
    assert lines[0].startswith(f"1. {t('summary.agenda.own')}")
    assert "Mijn rooster bij de nieuwe baan" in lines[0]
    assert "Of ik mijn auto mag houden" in lines[1]
    # "Discuss in person" grouped per part: one money point with both questions.
    money = [line for line in lines if t("profile.name.domain.money") in line]
    assert len(money) == 1
    assert t("profile.q.money_ends_meet").lower() in money[0].lower()
    assert t("profile.q.money_benefit_feeling").lower() in money[0].lower()
    assert len(lines) == 4
    # Never a question text, never a skipped optional question.
    for qid in ("q.money_ends_meet", "q.health_day", "q.health_words", "q.social_words",
                "q.money_words", "q.questions"):
        assert t(qid) not in agenda_block
    assert t("summary.way_out.skipped") not in agenda_block


def test_the_message_shows_seven_points_and_the_pdf_all(content, rules, catalogs):
    from bot.summary.pdf import render_pdf

    answers = {q.id: a("discuss", part=q.part) for part in content.parts
               for q in part.questions if q.kind != "text" and not q.value}
    answers["questions"] = a(value="Hoe lang duurt dit?", part="ahead")
    document = {"format": "voorbereid.answers", "version": 1, "language": "nl",
                "answers": answers, "agenda": {"own": ["Eigen punt een", "Eigen punt twee"]}}
    points = agenda(document, content)
    assert len(points) > MESSAGE_POINTS
    t = catalogs.get("en")
    profile = professional_profile(document, content=content, rules=rules, translator=t)
    options = {"lang": "en", "catalogs": catalogs, "content": content, "reference": "",
               "appointment_text": "", "prepared_text": ""}
    html = "\n".join(summary_message(document, profile, **options))
    block = html.split("<b>Suggested agenda</b>\n", 1)[1].split("\n\n")[0]
    numbered = [line for line in block.split("\n") if re.match(r"\d+\. ", line)]
    assert len(numbered) == MESSAGE_POINTS
    assert f"{len(points) - MESSAGE_POINTS} more point" in block
    text = pdf_text(render_pdf(document, profile, **options))
    assert "Hoe lang duurt dit?" in text and "Eigen punt twee" in text


async def test_own_agenda_points_are_sealed_at_rest_and_come_back_whole(tmp_path, content):
    """The client's typed agenda points are own words: sealed in the database like answers."""
    import sqlite3

    from bot.app_core import build_core
    from bot.flows.conversation import Conversation
    from bot.storage.store import Change

    db = tmp_path / "agenda.db"
    core = build_core(str(db))
    point = "Schuldeiser Vandermeulen en mijn rooster"
    try:
        conv = Conversation(7101, "nl", state="review", agenda_own=[point])
        await core.store.commit(Change(7101, conv, {}, now="2026-11-30T10:00:00+00:00"))
    finally:
        core.close()
    data = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert b"Vandermeulen" not in data
    with sqlite3.connect(db) as conn:
        (state,) = conn.execute("SELECT state FROM conversations WHERE chat_id = 7101"
                                ).fetchone()
    assert "Vandermeulen" not in state and "enc1:" in state
    core = build_core(str(db))  # a restart reads it back
    try:
        assert core.store.load(7101).agenda_own == [point]
        assert core.export(7101)["agenda"]["own"] == [point]
    finally:
        core.close()
