"""The work-values capability profile (Capability for Work Model, method.md "Work values").

A value is a capability when the client finds it important, the situation or work gives room
for it, and the client is able to achieve it. The gaps — important but no room, important but
not (yet) within reach — are what a professional can work on, so they come first.

When both room and ability are low the category is `no_room` and `gaps` lists both: the
context comes first because ability often grows once there is room (a course, a job coach, an
employer who adapts the work), and the professional has more influence on room than on the
client's own reach. Room and ability are not asked for a value of little importance.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Content
from bot.profile.reading import Reading

# Output order: the gaps a professional can work on first.
VALUE_CATEGORIES = ("no_room", "out_of_reach", "capability", "unknown", "not_important")
IMPORTANT, ROOM, ABLE = "important", "room", "able"
HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass(frozen=True)
class ValueReading:
    value: str
    important: str | None
    room: str | None
    able: str | None
    category: str
    gaps: tuple[str, ...] = ()


def _level(reading: Reading, value: str, aspect: str) -> str | None:
    qid = f"value.{value}.{aspect}"
    return reading.chosen[qid][0] if reading.answered(qid) else None


def categorise(important: str | None, room: str | None, able: str | None) -> tuple[str, tuple]:
    """(category, gaps) for one value; see the module docstring for the order of gaps."""
    if important is None:
        return "unknown", ()
    if important == LOW:
        return "not_important", ()
    gaps = tuple(gap for gap, level in (("no_room", room), ("out_of_reach", able))
                 if level == LOW)
    if gaps:
        return gaps[0], gaps
    if room is None or able is None:
        return "unknown", ()
    return "capability", ()


def read_values(content: Content, reading: Reading) -> tuple[ValueReading, ...]:
    """All seven values, gaps first (the more important first), then capabilities, unknown and
    not important; within a category in the order of the content."""
    found = []
    for value in content.values:
        important = _level(reading, value, IMPORTANT)
        room = _level(reading, value, ROOM)
        able = _level(reading, value, ABLE)
        category, gaps = categorise(important, room, able)
        found.append(ValueReading(value, important, room, able, category, gaps))
    order = {value: index for index, value in enumerate(content.values)}
    return tuple(sorted(found, key=lambda v: (VALUE_CATEGORIES.index(v.category),
                                              v.important != HIGH, order[v.value])))
