"""The slow paths do not grow with the history: every query they run uses an index.

Start-up, one pass of the timed work (with a reminder, a status note, after-meeting questions
and an unqueued summary due) and `stats` over a period run against a database with a few
hundred stored conversations; every statement they send to SQLite is recorded and its
`EXPLAIN QUERY PLAN` read. A full SCAN of a table that grows with the clients fails, naming the
path and the statement. `stats` over all time reads every row by definition: there, no
statement may read more than one growing table whole. The plans do not depend on the number
of rows (the bot runs no ANALYZE), so what holds here holds at 100,000 conversations
(bench/scale_bench.py prints the times).
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from bot.app_core import build_core
from bot.chat.app import build_application, build_sender
from bot.flows.appointments import AMSTERDAM
from bot.privacy.retention import Retention
from bot.stats.figures import Period, open_readonly, read_figures
from bot.storage import invites, outbox_queue, timed
from bot.storage.privacy import mark_noticed, purge_client, retention_due, retention_due_by
from bot.storage.stats_reads import StatsReads
from tests.fakes import OfflineTelegram
from tests.seeding import plant_due_work, seed

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=AMSTERDAM)
# Tables that grow with every client; professionals and migrations stay small, and
# applied_updates is pruned to the newest 20,000 (KEEP_APPLIED_UPDATES in bot/storage/store.py).
GROWING = {"conversations", "answers", "invites", "outbox", "reminders", "profiles",
           "reflections", "evaluations", "audit"}
# Partial indexes hold only rows still waiting; reading one whole is reading what is due.
WAITING = {"reminders_waiting", "invites_status_note_waiting", "invites_after_waiting"}
# Statements of the timed work that still read a growing table whole, each with its reason
# (a substring of the statement); none today.
KNOWN_SCANS: set[str] = set()
NOT_QUERIES = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA|CREATE|DROP|ALTER|SAVEPOINT|"
                         r"RELEASE|VACUUM|ANALYZE)\b", re.I)
PLAIN_INSERT = re.compile(r"^\s*INSERT\b(?!.*\bSELECT\b)", re.I | re.S)
ALIAS = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(?!WHERE\b|JOIN\b|ON\b|"
                   r"LEFT\b|INNER\b|GROUP\b|ORDER\b|LIMIT\b|SET\b|VALUES\b)(\w+))?", re.I)


class Recorder:
    """Every statement sent on connections opened while it listens, by path."""

    def __init__(self) -> None:
        self.path = ""
        self.statements: dict[str, list[str]] = {}

    def connect(self, real):
        def connect(*args, **kwargs):
            conn = real(*args, **kwargs)
            conn.set_trace_callback(self.heard)
            return conn
        return connect

    def heard(self, sql: str) -> None:
        if self.path and not NOT_QUERIES.match(sql) and not PLAIN_INSERT.match(sql) \
                and "sqlite_master" not in sql and "sqlite_schema" not in sql:
            self.statements.setdefault(self.path, []).append(sql)


def planner(database) -> sqlite3.Connection:
    """A connection that can plan the bot's statements: the SQL functions the storage installs
    (bot/storage/crypto.py) are stood in for, since a plan never calls them."""
    conn = sqlite3.connect(database)
    for name, args in (("seal", 1), ("unseal", 1), ("seal_answer", 2)):
        conn.create_function(name, args, lambda *values: values[0], deterministic=True)
    return conn


def full_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The plan lines that read a growing table whole (a waiting-only index excepted)."""
    names = {}
    for table, alias in ALIAS.findall(sql):
        names[table.lower()] = table.lower()
        if alias:
            names[alias.lower()] = table.lower()
    found = []
    for *_, detail in conn.execute("EXPLAIN QUERY PLAN " + sql):
        match = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", detail)
        if match and names.get(match.group(1).lower(), match.group(1).lower()) in GROWING \
                and match.group(2) not in WAITING:
            found.append(detail)
    return found


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "bot.db"
    core = build_core(str(path))

    async def fill() -> None:
        await seed(core, 300, NOW, random.Random(3))
        await plant_due_work(core, NOW)

    asyncio.run(fill())
    core.close()

    recorder = Recorder()
    patch = pytest.MonkeyPatch()
    patch.setattr(sqlite3, "connect", recorder.connect(sqlite3.connect))
    try:
        recorder.path = "start-up"
        core = build_core(str(path))
        app = build_application(core, "123:PLANS", request=OfflineTelegram(record=False),
                                rate_limit=False, clock=lambda: NOW)
        sender = build_sender(app, clock=lambda: NOW)
        recorder.path = "timed work"

        retention = Retention.from_days(core.store, lambda: NOW, 30, 90)

        async def one_pass() -> int:
            queued = await app.bot_data["desk"].tick()
            notices, purged = await retention.tick()
            sender.due()
            return queued + notices + purged

        queued = asyncio.run(one_pass())
        recorder.path = ""
        core.close()
        recorder.path = "stats"
        conn = open_readonly(path)
        read_figures(conn, core.content, Period(NOW.date() - timedelta(days=30), date.max))
        recorder.path = "stats, all time"
        read_figures(conn, core.content, Period())
        conn.close()
    finally:
        recorder.path = ""
        patch.undo()
    return path, recorder.statements, queued


def test_the_timed_work_found_what_was_due(recorded):
    _, statements, queued = recorded
    # a reminder, a status note, the reflection and the evaluation, the unqueued summary,
    # a retention notice and a purge
    assert queued >= 7
    assert {"start-up", "timed work", "stats", "stats, all time"} <= set(statements)


@pytest.mark.parametrize("path", ["start-up", "timed work", "stats"])
def test_no_full_scan_of_a_growing_table(recorded, path):
    database, statements, _ = recorded
    conn = planner(database)
    try:
        scans = {sql: lines for sql in dict.fromkeys(statements[path])
                 if (lines := full_scans(conn, sql))}
    finally:
        conn.close()
    scans = {sql: lines for sql, lines in scans.items()
             if not any(mark in sql for mark in KNOWN_SCANS)}
    assert not scans, f"{path}: statements that read a growing table whole:\n" + "\n".join(
        f"  {sql}\n    -> {'; '.join(lines)}" for sql, lines in scans.items())


def test_every_known_scan_is_still_there(recorded):
    """A known scan that was fixed is struck from KNOWN_SCANS, so the list shrinks."""
    database, statements, _ = recorded
    conn = planner(database)
    try:
        scanning = [sql for sql in dict.fromkeys(statements["timed work"])
                    if full_scans(conn, sql)]
    finally:
        conn.close()
    assert all(any(mark in sql for sql in scanning) for mark in KNOWN_SCANS), scanning


def test_stats_over_all_time_read_each_table_once(recorded):
    """Counting everything reads every row, once: no statement reads two growing tables whole
    (a join or a subquery that reads a table once per row of another)."""
    database, statements, _ = recorded
    conn = planner(database)
    try:
        twice = {sql: lines for sql in dict.fromkeys(statements["stats, all time"])
                 if len(lines := full_scans(conn, sql)) > 1}
    finally:
        conn.close()
    assert not twice, twice


@pytest.mark.parametrize("days", [-40, -3, 0, 3, 20, 60, 200])
def test_the_retention_pass_finds_every_client_near_the_date(recorded, days):
    """Asking by index (retention_due_by) finds every client whose purge date comes by the
    horizon, dated exactly as when every client is dated (retention_due)."""
    database, _, _ = recorded
    after, without = timedelta(days=30), timedelta(days=90)
    horizon = NOW + timedelta(days=days)
    conn = planner(database)
    try:
        everyone = [d for d in retention_due(conn, after, without) if d.purge_at <= horizon]
        found = retention_due_by(conn, after, without, horizon)
    finally:
        conn.close()
    assert set(everyone) <= set(found)
    assert set(everyone) == {d for d in found if d.purge_at <= horizon}


def test_the_check_sees_a_full_scan(recorded):
    """The check itself can fail: a reminder query without the waiting conditions."""
    database, _, _ = recorded
    conn = planner(database)
    try:
        assert full_scans(conn, "SELECT id FROM reminders r WHERE r.cancelled = 0")
        assert not full_scans(conn, "SELECT id FROM reminders r WHERE r.sent_at IS NULL AND "
                                    "r.cancelled = 0 AND r.due_at <= '2026'")
    finally:
        conn.close()


def _timed_queries(conn: sqlite3.Connection) -> None:
    stamp, later = NOW.isoformat(), (NOW + timedelta(hours=24)).isoformat()
    chat = conn.execute("SELECT client_chat_id FROM invites WHERE client_chat_id IS NOT NULL "
                        "LIMIT 1").fetchone()[0]
    timed.client_state(conn, chat)
    timed.appointment_of(conn, 1)
    timed.plan_reminders(conn, 1, chat, [stamp])
    timed.hold_reminders(conn, later, stamp)
    timed.due_reminders(conn, stamp)
    timed.close_reminder(conn, 1, stamp, cancelled=False)
    timed.status_notes_due(conn, stamp, later)
    timed.mark_status_noted(conn, 1, stamp)
    timed.meetings_over(conn, stamp)
    timed.mark_after_sent(conn, 1, stamp)
    invites.shared_without_summary(conn, NOW)
    invites.shared_without_summary(conn, NOW, changed_since=NOW - timedelta(minutes=5))
    invites.invite_by_id(conn, 1)
    outbox_queue.summary_queued(conn, 1)
    outbox_queue.late_summaries(conn, later)
    timed.sweep_mark(conn)
    timed.set_sweep_mark(conn, NOW)
    # the retention pass: who is near their date, the notice, the purge
    retention_due_by(conn, timedelta(days=30), timedelta(days=90), NOW + timedelta(days=3))
    mark_noticed(conn, chat, stamp)
    purge_client(conn, chat)


def _stats_queries(conn: sqlite3.Connection) -> None:
    reads = StatsReads(conn, Period(NOW.date() - timedelta(days=30), date.max))
    for name in ("conversations", "latest_statuses", "selfview_answers", "profile_facts",
                 "readings", "reflections_helped", "evaluations", "professional_names",
                 "invites", "reflections_by_professional"):
        getattr(reads, name)()


@pytest.mark.parametrize("queries", [_timed_queries, _stats_queries])
def test_every_named_query_of_the_slow_paths_uses_an_index(recorded, queries):
    """Each named query of the timed work (bot/storage/timed.py, the crash sweep, the
    outbox's look) and of `stats` over a period (bot/storage/stats_reads.py), called on its
    own — so a query no seeded pass happens to reach is planned too — reads no growing table
    whole. Run in a transaction that is rolled back: the database stays as seeded."""
    database, _, _ = recorded
    conn = planner(database)
    # Sealed payloads are read with json_extract: the stand-in opens each as an empty object.
    conn.create_function("unseal", 1, lambda value: "{}", deterministic=True)
    heard: list[str] = []
    conn.set_trace_callback(lambda sql: heard.append(sql) if not NOT_QUERIES.match(sql)
                            and not PLAIN_INSERT.match(sql)
                            and "sqlite_master" not in sql else None)
    try:
        conn.execute("BEGIN")
        queries(conn)
        conn.set_trace_callback(None)
        conn.execute("ROLLBACK")
        scans = {sql: lines for sql in dict.fromkeys(heard) if (lines := full_scans(conn, sql))}
    finally:
        conn.close()
    assert len(heard) >= 10
    assert not scans, "\n".join(f"{sql}\n  -> {lines}" for sql, lines in scans.items())
