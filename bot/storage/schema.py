"""Schema migrations: small functions applied once each, in order, recorded in the database.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

Migration = Callable[[Database], None]


def _initial(db: Database) -> None:
    db["conversations"].create(
        {
            "chat_id": int,
            "state": str,  # JSON of the flow's Conversation, answers excluded
            "lang": str,
            "step": str,
            "active": int,  # 0 once the client blocked the bot
            "professional_id": int,
            "invite_id": int,
            "created_at": str,
            "updated_at": str,
            "finished_at": str,
        },
        pk="chat_id",
        not_null={"state", "lang", "step"},
        defaults={"active": 1},
    )
    db["answers"].create(
        {
            "id": int,
            "chat_id": int,
            "question": str,
            "status": str,  # answered / skipped / dont_know / discuss / removed
            "value": str,  # JSON
            "voice": str,
            "private": int,
            "at": str,
        },
        pk="id",
        not_null={"chat_id", "question", "status", "at"},
    )
    db["answers"].create_index(["chat_id", "question", "id"])
    db["applied_updates"].create(
        {"update_id": int, "chat_id": int, "replied": int, "at": str},
        pk="update_id",
        defaults={"replied": 0},
    )


def _professionals(db: Database) -> None:
    """Professionals, their invites, what goes out to them, reminders and reflections.
    Longer than a function should be, on purpose: an applied migration is never edited, so
    it stays one block that reads as the tables were created."""
    db["professionals"].create(
        {
            "id": int,
            "name": str,
            "chat_id": int,  # set when the professional opened their registration link
            "lang": str,
            "registration_hash": str,  # sha256 of the one-time registration code
            "registration_expires_at": str,
            "active": int,  # 0 once removed by a coordinator
            "blocked": int,  # 1 when the professional blocked the bot
            "created_at": str,
            "registered_at": str,
        },
        pk="id",
        not_null={"name", "created_at"},
        defaults={"active": 1, "blocked": 0},
    )
    db["professionals"].create_index(["chat_id"], unique=True)
    db["professionals"].create_index(["registration_hash"], unique=True)
    db["invites"].create(
        {
            "id": int,
            "professional_id": int,
            "code_hash": str,  # sha256 of the deep-link code; the code itself is never stored
            "reference": str,  # pseudonym or case number (never a citizen service number)
            "appointment_at": str,  # ISO 8601 with offset, Europe/Amsterdam
            "client_lang": str,
            "benefit": str,
            "client_chat_id": int,
            "created_at": str,
            "opened_at": str,
            "expires_at": str,
            "delivery": str,  # "" / pending / sent / sent_again / failed / blocked
            "status_note_at": str,  # when the 24-hour status note was queued
        },
        pk="id",
        not_null={"professional_id", "code_hash", "reference", "appointment_at", "created_at"},
        foreign_keys=[("professional_id", "professionals", "id")],
    )
    db["invites"].create_index(["code_hash"], unique=True)
    db["invites"].create_index(["professional_id"])
    db["invites"].create_index(["client_chat_id"])
    db["outbox"].create(
        {
            "id": int,
            "kind": str,  # summary / status_note / reflection / evaluation / reminder
            "chat_id": int,
            "invite_id": int,
            "payload": str,  # JSON: what to send, rendered at send time
            "status": str,  # pending / sent / failed / blocked
            "attempts": int,
            "uncertain": int,  # sends that timed out and may have been delivered
            "next_attempt_at": str,
            "created_at": str,
            "sent_at": str,
            "last_error": str,  # an error type or Telegram's fixed description, never text
        },
        pk="id",
        not_null={"kind", "chat_id", "payload", "status", "created_at"},
        defaults={"attempts": 0, "uncertain": 0, "status": "pending"},
    )
    db["outbox"].create_index(["status", "next_attempt_at"])
    db["reminders"].create(
        {"id": int, "invite_id": int, "chat_id": int, "due_at": str, "sent_at": str,
         "cancelled": int},
        pk="id",
        not_null={"chat_id", "due_at"},
        defaults={"cancelled": 0},
    )
    db["reminders"].create_index(["due_at"])
    db["reflections"].create(
        {"id": int, "invite_id": int, "professional_id": int, "helped": str,
         "earlier": str, "observations": str, "created_at": str},
        pk="id",
    )
    db["evaluations"].create(
        {"id": int, "invite_id": int, "chat_id": int, "question": str, "answer": str,
         "created_at": str},
        pk="id",
    )
    # Anonymous facts kept for the statistics when a client finishes: no free text.
    db["profiles"].create(
        {"chat_id": int, "invite_id": int, "professional_id": int, "benefit": str,
         "selfview": str, "most_likely": str, "confidence": str, "self_view_differs": int,
         "value_gaps": str, "created_at": str},
        pk="chat_id",
    )
    db["conversations"].add_column("reminders_off", int, not_null_default=0)
    db["conversations"].add_column("partial_ok", int, not_null_default=0)


def _followups(db: Database) -> None:
    """The professional's half-finished dialog (an invite being made, a reflection), and when
    the after-meeting questions went out."""
    db["professionals"].add_column("session", str)
    db["invites"].add_column("after_sent_at", str)


def _delivery(db: Database) -> None:
    """Delivery bookkeeping (issue 15): updates skipped as unreadable (id and kind only), a
    flooding chat's updates waiting their turn, the outbox part whose send may have arrived,
    and when a late delivery was reported."""
    db["skipped_updates"].create({"update_id": int, "kind": str, "at": str}, pk="update_id")
    db["deferred_updates"].create({"update_id": int, "chat_id": int, "payload": str,
                                   "at": str}, pk="update_id")
    db["outbox"].add_column("sending_part", int)
    db["outbox"].add_column("late_noted_at", str)


def _privacy(db: Database) -> None:
    """Encryption's key check, the record of disclosures, the code-guessing counter and
    retention notices."""
    db["crypto"].create({"name": str, "value": str}, pk="name")
    db["audit"].create(
        {
            "id": int,
            "at": str,  # when the professional's chat received it
            "kind": str,  # summary / status_note
            "parts": str,  # which parts went, e.g. "message,pdf,voice:2" — never content
            "professional_id": int,
            "invite_id": int,
            "client_chat_id": int,  # cleared when the client's data is erased
            "reference": str,  # the client's pseudonym (sealed); cleared on erasure
            "outbox_id": int,
        },
        pk="id",
        not_null={"at", "kind", "parts"},
    )
    db["audit"].create_index(["client_chat_id"])
    db["audit"].create_index(["outbox_id"], unique=True)
    # Wrong invite or registration codes per chat and hour: a count, never the codes.
    db["code_attempts"].create({"chat_id": int, "hour": str, "failures": int},
                               pk=("chat_id", "hour"))
    db["conversations"].add_column("retention_notice_at", str)


def _scale_indexes(db: Database) -> None:
    """Indexes for the paths that must not grow with the history (start-up, the timed work
    every 30 seconds, stats over a period; tests/test_query_plans.py): the partial ones hold
    only what is still waiting, so the timed work reads what is due, not every row ever."""
    for sql in (
        # what is still to be sent or noted: reminders, status notes, after-meeting questions
        "CREATE INDEX reminders_waiting ON reminders (due_at) "
        "WHERE sent_at IS NULL AND cancelled = 0",
        "CREATE INDEX invites_status_note_waiting ON invites (appointment_at) "
        "WHERE status_note_at IS NULL",
        "CREATE INDEX invites_after_waiting ON invites (appointment_at) "
        "WHERE after_sent_at IS NULL",
        # linked invites whose summary was never queued (the crash sweep)
        "CREATE INDEX invites_awaiting_summary ON invites (client_chat_id) "
        "WHERE delivery = '' AND client_chat_id IS NOT NULL",
        # one summary per invite, a client's reminders and evaluations, erasure
        "CREATE INDEX outbox_invite ON outbox (invite_id, kind)",
        "CREATE INDEX outbox_chat ON outbox (chat_id, kind)",
        "CREATE INDEX reminders_client ON reminders (chat_id, invite_id)",
        "CREATE INDEX reminders_invite ON reminders (invite_id)",
        "CREATE INDEX evaluations_client ON evaluations (chat_id, invite_id, question)",
        # stats over a period, by the day things started
        "CREATE INDEX conversations_created ON conversations (created_at)",
        "CREATE INDEX invites_created ON invites (created_at)",
        "CREATE INDEX profiles_created ON profiles (created_at)",
        "CREATE INDEX reflections_created ON reflections (created_at)",
        "CREATE INDEX evaluations_created ON evaluations (created_at)",
        "CREATE INDEX answers_question ON answers (question, chat_id, id)",
    ):
        db.execute(sql)


def _reflection_seen(db: Database) -> None:
    """The professional's own reading after the meeting (a stagnation id, moving_well or
    none): an id, never free text, so the statistics can set it beside the profile's."""
    db["reflections"].add_column("seen", str)
    # The statistics set each reflection beside the profile of the same invite.
    db.execute("CREATE INDEX profiles_invite ON profiles (invite_id)")


def _purge_indexes(db: Database) -> None:
    """A client's purge or erasure finds the professional's notes on their meetings by invite,
    not by reading every reflection."""
    db.execute("CREATE INDEX reflections_invite ON reflections (invite_id)")


def _retention_indexes(db: Database) -> None:
    """The retention pass finds the clients near their purge date: linked invites by their
    appointment, conversations by their last message (bot/storage/privacy.py)."""
    db.execute("CREATE INDEX invites_linked_appointment ON invites (appointment_at) "
               "WHERE client_chat_id IS NOT NULL")
    db.execute("CREATE INDEX conversations_updated ON conversations (updated_at)")


def _awaiting_summary_by_appointment(db: Database) -> None:
    """The crash sweep reads the linked invites without a queued summary whose appointment is
    still to come (bot/storage/invites.py): by appointment, so invites of clients who never
    shared, and every past meeting, stay out of the read."""
    db.execute("DROP INDEX IF EXISTS invites_awaiting_summary")
    db.execute("CREATE INDEX invites_awaiting_summary ON invites (appointment_at) "
               "WHERE delivery = '' AND client_chat_id IS NOT NULL")


def _sweep_mark(db: Database) -> None:
    """When the crash sweep last finished a pass (bot/storage/timed.py), so a restarted bot
    looks only at the conversations changed since: one row, a time, nothing about anyone."""
    db.execute("CREATE TABLE timed_marks (name TEXT PRIMARY KEY, at TEXT NOT NULL)")


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", _initial),
    ("0002_professionals", _professionals),
    ("0003_followups", _followups),
    ("0004_delivery", _delivery),
    ("0005_privacy", _privacy),
    ("0006_scale_indexes", _scale_indexes),
    ("0007_purge_indexes", _purge_indexes),
    ("0008_retention_indexes", _retention_indexes),
    ("0007_reflection_seen", _reflection_seen),
    ("0009_awaiting_summary_by_appointment", _awaiting_summary_by_appointment),
    ("0010_sweep_mark", _sweep_mark),
]


def migrate(db: Database, now: str) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    if "migrations" not in db.table_names():
        db["migrations"].create({"name": str, "applied_at": str}, pk="name")
    done = {row["name"] for row in db["migrations"].rows}
    applied = []
    for name, migration in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            migration(db)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", [name, now])
        applied.append(name)
    return applied
