"""Many stored conversations at once, for the scale benchmark and the query-plan test.

A few dozen clients talk to the real flow with random answers (finished and shared, finished
and kept, paused half-way, declined); copies of them under new chat ids are committed through
`Store.commit` in large groups, the way the bot stores them. Around them the professional side
as it stands after months of use: professionals, one invite per client, reminders, outbox rows
sent long ago, profile facts, reflections and evaluations. `plant_due_work` then adds what one
timed-work pass at `now` has to find: a reminder, a status note, after-meeting questions and a
shared conversation whose summary a crash left unqueued.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.app_core import Core
from bot.flows import callbacks
from bot.flows.answers import Answer
from bot.flows.conversation import Conversation
from bot.flows.events import Start
from bot.professionals.outbox import enqueue_in
from bot.professionals.registry import Registry
from bot.professionals.reminders import reminder_times
from bot.storage import Change
from bot.storage.timed import set_sweep_mark
from tests.driver import FlowDriver

WORDS = ("Ik wil graag weer aan het werk, maar mijn rug speelt op.",
         "Thuis is het druk met de kinderen.", "Ik weet het nog niet precies.",
         "Vrijwilligerswerk bij de voedselbank geeft me energie.")
ENDINGS = ("shared", "shared", "shared", "kept", "paused", "paused", "declined")
CHUNK = 2000
# Appointments of the stored clients, in days around `now`: retention purges a client 30 days
# after the appointment (RETENTION_DAYS), so none is older; none is due for a notice either.
WINDOW_PAST, WINDOW_AHEAD = 26, 14


@dataclass
class Template:
    conversation: Conversation
    answers: dict[str, Answer]
    ending: str


def _answer(driver: FlowDriver, rng: random.Random) -> None:
    slot = driver.slot()
    if rng.random() < 0.08:
        driver.tap_data(callbacks.way_out(slot.id, rng.choice(("skipped", "dont_know", "discuss"))))
    elif slot.kind == "choice":
        driver.tap_data(callbacks.choose(slot.id, rng.choice(slot.options(driver.conv.answers))))
    elif slot.kind == "multi":
        options = slot.options(driver.conv.answers)
        for option in rng.sample(options, min(len(options), rng.randint(1, 3))):
            driver.tap_data(callbacks.toggle(slot.id, option))
        driver.tap_data(callbacks.done(slot.id))
    else:
        driver.text(rng.choice(WORDS))


def make_templates(core: Core, rng: random.Random, count: int = 28) -> list[Template]:
    """Conversations held with the real flow, ending in each of the usual ways."""
    made = []
    for i in range(count):
        ending = ENDINGS[i % len(ENDINGS)]
        driver = FlowDriver(core.flow, lang=rng.choice(core.content.languages), chat_id=1)
        driver.send(Start(invite="seed"))  # opened from an invite link, so sharing is offered
        if ending == "declined":
            driver.tap_data("no")
        else:
            driver.tap_data("ok")
            stop_after = rng.randint(3, 20) if ending == "paused" else 10_000
            answered = 0
            while driver.conv.state == "asking" and answered < stop_after:
                _answer(driver, rng)
                answered += 1
            if ending == "paused":
                driver.command("pause")
            else:
                driver.tap_data(callbacks.review("share"))
                driver.tap_data(callbacks.share(ending == "shared"))
        conv = driver.conv
        expected = {"shared": ("done", True), "kept": ("done", False),
                    "paused": ("paused", False), "declined": ("declined", False)}[ending]
        if (conv.state, conv.shared) != expected:
            raise RuntimeError(f"the flow no longer ends a '{ending}' conversation this way: "
                               f"{conv.state}, shared={conv.shared}")
        # Stored answers carry the moment of the commit (Change.now), as in the bot.
        answers = {q: dataclasses.replace(a, at="") for q, a in conv.answers.items()}
        made.append(Template(dataclasses.replace(conv, answers={}), answers, ending))
    return made


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


async def seed(core: Core, n: int, now: datetime, rng: random.Random,
               first_chat: int = 10_000_000) -> dict[str, int]:
    """n clients, each with an invite of one of n/250 professionals, their appointments
    spread over the stored window (retention purges a client 30 days after the appointment,
    so that is what a database holds: a larger n is a larger organisation); everything that
    was due before `now` has been done."""
    days = WINDOW_PAST + WINDOW_AHEAD + 14
    templates = make_templates(core, rng)
    store = core.store
    pros = max(3, n // 250)

    def professionals(conn) -> list[int]:
        ids = []
        for p in range(pros):
            ids.append(conn.execute(
                "INSERT INTO professionals (name, chat_id, lang, registration_hash, created_at,"
                " registered_at) VALUES (seal(?), ?, ?, ?, ?, ?)",
                [f"Professional {p}", 500_000 + p, "nl", f"seed-{p}-{rng.random()}",
                 _stamp(now - timedelta(days=days + 60)), _stamp(now - timedelta(days=days + 59))])
                       .lastrowid)
        return ids

    pro_ids = await store.transact(professionals)
    counts = {"conversations": 0, "answers": 0}
    for start in range(0, n, CHUNK):
        clients = []
        for i in range(start, min(n, start + CHUNK)):
            template = templates[i % len(templates)]
            appointment = now + timedelta(days=rng.uniform(-WINDOW_PAST, WINDOW_AHEAD))
            # Begun 1-14 days before the appointment and at least 2 hours ago, spread over
            # the last two weeks (not all at the same moment just before `now`).
            began = min(appointment - timedelta(days=rng.uniform(1, 14)),
                        now - timedelta(hours=rng.uniform(2, 14 * 24)))
            took = timedelta(minutes=rng.randint(8, 90))
            clients.append((first_chat + i, template, began, took, appointment,
                            pro_ids[i % len(pro_ids)]))
        await asyncio.gather(*(store.commit(Change(
            chat, dataclasses.replace(t.conversation, chat_id=chat, state="asking", slot=""),
            now=_stamp(began))) for chat, t, began, *_ in clients))
        await asyncio.gather(*(store.commit(Change(
            chat, dataclasses.replace(t.conversation, chat_id=chat), dict(t.answers),
            now=_stamp(began + took))) for chat, t, began, took, *_ in clients))
        counts["conversations"] += len(clients)
        counts["answers"] += sum(len(t.answers) for _, t, *_ in clients)
        await store.transact(lambda conn, clients=clients: _professional_side(
            conn, clients, now, rng))
    return counts


def _professional_side(conn, clients: list, now: datetime, rng: random.Random) -> None:
    """Invites, reminders, outbox rows, facts and follow-ups, as after their moments passed."""
    for chat, template, began, took, appointment, pid in clients:
        created = began - timedelta(hours=rng.randint(1, 48))
        Registry.insert_invite(conn, pid, f"dossier-{chat}", appointment, template.conversation
                               .lang, "ww", created)
        iid = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        done = template.ending in ("shared", "kept")
        past = appointment <= now - timedelta(hours=1)
        noted = appointment <= now + timedelta(hours=24)
        conn.execute("UPDATE invites SET client_chat_id = ?, opened_at = ?, delivery = ?, "
                     "status_note_at = ?, after_sent_at = ? WHERE id = ?",
                     [chat, _stamp(began), "sent" if template.ending == "shared" else "",
                      _stamp(appointment - timedelta(hours=24)) if noted else None,
                      _stamp(appointment + timedelta(hours=1)) if past else None, iid])
        for due in reminder_times(appointment, created):
            if due <= now:
                conn.execute("INSERT INTO reminders (invite_id, chat_id, due_at, sent_at, "
                             "cancelled) VALUES (?, ?, ?, ?, ?)",
                             [iid, chat, _stamp(due), _stamp(due), int(done)])
                if not done:
                    _sent(conn, "reminder", chat, iid, due)
            else:
                conn.execute("INSERT INTO reminders (invite_id, chat_id, due_at) "
                             "VALUES (?, ?, ?)", [iid, chat, _stamp(due)])
        if template.ending == "shared":
            _sent(conn, "summary", 500_000, iid, began + took)
            conn.execute("INSERT INTO profiles (chat_id, invite_id, professional_id, benefit, "
                         "selfview, most_likely, confidence, self_view_differs, value_gaps, "
                         "created_at) VALUES (?, ?, ?, 'ww', 'stuck', 'disruption', 'medium', "
                         "0, ?, ?)", [chat, iid, pid, json.dumps(["autonomy"]),
                                      _stamp(began + took)])
        if noted and not done:
            _sent(conn, "status_note", 500_000, iid, appointment - timedelta(hours=24))
        if past:
            _sent(conn, "reflection", 500_000, iid, appointment + timedelta(hours=1))
            if rng.random() < 0.5:
                conn.execute("INSERT INTO reflections (invite_id, professional_id, helped, "
                             "earlier, observations, created_at) VALUES (?, ?, 'yes', 'no', "
                             "NULL, ?)", [iid, pid, _stamp(appointment + timedelta(hours=2))])
            if done:
                _sent(conn, "evaluation", chat, iid, appointment + timedelta(hours=1))
                for question in ("helped", "easy"):
                    conn.execute("INSERT INTO evaluations (invite_id, chat_id, question, "
                                 "answer, created_at) VALUES (?, ?, ?, 'yes', ?)",
                                 [iid, chat, question, _stamp(appointment + timedelta(hours=3))])


def _sent(conn, kind: str, chat: int, iid: int, at: datetime) -> None:
    row = enqueue_in(conn, kind, chat, {"invite_id": iid}, at, iid)
    conn.execute("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = 1 WHERE id = ?",
                 [_stamp(at), row])


async def plant_due_work(core: Core, now: datetime, first_chat: int = 90_000_000) -> None:
    """What one timed-work pass at `now` finds among the stored clients: a reminder due, a
    meeting within 24 hours, a meeting just over, a shared conversation whose summary a crash
    left unqueued (linked to a registered professional), a client whose retention notice is
    due and one past the retention date (purged); and the crashed bot's last crash sweep, a
    minute before `now`."""
    templates = {t.ending: t for t in make_templates(core, random.Random(7), count=7)}
    pid = core.store.db.execute("SELECT id FROM professionals ORDER BY id LIMIT 1").fetchone()[0]
    plans = [("paused", now + timedelta(days=1, hours=2)), ("paused", now + timedelta(hours=5)),
             ("shared", now - timedelta(hours=2)), ("shared", now + timedelta(days=4)),
             ("kept", now - timedelta(days=28)), ("paused", now - timedelta(days=31))]
    for offset, (ending, appointment) in enumerate(plans):
        chat, template = first_chat + offset, templates[ending]
        began = min(now, appointment) - timedelta(days=3)
        await core.store.commit(Change(chat, dataclasses.replace(
            template.conversation, chat_id=chat), dict(template.answers), now=_stamp(began)))

        def link(conn, chat=chat, appointment=appointment, began=began, offset=offset) -> None:
            Registry.insert_invite(conn, pid, f"due-{offset}", appointment, "nl", "ww", began)
            iid = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
            conn.execute("UPDATE invites SET client_chat_id = ?, opened_at = ? WHERE id = ?",
                         [chat, _stamp(began), iid])
            if offset == 0:
                conn.execute("INSERT INTO reminders (invite_id, chat_id, due_at) VALUES "
                             "(?, ?, ?)", [iid, chat, _stamp(now - timedelta(seconds=10))])
            if appointment < now - timedelta(days=1):  # its notes went out long ago
                conn.execute("UPDATE invites SET status_note_at = ?, after_sent_at = ? "
                             "WHERE id = ?", [_stamp(appointment), _stamp(appointment), iid])

        await core.store.transact(link)
        if ending == "shared" and appointment > now:
            # The yes to sharing came just before the crash, after the last crash sweep of the
            # bot that crashed (below): the restarted bot's first sweep finds it.
            await core.store.commit(Change(chat, dataclasses.replace(
                template.conversation, chat_id=chat), {}, now=_stamp(now - timedelta(seconds=30))))
    await core.store.transact(lambda conn: set_sweep_mark(conn, now - timedelta(minutes=1)))
