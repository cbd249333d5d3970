"""The statistics' reads (`python -m bot stats`, bot/stats/figures.py): ids, statuses and
timestamps — nothing else. No query here selects a column that can hold someone's own words
(`answers.value` is read for the self-view question only, a button question whose values are
option ids; `reflections.earlier/observations`, `invites.reference` and every free-text column
are never read). A period reads its own rows through the `created_at` indexes; over all time
each table is read once (tests/test_query_plans.py). An older database without a table or
column gives no rows rather than an error.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.storage.crypto import install_reader


@dataclass(frozen=True)
class Period:
    """Which rows count, by the date part of their created_at (both ends included)."""

    since: date | None = None
    until: date | None = None

    def contains(self, stamp: str | None) -> bool:
        if not stamp:
            return False
        day = stamp[:10]
        return ((self.since is None or day >= self.since.isoformat())
                and (self.until is None or day <= self.until.isoformat()))

    @property
    def bounded(self) -> bool:
        return self.since is not None or (self.until is not None and self.until < date.max)

    def where(self, column: str) -> tuple[str, list[str]]:
        """The same bounds in SQL, so a period reads its own rows through the index on
        `column` rather than every row; `contains` still decides, this only narrows."""
        terms, params = [], []
        if self.since is not None:
            terms.append(f"{column} >= ?")
            params.append(self.since.isoformat())
        if self.until is not None and self.until < date.max:
            terms.append(f"{column} < ?")
            params.append((self.until + timedelta(days=1)).isoformat())
        return " AND ".join(terms) or "1", params


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Read-only, so statistics can run beside the bot and can never change anything."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    install_reader(conn)  # professional names are sealed; without the key they stay blank
    return conn


class StatsReads:
    """Rows for the figures of one period (rows whose stamp may fall in it; the caller
    still checks each stamp with `Period.contains`)."""

    def __init__(self, conn: sqlite3.Connection, period: Period):
        self.conn = conn
        self.period = period
        self.tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                                  "WHERE type = 'table'")}

    def _rows(self, table: str, sql: str, params: list | None = None) -> list[tuple]:
        return self.conn.execute(sql, params or []).fetchall() if table in self.tables else []

    def _in_period(self, table: str, sql: str, column: str = "created_at") -> list[tuple]:
        where, params = self.period.where(column)
        return self._rows(table, f"{sql} WHERE {where}", params)

    def _chats_in_period(self) -> tuple[str, list[str]]:
        """A condition on answers.chat_id: the conversations that started in the period."""
        if not self.period.bounded:
            return "1", []
        where, params = self.period.where("created_at")
        return f"chat_id IN (SELECT chat_id FROM conversations WHERE {where})", params

    def _columns(self, table: str) -> set[str]:
        if table not in self.tables:
            return set()
        return {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}

    def conversations(self) -> list[tuple]:
        """(chat, step, created, finished, shared, resume_to) per conversation."""
        return self._in_period("conversations", "SELECT chat_id, step, created_at, finished_at,"
                               " json_extract(state, '$.shared'), json_extract(state, "
                               "'$.resume_to') FROM conversations")

    def latest_statuses(self) -> list[tuple]:
        """(row id, chat, question, status) of the latest entry per question (no values)."""
        chats_in, params = self._chats_in_period()
        return self._rows("answers", "SELECT id, chat_id, question, status FROM answers WHERE "
                          f"id IN (SELECT MAX(id) FROM answers WHERE {chats_in} "
                          "GROUP BY chat_id, question)", params)

    def selfview_answers(self) -> list[tuple]:
        """(chat, status, value) of the latest self-view answer: an option id, a button."""
        chats_in, params = self._chats_in_period()
        return self._rows("answers", "SELECT chat_id, status, value FROM answers WHERE id IN "
                          "(SELECT MAX(id) FROM answers WHERE question = 'selfview' "
                          f"AND {chats_in} GROUP BY chat_id)", params)

    def profile_facts(self) -> list[tuple]:
        """(most likely, self-view differs, value gaps, created) per shared profile."""
        return self._in_period("profiles", "SELECT most_likely, self_view_differs, value_gaps,"
                               " created_at FROM profiles")

    def readings(self) -> list[tuple]:
        """(professional's reading, profile's reading, created) per reflection; none from a
        database from before the reflection asked for it."""
        if "seen" not in self._columns("reflections"):
            return []
        return self._in_period("reflections", "SELECT r.seen, p.most_likely, r.created_at "
                               "FROM reflections r LEFT JOIN profiles p "
                               "ON p.invite_id = r.invite_id", "r.created_at")

    def reflections_helped(self) -> list[tuple]:
        return self._in_period("reflections", "SELECT helped, created_at FROM reflections")

    def evaluations(self) -> list[tuple]:
        return self._in_period("evaluations",
                               "SELECT question, answer, created_at FROM evaluations")

    def professional_names(self) -> dict[int, str]:
        return dict(self._rows("professionals", "SELECT id, unseal(name) FROM professionals"))

    def invites(self) -> list[tuple]:
        """(professional, created, opened, finished, shared) per invite."""
        return self._in_period("invites", "SELECT i.professional_id, i.created_at, i.opened_at,"
                               " c.finished_at, json_extract(c.state, '$.shared') FROM invites"
                               " i LEFT JOIN conversations c ON c.chat_id = i.client_chat_id",
                               "i.created_at")

    def reflections_by_professional(self) -> list[tuple]:
        return self._in_period("reflections",
                               "SELECT professional_id, created_at FROM reflections")
