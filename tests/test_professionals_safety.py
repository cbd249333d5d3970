"""The professional side where it could lose a summary or show a client to the wrong person:
crashes around sharing, /delete, clients who move to another professional, night-time
reminders, duplicates after a timeout, unexpected errors in the sender."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from bot.chat.app import build_sender
from bot.flows.appointments import AMSTERDAM
from bot.professionals.desk import Desk
from bot.professionals.outbox import enqueue
from bot.professionals.registry import Registry
from bot.storage.delivery import outbox_history, outbox_rows
from bot.storage.timed import due_reminders, sweep_mark
from tests.answering import Answering, next_step
from tests.fakes import TelegramClient
from tests.keys import readable
from tests.test_professionals import invite, register, text_sender

OWN_WORDS = "MIJN-EIGEN-WOORDEN"


def db(core) -> sqlite3.Connection:
    return readable(core.store.path)  # sealed columns open with unseal(…)


def summaries(core) -> list[tuple]:
    """(reference, status) of the summaries waiting to go, as `python -m bot outbox` lists
    them."""
    return [(r["reference"], r["status"]) for r in outbox_rows(core.store)
            if r["kind"] == "summary"]


async def answer_until_share(client, core) -> None:
    """Consent, skip every button question, type own words where words are asked, and stop
    at the question whether to share."""
    await client.tap("Ja")
    await client.answer_everything(buttons="skipped", words=OWN_WORDS)


async def linked_client(world, chat_id: int, **invite_args) -> tuple:
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, **invite_args)
    client = TelegramClient(app, telegram, chat_id=chat_id)
    await client.send(f"/start {code}")
    return pro, client


async def share_and_crash(world, chat_id: int):
    """The client says yes to sharing; the process 'dies' after the share is committed and
    before the summary is queued. Returns the update, which Telegram would redeliver."""
    core, app, _telegram, _clock = world
    _pro, client = await linked_client(world, chat_id)
    await answer_until_share(client, core)
    desk = app.bot_data["desk"]
    original = desk.on_shared

    async def crash(chat_id):
        raise RuntimeError("kill -9 here")

    desk.on_shared = crash
    update = client.prepare_tap("Delen met begeleider")
    await client.feed(update)
    desk.on_shared = original
    assert summaries(core) == []
    return client, update


async def test_crash_between_share_and_queueing_is_repaired_by_the_redelivery(world):
    core, app, _telegram, _clock = world
    client, update = await share_and_crash(world, 6001)
    await client.feed(update)  # Telegram redelivers the unconfirmed update after a restart
    assert summaries(core) == [("dossier-17", "pending")]
    await app.bot_data["desk"].tick()
    assert summaries(core) == [("dossier-17", "pending")], "exactly one"


async def test_timed_work_queues_a_share_whose_summary_never_was(world):
    core, app, _telegram, _clock = world
    await share_and_crash(world, 6011)
    assert await app.bot_data["desk"].tick() == 1
    assert summaries(core) == [("dossier-17", "pending")]


async def test_a_running_process_sweeps_what_changed_since_its_last_sweep(world):
    """After its first sweep (every coming appointment) a running process looks only at the
    conversations changed since the sweep before — and still finds a share whose summary a
    failure left unqueued."""
    core, app, _telegram, _clock = world
    desk = app.bot_data["desk"]
    assert await desk.tick() == 0
    await share_and_crash(world, 6013)
    assert await desk.tick() == 1
    assert summaries(core) == [("dossier-17", "pending")]
    assert await desk.tick() == 0, "once"


async def test_a_restarted_process_sweeps_what_changed_since_the_last_sweep_before(world):
    """The sweep's mark is kept in the database: the desk of a restarted bot looks only at
    what changed since the crashed one's last sweep, and finds the share it left behind."""
    core, app, _telegram, clock = world
    desk = app.bot_data["desk"]
    await desk.tick()
    await desk.tick()  # the first sweep is now on record
    assert sweep_mark(core.store.db) == clock()
    await share_and_crash(world, 6014)
    restarted = Desk(core, desk.registry, clock)
    assert await restarted.tick() == 1
    assert summaries(core) == [("dossier-17", "pending")]


async def test_the_sweep_leaves_a_share_whose_meeting_has_passed(world):
    """The crash sweep reads only invites whose appointment is still to come (so it does not
    grow with the history): after the meeting a summary is of no use, and none is queued."""
    core, app, _telegram, clock = world
    await share_and_crash(world, 6012)
    clock.now = datetime(2026, 12, 3, 14, 45, tzinfo=AMSTERDAM)  # the meeting was at 14:30
    await app.bot_data["desk"].tick()
    assert summaries(core) == []


async def test_client_who_blocks_the_bot_right_after_sharing_still_reaches_the_professional(
        world):
    core, _app, telegram, _clock = world
    _pro, client = await linked_client(world, 6002)
    await answer_until_share(client, core)
    telegram.blocked.add(6002)
    await client.tap("Delen met begeleider")
    assert summaries(core) == [("dossier-17", "pending")]


async def test_delete_removes_every_outbox_copy_of_the_answers(world):
    core, app, telegram, clock = world
    pro, client = await linked_client(world, 6003)
    await answer_until_share(client, core)
    await client.tap("Delen met begeleider")
    telegram.blocked.add(pro.chat_id)  # the summary ends 'blocked', its payload kept
    await build_sender(app, clock).deliver_due()
    assert OWN_WORDS in "".join(p for (p,) in db(core).execute(
        "SELECT unseal(payload) FROM outbox"))
    await client.send("/delete")
    await client.tap("Ja")
    payloads = [p for (p,) in db(core).execute("SELECT unseal(payload) FROM outbox")]
    assert not any(OWN_WORDS in p for p in payloads)
    assert not outbox_history(core.store, chat_id=6003)


async def test_reminder_due_while_the_bot_was_down_waits_for_the_morning(world):
    core, app, _telegram, clock = world
    _pro, client = await linked_client(world, 6004)
    await client.tap("Ja")
    desk = app.bot_data["desk"]
    sender = build_sender(app, clock)
    clock.now = datetime(2026, 11, 30, 23, 30, tzinfo=AMSTERDAM)  # down 14:30–23:30
    await desk.tick()
    await sender.deliver_due()
    reminder = core.catalogs.get("nl")("ui.reminder", when="x").split()[0]
    assert not [t for t in client.texts() if t.startswith(reminder)]
    clock.now = datetime(2026, 12, 1, 10, 5, tzinfo=AMSTERDAM)
    await desk.tick()
    await sender.deliver_due()
    assert len([t for t in client.texts() if t.startswith(reminder)]) == 1


async def test_duplicate_after_a_timeout_on_the_pdf_is_marked(world):
    core, app, telegram, clock = world
    pro, client = await linked_client(world, 6005)
    await answer_until_share(client, core)
    await client.tap("Delen met begeleider")
    telegram.faults["sendDocument"] = ["timeout_after_store"]
    sender = build_sender(app, clock)
    await sender.deliver_due()
    clock.now += timedelta(seconds=2)
    await sender.deliver_due()
    docs = telegram.sent("sendDocument", chat_id=pro.chat_id)
    marker = core.catalogs.get("nl")("pro.sent_again")
    assert len(docs) == 2
    assert [marker in (d.params.get("caption") or "") for d in docs] == [False, True]


async def test_client_who_moves_to_another_professional_leaves_the_first(world):
    core, app, telegram, clock = world
    anna = await register(core, app, telegram, clock, 900, "Anna")
    bert = await register(core, app, telegram, clock, 901, "Bert")
    code_a = await invite(anna, telegram, reference="anna-ref", when="3-12 14:30")
    code_b = await invite(bert, telegram, reference="bert-ref", when="20-12 14:30")
    client = TelegramClient(app, telegram, chat_id=6006)
    await client.send(f"/start {code_a}")
    await client.tap("Ja")
    clock.now = datetime(2026, 11, 30, 15, 0, tzinfo=AMSTERDAM)  # Anna's first reminder
    await app.bot_data["desk"].tick()
    await build_sender(app, clock).deliver_due()
    await client.tap("Deel wat ik heb als ik niet klaar ben")
    await client.send(f"/start {code_b}")
    # Skip questions up to the first one asking for words, type there, and stop (unfinished).
    for _ in range(60):
        step = next_step(client.buttons(), Answering(buttons="skipped"))
        if step.type is not None:
            await client.send("VOOR-BERT-BEDOELD")
            break
        await client.tap(step.tap)
    await anna.send("/clients")
    nl = core.catalogs.get("nl")
    assert nl("pro.status.unlinked") in anna.last_text()
    clock.now = datetime(2026, 12, 2, 15, 0, tzinfo=AMSTERDAM)  # a day before Anna's meeting
    await app.bot_data["desk"].tick()
    await build_sender(app, clock).deliver_due()
    assert "VOOR-BERT-BEDOELD" not in "\n".join(anna.texts())
    waiting = due_reminders(core.store.db, "9999")  # every reminder not yet sent or cancelled
    assert {iid for _, iid, chat in waiting if chat == 6006} == {2}, \
        "only Bert's invite still reminds"


async def test_a_finished_client_decides_again_before_a_new_professional_gets_anything(world):
    core, app, telegram, clock = world
    anna = await register(core, app, telegram, clock, 900, "Anna")
    bert = await register(core, app, telegram, clock, 901, "Bert")
    code_a = await invite(anna, telegram, reference="anna-ref")
    code_b = await invite(bert, telegram, reference="bert-ref", when="20-12 14:30")
    client = TelegramClient(app, telegram, chat_id=6010)
    await client.send(f"/start {code_a}")
    await answer_until_share(client, core)
    await client.tap("Delen met begeleider")
    await client.send(f"/start {code_b}")
    assert core.catalogs.get("nl")("ui.invite.decide_again") in client.texts()
    assert summaries(core) == [("anna-ref", "pending")]
    await app.bot_data["desk"].tick()
    assert summaries(core) == [("anna-ref", "pending")], "nothing for Bert without a new yes"
    await client.tap("Delen met begeleider")
    assert sorted(summaries(core)) == [("anna-ref", "pending"), ("bert-ref", "pending")]


async def test_a_used_code_reveals_nothing_of_its_invite(world):
    core, app, telegram, _clock = world
    _pro, _first = await linked_client(world, 6007, benefit="WGA 35-80%")
    code = await invite(_pro, telegram, reference="other", benefit="WGA 35-80%")
    await _first.send(f"/start {code}")  # the first client takes this one too
    stranger = TelegramClient(app, telegram, chat_id=6008)
    await stranger.send(f"/start {code}")
    assert core.catalogs.get("nl")("ui.invite.used") in stranger.texts()
    await stranger.tap("Ja")
    assert "WGA 35-80%" not in stranger.last_text()


async def test_professional_who_types_where_a_button_is_asked_gets_an_answer(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    await pro.send("/invite")
    await pro.send("ref-1")
    await pro.send("3-12 14:30")
    await pro.send("Nederlands")
    assert pro.last_text() == core.catalogs.get("nl")("pro.choose_button")


async def test_unexpected_error_in_the_sender_keeps_the_row_for_later(world):
    core, app, telegram, clock = world
    sender = text_sender(core, app, clock)
    await enqueue(core.store, "note", 46, {}, clock())
    telegram.faults["sendMessage"] = ["conflict"]  # not a fault the sender knows by name
    assert await sender.deliver_due() == 0
    (row,) = outbox_rows(core.store)
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 1, "Conflict")


async def test_invite_made_once_even_when_its_update_comes_twice(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    await pro.send("/invite")
    await pro.send("ref-9")
    await pro.send("3-12 14:30")
    await pro.tap("Nederlands")
    update = pro.prepare_tap("Ziektewet")
    await pro.feed(update)
    await pro.feed(update)
    assert len(Registry(core.store).invites_of(1)) == 1
    # Once as text and once around the QR code to forward (issue 19), not twice each.
    with_link = [m for m in telegram.chat(pro.chat_id) if "start=" in (m.text or "")]
    assert len([m for m in with_link if m.document is None]) == 1
    assert len([m for m in with_link if m.document is not None]) == 1


async def test_removing_a_professional_stops_what_waits_for_them(world):
    core, app, telegram, clock = world
    pro, client = await linked_client(world, 6012)
    await answer_until_share(client, core)
    await client.tap("Delen met begeleider")
    assert Registry(core.store).remove_professional(1)
    await build_sender(app, clock).deliver_due()
    assert not telegram.sent("sendDocument", chat_id=pro.chat_id)
    assert not any(OWN_WORDS in p for (p,) in db(core).execute(
        "SELECT unseal(payload) FROM outbox"))


async def test_client_gets_the_language_the_professional_chose(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, lang="English")
    client = TelegramClient(app, telegram, chat_id=6013, language_code="nl")
    await client.send(f"/start {code}")
    assert core.preparation.conversation(6013).lang == "en"
    assert core.catalogs.get("en")("ui.consent.question") in client.texts()
