"""The professional side through Application.process_update: register, invite, link a
client, deliver through the outbox (with faults), reminders, reflection, access rules."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta

import pytest

from bot.app_core import build_core
from bot.chat.app import build_application, build_sender
from bot.chat.sender import Sender
from bot.flows.appointments import AMSTERDAM
from bot.professionals.outbox import Part, enqueue
from bot.professionals.registry import Registry
from bot.professionals.reminders import daytime, reminder_times
from bot.storage import open_store
from bot.storage.delivery import outbox_history, outbox_rows
from bot.storage.timed import due_reminders
from tests.fakes import OfflineTelegram, TelegramClient
from tests.keys import readable

TOKEN = "123:PRO"


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 24, 11, 0, tzinfo=AMSTERDAM)

    def __call__(self) -> datetime:
        return self.now


def link_in(text: str) -> str:
    return re.search(r"start=([A-Za-z0-9_-]+)", text).group(1)


async def register(core, app, telegram, clock, chat_id=900, name="Sanne"):
    _, code = Registry(core.store).add_professional(name, clock())
    pro = TelegramClient(app, telegram, chat_id=chat_id, language_code="nl")
    await pro.send(f"/start {code}")
    return pro


async def invite(pro, telegram, reference="dossier-17", when="3-12 14:30", lang="Nederlands",
                 benefit="WGA 35-80%"):
    """The professional invites a client: /invite, the reference, the appointment, then taps
    the client's language and benefit (as the buttons say them)."""
    await pro.send("/invite")
    await pro.send(reference)
    await pro.send(when)
    await pro.tap(lang)
    await pro.tap(benefit)
    return link_in(pro.texts()[-1])


async def test_register_and_invite_with_link_and_qr(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    assert "Sanne" in pro.texts()[0]
    scoped = [c for c in telegram.sent("setMyCommands")
              if "BotCommandScopeChat" in str(c.params) or "chat" in str(c.params.get("scope"))]
    assert scoped, "professional commands are set for their chat only"
    await pro.send("/invite")
    await pro.send("111222333")
    assert "BSN" in pro.last_text()
    await pro.send("dossier-17")
    await pro.send("20-11-2026 10:00")
    assert "voorbij" in pro.texts()[-1]
    await pro.send("morgen ergens")
    assert "kan ik niet lezen" in pro.texts()[-1]
    await pro.send("3-12 14:30")
    assert "donderdag 3 december 2026, 14:30" in pro.last_text()
    await pro.tap("English")
    await pro.tap("WGA 35-80%")
    text = pro.texts()[-1]
    code = link_in(text)
    assert len(code) >= 22 and "https://t.me/voorbereid_bot?start=" in text
    assert telegram.sent("sendPhoto", pro.chat_id), "QR code sent as an image"
    (made,) = Registry(core.store).invites_of(1)
    assert (made.reference, made.benefit, made.client_lang) == ("dossier-17", "wga_35_80", "en")
    # At rest the code itself is nowhere, only its hash.
    (stored,) = readable(core.store.path).execute("SELECT code_hash FROM invites").fetchone()
    assert stored != code and len(stored) == 64


async def test_client_opens_link_is_linked_and_benefit_proposed(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram)
    client = TelegramClient(app, telegram, chat_id=5001)
    await client.send(f"/start {code}")
    assert any("gekoppeld" in t for t in client.texts())
    await client.tap("Ja")
    assert "WGA 35-80%" in client.last_text(), "the invite's benefit is proposed"
    linked = Registry(core.store).invite_for_client(5001)
    assert (linked.professional_id, linked.client_chat_id) == (1, 5001)
    # Two reminders, the timed work finds them due at 14:30 on 30 November and 2 December.
    def due_by(moment: str) -> int:
        return len([r for r in due_reminders(core.store.db, moment) if r[2] == 5001])

    assert [due_by(f"2026-{day}T14:{minute}") for day in ("11-30", "12-02")
            for minute in ("29", "31")] == [0, 1, 1, 2]


async def test_forged_used_and_expired_codes_are_refused(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram)
    first = TelegramClient(app, telegram, chat_id=5002)
    await first.send(f"/start {code}")
    other = TelegramClient(app, telegram, chat_id=5003)
    await other.send(f"/start {code}")
    assert any("al door iemand anders gebruikt" in t for t in other.texts())
    forged = TelegramClient(app, telegram, chat_id=5004)
    await forged.send("/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert any("werkt niet" in t for t in forged.texts())
    late_code = await invite(pro, telegram, reference="laat", when="25-11 10:00")
    clock.now += timedelta(days=3)
    late = TelegramClient(app, telegram, chat_id=5005)
    await late.send(f"/start {late_code}")
    assert any("verlopen" in t for t in late.texts())


async def test_clients_lists_only_own_invites_and_strangers_learn_nothing(world):
    core, app, telegram, clock = world
    sanne = await register(core, app, telegram, clock, 900, "Sanne")
    piet = await register(core, app, telegram, clock, 901, "Piet")
    await invite(sanne, telegram, reference="sanne-client")
    await invite(piet, telegram, reference="piet-client")
    await sanne.send("/clients")
    assert "sanne-client" in sanne.last_text() and "piet-client" not in sanne.last_text()
    assert "nog niet geopend" in sanne.last_text()
    stranger = TelegramClient(app, telegram, chat_id=7777)
    await stranger.send("/clients")
    await stranger.send("/invite")
    assert not any("client" in t for t in stranger.texts())
    assert all("sanne" not in t and "piet" not in t for t in stranger.texts())


async def share_everything(client, core, last_tap: str = "Delen met begeleider"):
    await client.tap("Ja")
    await client.answer_everything(buttons="skipped", words_way_out="discuss")
    await client.tap(last_tap)


async def test_sharing_queues_one_summary_for_own_professional(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram)
    client = TelegramClient(app, telegram, chat_id=5010)
    await client.send(f"/start {code}")
    await share_everything(client, core)
    queued = [(r["kind"], r["reference"], r["status"]) for r in outbox_rows(core.store)]
    assert queued == [("summary", "dossier-17", "pending")]
    await pro.send("/clients")
    assert "onderweg" in pro.last_text()


async def test_finishing_without_professional_says_nothing_goes_anywhere(world):
    """No invite: the overview and the end say plainly that nothing goes to anyone and how to
    share later — never "your professional will get the summary" (issue 19)."""
    core, app, telegram, _clock = world
    client = TelegramClient(app, telegram, chat_id=5011)
    await client.send("/start")
    await share_everything(client, core, last_tap="Afronden")  # no professional to share with
    tr = core.catalogs.get("nl")
    texts = "\n".join(client.texts())
    assert tr("ui.share.unlinked") in texts and tr("ui.done.unlinked") in texts
    for promise in ("ui.done.shared", "ui.share.no_professional", "ui.share.confirm"):
        assert tr(promise) not in texts
    conv = core.preparation.conversation(5011)
    assert conv.state == "done" and not conv.shared
    assert outbox_rows(core.store) == [], "nothing waits to go to anyone"


def text_sender(core, telegram_app, clock, **kwargs) -> Sender:
    async def render(row, again):
        marker = "AGAIN " if again else ""
        return [Part("text", f"{marker}part one"), Part("text", f"{marker}part two")]

    return Sender(telegram_app.bot, core.store, {"note": render}, clock, **kwargs)


@pytest.mark.parametrize("fault", ["429", "500", "network"])
async def test_outbox_retries_lead_to_exactly_one_delivery(world, fault):
    core, app, telegram, clock = world
    sender = text_sender(core, app, clock)
    await enqueue(core.store, "note", 42, {}, clock())
    telegram.faults["sendMessage"] = [fault]
    assert await sender.deliver_due() == 0
    clock.now += timedelta(seconds=5)
    assert await sender.deliver_due() == 1
    assert [m.text for m in telegram.chat(42)] == ["part one", "part two"], "exactly once"
    assert await sender.deliver_due() == 0, "nothing left"
    assert outbox_rows(core.store) == [], "delivered: neither waiting nor failed"


async def test_timeout_after_delivery_gives_only_marked_duplicates(world):
    core, app, telegram, clock = world
    sender = text_sender(core, app, clock)
    await enqueue(core.store, "note", 43, {}, clock())
    telegram.faults["sendMessage"] = ["timeout_after_store"]
    await sender.deliver_due()
    clock.now += timedelta(seconds=2)
    await sender.deliver_due()
    texts = [m.text for m in telegram.chat(43)]
    assert texts == ["part one", "AGAIN part one", "AGAIN part two"]
    telegram.faults["sendMessage"] = ["timeout_after_store", "timeout_after_store"]
    await enqueue(core.store, "note", 44, {}, clock())
    await sender.deliver_due()
    clock.now += timedelta(seconds=2)
    await sender.deliver_due()
    clock.now += timedelta(seconds=60)
    await sender.deliver_due()
    # No permanent failure for a transient fault: it keeps trying, every copy after the first
    # carries the marker, and the row ends delivered.
    texts = [m.text for m in telegram.chat(44)]
    assert texts == ["part one", "AGAIN part one", "AGAIN part one", "AGAIN part two"]
    (row,) = outbox_history(core.store, chat_id=44)
    assert (row["status"], row["uncertain"]) == ("sent", 2)


async def test_forbidden_stops_retrying_and_marks_professional(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    sender = build_sender(app, clock)
    await enqueue(core.store, "reflection", pro.chat_id, {"invite_id": 1, "reference": "x",
                                                          "appointment": clock().isoformat(),
                                                          "lang": "nl"}, clock())
    telegram.blocked.add(pro.chat_id)
    await sender.deliver_due()
    calls = len(telegram.calls)
    clock.now += timedelta(hours=1)
    await sender.deliver_due()
    assert len(telegram.calls) == calls, "no retry loop"
    assert Registry(core.store).by_id(1).blocked


async def test_restart_resumes_pending_delivery(tmp_path):
    path = str(tmp_path / "restart.db")
    core = build_core(path)
    clock = Clock()
    await enqueue(core.store, "note", 45, {}, clock())
    core.close()
    core = build_core(path)
    telegram = OfflineTelegram()
    app = build_application(core, TOKEN, request=telegram, rate_limit=False, clock=clock)
    async with app:
        assert await text_sender(core, app, clock).deliver_due() == 1
    assert [m.text for m in telegram.chat(45)] == ["part one", "part two"]
    core.close()


def test_reminder_times_respect_quiet_hours():
    meeting = datetime(2026, 12, 3, 8, 30, tzinfo=AMSTERDAM)
    now = datetime(2026, 11, 24, 12, 0, tzinfo=AMSTERDAM)
    times = reminder_times(meeting, now)
    assert [t.strftime("%m-%d %H:%M") for t in times] == ["11-30 10:00", "12-02 10:00"]
    assert daytime(datetime(2026, 12, 1, 21, 0, tzinfo=AMSTERDAM)).hour == 17
    assert reminder_times(meeting, meeting - timedelta(hours=20)) == []


async def test_reminders_go_out_once_can_be_turned_off_and_survive_restart(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram)
    client = TelegramClient(app, telegram, chat_id=5020)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    desk = app.bot_data["desk"]
    sender = build_sender(app, clock)
    clock.now = datetime(2026, 11, 30, 15, 0, tzinfo=AMSTERDAM)
    assert await desk.tick() == 1
    await sender.deliver_due()
    assert any("herinnering" in t for t in client.texts())
    assert await desk.tick() == 0, "each reminder once"
    await client.tap("Geen herinneringen")
    clock.now = datetime(2026, 12, 2, 15, 0, tzinfo=AMSTERDAM)
    await desk.tick()
    kinds = [row["kind"] for row in outbox_history(core.store, chat_id=5020)]
    assert kinds == ["reminder"], "turned off: no second reminder"


async def test_status_note_reflection_and_evaluation(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference="r-1")
    client = TelegramClient(app, telegram, chat_id=5030)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    desk = app.bot_data["desk"]
    sender = build_sender(app, clock)
    clock.now = datetime(2026, 12, 2, 15, 0, tzinfo=AMSTERDAM)
    await desk.tick()
    await sender.deliver_due()
    assert any("r-1" in t and "niet af" in t for t in pro.texts())
    clock.now = datetime(2026, 12, 3, 16, 0, tzinfo=AMSTERDAM)
    await desk.tick()
    await sender.deliver_due()
    card = telegram.keyboard_message(pro.chat_id)
    assert "r-1" in card.text
    await pro.tap("Een beetje")
    # One tap: which pattern the professional saw (the profile's names, or none).
    await pro.send("iets getypt")  # not a button: nothing changes
    await pro.tap("rennend door het proces")
    await pro.send("Geldzorgen kwamen meteen op tafel.")
    await pro.tap("Overslaan")
    row = readable(core.store.path).execute(
        "SELECT helped, seen, unseal(earlier), unseal(observations) FROM reflections").fetchone()
    assert row == ("somewhat", "running", "Geldzorgen kwamen meteen op tafel.", None)


async def test_client_cannot_use_professional_commands(world):
    core, app, telegram, _clock = world
    client = TelegramClient(app, telegram, chat_id=5040)
    await client.send("/start")
    await client.send("/invite")
    assert client.last_text() == core.catalogs.get("nl")("ui.bad.unknown_command")
    assert not sqlite3.connect(core.store.path).execute("SELECT * FROM invites").fetchall()


async def test_invite_to_delivered_summary_with_pdf_and_voice(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference="dossier-42")
    client = TelegramClient(app, telegram, chat_id=5050)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    await client.tap("WGA ›")
    await client.tap("WGA 35-80%")
    await client.voice("voice-of-client")  # the situation, spoken
    await client.tap("Slechter")
    await client.send("Sinds mijn ontslag slaap ik slecht.")
    await client.answer_everything(buttons="skipped", words_way_out="skipped", say={
        "questions": "Mag ik eerst vrijwilligerswerk doen?", "goal": "GEHEIM-DOEL"})
    await client.tap("Hoe gaat u verder?")  # the part, at the overview
    await client.tap("✎ Doel")
    await client.tap("Alleen voor mij")
    await client.tap("Overzicht")
    await client.tap("Delen met begeleider")
    assert await build_sender(app, clock).deliver_due() == 1
    sent = [c for c in telegram.calls if int(c.params.get("chat_id", 0)) == pro.chat_id]
    texts = "\n".join(str(c.params.get("text", "")) for c in sent)
    assert "dossier-42" in texts and "Mag ik eerst vrijwilligerswerk doen?" in texts
    assert "GEHEIM-DOEL" not in texts, "only-for-me answers never reach the professional"
    document = [m for m in telegram.chat(pro.chat_id) if m.document][-1].document
    assert document.startswith(b"%PDF")
    voices = [c for c in sent if c.method == "sendVoice"]
    assert [c.params["voice"] for c in voices] == ["voice-of-client"]
    await pro.send("/clients")
    assert "gedeeld" in pro.last_text()
    assert await build_sender(app, clock).deliver_due() == 0, "delivered once"


async def test_professional_chats_known_at_once_and_removal_from_another_process(world):
    """The bot answers 'is this a professional?' from memory for clients; a registration is
    seen at once, and a removal by the CLI (another process, another store) at the next update."""
    core, app, telegram, clock = world
    client = TelegramClient(app, telegram, chat_id=5050)
    await client.send("/start")  # loads the set of professional chats before Sanne registers
    pro = await register(core, app, telegram, clock, chat_id=901)
    await pro.send("/clients")
    assert pro.last_text() == core.catalogs.get("nl")("pro.clients.none")
    pid = Registry(core.store).by_chat(901).id

    other = open_store(core.store.path)
    try:
        assert Registry(other).remove_professional(pid)
    finally:
        other.close()
    await pro.send("/clients")
    assert pro.last_text() == core.catalogs.get("nl")("ui.bad.unknown_command")
