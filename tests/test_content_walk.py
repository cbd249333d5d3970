"""Conversation tests generated from the content: every language, every way of answering.

Nothing here names a question. Each walk reads the current `flow.toml`, goes through every step
and every question the flow asks, and renders every screen it produces with the real catalogs:
no missing message id, no leftover {placeholder}, nothing beyond Telegram's limits. A
coordinator who adds a question or an option is covered without anyone writing a new test.
"""

from __future__ import annotations

import json
import re

import pytest

from bot.content.model import load_content
from bot.export import build_answers
from bot.flows import callbacks
from bot.flows.answers import DISCUSS, DONT_KNOW, SKIPPED
from bot.flows.events import Command, Stale, Voice
from bot.flows.plan import Slot, plan
from bot.flows.screens import Msg, Outcome
from bot.i18n import Catalogs, Translator
from bot.render import render
from tests.driver import FlowDriver, current_slot

CONTENT = load_content()
LANGUAGES = CONTENT.languages
WAYS_OUT = (SKIPPED, DONT_KNOW, DISCUSS)
WAY_OUT_LABELS = {SKIPPED: "ui.btn.skip", DONT_KNOW: "ui.btn.dont_know",
                  DISCUSS: "ui.btn.discuss"}
# "first"/"last": the first or last option (and as many topics as allowed), words for open
# questions; a way out everywhere; "mix": a different way at each question, with own words
# typed beside button questions and a voice message now and then.
MODES = ("first", "last", *WAYS_OUT, "mix")
MIX = ("first", SKIPPED, "extra", DONT_KNOW, "last", DISCUSS, "voice")
LEFTOVER = re.compile(r"\{[A-Za-z_0-9]*\}")
BUTTON_LABEL_LIMIT = 64


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return Catalogs(CONTENT.languages, CONTENT.default_language)


def opening_options() -> dict[str, str]:
    """For each question others depend on, an option that makes them asked, so the walk
    reaches conditional questions too (any_of first; else an option not in none_of)."""
    opens: dict[str, str] = {}
    for question in CONTENT.questions.values():
        cond = question.ask_if
        if cond is None:
            continue
        options = CONTENT.questions[cond.question].options.options
        opens[cond.question] = (cond.any_of[0] if cond.any_of
                                else next(o for o in options if o not in cond.none_of))
    return opens


OPENING = opening_options()


class Walker:
    """Drives the pure flow and checks every screen of every outcome on the way."""

    def __init__(self, flow, tr: Translator, lang: str):
        self.driver = FlowDriver(flow, lang=lang)
        self.tr = tr
        self.screens = 0
        self.asked: list[str] = []

    # ----- checking -------------------------------------------------------------------

    def ids(self, msg: Msg) -> list[str]:
        found = [msg.id] if msg.id else []
        for part in msg.parts:
            found += self.ids(part)
        for _, value in msg.params:
            if isinstance(value, Msg):
                found += self.ids(value)
        return found

    def check(self, outcome: Outcome) -> Outcome:
        screens = [*outcome.screens, *([outcome.close] if outcome.close else [])]
        notices = [outcome.notice] if outcome.notice else []
        for screen in screens:
            msgs = [*screen.lines, *(b.label for row in screen.buttons for b in row)]
            for msg in msgs:
                for msgid in self.ids(msg):
                    assert self.tr.has(msgid), f"{self.tr.lang}: no text for '{msgid}'"
            for button in (b for row in screen.buttons for b in row):
                if button.label.id:  # one catalog text: the check's limit for button labels
                    label = self.tr(button.label.id)
                    assert len(label) <= BUTTON_LABEL_LIMIT, f"{self.tr.lang}: {label!r}"
            for rendered in render(screen, self.tr):
                assert rendered.text.strip(), "an empty message"
                assert len(rendered.text) <= 4096
                assert not LEFTOVER.search(rendered.text), (
                    f"{self.tr.lang}: leftover placeholder in {rendered.text!r}")
                for row in rendered.buttons:
                    for label, data in row:
                        assert label.strip() and not LEFTOVER.search(label), label
                        assert len(data.encode()) <= 64, data
                        assert not isinstance(callbacks.parse(data), Stale), data
            self.screens += 1
        for notice in notices:
            for msgid in self.ids(notice):
                assert self.tr.has(msgid), f"{self.tr.lang}: no text for notice '{msgid}'"
        return outcome

    # ----- driving --------------------------------------------------------------------

    @property
    def conv(self):
        return self.driver.conv

    def tap(self, label: str) -> Outcome:
        """Tap a button on screen by what it says, in the walk's language."""
        return self.check(self.driver.tap(label))

    def tap_data(self, data: str) -> Outcome:
        return self.check(self.driver.tap_data(data))

    def send(self, event) -> Outcome:
        return self.check(self.driver.send(event))

    def slot(self) -> Slot:
        return self.driver.slot()

    def option_label(self, slot: Slot, option: str) -> str:
        """What the button of an option says (a pair's options have labels of their own)."""
        if slot.role == "ask" and slot.question.pair:
            return self.tr(slot.question.pair.options.label_id(option))
        return self.tr(slot.question.options.label_id(option))

    def choose(self, slot: Slot, option: str) -> Outcome:
        """Tap an option, opening its group first ("WGA ›") when it sits in one."""
        group = slot.question.group_of(option) if slot.role == "ask" else ""
        if group:
            self.tap(self.tr(slot.question.group_label_id(group)))
        return self.tap(self.option_label(slot, option))

    def answer(self, slot: Slot, how: str) -> Outcome:
        """Answer as a client reading the buttons would, in the walk's language."""
        options = slot.options(self.conv.answers)
        if how in WAYS_OUT:
            return self.check(self.driver.tap_anywhere(self.tr(WAY_OUT_LABELS[how])))
        if slot.kind == "choice":
            if how == "extra":
                self.send(self.driver_text(f"eigen woorden bij {slot.id}"))
            option = (options[-1] if how == "last"
                      else OPENING.get(slot.id, options[0]))
            return self.choose(slot, option)
        if slot.kind == "multi":
            many = slot.question.max
            picked = options[-many:] if how == "last" else options[:many]
            for option in picked:
                self.tap(self.option_label(slot, option))
            return self.tap(self.tr("ui.btn.done"))
        if how == "voice":
            return self.send(Voice(f"voice-{slot.id}"))
        return self.send(self.driver_text(f"mijn woorden bij {slot.id}"))

    @staticmethod
    def driver_text(words: str):
        from bot.flows.events import Text

        return Text(words)

    def progress(self, outcome: Outcome) -> tuple[int, int]:
        """(part, question in part) of the question an outcome shows."""
        shown = [s for s in outcome.screens if s.buttons][-1]
        assert shown.lines[0].id == "ui.progress.question", shown.lines[0].id
        params = dict(shown.lines[0].params)
        assert 1 <= params["n"] <= params["count"], params
        return params["part"], params["n"]

    def walk(self, mode: str, limit: int = 500) -> None:
        self.check(self.driver.start())
        shown = self.tap(self.tr("ui.btn.consent_yes"))
        position = (0, 0)
        while self.conv.state == "asking":
            # Progress moves with every answer and never goes back (issue 19).
            now = self.progress(shown)
            assert now > position, f"progress went from {position} to {now}"
            position = now
            slot = self.slot()
            assert slot.id not in self.asked, f"{slot.id} asked twice"
            self.asked.append(slot.id)
            self.check(self.driver.tap_anywhere(self.tr("ui.btn.why")))
            if CONTENT.part(slot.question.part).examples:
                self.tap_data(callbacks.examples(slot.id))  # the button of older messages
            how = MIX[len(self.asked) % len(MIX)] if mode == "mix" else mode
            shown = self.answer(slot, how)
            assert len(self.asked) < limit, "the flow does not end"
        assert self.conv.state == "review"

    def review_and_share(self, how: str = SKIPPED) -> None:
        slots = plan(CONTENT, self.conv.answers)
        for part in CONTENT.parts:
            self.tap(f"✎ {self.tr(part.title_id)}")
            first = next((s for s in slots if s.question.part == part.id), None)
            if first is None:
                continue
            # The part's first edit button (for the work values: a value, then its first).
            while self.conv.state != "editing":
                self.tap(next(label for label in self.driver.labels() if label.startswith("✎")))
            self.check(self.driver.tap_anywhere(self.tr("ui.btn.only_me")))
            self.check(self.driver.tap_anywhere(self.tr("ui.btn.share_ok")))
            self.check(self.driver.tap_anywhere(self.tr("ui.btn.to_review")))
        # The suggested agenda: open it, remove the first point, bring it back.
        self.tap(self.tr("ui.btn.agenda"))
        points = [label for label in self.driver.labels() if label.startswith("✖")]
        if points:
            self.tap(points[0])
            self.tap(self.tr("ui.btn.agenda_restore"))
        self.tap(self.tr("ui.btn.to_review"))
        for name in ("help", "pause", "resume", "language", "mydata", "back"):
            self.send(Command(name))
        if self.conv.state == "asking":  # /back reopened the last question
            self.answer(self.slot(), how)
        self.tap_data(callbacks.review("share"))
        self.tap(self.tr("ui.btn.to_review"))
        self.tap_data(callbacks.review("share"))
        self.tap(self.tr("ui.btn.finish"))  # not linked: nothing to share with
        assert self.conv.state == "done"
        self.send(self.driver_text("nog iets"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_and_question_renders(flow, catalogs, lang, mode):
    walker = Walker(flow, catalogs.get(lang), lang)
    walker.walk(mode)
    walker.review_and_share(mode if mode in WAYS_OUT else "first")
    answered, total = flow.progress(walker.conv)
    assert answered == total
    data = build_answers(CONTENT, walker.conv, exported_at="now")
    assert json.loads(json.dumps(data)) == data
    assert all(a["part"] for a in data["answers"].values())
    if mode in WAYS_OUT:
        assert {a["status"] for a in data["answers"].values()} == {mode}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_walks_reach_every_question_and_topic(flow, catalogs, lang):
    """Together the walks ask every question of the content, conditional ones included,
    and every derived question (which topic weighs most, own words per topic)."""
    asked: set[str] = set()
    for mode in ("first", "last"):
        walker = Walker(flow, catalogs.get(lang), lang)
        walker.walk(mode)
        asked |= set(walker.asked)
    # A question asked on its partner's screen (work values' room and ability) is reached there.
    asked |= {q.id for q in CONTENT.questions.values() if q.paired_to in asked}
    assert set(CONTENT.questions) <= asked
    for question in CONTENT.questions.values():
        if question.kind == "multi":
            assert f"{question.id}.most" in asked
            assert {f"{question.id}.note.{o}" for o in question.options.options} <= asked


@pytest.mark.parametrize("lang", LANGUAGES)
def test_welcome_and_commands_render_before_consent(flow, catalogs, lang):
    walker = Walker(flow, catalogs.get(lang), lang)
    walker.check(walker.driver.start())
    for name in ("help", "language", "mydata", "nonsense", "restart"):
        walker.send(Command(name))
    walker.tap(walker.tr("ui.btn.no"))  # no restart after all
    walker.tap(walker.tr("ui.btn.consent_no"))
    assert walker.conv.state == "declined"


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_preview_can_jump_to_every_step(core, lang):
    """`python -m bot preview --lang L --step PART` for every part of the content."""
    tr = core.catalogs.get(lang)
    for number, part in enumerate([*CONTENT.parts, None], start=1):
        step = part.id if part else "review"
        await core.jump(number, lang, step)
        conv = core.preparation.conversation(number, lang)
        screens = core.flow.screens_for(conv)
        text = "\n".join(m.text for s in screens for m in render(s, tr))
        assert not LEFTOVER.search(text)
        if part is not None:
            assert current_slot(core.content, conv).question.part == step
        else:
            assert conv.state == "review"


def closing_options() -> dict[str, str]:
    """For each question others depend on, an option that makes them NOT asked."""
    closes: dict[str, str] = {}
    for question in CONTENT.questions.values():
        cond = question.ask_if
        if cond is None:
            continue
        options = CONTENT.questions[cond.question].options.options
        closes[cond.question] = (cond.none_of[0] if cond.none_of
                                 else next(o for o in options if o not in cond.any_of))
    return closes


@pytest.mark.parametrize("lang", LANGUAGES)
def test_progress_never_goes_back_after_back_and_change(flow, catalogs, lang):
    """Forward with the answers that open follow-up questions; at every question others depend
    on, go /back after answering it and change it to an answer that drops them: the question
    shown next never has a lower position (or another count) than the one shown before."""
    closing = closing_options()
    walker = Walker(flow, catalogs.get(lang), lang)
    walker.check(walker.driver.start())
    shown = walker.tap(walker.tr("ui.btn.consent_yes"))
    counts: dict[int, int] = {}
    changed = 0
    for _ in range(300):
        if walker.conv.state != "asking":
            break
        slot = walker.slot()
        shown = walker.answer(slot, "first")
        if slot.id not in closing or walker.conv.state != "asking":
            continue
        before = dict([s for s in shown.screens if s.buttons][-1].lines[0].params)
        walker.send(Command("back"))
        assert walker.slot().id == slot.id
        shown = walker.choose(slot, closing[slot.id])
        if walker.conv.state != "asking":
            break
        after = dict([s for s in shown.screens if s.buttons][-1].lines[0].params)
        changed += 1
        assert (after["part"], after["n"]) >= (before["part"], before["n"]), (before, after)
        if after["part"] == before["part"]:
            assert after["count"] == before["count"], (before, after)
        counts.setdefault(after["part"], after["count"])
        assert counts[after["part"]] == after["count"]
    assert changed >= len(closing)
