"""Score the five stagnations and moving well from a Reading: sums of non-negative weights.

Every contribution is kept (which answer, which rule, how much) so the professional sees why.
Scores only ever add non-negative weights, so more evidence for an outcome never lowers it;
`score = 1 - exp(-evidence / scale)` maps the sum into 0..1 without changing the order.

Besides the evidence that counts now, two bounds say how sure the order is:
`certain` — what no further answer can take away; `possible` — what the unanswered questions,
conditions that could still be met, and own words (up to their cap) could at most bring.
Removing an answer can only lower `certain` and raise `possible`; the confidence builds on that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.flows.crisis import fold
from bot.profile.reading import Reading
from bot.profile.rules import OUTCOMES, AnswerRule, Rules, When

SELFVIEW = "selfview"


@dataclass(frozen=True)
class Contribution:
    rule: str
    towards: str
    weight: float  # what counts (after the benefit factor and the own-words cap)
    base_weight: float
    factor: float
    question: str
    option: str | None = None
    words: str | None = None  # the few matched words, as the client wrote them
    extra: bool = False  # words typed beside a button question
    capped: bool = False
    source: str = ""


@dataclass(frozen=True)
class Scores:
    evidence: dict[str, float]
    certain: dict[str, float]
    possible: dict[str, float]
    contributions: tuple[Contribution, ...]
    ranking: tuple[str, ...]
    # Card 3: what the client's own choice points to, and the evidence without it.
    selfview_outcome: str | None
    rest: dict[str, float]

    def score(self, outcome: str, scale: float) -> float:
        return 1.0 - math.exp(-self.evidence[outcome] / scale)

    def share(self, outcome: str) -> float:
        total = sum(self.evidence.values())
        return self.evidence[outcome] / total if total > 0 else 0.0


def rank(values: dict[str, float]) -> tuple[str, ...]:
    """Highest first; ties in the fixed order of OUTCOMES, so the result is deterministic."""
    return tuple(sorted(OUTCOMES, key=lambda o: (-values[o], OUTCOMES.index(o))))


def askable(qid: str, reading: Reading, rules: Rules) -> bool:
    """Could the client still be asked this? Not when a condition on an answered question
    rules it out (pressure source after 'no pressure', room for a value that does not matter)."""
    if qid.endswith(".most"):
        base = qid.removesuffix(".most")
        return reading.missing(base) or len(reading.chosen.get(base, ())) >= 2
    slot = rules.slots.get(qid)
    if slot is None or slot.ask_if is None:
        return True
    cond = slot.ask_if
    if reading.missing(cond.question):
        return True
    answer = reading.chosen[cond.question][0]
    if cond.any_of:
        return answer in cond.any_of
    return answer not in cond.none_of


def _conditions(conds: tuple[When, ...], reading: Reading) -> tuple[bool, bool]:
    """(met by the answers now, could still be met by answering a missing question)."""
    met = any(set(reading.chosen.get(c.question, ())) & c.options for c in conds)
    return met, met or any(reading.missing(c.question) for c in conds)


def _answer_contributions(rules: Rules, reading: Reading, evidence: dict, certain: dict,
                          possible: dict) -> list[Contribution]:
    found: list[Contribution] = []
    benefit = reading.benefit
    for qid, qrules in rules.by_question.items():
        if reading.missing(qid):
            if askable(qid, reading, rules):
                for outcome, most in rules.potential[benefit or ""][qid].items():
                    possible[outcome] += most
            continue
        chosen = reading.chosen[qid]
        # An answer the flow would not have asked (its condition is ruled out by another
        # answer) still counts, but not in what could be reached: removing it must not lower
        # that bound.
        reachable = askable(qid, reading, rules)
        for rule in qrules:
            matched = [o for o in chosen if o in rule.options]
            if not matched:
                continue
            when_met, when_could = _conditions(rule.when_any, reading) if rule.when_any else (
                True, True)
            unless_met, unless_could = _conditions(rule.unless_any, reading)
            factor = rule.factor(benefit)
            weight = rule.weight * factor
            if when_could and not unless_met and reachable:
                possible[rule.towards] += weight
            if when_met and not unless_could:
                certain[rule.towards] += weight
            if when_met and not unless_met and weight > 0:
                evidence[rule.towards] += weight
                found.append(_contribution(rule, qid, matched[0], weight, factor))
    order = {qid: rules.order[qid] for qid in rules.by_question}
    found.sort(key=lambda c: (order[c.question], OUTCOMES.index(c.towards), c.rule))
    return found


def _contribution(rule: AnswerRule, qid: str, option: str, weight: float,
                  factor: float) -> Contribution:
    return Contribution(rule.id, rule.towards, weight, rule.weight, factor, qid, option=option,
                        source=rule.source)


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """Fold character by character, remembering where each folded character came from, so a
    match in the folded text can be quoted exactly as the client wrote it."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def _word_contributions(rules: Rules, reading: Reading) -> list[Contribution]:
    """First match of each phrase rule over the client's words (content order); the total per
    outcome is capped at words_cap, so own words stay weaker than buttons."""
    if not rules.phrase_rules or not reading.words:
        return []
    ordered = sorted(reading.words, key=lambda w: (rules.order[w.slot], w.extra))
    texts = [_folded_with_origin(w.text) for w in ordered]
    matches = []
    for rule in rules.phrase_rules:
        if rule.pattern is None or rule.weight <= 0:
            continue
        for index, (folded, origin) in enumerate(texts):
            hit = rule.pattern.search(folded)
            if hit:
                start, end = origin[hit.start()], origin[hit.end() - 1] + 1
                matches.append((index, hit.start(), rule, ordered[index].text[start:end]))
                break
    matches.sort(key=lambda m: (m[0], m[1], m[2].id))
    used = dict.fromkeys(OUTCOMES, 0.0)
    found = []
    for index, _, rule, quote in matches:
        counted = max(0.0, min(rule.weight, rules.words_cap - used[rule.towards]))
        used[rule.towards] += counted
        words = ordered[index]
        found.append(Contribution(rule.id, rule.towards, counted, rule.weight, 1.0, words.slot,
                                  words=quote, extra=words.extra, capped=counted < rule.weight,
                                  source=rule.source))
    return found


def score(rules: Rules, reading: Reading) -> Scores:
    evidence = dict.fromkeys(OUTCOMES, 0.0)
    certain = dict.fromkeys(OUTCOMES, 0.0)
    possible = dict.fromkeys(OUTCOMES, 0.0)
    contributions = _answer_contributions(rules, reading, evidence, certain, possible)
    for item in _word_contributions(rules, reading):
        contributions.append(item)
        evidence[item.towards] += item.weight
        certain[item.towards] += item.weight
    for outcome in OUTCOMES:
        # Own words can always still be added, up to their cap.
        possible[outcome] += rules.words_cap
    selfview = next((c.towards for c in contributions if c.question == SELFVIEW), None)
    rest = dict.fromkeys(OUTCOMES, 0.0)
    for item in contributions:
        if item.question != SELFVIEW:
            rest[item.towards] += item.weight
    return Scores(evidence, certain, possible, tuple(contributions), rank(evidence), selfview,
                  rest)


def fits(rules: Rules, reading: Reading, name: str) -> bool:
    """Whether the answers support showing this open question or suggestion ([fits]): no
    when_any answer given (when there is a when_any) or an unless_any answer given rules it out."""
    when_any, unless_any = rules.fits.get(name, ((), ()))

    def given(conds) -> bool:
        return any(set(reading.chosen.get(c.question, ())) & c.options for c in conds)

    return (not when_any or given(when_any)) and not given(unless_any)
