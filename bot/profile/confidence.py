"""How sure the profile is (low / medium / high), and why — and card 3 against the rest.

The research is clear that a confident label on thin or polite answers does harm (003 lines
1549-1561, 2479-2484). First: is there enough to read a pattern at all? Fewer counted answers
than `min_answered`, or the polite all-positive pattern (no own words, at most one difficulty),
give the "too little" state: no stagnation named, confidence low ("no own words" means no
voice message and fewer than `polite_min_words` typed words: "prima" alone says nothing).
Otherwise each criterion below can only lower the level, never raise it:

- (nearly) all answers positive, with own words: the reading is named but held at low
  (positive_buttons), because running and polite clients answer like this too;

- coverage: the share of the questions that count which were answered (thin_evidence);
- no own words at all: the buttons lack context (no_own_words);
- separation: whether some outcome stays ahead whatever the unanswered questions and own words
  could still add — worded as "close" only when the second has at least close_ratio of the
  first's evidence (top_two_close), else as "the order could still change" (order_open);
- the benefit: outside the research (WW, other) or unknown.

Each of these is monotone — removing answers can only make it fail more — so removing answers
never raises the confidence (tested with hypothesis). The one deliberate exception: a "moving
well" reading with running signals (profile.toml running_check) is held at low, because running
often looks like doing well; without those words nothing contradicts the reading any more.
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
    # Why there is too little to read a pattern ("thin", "polite"); empty when there is a
    # reading.
    too_little: tuple[str, ...] = ()


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


def difficulties(rules: Rules, reading: Reading) -> int:
    """How many answered button questions point to a difficulty ([confidence.answers])."""
    return sum(1 for qid, options in rules.difficulty.items()
               if reading.answered(qid) and set(reading.chosen[qid]) & options)


def all_positive(rules: Rules, reading: Reading) -> bool:
    """(Nearly) no answered button points to a difficulty: what running and politely agreeing
    clients look like as much as clients who do well. Removing answers only makes it more
    true."""
    return difficulties(rules, reading) <= rules.polite_max_difficulty


def says_something(rules: Rules, reading: Reading) -> bool:
    """Own words that tell more than the buttons: a voice message, or at least
    polite_min_words typed words in all ("gaat goed" or "prima" alone do not)."""
    return reading.has_voice or reading.own_word_count() >= rules.polite_min_words


def polite_pattern(rules: Rules, reading: Reading) -> bool:
    """(Next to) no own words and (nearly) no answer that points to a difficulty: too little
    to read a pattern. Removing answers only makes it more true."""
    return not says_something(rules, reading) and all_positive(rules, reading)


def separated(rules: Rules, scores: Scores) -> bool:
    """Some outcome's certain evidence, less a margin, is at least what any other outcome could
    still reach."""
    for outcome in OUTCOMES:
        lead = (1.0 - rules.lead_margin) * scores.certain[outcome]
        if lead > 0 and all(lead >= scores.possible[o] for o in OUTCOMES if o != outcome):
            return True
    return False


def leading(rules: Rules, scores: Scores) -> str:
    """The outcome the reading names. Card 3 alone never decides it: when the client's own
    choice puts an outcome first that the other answers do not, the other answers lead (and
    the self-view is flagged)."""
    top = scores.ranking[0]
    own = scores.selfview_outcome
    rest = scores.rest
    others = max(OUTCOMES, key=lambda o: (rest[o], -OUTCOMES.index(o)))
    if own == top and rest[others] > 0 and others != top:
        return others
    return top


def too_little(rules: Rules, reading: Reading) -> tuple[str, ...]:
    """Why there is too little to read a pattern: "thin" (fewer counted answers than
    min_answered) or else "polite" (the all-positive pattern). Empty: a reading is made."""
    answered, _ = coverage(rules, reading)
    if answered < rules.min_answered:
        return ("thin",)  # says it all: with so few answers, no pattern either way
    if polite_pattern(rules, reading):
        return ("polite",)
    return ()


def _benefit_reason(rules: Rules, reading: Reading) -> Reason | None:
    if reading.benefit in rules.outside_research:
        return Reason("outside_research", (("benefit", reading.benefit or ""),))
    if reading.benefit in UNKNOWN_BENEFITS or reading.benefit not in rules.in_research:
        return Reason("benefit_unknown")
    return None


def assess(rules: Rules, reading: Reading, scores: Scores, top: str) -> Confidence:
    """The level and the reasons that are true for this client. Each criterion can only lower
    the level (see the module docstring); `top` is the outcome the reading names."""
    answered, asked = coverage(rules, reading)
    share = answered / asked if asked else 0.0
    benefit = _benefit_reason(rules, reading)
    missing = too_little(rules, reading)
    if missing:
        reasons = [Reason("thin_evidence", (("answered", str(answered)), ("asked", str(asked))))
                   ] if "thin" in missing else []
        if "polite" in missing:
            reasons.append(Reason("uniformly_positive"))
        if benefit:
            reasons.append(benefit)
        return Confidence("low", tuple(reasons), answered, asked, missing)
    reasons: list[Reason] = []
    drops = 0
    coverage_drop = 0 if share >= rules.coverage_high else (
        1 if share >= rules.coverage_medium else 2)
    if coverage_drop:
        drops += coverage_drop
        reasons.append(Reason("thin_evidence", (("answered", str(answered)),
                                                ("asked", str(asked)))))
    if not reading.has_own_words:
        drops += 1
        reasons.append(Reason("no_own_words"))
    if not separated(rules, scores):
        drops += 1
        second = next(o for o in scores.ranking if o != top)
        first_weight, second_weight = scores.evidence[top], scores.evidence[second]
        if first_weight > 0 and second_weight >= rules.close_ratio * first_weight:
            reasons.append(Reason("top_two_close", (("first", top), ("second", second))))
        else:
            reasons.append(Reason("order_open", (("first", top), ("open", str(asked - answered)))))
    if benefit:
        drops += 1
        reasons.append(benefit)
    if top == "moving_well" and any(c.rule in rules.running_check for c in scores.contributions):
        drops = len(LEVELS)
        reasons.append(Reason("running_signals"))
    if all_positive(rules, reading):
        # Sparse or all-positive answers are a reason for low confidence (method.md, "Stated
        # motivation is unreliable"): the own words may hold a reading, the buttons cannot.
        drops = len(LEVELS)
        reasons.append(Reason("positive_buttons"))
    if not reasons:
        reasons.append(Reason("enough_evidence"))
    level = "high" if drops == 0 else ("medium" if drops <= rules.medium_max_drops else "low")
    return Confidence(level, tuple(reasons), answered, asked, ())


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
