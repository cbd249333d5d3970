"""Reading profile.toml's [[rule]] and [[phrase]] entries on top of its tables
(rule_sections.py) into `Rules` (rule_model.py), every problem located."""

from __future__ import annotations

import fnmatch

from bot.flows.crisis import compile_phrases, fold
from bot.flows.slots import Slot
from bot.profile.rule_model import (
    OUTCOMES,
    PHRASE_KEYS,
    RULE_ID,
    RULE_KEYS,
    AnswerRule,
    PhraseRule,
    ProfileRulesError,
    Rules,
    When,
)
from bot.profile.rule_sections import Sections, is_number


class Parser(Sections):
    """profile.toml as a whole: `parse()` returns the Rules or raises every problem at once."""

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
        if not is_number(weight) or weight < 0:
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
            unknown = [o for o in options if o not in self.slots[qid].choices]
            if unknown:
                self.problem(self.at.block(kind, index, key), f"rule '{rid}': question '{qid}' "
                             f"has no option {', '.join(repr(o) for o in unknown)}; use one of "
                             f"{', '.join(self.slots[qid].choices)}")
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
            elif not is_number(factor) or factor < 0:
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

    def _scoring(self) -> dict:
        """[scoring], [confidence] and [evidence]: the numbers that weigh and judge a profile."""
        raw = self.raw
        scoring = raw.get("scoring") or {}
        scale = scoring.get("scale", 3.0)
        if not is_number(scale) or scale <= 0:
            self.problem(self.at.table("scoring", "scale"), "scale must be a number above 0, "
                         "e.g. scale = 3.0")
            scale = 3.0
        words_cap = scoring.get("words_cap", 1.0)
        if not is_number(words_cap) or words_cap < 0:
            self.problem(self.at.table("scoring", "words_cap"), "words_cap must be a number of "
                         "0 or more, e.g. words_cap = 1.0")
            words_cap = 1.0
        conf = raw.get("confidence") or {}
        found = {"scale": float(scale), "words_cap": float(words_cap)}
        for key, default in (("coverage_high", 0.75), ("coverage_medium", 0.5),
                             ("lead_margin", 0.1), ("self_view_close", 0.8),
                             ("close_ratio", 0.75)):
            found[key] = self._fraction(conf, "confidence", key, default)
        if found["coverage_medium"] > found["coverage_high"]:
            self.problem(self.at.table("confidence", "coverage_medium"), "coverage_medium must "
                         "not be above coverage_high")
        found["medium_max_drops"] = self._count(conf, "confidence", "medium_max_drops", 1)
        evidence = raw.get("evidence") or {}
        found["min_answered"] = self._count(evidence, "evidence", "min_answered", 7)
        found["polite_max_difficulty"] = self._count(evidence, "evidence",
                                                     "polite_max_difficulty", 1)
        found["polite_min_words"] = self._count(evidence, "evidence", "polite_min_words", 8)
        found["open_questions"] = {kind: self._keys(evidence, "evidence",
                                                    f"open_questions_{kind}")
                                   for kind in ("thin", "polite")}
        found["in_research"] = self._benefit_list(conf, "in_research")
        found["outside_research"] = self._benefit_list(conf, "outside_research")
        if found["in_research"] & found["outside_research"]:
            self.problem(self.at.table("confidence", "outside_research"), "a benefit is both "
                         "in_research and outside_research; keep it in one list")
        return found

    def parse(self) -> Rules:
        version = self.raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(f"{self.at.path}:1", "start the file with version = 1 (a whole number)")
            version = 1
        numbers = self._scoring()
        positive, difficulty = self._answer_classes()
        suggestions, sources = self._outcomes()
        fits = self._fits(suggestions, numbers["open_questions"])
        seen: set[str] = set()
        answer_rules = self._answer_rules(seen)
        phrase_rules = self._phrase_rules(seen)
        if not answer_rules:
            self.problem(f"{self.at.path}:1", "there are no [[rule]] entries; the profile needs "
                         "button rules")
        self._check_monotone(answer_rules)
        running_check = self._rule_ids(self.raw.get("confidence") or {}, answer_rules,
                                       phrase_rules)
        if self.problems:
            raise ProfileRulesError(self.problems)
        by_question: dict[str, list[AnswerRule]] = {}
        for rule in answer_rules:
            for qid in rule.questions:
                by_question.setdefault(qid, []).append(rule)
        order = {qid: i for i, qid in enumerate(self.slots)}
        signal = sorted((q for q in by_question if not q.startswith("value.")), key=order.get)
        return Rules(
            version=version, **numbers, running_check=running_check,
            positive=positive, difficulty=difficulty,
            suggestions=suggestions, fits=fits, outcome_sources=sources,
            answer_rules=tuple(answer_rules), phrase_rules=tuple(phrase_rules),
            signal_questions=tuple(signal),
            by_question={q: tuple(rs) for q, rs in by_question.items()},
            slots=self.slots, order=order,
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
                 for option in slot.choices),
                reverse=True,
            )
            take = slot.max if slot.kind == "multi" else 1
            best = sum(per_option[:take])
            if best > 0:
                per_outcome[outcome] = best
        table[qid] = per_outcome
    return table
