"""Message ids of the privacy features — retention, the record of what was shared, the limit
on guessing codes — with what each is for.

Registered with the content check (locales/<lang>/LC_MESSAGES/privacy.po).
"""

from __future__ import annotations

PRIVACY: dict[str, str] = {
    "privacy.retention": "In the welcome and /help: how long the answers are kept — {days} "
    "days after the appointment, or {idle} days after the last message for someone without "
    "an appointment; then they are deleted.",
    "privacy.notice": "To the client, a few days before the deletion: on {when} the answers "
    "are deleted; send /mydata first for a copy.",
    "privacy.shared.header": "In /mydata: heading above the list of what was shared with "
    "whom.",
    "privacy.shared.line": "In /mydata, one line per delivery: {what} went to {name} on "
    "{when}.",
    "privacy.shared.none": "In /mydata: nothing has been shared with a professional (yet).",
    "privacy.part.summary": "What was shared: the summary of the answers (message, PDF and "
    "any voice messages).",
    "privacy.part.status_note": "What was shared: the short note a day before the meeting "
    "on how far the client was.",
    "privacy.codes.wait": "After too many wrong invite or registration codes from this chat "
    "within an hour: calmly, try again later.",
}
