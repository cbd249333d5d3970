"""The profile as plain text for a professional with a minute to spare.

Order follows what to do first: the possible pattern, what may help, what to discuss, how sure
it is, the client's own view, then the details (all scores, the evidence, work values, file
warnings). Every word comes from the catalogs; numbers use the language's decimal sign.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.i18n import Translator
from bot.profile.explain import EvidenceItem, Profile, ValueItem

INDENT = "  "


def _number(value: float, lang: str) -> str:
    return format_decimal(value, format="0.00", locale=lang)


def _evidence_lines(t: Translator, item: EvidenceItem, benefit: str) -> list[str]:
    weight = _number(item.weight, t.lang)
    if item.words is not None:
        head = t("profile.evidence.words", weight=weight, towards=item.towards_name,
                 question=item.question_label, words=item.words)
    else:
        head = t("profile.evidence.answer", weight=weight, towards=item.towards_name,
                 question=item.question_label, answer=item.answer_label or item.option or "")
    why = t("profile.evidence.rationale", rationale=item.rationale, source=item.source)
    lines = [INDENT + head, INDENT * 2 + why]
    if item.benefit_factor != 1.0:
        lines.append(INDENT * 2 + t("profile.evidence.benefit", benefit=benefit,
                                    factor=_number(item.benefit_factor, t.lang)))
    if item.capped:
        lines.append(INDENT * 2 + t("profile.evidence.capped"))
    return lines


def level_text(t: Translator, aspect: str, value: str | None) -> str:
    """An answer on the client's scale in words for the professional (very / somewhat / not
    important; much / some / little room; can / partly / cannot yet achieve it)."""
    return t(f"profile.level.{aspect}.{value}") if value else t("profile.value.not_asked")


def _value_line(t: Translator, item: ValueItem) -> str:
    return INDENT + t("profile.value.line", value=item.name, category=item.category_text,
                      important=level_text(t, "important", item.important),
                      room=level_text(t, "room", item.room),
                      able=level_text(t, "able", item.able))


def _value_lines(t: Translator, values: tuple[ValueItem, ...]) -> list[str]:
    """Answered values one per line; unanswered and unimportant values on one line each."""
    unanswered = [v.name for v in values if v.category == "not_answered"]
    unimportant = [v.name for v in values if v.category == "not_important"]
    lines = [_value_line(t, v) for v in values
             if v.category not in ("not_important", "not_answered")]
    if unimportant:
        lines.append(INDENT + t("profile.values.not_important", values=", ".join(unimportant)))
    if unanswered:
        lines.append(INDENT + t("profile.values.unanswered", values=", ".join(unanswered)))
    return lines


def too_little_text(t: Translator, profile: Profile, why: str) -> str:
    """Why no pattern is named ("thin" or "polite"), in one or two sentences."""
    return t(f"profile.too_little.{why}", answered=profile.confidence.answered,
             asked=profile.confidence.asked)


def render_text(profile: Profile, t: Translator) -> str:
    """The whole profile, one section after another, as lines of plain text."""
    lines = [t("profile.title"), t("profile.disclaimer"), ""]
    if profile.most_likely_name is None:
        lines.append(t("profile.heading.too_little"))
        lines += [INDENT + too_little_text(t, profile, why) for why in profile.too_little]
        lines += ["", t("profile.heading.open_questions")]
        lines += [f"{INDENT}• {text}" for _, text in profile.open_questions]
    else:
        lines.append(t("profile.heading.most_likely", name=profile.most_likely_name))
        lines += ["", t("profile.heading.mechanism"), INDENT + (profile.mechanism or ""), ""]
        lines.append(t("profile.heading.suggestions"))
        lines += [f"{INDENT}• {text}" for _, text in profile.suggestions]
    lines += ["", t("profile.heading.confidence", level=profile.confidence.label)]
    shown = {"thin_evidence", "uniformly_positive"} if profile.too_little else set()
    lines += [f"{INDENT}– {reason.text}" for reason in profile.confidence.reasons
              if reason.code not in shown]
    lines += ["", t("profile.heading.self_view"), INDENT + profile.self_view.text, ""]
    if profile.too_little:
        # No pattern: what the client answered, without pointing it anywhere.
        lines.append(t("profile.heading.answered"))
        if not profile.evidence:
            lines.append(INDENT + t("profile.evidence.none"))
        seen = set()
        for item in profile.evidence:
            answer = item.answer_label or item.option or item.words or ""
            if (item.question, answer) not in seen:
                seen.add((item.question, answer))
                lines.append(f"{INDENT}{item.question_label}: {answer}")
        lines += ["", t("profile.heading.values")]
        lines += _value_lines(t, profile.values)
        return "\n".join(lines) + "\n"
    lines.append(t("profile.heading.scores"))
    for rank, line in enumerate(profile.scores, start=1):
        lines.append(INDENT + t("profile.score.line", rank=rank, name=line.name,
                                score=_number(line.score, t.lang),
                                evidence=_number(line.evidence, t.lang)))
    lines += ["", t("profile.heading.evidence")]
    if not profile.evidence:
        lines.append(INDENT + t("profile.evidence.none"))
    for item in profile.evidence:
        lines += _evidence_lines(t, item, profile.benefit_label)
    lines += ["", t("profile.heading.values")]
    lines += _value_lines(t, profile.values)
    if profile.warnings:
        lines += ["", t("profile.heading.warnings")]
        lines += [f"{INDENT}! {warning.text}" for warning in profile.warnings]
    return "\n".join(lines) + "\n"
