"""The profile's rules as data: what `bot/content/profile.toml` holds once it is read and
checked (rule_parser.py). Frozen values, with precompiled phrase patterns, so profiling a
document does no parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.flows.slots import Slot

RULES_FILE = "profile.toml"
# The five stagnations of the adaptive cycle, and moving well through it (003 lines 653-841).
STAGNATIONS = ("equilibrium", "disruption", "reorientation", "growth", "running")
OUTCOMES = (*STAGNATIONS, "moving_well")
RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
RULE_KEYS = {"id", "question", "options", "towards", "weight", "source", "benefit_factor",
             "when_any", "unless_any"}
PHRASE_KEYS = {"id", "towards", "weight", "source"}
BENEFIT_SET = "benefit"


class ProfileRulesError(ValueError):
    """profile.toml is wrong; `problems` are located lines saying how to fix each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))

@dataclass(frozen=True)
class When:
    """A condition on another answer: the question's answer is (or includes) one of options."""

    question: str
    options: frozenset[str]


@dataclass(frozen=True)
class AnswerRule:
    """A button answer that counts towards one outcome."""

    id: str
    questions: tuple[str, ...]
    options: frozenset[str]
    towards: str
    weight: float
    source: str
    benefit_factor: tuple[tuple[str, float], ...] = ()
    when_any: tuple[When, ...] = ()
    unless_any: tuple[When, ...] = ()

    def factor(self, benefit: str | None) -> float:
        return dict(self.benefit_factor).get(benefit or "", 1.0)


@dataclass(frozen=True)
class PhraseRule:
    """Words in the client's own text that count towards one outcome (weaker than buttons)."""

    id: str
    towards: str
    weight: float
    source: str
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    pattern: re.Pattern[str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Rules:
    version: int
    scale: float
    words_cap: float
    coverage_high: float
    coverage_medium: float
    lead_margin: float
    self_view_close: float
    close_ratio: float
    medium_max_drops: int
    running_check: frozenset[str]
    min_answered: int
    polite_max_difficulty: int
    polite_min_words: int
    open_questions: dict[str, tuple[str, ...]]
    in_research: frozenset[str]
    outside_research: frozenset[str]
    positive: dict[str, frozenset[str]]
    difficulty: dict[str, frozenset[str]]
    suggestions: dict[str, tuple[str, ...]]
    # "open_question.<key>" / "suggestion.<outcome>.<key>" → (when_any, unless_any): shown
    # only when the answers support it ([fits] in profile.toml).
    fits: dict[str, tuple[tuple[When, ...], tuple[When, ...]]]
    outcome_sources: dict[str, str]
    answer_rules: tuple[AnswerRule, ...]
    phrase_rules: tuple[PhraseRule, ...]
    # Non-value questions the rules read, in content order: the base of "how much was answered".
    signal_questions: tuple[str, ...]
    by_question: dict[str, tuple[AnswerRule, ...]]
    # Every answerable id (bot/flows/slots.py) and its place in content order.
    slots: dict[str, Slot]
    order: dict[str, int]
    # benefit (or "" when unknown) → question → outcome → the most that question's answer can
    # still add (for how sure the order is while questions are unanswered).
    potential: dict[str, dict[str, dict[str, float]]]
