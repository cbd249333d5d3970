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
    "ui.pdf.title": "Title of the client's own PDF (/mydata): my preparation",
    "ui.pdf.intro": "Under the title: your questions and answers, in your own words, as "
    "stored; the file with everything (JSON) comes with it",
    "ui.pdf.footer": "Footer of the client's PDF: your own copy from Voorbereid; /delete "
    "erases everything",
    "ui.delete.done.shared": "After /delete when answers were shared: everything here is "
    "erased; what was already sent stays with your professional; ask them to remove it; "
    "/start to begin again",
    "pro.status.removed": "Status in /clients: the client removed their data (what was sent "
    "before stays with the professional; no answers are kept here)",
    "pro.voice.caption": "Caption of a client's voice note for the professional: {reference} "
    "and the {question} it answers",
    "ui.invite.linked.named": "After opening the invite link: you are now linked to "
    "{professional}; your appointment is on {when}",
    "ui.invite.linked.named_org": "After opening the invite link: you are now linked to "
    "{professional} of {organisation}; your appointment is on {when}",
    "pro.invite.forward": "Above the forwardable invite: forward the next message to your client",
    "ui.invite.forward": "Ready-to-forward invite in the client's language: your professional "
    "invites you to prepare for the meeting on {when} with Voorbereid on your phone; open "
    "{link} or scan the QR code; voluntary, no effect on your benefit, you decide what is shared",
    "ui.pdf.filename": "File name of the client's PDF (letters, digits, - only, ends in .pdf)",
    "ui.mydata.pdf": "Caption of the PDF: your answers to read and keep; the other file has "
    "everything, for computers",
}
