"""The crisis rules on the project's own labelled corpus (tests/crisis_corpus/*.txt).

The sentences were written for this project: "+" lines must bring the referral, "-" lines
must not. Files named <lang>_heldout.txt were written after the rules and not used to tune
them; they count in the figures like any other sentence.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.crisis_try import evaluate, miss_table, read_corpus

ROOT = Path(__file__).resolve().parent.parent
MIN_RECALL = 0.95
MAX_FALSE_POSITIVES = 0.10


@pytest.fixture(scope="module")
def matcher():
    from bot.flows.crisis_rules import load_matcher

    return load_matcher()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_corpus_size_and_balance(lang):
    items = [i for i in read_corpus() if i.lang == lang]
    positives = sum(i.referral for i in items)
    assert len(items) >= 150
    assert 0.4 <= positives / len(items) <= 0.6


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_recall_and_false_positives(matcher, lang):
    figures = evaluate(matcher, [i for i in read_corpus() if i.lang == lang])[lang]
    print(figures.line())
    table = "\n".join(miss_table({lang: figures}))
    assert figures.recall >= MIN_RECALL, f"{figures.line()}\n{table}"
    assert figures.false_positive_rate <= MAX_FALSE_POSITIVES, f"{figures.line()}\n{table}"


def test_a_corpus_line_without_a_mark_is_reported_with_its_place(tmp_path):
    (tmp_path / "nl.txt").write_text("+ ik wil dood\nik ben moe\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"nl.txt:2: start the line with '\+ '"):
        read_corpus(tmp_path)


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "content", "crisis-try", *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_crisis_try_prints_a_verdict_a_tab_and_the_sentence():
    done = run_cli("--lang", "nl", stdin="soms wil ik er niet meer zijn\nik ben doodmoe\n\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["referral\tsoms wil ik er niet meer zijn",
                                        "none\tik ben doodmoe"]


def test_crisis_try_corpus_ends_with_the_figures_per_language():
    done = run_cli("--corpus")
    assert done.returncode == 0, done.stderr
    last = done.stdout.splitlines()[-2:]
    assert [line.split(":")[0] for line in last] == ["nl", "en"]
    assert all("recall" in line and "false positives" in line for line in last)


def test_crisis_try_refuses_an_unknown_language():
    done = run_cli("--lang", "de", stdin="x\n")
    assert done.returncode == 2 and "no crisis rules for language 'de'" in done.stderr
