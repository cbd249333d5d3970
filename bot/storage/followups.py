"""What comes back after a share and a meeting, in SQLite: the anonymous profile facts for
the statistics, the client's two evaluation answers, the professional's reflection. Ids and
buttons only, except the reflection's two typed notes, which are sealed at rest."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple


class ProfileFacts(NamedTuple):
    """Anonymous facts of one shared profile (ids, no words) for `python -m bot stats`."""

    benefit: str | None
    selfview: str | None
    most_likely: str | None
    confidence: str | None
    self_view_differs: int
    value_gaps: str  # a JSON list of value ids


def save_profile_facts(conn: sqlite3.Connection, chat_id: int, invite_id: int,
                       professional_id: int, facts: ProfileFacts, now: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO profiles (chat_id, invite_id, professional_id, benefit,"
        " selfview, most_likely, confidence, self_view_differs, value_gaps, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [chat_id, invite_id, professional_id, *facts, now])


def save_evaluation(conn: sqlite3.Connection, chat_id: int, invite_id: int, question: str,
                    answer: str, now: str) -> bool:
    """False when this question was answered before: a double tap stores one answer."""
    if conn.execute("SELECT 1 FROM evaluations WHERE chat_id = ? AND invite_id = ? AND "
                    "question = ?", [chat_id, invite_id, question]).fetchone():
        return False
    conn.execute("INSERT INTO evaluations (invite_id, chat_id, question, answer, created_at)"
                 " VALUES (?, ?, ?, ?, ?)", [invite_id, chat_id, question, answer, now])
    return True


def save_reflection(conn: sqlite3.Connection, invite_id: int, professional_id: int,
                    helped: str | None, seen: str | None, earlier: str | None,
                    observations: str | None, now: str) -> None:
    conn.execute(
        "INSERT INTO reflections (invite_id, professional_id, helped, seen, earlier,"
        " observations, created_at) VALUES (?, ?, ?, ?, seal(?), seal(?), ?)",
        [invite_id, professional_id, helped, seen, earlier, observations, now])
