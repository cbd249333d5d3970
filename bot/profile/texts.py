"""Every message id the profile shows, with what it is for (for `content check`).

The profile's texts live in `locales/<lang>/LC_MESSAGES/profile.po`. This registry lets the
content check demand each of them in every language, with the {placeholders} each description
names, before a professional ever sees a missing text. Rule rationales and suggestions follow
the ids in profile.toml, so adding a rule there makes the check ask for its rationale.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.content.model import CONTENT_DIR, NOTE_SUFFIX, Content
from bot.profile.rules import OUTCOMES, RULES_FILE, slots

# Fixed texts of the profile, with what they are for; {placeholders} named in each description.
FIXED_TEXTS: dict[str, str] = {
    "profile.title": "Heading of the profile for the professional.",
    "profile.disclaimer": "One line under the heading: an aid for the conversation, built from "
    "the client's answers; a possibility to discuss, never a label or a decision about the "
    "benefit.",
    "profile.heading.most_likely": "Label before the most likely stagnation, worded as a "
    "possibility: {name}",
    "profile.heading.mechanism": "Heading: the key mechanism that may help.",
    "profile.heading.suggestions": "Heading: concrete suggestions for the conversation.",
    "profile.heading.confidence": "Label before the confidence level: {level}",
    "profile.heading.self_view": "Heading: the client's own view (card 3) compared with the "
    "other answers.",
    "profile.heading.scores": "Heading: all possibilities, most likely first.",
    "profile.heading.evidence": "Heading: which answers count towards what.",
    "profile.heading.values": "Heading: work values, gaps to work on first.",
    "profile.heading.warnings": "Heading: problems found in the answers file.",
    "profile.score.line": "One ranked line: {rank} number, {name} of the possibility, {score} "
    "from 0 to 1, {evidence} the summed weights.",
    "profile.evidence.answer": "Evidence line for a button answer: {weight} counted, {towards} "
    "possibility, {question} short question label, {answer} the chosen option.",
    "profile.evidence.words": "Evidence line for own words: {weight} counted, {towards} "
    "possibility, {question} short question label, {words} the few matched words.",
    "profile.evidence.rationale": "Second line of an evidence item: {rationale} and the {source} "
    "it cites.",
    "profile.evidence.benefit": "Note on an evidence item: the weight was multiplied by {factor} "
    "because of the client's {benefit}.",
    "profile.evidence.capped": "Note on an evidence item: not counted, own words already add the "
    "most they may add for this possibility.",
    "profile.evidence.extra": "Label of words typed beside a button question: {question}",
    "profile.evidence.none": "Shown when no answer counted towards anything.",
    "profile.value.line": "One work value line: {value} name, {category} in words, then "
    "{important}, {room} and {able} levels.",
    "profile.values.unanswered": "One line listing the work values the client did not answer: "
    "{values}",
    "profile.values.not_important": "One line listing the work values the client finds not "
    "important: {values}",
    "profile.value.not_asked": "Level shown for room/ability when it was not asked or not "
    "answered.",
    "profile.benefit.unknown": "Benefit shown when it is unknown or the client preferred not to "
    "say.",
    "profile.confidence.high": "Confidence level: high.",
    "profile.confidence.medium": "Confidence level: medium.",
    "profile.confidence.low": "Confidence level: low.",
    "profile.reason.enough_evidence": "Confidence reason: most questions answered and the "
    "picture is consistent; still a possibility to check in the conversation.",
    "profile.reason.thin_evidence": "Confidence reason: only {answered} of {asked} questions "
    "that count were answered (others skipped, don't know, discuss in person or not reached).",
    "profile.reason.uniformly_positive": "Confidence reason: no button answer (or at most one) "
    "points to a difficulty and there are no own words; people who run through the process, "
    "and clients who agree politely, often answer like this (research 003, 802-822 and "
    "1549-1561).",
    "profile.reason.positive_buttons": "Confidence reason: no button answer (or at most one) "
    "points to a difficulty, and only the client's own words give a reading; running and "
    "politely agreeing clients answer like this too, so the level stays low (method.md, "
    "'Stated motivation is unreliable').",
    "profile.reason.no_own_words": "Confidence reason: the client wrote or said nothing in own "
    "words, so the buttons have no context; ask further in the conversation.",
    "profile.reason.top_two_close": "Confidence reason: {first} and {second} are close (the "
    "second has at least three quarters of the weight of the first); discuss both.",
    "profile.reason.order_open": "Confidence reason: the answers point most to {first}, but the "
    "{open} unanswered questions (and own words) could still change the order.",
    "profile.reason.order_open.words": "Confidence reason when every question that counts is "
    "answered: the answers point most to {first}, but the lead is small enough that what the "
    "client tells in own words could still change the order.",
    "profile.reason.running_signals": "Confidence reason: the answers look like moving well, "
    "but the client's own words or answers speak of pressure, dropping out again, over-asking "
    "or keeping up appearances; running often looks like doing well, so check the pace.",
    "profile.reason.outside_research": "Confidence reason: the research behind the profile did "
    "not include clients on {benefit}; read the profile with extra care.",
    "profile.reason.benefit_unknown": "Confidence reason: the benefit is not known, so money "
    "answers were counted without taking the benefit's rules into account.",
    "profile.self_view.differs": "The client's own view (card 3: {choice}) points to {own}; the "
    "other answers point more to {others}. Suggest asking: how does this differ from your view?",
    "profile.self_view.same": "The client's own view (card 3: {choice}) fits the other answers "
    "({own}).",
    "profile.self_view.only": "When no pattern is named: the client's choice on card 3, "
    "without comparing it: {choice}",
    "profile.self_view.none": "The client did not choose a description on card 3 (or none "
    "fitted).",
    "profile.self_view.no_others": "The client's own view (card 3: {choice}) points to {own}; "
    "there are too few other answers to compare.",
    "profile.warning.unknown_question": "Warning: the answers file has an answer to question "
    "{question}, which the current content does not know (older version?); it was left out.",
    "profile.warning.unknown_option": "Warning: the answer {option} to question {question} is "
    "not a known option (older version?); it was left out.",
    "profile.warning.unexpected_value": "Warning: the answer to question {question} does not "
    "have the expected form (older version?); it was left out.",
    "profile.warning.unknown_status": "Warning: the answer to question {question} has the "
    "unknown status {status}; it was counted as not answered.",
    "profile.warning.unknown_benefit": "Warning: the benefit {benefit} in the file is not known; "
    "it was treated as unknown.",
    "profile.warning.content_version": "Warning: the answers were given with content version "
    "{found}; the profile uses version {expected}. Some answers may be missing.",
    "profile.level.unknown": "Level of a work-value aspect: not answered.",
    "profile.heading.too_little": "Heading instead of a pattern: there is too little to read a "
    "pattern from these answers; no stagnation is named.",
    "profile.too_little.thin": "Why no pattern: only {answered} of the {asked} questions that "
    "count were answered; a few answers fit every pattern.",
    "profile.too_little.polite": "Why no pattern: no answer (or at most one) points to a "
    "difficulty and there are no own words; clients who agree politely or run through the "
    "process answer like this, so the answers do not show a pattern yet.",
    "profile.heading.open_questions": "Heading: two or three open questions to start the "
    "meeting with, instead of suggestions.",
    "profile.heading.answered": "Heading: what the client did answer (when there is too little "
    "for a pattern).",
}
# The client's scale (a lot / a little / not much) in words for the professional, per aspect:
# importance as very / somewhat / not important, room and own reach likewise.
for _aspect, _what in (("important", "how important the value is"),
                       ("room", "how much room the situation or work gives"),
                       ("able", "how far the client can achieve it")):
    for _level, _scale in (("high", "a lot"), ("medium", "a little"), ("low", "not much")):
        FIXED_TEXTS[f"profile.level.{_aspect}.{_level}"] = (
            f"Work-value answer for the professional: {_what}, the client answered '{_scale}' "
            "(third person, a few words; importance: very / somewhat / not important).")
CATEGORY_TEXTS = {
    "no_room": "Work-value category: very important to the client, but the situation or work "
    "gives little room for it (a gap to work on).",
    "out_of_reach": "Work-value category: very important to the client, but not (yet) within "
    "their own reach (a gap to work on).",
    "no_room_out_of_reach": "Work-value category text when both gaps apply: very important, "
    "but little room for it and not (yet) within the client's own reach.",
    "partly": "Work-value category: very important; there is some room and it partly works "
    "out (no gap, not fully realised either).",
    "capability": "Work-value category: very important, there is much room for it and the "
    "client can achieve it.",
    "somewhat": "Work-value category: somewhat important to the client (not a gap).",
    "incomplete": "Work-value category: very important, but room or own reach was not "
    "answered.",
    "not_important": "Work-value category: not important to the client.",
    "not_answered": "Work-value category: the client did not answer this value.",
}
OUTCOME_TEXTS = {
    "name": "Name of the possibility (stagnation or moving well), lower case, for the "
    "professional.",
    "mechanism": "The key mechanism that may help with this possibility, two or three plain "
    "sentences.",
}


def message_ids(content: Content, path: Path | None = None) -> dict[str, str]:
    """Every message id the profile may show, with what it is for (for TEXT_SOURCES).

    Reads profile.toml leniently: when it is broken, its own check reports that, and the ids
    that can still be read are demanded from the catalogs."""
    path = path or CONTENT_DIR / RULES_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        raw = {}
    ids = dict(FIXED_TEXTS)
    for category, purpose in CATEGORY_TEXTS.items():
        ids[f"profile.category.{category}"] = purpose
    for outcome in OUTCOMES:
        ids[f"profile.outcome.{outcome}"] = OUTCOME_TEXTS["name"]
        ids[f"profile.outcome.{outcome}.mechanism"] = OUTCOME_TEXTS["mechanism"]
        entry = (raw.get("outcomes") or {}).get(outcome) or {}
        for key in entry.get("suggestions") or []:
            if isinstance(key, str):
                ids[f"profile.suggestion.{outcome}.{key}"] = (
                    f"A concrete suggestion for the conversation when {outcome} is most likely "
                    "(one sentence, starts with a verb).")
    for kind in ("rule", "phrase"):
        for entry in raw.get(kind) or []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                ids[f"profile.rule.{entry['id']}"] = (
                    f"Rationale of profile rule {entry['id']} (one line for the professional, "
                    f"why this answer points towards {entry.get('towards')}).")
    for slot in slots(content).values():
        ids.update(label_ids(slot.id))
    ids.update(name_ids(content))
    for kind in ("thin", "polite"):
        for key in (raw.get("evidence") or {}).get(f"open_questions_{kind}") or []:
            if isinstance(key, str):
                ids[f"profile.open_question.{key}"] = (
                    "An open question for the professional to start the meeting with when "
                    "there is too little to read a pattern (one sentence, about the client in "
                    "the third person).")
    return ids


def pro_label(kind: str, key: str) -> str:
    """The professional's own name of a part, domain or work value (profile.name.…): the
    client's labels speak to the client ("You and your health"), these speak about them."""
    return f"profile.name.{kind}.{key}"


def name_ids(content: Content) -> dict[str, str]:
    """Message ids of the professional-facing names of parts, domains and work values."""
    ids = {}
    for part in content.parts:
        ids[pro_label("part", part.id)] = (f"Name of part '{part.id}' for the professional "
                                           "(a few words, no 'you/your').")
    domains = content.option_sets.get("domains")
    for domain in domains.options if domains else ():
        ids[pro_label("domain", domain)] = (f"Name of life domain '{domain}' for the "
                                            "professional (a few words, no 'you/your').")
    for value in content.values:
        ids[pro_label("value", value)] = (f"Name of work value '{value}' for the professional "
                                          "(a few words, no 'you/your').")
    return ids


def label_ids(slot_id: str) -> dict[str, str]:
    """The short label of an answerable id for the professional (profile.q.…)."""
    if slot_id.startswith("value."):
        aspect = slot_id.rsplit(".", 1)[-1]
        return {f"profile.q.value.{aspect}": "Short label of a work-value question for the "
                f"professional ({aspect}): {{value}}"}
    if NOTE_SUFFIX + "." in slot_id:
        base = slot_id.split(NOTE_SUFFIX + ".")[0]
        return {f"profile.q.{base}.note": "Short label of the own words about one chosen topic: "
                "{topic}"}
    return {f"profile.q.{slot_id}": f"Short label of question {slot_id} for the professional "
            "(a few words)."}


def label_id(slot_id: str) -> tuple[str, str | None, str | None]:
    """(message id, placeholder name, its value) for an answerable id's short label."""
    if slot_id.startswith("value."):
        _, value, aspect = slot_id.split(".", 2)
        return f"profile.q.value.{aspect}", "value", value
    if NOTE_SUFFIX + "." in slot_id:
        base, topic = slot_id.split(NOTE_SUFFIX + ".", 1)
        return f"profile.q.{base}.note", "topic", topic
    return f"profile.q.{slot_id}", None, None
