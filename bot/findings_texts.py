"""Message ids added for the second tester's findings (issue 19): a second /pause, /back on
the welcome, a long story sent in parts, counts with plural forms, a removed client's line.

Registered with the content check (locales/<lang>/LC_MESSAGES/findings.po); each id maps to
what the text is for, naming the {placeholders} the text must use.
"""

from __future__ import annotations

FINDINGS: dict[str, str] = {
    "ui.paused.already": "/pause while already paused: the break goes on, answers are kept; "
    "a message or /resume goes on.",
    "ui.back.start": "/back on the welcome screen: this is the start, nothing to go back to.",
    "ui.parts.open": "After 'your message is too long': send the parts one after another; "
    "they are all kept with this question.",
    "ui.parts.added": "Part {n} of a long answer is kept with this question; send the next "
    "part, or tap the done button when everything is there.",
    "ui.btn.parts_done": "Button: all parts are there, go on",
    "stats.other": "Statistics row: a stored value the content does not know (counted "
    "together as 'other').",
    "pro.clients.no_reference": "In /clients, in place of the reference of an invite whose "
    "client erased their data with /delete (the reference went with it).",
}
