"""The summary's sections from the shared answers and the profile JSON: the situation, the
cards, the reading, the work values and every shared answer by part (build.py puts them
together)."""

from __future__ import annotations

from bot.content.model import MOST_SUFFIX, NOTE_SUFFIX, Content
from bot.i18n import Translator
from bot.profile.texts import pro_label
from bot.summary.labels import Labels, lower_first, part_name
from bot.summary.model import (
    ASPECTS,
    CAUTION_CODES,
    EVIDENCE_SHOWN,
    LEVELS,
    SEPARATOR,
    SHOWN_APART,
    Item,
    Reading,
    Section,
    ValueRow,
)
from bot.summary.words import Line


def section(key: str, title: str, qids: tuple[str, ...], answers: dict,
             labels: Labels) -> Section:
    items = [labels.answer(q, answers[q]) for q in qids if q in answers]
    return Section(key, title, tuple(i for i in items if i is not None))


def card(multi: str, answers: dict, labels: Labels) -> Section:
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


def _answered_items(answers: dict, labels: Labels, counted: list) -> tuple[Item, ...]:
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


def by_part(answers: dict, labels: Labels, counted: list) -> tuple[Item, ...]:
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
                (f"{lower_first(item.label)}: ", *item.value))
    order = [p.id for p in labels.content.parts]
    items = []
    for part in sorted(found, key=order.index):
        line: Line = ()
        for n, answer in enumerate(found[part]):
            line = (*line, SEPARATOR, *answer) if n else answer
        items.append(Item(part_name(labels.content, labels.t, part), line))
    return tuple(items)


def reading(profile: dict, labels: Labels, answers: dict) -> Reading:
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
            by_part=by_part(answers, labels, counted) if polite else (),
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
        caution=tuple(r["text"] for r in profile["confidence"].get("reasons", [])
                      if r.get("code") in CAUTION_CODES),
    )


def values(profile: dict) -> tuple[ValueRow, ...]:
    return tuple(
        ValueRow(v["name"], v["category"], v["category_text"],
                 tuple(LEVELS.get(v.get(a) or "", 0) for a in ASPECTS),  # type: ignore[arg-type]
                 tuple(v.get("gaps") or ()))
        for v in profile.get("values", []))


def values_answers(content: Content, answers: dict, labels: Labels) -> tuple[Item, ...]:
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


def all_answers(content: Content, answers: dict, labels: Labels) -> tuple[Section, ...]:
    groups = []
    for part in content.parts:
        if any(q.value for q in part.questions):
            items = values_answers(content, answers, labels)
            if items:
                groups.append(Section(part.id, labels.t(pro_label("part", part.id)), items))
            continue
        slots: list[str] = []
        for q in part.questions:
            slots.append(q.id)
            if q.kind == "multi" and q.options:
                slots.append(q.id + MOST_SUFFIX)
                slots += [f"{q.id}{NOTE_SUFFIX}.{o}" for o in q.options.options]
        found = section(part.id, labels.t(pro_label("part", part.id)), tuple(slots), answers,
                        labels)
        if found.items:
            groups.append(found)
    return tuple(groups)
