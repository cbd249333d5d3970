"""The data key for tests and benchmarks: one shared helper, so every test that starts the bot
— in this process (build_core, open_store), as `python -m bot` in a subprocess that inherits
the environment, or from a bench script that imports tests.fakes — has a key, as production
requires (`DATA_KEY`). CI has no DATA_KEY of its own.

`readable(path)` opens a database the way a test wants to look inside it: with `unseal(…)`
available in SQL, e.g. `SELECT unseal(value) FROM answers`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bot.storage.crypto import KEY_ENV, KEY_FILE_ENV, Cipher, install, parse_key

# A fixed key (never used outside tests): test databases stay readable across restarts.
TEST_KEY = "dm9vcmJlcmVpZC10ZXN0LWtleS0wMTIzNDU2Nzg5YWI="


def use_test_key() -> None:
    """Put the test key in this process's environment (inherited by subprocesses)."""
    os.environ[KEY_ENV] = TEST_KEY
    os.environ.pop(KEY_FILE_ENV, None)


def cipher_for_tests() -> Cipher:
    return Cipher(parse_key(TEST_KEY))


def readable(path: str | Path, key: str = TEST_KEY) -> sqlite3.Connection:
    """A connection with seal/unseal under the (test) key."""
    conn = sqlite3.connect(str(path))
    install(conn, Cipher(parse_key(key)))
    return conn
