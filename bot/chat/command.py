"""`python -m bot outbox [--failed] [--retry ID]`: what waits to be delivered, and why.

Lists waiting and failed deliveries — summaries, status notes, reminders, notices — with the
reference, how many parts went out, attempts, possible duplicates, the last error and whether
a late delivery was reported; never the answers themselves. `--retry ID` puts one back in
line at once (the running bot sends it within a second or so).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from bot.config import Config
from bot.storage import StorageError, open_store
from bot.storage.delivery import outbox_rows, retry_now


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "outbox", help="list waiting and failed deliveries; retry one",
        description="List deliveries that wait or failed (reference, part, attempts, last "
        "error — no answers). Example: python -m bot outbox --failed; "
        "python -m bot outbox --retry 12")
    parser.add_argument("--failed", action="store_true", help="only the failed ones")
    parser.add_argument("--retry", type=int, metavar="ID",
                        help="put this delivery back in line now")
    parser.set_defaults(handler=run)


HEADER = ("id", "kind", "reference", "parts sent", "attempts", "uncertain", "status",
          "next try", "last error", "late noted")


def run(args: argparse.Namespace, config: Config) -> int:
    try:
        store = open_store(config.database_path)
    except (StorageError, OSError) as exc:
        print(f"The database {config.database_path} cannot be used ({type(exc).__name__}).",
              file=sys.stderr)
        return 2
    try:
        if args.retry is not None:
            now = datetime.now(UTC).isoformat()
            if not store.transact_sync(lambda conn: retry_now(conn, args.retry, now)):
                print(f"no waiting or failed delivery with id {args.retry}", file=sys.stderr)
                return 1
            print(f"delivery {args.retry} is back in line")
            return 0
        rows = outbox_rows(store, failed_only=args.failed)
        if not rows:
            print("nothing waiting" if not args.failed else "nothing failed")
            return 0
        table = [HEADER] + [tuple("" if v is None else str(v) for v in row.values())
                            for row in rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
        for line in table:
            print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
                  .rstrip())
        return 0
    finally:
        store.close()
