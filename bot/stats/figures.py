"""Count the figures: over ids, statuses and timestamps — nothing else.

Anonymous by construction: the rows come from bot/storage/stats_reads.py, whose queries never
select a column that can hold someone's own words, and chat ids are used only to join rows
inside this module. A value that
should be an id but is not (a hand-edited row) is counted as "other", never shown.
Small groups are hidden later, in `report.py`, for every table alike.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from bot.content.model import Content
from bot.flows.answers import ANSWERED, DISCUSS, DONT_KNOW, EXTRA_SUFFIX, SKIPPED
from bot.storage import Connection
from bot.storage.stats_reads import Period, StatsReads, open_readonly

__all__ = ["Figures", "PartCounts", "Period", "Reader", "open_readonly", "read_figures"]

SELFVIEW = "selfview"
STATUSES = (ANSWERED, SKIPPED, DONT_KNOW, DISCUSS)
# Steps at which a conversation has seen all questions (review and after).
AT_REVIEW = ("review", "editing", "sharing", "done")
ID = re.compile(r"[a-z0-9_]{1,40}")
OTHER = "other"


@dataclass
class PartCounts:
    """Conversations per part: reached it, used each kind of answer there, stopped there."""

    reached: int = 0
    statuses: Counter = field(default_factory=Counter)
    stopped: int = 0


@dataclass
class Figures:
    overview: dict[str, int] = field(default_factory=dict)
    minutes_to_finish: list[float] = field(default_factory=list)
    funnel: dict[str, PartCounts] = field(default_factory=dict)
    selfview: Counter = field(default_factory=Counter)
    stagnations: Counter = field(default_factory=Counter)
    self_view_differs: Counter = field(default_factory=Counter)
    value_gaps: Counter = field(default_factory=Counter)
    reflections: Counter = field(default_factory=Counter)
    # The professional's own reading after the meeting (reflection card), and how it compares
    # with the profile's reading of the same invite: agree / differ / too_little (the profile
    # named no pattern).
    seen: Counter = field(default_factory=Counter)
    agreement: Counter = field(default_factory=Counter)
    evaluations: Counter = field(default_factory=Counter)
    # professional id → (name, counts by column)
    professionals: dict[int, tuple[str, Counter]] = field(default_factory=dict)


def as_id(value: object) -> str:
    return value if isinstance(value, str) and ID.fullmatch(value) else OTHER


class Reader:
    def __init__(self, conn: Connection, content: Content, period: Period):
        self.content = content
        self.period = period
        self.reads = StatsReads(conn, period)

    def part_of(self, question: str) -> str | None:
        """The part of a question id, derived ids included (holding.most, holding.note.x)."""
        found = self.content.question(question) or self.content.question(question.split(".")[0])
        return found.part if found else None

    # ----- conversations, answers and the funnel -------------------------------------------

    def conversations(self) -> dict[int, dict]:
        rows = self.reads.conversations()
        return {chat: {"step": step, "created": created, "finished": finished,
                       "shared": bool(shared), "resume_to": resume_to or ""}
                for chat, step, created, finished, shared, resume_to in rows
                if self.period.contains(created)}

    def current_answers(self, chats: dict[int, dict]) -> dict[int, list[tuple[int, str, str]]]:
        """chat → [(row id, part, status)] of the latest entry per question (never values)."""
        rows = self.reads.latest_statuses()
        found: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for row_id, chat, question, status in rows:
            part = self.part_of(question)
            if chat in chats and part and status in STATUSES and not question.endswith(
                    EXTRA_SUFFIX):
                found[chat].append((row_id, part, status))
        return found

    def funnel(self, chats: dict[int, dict]) -> dict[str, PartCounts]:
        order = [p.id for p in self.content.parts]
        funnel = {pid: PartCounts() for pid in ["start", *order, "review"]}
        answers = self.current_answers(chats)
        for chat, conv in chats.items():
            if conv["step"] == "declined":
                continue
            at_review = conv["finished"] is not None or conv["step"] in AT_REVIEW or (
                conv["step"] == "paused" and conv["resume_to"] in AT_REVIEW)
            given = answers.get(chat, [])
            furthest = max((order.index(part) for _, part, _ in given), default=-1)
            funnel["start"].reached += 1
            for index, pid in enumerate(order):
                if at_review or index <= furthest:
                    funnel[pid].reached += 1
            for pid in {part for _, part, _ in given}:
                funnel[pid].statuses.update({s for _, part, s in given if part == pid})
            if at_review:
                funnel["review"].reached += 1
                funnel["review"].stopped += conv["finished"] is None
            elif given:
                funnel[max(given)[1]].stopped += 1  # the part of the latest answer
            else:
                funnel["start"].stopped += 1
        return funnel

    def selfview(self, chats: dict[int, dict]) -> Counter:
        question = self.content.question(SELFVIEW)
        if question is None or question.options is None:
            return Counter()
        counts: Counter = Counter()
        for chat, status, value in self.reads.selfview_answers():
            if chat not in chats or status not in STATUSES:
                continue
            if status != ANSWERED:
                counts[status] += 1
                continue
            try:
                option = json.loads(value) if value else None
            except ValueError:
                option = None
            counts[option if option in question.options.options else OTHER] += 1
        return counts

    # ----- profiles, reflections, evaluations ------------------------------------------------

    def profiles(self, figures: Figures) -> None:
        for most_likely, differs, gaps, created in self.reads.profile_facts():
            if not self.period.contains(created):
                continue
            figures.stagnations[as_id(most_likely) if most_likely else "none"] += 1
            if differs is not None:
                figures.self_view_differs["yes" if differs else "no"] += 1
            try:
                listed = json.loads(gaps) if gaps else []
            except ValueError:
                listed = []
            for value in set(listed) if isinstance(listed, list) else ():
                figures.value_gaps[value if value in self.content.values else OTHER] += 1

    def readings(self, figures: Figures) -> None:
        """The professional's reading beside the profile's, per invite (ids only)."""
        for seen, most_likely, created in self.reads.readings():
            if not self.period.contains(created):
                continue
            figures.seen[as_id(seen) if seen else SKIPPED] += 1
            if not seen or not most_likely:
                continue
            if most_likely == "too_little":
                figures.agreement["too_little"] += 1
            else:
                figures.agreement["agree" if seen == most_likely else "differ"] += 1

    def followups(self, figures: Figures) -> None:
        for helped, created in self.reads.reflections_helped():
            if self.period.contains(created):
                figures.reflections[as_id(helped) if helped else SKIPPED] += 1
        for question, answer, created in self.reads.evaluations():
            if self.period.contains(created):
                figures.evaluations[(as_id(question), as_id(answer))] += 1

    # ----- invites and professionals -----------------------------------------------------------

    def invites(self, figures: Figures) -> None:
        names = self.reads.professional_names()
        per: dict[int, Counter] = defaultdict(Counter)
        totals: Counter = Counter()
        for pid, created, opened, finished, shared in self.reads.invites():
            if not self.period.contains(created):
                continue
            done = {"invites": True, "opened": bool(opened), "finished": bool(finished),
                    "shared": bool(finished and shared)}
            per[pid].update(k for k, v in done.items() if v)
            totals.update(k for k, v in done.items() if v)
        for pid, created in self.reads.reflections_by_professional():
            if self.period.contains(created) and pid is not None:
                per[pid]["reflections"] += 1
        figures.overview.update({"invites_sent": totals["invites"],
                                 "invites_opened": totals["opened"],
                                 "invites_finished": totals["finished"],
                                 "invites_shared": totals["shared"]})
        for pid in sorted(set(names) | set(per)):
            figures.professionals[pid] = (str(names.get(pid, "")), per[pid])


def minutes_between(start: str, end: str) -> float | None:
    try:
        return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60
    except (TypeError, ValueError):
        return None


def read_figures(conn: Connection, content: Content, period: Period) -> Figures:
    reader = Reader(conn, content, period)
    figures = Figures()
    chats = reader.conversations()
    finished = [c for c in chats.values() if c["finished"]]
    figures.overview = {
        "conversations": len(chats),
        "declined": sum(c["step"] == "declined" for c in chats.values()),
        "finished": len(finished),
        "shared": sum(c["shared"] for c in finished),
    }
    figures.minutes_to_finish = [m for c in finished
                                 if (m := minutes_between(c["created"], c["finished"])) is not None]
    figures.funnel = reader.funnel(chats)
    figures.selfview = reader.selfview(chats)
    reader.profiles(figures)
    reader.followups(figures)
    reader.readings(figures)
    reader.invites(figures)
    return figures


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
