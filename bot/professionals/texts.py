"""Message ids the professional side shows, with what each is for and its {placeholders}.

Registered with the content check, so every enabled catalog must translate them
(locales/<lang>/LC_MESSAGES/professional.po).
"""

from __future__ import annotations

PRO: dict[str, str] = {
    "pro.registered": "Welcome after registering: you are registered as a professional, "
    "{name}; /invite to invite a client, /clients for the list, /help.",
    "pro.registration.unknown": "The registration link is not valid (typo or already used).",
    "pro.registration.expired": "The registration link has expired; ask the coordinator for "
    "a new one.",
    "pro.registration.taken": "This Telegram account is already registered as a professional.",
    "pro.help": "Help for professionals: /invite, /clients, /cancel, /language; the client "
    "decides what is shared; summaries arrive before the meeting.",
    "pro.unknown_command": "Unknown command for professionals; see /help.",
    "pro.nothing_to_cancel": "There is nothing to cancel.",
    "pro.cancelled": "Stopped; nothing was saved.",
    "pro.choose_button": "Toast: please choose one of the buttons.",
    "pro.type_or_skip": "Toast: type your answer or tap skip.",
    "pro.too_long": "Please keep it under {max} characters.",
    "pro.btn.cancel": "Button: cancel",
    "pro.btn.skip": "Button: skip",
    "pro.invite.reference": "Invite step 1: a reference for this client (pseudonym or case "
    "number) — never a citizen service number (BSN).",
    "pro.invite.reference.bsn": "That looks like a citizen service number (BSN); please use "
    "a pseudonym or case number instead.",
    "pro.invite.reference.too_long": "The reference can be at most {max} characters.",
    "pro.invite.appointment": "Invite step 2: date and time of the appointment, e.g. 3-12 "
    "14:30 (Dutch time).",
    "pro.invite.appointment.unreadable": "Could not read that date and time.",
    "pro.invite.appointment.past": "That moment has already passed.",
    "pro.invite.appointment.too_far": "That is more than a year ahead.",
    "pro.invite.appointment.confirm": "Confirmation of the appointment: {when}",
    "pro.invite.language": "Invite step 3: the client's preferred language.",
    "pro.invite.benefit": "Invite step 4: which benefit the client has (the client can "
    "correct it).",
    "pro.benefit.unknown": "Button: don't know",
    "pro.invite.done": "Invite ready for {reference} ({when}): send this link or the QR "
    "code; it works once and expires after the appointment: {link}",
    "pro.invite.qr": "Caption of the QR code image: QR code for {reference}",
    "pro.clients.none": "You have no invites yet; /invite.",
    "pro.clients.header": "Header of the /clients list.",
    "pro.clients.line": "One invite in /clients: {reference} — {when} — {status}",
    "pro.status.not_opened": "Status: not opened yet",
    "pro.status.in_progress": "Status: in progress ({done} of {total} questions)",
    "pro.status.paused": "Status: paused ({done} of {total} questions)",
    "pro.status.review": "Status: checking the answers",
    "pro.status.shared": "Status: shared",
    "pro.status.kept": "Status: finished, chose not to share",
    "pro.status.declined": "Status: declined",
    "pro.status.expired": "Status: expired",
    "pro.status.unlinked": "Status: no longer linked (the client deleted their data or opened "
    "another invite)",
    "pro.status.delivery_failed": "Status: summary could not be delivered",
    "pro.status.sending": "Status: shared, summary on its way",
    "pro.status.sent_again": "Status: shared (summary sent twice; an earlier copy may have "
    "arrived)",
    "pro.sent_again": "Marker on a re-sent summary: sent again — an earlier copy may have "
    "arrived.",
    "pro.reflect.seen": "Reflection question, one tap: which of these patterns did you see in "
    "the client in the meeting (or none)? Your answer is set beside the profile's reading in "
    "the anonymous statistics.",
    "pro.seen.none": "Button: no clear pattern / none of these.",
    "pro.language.set": "Confirmation for the professional: the language of their messages, "
    "summaries and PDFs is changed (nothing about answers: they have none).",
    "pro.reflect.intro": "After the meeting with {reference} ({when}): a short reflection.",
    "pro.reflect.helped": "Did the preparation help the conversation?",
    "pro.helped.yes": "Button: yes",
    "pro.helped.somewhat": "Button: somewhat",
    "pro.helped.no": "Button: no",
    "pro.reflect.earlier": "What came up earlier or differently than usual? (type, or skip)",
    "pro.reflect.notes": "Your own observations? (type, or skip)",
    "pro.reflect.thanks": "Thanks; the reflection is stored.",
    "cmd.invite": "Menu: invite a client",
    "cmd.clients": "Menu: your clients and their status",
    "cmd.cancel": "Menu: stop what you are doing",
}
