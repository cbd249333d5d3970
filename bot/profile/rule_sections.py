"""Reading profile.toml's tables (scoring, confidence, evidence, outcomes, fits) with located
problems: tomllib keeps no line numbers, so `Locator` finds the table headers, and every
problem says "file:line: what is wrong, how to fix". rule_parser.py reads the rules on top."""

from __future__ import annotations

import math
import re
from pathlib import Path

from bot.content.model import Content
from bot.flows.slots import answerable
from bot.profile.rule_model import BENEFIT_SET, OUTCOMES, RULE_ID, When


class Locator:
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


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)

class Sections:
    """The tables of profile.toml; problems are collected, not raised, so one check lists
    them all."""

    def __init__(self, content: Content, path: Path, text: str, raw: dict):
        self.content = content
        self.raw = raw
        self.at = Locator(path, text)
        self.problems: list[str] = []
        self.slots = answerable(content)
        benefit_set = content.option_sets.get(BENEFIT_SET)
        self.benefits = set(benefit_set.options if benefit_set else ())

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # --- sections -------------------------------------------------------------------------

    def _fraction(self, table: dict, name: str, key: str, default: float) -> float:
        value = table.get(key, default)
        if not is_number(value) or not 0 <= value <= 1:
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
                    if option not in slot.choices:
                        self.problem(where, f"'{qid}' has no option '{option}'; use one of "
                                     f"{', '.join(slot.choices)}")
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
                    or any(o not in slot.choices for o in options)):
                self.problem(where, f"'{name}': {key} options for '{qid}' must be some of "
                             f"{', '.join(slot.choices)}")
                continue
            found.append(When(qid, frozenset(options)))
        return tuple(found)
