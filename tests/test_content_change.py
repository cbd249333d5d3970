"""Content changed under a conversation in progress: a restart with new content must keep what
still applies, skip what is gone, ask what is new, and never crash on an old answer."""

from __future__ import annotations

import pytest

from bot.app_core import build_core
from bot.content.model import load_content
from bot.flows import callbacks
from bot.flows.answers import ANSWERED, SKIPPED, Answer
from bot.flows.conversation import Conversation, Flow
from bot.flows.crisis import CrisisMatcher
from bot.flows.events import Choose, Consent, Review, Start, Text, WayOut
from bot.flows.plan import plan
from bot.render import render
from tests.content_copy import copy_content
from tests.driver import current_slot

CHAT = 501
NEW_TEXTS = {
    "nl": {"q.home_safe": "Voelt u zich veilig in uw huis?",
           "q.home_safe.why": "Een veilig huis geeft rust.",
           "q.change_reason": "Waardoor komt dat, denkt u?",
           "q.change_reason.why": "Zo begrijpt uw begeleider het beter.",
           "q.home_safe.short": "Veilig thuis", "q.change_reason.short": "Reden",
           "opt.yes_no.yes": "Ja", "opt.yes_no.no": "Nee",
           "opt.understood3.yes": "Ja", "opt.understood3.partly": "Een beetje",
           "opt.understood3.no": "Nee"},
    "en": {"q.home_safe": "Do you feel safe in your home?",
           "q.home_safe.why": "A safe home gives peace of mind.",
           "q.change_reason": "What do you think is the reason?",
           "q.change_reason.why": "This helps your professional understand.",
           "q.home_safe.short": "Safe at home", "q.change_reason.short": "Reason",
           "opt.yes_no.yes": "Yes", "opt.yes_no.no": "No",
           "opt.understood3.yes": "Yes", "opt.understood3.partly": "Partly",
           "opt.understood3.no": "No"},
}
PROFILE_LABELS = {"nl": {"profile.q.home_safe": "veilig thuis",
                         "profile.q.change_reason": "reden verandering"},
                  "en": {"profile.q.home_safe": "safe at home",
                         "profile.q.change_reason": "reason for change"}}
GONE = ("q.first_step", "q.first_step.why", "q.first_step.short", "q.situation",
        "q.situation.why", "q.situation.short")


@pytest.fixture
def changed(tmp_path):
    """The current content with one question removed (first_step), one added in its place
    (home_safe), one renamed (situation → change_reason) and one option gone
    (social_understood_family loses 'not_applicable'), with catalogs updated the way the guide says,
    so the check passes."""
    copy = copy_content(tmp_path)
    flow = copy.flow()
    copy.replace(flow, '  id = "first_step"\n  kind = "text"\n',
                 '  id = "home_safe"\n  kind = "choice"\n  options = "going"\n')
    copy.replace(flow, 'id = "situation"', 'id = "change_reason"')
    copy.replace(flow, 'scale3 = ["high", "medium", "low"]',
                 'scale3 = ["high", "medium", "low"]\nyes_no = ["yes", "no"]\n'
                 'understood3 = ["yes", "partly", "no"]')
    copy.replace(flow, '  id = "social_understood_family"\n  kind = "choice"\n'
                 '  options = "understood"', '  id = "social_understood_family"\n'
                 '  kind = "choice"\n  options = "understood3"')
    for lang in ("nl", "en"):
        copy.edit_po(lang, add=NEW_TEXTS[lang], remove=GONE)
        copy.edit_po(lang, add=PROFILE_LABELS[lang], name="profile.po")
    return copy


def screens_text(core, applied, lang="nl") -> str:
    tr = core.catalogs.get(lang)
    return "\n".join(m.text for s in applied.outcome.screens for m in render(s, tr))


async def answer_until(core, stop_at: str, pick: dict[str, str]) -> None:
    """Answer as a client would (first option, chosen options in `pick`, some words) until the
    question `stop_at` is on screen."""
    await core.preparation.apply(CHAT, Start(), language_code="nl")
    await core.preparation.apply(CHAT, Consent(True))
    for _ in range(200):
        conv = core.preparation.conversation(CHAT)
        slot = current_slot(core.content, conv)
        if slot.id == stop_at:
            return
        if slot.kind == "choice":
            option = pick.get(slot.id, slot.options(conv.answers)[0])
            await core.preparation.apply(CHAT, Choose(slot.id, option))
        elif slot.kind == "multi":
            await core.preparation.apply(CHAT, WayOut(slot.id, SKIPPED))
        else:
            await core.preparation.apply(CHAT, Text(f"woorden bij {slot.id}"))
    raise AssertionError(f"never reached {stop_at}")


async def test_restart_with_changed_content_keeps_skips_and_asks(tmp_path, changed):
    db = str(tmp_path / "bot.db")
    old = build_core(db)
    await answer_until(old, "first_step", {"social_understood_family": "not_applicable"})
    before = dict(old.preparation.conversation(CHAT).answers)
    old.close()
    assert before["situation"].value == "woorden bij situation"

    core = build_core(db, content_dir=changed.content, locales_dir=changed.locales)
    try:
        conv = core.preparation.conversation(CHAT)
        assert conv.answers == before, "every stored answer survives the restart"
        slots = [s.id for s in plan(core.content, conv.answers)]
        assert "first_step" not in slots and "situation" not in slots
        assert {"home_safe", "change_reason"} <= set(slots)

        # The client comes back: the question on screen is gone, the next open one is shown.
        back = await core.preparation.apply(CHAT, Start())
        shown = [m.id for m in back.outcome.screens[-1].lines]
        assert "q.change_reason" in shown and "ui.review.intro" not in shown
        assert "Waardoor komt dat, denkt u?" in screens_text(core, back)
        # The words the client types under that question are its answer (not swallowed).
        await core.preparation.apply(CHAT, Text("door de operatie"))
        conv = core.preparation.conversation(CHAT)
        assert conv.answers["change_reason"].value == "door de operatie"
        assert current_slot(core.content, conv).id == "home_safe", "then the new question"
        await core.preparation.apply(CHAT, Choose("home_safe", "well"))

        for _ in range(200):
            conv = core.preparation.conversation(CHAT)
            if conv.state != "asking":
                break
            slot = current_slot(core.content, conv)
            await core.preparation.apply(CHAT, WayOut(slot.id, SKIPPED))
        conv = core.preparation.conversation(CHAT)
        assert conv.state == "review"
        assert "first_step" not in conv.answers, "a removed question is never asked"
        for qid in ("benefit", "situation", "change", "health_day", "social_understood_family"):
            assert conv.answers[qid] == before[qid], f"{qid} kept"

        # Review and editing show the answer to the vanished option without crashing.
        overview = core.flow.screens_for(conv)
        text = "\n".join(m.text for s in overview for m in render(s, core.catalogs.get("nl")))
        assert "not_applicable" in text
        await core.preparation.apply(CHAT, Review("part", "social"))
        edit = await core.preparation.apply(CHAT, Review("edit", "social_understood_family"))
        assert "not_applicable" in screens_text(core, edit)
        offered = {e.option for s in edit.outcome.screens for row in s.buttons for b in row
                   if isinstance(e := callbacks.parse(b.data), Choose)}
        assert "no" in offered and "not_applicable" not in offered, "the vanished option is gone"

        data = core.export(CHAT)
        assert data["answers"]["situation"]["obsolete"] is True
        assert data["answers"]["situation"]["part"] is None
        assert data["answers"]["social_understood_family"]["value"] == "not_applicable"
        assert data["answers"]["home_safe"]["value"] == "well"
        assert "first_step" not in data["answers"]
    finally:
        core.close()


def _flow_with(tmp_path, old: str, new: str) -> Flow:
    """The pure flow on changed structure (catalogs do not matter without rendering)."""
    copy = copy_content(tmp_path)
    copy.replace(copy.flow(), old, new)
    return Flow(load_content(copy.flow()), CrisisMatcher({}))


def test_editing_a_question_that_was_removed_returns_to_review(tmp_path):
    flow = _flow_with(tmp_path, '  [[parts.questions]]\n  id = "first_step"\n  kind = "text"\n',
                      "")
    answers = {s.id: Answer(SKIPPED) for s in plan(flow.content, {})}
    conv = Conversation(CHAT, "nl", state="editing", slot="first_step", answers=answers,
                        review_part="ahead")
    for event in (Text("iets"), WayOut("first_step", SKIPPED), Review("overview")):
        after, outcome = flow.handle(conv, event)
        assert after.state == "review" and outcome.screens


def test_multi_answer_with_a_vanished_topic(tmp_path):
    flow = _flow_with(tmp_path, 'domains = ["health", "money", "social", "home", "work"]',
                      'domains = ["health", "money", "social", "home"]')
    answers = {"holding": Answer(ANSWERED, ["money", "work", "home"])}
    most = next(s for s in plan(flow.content, answers) if s.id == "holding.most")
    assert most.options(answers) == ("money", "home"), "only topics that still exist"
    notes = [s.id for s in plan(flow.content, answers) if s.role == "note"]
    assert notes == ["holding.note.money", "holding.note.home"]
    line = flow.answer_text(most, Answer(ANSWERED, "work"))
    assert line.raw == "work", "an old answer is shown as it was stored"


def test_review_of_a_part_that_was_removed_shows_the_overview(tmp_path):
    flow = _flow_with(tmp_path, 'id = "ahead"', 'id = "next"')
    conv = Conversation(CHAT, "nl", state="review", review_part="ahead")
    screens = flow.screens_for(conv)
    assert screens and screens[0].lines[1].id == "ui.review.intro"


def test_a_new_question_shows_as_not_answered_at_review(tmp_path):
    """Someone already at the overview when a question is added sees it there, open."""
    original = Flow(load_content(), CrisisMatcher({}))
    answers = {s.id: Answer(SKIPPED) for s in plan(original.content, {})}
    flow = _flow_with(tmp_path, '  id = "first_step"\n  kind = "text"\n',
                      '  id = "first_step"\n  kind = "text"\n  [[parts.questions]]\n'
                      '  id = "home_safe"\n  kind = "choice"\n  options = "going"\n')
    conv = Conversation(CHAT, "nl", state="review", answers=answers)

    def ids(msg):
        return [msg.id] + [i for part in msg.parts for i in ids(part)]

    lines = [line for screen in flow.screens_for(conv) for line in screen.lines]
    shown = [i for line in lines for i in ids(line)]
    assert "q.home_safe.short" in shown and shown.count("ui.answer.empty") == 1
    after, _ = flow.handle(conv, Review("edit", "home_safe"))
    assert after.state == "editing" and after.slot == "home_safe"
