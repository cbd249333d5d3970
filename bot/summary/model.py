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
from bot.flows.agenda import AgendaPoint, agenda
from bot.i18n import Translator
from bot.profile.texts import label_id, pro_label
from bot.summary.crisis import crisis_notice
from bot.summary.words import Line, Words, words

WAYS_OUT = ("skipped", "dont_know", "discuss")
LEVELS = {"high": 3, "medium": 2, "low": 1}
ASPECTS = ("important", "room", "able")
DASH = " — "
SEPARATOR = " · "
MULTIS = ("holding", "helping")
# Evidence lines shown for the most likely reading (the profile command lists them all).
EVIDENCE_SHOWN = 5
# Answers the summary shows in their own section (situation, card 3, cards 4 and 5), left out
# of the per-part lines of the polite pattern.
SHOWN_APART = frozenset({"situation", "change", "change_why", "selfview", "selfview_words",
                         *MULTIS, *(m + MOST_SUFFIX for m in MULTIS)})


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
    """The profile's pointer for the conversation: a possibility, how sure, what to do — or,
    with too little to read a pattern, why not, what the client did answer and open questions
    (then `mechanism` is empty and `suggestions` are those questions)."""

    headline: str
    # One short line next to the headline for a client outside the research (WW, other,
    # unknown benefit); empty otherwise.
    caveat: str
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
    # The polite all-positive pattern: what the client answered, one line per part (the
    # message shows these; the PDF lists `evidence` whole). Empty otherwise.
    by_part: tuple[Item, ...] = ()


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
    # Whether the client answered any work-value question (else "not answered", never "no
    # gaps").
    values_answered: bool
    ahead: Section
    values: tuple[ValueRow, ...]
    answers: tuple[Section, ...]  # every shared answer, by part
    # Said first, before the agenda: a shared answer holds crisis words (bot.summary.crisis).
    crisis_notice: str = ""


class _Labels:
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


def _lower_first(label: str) -> str:
    """A short label inside a sentence: "Rondkomen" → "rondkomen", but "UWV …" stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def _part_name(content: Content, t: Translator, part_id: str) -> str:
    """A part by its professional-facing name: the life domain's name where it has one."""
    part = content.part(part_id)
    if part is not None and part.domain:
        return t(pro_label("domain", part.domain))
    return t(pro_label("part", part_id))


def _agenda_line(point: AgendaPoint, answers: dict, labels: _Labels) -> Line:
    """A point as an agenda label: short nouns for the professional, never a question text."""
    t = labels.t
    match point.kind:
        case "own":
            return (t("summary.agenda.own"), " ", labels.words(point.words))
        case "discuss" | "open":
            which = ", ".join(_lower_first(labels.question(q)) for q in point.questions)
            return (t(f"summary.agenda.{point.kind}", part=_part_name(labels.content, t,
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


def _domain_words(domain: str, answers: dict, labels: _Labels) -> list[Line]:
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
    # Marked only when the client was asked and chose it: a single chosen topic was never
    # weighed against others, and a flow that does not ask says nothing about weight.
    marked = answers.get(multi + MOST_SUFFIX)
    most = marked.get("value") if isinstance(marked, dict) and marked.get(
        "status") == "answered" and not marked.get("private") else None
    items = []
    for topic in entry.get("value") or []:
        label = labels.option(multi, topic)
        if topic == most:
            label = t("summary.topic.most", topic=label)
        note = answers.get(f"{multi}{NOTE_SUFFIX}.{topic}")
        value = labels.answer(f"{multi}{NOTE_SUFFIX}.{topic}", note) if note else None
        items.append(Item(label, value.value if value else (), bool(value and value.way_out)))
    return Section(multi, title, tuple(items))


def _caveat(profile: dict, t: Translator) -> str:
    """A short line for a client outside the research or with an unknown benefit."""
    codes = {r.get("code") for r in profile["confidence"].get("reasons", [])}
    if profile.get("outside_research") or "outside_research" in codes:
        return t("summary.reading.outside_research", benefit=profile["benefit"]["label"])
    if "benefit_unknown" in codes:
        return t("summary.reading.benefit_unknown")
    return ""


def _answered_items(answers: dict, labels: _Labels, counted: list) -> tuple[Item, ...]:
    """What the client did answer among the questions that count (no ways out), for a file
    with too little for a pattern: the same answers as "n of m questions that count"."""
    found = []
    for qid in counted:
        entry = answers.get(qid)
        if isinstance(entry, dict) and entry.get("status") == "answered":
            item = labels.answer(qid, entry)
            if item is not None and item.value:
                found.append(item)
    return tuple(found)


def _by_part(answers: dict, labels: _Labels, counted: list) -> tuple[Item, ...]:
    """The counted answers in a few lines, one per part, for a file with (nearly) only
    positive answers; answers the message shows in their own section are left out here."""
    found: dict[str, list[Line]] = {}
    for qid in counted:
        entry = answers.get(qid)
        question = labels.content.question(qid.removesuffix(MOST_SUFFIX))
        if (qid in SHOWN_APART or question is None or not isinstance(entry, dict)
                or entry.get("status") != "answered"):
            continue
        item = labels.answer(qid, entry)
        if item is not None and item.value:  # the few own words there are stay quoted
            found.setdefault(question.part, []).append(
                (f"{_lower_first(item.label)}: ", *item.value))
    order = [p.id for p in labels.content.parts]
    items = []
    for part in sorted(found, key=order.index):
        line: Line = ()
        for n, answer in enumerate(found[part]):
            line = (*line, SEPARATOR, *answer) if n else answer
        items.append(Item(_part_name(labels.content, labels.t, part), line))
    return tuple(items)


def _reading(profile: dict, labels: _Labels, answers: dict) -> Reading:
    t = labels.t
    view = profile["self_view"]
    level = profile["confidence"]["label"]
    reasons = tuple(r["text"] for r in profile["confidence"].get("reasons", []))
    if profile.get("state") == "too_little" or not profile.get("most_likely"):
        why = [t(f"profile.too_little.{w}", answered=profile["confidence"]["answered"],
                 asked=profile["confidence"]["asked"]) for w in profile.get("too_little", [])]
        polite = "polite" in profile.get("too_little", [])
        counted = profile["confidence"].get("counted", [])
        return Reading(
            headline=t("summary.reading.polite" if polite else "summary.reading.too_little",
                       confidence=level),
            caveat=_caveat(profile, t), mechanism_label="", mechanism=" ".join(why),
            self_view_flag=t("summary.flag.same"), self_view=view["text"], differs=False,
            try_label=t("summary.reading.open_questions"),
            suggestions=tuple(q["text"] for q in profile.get("open_questions", [])),
            reasons_label=t("summary.reading.reasons"),
            reasons=tuple(r["text"] for r in profile["confidence"].get("reasons", [])
                          if r.get("code") not in ("thin_evidence", "uniformly_positive")),
            evidence_label=t("summary.reading.answered.polite" if polite
                             else "summary.reading.answered"),
            evidence=_answered_items(answers, labels, counted),
            by_part=_by_part(answers, labels, counted) if polite else (),
        )
    top = profile["most_likely"]
    evidence = [e for e in profile.get("evidence", []) if e.get("towards") == top]
    items = tuple(
        Item(e["question_label"], (e["answer_label"],) if e.get("answer_label")
             else (labels.words(e.get("words") or ""),))
        for e in evidence[:EVIDENCE_SHOWN])
    return Reading(
        headline=t("summary.reading.most_likely", name=profile["most_likely_name"],
                   confidence=level),
        caveat=_caveat(profile, t),
        mechanism_label=t("summary.reading.mechanism"),
        mechanism=(profile.get("mechanism") or {}).get("text", ""),
        self_view_flag=t("summary.flag.differs" if view["differs"] else "summary.flag.same"),
        self_view=view["text"],
        differs=bool(view["differs"]),
        try_label=t("summary.reading.try"),
        suggestions=tuple(s["text"] for s in profile.get("suggestions", [])),
        reasons_label=t("summary.reading.reasons"),
        reasons=reasons,
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
            items.append(Item(labels.t(pro_label("value", value)), (SEPARATOR.join(shown),)))
    return tuple(items)


def _all_answers(content: Content, answers: dict, labels: _Labels) -> tuple[Section, ...]:
    groups = []
    for part in content.parts:
        if any(q.value for q in part.questions):
            items = _values_answers(content, answers, labels)
            if items:
                groups.append(Section(part.id, labels.t(pro_label("part", part.id)), items))
            continue
        slots: list[str] = []
        for q in part.questions:
            slots.append(q.id)
            if q.kind == "multi" and q.options:
                slots.append(q.id + MOST_SUFFIX)
                slots += [f"{q.id}{NOTE_SUFFIX}.{o}" for o in q.options.options]
        section = _section(part.id, labels.t(pro_label("part", part.id)), tuple(slots), answers,
                           labels)
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
        agenda=tuple(_agenda_line(p, answers, labels)
                     for p in agenda(shared, content, removed)),
        situation=_section("situation", t("summary.heading.situation"),
                           ("situation", "change", "change_why"), answers, labels),
        selfview=_section("selfview", t("summary.heading.selfview"),
                          ("selfview", "selfview_words"), answers, labels),
        reading=_reading(profile, labels, answers),
        cards=tuple(_card(m, answers, labels) for m in MULTIS),
        gaps=Section("gaps", t("summary.heading.gaps"), tuple(
            Item(v["name"], (v["category_text"],))
            for v in profile.get("values", []) if v.get("gaps"))),
        values_answered=any(v.get("category") != "not_answered"
                            for v in profile.get("values", [])),
        ahead=_section("ahead", t("summary.heading.ahead"),
                       ("goal", "first_step", "help_needed", "questions"), answers, labels),
        values=_values(profile),
        answers=_all_answers(content, answers, labels),
        crisis_notice=crisis_notice(shared, content, t),
    )
