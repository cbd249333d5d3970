"""Find crisis wording in a client's own words: rules of words, word forms, order and gaps.

The rules are content (`bot/content/crisis.toml`, explained in docs/content.md), read by
`bot.flows.crisis_rules`. Here is only the matching, kept small and explainable:

- Text is folded the way people type on a phone: no accents, no capitals, no apostrophes
  ("Suïcide" = "suicide", "don't" = "dont", "m'n" = "mn"); hyphens separate words.
- It is split into sentences (. ! ? ; and line breaks) and each sentence into words.
- A rule is a list of terms that must all occur in one sentence, in any order or in the given
  order, optionally within N words. A term is one or more alternatives (`a|b`); an alternative
  is one word or several adjacent words; a word may end in `*` (any ending).
- An exception is written like a rule; it removes a rule's match only when it shares a word with
  that match (so "kill for a job" in one clause cannot hide "kill myself" in the next), unless
  one of its `unless` terms occurs in the sentence.

We only ever need to know *whether* something matched, so nothing of the words is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

APOSTROPHES = str.maketrans("", "", "'’‘`´ʼ")
WORD = re.compile(r"[^\W_]+")
SENTENCE_END = re.compile(r"[.!?;\n\r…]+")
# Closes every sentence's words; `$` in a rule.
END = "$"
# Enough for any real sentence; stops a pathological text from costing more than a moment.
MAX_COMBINATIONS = 400


def fold(text: str) -> str:
    """Lower-case and strip accents so 'Zelfmóórd' and 'zelfmoord' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _phrase_word(word: str) -> str:
    """One word of a profile phrase as a pattern: a final `*` means any ending ("uitgeval*"
    finds "uitgevallen" and "uitvallen" does not), and an apostrophe may be typed straight,
    curly or not at all ("don't", "don’t", "dont")."""
    stem, open_end = (word[:-1], True) if word.endswith("*") and len(word) > 1 else (word, False)
    pattern = "['’]?".join(re.escape(piece) for piece in re.split("['’]", stem))
    return pattern + (r"\w*" if open_end else "")


def compile_phrases(phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern for a list of phrases on word boundaries (used by the profile rules)."""
    parts = [r"\s+".join(_phrase_word(w) for w in fold(p).split()) for p in phrases if p.strip()]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?!\w)")


def phone_fold(text: str) -> str:
    """Fold as `fold` and drop apostrophes: "Don’t" → "dont", "m'n" → "mn", "'k" → "k"."""
    return fold(text).translate(APOSTROPHES)


def words(text: str) -> list[str]:
    return WORD.findall(phone_fold(text))


def sentences(text: str) -> list[list[str]]:
    """The words of each sentence, each closed by END (never a word, so a rule can say "at
    the end of the sentence" with $); empty sentences are dropped."""
    folded = phone_fold(text)
    return [[*found, END] for part in SENTENCE_END.split(folded)
            if (found := WORD.findall(part))]


# ----- compiled rules ---------------------------------------------------------------------

# One word of a pattern: (exact word, "") or ("", prefix) for a word written with a final *.
Atom = tuple[str, str]
Sequence = tuple[Atom, ...]


@dataclass(frozen=True)
class Term:
    """Alternatives for one place in a rule; each alternative is a run of adjacent words."""

    source: str
    alternatives: tuple[Sequence, ...]
    by_first: dict[str, tuple[Sequence, ...]] = field(default_factory=dict, compare=False)
    by_prefix: tuple[tuple[str, Sequence], ...] = ()
    prefixes: tuple[str, ...] = ()

    @classmethod
    def of(cls, source: str, alternatives: tuple[Sequence, ...]) -> Term:
        by_first: dict[str, list[Sequence]] = {}
        by_prefix: list[tuple[str, Sequence]] = []
        for seq in alternatives:
            word, prefix = seq[0]
            if word:
                by_first.setdefault(word, []).append(seq)
            else:
                by_prefix.append((prefix, seq))
        return cls(source, alternatives, {k: tuple(v) for k, v in by_first.items()},
                   tuple(by_prefix), tuple(sorted({p for p, _ in by_prefix})))

    def spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """(start, end) of every place the term occurs, end exclusive."""
        found = []
        n = len(tokens)
        by_first, prefixes = self.by_first, self.prefixes
        for i, token in enumerate(tokens):
            candidates = by_first.get(token, ())
            if prefixes and token.startswith(prefixes):
                candidates = (*candidates, *(seq for prefix, seq in self.by_prefix
                                             if token.startswith(prefix)))
            for seq in candidates:
                end = i + len(seq)
                if end > n:
                    continue
                k = i + 1
                for word, prefix in seq[1:]:
                    token_k = tokens[k]
                    if (token_k != word) if word else not token_k.startswith(prefix):
                        break
                    k += 1
                else:
                    found.append((i, end))
        return sorted(set(found)) if len(found) > 1 else found

    def could_occur(self, present: set[str]) -> bool:
        """Cheap test before the full search: is a first word of this term in the sentence?"""
        if not present.isdisjoint(self.by_first):
            return True
        prefixes = self.prefixes
        return bool(prefixes) and any(token.startswith(prefixes) for token in present)


@dataclass(frozen=True)
class Pattern:
    """Terms that must all occur in one sentence, in any or the given order, within N words."""

    terms: tuple[Term, ...]
    ordered: bool = False
    within: int | None = None

    def matches(self, tokens: list[str], present: set[str],
                blocked: frozenset[int] = frozenset()) -> Iterator[frozenset[int]]:
        """Every way the pattern occurs, as the set of word positions it uses; none of them
        touching a `blocked` position."""
        if not all(term.could_occur(present) for term in self.terms):
            return
        spans = [term.spans(tokens) for term in self.terms]
        if blocked:
            spans = [[(a, b) for a, b in found if blocked.isdisjoint(range(a, b))]
                     for found in spans]
        if not all(spans):
            return
        budget = [MAX_COMBINATIONS]
        yield from self._combine(spans, 0, [], budget)

    def _combine(self, spans, index, chosen, budget) -> Iterator[frozenset[int]]:
        if budget[0] <= 0:
            return
        if index == len(spans):
            budget[0] -= 1
            yield frozenset(p for start, end in chosen for p in range(start, end))
            return
        for span in spans[index]:
            start, end = span
            if self.ordered and chosen and start < chosen[-1][1]:
                continue
            if any(start < e and s < end for s, e in chosen):
                continue
            if self.within is not None:
                low = min([start, *(s for s, _ in chosen)])
                high = max([end, *(e for _, e in chosen)])
                if high - low > self.within:
                    continue
            chosen.append(span)
            yield from self._combine(spans, index + 1, chosen, budget)
            chosen.pop()

    def occurs(self, tokens: list[str], present: set[str],
               blocked: frozenset[int] = frozenset()) -> bool:
        return next(self.matches(tokens, present, blocked), None) is not None


@dataclass(frozen=True)
class Exclusion:
    """Everyday wording that removes a rule's match when it shares a word with it."""

    id: str
    pattern: Pattern
    rules: frozenset[str] | None = None  # None: every rule of the language
    unless: tuple[Term, ...] = ()

    def applies_to(self, rule_id: str) -> bool:
        return self.rules is None or rule_id in self.rules


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: Pattern


@dataclass(frozen=True)
class RuleSet:
    """One language's rules and exceptions."""

    rules: tuple[Rule, ...]
    exceptions: tuple[Exclusion, ...] = ()

    @cached_property
    def _index(self) -> tuple[dict[str, tuple[Rule, ...]], tuple[Rule, ...]]:
        """Each rule under the first words of its most selective term (one without a *), so a
        sentence is only tried against rules one of its words can start; rules whose terms all
        have a * ending are always tried."""
        by_word: dict[str, list[Rule]] = {}
        always: list[Rule] = []
        for rule in self.rules:
            exact = [t for t in rule.pattern.terms if not t.prefixes]
            if not exact:
                always.append(rule)
                continue
            anchor = min(exact, key=lambda t: len(t.by_first))
            for word in anchor.by_first:
                by_word.setdefault(word, []).append(rule)
        return {w: tuple(r) for w, r in by_word.items()}, tuple(always)

    def _candidates(self, sentence: Sentence) -> list[Rule]:
        by_word, always = self._index
        seen = {id(r) for r in always}
        found = list(always)
        for token in sentence.present:
            for rule in by_word.get(token, ()):
                if id(rule) not in seen:
                    seen.add(id(rule))
                    found.append(rule)
        return found

    def matching_rules(self, text: str, foreign: tuple[Exclusion, ...] = ()) -> list[str]:
        """Ids of the rules that match somewhere in the text (after exceptions)."""
        hits = []
        for tokens in sentences(text):
            sentence = Sentence(tokens)
            candidates = {id(r) for r in self._candidates(sentence)}
            for rule in (r for r in self.rules if id(r) in candidates):
                if rule.id not in hits and self._rule_in(rule, sentence, foreign):
                    hits.append(rule.id)
        return hits

    def matches(self, text: str, foreign: tuple[Exclusion, ...] = ()) -> bool:
        """`foreign`: another language's exceptions, applied to every rule here — "career
        suicide" in an English sentence also explains the Dutch rule that finds "suicide"."""
        for tokens in sentences(text):
            sentence = Sentence(tokens)
            if any(self._rule_in(rule, sentence, foreign) for rule in self._candidates(sentence)):
                return True
        return False

    def _rule_in(self, rule: Rule, sentence: Sentence,
                 foreign: tuple[Exclusion, ...] = ()) -> bool:
        """A match survives when it shares no word with any exception's match, so the words
        exceptions cover are simply taken out before looking again."""
        tokens, present = sentence.tokens, sentence.present
        if not rule.pattern.occurs(tokens, present):
            return False
        blocked: set[int] = set()
        for exc in self.exceptions:
            if exc.applies_to(rule.id):
                blocked.update(*sentence.covers(exc))
        for exc in foreign:
            blocked.update(*sentence.covers(exc))
        return not blocked or rule.pattern.occurs(tokens, present, frozenset(blocked))


class Sentence:
    """One sentence's words, with each exception's matches worked out once."""

    __slots__ = ("_covers", "present", "tokens")

    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.present = set(tokens)
        self._covers: dict[int, list[frozenset[int]]] = {}

    def covers(self, exc: Exclusion) -> list[frozenset[int]]:
        key = id(exc)
        if key not in self._covers:
            tokens, present = self.tokens, self.present
            if any(term.could_occur(present) and term.spans(tokens) for term in exc.unless):
                self._covers[key] = []
            else:
                self._covers[key] = list(exc.pattern.matches(tokens, present))
        return self._covers[key]


class CrisisMatcher:
    """Checks text against every language's rules: a client may write in any of them.

    With `lang` (the client's language) its exceptions also explain the other languages'
    matches; without it every language's exceptions explain every other's."""

    def __init__(self, rules_by_lang: dict[str, RuleSet] | None = None):
        self.by_lang = dict(rules_by_lang or {})
        self._foreign: dict[tuple[str, str | None], tuple[Exclusion, ...]] = {}

    def _foreign_for(self, code: str, lang: str | None) -> tuple[Exclusion, ...]:
        key = (code, lang)
        if key not in self._foreign:
            others = [lang] if lang and lang != code else (
                [] if lang else [c for c in self.by_lang if c != code])
            self._foreign[key] = tuple(exc for other in others if other in self.by_lang
                                       for exc in self.by_lang[other].exceptions)
        return self._foreign[key]

    def matches(self, text: str, lang: str | None = None) -> bool:
        return any(rule_set.matches(text, self._foreign_for(code, lang))
                   for code, rule_set in self.by_lang.items())

    def matching_rules(self, text: str, lang: str | None = None) -> list[str]:
        """`lang:rule` of every rule that matches, to explain a result to a coordinator."""
        return [f"{code}:{rid}" for code, rule_set in self.by_lang.items()
                for rid in rule_set.matching_rules(text, self._foreign_for(code, lang))]
