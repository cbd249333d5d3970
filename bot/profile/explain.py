"""Put the pieces together into a `Profile` with every text in the professional's language.

The Profile is a frozen value: codes for machines (`most_likely`, rule ids, categories) next to
translated sentences for people, so the CLI, the JSON and the professional's summary all show
the same thing. `to_json` gives the documented, versioned shape (docs/profile-format.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.content.model import Content
from bot.i18n import Translator
from bot.profile.confidence import Confidence, SelfView, assess, leading, self_view
from bot.profile.reading import Notice, read_answers
from bot.profile.rules import Rules
from bot.profile.stagnation import Contribution, Scores, fits, score
from bot.profile.texts import label_id, pro_label
from bot.profile.values import ValueReading, read_values

FORMAT = "voorbereid.profile"
VERSION = 2
READING, TOO_LITTLE = "reading", "too_little"


def _r(value: float) -> float:
    return round(value, 3)


@dataclass(frozen=True)
class ScoreLine:
    id: str
    name: str
    score: float
    evidence: float
    share: float


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class ConfidenceView:
    level: str
    label: str
    reasons: tuple[Reason, ...]
    answered: int
    asked: int
    # The answered questions behind `answered`, in content order (what "n of m" counted).
    counted: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceItem:
    rule: str
    question: str
    question_label: str
    option: str | None
    answer_label: str | None
    words: str | None
    extra: bool
    towards: str
    towards_name: str
    weight: float
    base_weight: float
    benefit_factor: float
    capped: bool
    rationale: str
    source: str


@dataclass(frozen=True)
class SelfViewView:
    choice: str | None
    choice_label: str | None
    points_to: str | None
    others_point_to: str | None
    differs: bool
    text: str
    # Card 3 alone would have put its outcome first; the reading follows the other answers.
    outweighed: bool = False


@dataclass(frozen=True)
class ValueItem:
    value: str
    name: str
    category: str
    category_text: str
    important: str | None
    room: str | None
    able: str | None
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class WarningItem:
    code: str
    params: tuple[tuple[str, str], ...]
    text: str


@dataclass(frozen=True)
class Profile:
    language: str
    answers_language: str | None
    include_private: bool
    benefit: str | None
    benefit_source: str | None
    benefit_label: str
    # "reading" (a possible pattern is named) or "too_little" (no label, no suggestions).
    state: str
    # Why there is too little ("thin", "polite"); empty for a reading.
    too_little: tuple[str, ...]
    most_likely: str | None
    most_likely_name: str | None
    scores: tuple[ScoreLine, ...]
    confidence: ConfidenceView
    evidence: tuple[EvidenceItem, ...]
    self_view: SelfViewView
    mechanism: str | None
    suggestions: tuple[tuple[str, str], ...]
    open_questions: tuple[tuple[str, str], ...]
    outside_research: bool
    values: tuple[ValueItem, ...]
    warnings: tuple[WarningItem, ...]
    content_version: int
    rules_version: int

    def to_json(self) -> dict:
        """The documented shape (docs/profile-format.md, version 1)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "language": self.language,
            "answers_language": self.answers_language,
            "content_version": self.content_version,
            "rules_version": self.rules_version,
            "include_private": self.include_private,
            "benefit": {"id": self.benefit, "source": self.benefit_source,
                        "label": self.benefit_label},
            "state": self.state,
            "too_little": list(self.too_little),
            "most_likely": self.most_likely,
            "most_likely_name": self.most_likely_name,
            "outside_research": self.outside_research,
            "scores": [{"id": s.id, "name": s.name, "score": _r(s.score),
                        "evidence": _r(s.evidence), "share": _r(s.share)} for s in self.scores],
            "confidence": {
                "level": self.confidence.level,
                "label": self.confidence.label,
                "reasons": [{"code": r.code, "text": r.text} for r in self.confidence.reasons],
                "answered": self.confidence.answered,
                "asked": self.confidence.asked,
                "counted": list(self.confidence.counted),
            },
            "evidence": [{
                "rule": e.rule, "question": e.question, "question_label": e.question_label,
                "option": e.option, "answer_label": e.answer_label, "words": e.words,
                "extra": e.extra, "towards": e.towards, "towards_name": e.towards_name,
                "weight": _r(e.weight), "base_weight": _r(e.base_weight),
                "benefit_factor": _r(e.benefit_factor), "capped": e.capped,
                "rationale": e.rationale, "source": e.source,
            } for e in self.evidence],
            "self_view": {
                "choice": self.self_view.choice, "choice_label": self.self_view.choice_label,
                "points_to": self.self_view.points_to,
                "others_point_to": self.self_view.others_point_to,
                "differs": self.self_view.differs, "text": self.self_view.text,
                "outweighed": self.self_view.outweighed,
            },
            "mechanism": ({"id": self.most_likely, "text": self.mechanism}
                          if self.mechanism else None),
            "suggestions": [{"key": key, "text": text} for key, text in self.suggestions],
            "open_questions": [{"key": key, "text": text} for key, text in self.open_questions],
            "values": [{
                "value": v.value, "name": v.name, "category": v.category,
                "category_text": v.category_text, "important": v.important, "room": v.room,
                "able": v.able, "gaps": list(v.gaps),
            } for v in self.values],
            "warnings": [{"code": w.code, "params": dict(w.params), "text": w.text}
                         for w in self.warnings],
        }


class _Texts:
    """Lookups shared by the pieces below (one translator, the content and the rules)."""

    def __init__(self, t: Translator, content: Content, rules: Rules):
        self.t = t
        self.content = content
        self.rules = rules

    def outcome(self, outcome: str | None) -> str:
        return self.t(f"profile.outcome.{outcome}") if outcome else ""

    def benefit(self, benefit: str | None) -> str:
        if benefit is None or benefit == "rather_not_say":
            return self.t("profile.benefit.unknown")
        return self.t(f"opt.benefit.{benefit}")

    def option(self, qid: str, option: str) -> str:
        slot = self.rules.slots.get(qid)
        if not slot or not slot.option_set:
            return option
        if slot.option_set == "domains":
            return self.t(pro_label("domain", option))
        if qid.startswith("value."):
            return self.t(f"profile.level.{qid.rsplit('.', 1)[-1]}.{option}")
        return self.t(f"opt.{slot.option_set}.{option}")

    def question(self, qid: str) -> str:
        msgid, name, value = label_id(qid)
        if name == "value":
            return self.t(msgid, value=self.t(pro_label("value", value or "")))
        if name == "topic":
            base = qid.split(".note.")[0]
            return self.t(msgid, topic=self.option(base, value or ""))
        return self.t(msgid)


def _evidence(texts: _Texts, item: Contribution) -> EvidenceItem:
    label = texts.question(item.question)
    if item.extra:
        label = texts.t("profile.evidence.extra", question=label)
    return EvidenceItem(
        rule=item.rule, question=item.question, question_label=label, option=item.option,
        answer_label=texts.option(item.question, item.option) if item.option else None,
        words=item.words, extra=item.extra, towards=item.towards,
        towards_name=texts.outcome(item.towards), weight=item.weight,
        base_weight=item.base_weight, benefit_factor=item.factor, capped=item.capped,
        rationale=texts.t(f"profile.rule.{item.rule}"), source=item.source,
    )


def _confidence(texts: _Texts, confidence: Confidence) -> ConfidenceView:
    reasons = []
    for reason in confidence.reasons:
        params = dict(reason.params)
        msgid = f"profile.reason.{reason.code}"
        if reason.code == "order_open" and params.get("open") == "0":
            # Every question that counts is answered: only own words could still add.
            msgid = "profile.reason.order_open.words"
        if reason.code == "top_two_close":
            params = {k: texts.outcome(v) for k, v in params.items()}
        elif reason.code == "order_open":
            params = {"first": texts.outcome(params["first"]), "open": params["open"],
                      "count": params["open"]}
        elif reason.code == "outside_research":
            params = {"benefit": texts.benefit(params.get("benefit"))}
        reasons.append(Reason(reason.code, texts.t(msgid, **params)))
    return ConfidenceView(confidence.level, texts.t(f"profile.confidence.{confidence.level}"),
                          tuple(reasons), confidence.answered, confidence.asked)


def _self_view(texts: _Texts, view: SelfView, outweighed: bool,
               named: bool = True) -> SelfViewView:
    label = texts.option("selfview", view.choice) if view.choice else None
    differs = view.differs or outweighed
    if view.choice is None or view.own is None:
        text = texts.t("profile.self_view.none")
    elif not named:
        # No pattern is named, so the choice is not compared with one either.
        text = texts.t("profile.self_view.only", choice=label)
    elif view.others is None:
        text = texts.t("profile.self_view.no_others", choice=label, own=texts.outcome(view.own))
    elif differs:
        text = texts.t("profile.self_view.differs", choice=label, own=texts.outcome(view.own),
                       others=texts.outcome(view.others))
    else:
        text = texts.t("profile.self_view.same", choice=label, own=texts.outcome(view.own))
    return SelfViewView(view.choice, label, view.own, view.others, differs, text, outweighed)


def _value(texts: _Texts, item: ValueReading) -> ValueItem:
    """One value for the professional; with both gaps the text names both (little room and
    not within reach), not only the first."""
    key = "no_room_out_of_reach" if len(item.gaps) > 1 else item.category
    return ValueItem(item.value, texts.t(pro_label("value", item.value)), item.category,
                     texts.t(f"profile.category.{key}"), item.important, item.room,
                     item.able, item.gaps)


def _warning(texts: _Texts, notice: Notice) -> WarningItem:
    return WarningItem(notice.code, notice.params,
                       texts.t(f"profile.warning.{notice.code}", **dict(notice.params)))


def _by_weight(rules: Rules, scores: Scores, top: str) -> list[Contribution]:
    """Evidence for the outcome the reading names first, heaviest first, then in question
    order."""
    order = [top, *(o for o in scores.ranking if o != top)]
    place = {outcome: index for index, outcome in enumerate(order)}
    return sorted(scores.contributions, key=lambda c: (
        place[c.towards], -c.weight, rules.order[c.question], c.rule))


def build_profile(doc: object, *, content: Content, rules: Rules, translator: Translator,
                  include_private: bool = False) -> Profile:
    """The profile of one answers document. Pure: same input, same output; no I/O.

    `include_private=False` (the professional's profile) drops every answer the client kept
    "only for me" before anything is scored or quoted; True is only for the client's own copy.
    Raises ProfileInputError (one line) for a malformed document."""
    reading = read_answers(doc, content, rules, include_private=include_private)
    scores: Scores = score(rules, reading)
    texts = _Texts(translator, content, rules)
    top = leading(rules, scores)
    confidence = assess(rules, reading, scores, top)
    named = None if confidence.too_little else top
    kind = "polite" if confidence.too_little == ("polite",) else "thin"
    asked = rules.open_questions.get(kind, ()) if confidence.too_little else ()
    questions = tuple(k for k in asked if fits(rules, reading, f"open_question.{k}"))
    lines = tuple(ScoreLine(o, texts.outcome(o), scores.score(o, rules.scale),
                            scores.evidence[o], scores.share(o)) for o in scores.ranking)
    return Profile(
        language=translator.lang,
        answers_language=reading.language,
        include_private=include_private,
        benefit=reading.benefit,
        benefit_source=reading.benefit_source,
        benefit_label=texts.benefit(reading.benefit),
        state=TOO_LITTLE if confidence.too_little else READING,
        too_little=confidence.too_little,
        most_likely=named,
        most_likely_name=texts.outcome(named) if named else None,
        scores=lines,
        confidence=replace(_confidence(texts, confidence), counted=tuple(
            q for q in rules.signal_questions if reading.answered(q))),
        evidence=tuple(_evidence(texts, c) for c in _by_weight(rules, scores, top)),
        self_view=_self_view(texts, self_view(rules, reading, scores),
                             scores.ranking[0] != top, named is not None),
        mechanism=translator(f"profile.outcome.{named}.mechanism") if named else None,
        suggestions=tuple((key, translator(f"profile.suggestion.{named}.{key}"))
                          for key in rules.suggestions.get(named, ())
                          if fits(rules, reading, f"suggestion.{named}.{key}")) if named else (),
        open_questions=tuple((key, translator(f"profile.open_question.{key}"))
                             for key in questions),
        outside_research=reading.benefit in rules.outside_research,
        values=tuple(_value(texts, v) for v in read_values(content, reading)),
        warnings=tuple(_warning(texts, w) for w in reading.warnings),
        content_version=content.version,
        rules_version=rules.version,
    )

