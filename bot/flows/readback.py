"""How answers read back to the client: one answer, one line, every part (screens only).

Used by the question screen ("your answer now"), the overview and a part's review, /mydata
shown in the chat and the client's own PDF (bot/summary/mine.py, through `Flow.answer_text`).
Nothing here changes a conversation.
"""

from __future__ import annotations

from bot.content.model import SHORT_SUFFIX, Content
from bot.flows.answers import DISCUSS, DONT_KNOW, EXTRA_SUFFIX, SKIPPED, Answer
from bot.flows.machine import Conversation
from bot.flows.plan import Slot
from bot.flows.screens import Msg

# Own words longer than this are cut (with …) in the overview; /mydata has them whole.
SHORT_WORDS = 160
# … and words typed beside a button answer after this many.
SHORT_EXTRA = 60
WAY_OUT_LABELS = {SKIPPED: "ui.btn.skip", DONT_KNOW: "ui.btn.dont_know", DISCUSS: "ui.btn.discuss"}
ANSWER_LABELS = {SKIPPED: "ui.answer.skipped", DONT_KNOW: "ui.answer.dont_know",
                 DISCUSS: "ui.answer.discuss"}


def question_text(slot: Slot, asked: bool = False) -> Msg:
    """The question as asked (`asked`: two aspects on one screen read as one question) or the
    question an answer belongs to (each aspect's own question, for the client's copy)."""
    if slot.question.value:
        text_id = slot.text_id if asked else slot.question.text_id
        return Msg.of(text_id, value=Msg.of(f"value.{slot.question.value}"))
    if slot.role == "note":
        return Msg.of(slot.text_id, topic=Msg.of(slot.question.options.label_id(slot.topic)))
    return Msg.of(slot.text_id)


def answer_text(slot: Slot, answer: Answer | None, short: bool = False,
                limit: int = 0) -> Msg:
    """How an answer reads back to the client (review, closed questions); `short` cuts
    long own words for the overview (they are kept whole, and /mydata shows them)."""
    if answer is None:
        return Msg.of("ui.answer.empty")
    if answer.status in WAY_OUT_LABELS:
        shown = Msg.of(ANSWER_LABELS[answer.status])
    elif answer.voice and not answer.value:
        shown = Msg.of("ui.answer.voice")
    elif isinstance(answer.value, list):
        labels = [option_label(slot, o) for o in answer.value]
        shown = Msg.join(*labels, sep=", ")
    elif slot.kind == "choice":
        shown = option_label(slot, str(answer.value))
    else:
        words = str(answer.value or "")
        limit = limit or SHORT_WORDS
        if short and len(words) > limit:
            words = words[:limit].rsplit(" ", 1)[0] + " …"
        shown = Msg.text(words)
    if answer.private:
        shown = Msg.join(shown, Msg.of("ui.answer.private"), sep=" ")
    return shown


def option_label(slot: Slot, option: str) -> Msg:
    pair = slot.question.pair
    if pair is not None and slot.role == "ask" and option in pair.options.options:
        return Msg.of(pair.options.label_id(option))
    oset = slot.question.options
    if oset is None or option not in oset.options:
        return Msg.text(option)
    return Msg.of(oset.label_id(option))


def answer_line(conv: Conversation, slot: Slot, short: bool = False) -> Msg:
    label = edit_label(slot) if short else question_text(slot)
    answer = answer_text(slot, conv.answers.get(slot.id), short=short)
    line = Msg.join(Msg.text("•"), Msg.join(label, answer, sep=": " if short else " → "),
                    sep=" ")
    extra = conv.answers.get(slot.id + EXTRA_SUFFIX)
    if extra:
        line = Msg.join(line, Msg.text("  +"), answer_text(
            Slot(slot.id, slot.question, "note"), extra,
            short=short, limit=SHORT_EXTRA), sep=" ")
    return line


def edit_label(slot: Slot) -> Msg:
    """A work-value question needs its value beside the aspect to be told apart."""
    if slot.question.value:
        return Msg.join(Msg.of(f"value.{slot.question.value}"), short_label(slot), sep=": ")
    return short_label(slot)


def short_label(slot: Slot) -> Msg:
    if slot.role == "note":
        return Msg.of(slot.text_id + SHORT_SUFFIX,
                      topic=Msg.of(slot.question.options.label_id(slot.topic)))
    return Msg.of(slot.question.text_id + SHORT_SUFFIX if slot.role == "ask"
                  else slot.text_id + SHORT_SUFFIX)


def all_answers(content: Content, conv: Conversation, slots: list[Slot],
                short: bool = False) -> list[Msg]:
    """Every part with its answers, as the client reads them back: one block per part
    (short labels in the overview; the questions themselves for /mydata)."""
    lines: list[Msg] = []
    for part in content.parts:
        mine = [s for s in slots if s.question.part == part.id]
        title = Msg.of("ui.review.part", title=Msg.of(part.title_id))
        statuses = {(conv.answers.get(s.id).status if s.id in conv.answers else "")
                    for s in mine}
        extras = any(s.id + EXTRA_SUFFIX in conv.answers for s in mine)
        if short and len(statuses) == 1 and statuses <= set(WAY_OUT_LABELS) and not extras:
            # A whole part left out reads as one line.
            lines.append(Msg.join(title, Msg.of(ANSWER_LABELS[statuses.pop()]), sep=": "))
            continue
        if short and part.id in values_parts(content):
            body = value_lines(content, conv, mine)
        else:
            body = [answer_line(conv, s, short=short) for s in mine]
        lines.append(Msg.join(title, *body, sep="\n"))
    return lines


def values_parts(content: Content) -> set[str]:
    """The parts that ask work values (the seven are split over two parts)."""
    return {q.part for q in content.questions.values() if q.value}


def value_lines(content: Content, conv: Conversation, slots: list[Slot]) -> list[Msg]:
    """Work values in the overview: one line per value with its three aspects."""
    lines: list[Msg] = []
    for value in content.values:
        mine = [s for s in slots if s.question.value == value]
        if not mine:
            continue  # asked in the other values part
        parts = [Msg.join(Msg.of(s.question.text_id + SHORT_SUFFIX),
                          answer_text(s, conv.answers.get(s.id)), sep=": ")
                 for s in mine]
        # Own words typed beside a value's buttons show here too (shortened).
        parts += [Msg.join(Msg.text("+"), answer_text(
            Slot(s.id, s.question, "note"), conv.answers[s.id + EXTRA_SUFFIX],
            short=True, limit=SHORT_EXTRA), sep=" ")
            for s in mine if s.id + EXTRA_SUFFIX in conv.answers]
        lines.append(Msg.join(Msg.text("•"), Msg.join(Msg.of(f"value.{value}"),
                                                      Msg.join(*parts, sep=", "),
                                                      sep=" — "), sep=" "))
    return lines
