"""What encryption at rest costs per update: the same conversations (bench/bench.py's script,
all clients at once) with the real AES-GCM sealing and with a no-op baseline, each in its own
process, in the same run. Prints the cost three ways: time per seal/unseal call, calls per
update × that time (the direct cost), and the difference in time per update between the two
runs (noisier: it includes everything else the machine does).

    python bench/crypto_bench.py [--clients 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import drive, script  # noqa: E402  (bench/bench.py, beside this file)
from bot.app_core import build_core  # noqa: E402
from bot.chat.app import build_application  # noqa: E402
from bot.storage.crypto import Cipher, new_key, parse_key  # noqa: E402
from tests.fakes import OfflineTelegram  # noqa: E402

TOKEN = "123:CRYPTO"


class Counting(Cipher):
    """The real cipher, counting its calls and the time spent in them."""

    calls = 0
    seconds = 0.0

    def _timed(self, fn, *args):
        started = time.perf_counter()
        try:
            return fn(*args)
        finally:
            Counting.seconds += time.perf_counter() - started
            Counting.calls += 1

    def seal(self, text):
        return self._timed(super().seal, text)

    def unseal(self, text):
        return self._timed(super().unseal, text)

    def seal_answer(self, question, value):
        # A button choice stays readable, but deciding so is part of the cost.
        return self._timed(lambda: Cipher.seal_answer(_Inner(self), question, value))


class _Inner:
    """Lets seal_answer call the untimed seal (its time is already being measured)."""

    def __init__(self, cipher: Counting):
        self.choices = cipher.choices
        self.seal = lambda text: Cipher.seal(cipher, text)


class Plain(Cipher):
    """The baseline: the same SQL, but nothing sealed."""

    def seal(self, text):
        return text

    def unseal(self, text):
        return text

    def seal_answer(self, question, value):
        return value


async def run(mode: str, clients: int) -> dict:
    key = parse_key(new_key())
    cipher = Counting(key) if mode == "sealed" else Plain(key)
    with tempfile.TemporaryDirectory() as tmp:
        core = build_core(str(Path(tmp) / "bench.db"), cipher=cipher)
        steps = script(core)
        request = OfflineTelegram(record=False)
        app = build_application(core, TOKEN, request=request, rate_limit=False)
        Counting.calls, Counting.seconds = 0, 0.0
        async with app:
            count, elapsed, _ = await drive(app, request, steps, clients)
        core.close()
    return {"mode": mode, "updates": count, "seconds": elapsed, "calls": Counting.calls,
            "in_cipher": Counting.seconds}


def per_call_us(rounds: int = 20_000) -> dict[str, float]:
    cipher = Cipher(parse_key(new_key()))
    answer = json.dumps("Sinds mijn ontslag slaap ik slecht en maak ik me zorgen over geld. " * 2)
    payload = json.dumps({"doc": {"answers": {f"q{i}": {"value": "woorden " * 12}
                                              for i in range(40)}}})
    out = {}
    for name, text in (("answer (150 B)", answer), (f"outbox payload ({len(payload)} B)",
                                                    payload)):
        n = rounds if len(text) < 1000 else rounds // 10
        started = time.perf_counter()
        for _ in range(n):
            cipher.unseal(cipher.seal(text))
        out[name] = (time.perf_counter() - started) / n / 2 * 1e6
    return out


def child(mode: str, clients: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--mode", mode, "--clients", str(clients)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--mode", choices=["sealed", "plain"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(asyncio.run(run(args.mode, args.clients))))
        return
    print("AES-GCM per call (seal or unseal, average of both):")
    costs = per_call_us()
    for name, us in costs.items():
        print(f"  {name}: {us:.1f} µs")
    plain = child("plain", args.clients)
    sealed = child("sealed", args.clients)
    per_update = {r["mode"]: r["seconds"] / r["updates"] * 1000 for r in (plain, sealed)}
    calls = sealed["calls"] / sealed["updates"]
    direct = sealed["in_cipher"] / sealed["updates"] * 1000
    print(f"{args.clients} clients, {sealed['updates']} updates each run:")
    print(f"  plain  {per_update['plain']:.3f} ms/update")
    print(f"  sealed {per_update['sealed']:.3f} ms/update")
    print(f"  seal/unseal calls per update: {calls:.2f}; time inside them: "
          f"{direct * 1000:.1f} µs per update (target: well under 1 ms)")
    print(f"  difference between the runs: "
          f"{(per_update['sealed'] - per_update['plain']) * 1000:+.1f} µs per update "
          f"(ratio sealed/plain {per_update['sealed'] / per_update['plain']:.2f})")


if __name__ == "__main__":
    main()
