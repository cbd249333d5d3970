"""Read `bot/content/crisis.toml` into matchers, and say where and why a rule is wrong.

The format (docs/content.md, "Crisis rules") per language:

    [nl.words]                      # word families: {name} in a term stands for all of them
    willen = ["wil", "wilt", "willen", "wou", "wilde"]

    [[nl.rule]]
    id = "niet-meer-leven"
    words = ["{willen}", "niet meer|niet langer", "{leven}"]
    order = "any"                   # or "given"; default any
    within = 6                      # optional: all words within 6 words; default the sentence

    [[nl.except]]
    id = "leven-van-uitkering"
    words = ["{leven} van", "uitkering|bijstand"]
    order = "given"
    rules = ["niet-meer-leven"]     # optional; default every rule of the language
    unless = ["expres"]             # optional: the exception does not count when these occur

Every problem comes back as (line, message); `content check` adds the file name. The words
of one term (syntax, word families, sample sentences) are read in crisis_terms.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.content.model import CONTENT_DIR, toml_error_line
from bot.flows.crisis import (
    CrisisMatcher,
    Exclusion,
    Pattern,
    Rule,
    RuleSet,
    Sentence,
    Sequence,
    Term,
)
from bot.flows.crisis_terms import FAMILY, TermError, min_words, parse_term, samples

CRISIS_FILE = "crisis.toml"
RULE_KEYS = {"id", "words", "order", "within"}
EXCEPT_KEYS = RULE_KEYS | {"rules", "unless"}
ORDERS = {"any": False, "given": True}


class Problems:
    """Located problems of one file, found by scanning its text for the block and the words."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines()
        self.found = []

    def add(self, line: int, message: str) -> None:
        self.found.append((line, message))

    def header(self, name: str, index: int = 0) -> int:
        """Line of the index-th `[name]` / `[[name]]` header (1 when absent)."""
        seen = 0
        for n, line in enumerate(self.lines, start=1):
            stripped = line.strip().replace(" ", "")
            if stripped in (f"[{name}]", f"[[{name}]]"):
                if seen == index:
                    return n
                seen += 1
        return 1

    def within_block(self, start: int, needle: str) -> int:
        """First line from `start` up to the next header that holds `needle`; else `start`."""
        for n in range(start, len(self.lines) + 1):
            line = self.lines[n - 1]
            if n > start and line.lstrip().startswith("["):
                break
            if needle in line:
                return n
        return start


class RuleReader:
    """Parses one language's section, collecting located problems instead of stopping."""

    def __init__(self, lang: str, section: dict, problems: Problems):
        self.lang = lang
        self.section = section
        self.problems = problems
        self.families: dict[str, tuple[Sequence, ...]] = {}

    def read(self) -> RuleSet:
        self._families()
        rules = self._entries("rule", RULE_KEYS)
        rule_ids = {r.id for r in rules}
        exceptions = self._entries("except", EXCEPT_KEYS, rule_ids)
        rule_set = RuleSet(tuple(rules), tuple(exceptions))
        self._never_after_exceptions(rule_set)
        return rule_set

    def _families(self) -> None:
        table = self.section.get("words", {})
        line = self.problems.header(f"{self.lang}.words")
        if not isinstance(table, dict):
            self.problems.add(line, f"[{self.lang}.words] must be a table of families, e.g. "
                              'willen = ["wil", "wilt", "willen"]')
            return
        for name, forms in table.items():
            where = self.problems.within_block(line, f"{name} =") if line > 1 else 1
            if not FAMILY.match("{" + name + "}"):
                self.problems.add(where, f"[{self.lang}.words] '{name}': a family name uses "
                                  "lower-case letters, digits, - or _")
                continue
            if not isinstance(forms, list) or not forms:
                self.problems.add(where, f"[{self.lang}.words] '{name}' needs a non-empty list "
                                  'of word forms, e.g. ["wil", "wilt"]')
                continue
            runs: list[Sequence] = []
            for form in forms:
                try:
                    runs += parse_term(form, None).alternatives
                except TermError as exc:
                    self.problems.add(where, f"[{self.lang}.words] '{name}': {exc}")
            self.families[name] = tuple(dict.fromkeys(runs))

    def _entries(self, kind: str, keys: set[str], rule_ids: set[str] | None = None) -> list:
        entries = self.section.get(kind, [])
        label = f"[[{self.lang}.{kind}]]"
        if not isinstance(entries, list):
            self.problems.add(self.problems.header(f"{self.lang}.{kind}"),
                              f"{label} must be written as repeated {label} blocks")
            return []
        built, seen = [], set()
        for index, entry in enumerate(entries):
            line = self.problems.header(f"{self.lang}.{kind}", index)
            # Messages point at the id line: the one a coordinator searches for.
            line = self.problems.within_block(line, "id =")
            rid = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(rid, str) or not rid.strip():
                self.problems.add(line, f"{label} number {index + 1} needs an id = \"...\"")
                continue
            name = f"{'rule' if kind == 'rule' else 'exception'} '{rid}'"
            if rid in seen:
                self.problems.add(line, f"{name}: the id is used twice in {self.lang}; "
                                  "give each its own id")
            seen.add(rid)
            unknown = sorted(set(entry) - keys)
            if unknown:
                self.problems.add(self.problems.within_block(line, unknown[0]),
                                  f"{name}: unknown key '{unknown[0]}'; use "
                                  f"{', '.join(sorted(keys))}")
                continue
            pattern = self._pattern(entry, line, name)
            if pattern is None:
                continue
            if kind == "rule":
                built.append(Rule(rid, pattern))
                continue
            made = self._exclusion(entry, line, name, rid, pattern, rule_ids or set())
            if made:
                built.append(made)
        return built

    def _pattern(self, entry: dict, line: int, name: str) -> Pattern | None:
        terms_raw = entry.get("words")
        if not isinstance(terms_raw, list) or not terms_raw:
            self.problems.add(self.problems.within_block(line, "words"), f"{name} needs "
                              'words = ["...", "..."]: the terms that must all occur')
            return None
        order = entry.get("order", "any")
        if order not in ORDERS:
            self.problems.add(self.problems.within_block(line, "order"),
                              f"{name}: order = {order!r} is not known; use \"any\" or \"given\"")
            return None
        within = entry.get("within")
        if within is not None and (isinstance(within, bool) or not isinstance(within, int)
                                   or within < 1):
            self.problems.add(self.problems.within_block(line, "within"),
                              f"{name}: within = {within!r} must be a whole number of words, "
                              "at least 1 (or leave it out for the whole sentence)")
            return None
        terms = self._terms(terms_raw, line, name)
        if terms is None:
            return None
        needed = sum(min_words(t) for t in terms)
        if within is not None and needed > within:
            self.problems.add(self.problems.within_block(line, "within"),
                              f"{name} can never match: its terms need at least {needed} words "
                              f"but within = {within}; raise within or drop a term")
            return None
        return Pattern(tuple(terms), ORDERS[order], within)

    def _terms(self, raw: list, line: int, name: str) -> list[Term] | None:
        terms = []
        for source in raw:
            try:
                terms.append(parse_term(source, self.families))
            except TermError as exc:
                where = self.problems.within_block(line, f'"{source}"') if isinstance(
                    source, str) else line
                what = "can never match" if exc.never else "has a term that is not valid"
                self.problems.add(where, f"{name} {what}: {exc}")
                return None
        return terms

    def _exclusion(self, entry: dict, line: int, name: str, rid: str, pattern: Pattern,
                   rule_ids: set[str]) -> Exclusion | None:
        rules = entry.get("rules")
        if rules is not None:
            if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
                self.problems.add(self.problems.within_block(line, "rules"),
                                  f'{name}: rules must be a list of rule ids, e.g. ["a", "b"]')
                return None
            for missing in [r for r in rules if r not in rule_ids]:
                self.problems.add(self.problems.within_block(line, f'"{missing}"'),
                                  f"{name}: there is no rule '{missing}' in [{self.lang}]")
            rules = frozenset(r for r in rules if r in rule_ids)
        unless_raw = entry.get("unless", [])
        if not isinstance(unless_raw, list):
            self.problems.add(self.problems.within_block(line, "unless"),
                              f'{name}: unless must be a list of terms, e.g. ["expres"]')
            return None
        unless = self._terms(unless_raw, line, name)
        if unless is None:
            return None
        return Exclusion(rid, pattern, rules, tuple(unless))

    def _never_after_exceptions(self, rule_set: RuleSet) -> None:
        """An exception that removes every example built from a rule removes the rule."""
        for rule in rule_set.rules:
            built = [s for s in samples(rule.pattern) if rule.pattern.occurs(s, set(s))]
            if not built:
                continue
            for exc in rule_set.exceptions:
                if not exc.applies_to(rule.id):
                    continue
                alone = RuleSet((rule,), (exc,))
                if not any(alone._rule_in(rule, Sentence(s)) for s in built):
                    index = next(i for i, e in enumerate(self.section.get("except", []))
                                 if isinstance(e, dict) and e.get("id") == exc.id)
                    header = self.problems.header(f"{self.lang}.except", index)
                    self.problems.add(self.problems.within_block(header, "id ="),
                                      f"exception '{exc.id}' removes every match of rule "
                                      f"'{rule.id}' (tried {len(built)} examples such as "
                                      f"\"{' '.join(built[0])}\"); make the exception "
                                      "narrower, or limit it with rules = [...]")


def read_rules(text: str, languages: list[str]) -> tuple[dict[str, RuleSet], list[tuple[int, str]]]:
    """Rule sets for each language in the file, and every located problem."""
    problems = Problems(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, [(toml_error_line(exc), f"not valid TOML: {exc} (check quotes, commas and "
                     "brackets)")]
    sets: dict[str, RuleSet] = {}
    for lang in languages:
        section = data.get(lang)
        if not isinstance(section, dict) or not section.get("rule"):
            problems.add(problems.header(lang) if isinstance(section, dict) else 1,
                         f"[{lang}]: there are no crisis rules; write [[{lang}.rule]] blocks "
                         "(see docs/content.md, 'Crisis rules')")
            continue
        sets[lang] = RuleReader(lang, section, problems).read()
    return sets, sorted(problems.found)


def check_crisis(path: Path, languages: list[str]) -> list[tuple[int, str]]:
    if not path.exists():
        return [(1, "the crisis rules file is missing")]
    return read_rules(path.read_text(encoding="utf-8"), languages)[1]


def load_matcher(content_dir: Path = CONTENT_DIR, languages: list[str] | None = None
                 ) -> CrisisMatcher:
    """The matcher the bot uses; the file was checked at start-up (`content check`)."""
    text = (content_dir / CRISIS_FILE).read_text(encoding="utf-8")
    if languages is None:
        languages = [k for k, v in tomllib.loads(text).items() if isinstance(v, dict)]
    return CrisisMatcher(read_rules(text, languages)[0])
