"""The suggested agenda: at most five points the meeting could start from.

Built from the answers document (answers format) so the client at review and the professional
in the summary see the same list; the client may remove points before sharing. Private answers
never make a point. Order, as agreed with the professionals: what the client wants to discuss
in person, what weighs most (holding back, then helping), the client's own questions, and what
was left open in a domain the client marked as weighing most.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_POINTS = 5
OPEN_STATUSES = ("skipped", "dont_know")


@dataclass(frozen=True)
class AgendaPoint:
    # Stable id, e.g. "discuss:health_day", "most:holding", "questions", "open:money_ends_meet".
    id: str
    kind: str  # discuss / most / questions / open
    question: str = ""
    topic: str = ""  # a domain id for "most" points


def _shared(entry: dict | None) -> bool:
    return bool(entry) and not entry.get("private", False)


def weighs_most(answers: dict, multi: str) -> str | None:
    """The topic that weighs most in a multi-select: the marked one, or the only one chosen."""
    most = answers.get(f"{multi}.most")
    if _shared(most) and most.get("status") == "answered":
        return most.get("value")
    chosen = answers.get(multi)
    if _shared(chosen) and chosen.get("status") == "answered":
        value = chosen.get("value") or []
        if len(value) == 1:
            return value[0]
    return None


def agenda(doc: dict, removed: tuple[str, ...] | list[str] = ()) -> list[AgendaPoint]:
    """At most five points, in the agreed order, leaving out the ones the client removed."""
    answers: dict = doc.get("answers", {})
    points: list[AgendaPoint] = []
    for qid, entry in answers.items():
        if _shared(entry) and entry.get("status") == "discuss":
            points.append(AgendaPoint(f"discuss:{qid}", "discuss", question=qid))
    for multi in ("holding", "helping"):
        topic = weighs_most(answers, multi)
        if topic:
            points.append(AgendaPoint(f"most:{multi}", "most", question=multi, topic=topic))
    questions = answers.get("questions")
    if _shared(questions) and questions.get("status") == "answered":
        points.append(AgendaPoint("questions", "questions", question="questions"))
    heavy = {weighs_most(answers, m) for m in ("holding", "helping")} - {None}
    for qid, entry in answers.items():
        if (_shared(entry) and entry.get("part") in heavy
                and entry.get("status") in OPEN_STATUSES):
            points.append(AgendaPoint(f"open:{qid}", "open", question=qid))
    kept = [p for p in points if p.id not in set(removed)]
    return kept[:MAX_POINTS]
