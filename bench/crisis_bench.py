"""Time the crisis matcher: `python bench/crisis_bench.py [ROUNDS]` prints per-message figures.

Every sentence of the labelled corpus (tests/crisis_corpus) is matched as the bot does it
(all languages' rules, the client's language's exceptions), ROUNDS times over; the figures are
per message: p50, p95, max. A long message (a typical answer repeated up to the 3000-character
limit) shows the worst case. As a baseline from the same run: one regular expression of plain
phrases, the way the matcher worked before rules (word order, forms and exceptions) existed.
The budget is well under 1 ms per message.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.crisis_try import read_corpus
from bot.flows.crisis import phone_fold
from bot.flows.crisis_rules import load_matcher

OLD_PHRASES = ["zelfmoord", "er een eind aan maken", "niet meer leven", "wil dood",
               "suicide", "kill myself", "end my life", "want to die", "self harm"]


def timed(call, texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            call(text)
            times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95)]
    return (f"p50 {statistics.median(ordered) * 1e3:.3f} ms, p95 {p95 * 1e3:.3f} ms, "
            f"max {ordered[-1] * 1e3:.3f} ms")


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    matcher = load_matcher()
    items = read_corpus()
    texts = [item.sentence for item in items]
    langs = {item.sentence: item.lang for item in items}
    baseline = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, OLD_PHRASES)) + r")(?!\w)")
    timed(lambda t: matcher.matches(t, langs[t]), texts, 2)  # warm up
    ours = timed(lambda t: matcher.matches(t, langs[t]), texts, rounds)
    base = timed(lambda t: baseline.search(phone_fold(t)), texts, rounds)
    answer = ("Ik heb vandaag een gesprek gehad met mijn werkcoach en het ging best goed, "
              "maar ik merk dat ik moe ben en dat de schulden me zorgen geven. ")
    long = (answer * (3000 // len(answer)))[:3000]
    worst = timed(lambda t: matcher.matches(t, "nl"), [long], max(3, rounds // 4))
    print(f"crisis matcher, {len(texts)} corpus sentences x {rounds}: {summary(ours)}")
    print(f"baseline (one phrase regex, same run): {summary(base)}; "
          f"ratio of medians {statistics.median(ours) / statistics.median(base):.0f}x")
    print(f"one 3000-character message (the longest the bot accepts): {summary(worst)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
