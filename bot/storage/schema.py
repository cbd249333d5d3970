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


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", _initial),
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
