"""The client flow on its own: no Telegram, no storage."""

from __future__ import annotations

import pytest

from bot.flows import callbacks
from bot.flows.answers import ANSWERED, DISCUSS, DONT_KNOW, SKIPPED
from bot.flows.events import Media, Stale, Text, Voice
from bot.flows.plan import plan
from bot.render import CHECK
from tests.fakes import pick


def test_welcome_says_what_it_is_and_asks_consent(driver):
    out = driver.start()
    ids = [m.id for s in out.screens for m in s.lines]
    # One gentle line that help is there day and night; the full referral stays in /help.
    assert {"ui.welcome", "ui.privacy", "crisis.welcome", "ui.consent.question"} <= set(ids)
    assert "ui.crisis" not in ids
    assert driver.labels() == ["Ja, ik begin", "Nee, liever niet"]
    assert driver.conv.state == "welcome"


def test_declining_stores_nothing_but_the_refusal(driver):
    driver.start()
    out = driver.tap("Nee, liever niet")
    assert driver.conv.state == "declined"
    assert out.answers == {} and driver.conv.answers == {}
    assert out.screens[0].lines[0].id == "ui.declined"


def test_consent_leads_to_first_question_with_progress(driver, content):
    out = driver.consent()
    assert driver.conv.state == "asking"
    assert driver.conv.slot == content.parts[0].questions[0].id
    progress = out.screens[-1].lines[0]
    assert progress.id == "ui.progress.question"
    assert dict(progress.params)["part"] == 1
    assert dict(progress.params)["parts"] == len(content.parts) + 1
    assert dict(progress.params)["n"] == 1
    assert dict(progress.params)["count"] == len(content.parts[0].questions)


@pytest.mark.parametrize("mode", ["first", SKIPPED, DONT_KNOW, DISCUSS])
def test_every_question_can_be_answered_or_left_and_review_follows(driver, mode):
    driver.consent()
    steps = driver.walk_to_review(mode)
    assert driver.conv.state == "review"
    # At least one step for every question the plan holds (paired aspects share a screen).
    asked = {s.question.id for s in plan(driver.flow.content, driver.conv.answers)
             if not s.question.paired_to}
    assert steps >= len(asked) >= 30
    answered, total = driver.flow.progress(driver.conv)
    assert answered == total
    statuses = {a.status for a in driver.conv.answers.values()}
    assert statuses == ({ANSWERED} if mode == "first" else {mode})


def test_ways_out_are_distinct_answers(driver):
    driver.consent()
    for label, status in (("Overslaan", SKIPPED), ("Weet niet", DONT_KNOW),
                          ("Liever in gesprek", DISCUSS)):
        slot = driver.slot()
        driver.tap_anywhere(label)
        assert driver.conv.answers[slot.id].status == status
        assert driver.conv.answers[slot.id].value is None


def test_back_returns_to_previous_question_and_keeps_answers(driver):
    driver.consent()
    first = driver.slot()
    driver.answer_current()
    second = driver.slot()
    driver.command("back")
    assert driver.slot().id == first.id
    assert first.id in driver.conv.answers
    driver.answer_current()
    assert driver.slot().id == second.id


def test_back_on_first_question_changes_nothing(driver):
    driver.consent()
    out = driver.command("back")
    assert not out.changed
    assert out.screens[0].lines[0].id == "ui.back.none"


def test_pause_and_any_message_resumes_at_the_same_question(driver):
    driver.consent()
    driver.answer_current()
    slot = driver.slot().id
    driver.command("pause")
    assert driver.conv.state == "paused"
    out = driver.text("hallo")
    assert driver.conv.state == "asking" and driver.conv.slot == slot
    assert out.screens[0].lines[0].id == "ui.resumed"
    assert "hallo" not in str(driver.conv.answers)


def test_resume_command_after_pause_in_review(driver):
    driver.consent()
    driver.walk_to_review(SKIPPED)
    driver.command("pause")
    driver.command("resume")
    assert driver.conv.state == "review"


def test_stale_button_changes_nothing(driver):
    driver.consent()
    old = driver.slot()
    driver.answer_current()
    before = (driver.conv.slot, dict(driver.conv.answers))
    out = driver.tap_data(callbacks.choose(old.id, old.options(driver.conv.answers)[0]))
    assert not out.changed and out.notice.id == "ui.bad.stale"
    assert (driver.conv.slot, driver.conv.answers) == before
    assert not driver.send(Stale()).changed


def test_double_tap_is_idempotent(driver):
    driver.consent()
    button = pick(driver.labelled(), "Ziektewet")
    driver.tap_data(button)
    snapshot = (driver.conv.slot, dict(driver.conv.answers))
    second = driver.tap_data(button)  # the same button again, before the screen moved on
    assert not second.changed
    assert (driver.conv.slot, driver.conv.answers) == snapshot


def test_unknown_option_and_media_change_nothing(driver):
    driver.consent()
    slot = driver.slot()
    assert not driver.tap_data(callbacks.choose(slot.id, "nonsense")).changed
    out = driver.send(Media())
    assert not out.changed
    assert out.screens[0].lines[0].id == "ui.bad.media"
    assert driver.slot().id == slot.id


def test_very_long_text_is_refused_kindly(driver, content):
    driver.consent()
    driver.answer_current()  # benefit → now an open question
    out = driver.text("x" * (content.max_text_length + 1))
    assert not out.changed and out.notice.id == "ui.bad.too_long"
    assert driver.slot().id not in driver.conv.answers


def test_text_on_button_question_is_kept_as_extra(driver):
    driver.consent()
    slot = driver.slot()
    driver.text("ik werk soms")
    assert driver.conv.answers[slot.id + ".extra"].value == "ik werk soms"
    assert driver.slot().id == slot.id


def test_voice_answers_an_open_question(driver):
    driver.consent()
    driver.answer_current()
    slot = driver.slot()
    assert slot.kind == "text"
    driver.send(Voice("voice-file-1"))
    assert driver.conv.answers[slot.id].voice == "voice-file-1"


def _to_multi(driver, qid):
    driver.consent()
    driver.skip_until(qid)


def test_multi_select_limit_most_and_notes(driver):
    _to_multi(driver, "holding")
    slot = driver.slot()
    options = slot.options(driver.conv.answers)
    labels = driver.labels()[:len(options)]  # the topics, in order, then "done"
    for label in labels[:3]:
        out = driver.tap(label)
        assert out.screens[0].mode == "edit"
    assert [label.startswith(CHECK) for label in driver.labels()[:4]] == [True] * 3 + [False]
    counter = next(m for m in out.screens[0].lines if m.id == "ui.multi.counter")
    assert dict(counter.params) == {"count": 3, "max": 3}
    fourth = driver.tap(labels[3])
    assert not fourth.changed and fourth.notice.id == "ui.multi.limit"
    assert driver.conv.draft == list(options[:3])
    driver.tap(CHECK + labels[0])  # untick one
    driver.tap("Klaar")
    assert driver.conv.answers["holding"].value == list(options[1:3])
    most = driver.slot()
    assert most.id == "holding.most"
    assert driver.labels()[:2] == labels[1:3], "which weighs most: the two chosen"
    driver.tap(labels[2])
    assert driver.conv.answers["holding.most"].value == options[2]
    assert driver.slot().id == f"holding.note.{options[1]}"
    driver.text("geld is krap")
    assert driver.conv.answers[f"holding.note.{options[1]}"].value == "geld is krap"


def test_single_choice_in_multi_asks_no_most(driver):
    _to_multi(driver, "helping")
    driver.tap("Werk en opleiding")
    driver.tap("Klaar")
    assert driver.slot().id == "helping.note.work"


def test_skip_whole_part(driver, content):
    driver.consent()
    while driver.slot().question.part != "health":
        driver.answer_current()
    driver.tap_anywhere("Deel overslaan")
    health = [s.id for s in plan(content, driver.conv.answers) if s.question.part == "health"]
    assert all(driver.conv.answers[q].status == SKIPPED for q in health)
    assert driver.slot().question.part == "money"


def test_conditional_question_only_when_pressure(driver):
    driver.consent()
    driver.skip_until("work_pressure")
    driver.tap("Nee")
    assert driver.slot().id != "work_pressure_from"
    driver.command("back")
    driver.tap("Ja")
    assert driver.slot().id == "work_pressure_from"


def test_review_edit_and_only_for_me_then_share(driver):
    driver.conv.invite = "hash-of-an-invite"  # linked to a professional
    driver.consent()
    driver.walk_to_review()
    out = driver.tap("Hoe het nu gaat")
    assert driver.conv.review_part == "now"
    driver.tap(driver.tr("q.change.short"))
    assert driver.conv.state == "editing" and driver.conv.slot == "change"
    driver.tap_anywhere("Alleen voor mij")
    assert driver.conv.answers["change"].private
    out = driver.tap("Slechter")
    assert driver.conv.state == "review"
    assert driver.conv.answers["change"].value == "worse"
    assert driver.conv.answers["change"].private, "a new answer keeps 'only for me'"
    assert "change" in out.answers
    driver.tap("Overzicht")
    out = driver.tap("Delen met begeleider")
    assert driver.conv.state == "done" and out.shared and driver.conv.shared


def test_not_sharing_finishes_without_sharing(driver):
    driver.consent()
    driver.walk_to_review(SKIPPED)
    out = driver.tap("Afronden")  # no professional: finishing shares nothing
    assert driver.conv.state == "done" and not out.shared


def test_restart_needs_confirmation(driver):
    driver.consent()
    driver.answer_current()
    driver.command("restart")
    assert driver.conv.answers
    out = driver.tap("Nee")
    assert driver.conv.answers and out.screens[0].lines[0].id == "ui.cancelled"
    driver.command("restart")
    stale = pick(driver.labelled(), "Ja")
    out = driver.tap("Ja")
    assert out.erase_answers and driver.conv.answers == {}
    assert driver.conv.state == "welcome"
    assert not driver.tap_data(stale).changed, "stale confirmation"


def test_delete_needs_confirmation(driver):
    driver.consent()
    driver.answer_current()
    driver.command("delete")
    out = driver.tap("Ja")
    assert out.delete_all and driver.conv.state == "new" and not driver.conv.answers


def test_language_switch_keeps_answers(driver):
    driver.consent()
    driver.answer_current()
    answers = dict(driver.conv.answers)
    driver.command("language")
    driver.tap("English")
    assert driver.conv.lang == "en" and driver.conv.answers == answers
    assert not driver.tap_data(callbacks.language("xx")).changed


def test_why_and_examples_edit_in_place(driver):
    driver.consent()
    while driver.slot().question.part != "health":
        driver.answer_current()
    slot = driver.slot()
    out = driver.tap_anywhere("Waarom?")
    assert out.screens[0].mode == "edit" and not out.changed
    assert slot.why_id in [m.id for m in out.screens[0].lines]
    assert "part.health.examples" in [m.id for m in out.screens[0].lines]
    out = driver.tap_data(callbacks.examples(slot.id))  # the button of older messages
    assert "part.health.examples" in [m.id for m in out.screens[0].lines]


def test_invite_benefit_is_proposed_and_correctable(driver):
    from bot.flows.events import Start

    driver.send(Start(benefit="wga_35_80"))
    out = driver.tap("Ja, ik begin")
    current = [m for m in out.screens[-1].lines if m.id == "ui.answer.current"]
    assert current, "the invite's benefit is shown as the current answer"
    driver.tap("Wajong")
    assert driver.conv.answers["benefit"].value == "wajong"


def test_help_always_includes_crisis_referral(driver):
    out = driver.command("help")
    assert [m.id for m in out.screens[0].lines] == ["ui.help", "ui.crisis"]


def test_edited_message_only_checks_crisis(driver):
    driver.consent()
    out = driver.send(Text("ik wil zelfmoord plegen", edited=True))
    assert out.screens[0].lines[0].id == "ui.crisis"
    assert driver.conv.crisis_shown and not driver.conv.answers


def test_value_of_little_importance_asks_no_more(driver):
    driver.consent()
    driver.skip_until("value.income.important")
    driver.tap("Weinig")
    assert driver.slot().id == "value.contribute.important"
    driver.command("back")
    driver.tap("Een beetje")
    assert driver.slot().id == "value.income.room"


def test_agenda_at_review_can_lose_points(driver):
    driver.consent()
    driver.tap_anywhere("Liever in gesprek")  # the benefit
    driver.walk_to_review(SKIPPED)
    texts = [m for s in driver.last.screens for m in s.lines]
    assert any(m.parts and m.parts[0].id.startswith("ui.agenda.title") for m in texts)
    driver.tap("Agenda bekijken")
    points = [label for label in driver.labels() if label.startswith("✖")]
    assert len(points) == 1, driver.labels()  # the benefit, to discuss
    driver.tap(points[0])
    assert driver.conv.agenda_removed == ["discuss:now"]
    assert not driver.tap_data(callbacks.review("agenda", "discuss:nonsense")).changed
    driver.tap("Alle punten terugzetten")
    assert driver.conv.agenda_removed == []
