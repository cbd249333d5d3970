"""What the professional receives, as data: one `Summary` that the message and the PDF render.

Building it once keeps the Telegram message and the printed page saying the same thing in the
same order. Everything here is already in the professional's language except the client's own
words, which stay `Words` values (see words.py) so each renderer can quote and escape them.
The input is the *shared* document (shared.py) and the profile JSON built from that same
document, so nothing the client kept for themselves can reach this point.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from bot.content.model import MOST_SUFFIX, NOTE_SUFFIX, Content
from bot.export import upgrade_answers
from bot.i18n import Translator
from bot.profile.texts import label_id
from bot.summary.agenda import AgendaPoint, agenda, weighs_most
from bot.summary.words import Line, Words, words

WAYS_OUT = ("skipped", "dont_know", "discuss")
LEVELS = {"high": 3, "medium": 2, "low": 1}
ASPECTS = ("important", "room", "able")
DASH = " — "
SEPARATOR = " · "
MULTIS = ("holding", "helping")
# Evidence lines shown for the most likely reading (the profile command lists them all).
EVIDENCE_SHOWN = 5


@dataclass(frozen=True)
class Item:
    """One answer or fact: a short label and its value (our texts and/or the client's words)."""

    label: str
    value: Line = ()
    way_out: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Reading:
    """The profile's pointer for the conversation: a possibility, how sure, what to do."""

    headline: str
    mechanism_label: str
    mechanism: str
    self_view_flag: str
    self_view: str
    differs: bool
    try_label: str
    suggestions: tuple[str, ...]
    reasons_label: str
    reasons: tuple[str, ...]
    evidence_label: str
    evidence: tuple[Item, ...]


@dataclass(frozen=True)
class ValueRow:
    name: str
    category: str
    category_text: str
    levels: tuple[int, int, int]  # importance, room, ability: 3 high … 1 low, 0 not answered
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    lang: str
    mark: str | None  # the answers' language when it differs from the professional's
    language_note: str | None
    benefit: str
    agenda: tuple[Line, ...]
    situation: Section
    selfview: Section
    reading: Reading
    cards: tuple[Section, ...]  # what keeps it this way, what could help
    gaps: Section
    ahead: Section
    values: tuple[ValueRow, ...]
    answers: tuple[Section, ...]  # every shared answer, by part


class _Labels:
    """Question, option and way-out labels in the professional's language."""

    def __init__(self, t: Translator, content: Content, mark: str | None):
        self.t = t
        self.content = content
        self.mark = mark

    def question(self, qid: str) -> str:
        msgid, name, value = label_id(qid)
        if name == "value":
            return self.t(msgid, value=self.t(f"value.{value}"))
        if name == "topic":
            return self.t(msgid, topic=self.option(qid.split(NOTE_SUFFIX + ".")[0], value or ""))
        return self.t(msgid)

    def option(self, qid: str, option: str) -> str:
        base = qid.removesuffix(MOST_SUFFIX)
        question = self.content.question(base)
        if question is None or question.options is None:
            return option
        if option not in question.options.options:
            return option
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


def _mark(answers_lang: object, lang: str) -> str | None:
    return answers_lang if isinstance(answers_lang, str) and answers_lang != lang else None


def _language_note(t: Translator, mark: str | None, lang: str) -> str | None:
    if mark is None:
        return None
    try:
        name = Locale.parse(mark).get_display_name(lang) or mark
    except (ValueError, UnknownLocaleError):
        name = mark
    return t("summary.meta.language", language=name, lang=mark)


def _agenda_line(point: AgendaPoint, answers: dict, labels: _Labels) -> Line:
    t = labels.t
    if point.kind == "discuss":
        return (t("summary.agenda.discuss", question=labels.question(point.question)),)
    if point.kind == "most":
        topic = labels.option(point.question, point.topic)
        line: Line = (t(f"summary.agenda.most.{point.question}", topic=topic),)
        note = answers.get(f"{point.question}{NOTE_SUFFIX}.{point.topic}")
        own = labels.own(note) if note and note.get("status") == "answered" else ()
        return (*line, DASH, *own) if own else line
    if point.kind == "questions":
        return (t("summary.agenda.questions"), " ", *labels.own(answers.get("questions", {})))
    entry = answers.get(point.question, {})
    return (t("summary.agenda.open", question=labels.question(point.question),
              status=labels.way_out(entry.get("status", "skipped"))),)


def _section(key: str, title: str, qids: tuple[str, ...], answers: dict,
             labels: _Labels) -> Section:
    items = [labels.answer(q, answers[q]) for q in qids if q in answers]
    return Section(key, title, tuple(i for i in items if i is not None))


def _card(multi: str, answers: dict, labels: _Labels) -> Section:
    """Card 4 or 5: the chosen topics, the one that weighs most, the client's words on each."""
    t = labels.t
    title = t(f"summary.heading.{multi}")
    entry = answers.get(multi)
    if not entry:
        return Section(multi, title, ())
    if entry.get("status") != "answered":
        item = labels.answer(multi, entry)
        return Section(multi, title, (item,) if item else ())
    most = weighs_most(answers, multi)
    items = []
    for topic in entry.get("value") or []:
        label = labels.option(multi, topic)
        if topic == most:
            label = t("summary.topic.most", topic=label)
        note = answers.get(f"{multi}{NOTE_SUFFIX}.{topic}")
        value = labels.answer(f"{multi}{NOTE_SUFFIX}.{topic}", note) if note else None
        items.append(Item(label, value.value if value else (), bool(value and value.way_out)))
    return Section(multi, title, tuple(items))


def _reading(profile: dict, labels: _Labels) -> Reading:
    t = labels.t
    top = profile["most_likely"]
    evidence = [e for e in profile.get("evidence", []) if e.get("towards") == top]
    items = tuple(
        Item(e["question_label"], (e["answer_label"],) if e.get("answer_label")
             else (labels.words(e.get("words") or ""),))
        for e in evidence[:EVIDENCE_SHOWN])
    view = profile["self_view"]
    return Reading(
        headline=t("summary.reading.most_likely", name=profile["most_likely_name"],
                   confidence=profile["confidence"]["label"]),
        mechanism_label=t("summary.reading.mechanism"),
        mechanism=profile["mechanism"]["text"],
        self_view_flag=t("summary.flag.differs" if view["differs"] else "summary.flag.same"),
        self_view=view["text"],
        differs=bool(view["differs"]),
        try_label=t("summary.reading.try"),
        suggestions=tuple(s["text"] for s in profile.get("suggestions", [])),
        reasons_label=t("summary.reading.reasons"),
        reasons=tuple(r["text"] for r in profile["confidence"].get("reasons", [])),
        evidence_label=t("summary.reading.evidence"),
        evidence=items,
    )


def _values(profile: dict) -> tuple[ValueRow, ...]:
    return tuple(
        ValueRow(v["name"], v["category"], v["category_text"],
                 tuple(LEVELS.get(v.get(a) or "", 0) for a in ASPECTS),  # type: ignore[arg-type]
                 tuple(v.get("gaps") or ()))
        for v in profile.get("values", []))


def _values_answers(content: Content, answers: dict, labels: _Labels) -> tuple[Item, ...]:
    """The work-value answers, one compact line per value (the chart shows them too)."""
    items = []
    for value in content.values:
        shown = []
        for aspect in content.value_aspects:
            qid = f"value.{value}.{aspect}"
            item = labels.answer(qid, answers[qid]) if qid in answers else None
            if item is not None:
                text = "".join(p for p in item.value if isinstance(p, str))
                shown.append(labels.t("summary.values.answer", aspect=labels.t(
                    f"summary.aspect.{aspect}"), answer=text))
        if shown:
            items.append(Item(labels.t(f"value.{value}"), (SEPARATOR.join(shown),)))
    return tuple(items)


def _all_answers(content: Content, answers: dict, labels: _Labels) -> tuple[Section, ...]:
    groups = []
    for part in content.parts:
        if any(q.value for q in part.questions):
            items = _values_answers(content, answers, labels)
            if items:
                groups.append(Section(part.id, labels.t(part.title_id), items))
            continue
        slots: list[str] = []
        for q in part.questions:
            slots.append(q.id)
            if q.kind == "multi" and q.options:
                slots.append(q.id + MOST_SUFFIX)
                slots += [f"{q.id}{NOTE_SUFFIX}.{o}" for o in q.options.options]
        section = _section(part.id, labels.t(part.title_id), tuple(slots), answers, labels)
        if section.items:
            groups.append(section)
    return tuple(groups)


def build_summary(shared: dict, profile: dict, *, translator: Translator, content: Content,
                  removed: tuple[str, ...] | list[str] = ()) -> Summary:
    """The summary of a shared answers document and its profile (JSON), in the translator's
    language. `removed`: agenda point ids the client took off at review."""
    t = translator
    lang = translator.lang
    shared = upgrade_answers(shared, content)  # older content versions read as today's
    mark = _mark(shared.get("language"), lang)
    labels = _Labels(t, content, mark)
    answers: dict = shared.get("answers", {})
    return Summary(
        lang=lang,
        mark=mark,
        language_note=_language_note(t, mark, lang),
        benefit=profile["benefit"]["label"],
        agenda=tuple(_agenda_line(p, answers, labels) for p in agenda(shared, removed)),
        situation=_section("situation", t("summary.heading.situation"),
                           ("situation", "change", "change_why"), answers, labels),
        selfview=_section("selfview", t("summary.heading.selfview"),
                          ("selfview", "selfview_words"), answers, labels),
        reading=_reading(profile, labels),
        cards=tuple(_card(m, answers, labels) for m in MULTIS),
        gaps=Section("gaps", t("summary.heading.gaps"), tuple(
            Item(v["name"], (v["category_text"],))
            for v in profile.get("values", []) if v.get("gaps"))),
        ahead=_section("ahead", t("summary.heading.ahead"),
                       ("goal", "first_step", "help_needed", "questions"), answers, labels),
        values=_values(profile),
        answers=_all_answers(content, answers, labels),
    )
