"""Drive the pure flow like a client would: tap buttons by their data, type text."""

from __future__ import annotations

from bot.flows import callbacks
from bot.flows.conversation import Conversation, Flow
from bot.flows.events import Command, Event, Start, Text
from bot.flows.screens import Outcome, Screen


class FlowDriver:
    def __init__(self, flow: Flow, lang: str = "nl", chat_id: int = 7):
        self.flow = flow
        self.conv = Conversation(chat_id, lang)
        self.last: Outcome | None = None
        self.tick = 0

    def send(self, event: Event) -> Outcome:
        self.tick += 1
        self.conv, self.last = self.flow.handle(self.conv, event, now=f"t{self.tick:04d}")
        return self.last

    def start(self) -> Outcome:
        return self.send(Start())

    def consent(self) -> Outcome:
        self.start()
        return self.send(callbacks.parse("ok"))

    def tap(self, data: str) -> Outcome:
        return self.send(callbacks.parse(data))

    def text(self, words: str) -> Outcome:
        return self.send(Text(words))

    def command(self, name: str) -> Outcome:
        return self.send(Command(name))

    def screen(self) -> Screen:
        """The latest screen with buttons."""
        with_buttons = [s for s in self.last.screens if s.buttons]
        return with_buttons[-1]

    def buttons(self) -> list[str]:
        return [b.data for row in self.screen().buttons for b in row]

    def slot(self):
        return self.flow._slot(self.conv)

    def answer_current(self, mode: str = "first") -> None:
        """Answer whatever is asked: the first option, a way out, or some words."""
        slot = self.slot()
        if mode in ("skipped", "dont_know", "discuss"):
            self.tap(callbacks.way_out(slot.id, mode))
        elif slot.kind == "choice":
            self.tap(callbacks.choose(slot.id, slot.options(self.conv.answers)[0]))
        elif slot.kind == "multi":
            for option in slot.options(self.conv.answers)[:2]:
                self.tap(callbacks.toggle(slot.id, option))
            self.tap(callbacks.done(slot.id))
        else:
            self.text(f"mijn woorden bij {slot.id}")

    def walk_to_review(self, mode: str = "first", limit: int = 500) -> int:
        steps = 0
        while self.conv.state == "asking":
            self.answer_current(mode)
            steps += 1
            assert steps < limit, "the flow does not end"
        return steps
