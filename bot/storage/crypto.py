"""Encryption at rest of every field that holds what a person typed or sent.

A copied database file or backup must not read as it is: the client's own words, voice file
ids, the professional's reference for the client, professional names, half-typed dialogs, the
outbox's copies of the answers and reflections are sealed with AES-GCM (the `cryptography`
package) under a 256-bit key from the environment (`DATA_KEY`, or a file named by
`DATA_KEY_FILE`). Ids, statuses, timestamps and button choices stay readable, so the
statistics work without the key (they never read free text).

Sealing happens inside SQLite: `install` registers the SQL functions `seal(text)`,
`unseal(text)` and `seal_answer(question, json)` on a connection, so every query that writes
or reads such a column says so where it is written (`INSERT … VALUES (seal(?))`,
`SELECT unseal(reference)`), and key rotation is one UPDATE per column in one transaction.

A sealed value is "enc1:" + base64(nonce ‖ ciphertext ‖ tag). `unseal` leaves unsealed
values as they are (button choices, empty values, rows from before encryption); those older
rows are sealed on the first start with a key (`prepare`).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc1:"
KEY_ENV = "DATA_KEY"
KEY_FILE_ENV = "DATA_KEY_FILE"
CHECK_TEXT = "voorbereid key check"
NONCE = 12

# Every column that can hold what a person typed or sent. (table, column, how): "answer"
# keeps a button question's option ids readable for the statistics.
SEALED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("answers", "value", "answer"),
    ("answers", "voice", "text"),
    ("invites", "reference", "text"),
    ("professionals", "name", "text"),
    ("professionals", "session", "text"),
    ("outbox", "payload", "text"),
    ("deferred_updates", "payload", "text"),  # a flooding chat's waiting updates (issue 15)
    ("reflections", "earlier", "text"),
    ("reflections", "observations", "text"),
    ("audit", "reference", "text"),
)


class KeyProblem(RuntimeError):
    """No key, an unreadable key, or a key that does not open this database."""


class MissingKey(KeyProblem):
    pass


class WrongKey(KeyProblem):
    pass


def new_key() -> str:
    """A fresh random key, as text to put in DATA_KEY or a key file."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def parse_key(text: str) -> bytes:
    """A 256-bit key written as urlsafe base64 (what `new_key` prints) or 64 hex digits."""
    text = text.strip()
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.urlsafe_b64decode(text)
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != 32:
        raise KeyProblem("the data key must be 32 bytes, written as urlsafe base64 (44 "
                         "characters, see `python -m bot keygen`) or 64 hex digits")
    return raw


def key_from_env(env: Mapping[str, str] | None = None, name: str = KEY_ENV,
                 file_name: str = KEY_FILE_ENV) -> bytes:
    """The key from `DATA_KEY`, or from the file `DATA_KEY_FILE` names; MissingKey if neither."""
    env = os.environ if env is None else env
    if env.get(name, "").strip():
        return parse_key(env[name])
    path = env.get(file_name, "").strip()
    if path:
        try:
            return parse_key(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise KeyProblem(f"{file_name} names a file that cannot be read "
                             f"({type(exc).__name__})") from None
    raise MissingKey(f"no data key: set {name} (or {file_name}) — the key that encrypts the "
                     "answers; make one with `python -m bot keygen` and keep a backup of it")


class Cipher:
    """AES-GCM with a random 96-bit nonce per value."""

    def __init__(self, key: bytes, throwaway: bool = False):
        self._aead = AESGCM(key)
        self.throwaway = throwaway
        # question id → its option ids: such answers stay readable (statistics).
        self.choices: dict[str, frozenset[str]] = {}

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Cipher:
        return cls(key_from_env(env))

    @classmethod
    def generate(cls) -> Cipher:
        """A throwaway key for the terminal preview: its database is useless afterwards."""
        return cls(AESGCM.generate_key(bit_length=256), throwaway=True)

    def with_choices(self, choices: Mapping[str, Iterable[str]]) -> Cipher:
        self.choices = {q: frozenset(options) for q, options in choices.items()}
        return self

    def seal(self, text: str | None) -> str | None:
        if text is None or text == "":
            return text
        nonce = os.urandom(NONCE)
        sealed = self._aead.encrypt(nonce, str(text).encode(), None)
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def unseal(self, text: str | None) -> str | None:
        if not isinstance(text, str) or not text.startswith(PREFIX):
            return text
        raw = base64.b64decode(text[len(PREFIX):])
        try:
            return self._aead.decrypt(raw[:NONCE], raw[NONCE:], None).decode()
        except InvalidTag:
            raise WrongKey("a sealed value does not open with this key") from None

    def seal_answer(self, question: str, value: str | None) -> str | None:
        """Seal an answer's value unless it is only option ids of a button question."""
        if value is None or value == "":
            return value
        options = self.choices.get(question)
        if options:
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
            if isinstance(parsed, str) and parsed in options:
                return value
            if isinstance(parsed, list) and parsed and all(
                    isinstance(item, str) and item in options for item in parsed):
                return value
        return self.seal(value)


def choices_of(content) -> dict[str, list[str]]:
    """Button questions and their option ids, from the content."""
    return {q.id: list(q.options.options) for q in content.questions.values()
            if q.options is not None}


def install(conn: sqlite3.Connection, cipher: Cipher) -> None:
    """Register `seal(text)`, `unseal(text)` and `seal_answer(question, json)` on a
    connection."""
    conn.create_function("seal", 1, cipher.seal)
    conn.create_function("unseal", 1, cipher.unseal, deterministic=True)
    conn.create_function("seal_answer", 2, cipher.seal_answer)


def install_reader(conn: sqlite3.Connection, env: Mapping[str, str] | None = None) -> None:
    """`unseal(text)` for read-only tools (statistics): with the key from the environment
    when there is one; without a key sealed values read as NULL — never as ciphertext. A key
    that does not open this database is refused (WrongKey), as the bot and `export` do."""
    try:
        cipher: Cipher | None = Cipher.from_env(env)
    except KeyProblem:
        cipher = None
    try:
        opens = _opens(conn, cipher) if cipher is not None else None
    except sqlite3.OperationalError:  # an older database without the key check
        opens = None
    if opens is False:
        # A key that is set but wrong is a mistake to say, not to read past (names as NULL).
        raise WrongKey("the data key does not open this database (after `rotate-key`, "
                       "use the new key)")

    def unseal(text: object) -> object:
        if not isinstance(text, str) or not text.startswith(PREFIX):
            return text
        try:
            return cipher.unseal(text) if cipher is not None else None
        except (WrongKey, ValueError, binascii.Error):
            return None

    conn.create_function("unseal", 1, unseal, deterministic=True)


def _check(cipher: Cipher) -> str:
    return cipher.seal(CHECK_TEXT)


def _opens(conn: sqlite3.Connection, cipher: Cipher) -> bool | None:
    """None when the database has no key yet; otherwise whether `cipher` opens it."""
    row = conn.execute("SELECT value FROM crypto WHERE name = 'check'").fetchone()
    if row is None:
        return None
    try:
        return cipher.unseal(row[0]) == CHECK_TEXT
    except (WrongKey, ValueError, binascii.Error):
        return False


def prepare(conn: sqlite3.Connection, cipher: Cipher) -> None:
    """At start-up: refuse a key that does not open this database; on the first start with a
    key, seal whatever older rows hold in the clear (one transaction)."""
    state = _opens(conn, cipher)
    if state is False:
        raise WrongKey("the data key does not open this database (after `rotate-key`, "
                       "start with the new key)")
    if state is None:
        reseal(conn, cipher, cipher)


def reseal(conn: sqlite3.Connection, old: Cipher, new: Cipher,
           on_row: Callable[[], None] | None = None) -> int:
    """Re-encrypt every sealed column from `old` to `new` in ONE transaction, with the key
    check: a crash anywhere leaves the database entirely under the old key (SQLite rolls the
    transaction back), so running it again is always safe. Returns the values changed."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    changed = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _opens(conn, old) is False:
            raise WrongKey("the current data key does not open this database")
        for table, column, how in SEALED_COLUMNS:
            if table not in tables:
                continue
            rows = conn.execute(f"SELECT rowid, {column}"
                                f"{', question' if how == 'answer' else ''} FROM {table} "
                                f"WHERE {column} IS NOT NULL AND {column} != ''").fetchall()
            updates = []
            for row in rows:
                text = old.unseal(row[1])
                sealed = new.seal_answer(row[2], text) if how == "answer" else new.seal(text)
                updates.append((sealed, row[0]))
                if on_row is not None:
                    on_row()
            conn.executemany(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", updates)
            changed += len(updates)
        conn.execute("INSERT OR REPLACE INTO crypto (name, value) VALUES ('check', ?)",
                     [_check(new)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return changed


def rotate(path: str, old: Cipher, new: Cipher) -> int:
    """`python -m bot rotate-key`: everything under the new key, or nothing changed."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        if _opens(conn, new):
            return 0  # already done (e.g. run again after a restart)
        return reseal(conn, old, new)
    finally:
        conn.close()
