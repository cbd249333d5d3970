"""Interface texts of the lighter conversation (issue 19), kept in their own catalog
(locales/<lang>/LC_MESSAGES/conversation.po) so other areas' catalogs never collide with them.

Each id maps to what the text is for; the {placeholders} named here are the ones the text must
use (`content check` verifies every language).
"""

from __future__ import annotations

CONVERSATION: dict[str, str] = {
    "ui.progress.question": "Progress line above a question: {title}, part {part} of {parts}, "
    "question {n} of {count} in this part",
    "ui.btn.more": "Button: more (shows the buttons that did not fit: skip, why, back…)",
    "ui.btn.less": "Button: back to the answer buttons",
    "ui.btn.keep": "Button: keep this answer (and go on)",
    "ui.btn.replace": "Button: yes, replace my words",
    "ui.btn.edit_part": "Button in the overview: change the part {title}",
    "ui.btn.finish": "Button: finish (without a professional: nothing is sent)",
    "ui.replace.confirm": "Question before a way out replaces the client's own words: your "
    "answer now is {answer}; replace it with {way_out}? The words stay in your history.",
    "ui.answer.kept": "Short note: your answer is kept as it was",
    "ui.review.private_legend": "Overview: answers marked (only for me) are never shared",
    "ui.share.unlinked": "Overview without an invite: you are not linked to a professional, so "
    "nothing goes to anyone; if you open your professional's invite link later, the "
    "preparation is linked and you decide again whether to share",
    "ui.done.unlinked": "Finished without an invite: nothing was sent to anyone; opening an "
    "invite link later links the preparation and you decide again; /mydata for your copy",
    "ui.bad.consent": "Kind reply to a sticker, photo or text before consent: please tap one of "
    "the two buttons",
    "ui.preview.quit": "Terminal preview, added to /help: /quit stops the preview",
}
