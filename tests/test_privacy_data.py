"""Erasure that erases, retention, the record of disclosures and limits on guessing codes.

The erasure tests grep the database's three files (.db, -wal, -shm) for the deleted client's
words, chat id (as text and as SQLite stores an integer), voice file id and reference — both
as bytes (the key dropped: nothing readable) and after opening every sealed value found in the
bytes with the key (nothing of the person left even for someone who has the key)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from bot.chat.app import build_sender
from bot.flows.appointments import AMSTERDAM
from bot.privacy.retention import Retention
from bot.professionals.registry import Registry
from bot.stats.figures import Period, open_readonly, read_figures
from bot.storage.crypto import PREFIX
from tests.fakes import TelegramClient
from tests.keys import cipher_for_tests
from tests.test_professionals import invite, register

ROOT = Path(__file__).resolve().parent.parent
GONE = 73120458  # the client who leaves
STAYS = 61029384  # another client, who stays
WORDS = ["Zwaluwstaart", "Kribbebijter", "Hoefijzerneus"]
OTHER_WORDS = "Blijvertje Klaprooswei"
VOICE = "AwACAgQAAxkBAAIBbWdVoiceOfGone7rTq"
REFERENCE = "dossier-Karekiet-31"


async def prepare(world, chat_id: int, words: list[str], voice: str, reference: str,
                  when: str = "3-12 14:30", pro=None):
    """A linked client who answers with their own words and a voice note and shares."""
    core, app, telegram, clock = world
    pro = pro or await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference=reference, when=when)
    client = TelegramClient(app, telegram, chat_id=chat_id)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    await client.tap("WGA ›")
    await client.tap("WGA 35-80%")
    await client.voice(voice)
    said = iter(words * 30)
    await client.answer_everything(buttons="skipped", words=lambda _: f"Mijn {next(said)}.")
    await client.tap("Delen met begeleider")
    return pro, client


def traces(db: Path, secrets: list[str], chat_id: int) -> Counter:
    """Hits per secret in .db, -wal and -shm: as bytes, and inside every sealed value found."""
    cipher = cipher_for_tests()
    hits: Counter = Counter()
    binary_id = chat_id.to_bytes(4, "big")
    for suffix in ("", "-wal", "-shm"):
        path = db.parent / (db.name + suffix)
        if not path.exists():
            continue
        blob = path.read_bytes()
        for secret in [*secrets, str(chat_id)]:
            hits[f"{secret}{suffix}"] += blob.count(secret.encode())
        hits[f"chat id as integer{suffix}"] += blob.count(binary_id)
        for match in re.finditer(rb"enc1:[A-Za-z0-9+/=]{16,}", blob):
            try:
                text = cipher.unseal(match.group().decode())
            except Exception:
                continue  # a torn fragment: unreadable even with the key
            for secret in [*secrets, str(chat_id)]:
                hits[f"{secret}{suffix} (decrypted)"] += text.count(secret)
    return +hits


async def test_delete_leaves_nothing_in_the_database_files(world):
    core, app, _telegram, clock = world
    pro, client = await prepare(world, GONE, WORDS, VOICE, REFERENCE)
    await prepare(world, STAYS, [OTHER_WORDS], "AwACAgQAAxkBAAIBbWdVoiceOfStays9", "dossier-b",
                  pro=pro)
    assert await build_sender(app, clock).deliver_due() == 2
    db = Path(core.store.path)
    secrets = [*WORDS, VOICE, REFERENCE]
    assert traces(db, secrets, GONE), "the scan finds the client before the erasure"
    await client.send("/delete")
    await client.tap("Ja")
    found = traces(db, secrets, GONE)
    assert found == Counter(), f"{sum(found.values())} hits left, bot running: {dict(found)}"
    conn = sqlite3.connect(db)
    assert core.store.db.execute("PRAGMA secure_delete").fetchone() == (1,), "set explicitly"
    assert conn.execute("SELECT reference, client_chat_id FROM invites WHERE id = 1"
                        ).fetchone() == ("", None), "the invite no longer names the client"
    assert conn.execute("SELECT client_chat_id, reference FROM audit WHERE invite_id = 1"
                        ).fetchall() == [(None, None)], "the audit row keeps no pointer"
    # The other client is untouched.
    stays = core.store.load(STAYS)
    assert stays is not None and OTHER_WORDS in str([a.value for a in stays.answers.values()])
    core.store.close()
    assert traces(db, secrets, GONE) == Counter(), "…and after a clean stop"
    core.store = type(core.store)(str(db))  # the fixture closes it again


def at(day: str, hour: int = 11) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=AMSTERDAM)


async def test_retention_notice_then_purge_keeps_only_statistics(world):
    core, app, _telegram, clock = world
    _pro, client = await prepare(world, GONE, WORDS, VOICE, REFERENCE, when="3-12 14:30")
    sender = build_sender(app, clock)
    assert await sender.deliver_due() == 1
    retention = Retention(core.store, clock, timedelta(days=30), timedelta(days=90))
    facts_before = read_figures(open_readonly(core.store.path), core.content,
                                Period()).stagnations
    assert await retention.tick() == (0, 0), "nothing due at first"
    # Purge date: 2 January 2027, 14:30. The notice comes 3 days before, in daytime only.
    clock.now = at("2026-12-30", 22)
    assert await retention.tick() == (0, 0), "no notice at night"
    clock.now = at("2026-12-31", 10)
    assert await retention.tick() == (1, 0)
    assert await retention.tick() == (0, 0), "one notice only"
    await sender.deliver_due()
    notice = core.catalogs.get("nl")("privacy.notice", when="x").split("x")[0]
    assert any(t.startswith(notice[:10]) and "/mydata" in t for t in client.texts())
    clock.now = at("2027-01-02", 14)
    assert await retention.tick() == (0, 0), "not before its time"
    db = Path(core.store.path)
    dry = retention.dry_run()
    assert dry == {"clients": 0, "answers": 0, "voice notes": 0, "outbox": 0}
    clock.now = at("2027-01-02", 15)
    assert retention.dry_run()["answers"] > 0 and retention.dry_run()["voice notes"] == 1
    assert await retention.tick() == (0, 1)
    assert core.preparation.store.load(GONE) is None
    found = traces(db, [*WORDS, VOICE, REFERENCE], GONE)
    assert found == Counter(), f"{sum(found.values())} hits left after the purge: {dict(found)}"
    facts_after = read_figures(open_readonly(core.store.path), core.content,
                               Period()).stagnations
    assert facts_after == facts_before and sum(facts_after.values()) > 0, "statistics kept"
    # Restart-safe: a new process finds nothing left to do and no error.
    again = Retention(type(core.store)(str(db)), clock, timedelta(days=30), timedelta(days=90))
    try:
        assert await again.tick() == (0, 0)
    finally:
        again.store.close()


async def test_without_appointment_purged_after_the_last_message_and_dry_run_cli(core,
                                                                                 tmp_path):
    from bot.chat.app import build_application
    from tests.fakes import OfflineTelegram

    telegram = OfflineTelegram()
    app = build_application(core, "1:RET", request=telegram, rate_limit=False)
    # The client's last message was 91 days ago.
    core.preparation.clock = lambda: (datetime.now(AMSTERDAM) - timedelta(days=91)).isoformat()
    async with app:
        client = TelegramClient(app, telegram, chat_id=GONE)
        await client.send("/start")
        assert any("90 dagen" in t for t in client.texts()), "the welcome says how long"
        await client.send("/help")
        assert "90 dagen" in client.last_text()
        await client.tap("Ja")
        await client.tap("WGA ›")
        await client.tap("WGA 35-80%")
        await client.send(f"Mijn {WORDS[0]}.")
    env = {**os.environ, "DATABASE_PATH": core.store.path}
    out = subprocess.run([sys.executable, "-m", "bot", "purge", "--dry-run"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "clients 1" in out.stdout and "answers 0" not in out.stdout
    assert core.store.load(GONE) is not None, "a dry run changes nothing"
    out = subprocess.run([sys.executable, "-m", "bot", "purge"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert "purged 1 client(s)" in out.stdout
    core.store.forget(GONE)
    assert core.store.load(GONE) is None


async def test_every_delivery_is_recorded_and_the_client_sees_it(world):
    core, app, telegram, clock = world
    pro, client = await prepare(world, GONE, WORDS, VOICE, REFERENCE)
    # A second client who has not finished a day before their meeting: a status note.
    code = await invite(pro, telegram, reference="dossier-laat", when="25-11 10:30")
    late = TelegramClient(app, telegram, chat_id=STAYS)
    await late.send(f"/start {code}")
    await app.bot_data["desk"].tick()
    assert await build_sender(app, clock).deliver_due() == 2
    rows = sqlite3.connect(core.store.path).execute(
        "SELECT kind, parts, professional_id, client_chat_id, reference LIKE ? FROM audit "
        "ORDER BY id", [PREFIX + "%"]).fetchall()
    assert rows == [("summary", "message,pdf,voice:1", 1, GONE, 1),
                    ("status_note", "note", 1, STAYS, 1)]
    await client.send("/mydata")
    shown = client.last_text()
    assert "Gedeeld met uw begeleider" in shown and "uw samenvatting" in shown
    assert "Sanne" in shown and "2026" in shown
    await late.send("/mydata")
    assert "een kort bericht over hoe ver u was" in late.last_text()
    env = {**os.environ, "DATABASE_PATH": core.store.path}
    listed = subprocess.run([sys.executable, "-m", "bot", "audit", "--since", "2026-01-01"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 2 and REFERENCE in lines[0] and "voice:1" in lines[0]
    assert WORDS[0] not in listed.stdout, "no content in the record"
    await client.send("/delete")
    await client.tap("Ja")
    listed = subprocess.run([sys.executable, "-m", "bot", "audit"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert REFERENCE not in listed.stdout and "(erased)" in listed.stdout


async def test_at_most_five_wrong_codes_per_hour_and_codes_never_stored(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    good = await invite(pro, telegram)
    guesser = TelegramClient(app, telegram, chat_id=GONE)
    tried = [f"Guess{n:02d}" + "x" * 25 for n in range(7)]
    tr = core.catalogs.get("nl")
    for code in tried[:5]:
        await guesser.send(f"/start {code}")
        assert tr("ui.invite.unknown") in guesser.texts()
    await guesser.send(f"/start {tried[5]}")
    assert guesser.last_text() == tr("privacy.codes.wait")
    await guesser.send(f"/start {good}")
    assert guesser.last_text() == tr("privacy.codes.wait"), "not even a good code is checked"
    assert Registry(core.store).invite_for_client(GONE) is None
    blob = b"".join(p.read_bytes() for p in Path(core.store.path).parent.glob("pro.db*"))
    assert not any(code.encode() in blob for code in tried), "codes tried are not stored"
    clock.now += timedelta(hours=2)
    await guesser.send(f"/start {good}")
    assert Registry(core.store).invite_for_client(GONE) is not None, "later it works again"


async def test_removed_professional_learns_nothing_about_accounts(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock, chat_id=901)
    stranger = TelegramClient(app, telegram, chat_id=902)
    Registry(core.store).remove_professional(Registry(core.store).by_chat(901).id)
    for command in ("/invite", "/clients", "/language"):
        await pro.send(command)
        await stranger.send(command)
        assert pro.last_text() == stranger.last_text(), command
