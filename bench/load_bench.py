"""Benchmark: memory with many clients, and fairness while one chat floods (issue 15).

    python bench/load_bench.py                    # RSS at 10,000 and 100,000 clients + flood
    python bench/load_bench.py --clients 20000    # a smaller memory run
    python bench/load_bench.py --only flood

Memory: distinct clients each send a few updates (/start, consent, the first answer) through
`Application.process_update` with the real SQLite storage; the process's resident memory
(VmRSS) is printed after 10,000 and after all clients. Target: <= 150 MB at 100,000.

Flood: the real `SafePoller` reads from an in-process Telegram with getUpdates' semantics
(offset, limit 100, long poll). 20 clients each answer a question every ~0.2 s; the run is
done twice in one process, without and with one chat sending 300 messages at once, and
prints the other clients' p50/p99 latency (update queued → reply sent) for both.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram.request import BaseRequest, RequestData  # noqa: E402

from bench import make_update, script  # noqa: E402  (bench/bench.py, beside this file)
from bot.app_core import build_core  # noqa: E402
from bot.chat.app import build_application, build_deferral, build_sender  # noqa: E402
from bot.chat.poller import SafePoller  # noqa: E402

TOKEN = "123:SCALE"
BOT_USER = {"id": 999, "is_bot": True, "first_name": "B", "username": "scale_bot",
            "can_join_groups": False, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class QuietTelegram(BaseRequest):
    """Answers every call like the Bot API and keeps nothing per chat (the harness must not
    grow with the clients it measures). getUpdates serves `self.updates` with Telegram's
    semantics; sends are timestamped per chat for the latency figures."""

    def __init__(self) -> None:
        self.updates: list[dict] = []
        self.arrived = asyncio.Event()
        self.replies: dict[int, list[float]] = {}
        self.watch: set[int] = set()
        self._ids = itertools.count(10)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        api = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if api == "getUpdates":
            offset = int(params.get("offset") or 0)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates and float(params.get("timeout") or 0):
                self.arrived.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.arrived.wait(), 0.5)
            result: Any = self.updates[:int(params.get("limit") or 100)]
        elif api == "getMe":
            result = BOT_USER
        elif api.startswith("send"):
            chat_id = int(params["chat_id"])
            if chat_id in self.watch:
                self.replies.setdefault(chat_id, []).append(time.perf_counter())
            result = {"message_id": next(self._ids), "date": 0,
                      "chat": {"id": chat_id, "type": "private"}, "text": "x"}
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def push(self, update: dict) -> None:
        self.updates.append(update)
        self.arrived.set()


def raw_update(update_id: int, chat_id: int, kind: str, payload: str) -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "C", "language_code": "nl"}
    chat = {"id": chat_id, "type": "private", "first_name": "C"}
    if kind == "tap":
        return {"update_id": update_id, "callback_query": {
            "id": str(update_id), "from": user, "chat_instance": "c", "data": payload,
            "message": {"message_id": 1, "date": 0, "chat": chat, "text": "q",
                        "from": {"id": 999, "is_bot": True, "first_name": "B"}}}}
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": user,
               "text": payload}
    if payload.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(payload)}]
    return {"update_id": update_id, "message": message}


def first_steps(core) -> list[tuple[str, str]]:
    return script(core)[:3]  # /start, consent, the first answer


async def memory(clients: int) -> list[tuple[int, float]]:
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        core = build_core(str(Path(tmp) / "scale.db"))
        steps = first_steps(core)
        request = QuietTelegram()
        app = build_application(core, TOKEN, request=request, rate_limit=False)
        counter = itertools.count(1)
        marks = {10_000, clients}
        started = time.perf_counter()
        async with app:
            batch = 200
            for first in range(0, clients, batch):
                async def client(chat_id: int) -> None:
                    for kind, payload in steps:
                        await app.process_update(make_update(next(counter), chat_id, kind,
                                                             payload, app.bot))
                await asyncio.gather(*(client(1_000_000 + n)
                                       for n in range(first, min(first + batch, clients))))
                done = min(first + batch, clients)
                if done in marks:
                    gc.collect()
                    figures.append((done, rss_mb()))
                    print(f"  {done:>7} clients ({done * len(steps)} updates, "
                          f"{time.perf_counter() - started:.0f} s): RSS {rss_mb():.1f} MB",
                          flush=True)
        core.close()
    return figures


async def flood_run(flood: int, clients: int = 20, answers: int = 15,
                    throttle: bool = True) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        core = build_core(str(Path(tmp) / "flood.db"))
        steps = first_steps(core)
        request = QuietTelegram()
        app = build_application(core, TOKEN, request=request, rate_limit=False)
        ids = itertools.count(1)
        latencies: list[float] = []
        async with app:
            sender = build_sender(app)
            poller = SafePoller(app, poll_timeout=1,
                                deferral=build_deferral(core, sender) if throttle else None)
            task = asyncio.create_task(poller.run())
            flooder = 500_000
            for n in range(flood):
                request.push(raw_update(next(ids), flooder, "text", f"bericht {n}"))
            rng = random.Random(7)

            async def client(chat_id: int) -> None:
                request.watch.add(chat_id)
                plan = steps + [("text", "Nog wat woorden.")] * answers
                for kind, payload in plan:
                    await asyncio.sleep(rng.uniform(0.1, 0.3))
                    before = len(request.replies.get(chat_id, []))
                    pushed = time.perf_counter()
                    request.push(raw_update(next(ids), chat_id, kind, payload))
                    while len(request.replies.get(chat_id, [])) <= before:
                        await asyncio.sleep(0.002)
                    latencies.append(request.replies[chat_id][before] - pushed)

            await asyncio.gather(*(client(600_000 + n) for n in range(clients)))
            poller.stop()
            await task
        core.close()
    return sorted(latencies)


def p(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(len(values) * q))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--flood", type=int, default=300)
    parser.add_argument("--only", choices=["memory", "flood"])
    args = parser.parse_args()
    if args.only != "memory":
        print(f"Fairness: 20 clients answering; without and with one chat sending "
              f"{args.flood} messages at once")
        quiet = asyncio.run(flood_run(0))
        flooded = asyncio.run(flood_run(args.flood))
        unthrottled = asyncio.run(flood_run(args.flood, throttle=False))
        print(f"  without flood: {len(quiet)} replies, p50 {statistics.median(quiet) * 1000:.1f}"
              f" ms, p99 {p(quiet, 0.99):.1f} ms")
        print(f"  with flood:    {len(flooded)} replies, p50 "
              f"{statistics.median(flooded) * 1000:.1f} ms, p99 {p(flooded, 0.99):.1f} ms"
              f"  (ratio p99 {p(flooded, 0.99) / p(quiet, 0.99):.2f})")
        print(f"  with flood, no throttle (before issue 15): p50 "
              f"{statistics.median(unthrottled) * 1000:.1f} ms, p99 "
              f"{p(unthrottled, 0.99):.1f} ms")
    if args.only != "flood":
        print(f"Memory: {args.clients} distinct clients, {3} updates each, real storage")
        figures = asyncio.run(memory(args.clients))
        last = figures[-1][1]
        print(f"  RSS at {figures[-1][0]} clients: {last:.1f} MB (target <= 150 MB: "
              f"{'met' if last <= 150 else 'NOT met'})")


if __name__ == "__main__":
    main()
