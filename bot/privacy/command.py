"""`python -m bot keygen | rotate-key | purge | audit`: key handling, retention and the record
of disclosures, for the people who run the bot and the organisation's privacy officer."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from bot.config import Config
from bot.storage.crypto import Cipher, KeyProblem, key_from_env, new_key, parse_key, rotate


def register(subparsers: argparse._SubParsersAction) -> None:
    keygen = subparsers.add_parser(
        "keygen", help="print a new data key (for DATA_KEY or a key file)",
        description="Print a new random 256-bit data key. Put it in DATA_KEY or in a file named "
        "by DATA_KEY_FILE, and keep a backup apart from the database: without the key the "
        "answers cannot be read by anyone.")
    keygen.set_defaults(handler=run_keygen)
    rotate_parser = subparsers.add_parser(
        "rotate-key", help="re-encrypt everything under a new data key",
        description="Re-encrypt every sealed field under a new key, in one transaction: a crash "
        "leaves everything under the old key, and running it again is safe. Stop the bot "
        "first. The current key comes from DATA_KEY / DATA_KEY_FILE; the new key from "
        "NEW_DATA_KEY, or from --new-key-file (a missing file is created with a fresh key). "
        "Afterwards start the bot with the new key. "
        "Example: python -m bot rotate-key --new-key-file /etc/voorbereid/key.new")
    rotate_parser.add_argument("--new-key-file", default=None,
                               help="file with the new key; created (mode 600) if missing")
    rotate_parser.set_defaults(handler=run_rotate)
    purge = subparsers.add_parser(
        "purge", help="delete what is past its retention date (the bot also does this itself)",
        description="Delete the answers, outbox copies and voice file ids of clients past "
        "RETENTION_DAYS after their appointment (RETENTION_DAYS_NO_APPOINTMENT after their last "
        "message without one); anonymous statistics facts stay. The running bot does the same "
        "with its timed work. Example: python -m bot purge --dry-run")
    purge.add_argument("--dry-run", action="store_true", help="only show the counts")
    purge.set_defaults(handler=run_purge)
    audit = subparsers.add_parser(
        "audit", help="list what was shared with professionals (record of disclosures)",
        description="Every summary and status note delivered to a professional: when, which "
        "professional, which client pseudonym (the invite's reference; empty once the client's "
        "data was erased) and which parts — never their content. "
        "Example: python -m bot audit --since 2026-12-01")
    audit.add_argument("--since", default="", help="only from this date on (YYYY-MM-DD)")
    audit.set_defaults(handler=run_audit)


def _store(config: Config):
    from bot.storage import open_store

    if not Path(config.database_path).exists():
        print(f"no database at {config.database_path}", file=sys.stderr)
        return None
    return open_store(config.database_path, cipher=Cipher.from_env())


def run_purge(args: argparse.Namespace, config: Config) -> int:
    from bot.flows.appointments import AMSTERDAM
    from bot.privacy.retention import Retention

    store = _store(config)
    if store is None:
        return 2
    try:
        retention = Retention.from_days(store, lambda: datetime.now(AMSTERDAM),
                                        config.retention_days, config.idle_days)
        counts = retention.dry_run()
        print(f"past retention ({config.retention_days} days after the appointment, "
              f"{config.idle_days} after the last message without one): "
              + ", ".join(f"{name} {count}" for name, count in counts.items()))
        if not args.dry_run:
            print(f"purged {retention.purge_now_sync()} client(s)")
    finally:
        store.close()
    return 0


def run_audit(args: argparse.Namespace, config: Config) -> int:
    from bot.storage.privacy import audit_rows

    store = _store(config)
    if store is None:
        return 2
    try:
        rows = audit_rows(store.db.conn, args.since)
    finally:
        store.close()
    if not rows:
        print("nothing shared" + (f" since {args.since}" if args.since else ""))
    for row in rows:
        who = row["reference"] or ("(erased)" if not row["client"] else "")
        print(f"{row['at'][:16].replace('T', ' ')}  {row['kind']:<11}  {row['parts']:<20}  "
              f"professional {row['professional_id']} {row['professional']}  "
              f"invite {row['invite_id']}  client {who}")
    return 0


def run_keygen(args: argparse.Namespace, config: Config) -> int:
    print(new_key())
    return 0


def _new_key(args: argparse.Namespace) -> bytes:
    if os.environ.get("NEW_DATA_KEY", "").strip():
        return parse_key(os.environ["NEW_DATA_KEY"])
    if not args.new_key_file:
        raise KeyProblem("rotate-key needs the new key: set NEW_DATA_KEY or give --new-key-file")
    path = Path(args.new_key_file)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(new_key() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    return parse_key(path.read_text(encoding="utf-8"))


def run_rotate(args: argparse.Namespace, config: Config) -> int:
    old = Cipher(key_from_env())
    new = Cipher(_new_key(args))
    if not Path(config.database_path).exists():
        print(f"no database at {config.database_path}", file=sys.stderr)
        return 2
    changed = rotate(config.database_path, old, new)
    print(f"{changed} value(s) re-encrypted; start the bot with the new key now "
          "(and keep a backup of it).")
    return 0
