"""SQL for delivery bookkeeping: skipped updates, a flooding chat's waiting updates, and the
outbox overview for `python -m bot outbox`. Nothing here stores what a client wrote, except
a waiting update itself, which is deleted as soon as it has been handled."""

from __future__ import annotations

import json
import sqlite3

from bot.storage.store import Store


async def record_skipped(store: Store, update_id: int, kind: str, at: str) -> None:
    """An update that could not be read: only its id and kind, never its content."""
    await store.transact(lambda conn: conn.execute(
        "INSERT OR IGNORE INTO skipped_updates (update_id, kind, at) VALUES (?, ?, ?)",
        [update_id, kind, at]))


def skipped(store: Store) -> list[tuple[int, str]]:
    return [tuple(r) for r in store.db.execute(
        "SELECT update_id, kind FROM skipped_updates ORDER BY update_id")]


async def defer(store: Store, rows: list[tuple[int, int, dict, str]]) -> None:
    """Keep a flooding chat's updates (id, chat, raw update, at) until their turn."""
    await store.transact(lambda conn: conn.executemany(
        "INSERT OR IGNORE INTO deferred_updates (update_id, chat_id, payload, at)"
        " VALUES (?, ?, seal(?), ?)",
        [(uid, chat, json.dumps(raw, ensure_ascii=False), at) for uid, chat, raw, at in rows]))


def deferred(store: Store) -> list[dict]:
    return [json.loads(r[0]) for r in store.db.execute(
        "SELECT unseal(payload) FROM deferred_updates ORDER BY update_id")]


async def forget_deferred(store: Store, update_id: int) -> None:
    await store.transact(lambda conn: conn.execute(
        "DELETE FROM deferred_updates WHERE update_id = ?", [update_id]))


OUTBOX_COLUMNS = ("id", "kind", "reference", "parts_sent", "attempts", "uncertain", "status",
                  "next_attempt_at", "last_error", "late_noted_at")


def outbox_rows(store: Store, failed_only: bool = False) -> list[dict]:
    """Waiting and failed deliveries, without their content (no answers)."""
    where = "status = 'failed'" if failed_only else "status IN ('pending', 'failed')"
    rows = store.db.execute(
        "SELECT o.id, o.kind, COALESCE(unseal(i.reference), json_extract(unseal(o.payload), "
        "'$.reference')), COALESCE(json_extract(unseal(o.payload), '$._parts_sent'), 0), "
        "o.attempts, o.uncertain, "
        f"o.status, o.next_attempt_at, o.last_error, o.late_noted_at FROM outbox o "
        f"LEFT JOIN invites i ON i.id = o.invite_id WHERE {where} ORDER BY o.id").fetchall()
    return [dict(zip(OUTBOX_COLUMNS, row, strict=True)) for row in rows]


def outbox_history(store: Store, chat_id: int | None = None) -> list[dict]:
    """Every delivery ever queued (sent ones too), oldest first, to one chat or all: what
    went out, and how (kind, chat, status, attempts, uncertain sends, late noted) — never the
    content. For checks and support questions ("did the reminder go out?")."""
    where, args = ("WHERE chat_id = ?", [chat_id]) if chat_id is not None else ("", [])
    rows = store.db.execute(
        "SELECT id, kind, chat_id, status, attempts, uncertain, late_noted_at IS NOT NULL "
        f"FROM outbox {where} ORDER BY id", args).fetchall()
    return [dict(zip(("id", "kind", "chat_id", "status", "attempts", "uncertain",
                      "late_noted"), row, strict=True)) for row in rows]


def retry_now(conn: sqlite3.Connection, row_id: int, now: str) -> bool:
    """Put a waiting or failed delivery back in line at once."""
    return conn.execute(
        "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ? "
        "AND status IN ('pending', 'failed')", [now, row_id]).rowcount == 1
