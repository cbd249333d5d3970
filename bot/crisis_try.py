"""`python -m bot content crisis-try`: try the crisis rules on sentences before rolling out.

Without --corpus it reads sentences from standard input, one a line, and prints `referral` or
`none`, a tab and the sentence. With --corpus it runs the project's labelled corpus
(tests/crisis_corpus/<lang>*.txt: "+ sentence" must bring the referral, "- sentence" must not)
and prints the misses, then recall and false positives per language — one line each, last.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.flows.crisis import CrisisMatcher

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "crisis_corpus"


@dataclass(frozen=True)
class Labelled:
    lang: str
    referral: bool
    sentence: str
    where: str  # file:line, so a coordinator finds the sentence


@dataclass
class Figures:
    lang: str
    positives: int = 0
    negatives: int = 0
    found: int = 0
    false_alarms: int = 0
    misses: list[Labelled] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_alarms / self.negatives if self.negatives else 0.0

    def line(self) -> str:
        return (f"{self.lang}: recall {self.recall:.3f} ({self.found}/{self.positives})  "
                f"false positives {self.false_positive_rate:.3f} "
                f"({self.false_alarms}/{self.negatives})")


def read_corpus(directory: Path = CORPUS_DIR, only: str = "") -> list[Labelled]:
    """Every labelled sentence; files are <lang>.txt or <lang>_<name>.txt (e.g. nl_heldout)."""
    items: list[Labelled] = []
    for path in sorted(directory.glob("*.txt")):
        lang = path.stem.split("_")[0]
        if only and path.stem != only and lang != only:
            continue
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            mark, _, sentence = line.partition(" ")
            if mark not in "+-" or not sentence.strip():
                raise ValueError(f"{path}:{number}: start the line with '+ ' (must bring the "
                                 "referral) or '- ' (must not)")
            items.append(Labelled(lang, mark == "+", sentence.strip(), f"{path.name}:{number}"))
    return items


def evaluate(matcher: CrisisMatcher, items: list[Labelled]) -> dict[str, Figures]:
    """Recall and false-positive rate per language, with the wrong sentences kept."""
    figures: dict[str, Figures] = {}
    for item in items:
        fig = figures.setdefault(item.lang, Figures(item.lang))
        hit = matcher.matches(item.sentence, item.lang)
        if item.referral:
            fig.positives += 1
            fig.found += hit
        else:
            fig.negatives += 1
            fig.false_alarms += hit
        if hit != item.referral:
            fig.misses.append(item)
    return figures


def miss_table(figures: dict[str, Figures]) -> list[str]:
    """One line per wrong sentence: what it should have been, where it is, the sentence."""
    rows = []
    for fig in figures.values():
        for item in fig.misses:
            wanted = "missed referral" if item.referral else "false alarm    "
            rows.append(f"{wanted}  {item.where:<20} {item.sentence}")
    return rows


def try_lines(matcher: CrisisMatcher, lines: TextIO, out: TextIO, lang: str | None) -> int:
    for raw in lines:
        sentence = raw.rstrip("\n")
        if not sentence.strip():
            continue
        verdict = "referral" if matcher.matches(sentence, lang) else "none"
        print(f"{verdict}\t{sentence}", file=out)
    return 0


def run_corpus(matcher: CrisisMatcher, out: TextIO, lang: str | None,
               directory: Path = CORPUS_DIR) -> int:
    items = [i for i in read_corpus(directory) if lang is None or i.lang == lang]
    figures = evaluate(matcher, items)
    rows = miss_table(figures)
    if rows:
        print("Sentences the rules get wrong:", file=out)
        for row in rows:
            print(f"  {row}", file=out)
    # Each held-out file on its own: sentences written after the rules, not tuned on.
    held_files = sorted({i.where.split(":")[0] for i in items if "_heldout" in i.where})
    for name in held_files:
        for fig in evaluate(matcher, [i for i in items if i.where.startswith(name + ":")]
                            ).values():
            print(f"held-out {name:<18} {fig.line()}", file=out)
    # Last, one line per language in the rule file's order (nl, en): a hook or a coordinator
    # reading the tail of the output sees the figures.
    for code in [c for c in matcher.by_lang if c in figures] + sorted(set(figures) -
                                                                       set(matcher.by_lang)):
        print(figures[code].line(), file=out)
    return 0


def main(content_dir: Path, lang: str | None, corpus: bool,
         stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    from bot.flows.crisis_rules import load_matcher

    matcher = load_matcher(content_dir)
    if lang is not None and lang not in matcher.by_lang:
        print(f"no crisis rules for language {lang!r} (have: {', '.join(matcher.by_lang)})",
              file=sys.stderr)
        return 2
    try:
        if corpus:
            return run_corpus(matcher, out, lang)
        return try_lines(matcher, stdin, out, lang)
    except BrokenPipeError:  # piped into `head`: stopping early is fine
        return 0
