"""Load and validate `bot/content/profile.toml`: every weight and phrase of the profile as data.

Coordinators change weights, phrases and suggestions without touching code, so a typo must be
caught before a professional ever sees a profile: `python -m bot content check` runs
`check_rules` and reports each problem as "file:line: what is wrong, how to fix". The loaded
`Rules` are frozen and hold precompiled phrase patterns, so profiling a document does no parsing.
"""

from __future__ import annotations

import fnmatch
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.model import CONTENT_DIR, MOST_SUFFIX, NOTE_SUFFIX, Condition, Content
from bot.flows.crisis import compile_phrases, fold

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
class Slot:
    """Something a client can answer: a question of the content or one derived from it
    (`<multi>.most`, `<multi>.note.<topic>`, `value.<value>.<aspect>`)."""

    id: str
    kind: str  # choice | multi | text
    options: tuple[str, ...] = ()
    max: int = 1
    ask_if: Condition | None = None
    order: int = 0
    # The option set whose labels (opt.<set>.<option>) show the chosen options.
    option_set: str = ""


def slots(content: Content) -> dict[str, Slot]:
    """Every answerable id in content order, with its options; the one map readers and rules
    validate against, so a rule can never name something the client is not asked."""
    found: dict[str, Slot] = {}
    for part in content.parts:
        for q in part.questions:
            options = q.options.options if q.options else ()
            set_id = q.options.id if q.options else ""
            found[q.id] = Slot(q.id, q.kind, options, max(q.max, 1), q.ask_if, len(found),
                               set_id)
            if q.kind == "multi":
                found[q.id + MOST_SUFFIX] = Slot(q.id + MOST_SUFFIX, "choice", options,
                                                 order=len(found), option_set=set_id)
                for option in options:
                    note = f"{q.id}{NOTE_SUFFIX}.{option}"
                    found[note] = Slot(note, "text", order=len(found))
    return found


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
    slots: dict[str, Slot]
    # benefit (or "" when unknown) → question → outcome → the most that question's answer can
    # still add (for how sure the order is while questions are unanswered).
    potential: dict[str, dict[str, dict[str, float]]]


class _Locator:
    """Line numbers for located messages: tomllib keeps none, so we find the table headers."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()
        self.blocks: dict[str, list[int]] = {}
        self.tables: dict[str, int] = {}
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("[[") and stripped.endswith("]]"):
                self.blocks.setdefault(stripped[2:-2].strip(), []).append(number)
            elif stripped.startswith("[") and stripped.endswith("]"):
                self.tables[stripped[1:-1].strip()] = number

    def _next_header(self, start: int) -> int:
        for number in range(start + 1, len(self.lines) + 1):
            if self.lines[number - 1].strip().startswith("["):
                return number
        return len(self.lines) + 1

    def _key_line(self, start: int, key: str | None) -> int:
        if key:
            pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
            for number in range(start, self._next_header(start)):
                if pattern.match(self.lines[number - 1]):
                    return number
        return start

    def block(self, kind: str, index: int, key: str | None = None) -> str:
        starts = self.blocks.get(kind, [])
        start = starts[index] if index < len(starts) else 1
        return f"{self.path}:{self._key_line(start, key)}"

    def table(self, name: str, key: str | None = None) -> str:
        start = self.tables.get(name, 1)
        return f"{self.path}:{self._key_line(start, key) if name in self.tables else 1}"


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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
    return _Parser(content, path, text, raw).parse()


def check_rules(content: Content, content_dir: Path) -> list[str]:
    """For `content check` (EXTRA_CHECKS): the located problems of profile.toml, or none."""
    try:
        load_rules(content, content_dir / RULES_FILE)
    except ProfileRulesError as exc:
        return exc.problems
    return []


class _Parser:
    def __init__(self, content: Content, path: Path, text: str, raw: dict):
        self.content = content
        self.raw = raw
        self.at = _Locator(path, text)
        self.problems: list[str] = []
        self.slots = slots(content)
        benefit_set = content.option_sets.get(BENEFIT_SET)
        self.benefits = set(benefit_set.options if benefit_set else ())

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # --- sections -------------------------------------------------------------------------

    def _fraction(self, table: dict, name: str, key: str, default: float) -> float:
        value = table.get(key, default)
        if not _number(value) or not 0 <= value <= 1:
            self.problem(self.at.table(name, key), f"{key} must be a number from 0 to 1, "
                         f"e.g. {key} = {default}")
            return default
        return float(value)

    def _count(self, table: dict, name: str, key: str, default: int) -> int:
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.problem(self.at.table(name, key), f"{key} must be a whole number of 0 or "
                         f"more, e.g. {key} = {default}")
            return default
        return value

    def _keys(self, table: dict, name: str, key: str) -> tuple[str, ...]:
        value = table.get(key)
        if (not isinstance(value, list) or not 2 <= len(value) <= 3
                or not all(isinstance(k, str) and RULE_ID.match(k) for k in value)):
            self.problem(self.at.table(name, key), f"{key} needs two or three keys of "
                         "lowercase letters, digits and _, e.g. [\"ordinary_day\", "
                         "\"what_changed\"] (texts: profile.open_question.<key>)")
            return ()
        return tuple(value)

    def _rule_ids(self, conf: dict, answer_rules: list, phrase_rules: list) -> frozenset[str]:
        value = conf.get("running_check", [])
        known = {r.id for r in answer_rules} | {r.id for r in phrase_rules}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(self.at.table("confidence", "running_check"), "running_check must be "
                         "a list of rule ids, e.g. [\"words_dropout_again\"]")
            return frozenset()
        for item in value:
            if item not in known:
                self.problem(self.at.table("confidence", "running_check"), "running_check "
                             f"names unknown rule '{item}'; use an id of a [[rule]] or "
                             "[[phrase]]")
        return frozenset(value)

    def _benefit_list(self, table: dict, key: str) -> frozenset[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(self.at.table("confidence", key), f"{key} must be a list of benefit "
                         f"ids such as [\"ww\", \"other\"]")
            return frozenset()
        for item in value:
            if item not in self.benefits:
                self.problem(self.at.table("confidence", key), f"{key} names unknown benefit "
                             f"'{item}'; use one of {', '.join(sorted(self.benefits))}")
        return frozenset(value)

    def _answer_classes(self) -> tuple[dict, dict]:
        table = (self.raw.get("confidence") or {}).get("answers") or {}
        positive: dict[str, frozenset[str]] = {}
        difficulty: dict[str, frozenset[str]] = {}
        if not isinstance(table, dict):
            self.problem(self.at.table("confidence.answers"), "[confidence.answers] must be a "
                         "table of question = { positive = [...], difficulty = [...] }")
            return positive, difficulty
        for qid, entry in table.items():
            where = self.at.table("confidence.answers", qid)
            slot = self.slots.get(qid)
            if slot is None or slot.kind == "text":
                self.problem(where, f"unknown button question '{qid}'; use a question id from "
                             "bot/content/flow.toml")
                continue
            if not isinstance(entry, dict) or set(entry) - {"positive", "difficulty"}:
                self.problem(where, f"'{qid}' must look like {{ positive = [\"...\"], "
                             "difficulty = [\"...\"] }")
                continue
            for key, target in (("positive", positive), ("difficulty", difficulty)):
                options = entry.get(key, [])
                if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
                    self.problem(where, f"'{qid}': {key} must be a list of option ids")
                    continue
                for option in options:
                    if option not in slot.options:
                        self.problem(where, f"'{qid}' has no option '{option}'; use one of "
                                     f"{', '.join(slot.options)}")
                target[qid] = frozenset(options)
        return positive, difficulty

    def _outcomes(self) -> tuple[dict, dict]:
        table = self.raw.get("outcomes") or {}
        suggestions: dict[str, tuple[str, ...]] = {}
        sources: dict[str, str] = {}
        for name in table:
            if name not in OUTCOMES:
                self.problem(self.at.table(f"outcomes.{name}"), f"unknown outcome '{name}'; "
                             f"use one of {', '.join(OUTCOMES)}")
        for name in OUTCOMES:
            entry = table.get(name)
            where = self.at.table(f"outcomes.{name}", "suggestions")
            if not isinstance(entry, dict):
                self.problem(self.at.table("outcomes"), f"[outcomes.{name}] is missing; add it "
                             "with suggestions = [\"...\"] and a source")
                continue
            keys = entry.get("suggestions")
            if (not isinstance(keys, list) or not keys
                    or not all(isinstance(k, str) and RULE_ID.match(k) for k in keys)):
                self.problem(where, f"[outcomes.{name}] needs suggestions = [\"key\", ...]: "
                             "one to three keys of lowercase letters, digits and _")
                continue
            if len(keys) > 3 or len(set(keys)) != len(keys):
                self.problem(where, f"[outcomes.{name}]: give at most three different "
                             "suggestions; a professional reads them in a minute")
            if not isinstance(entry.get("source"), str) or not entry["source"].strip():
                self.problem(self.at.table(f"outcomes.{name}"), f"[outcomes.{name}] needs a "
                             "source citing method.md or the research line numbers")
            suggestions[name] = tuple(keys)
            sources[name] = str(entry.get("source", ""))
        return suggestions, sources

    def _fits(self, suggestions: dict, open_questions: dict) -> dict:
        """[fits."<text key>"]: when_any / unless_any answers that decide whether an open
        question or suggestion fits this client (no 'last time you worked' after 'never
        worked')."""
        table = self.raw.get("fits") or {}
        known = {f"open_question.{k}" for keys in open_questions.values() for k in keys}
        known |= {f"suggestion.{o}.{k}" for o, keys in suggestions.items() for k in keys}
        fits: dict = {}
        if not isinstance(table, dict):
            self.problem(self.at.table("fits"), "[fits] must be a table of tables")
            return fits
        for name, entry in table.items():
            where = self.at.table(f'fits."{name}"')
            if name not in known:
                self.problem(where, f"[fits] names unknown text '{name}'; use "
                             "open_question.<key> or suggestion.<outcome>.<key> from this file")
                continue
            if not isinstance(entry, dict) or not set(entry) <= {"when_any", "unless_any"} \
                    or not entry:
                self.problem(where, f"[fits.\"{name}\"] takes when_any and/or unless_any")
                continue
            fits[name] = tuple(self._fit_conditions(where, name, entry.get(key, []), key)
                               for key in ("when_any", "unless_any"))
        return fits

    def _fit_conditions(self, where: str, name: str, items: object, key: str) -> tuple:
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            self.problem(where, f"'{name}': {key} must be a list like "
                         "[{ question = \"change\", options = [\"unchanged\"] }]")
            return ()
        found = []
        for item in items:
            qid = item.get("question")
            slot = self.slots.get(qid) if isinstance(qid, str) else None
            options = item.get("options")
            if slot is None or slot.kind == "text":
                self.problem(where, f"'{name}': {key} names unknown button question '{qid}'")
                continue
            if (not isinstance(options, list) or not options
                    or any(o not in slot.options for o in options)):
                self.problem(where, f"'{name}': {key} options for '{qid}' must be some of "
                             f"{', '.join(slot.options)}")
                continue
            found.append(When(qid, frozenset(options)))
        return tuple(found)

    # --- rules ----------------------------------------------------------------------------

    def _common(self, kind: str, index: int, entry: dict, seen: set[str]) -> tuple | None:
        rid = entry.get("id")
        if not isinstance(rid, str) or not RULE_ID.match(rid):
            self.problem(self.at.block(kind, index, "id"), f"a [[{kind}]] needs an id of "
                         "lowercase letters, digits and _, e.g. id = \"dropout_several\"")
            return None
        if rid in seen:
            self.problem(self.at.block(kind, index, "id"), f"rule id '{rid}' is used twice; "
                         "give each rule its own id")
        seen.add(rid)
        towards = entry.get("towards")
        if towards not in OUTCOMES:
            self.problem(self.at.block(kind, index, "towards"), f"rule '{rid}': unknown "
                         f"stagnation '{towards}'; use one of {', '.join(OUTCOMES)}")
        weight = entry.get("weight")
        if not _number(weight) or weight < 0:
            self.problem(self.at.block(kind, index, "weight"), f"rule '{rid}': weight must be a "
                         "number of 0 or more, e.g. weight = 0.5 (a negative weight would let "
                         "more evidence lower a score)")
            weight = 0.0
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            self.problem(self.at.block(kind, index), f"rule '{rid}': add source = \"...\" "
                         "citing method.md or the research line numbers")
            source = ""
        return rid, towards, float(weight), source

    def _expand(self, kind: str, index: int, rid: str, pattern: object) -> tuple[str, ...]:
        if not isinstance(pattern, str) or not pattern:
            self.problem(self.at.block(kind, index, "question"), f"rule '{rid}': question must "
                         "be a question id such as \"work_dropout\" (or \"value.*.room\")")
            return ()
        found = tuple(s for s in self.slots if fnmatch.fnmatchcase(s, pattern)) if (
            "*" in pattern) else ((pattern,) if pattern in self.slots else ())
        if not found:
            self.problem(self.at.block(kind, index, "question"), f"rule '{rid}': unknown "
                         f"question '{pattern}'; use a question id from bot/content/flow.toml")
        for qid in found:
            if self.slots[qid].kind == "text":
                self.problem(self.at.block(kind, index, "question"), f"rule '{rid}': "
                             f"'{qid}' is an open question; use a [[phrase]] rule for own words")
                return ()
        return found

    def _options(self, kind: str, index: int, rid: str, questions: tuple[str, ...],
                 options: object, key: str = "options") -> frozenset[str]:
        if (not isinstance(options, list) or not options
                or not all(isinstance(o, str) for o in options)):
            self.problem(self.at.block(kind, index, key), f"rule '{rid}': {key} must be a "
                         "non-empty list of option ids, e.g. options = [\"yes\"]")
            return frozenset()
        for qid in questions:
            unknown = [o for o in options if o not in self.slots[qid].options]
            if unknown:
                self.problem(self.at.block(kind, index, key), f"rule '{rid}': question '{qid}' "
                             f"has no option {', '.join(repr(o) for o in unknown)}; use one of "
                             f"{', '.join(self.slots[qid].options)}")
        return frozenset(options)

    def _conditions(self, index: int, rid: str, entry: dict, key: str) -> tuple[When, ...]:
        items = entry.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            self.problem(self.at.block("rule", index, key), f"rule '{rid}': {key} must be a "
                         "list like [{ question = \"work_pressure\", options = [\"yes\"] }]")
            return ()
        conditions = []
        for item in items:
            qid = item.get("question")
            slot = self.slots.get(qid) if isinstance(qid, str) else None
            if slot is None or slot.kind == "text":
                self.problem(self.at.block("rule", index, key), f"rule '{rid}': {key} names "
                             f"unknown button question '{qid}'")
                continue
            options = self._options("rule", index, rid, (qid,), item.get("options"), key)
            conditions.append(When(qid, options))
        return tuple(conditions)

    def _benefit_factor(self, index: int, rid: str, entry: dict) -> tuple[tuple[str, float], ...]:
        table = entry.get("benefit_factor", {})
        if not isinstance(table, dict):
            self.problem(self.at.block("rule", index, "benefit_factor"), f"rule '{rid}': "
                         "benefit_factor must look like { wga_80_100 = 1.5, wajong = 0.5 }")
            return ()
        factors = []
        for benefit, factor in table.items():
            if benefit not in self.benefits:
                self.problem(self.at.block("rule", index, "benefit_factor"), f"rule '{rid}': "
                             f"unknown benefit '{benefit}'; use one of "
                             f"{', '.join(sorted(self.benefits))}")
            elif not _number(factor) or factor < 0:
                self.problem(self.at.block("rule", index, "benefit_factor"), f"rule '{rid}': "
                             f"the factor for {benefit} must be a number of 0 or more")
            else:
                factors.append((benefit, float(factor)))
        return tuple(factors)

    def _answer_rules(self, seen: set[str]) -> list[AnswerRule]:
        entries = self.raw.get("rule") or []
        rules = []
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            unknown = set(entry) - RULE_KEYS
            if unknown:
                self.problem(self.at.block("rule", index, sorted(unknown)[0]), f"[[rule]] has "
                             f"unknown key(s) {', '.join(sorted(unknown))}; allowed: "
                             f"{', '.join(sorted(RULE_KEYS))}")
            common = self._common("rule", index, entry, seen)
            if common is None:
                continue
            rid, towards, weight, source = common
            questions = self._expand("rule", index, rid, entry.get("question"))
            options = self._options("rule", index, rid, questions, entry.get("options")) if (
                questions) else frozenset()
            rules.append(AnswerRule(
                rid, questions, options, towards, weight, source,
                self._benefit_factor(index, rid, entry),
                self._conditions(index, rid, entry, "when_any"),
                self._conditions(index, rid, entry, "unless_any"),
            ))
        return rules

    def _phrase_rules(self, seen: set[str]) -> list[PhraseRule]:
        entries = self.raw.get("phrase") or []
        rules = []
        languages = self.content.languages
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            unknown = set(entry) - PHRASE_KEYS - set(languages)
            if unknown:
                self.problem(self.at.block("phrase", index, sorted(unknown)[0]), f"[[phrase]] "
                             f"has unknown key(s) {', '.join(sorted(unknown))}; allowed: "
                             f"{', '.join(sorted(PHRASE_KEYS | set(languages)))}")
            common = self._common("phrase", index, entry, seen)
            if common is None:
                continue
            rid, towards, weight, source = common
            by_lang = []
            for lang in languages:
                phrases = entry.get(lang)
                if (not isinstance(phrases, list) or not phrases
                        or not all(isinstance(p, str) and fold(p).split() for p in phrases)):
                    self.problem(self.at.block("phrase", index, lang), f"rule '{rid}': {lang} "
                                 f"needs a non-empty list of phrases, e.g. {lang} = "
                                 "[\"zo snel mogelijk\"], with no empty entries")
                    continue
                by_lang.append((lang, tuple(phrases)))
            everything = [p for _, phrases in by_lang for p in phrases]
            rules.append(PhraseRule(rid, towards, weight, source, tuple(by_lang),
                                    compile_phrases(everything)))
        return rules

    def _check_monotone(self, rules: list[AnswerRule]) -> None:
        """An `unless_any` answer that also counts towards the same outcome would let adding
        evidence lower that outcome's score; refuse it."""
        for index, rule in enumerate(rules):
            for cond in rule.unless_any:
                for other in rules:
                    if (other.towards == rule.towards and cond.question in other.questions
                            and cond.options & other.options):
                        self.problem(self.at.block("rule", index, "unless_any"), f"rule "
                                     f"'{rule.id}': its unless_any answer {cond.question} also "
                                     f"counts towards {rule.towards} (rule '{other.id}'), so "
                                     "more evidence could lower that score; pick another "
                                     "condition")

    def parse(self) -> Rules:
        raw = self.raw
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(f"{self.at.path}:1", "start the file with version = 1 (a whole number)")
            version = 1
        scoring = raw.get("scoring") or {}
        scale = scoring.get("scale", 3.0)
        if not _number(scale) or scale <= 0:
            self.problem(self.at.table("scoring", "scale"), "scale must be a number above 0, "
                         "e.g. scale = 3.0")
            scale = 3.0
        words_cap = scoring.get("words_cap", 1.0)
        if not _number(words_cap) or words_cap < 0:
            self.problem(self.at.table("scoring", "words_cap"), "words_cap must be a number of "
                         "0 or more, e.g. words_cap = 1.0")
            words_cap = 1.0
        conf = raw.get("confidence") or {}
        coverage_high = self._fraction(conf, "confidence", "coverage_high", 0.75)
        coverage_medium = self._fraction(conf, "confidence", "coverage_medium", 0.5)
        if coverage_medium > coverage_high:
            self.problem(self.at.table("confidence", "coverage_medium"), "coverage_medium must "
                         "not be above coverage_high")
        lead_margin = self._fraction(conf, "confidence", "lead_margin", 0.1)
        self_view_close = self._fraction(conf, "confidence", "self_view_close", 0.8)
        close_ratio = self._fraction(conf, "confidence", "close_ratio", 0.75)
        medium_max_drops = self._count(conf, "confidence", "medium_max_drops", 1)
        evidence = raw.get("evidence") or {}
        min_answered = self._count(evidence, "evidence", "min_answered", 7)
        polite_max = self._count(evidence, "evidence", "polite_max_difficulty", 1)
        polite_words = self._count(evidence, "evidence", "polite_min_words", 8)
        open_questions = {kind: self._keys(evidence, "evidence", f"open_questions_{kind}")
                          for kind in ("thin", "polite")}
        in_research = self._benefit_list(conf, "in_research")
        outside = self._benefit_list(conf, "outside_research")
        if in_research & outside:
            self.problem(self.at.table("confidence", "outside_research"), "a benefit is both "
                         "in_research and outside_research; keep it in one list")
        positive, difficulty = self._answer_classes()
        suggestions, sources = self._outcomes()
        fits = self._fits(suggestions, open_questions)
        seen: set[str] = set()
        answer_rules = self._answer_rules(seen)
        phrase_rules = self._phrase_rules(seen)
        if not answer_rules:
            self.problem(f"{self.at.path}:1", "there are no [[rule]] entries; the profile needs "
                         "button rules")
        self._check_monotone(answer_rules)
        running_check = self._rule_ids(conf, answer_rules, phrase_rules)
        if self.problems:
            raise ProfileRulesError(self.problems)
        by_question: dict[str, list[AnswerRule]] = {}
        for rule in answer_rules:
            for qid in rule.questions:
                by_question.setdefault(qid, []).append(rule)
        signal = sorted({q for q in by_question if not q.startswith("value.")},
                        key=lambda q: self.slots[q].order)
        return Rules(
            version=version, scale=float(scale), words_cap=float(words_cap),
            coverage_high=coverage_high, coverage_medium=coverage_medium,
            lead_margin=lead_margin, self_view_close=self_view_close,
            close_ratio=close_ratio, medium_max_drops=medium_max_drops,
            running_check=running_check, min_answered=min_answered,
            polite_max_difficulty=polite_max, polite_min_words=polite_words,
            open_questions=open_questions,
            in_research=in_research, outside_research=outside,
            positive=positive, difficulty=difficulty,
            suggestions=suggestions, fits=fits, outcome_sources=sources,
            answer_rules=tuple(answer_rules), phrase_rules=tuple(phrase_rules),
            signal_questions=tuple(signal),
            by_question={q: tuple(rs) for q, rs in by_question.items()},
            slots=self.slots,
            potential={benefit: _potential(by_question, self.slots, benefit)
                       for benefit in ("", *sorted(self.benefits))},
        )


def _potential(by_question: dict[str, list[AnswerRule]], all_slots: dict[str, Slot],
               benefit: str) -> dict[str, dict[str, float]]:
    """Per question and outcome, the largest weight any answer could add: the best single
    option for a choice, the best `max` options for a multi. Conditions are ignored (an upper
    bound), so a missing answer is never assumed to matter less than it could."""
    table: dict[str, dict[str, float]] = {}
    for qid, rules in by_question.items():
        slot = all_slots[qid]
        per_outcome: dict[str, float] = {}
        for outcome in OUTCOMES:
            per_option = sorted(
                (sum(r.weight * r.factor(benefit) for r in rules
                     if r.towards == outcome and option in r.options)
                 for option in slot.options),
                reverse=True,
            )
            take = slot.max if slot.kind == "multi" else 1
            best = sum(per_option[:take])
            if best > 0:
                per_outcome[outcome] = best
        table[qid] = per_outcome
    return table
