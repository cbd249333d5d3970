"""The texts of the crisis safety net (locales/<lang>/LC_MESSAGES/crisis.po), with what each
is for, so `content check` demands them in every language with the same {placeholders}."""

from __future__ import annotations

CRISIS_TEXTS: dict[str, str] = {
    "crisis.welcome": "One short, gentle line in the welcome: help is there day and night; "
    "/help says where.",
    "crisis.short": "Short referral when crisis words come again later (at most once an hour): "
    "one or two lines with 113, 0800-0113 (free, day and night) and 112.",
    "crisis.after": "Calm line under a referral: take your time; go on whenever you like, or "
    "type /pause and come back any time. No request to tap a button.",
    "crisis.review": "At review, when a shared answer holds crisis words: your professional "
    "will read these words and will ask about them first; you can keep the answer only for "
    "yourself with the button below.",
    "crisis.btn.only_me": "Button at review: keep the answer in {part} only for me",
    "crisis.notice": "First line of the professional's summary when a shared answer holds "
    "crisis words, calm and brief: the client writes about not wanting to live any more or "
    "hurting themselves, see {parts}; ask about it first; 113 is available day and night.",
    "crisis.notice.part": "A part's title as named in the notice, quoted: '{part}'",
}
