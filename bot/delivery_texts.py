"""Message ids about delivery itself — a reply that did not arrive, an answer that could not
be saved yet, a flood of messages, a late summary — with what each is for.

Registered with the content check (locales/<lang>/LC_MESSAGES/delivery.po).
"""

from __future__ import annotations

DELIVERY: dict[str, str] = {
    "delivery.resume": "A reply of the bot may not have arrived (Telegram did not answer): "
    "something went wrong; send /resume to see the question again.",
    "delivery.not_saved": "The answer could not be stored yet (database busy or disk full): "
    "it was not saved; the bot tries again, otherwise please send it again in a minute.",
    "delivery.one_moment": "The client sends many messages at once: one moment, they are "
    "handled in turn.",
    "delivery.late": "To the client: sending the summary to the professional is taking "
    "longer than it should; it is still being tried.",
    "delivery.pro_late": "Status note to the professional: part of the summary of {reference} "
    "({when}) has not arrived yet; it is still being tried.",
}
