"""The lighter conversation (issue 19): measured length, few clear buttons, no lost words, an
overview that reads at a glance — checked on the real content and catalogs, not on examples."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest

from bot.app_core import build_core
from bot.cli import main
from bot.content.model import load_content
from bot.flows import callbacks
from bot.flows.answers import ANSWERED, DISCUSS, DONT_KNOW, SKIPPED, Answer
from bot.flows.conversation import MAX_BUTTONS, Conversation, Flow
from bot.flows.crisis import CrisisMatcher
from bot.flows.events import Choose, Command, Confirm, Consent, More, Text, WayOut
from bot.flows.length import count_words, measure, welcome_minutes
from bot.flows.plan import plan
from bot.i18n import Catalogs
from bot.render import render
from tests.answering import Answering
from tests.driver import FlowDriver

CONTENT = load_content()
WAYS = {callbacks.way_out("{slot}", s) for s in (SKIPPED, DONT_KNOW, DISCUSS)}
# Targets of issue 19 for the Dutch buttons-only path.
TARGET_TAPS = 45
TARGET_WORDS = 2200


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return Catalogs(CONTENT.languages, CONTENT.default_language)


@pytest.fixture
def flow() -> Flow:
    return Flow(CONTENT, CrisisMatcher({}))


# ----- measured length ----------------------------------------------------------------------

def test_length_command_first_line_is_for_scripts(capsys):
    for argv, lang in ((["content", "length"], "nl"), (["content", "length", "--lang", "en"],
                                                       "en")):
        out = io.StringIO()
        with redirect_stdout(out):
            assert main(argv) == 0
        lines = out.getvalue().splitlines()
        found = re.fullmatch(r"buttons-only: (\d+) taps, (\d+) words", lines[0])
        assert found, lines[0]
        assert any(line.startswith("typical:") and "150 wpm" in line and "200 wpm" in line
                   for line in lines)
        tr = Catalogs(CONTENT.languages, CONTENT.default_language).get(lang)
        buttons, _ = measure(Flow(CONTENT, CrisisMatcher({})), tr, lang)
        assert (int(found.group(1)), int(found.group(2))) == (buttons.taps, buttons.words)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_buttons_only_words_within_target(flow, catalogs, lang):
    buttons, typical = measure(flow, catalogs.get(lang), lang)
    assert buttons.words <= TARGET_WORDS, buttons
    assert typical.words > buttons.screens, "the typical path reads something on every screen"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_buttons_only_taps_within_target(flow, catalogs, lang):
    buttons, _ = measure(flow, catalogs.get(lang), lang)
    assert buttons.taps <= TARGET_TAPS, buttons


def test_english_has_the_dutch_structure_and_a_like_length(flow, catalogs):
    """Same content, so the same taps and screens; the words may differ by the language, but
    not by much (English tends to run a little longer than Dutch on the same screens)."""
    nl_buttons, nl_typical = measure(flow, catalogs.get("nl"), "nl")
    en_buttons, en_typical = measure(flow, catalogs.get("en"), "en")
    for nl, en in ((nl_buttons, en_buttons), (nl_typical, en_typical)):
        assert (en.taps, en.typed, en.screens) == (nl.taps, nl.typed, nl.screens)
        assert abs(en.words - nl.words) <= 0.1 * nl.words, (nl, en)


def test_welcome_promises_the_measured_minutes(tmp_path):
    core = build_core(str(tmp_path / "bot.db"))
    try:
        for lang in CONTENT.languages:
            tr = core.catalogs.get(lang)
            minutes = welcome_minutes(core.flow, tr, lang)
            assert core.flow.minutes[lang] == minutes
            conv = Conversation(1, lang)
            shown = render(core.flow.screens_for(conv)[0], tr)[0].text
            assert f" {minutes} " in shown
            _, typical = measure(core.flow, tr, lang)
            assert minutes >= typical.minutes(150), "never promises less than reading takes"
    finally:
        core.close()


def test_word_count_reads_fractions_as_one_word():
    assert count_words("Deel 3/12 · vraag 2/3 · Geld") == 5
    assert count_words("Weet niet · In gesprek · ‹ Terug") == 5


# ----- buttons ------------------------------------------------------------------------------

WAY_OUT_LABELS = {SKIPPED: "Overslaan", DONT_KNOW: "Weet niet", DISCUSS: "Liever in gesprek"}


def question_screen(flow: Flow, conv: Conversation, view: str = ""):
    """The question on screen, or one of its views ("more", a group of options)."""
    if not view:
        return flow.screens_for(conv)[0]
    _, out = flow.handle(conv, More(conv.slot, view))
    return out.screens[0]


def all_question_screens(flow: Flow):
    """Every question of the content as it can appear: unanswered and answered while asking,
    in the "more" view, in an option group, and while editing at review."""
    answers = {"holding": Answer(ANSWERED, ["health", "money", "work"]),
               "helping": Answer(ANSWERED, ["social", "home"]),
               "work_pressure": Answer(ANSWERED, "yes")}
    for slot in plan(CONTENT, answers):
        for state in ("asking", "editing"):
            for answered in (False, True):
                given = dict(answers)
                if answered and slot.id not in given:
                    given[slot.id] = Answer(SKIPPED)
                conv = Conversation(1, "nl", state=state, slot=slot.id, answers=given)
                main_view = question_screen(flow, conv)
                yield conv, slot, "main", main_view
                more = [b.data for row in main_view.buttons for b in row
                        if isinstance(callbacks.parse(b.data), More)]
                for data in more:
                    view = callbacks.parse(data).view
                    yield conv, slot, view, question_screen(flow, conv, view)


def test_no_question_has_more_than_seven_buttons(flow):
    for _, slot, view, screen in all_question_screens(flow):
        count = sum(len(row) for row in screen.buttons)
        assert count <= MAX_BUTTONS, (slot.id, view, count)


def test_every_way_out_is_one_tap_or_two_away(flow):
    """Skip, don't know and in-the-meeting on every question: on the question itself or behind
    its one "more" button."""
    for conv, slot, view, screen in all_question_screens(flow):
        if view != "main":
            continue
        data = {b.data for row in screen.buttons for b in row}
        if not {w.format(slot=slot.id) for w in WAYS} <= data:
            assert callbacks.more(slot.id) in data, slot.id
            more = question_screen(flow, conv, "more")
            inside = {b.data for row in more.buttons for b in row}
            assert {w.format(slot=slot.id) for w in WAYS} <= inside, slot.id


def test_ways_out_form_one_row_and_why_back_another(flow):
    conv = Conversation(1, "nl", state="asking", slot="situation")
    rows = [[b.data for b in row] for row in question_screen(flow, conv).buttons]
    assert [callbacks.way_out("situation", s) for s in (SKIPPED, DONT_KNOW, DISCUSS)] in rows
    assert [callbacks.why("situation"), callbacks.back()] in rows


@pytest.mark.parametrize("lang", CONTENT.languages)
def test_answer_buttons_never_repeat_a_way_out(catalogs, lang):
    tr = catalogs.get(lang)
    ways = {tr(f"ui.btn.{k}").casefold() for k in ("skip", "dont_know", "discuss")}
    ways |= {tr(f"ui.answer.{k}").casefold() for k in ("skipped", "dont_know", "discuss")}
    for oset in CONTENT.option_sets.values():
        for option in oset.options:
            label = tr(oset.label_id(option)).casefold()
            assert not any(way in label for way in ways), (lang, option, label)


def test_benefit_groups_its_wga_answers(flow):
    driver = FlowDriver(flow)
    driver.consent()
    assert "WGA ›" in driver.labels() and "WGA 35-80%" not in driver.labels()
    out = driver.tap("WGA ›")
    assert "WGA 80-100%" in driver.labels() and out.screens[0].mode == "edit"
    driver.tap("WGA 80-100%")
    assert driver.conv.answers["benefit"].value == "wga_80_100"


# ----- progress ----------------------------------------------------------------------------

def progress_of(screen):
    line = screen.lines[0]
    params = dict(line.params)
    return params["part"], params.get("n", 0)


@pytest.mark.parametrize("choice", ["first", "last", SKIPPED])
def test_progress_moves_with_every_answer_and_never_back(flow, choice):
    driver = FlowDriver(flow)
    driver.consent()
    how = Answering(buttons=choice, topics=3, words_way_out=SKIPPED)
    seen = []
    for _ in range(300):
        if driver.conv.state != "asking":
            break
        assert driver.keyboard.lines[0].id == "ui.progress.question"
        seen.append(progress_of(driver.keyboard))
        driver.answer_current(how=how)
    assert seen == sorted(seen) and len(set(seen)) == len(seen), seen


# ----- no lost words -----------------------------------------------------------------------

def to_situation_with_words(flow) -> FlowDriver:
    driver = FlowDriver(flow)
    driver.consent()
    driver.tap("Wajong")
    driver.text("Burn-out en rugklachten, ik slaap slecht.")
    assert driver.slot().id == "change"
    return driver


def test_back_onto_own_words_shows_them_and_keeps_them(flow, catalogs):
    driver = to_situation_with_words(flow)
    out = driver.command("back")
    assert driver.slot().id == "situation"
    shown = "\n".join(m.text for s in out.screens for m in render(s, catalogs.get("nl")))
    assert "Burn-out en rugklachten" in shown
    out = driver.tap("✓ Dit houden")
    assert driver.conv.answers["situation"].value == "Burn-out en rugklachten, ik slaap slecht."
    assert driver.slot().id == "change" and out.answers == {}


@pytest.mark.parametrize("status", [SKIPPED, DONT_KNOW, DISCUSS])
def test_a_way_out_over_own_words_asks_first(flow, status):
    driver = to_situation_with_words(flow)
    driver.command("back")
    out = driver.tap_anywhere(WAY_OUT_LABELS[status])
    assert out.answers == {}, "nothing replaced before the client says yes"
    assert driver.conv.answers["situation"].status == ANSWERED
    assert driver.labels() == ["Ja, vervangen", "✓ Dit houden"]
    driver.tap("✓ Dit houden")
    assert driver.conv.answers["situation"].value.startswith("Burn-out")
    assert driver.slot().id == "situation"
    driver.tap_anywhere(WAY_OUT_LABELS[status])
    out = driver.tap("Ja, vervangen")
    assert driver.conv.answers["situation"].status == status
    assert "situation" in out.answers and driver.slot().id == "change"


def test_keep_while_editing_returns_to_the_part(flow):
    driver = FlowDriver(flow)
    driver.consent()
    driver.walk_to_review()
    driver.tap("Hoe het nu gaat")
    driver.tap("Mijn situatie")
    before = driver.conv.answers["situation"]
    out = driver.tap("✓ Dit houden")
    assert driver.conv.state == "review" and driver.conv.answers["situation"] == before
    assert out.answers == {}


async def test_history_keeps_words_replaced_by_a_way_out(tmp_path):
    core = build_core(str(tmp_path / "bot.db"))
    try:
        prep = core.preparation
        from bot.flows.events import Start

        await prep.apply(9, Start(), language_code="nl")
        for event in (Consent(True), Choose("benefit", "zw"), Text("Mijn eigen verhaal"),
                      Command("back"), WayOut("situation", SKIPPED),
                      Confirm("replace_skipped", True)):
            await prep.apply(9, event)
        assert prep.conversation(9).answers["situation"].status == SKIPPED
        words = [h.get("value") for h in core.store.answer_history(9)
                 if h["question"] == "situation"]
        assert "Mijn eigen verhaal" in words
    finally:
        core.close()


# ----- the overview ------------------------------------------------------------------------

def full_conversation(flow, lang: str, words: str | None = None, invite: str = "") -> FlowDriver:
    driver = FlowDriver(flow, lang=lang)
    driver.conv.invite = invite
    driver.consent()
    how = Answering(topics=3, words=words or "Een paar eigen woorden bij {question}.")
    for _ in range(300):
        if driver.conv.state != "asking":
            break
        if words and driver.slot().kind == "choice":
            driver.text(words[:200])  # own words beside the buttons
        driver.answer_current(how=how)
    assert driver.conv.state == "review"
    return driver


@pytest.mark.parametrize("lang", CONTENT.languages)
def test_overview_is_one_message_with_part_buttons(flow, catalogs, lang):
    driver = full_conversation(flow, lang, invite="x")
    screens = flow.screens_for(driver.conv)
    messages = [m for s in screens for m in render(s, catalogs.get(lang))]
    assert len(messages) == 1, [len(m.text) for m in messages]
    labels = [label for row in messages[0].buttons for label, _ in row]
    tr = catalogs.get(lang)
    for part in CONTENT.parts:
        assert any(tr(part.title_id) in label for label in labels), part.id
    text = messages[0].text
    assert tr("q.value.room.short") in text and tr("ui.share.confirm") in text
    assert tr("q.value.room").split(":")[1].strip() not in text, "short labels, not questions"


@pytest.mark.parametrize("lang", CONTENT.languages)
def test_overview_with_long_words_takes_two_messages_at_most(flow, catalogs, lang):
    words = ("lang verhaal " * 60)[:500]
    driver = full_conversation(flow, lang, words=words)
    messages = [m for s in flow.screens_for(driver.conv) for m in render(s, catalogs.get(lang))]
    assert len(messages) <= 2 and messages[-1].buttons


def test_overview_marks_private_answers_and_lists_the_agenda(flow, catalogs):
    driver = full_conversation(flow, "nl")
    driver.tap("Hoe het nu gaat")
    driver.tap("Mijn situatie")
    driver.tap_anywhere("Alleen voor mij")
    driver.tap("Overzicht")
    tr = catalogs.get("nl")
    text = render(flow.screens_for(driver.conv)[0], tr)[0].text
    assert tr("ui.answer.private") in text and tr("ui.review.private_legend") in text
    assert tr("ui.agenda.title.unlinked") in text  # not linked: nobody else sees it


def test_sticker_on_consent_screen_says_what_works(flow):
    from bot.flows.events import Media

    driver = FlowDriver(flow)
    driver.start()
    out = driver.send(Media())
    ids = [line.id for s in out.screens for line in s.lines]
    assert ids[0] == "ui.bad.consent" and "ui.consent.question" in ids
    assert driver.conv.state == "welcome"


# ----- the terminal preview ----------------------------------------------------------------

async def test_preview_help_names_quit_and_multi_select_does_not_repeat_the_intro(core):
    from bot.console import Preview

    out = io.StringIO()
    preview = Preview(core, "nl", out)
    await preview.jump("holding")
    tr = core.catalogs.get("nl")
    intro = tr("part.holding.intro")
    for number in ("1", "2"):  # tick two topics
        await preview.handle_line(number)
    await preview.handle_line("/help")
    shown = out.getvalue()
    assert shown.count(intro) == 1, "the part intro is shown once, not on every tick"
    assert tr("ui.preview.quit") in shown
    # Buttons are shown in their rows, each numbered, as in Telegram.
    out.truncate(0)
    await preview.jump("values")
    high, medium, low = (tr(f"opt.scale3.{o}") for o in ("high", "medium", "low"))
    assert f"  [1] {high}   [2] {medium}   [3] {low}\n" in out.getvalue()
