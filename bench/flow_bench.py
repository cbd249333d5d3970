"""Benchmark: the pure client flow, event by event (no storage, no Telegram).

Walks complete conversations through `Flow.handle` — consent, every question (taps, ticks,
own words, ways out), the overview, a part's review, editing an answer, the agenda, sharing —
and times each event in CPU time (thread time: steadier than the wall clock on a shared
machine). Prints events per CPU second and mean/p50/p99 per event, so a change to the event
path (such as how often the plan is computed) can be compared by running this same script in
another checkout (copy it there).

    python bench/flow_bench.py              # 300 conversations
    python bench/flow_bench.py --runs 50 --kinds   # also the median per step and event
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.model import load_content  # noqa: E402
from bot.flows import callbacks  # noqa: E402
from bot.flows.answers import DISCUSS, SKIPPED  # noqa: E402
from bot.flows.conversation import Conversation, Flow  # noqa: E402
from bot.flows.crisis_rules import load_matcher  # noqa: E402
from bot.flows.events import Command, Start, Text  # noqa: E402
from bot.flows.plan import plan  # noqa: E402


def one_conversation(flow: Flow, n: int, timings: list[float],
                     kinds: dict[str, list[float]]) -> None:
    conv = Conversation(1000 + n, "nl")

    def send(event) -> None:
        nonlocal conv
        kind = f"{conv.state}:{type(event).__name__}"
        started = time.thread_time()
        conv, _ = flow.handle(conv, event, now=f"2026-01-01T00:00:{len(timings) % 60:02d}")
        took = time.thread_time() - started
        timings.append(took)
        kinds.setdefault(kind, []).append(took)

    def tap(data: str) -> None:
        send(callbacks.parse(data))

    send(Start(invite="bench"))
    tap(callbacks.consent(True))
    steps = 0
    while conv.state == "asking" and steps < 500:
        steps += 1
        slot = next(s for s in plan(flow.content, conv.answers) if s.id == conv.slot)
        options = slot.options(conv.answers)
        if steps % 11 == 0:
            tap(callbacks.why(slot.id))
        if steps % 13 == 0:
            tap(callbacks.way_out(slot.id, SKIPPED if n % 2 else DISCUSS))
        elif slot.kind == "choice":
            tap(callbacks.choose(slot.id, options[(n + steps) % len(options)]))
        elif slot.kind == "multi":
            for option in options[: 1 + (n + steps) % 3]:
                tap(callbacks.toggle(slot.id, option))
            tap(callbacks.done(slot.id))
        else:
            send(Text(f"eigen woorden {n} {steps}", own=True))
        if steps % 17 == 0:
            send(Command("back"))
    part = flow.content.parts[n % len(flow.content.parts)]
    tap(callbacks.review("part", part.id))
    first = next(s for s in part.questions)
    tap(callbacks.review("edit", first.id))
    tap(callbacks.review("overview"))
    tap(callbacks.review("agenda"))
    tap(callbacks.review("overview"))
    send(Command("mydata"))
    tap(callbacks.share(True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--kinds", action="store_true", help="median time per step and event")
    args = parser.parse_args()
    content = load_content()
    flow = Flow(content, load_matcher(languages=content.languages))
    one_conversation(flow, -1, [], {})  # warm up
    timings: list[float] = []
    kinds: dict[str, list[float]] = {}
    for n in range(args.runs):
        one_conversation(flow, n, timings, kinds)
    ordered = sorted(timings)
    print(f"conversations {args.runs}, events {len(timings)}, CPU {sum(timings):.2f} s, "
          f"{len(timings) / sum(timings):,.0f} events per CPU second")
    print(f"per event (CPU): mean {statistics.fmean(timings) * 1e6:.0f} µs, "
          f"p50 {ordered[len(ordered) // 2] * 1e6:.0f} µs, "
          f"p99 {ordered[int(len(ordered) * 0.99)] * 1e6:.0f} µs")
    if args.kinds:
        for kind, took in sorted(kinds.items(), key=lambda kv: -sum(kv[1])):
            median = statistics.median(took) * 1e6
            print(f"  {kind:28} {len(took):6} events, median {median:7.0f} µs")


if __name__ == "__main__":
    main()
