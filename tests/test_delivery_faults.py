"""Summaries under Telegram's faults and crashes: every part delivered, a part whose first
send may have arrived goes out again only with the "sent again" marker (so there is never an
unmarked duplicate), no permanent failure for a transient fault, a late summary reported to
the professional and the client, and `python -m bot outbox` shows what waits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.chat.app import build_sender
from bot.chat.command import run as outbox_command
from bot.config import load_config
from bot.storage.delivery import outbox_history, outbox_rows
from tests.test_professionals_safety import OWN_WORDS, answer_until_share, linked_client

FAULTS = ["429", "500", "network", "timeout", "timeout_after_store"]


def copies(telegram, pro_chat: int) -> list[tuple[str, str]]:
    """(kind, text or caption) of every message that reached the professional's chat."""
    return [("sendDocument" if m.document is not None else "sendMessage", m.text)
            for m in telegram.chat(pro_chat)]


async def shared_summary(world, chat_id: int):
    core = world[0]
    pro, client = await linked_client(world, chat_id)
    await answer_until_share(client, core)
    await client.tap("Delen met begeleider")
    return pro, client


def check_parts(core, telegram, pro_chat: int, before: int, marker: str) -> None:
    sent = copies(telegram, pro_chat)[before:]
    texts = [t for m, t in sent if m == "sendMessage"]
    docs = [t for m, t in sent if m == "sendDocument"]
    assert docs, "the PDF arrived"
    # Each part: one copy, or copies of which all but the first are marked.
    for group in (texts, docs):
        unmarked = [t for t in group if marker not in t]
        assert len(unmarked) <= len({t for t in unmarked}), "no unmarked duplicate"
    assert not [r for r in outbox_rows(core.store) if r["kind"] == "summary"], \
        "delivered: the summary neither waits nor failed"


@pytest.mark.parametrize("method", ["sendMessage", "sendDocument"])
@pytest.mark.parametrize("fault", FAULTS)
async def test_summary_parts_arrive_under_a_fault(world, method, fault):
    core, app, telegram, clock = world
    pro, _client = await shared_summary(world, 7100)
    before = len(copies(telegram, pro.chat_id))
    telegram.faults[method] = [fault]
    sender = build_sender(app, clock)
    for _ in range(6):
        await sender.deliver_due()
        clock.now += timedelta(minutes=1)
    marker = core.catalogs.get("nl")("pro.sent_again")
    check_parts(core, telegram, pro.chat_id, before, marker)
    sent = copies(telegram, pro.chat_id)[before:]
    marked = [t for _, t in sent if marker in t]
    uncertain = fault in ("timeout", "timeout_after_store")
    assert len(marked) == (1 if uncertain else 0), "only an uncertain send is marked"


class Killed(BaseException):
    """The process dies here (kill -9): nothing after this line runs."""


@pytest.mark.parametrize("where", ["after_send", "before_send"])
async def test_summary_after_a_kill_around_a_send(world, monkeypatch, where):
    from bot.chat.sender import Sender

    core, app, telegram, clock = world
    pro, _client = await shared_summary(world, 7200)
    before = len(copies(telegram, pro.chat_id))
    original_send, original_progress = Sender._send, Sender._progress
    calls = {"n": 0}

    async def send(self, chat_id, part):
        calls["n"] += 1
        if where == "before_send" and calls["n"] == 2:
            raise Killed
        return await original_send(self, chat_id, part)

    async def progress(self, row, sent):
        if where == "after_send" and sent == 2:
            raise Killed  # the second part went out; its progress was never recorded
        return await original_progress(self, row, sent)

    monkeypatch.setattr(Sender, "_send", send)
    monkeypatch.setattr(Sender, "_progress", progress)
    with pytest.raises(Killed):
        await build_sender(app, clock).deliver_due()
    monkeypatch.setattr(Sender, "_send", original_send)
    monkeypatch.setattr(Sender, "_progress", original_progress)
    await build_sender(app, clock).deliver_due()  # the restarted process
    marker = core.catalogs.get("nl")("pro.sent_again")
    check_parts(core, telegram, pro.chat_id, before, marker)
    sent = copies(telegram, pro.chat_id)[before:]
    # The part whose send was started is sent again with the marker, once.
    assert len([t for _, t in sent if marker in t]) == 1


async def test_late_summary_is_reported_and_listed(world, capsys, monkeypatch):
    core, app, telegram, clock = world
    pro, client = await shared_summary(world, 7300)
    telegram.faults["sendMessage"] = ["500"] * 50
    sender = build_sender(app, clock, late_notice=timedelta(hours=2))
    await sender.deliver_due()
    monkeypatch.setenv("DATABASE_PATH", core.store.path)
    assert outbox_command(type("A", (), {"failed": False, "retry": None})(),
                          load_config()) == 0
    listed = capsys.readouterr().out
    assert "dossier-17" in listed and "summary" in listed and "NetworkError" in listed
    assert OWN_WORDS not in listed, "never the answers"
    # Two hours before the appointment (3 December 14:30) it is still not there.
    clock.now = clock.now.replace(month=12, day=3, hour=12, minute=45)
    assert await sender.note_late() == 1
    assert await sender.note_late() == 0, "reported once"
    telegram.faults["sendMessage"] = []
    for _ in range(3):
        await sender.deliver_due()
        clock.now += timedelta(minutes=10)
    nl = core.catalogs.get("nl")
    assert nl("delivery.late") in client.texts(), "the client is told honestly"
    assert any("dossier-17" in t and t.startswith(nl("delivery.pro_late", reference="x",
                                                      when="y")[:8]) for t in pro.texts())
    rows = [(r["kind"], r["status"], r["late_noted"]) for r in outbox_history(core.store)]
    assert ("summary", "sent", 1) in rows and ("late_note", "sent", 0) in rows


async def test_outbox_retry_puts_a_failed_delivery_back(world, capsys, monkeypatch):
    core = world[0]
    await shared_summary(world, 7400)
    core.store.transact_sync(lambda c: c.execute(
        "UPDATE outbox SET status = 'failed', last_error = 'BadRequest: x'"))
    monkeypatch.setenv("DATABASE_PATH", core.store.path)
    args = type("A", (), {"failed": True, "retry": None})()
    assert outbox_command(args, load_config()) == 0
    out = capsys.readouterr().out
    assert "failed" in out and "BadRequest: x" in out and "dossier-17" in out
    (row,) = outbox_rows(core.store, failed_only=True)
    args = type("A", (), {"failed": False, "retry": row["id"]})()
    assert outbox_command(args, load_config()) == 0
    assert [(r["id"], r["status"]) for r in outbox_rows(core.store)] == [(row["id"], "pending")]
