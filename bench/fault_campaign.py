"""Fault campaign: the real `python -m bot` process against the Bot API emulator, one injected
fault per case (every client-path method × 429, 500, timeout before store, timeout after
store, dropped connection after store; for a tap and a typed answer), then counts.

    python bench/fault_campaign.py                      # this checkout
    python bench/fault_campaign.py --code /path/to/old  # another checkout, same cases

Prints, per case and in total: faults injected, cases where the client lost the next
question (no question and no word) or the answer, and cases with a duplicated question or
answer. The "before" figures of issue 15 come from running it on the code before the fix.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.model import load_content  # noqa: E402
from bot.i18n import Catalogs  # noqa: E402
from tests.emulator import TelegramEmulator  # noqa: E402
from tests.fault_scenarios import KINDS, METHODS, TOKEN, run_case  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", default=str(ROOT), help="checkout whose bot to run")
    parser.add_argument("--delay", type=float, default=7.0,
                        help="seconds a timeout fault stalls (above the bot's read timeout)")
    args = parser.parse_args()
    content = load_content()
    nl = Catalogs(content.languages, content.default_language).get("nl")
    notices = tuple(t for t in (nl("ui.error"), nl("delivery.resume")) if t)
    results = []
    with tempfile.TemporaryDirectory() as tmp, TelegramEmulator(
            token=TOKEN, response_delay=args.delay) as emu:
        db = Path(tmp) / "campaign.db"
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.base_url,
               "DATABASE_PATH": str(db), "LOG_LEVEL": "ERROR", "TELEGRAM_TIMEOUT": "5",
               "POLL_TIMEOUT": "2"}
        proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=args.code, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            chat = 20_000
            for action, methods in METHODS.items():
                for method in methods:
                    for kind in KINDS:
                        chat += 1
                        try:
                            r = run_case(emu, db, chat, method, kind, action, notices,
                                         settle_timeout=40, after=3.0)
                        except TimeoutError:
                            print(f"  {action:5} {method:24} {kind:24} could not reach the "
                                  "question (the bot is stuck)", flush=True)
                            results.append(None)
                            continue
                        results.append(r)
                        flag = "ok" if r.ok else ("LOST" if r.lost else "DUPLICATE"
                                                  if r.duplicated else "2 notices")
                        print(f"  {action:5} {method:24} {kind:24} shown {r.shown} notices "
                              f"{r.notices} stored {r.stored}  {flag}", flush=True)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    done = [r for r in results if r is not None]
    print(f"faults injected: {len(results)}; lost: {sum(r.lost for r in done)}"
          f" (+{len(results) - len(done)} cases the bot never got to); duplicated: "
          f"{sum(r.duplicated for r in done)}; answered with a notice only: "
          f"{sum(r.shown == 0 and r.notices > 0 for r in done)}")


if __name__ == "__main__":
    main()
