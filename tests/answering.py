"""How a test client answers a question it sees, decided from the screen alone.

Both test clients — `tests.fakes.TelegramClient` (through the real Application) and
`tests.driver.FlowDriver` (the pure flow) — answer "every question" the way a person would:
look at the buttons on the newest message, tap one or type some words. `next_step` is that
decision, made from the labelled buttons only; it reads what a button means through the
bot's own callback grammar (`callbacks.parse`), so the tests never spell callback data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.flows import callbacks
from bot.flows.events import Choose, DoneChoosing, Event, More, Toggle, WayOut
from bot.render import CHECK

WAYS_OUT = ("skipped", "dont_know", "discuss")


@dataclass(frozen=True)
class Answering:
    """How to answer: `buttons` is "first" (the first answer button; `topics` topics of a
    multi-select, then done), "last" (the last ones) or a way out ("skipped", "dont_know",
    "discuss") tapped on every question with answer buttons. Where words are asked, `words`
    is typed: a text with `{question}` in it, or a function of the question id;
    `words_way_out` taps that way out there instead. `say` gives the words for some of those
    questions, `voice_at` sends a voice note at some questions (of any kind) instead."""

    buttons: str = "first"
    topics: int = 2
    words: str | Callable[[str], str] = "Mijn eigen woorden bij {question}."
    words_way_out: str | None = None
    say: dict[str, str] = field(default_factory=dict)
    voice_at: tuple[str, ...] = ()

    def words_for(self, question: str) -> str:
        if question in self.say:
            return self.say[question]
        if callable(self.words):
            return self.words(question)
        return self.words.format(question=question)


@dataclass(frozen=True)
class Step:
    """One thing the client does: tap a button (by its label), type words, or send a voice
    note; `question` is the question on screen."""

    question: str
    tap: str | None = None
    type: str | None = None
    voice: bool = False


def _event(data: str) -> Event:
    return callbacks.parse(data)


def labels_of(buttons: list[tuple[str, str]], *kinds: type) -> list[str]:
    """The labels of the buttons that do one of these things (`Choose`, `Toggle`, …)."""
    return [label for label, data in buttons if isinstance(_event(data), kinds)]


def question_on_screen(buttons: list[tuple[str, str]]) -> str | None:
    """The id of the question these buttons belong to, or None when they are not a question
    (the consent, the review, the question whether to share)."""
    for _, data in buttons:
        event = _event(data)
        if isinstance(event, (WayOut, Choose, Toggle, DoneChoosing)) or (
                isinstance(event, More) and event.view):
            return event.slot
    return None


def next_step(buttons: list[tuple[str, str]], how: Answering) -> Step | None:
    """What a client answering `how` does next on a keyboard of (label, data) buttons; None
    when no question is asked."""
    question = question_on_screen(buttons)
    if question is None:
        return None
    events = [(label, _event(data)) for label, data in buttons]
    if question in how.voice_at:
        return Step(question, voice=True)
    choices = [label for label, e in events if isinstance(e, Choose)]
    groups = [label for label, e in events if isinstance(e, More) and e.view not in ("", "more")]
    toggles = [(label, label.startswith(CHECK)) for label, e in events if isinstance(e, Toggle)]
    done = [label for label, e in events if isinstance(e, DoneChoosing)]
    # Behind "more…" the ways out stand alone, with "‹ answers" to go back to the options.
    back = [label for label, e in events if isinstance(e, More) and e.view == ""]
    has_buttons = bool(choices or groups or toggles or back)
    if not has_buttons and question in how.say:
        return Step(question, type=how.say[question])
    way_out = (how.buttons if how.buttons in WAYS_OUT else None) if has_buttons \
        else how.words_way_out
    if way_out:
        wanted = [label for label, e in events if isinstance(e, WayOut) and e.status == way_out]
        if wanted:
            return Step(question, tap=wanted[0])
        more = [label for label, e in events if isinstance(e, More) and e.view == "more"]
        assert more, f"no way out {way_out!r} on {[label for label, _ in buttons]}"
        return Step(question, tap=more[0])
    if not has_buttons:
        return Step(question, type=how.words_for(question))
    last = how.buttons == "last"
    if toggles:
        ticked = sum(checked for _, checked in toggles)
        unticked = [label for label, checked in toggles if not checked][::-1 if last else 1]
        if ticked < how.topics and unticked:
            return Step(question, tap=unticked[0])
        return Step(question, tap=done[0])
    if not (choices or groups):
        return Step(question, tap=back[0])
    # The first (last) answer button: an option, or a group of options behind one button.
    answers = [label for label, _ in events if label in choices + groups]
    return Step(question, tap=answers[-1 if last else 0])
