"""How sure the profile is (low / medium / high), and why — and card 3 against the rest.

The research is clear that a confident label on thin or polite answers does harm (003 lines
1549-1561, 2479-2484), so each criterion below can only lower the level, never raise it:

- coverage: the share of the questions that count which were answered (thin_evidence);
- uniform positivity: no button answer points to a difficulty and there are no own words
  (uniformly_positive, two levels) — running and polite clients look like this; without any
  own words at all the professional still lacks context (no_own_words, one level);
- separation: whether some outcome stays ahead whatever the unanswered questions and own words
  could still add (top_two_close);
- the benefit: outside the research (WW, other) or unknown.

Each criterion is monotone — removing answers can only make it fail more — so removing
answers never raises the confidence (tested with hypothesis).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.profile.reading import Reading
from bot.profile.rules import OUTCOMES, Rules
from bot.profile.stagnation import Scores, askable

LEVELS = ("low", "medium", "high")
UNKNOWN_BENEFITS = (None, "rather_not_say")


@dataclass(frozen=True)
class Reason:
    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Confidence:
    level: str
    reasons: tuple[Reason, ...]
    answered: int
    asked: int


@dataclass(frozen=True)
class SelfView:
    choice: str | None
    own: str | None  # the outcome card 3 points to
    others: str | None  # the top outcome of the other answers (None: too little evidence)
    differs: bool


def coverage(rules: Rules, reading: Reading) -> tuple[int, int]:
    """(answered, asked) over the non-value questions the rules read; questions that cannot
    be asked any more (a condition rules them out) do not count as missing."""
    answered = asked = 0
    for qid in rules.signal_questions:
        if reading.answered(qid):
            answered += 1
            asked += 1
        elif askable(qid, reading, rules):
            asked += 1
    return answered, asked


def uniformly_positive(rules: Rules, reading: Reading) -> bool:
    if reading.has_own_words:
        return False
    return not any(set(reading.chosen.get(qid, ())) & options
                   for qid, options in rules.difficulty.items() if reading.answered(qid))


def positive_answers(rules: Rules, reading: Reading) -> int:
    return sum(1 for qid, options in rules.positive.items()
               if reading.answered(qid) and set(reading.chosen[qid]) & options)


def separated(rules: Rules, scores: Scores) -> bool:
    """Some outcome's certain evidence, less a margin, is at least what any other outcome could
    still reach."""
    for outcome in OUTCOMES:
        lead = (1.0 - rules.lead_margin) * scores.certain[outcome]
        if lead > 0 and all(lead >= scores.possible[o] for o in OUTCOMES if o != outcome):
            return True
    return False


def assess(rules: Rules, reading: Reading, scores: Scores) -> Confidence:
    reasons: list[Reason] = []
    drops = 0
    answered, asked = coverage(rules, reading)
    share = answered / asked if asked else 0.0
    coverage_drop = 0 if share >= rules.coverage_high else (
        1 if share >= rules.coverage_medium else 2)
    if coverage_drop:
        drops += coverage_drop
        reasons.append(Reason("thin_evidence", (("answered", str(answered)),
                                                ("asked", str(asked)))))
    if uniformly_positive(rules, reading):
        drops += 2
        # With nothing positive either, "thin evidence" already says it all.
        if positive_answers(rules, reading) or coverage_drop < 2:
            reasons.append(Reason("uniformly_positive"))
    elif not reading.has_own_words:
        drops += 1
        reasons.append(Reason("no_own_words"))
    if not separated(rules, scores):
        drops += 1
        reasons.append(Reason("top_two_close", (("first", scores.ranking[0]),
                                                ("second", scores.ranking[1]))))
    if reading.benefit in rules.outside_research:
        drops += 1
        reasons.append(Reason("outside_research", (("benefit", reading.benefit or ""),)))
    elif reading.benefit in UNKNOWN_BENEFITS or reading.benefit not in rules.in_research:
        drops += 1
        reasons.append(Reason("benefit_unknown"))
    if not reasons:
        reasons.append(Reason("enough_evidence"))
    return Confidence(LEVELS[max(0, len(LEVELS) - 1 - drops)], tuple(reasons), answered, asked)


def self_view(rules: Rules, reading: Reading, scores: Scores) -> SelfView:
    """Card 3 is the client's own view, one signal among several (method.md, 003 2702-2706):
    flag it when the other answers clearly point elsewhere, never overrule it."""
    chosen = reading.chosen.get("selfview") if reading.answered("selfview") else None
    choice = chosen[0] if chosen else None
    own = scores.selfview_outcome
    rest = scores.rest
    top = max(OUTCOMES, key=lambda o: (rest[o], -OUTCOMES.index(o)))
    others = top if rest[top] > 0 else None
    differs = bool(own and others and own != others
                   and rest[own] < rules.self_view_close * rest[others])
    return SelfView(choice, own, others, differs)
