"""Drive the pure flow like a client would: tap buttons by what they say, type text.

The driver renders every screen with the real catalogs, as the Telegram layer does, so a test
taps "Overslaan" rather than spelling callback data; `tap_data` is kept for the tests where
the data itself is the point (the grammar, stale, foreign or forged buttons).
"""

from __future__ import annotations

from functools import lru_cache

from bot.content.model import Content
from bot.flows import callbacks
from bot.flows.conversation import Conversation, Flow
from bot.flows.events import Command, Event, Start, Text, Voice
from bot.flows.plan import Slot, plan
from bot.flows.screens import Outcome, Screen
from bot.i18n import Catalogs, Translator
from bot.render import render
from tests.answering import Answering, next_step
from tests.fakes import pick


@lru_cache(maxsize=4)
def _catalogs(languages: tuple[str, ...], default: str) -> Catalogs:
    return Catalogs(languages, default)


def current_slot(content: Content, conv: Conversation) -> Slot | None:
    """The question the conversation is at (its `slot`), as the public plan lays it out."""
    return next((s for s in plan(content, conv.answers) if s.id == conv.slot), None)


class FlowDriver:
    def __init__(self, flow: Flow, lang: str = "nl", chat_id: int = 7):
        self.flow = flow
        self.conv = Conversation(chat_id, lang)
        self.last: Outcome | None = None
        # The newest screen with buttons, as it stays on a phone until another replaces it.
        self.keyboard: Screen | None = None
        self.tick = 0

    def send(self, event: Event) -> Outcome:
        self.tick += 1
        self.conv, self.last = self.flow.handle(self.conv, event, now=f"t{self.tick:04d}")
        if self.last.screens:
            with_buttons = [s for s in self.last.screens if s.buttons]
            self.keyboard = with_buttons[-1] if with_buttons else None
        return self.last

    def start(self) -> Outcome:
        return self.send(Start())

    def consent(self) -> Outcome:
        self.start()
        return self.tap(self.tr("ui.btn.consent_yes"))

    @property
    def tr(self) -> Translator:
        return _catalogs(self.flow.content.languages,
                         self.flow.content.default_language).get(self.conv.lang)

    def labelled(self) -> list[tuple[str, str]]:
        """The (label, data) buttons on screen, labels as the client reads them."""
        if self.keyboard is None:
            return []
        rendered = render(self.keyboard, self.tr)
        return [b for row in rendered[-1].buttons for b in row]

    def labels(self) -> list[str]:
        return [label for label, _ in self.labelled()]

    def tap(self, label: str) -> Outcome:
        """Tap a button on screen by what it says (exactly, else the first containing it)."""
        return self.tap_data(pick(self.labelled(), label))

    def tap_anywhere(self, label: str) -> Outcome:
        """Tap `label`, looking behind "more…" first when it is not on screen, as a person
        would (a question shows at most seven buttons)."""
        if not any(label.lower() in text.lower() for text in self.labels()):
            self.tap(self.tr("ui.btn.more"))
        return self.tap(label)

    def skip_until(self, question: str, limit: int = 200) -> None:
        """Skip every question until `question` is on screen."""
        how = Answering(buttons="skipped", words_way_out="skipped")
        for _ in range(limit):
            if self.conv.slot == question and self.conv.state == "asking":
                return
            assert self.step(how), f"{question} was never asked"
        raise AssertionError(f"{question} not reached in {limit} steps")

    def tap_data(self, data: str) -> Outcome:
        """Send raw callback data: only for tests of the data itself (grammar, stale taps)."""
        return self.send(callbacks.parse(data))

    def text(self, words: str) -> Outcome:
        return self.send(Text(words))

    def command(self, name: str) -> Outcome:
        return self.send(Command(name))

    def slot(self) -> Slot | None:
        return current_slot(self.flow.content, self.conv)

    def step(self, how: Answering) -> bool:
        """Answer the question on screen one step `how`; False when none is asked."""
        step = next_step(self.labelled(), how)
        if step is None:
            return False
        if step.voice:
            self.send(Voice(f"voice-{step.question}"))
        elif step.type is not None:
            self.text(step.type)
        else:
            self.tap(step.tap)
        return True

    def answer_current(self, mode: str = "first", how: Answering | None = None) -> Outcome:
        """Answer the question on screen: the first option (two topics of a multi-select),
        a way out (`mode`), or some words — or as `how` says."""
        slot = self.conv.slot
        how = how or Answering(buttons=mode, words="mijn woorden bij {question}",
                               words_way_out=None if mode == "first" else mode)
        for _ in range(20):  # a multi-select takes a few taps, a group of options two
            if self.conv.state not in ("asking", "editing") or self.conv.slot != slot \
                    or not self.step(how):
                return self.last
        raise AssertionError(f"question {slot} does not take an answer")

    def answer_everything(self, how: Answering | None = None, limit: int = 500,
                          **options: object) -> int:
        """Answer every question on screen until none is asked; returns the steps taken."""
        how = how or Answering(**options)
        for steps in range(limit):
            if not self.step(how):
                return steps
        raise AssertionError(f"still asking after {limit} steps")

    def walk_to_review(self, mode: str = "first", limit: int = 500) -> int:
        steps = 0
        while self.conv.state == "asking":
            self.answer_current(mode)
            steps += 1
            assert steps < limit, "the flow does not end"
        return steps
