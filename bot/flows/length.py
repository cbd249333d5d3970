"""How long the client's conversation is, measured on the content rather than guessed.

Two paths are walked through the real flow with the real catalogs:

- buttons-only: a client who never types. Every button question gets its first option (the
  one that keeps follow-up questions coming, so this is the longer path), every open question
  the skip button, every multi-select one topic and "done", and the own words per topic skip.
- typical: a client who answers button questions with a middle option, types a few words at
  every open question, and picks two topics at each multi-select.

For each path it counts taps, question screens and the words read on them (question, intro,
hints and button labels), and turns words into minutes at 150 and 200 words a minute. The
welcome's "about N minutes" comes from `welcome_minutes`, so it changes with the content.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.flows import callbacks
from bot.flows.answers import SKIPPED
from bot.flows.conversation import Conversation, Flow
from bot.flows.events import Event, Start, Text
from bot.flows.plan import find
from bot.flows.screens import Msg, Outcome, Screen
from bot.i18n import Translator

# A word: letters or digits, joined by - ' or / ("3/12" is read as one).
WORD = re.compile(r"[^\W_]+(?:[-'’/][^\W_]+)*", re.UNICODE)
SPEEDS = (150, 200)
# Typing or speaking a few words takes about as long as reading a screen; counted apart.
MINUTES_PER_TYPED_ANSWER = 0.5
TYPED = "..."


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def plain_text(msg: Msg, tr: Translator) -> str:
    """A message in words, as bot.render shows it (without Telegram's layout): for counting
    and for the client's PDF."""
    if msg.raw is not None:
        return msg.raw
    if msg.parts:
        return msg.sep.join(plain_text(p, tr) for p in msg.parts)
    params = {k: plain_text(v, tr) if isinstance(v, Msg) else v for k, v in msg.params}
    return tr(msg.id, **params) if params else tr(msg.id)


@dataclass
class PathLength:
    name: str
    taps: int = 0
    typed: int = 0
    screens: int = 0
    words: int = 0
    welcome_words: int = 0
    overview_words: int = 0

    def minutes(self, wpm: int) -> float:
        return self.words / wpm

    @property
    def total_words(self) -> int:
        return self.words + self.welcome_words + self.overview_words


class _Walk:
    def __init__(self, flow: Flow, tr: Translator, lang: str, name: str):
        self.flow = flow
        self.tr = tr
        self.conv = Conversation(0, lang)
        self.result = PathLength(name)

    def words_of(self, screens: list[Screen]) -> int:
        """Words of the screens' texts and button labels, as the client reads them."""
        total = 0
        for screen in screens:
            total += sum(count_words(plain_text(line, self.tr)) for line in screen.lines)
            total += sum(count_words(plain_text(b.label, self.tr)) for row in screen.buttons
                         for b in row)
        return total

    def send(self, event: Event, *, tap: bool) -> Outcome:
        self.conv, outcome = self.flow.handle(self.conv, event, now="t")
        if tap:
            self.result.taps += 1
        else:
            self.result.typed += 1
        if self.conv.state == "asking":
            asked = [s for s in outcome.screens if s.buttons]
            self.result.screens += len(asked)
            self.result.words += self.words_of(outcome.screens)
        return outcome

    def tap(self, data: str) -> Outcome:
        return self.send(callbacks.parse(data), tap=True)


def walk(flow: Flow, tr: Translator, lang: str, typical: bool) -> PathLength:
    """Walk one path from the welcome to the end of sharing; see the module docstring."""
    w = _Walk(flow, tr, lang, "typical" if typical else "buttons-only")
    conv, welcome = flow.handle(w.conv, Start())
    w.conv = conv
    w.result.welcome_words = w.words_of(welcome.screens)
    w.tap(callbacks.consent(True))
    steps = 0
    while w.conv.state == "asking":
        steps += 1
        if steps > 1000:
            raise RuntimeError("the content walk does not end")
        slots = flow.plan(w.conv.answers)
        slot = slots[find(slots, w.conv.slot)]
        options = slot.options(w.conv.answers)
        if slot.kind == "choice":
            option = options[len(options) // 2] if typical else options[0]
            w.tap(callbacks.choose(slot.id, option))
        elif slot.kind == "multi":
            for option in options[:2 if typical else 1]:
                w.tap(callbacks.toggle(slot.id, option))
            w.tap(callbacks.done(slot.id))
        elif typical:
            w.send(Text(TYPED), tap=False)
        else:
            w.tap(callbacks.way_out(slot.id, SKIPPED))
    shown = flow.screens_for(w.conv)
    w.result.overview_words = w.words_of(shown)
    # Sharing (or finishing without a professional): tap what the overview offers for it.
    while w.conv.state != "done" and steps < 1010:
        steps += 1
        data = [b.data for s in shown for row in s.buttons for b in row]
        step = next((d for d in data if d == callbacks.share(True)), None) or next(
            (d for d in data if d == callbacks.review("share")), None)
        if step is None:
            break
        shown = w.tap(step).screens
    return w.result


def measure(flow: Flow, tr: Translator, lang: str) -> tuple[PathLength, PathLength]:
    return walk(flow, tr, lang, typical=False), walk(flow, tr, lang, typical=True)


def welcome_minutes(flow: Flow, tr: Translator, lang: str) -> int:
    """Minutes the welcome promises: the typical path read at 150 words a minute (welcome and
    overview included) plus time to type, rounded up to a multiple of five."""
    typical = walk(flow, tr, lang, typical=True)
    minutes = typical.total_words / SPEEDS[0] + typical.typed * MINUTES_PER_TYPED_ANSWER
    return max(5, 5 * math.ceil(minutes / 5))


def report(buttons: PathLength, typical: PathLength, promised: int) -> list[str]:
    """The lines `python -m bot content length` prints; the first is for scripts."""
    lines = [f"buttons-only: {buttons.taps} taps, {buttons.words} words"]
    for path in (buttons, typical):
        speeds = ", ".join(f"{path.minutes(wpm):.1f} min at {wpm} wpm" for wpm in SPEEDS)
        typed = f", {path.typed} typed answers" if path.typed else ""
        lines.append(f"{path.name}: {path.taps} taps{typed}, {path.screens} question screens, "
                     f"{path.words} words read ({speeds})")
    lines.append(f"welcome: {buttons.welcome_words} words; overview: "
                 f"{typical.overview_words} words (typical path)")
    lines.append(f"the welcome says: about {promised} minutes")
    return lines

