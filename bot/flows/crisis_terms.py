"""The words of a crisis rule: one term ("ik {willen} dood|niet meer leven") into the word runs
it stands for, and sample sentences built from a pattern's own words.

The syntax (docs/content.md, "Crisis rules"): words separated by spaces, alternatives with |,
a word family as {name}, * at the end of a word for any ending, $ for the end of a sentence.
A mistake raises TermError; bot/flows/crisis_rules.py locates it in crisis.toml.
"""

from __future__ import annotations

import itertools
import re

from bot.flows.crisis import END, WORD, Atom, Pattern, Sequence, Term, phone_fold

FAMILY = re.compile(r"^\{([a-z0-9_-]+)\}$")
# A written word: letters and digits, apostrophes and hyphens inside, at most one final *.
PLAIN = re.compile(r"^[^\W_]+(?:[-'’‘`´ʼ][^\W_]*)*\*?$")
SENTENCE_MARKS = set(".!?;…")
# A family or a term expands to at most this many word runs: enough for any real inflection table.
MAX_EXPANSION = 2000
SYNTAX_HELP = ("write words separated by spaces, alternatives with |, a word family as {name}, "
               "and * at the end of a word for any ending")


class TermError(ValueError):
    """A term that cannot be used; `never` when it is valid but can never match a sentence."""

    def __init__(self, message: str, never: bool = False):
        super().__init__(message)
        self.never = never


def parse_word(piece: str) -> Sequence:
    """One written word (or hyphenated words) into atoms; raises TermError."""
    if piece == END:
        return ((END, ""),)
    if any(c in SENTENCE_MARKS for c in piece):
        raise TermError(f"'{piece}' holds a sentence mark (. ! ? ;): words are matched within "
                        "one sentence, so this can never match", never=True)
    if not PLAIN.match(piece):
        raise TermError(f"'{piece}' is not rule syntax; {SYNTAX_HELP}")
    star = piece.endswith("*")
    found = WORD.findall(phone_fold(piece.removesuffix("*")))
    if not found:
        raise TermError(f"'{piece}' has no letters; {SYNTAX_HELP}")
    atoms: list[Atom] = [(w, "") for w in found]
    if star:
        atoms[-1] = ("", found[-1])
    return tuple(atoms)


def parse_alternative(text: str, families: dict[str, tuple[Sequence, ...]] | None) -> list[
        Sequence]:
    """'ik {willen} dood' → every run of words it stands for."""
    pieces = text.split()
    if not pieces:
        raise TermError(f"an empty alternative ('{text}'); {SYNTAX_HELP}")
    options: list[tuple[Sequence, ...]] = []
    for piece in pieces:
        family = FAMILY.match(piece.strip().lower())
        if family:
            if families is None:
                raise TermError(f"'{piece}': a word family cannot name another family")
            name = family.group(1)
            if name not in families:
                raise TermError(f"unknown word family {{{name}}}; define it under "
                                "[<lang>.words]")
            options.append(families[name])
        elif "{" in piece or "}" in piece:
            raise TermError(f"'{piece}' is not rule syntax; a word family is written "
                            "{name} with lower-case letters, digits, - or _")
        else:
            options.append((parse_word(piece),))
    total = 1
    for option in options:
        total *= len(option)
    if total > MAX_EXPANSION:
        raise TermError(f"'{text}' stands for {total} word runs; split it into smaller terms")
    return [tuple(atom for seq in combo for atom in seq) for combo in itertools.product(*options)]


def parse_term(source: str, families: dict[str, tuple[Sequence, ...]] | None) -> Term:
    if not isinstance(source, str):
        raise TermError(f"{source!r} is not text; write each term in quotes")
    alternatives: list[Sequence] = []
    for alt in source.split("|"):
        alternatives += parse_alternative(alt, families)
    unique = tuple(dict.fromkeys(alternatives))
    return Term.of(source, unique)


def min_words(term: Term) -> int:
    return min(len(seq) for seq in term.alternatives)


def samples(pattern: Pattern, limit: int = 80) -> list[list[str]]:
    """Sentences built from the pattern's own words, every alternative used at least once
    (in the given order and, for order "any", reversed too)."""
    widest = max(len(t.alternatives) for t in pattern.terms)
    built = []
    for i in range(min(widest, limit)):
        runs = [t.alternatives[i % len(t.alternatives)] for t in pattern.terms]
        orders = [runs] if pattern.ordered else [runs, runs[::-1]]
        for order in orders:
            built.append([word or prefix for seq in order for word, prefix in seq])
    return built
