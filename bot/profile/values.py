"""The work-values capability profile (Capability for Work Model, method.md "Work values").

A value is a capability when the client finds it important, the situation or work gives room
for it, and the client is able to achieve it. The gaps — important but no room, important but
not (yet) within reach — are what a professional can work on, so they come first.

Everything follows the scale the client answered on (a lot / a little / not much): only "a
lot" counts as important ("very important"); "a little" is "somewhat important" and never
shown as important, nor as a gap. A value without any answer is "not answered", never "no
gap". When both room and ability are low the category is `no_room` and `gaps` lists both:
the context comes first because ability often grows once there is room, and the professional
has more influence on room than on the client's own reach. Room and ability are not asked for
a value of little importance.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Content
from bot.profile.reading import Reading

# Output order: the gaps a professional can work on first, then what is partly there, what
# works, what matters somewhat, what is incomplete, not important, not answered.
VALUE_CATEGORIES = ("no_room", "out_of_reach", "partly", "capability", "somewhat",
                    "incomplete", "not_important", "not_answered")
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
    """(category, gaps) for one value; see the module docstring."""
    if important is None:
        return "not_answered", ()
    if important == LOW:
        return "not_important", ()
    if important == MEDIUM:
        return "somewhat", ()
    gaps = tuple(gap for gap, level in (("no_room", room), ("out_of_reach", able))
                 if level == LOW)
    if gaps:
        return gaps[0], gaps
    if room is None or able is None:
        return "incomplete", ()
    if room == HIGH and able == HIGH:
        return "capability", ()
    return "partly", ()


def read_values(content: Content, reading: Reading) -> tuple[ValueReading, ...]:
    """All seven values, gaps first, then the other categories in VALUE_CATEGORIES order;
    within a category in the order of the content."""
    found = []
    for value in content.values:
        important = _level(reading, value, IMPORTANT)
        room = _level(reading, value, ROOM)
        able = _level(reading, value, ABLE)
        category, gaps = categorise(important, room, able)
        found.append(ValueReading(value, important, room, able, category, gaps))
    order = {value: index for index, value in enumerate(content.values)}
    return tuple(sorted(found, key=lambda v: (VALUE_CATEGORIES.index(v.category),
                                              order[v.value])))
