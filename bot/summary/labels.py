"""Labels in the professional's language: questions, options, ways out, agenda points.

One place names an answer for the professional, so the message, the PDF and a voice note's
caption (bot/chat/deliveries.py) call a question the same.
"""

from __future__ import annotations

from bot.content.model import MOST_SUFFIX, NOTE_SUFFIX, Content
from bot.flows.agenda import AgendaPoint
from bot.i18n import Translator
from bot.profile.texts import label_id, pro_label
from bot.summary.model import DASH, WAYS_OUT, Item
from bot.summary.words import Line, Words, words


class Labels:
    """Question, option and way-out labels in the professional's language."""

    def __init__(self, t: Translator, content: Content, mark: str | None):
        self.t = t
        self.content = content
        self.mark = mark

    def question(self, qid: str) -> str:
        msgid, name, value = label_id(qid)
        if name == "value":
            return self.t(msgid, value=self.t(pro_label("value", value or "")))
        if name == "topic":
            return self.t(msgid, topic=self.option(qid.split(NOTE_SUFFIX + ".")[0], value or ""))
        return self.t(msgid)

    def option(self, qid: str, option: str) -> str:
        """The answer in words for the professional: life domains and work-value levels by
        their own professional-facing names, other options by their label."""
        base = qid.removesuffix(MOST_SUFFIX)
        question = self.content.question(base)
        if question is None or question.options is None:
            return option
        if option not in question.options.options:
            return option
        if question.options.id == "domains":
            return self.t(pro_label("domain", option))
        if qid.startswith("value."):
            return self.t(f"profile.level.{qid.rsplit('.', 1)[-1]}.{option}")
        return self.t(question.options.label_id(option))

    def way_out(self, status: str) -> str:
        return self.t(f"summary.way_out.{status}")

    def words(self, text: str) -> Words:
        return words(text, self.mark)

    def own(self, entry: dict) -> Line:
        """Own words or a voice message, as given."""
        if isinstance(entry.get("value"), str) and entry["value"].strip():
            return (self.words(entry["value"]),)
        if entry.get("voice"):
            return (self.t("summary.voice"),)
        return ()

    def answer(self, qid: str, entry: dict) -> Item | None:
        """The answer as the professional reads it; None for nothing to show."""
        status = entry.get("status")
        label = self.question(qid)
        extra = entry.get("extra") if isinstance(entry.get("extra"), dict) else None
        extra_line = self.own(extra) if extra else ()
        if status in WAYS_OUT:
            line = (self.way_out(status),) + ((DASH, *extra_line) if extra_line else ())
            return Item(label, line, way_out=True)
        if status == "unanswered":
            return Item(label, extra_line) if extra_line else None
        if status != "answered":
            return None
        value = entry.get("value")
        question = self.content.question(qid.removesuffix(MOST_SUFFIX))
        if (question is not None and question.kind == "text") or NOTE_SUFFIX + "." in qid:
            line = self.own(entry)
        elif isinstance(value, list):
            line = (", ".join(self.option(qid, str(v)) for v in value),)
        elif isinstance(value, str):
            line = (self.option(qid, value),)
        else:
            line = self.own(entry)
        if extra_line:
            line = (*line, DASH, *extra_line) if line else extra_line
        return Item(label, line) if line else None


def lower_first(label: str) -> str:
    """A short label inside a sentence: "Rondkomen" → "rondkomen", but "UWV …" stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def part_name(content: Content, t: Translator, part_id: str) -> str:
    """A part by its professional-facing name: the life domain's name where it has one."""
    part = content.part(part_id)
    if part is not None and part.domain:
        return t(pro_label("domain", part.domain))
    return t(pro_label("part", part_id))


def agenda_line(point: AgendaPoint, answers: dict, labels: Labels) -> Line:
    """A point as an agenda label: short nouns for the professional, never a question text."""
    t = labels.t
    match point.kind:
        case "own":
            return (t("summary.agenda.own"), " ", labels.words(point.words))
        case "discuss" | "open":
            which = ", ".join(lower_first(labels.question(q)) for q in point.questions)
            return (t(f"summary.agenda.{point.kind}", part=part_name(labels.content, t,
                                                                       point.part),
                      questions=which),)
        case "help":
            return (t("summary.agenda.help"), " ", *labels.own(answers.get("help_needed", {})))
        case "most":
            side = "both" if len(point.questions) > 1 else point.questions[0]
            line: Line = (t(f"summary.agenda.most.{side}", topic=t(pro_label(
                "domain", point.topic))),)
            notes: list[Line] = []
            for multi in point.questions:
                note = answers.get(f"{multi}{NOTE_SUFFIX}.{point.topic}")
                own = labels.own(note) if note and note.get("status") == "answered" else ()
                if own:
                    notes.append(own)
            if not notes:
                notes = _domain_words(point.topic, answers, labels)[:1]
            for n, own in enumerate(notes):
                line = (*line, DASH if n == 0 else "; ", *own)
            return line
    return (t("summary.agenda.questions"), " ", *labels.own(answers.get("questions", {})))


def _domain_words(domain: str, answers: dict, labels: Labels) -> list[Line]:
    """The client's own words in the part of a life domain (typed beside a button or as an
    answer), in content order: what makes a "keeps it this way / could help" point concrete
    when the client wrote nothing on the card itself."""
    found: list[Line] = []
    for part in labels.content.parts:
        if part.domain != domain:
            continue
        for question in part.questions:
            entry = answers.get(question.id)
            if not isinstance(entry, dict):
                continue
            for said in (entry if question.kind == "text" else None, entry.get("extra")):
                if isinstance(said, dict) and said.get("status") == "answered":
                    own = labels.own(said)
                    if own:
                        found.append(own)
    return found
