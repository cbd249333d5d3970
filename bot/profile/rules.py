"""Load and validate `bot/content/profile.toml`: every weight and phrase of the profile as data.

Coordinators change weights, phrases and suggestions without touching code, so a typo must be
caught before a professional ever sees a profile: `python -m bot content check` runs
`check_rules` and reports each problem as "file:line: what is wrong, how to fix". The loaded
`Rules` (rule_model.py) are frozen and hold precompiled phrase patterns, so profiling a
document does no parsing; rule_sections.py and rule_parser.py read the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.content.model import CONTENT_DIR, Content
from bot.flows.slots import Slot, answerable
from bot.profile.rule_model import (
    OUTCOMES,
    RULES_FILE,
    STAGNATIONS,
    AnswerRule,
    PhraseRule,
    ProfileRulesError,
    Rules,
    When,
)
from bot.profile.rule_parser import Parser

__all__ = ["OUTCOMES", "RULES_FILE", "STAGNATIONS", "AnswerRule", "PhraseRule",
           "ProfileRulesError", "Rules", "Slot", "When", "check_rules", "load_rules", "slots"]


def slots(content: Content) -> dict[str, Slot]:
    """Every answerable id in content order (bot/flows/slots.py): the one map readers and rules
    validate against, so a rule can never name something the client is not asked."""
    return answerable(content)


def load_rules(content: Content, path: Path | None = None) -> Rules:
    """Read and validate profile.toml against the content; raise ProfileRulesError with every
    problem found (each located and saying how to fix it)."""
    path = path or CONTENT_DIR / RULES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileRulesError([f"{path}:1: cannot read the profile rules ({exc.strerror}); "
                                 "restore bot/content/profile.toml"]) from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileRulesError([f"{path}:{getattr(exc, 'lineno', 1) or 1}: not valid TOML: "
                                 f"{exc} (check quotes, brackets and commas)"]) from exc
    return Parser(content, path, text, raw).parse()


def check_rules(content: Content, content_dir: Path) -> list[str]:
    """For `content check` (EXTRA_CHECKS): the located problems of profile.toml, or none."""
    try:
        load_rules(content, content_dir / RULES_FILE)
    except ProfileRulesError as exc:
        return exc.problems
    return []
