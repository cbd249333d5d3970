"""One-time codes for deep links: random, short enough for Telegram, stored only as a hash.

Telegram's start payload allows at most 64 characters of A–Z a–z 0–9 _ -. We use 32
characters of `secrets.token_urlsafe` (192 bits, alphabet A–Z a–z 0–9 - _), so guessing is
hopeless; the database keeps only a SHA-256 of the code.
"""

from __future__ import annotations

import hashlib
import re
import secrets

CODE_BYTES = 24  # 192 bits → 32 characters
PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def valid_payload(code: str) -> bool:
    return bool(PAYLOAD.match(code))


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"
