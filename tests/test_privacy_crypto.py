"""Encryption at rest: round trip, wrong key, missing key, older plaintext rows sealed on the
first start with a key, rotation (also killed with -9 in the middle), statistics without it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.app_core import build_core
from bot.storage.crypto import Cipher, WrongKey, new_key, parse_key
from tests.fakes import OfflineTelegram, TelegramClient
from tests.keys import TEST_KEY, readable

ROOT = Path(__file__).resolve().parent.parent
WORDS = "Mijn rug en de schuldeiser Vandermeulen"
VOICE = "AwACAgQAAxkBAAIVoiceSecretFileId77"


def raw_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


async def client_with_words(core, chat_id: int = 6101) -> None:
    from bot.chat.app import build_application

    telegram = OfflineTelegram()
    app = build_application(core, "1:KEY", request=telegram, rate_limit=False)
    async with app:
        client = TelegramClient(app, telegram, chat_id=chat_id)
        await client.send("/start")
        await client.tap("Ja")
        await client.tap("WGA ›")
        await client.tap("WGA 35-80%")
        await client.voice(VOICE)
        await client.tap("Slechter")
        await client.send(WORDS)


async def test_round_trip_nothing_readable_in_the_file(tmp_path):
    db = tmp_path / "c.db"
    core = build_core(str(db))
    try:
        await client_with_words(core)
        answers = core.store.load(6101).answers
        assert answers["situation"].voice == VOICE
        assert WORDS in str([a.value for a in answers.values()])
        assert WORDS in str(core.export(6101))
    finally:
        core.close()
    data = raw_bytes(db)
    assert WORDS.encode() not in data and b"Vandermeulen" not in data
    assert VOICE.encode() not in data
    with sqlite3.connect(db) as conn:
        (voice,) = conn.execute("SELECT voice FROM answers WHERE voice IS NOT NULL"
                                ).fetchone()
        assert voice.startswith("enc1:")
        benefit = conn.execute("SELECT value FROM answers WHERE question = 'benefit'").fetchone()
        assert benefit == ('"wga_35_80"',), "button choices stay readable for the statistics"
    core = build_core(str(db))  # a restart reads everything back
    try:
        assert core.store.load(6101).answers["situation"].voice == VOICE
    finally:
        core.close()


async def test_wrong_key_is_refused_and_nothing_changes(tmp_path):
    db = tmp_path / "w.db"
    core = build_core(str(db))
    await client_with_words(core)
    core.close()
    before = db.read_bytes()
    with pytest.raises(WrongKey):
        build_core(str(db), cipher=Cipher(parse_key(new_key())))
    env = {**os.environ, "DATABASE_PATH": str(db), "DATA_KEY": new_key()}
    result = subprocess.run([sys.executable, "-m", "bot", "export", "--chat", "6101"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and WORDS not in result.stdout
    assert result.stderr.strip().count("\n") == 0 and "does not open" in result.stderr
    assert db.read_bytes() == before


def test_missing_key_refuses_to_start_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATA_KEY", "DATA_KEY_FILE")}
    env.update({"TELEGRAM_BOT_TOKEN": "1:NOKEY", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/",
                "DATABASE_PATH": str(tmp_path / "m.db")})
    result = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATA_KEY" in lines[0], result.stderr
    assert not (tmp_path / "m.db").exists(), "nothing written without a key"


def test_key_file_is_accepted_and_preview_uses_a_throwaway_key(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(TEST_KEY + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DATA_KEY", "DATA_KEY_FILE",
                                                             "TELEGRAM_BOT_TOKEN")}
    env.update({"DATA_KEY_FILE": str(key_file), "DATABASE_PATH": str(tmp_path / "k.db")})
    result = subprocess.run([sys.executable, "-m", "bot", "preview", "--db",
                             str(tmp_path / "k.db")], cwd=ROOT, env=env, input="1\n/quit\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "throwaway" not in result.stderr
    readable(tmp_path / "k.db").execute("SELECT unseal(value) FROM crypto").fetchall()
    del env["DATA_KEY_FILE"]
    result = subprocess.run([sys.executable, "-m", "bot", "preview"], cwd=ROOT, env=env,
                            input="1\n/quit\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "throwaway key" in result.stderr


def test_rows_from_before_encryption_are_sealed_at_the_first_start(tmp_path):
    db = tmp_path / "old.db"
    core = build_core(str(db))
    core.close()
    with sqlite3.connect(db) as conn:  # as an older version wrote them: plain JSON, no check
        conn.execute("DELETE FROM crypto")
        conn.execute("INSERT INTO answers (chat_id, question, status, value, voice, private, at)"
                     " VALUES (7, 'situation', 'answered', ?, ?, 0, 'x')",
                     [f'"{WORDS}"', VOICE])
    core = build_core(str(db))
    try:
        assert core.store.current_answers(7)["situation"].value == WORDS
    finally:
        core.close()
    assert WORDS.encode() not in raw_bytes(db) and VOICE.encode() not in raw_bytes(db)


ROTATE_AND_DIE = textwrap.dedent("""
    import os, signal, sqlite3, sys
    from bot.storage.crypto import Cipher, parse_key, reseal
    old, new = Cipher(parse_key(sys.argv[2])), Cipher(parse_key(sys.argv[3]))
    seen = [0]
    def die():
        seen[0] += 1
        if seen[0] == int(sys.argv[4]):
            os.kill(os.getpid(), signal.SIGKILL)
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    reseal(conn, old, new, on_row=die)
""")


@pytest.mark.slow
async def test_rotation_killed_midway_then_completed(tmp_path):
    db = tmp_path / "r.db"
    core = build_core(str(db))
    for chat in range(6101, 6104):
        await client_with_words(core, chat)
    core.close()
    fresh = new_key()
    died = subprocess.run([sys.executable, "-c", ROTATE_AND_DIE, str(db), TEST_KEY, fresh, "5"],
                          cwd=ROOT, capture_output=True, timeout=60)
    assert died.returncode == -signal.SIGKILL
    # Restart: everything still opens under the old key, nothing under the new one.
    core = build_core(str(db))
    try:
        assert core.store.load(6102).answers["situation"].voice == VOICE
    finally:
        core.close()
    with pytest.raises(WrongKey):
        build_core(str(db), cipher=Cipher(parse_key(fresh)))
    env = {**os.environ, "DATABASE_PATH": str(db), "NEW_DATA_KEY": fresh}
    for _ in range(2):  # running it again after success changes nothing
        done = subprocess.run([sys.executable, "-m", "bot", "rotate-key"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    core = build_core(str(db), cipher=Cipher(parse_key(fresh)))
    try:
        for chat in range(6101, 6104):
            answers = core.store.load(chat).answers
            assert WORDS in str([a.value for a in answers.values()])
    finally:
        core.close()
    with pytest.raises(WrongKey):
        build_core(str(db))  # the old key no longer opens it
    conn = readable(db, fresh)
    sealed = conn.execute("SELECT value FROM answers WHERE value LIKE 'enc1:%'").fetchall()
    assert all(conn.execute("SELECT unseal(?)", row).fetchone()[0] for row in sealed)


def test_statistics_need_no_key(tmp_path, core):
    """The statistics read ids, statuses and choices only: they run without DATA_KEY."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATA_KEY", "DATA_KEY_FILE")}
    env["DATABASE_PATH"] = core.store.path
    result = subprocess.run([sys.executable, "-m", "bot", "stats", "--csv",
                             str(tmp_path / "s")], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
