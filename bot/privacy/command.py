"""`python -m bot keygen | rotate-key | purge | audit`: key handling, retention and the record
of disclosures, for the people who run the bot and the organisation's privacy officer."""

from __future__ import annotations

import argparse
import os
import sys
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
