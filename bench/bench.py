"""Benchmark: N simulated clients complete the preparation concurrently.

Every update goes through `Application.process_update` with an offline request layer and the
real SQLite storage (WAL, synchronous=FULL, every answer durably committed before the reply).
The same update stream is run through a bare python-telegram-bot bot that only replies, in
the same run, so the ratio between the two is meaningful on a noisy machine.

    python bench/bench.py                 # 500 clients
    python bench/bench.py --clients 100

Prints updates/s, p50 and p99 latency per update and peak RSS for both, and the ratio.
Targets (issue 7): ratio ≥ 0.5 and p99 ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, TypeHandler  # noqa: E402

from bot.app_core import build_core  # noqa: E402
from bot.chat.app import build_application  # noqa: E402
from bot.flows import callbacks  # noqa: E402
from tests.driver import FlowDriver  # noqa: E402
from tests.fakes import OfflineTelegram  # noqa: E402

TOKEN = "123:BENCH"


def script(core) -> list[tuple[str, str]]:
    """One client's complete conversation as (kind, payload) steps, from the real flow."""
    driver = FlowDriver(core.flow)
    steps = [("text", "/start"), ("tap", "ok")]
    driver.consent()
    while driver.conv.state == "asking":
        slot = driver.slot()
        if slot.kind == "choice":
            data = callbacks.choose(slot.id, slot.options(driver.conv.answers)[0])
            steps.append(("tap", data))
            driver.tap_data(data)
        elif slot.kind == "multi":
            for option in slot.options(driver.conv.answers)[:2]:
                steps.append(("tap", callbacks.toggle(slot.id, option)))
                driver.tap_data(callbacks.toggle(slot.id, option))
            steps.append(("tap", callbacks.done(slot.id)))
            driver.tap_data(callbacks.done(slot.id))
        else:
            steps.append(("text", "Dit is wat ik erover wil zeggen."))
            driver.text("Dit is wat ik erover wil zeggen.")
    steps += [("tap", callbacks.review("share")), ("tap", callbacks.share(True))]
    return steps


def make_update(update_id: int, chat_id: int, kind: str, payload: str, bot,
                message_id: int = 1) -> Update:
    user = {"id": chat_id, "is_bot": False, "first_name": "C", "language_code": "nl"}
    chat = {"id": chat_id, "type": "private", "first_name": "C"}
    if kind == "tap":
        message = {"message_id": message_id, "date": 0, "chat": chat, "text": "q",
                   "from": {"id": 999, "is_bot": True, "first_name": "B"}}
        return Update.de_json({"update_id": update_id, "callback_query": {
            "id": str(update_id), "from": user, "chat_instance": "c", "data": payload,
            "message": message}}, bot)
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": user, "text": payload}
    if payload.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(payload)}]
    return Update.de_json({"update_id": update_id, "message": message}, bot)


async def drive(app, request: OfflineTelegram, steps, clients: int,
                think: float = 0.0) -> tuple[int, float, list[float]]:
    """Closed loop: each client sends its next update once the previous one is handled,
    after `think` seconds on average (0: as fast as possible, which measures throughput)."""
    latencies: list[float] = []
    counter = iter(range(1, 10**9))
    pause = random.Random(7)

    async def client(chat_id: int) -> None:
        if think:
            await asyncio.sleep(pause.uniform(0, think))
        for kind, payload in steps:
            if think:
                await asyncio.sleep(pause.expovariate(1 / think))
            # A tap refers to the message that carries the keyboard, as in Telegram.
            update = make_update(next(counter), chat_id, kind, payload, app.bot,
                                 request.live.get(chat_id, 1))
            started = time.perf_counter()
            await app.process_update(update)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client(10_000 + n) for n in range(clients)))
    return len(latencies), time.perf_counter() - started, latencies


async def run(mode: str, clients: int, think: float = 0.0) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        core = build_core(str(Path(tmp) / "bench.db"))
        steps = script(core)
        request = OfflineTelegram(record=False)
        if mode == "bare":
            app = (ApplicationBuilder().token(TOKEN).updater(None).request(request)
                   .get_updates_request(request).build())

            async def reply(update: Update, context) -> None:
                if update.callback_query:
                    await update.callback_query.answer()
                await context.bot.send_message(update.effective_chat.id, "ok")

            app.add_handler(TypeHandler(Update, reply))
        else:
            app = build_application(core, TOKEN, request=request, rate_limit=False)
        async with app:
            count, elapsed, latencies = await drive(app, request, steps, clients, think)
        if mode == "bot":
            stored = core.store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        else:
            stored = 0
        core.close()
    latencies.sort()
    return {
        "mode": mode, "clients": clients, "updates": count, "seconds": round(elapsed, 3),
        "updates_per_s": round(count / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "answers_stored": stored,
    }


def child(mode: str, clients: int, think: float = 0.0) -> dict:
    out = subprocess.run([sys.executable, __file__, "--mode", mode, "--clients", str(clients),
                          "--think", str(think)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--think", type=float, default=None,
                        help="mean seconds a client takes between updates in the latency run "
                        "(default: chosen so the offered load is about half of the measured "
                        "throughput)")
    parser.add_argument("--mode", choices=["bot", "bare"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(asyncio.run(run(args.mode, args.clients, args.think or 0.0))))
        return

    def show(result: dict) -> None:
        print(f"  {result['mode']:>4}: {result['updates']} updates in {result['seconds']} s = "
              f"{result['updates_per_s']} updates/s, p50 {result['p50_ms']} ms, "
              f"p99 {result['p99_ms']} ms, peak RSS {result['peak_rss_mb']} MB")

    print(f"Throughput: {args.clients} clients, each sending its next update at once")
    bare = child("bare", args.clients)
    ours = child("bot", args.clients)
    show(bare)
    show(ours)
    print(f"  answers durably stored: {ours['answers_stored']}")
    ratio = ours["updates_per_s"] / bare["updates_per_s"]
    print(f"  ratio (bot / bare): {ratio:.2f}  (target >= 0.5)")
    # Saturated, every update waits for all other clients' updates; latency per update is
    # measured at a realistic load instead: clients with think time between answers.
    think = args.think or round(args.clients / (ours["updates_per_s"] * 0.5), 3)
    paced = child("bot", args.clients, think)
    print(f"Latency: {args.clients} clients with {think} s mean think time "
          f"(offered load ~{round(args.clients / think)} updates/s)")
    show(paced)
    print(f"  p99 {paced['p99_ms']} ms (target <= 20 ms: "
          f"{'met' if paced['p99_ms'] <= 20 else 'NOT met'})")


if __name__ == "__main__":
    main()
