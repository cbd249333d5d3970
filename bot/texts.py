"""Every interface message id the code uses, with what it is for.

Content texts (parts, questions, options) get their ids from `bot/content/flow.toml`; the
interface texts below are the fixed ones the flow and the chat layer show. Keeping them in one
table lets `content check` verify that every enabled catalog translates all of them, with the
same {placeholders}, before a client ever meets a missing text.
"""

from __future__ import annotations

UI: dict[str, str] = {
    # --- welcome and consent ---
    "ui.welcome": "Greeting: what the bot is for (prepare for the meeting with your own "
    "professional), that it is an automated assistant not a person, no right or wrong answers, "
    "answering or not has no effect on the benefit, about {minutes} minutes (measured on the "
    "content), pause any time. {contact}",
    "ui.contact": "How to reach a person: your own professional, or the organisation at {contact}.",
    "ui.contact.none": "How to reach a person: your own professional.",
    "ui.privacy": "What is stored (your answers, only in this service and in your own Telegram "
    "app), who reads it (only your own professional and only after you agree at the end), "
    "commands /pause /mydata /delete.",
    "ui.crisis": "Calm referral: when things get too much, call 113 or 0800-0113 (free) or chat "
    "on 113.nl, day and night; or your GP (huisarts); 112 in an emergency.",
    "ui.consent.question": "Do you want to start?",
    "ui.btn.consent_yes": "Button: yes, start",
    "ui.btn.consent_no": "Button: no thanks",
    "ui.declined": "Polite goodbye after declining; nothing stored but the no; /start to begin "
    "later.",
    # --- progress and question chrome ---
    "ui.progress": "Progress line: Part {part} of {parts}: {title}",
    "ui.btn.skip": "Button: skip this question",
    "ui.btn.dont_know": "Button: I don't know",
    "ui.btn.discuss": "Button: I'd rather discuss this in person",
    "ui.btn.why": "Button: why do we ask this?",
    "ui.btn.examples": "Button: examples",
    "ui.btn.back": "Button: back",
    "ui.btn.skip_part": "Button: skip this whole part",
    "ui.btn.done": "Button: done (multi-select)",
    "ui.btn.yes": "Button: yes",
    "ui.btn.no": "Button: no",
    "ui.text.hint": "Under an open question: type your answer, or send a voice message.",
    "ui.choice.hint": "Under a button question: tap a button; you may also type something extra.",
    "ui.multi.counter": "Counter under a multi-select: {count} of at most {max} chosen",
    "ui.multi.limit": "Kind reply when one more than allowed is tapped: at most {max}; untick "
    "one first.",
    "ui.noted": "Reply when someone types on a button question: noted your words; please tap a "
    "button too, or skip.",
    "ui.voice.saved": "Reply when a voice message is stored as the answer.",
    "ui.answer.current": "Line under a question answered before: your answer now: {answer}",
    "ui.answer.saved": "Short confirmation when an answer is changed at review.",
    # --- answers as shown back ---
    "ui.answer.skipped": "Shown for a skipped answer: skipped",
    "ui.answer.dont_know": "Shown for a don't-know answer: don't know",
    "ui.answer.discuss": "Shown for discuss-in-person: to discuss in person",
    "ui.answer.voice": "Shown for a voice answer: voice message",
    "ui.answer.empty": "Shown for a question not reached: not answered yet",
    "ui.answer.private": "Marker after an answer kept private: (only for me)",
    "ui.answer.most": "Marker after the option that weighs most: (weighs most)",
    # --- review and sharing ---
    "ui.review.intro": "Review intro: here is an overview; tap a part to change an answer or to "
    "mark it only for me; then share.",
    "ui.review.part": "Heading of a part in the overview: {title}",
    "ui.review.pick": "Which answer do you want to change or keep private?",
    "ui.review.question": "Edit screen of one answer: current answer: {answer}. Choose.",
    "ui.review.next": "Under the overview: tap a part to change answers, check the agenda, "
    "or share.",
    "ui.agenda.title": "Heading: suggested agenda for the meeting (your professional sees "
    "this too)",
    "ui.agenda.empty": "No agenda points yet.",
    "ui.agenda.remove_hint": "Tap a point to remove it from the agenda.",
    "ui.agenda.most_holding": "Agenda point, addressing the client: what holds you back (the "
    "domain that weighs most): {topic}",
    "ui.agenda.most_helping": "Agenda point, addressing the client: what would help you (the "
    "domain that weighs most): {topic}",
    "ui.agenda.questions": "Agenda point, addressing the client: your own questions",
    "ui.agenda.open": "Agenda point: left open: {question}",
    "ui.btn.agenda": "Button: view or change the agenda",
    "ui.btn.agenda_restore": "Button: put all points back",
    "ui.btn.change": "Button: change this answer",
    "ui.btn.only_me": "Button: only for me (do not share)",
    "ui.btn.share_ok": "Button: may be shared again",
    "ui.btn.to_review": "Button: back to the overview",
    "ui.btn.share": "Button: share with my professional",
    "ui.btn.no_share": "Button: don't share, keep for myself",
    "ui.share.confirm": "Explicit question: share these answers (not the ones marked only for "
    "me) with your own professional?",
    "ui.share.no_professional": "Note: you are not linked to a professional yet; the answers "
    "are kept and will be sent once you open your professional's invite link.",
    "ui.done.shared": "Thanks; your professional receives the summary before the meeting; "
    "/mydata to see, /delete to erase.",
    "ui.done.kept": "Thanks; nothing was shared; you can bring your own overview; /mydata.",
    "ui.done.again": "Message when someone writes after finishing: already done; /mydata, "
    "/restart.",
    # --- commands ---
    "ui.help": "Help text: list of commands /back /pause /resume /restart /mydata /delete "
    "/language /help; where to turn in a crisis follows.",
    "ui.paused": "Paused; your answers are kept; send any message or /resume to go on.",
    "ui.resumed": "Welcome back; we go on where you were.",
    "ui.back.none": "Nothing to go back to.",
    "ui.restart.confirm": "Are you sure you want to start over? Your answers will be erased.",
    "ui.restart.done": "Started over.",
    "ui.cancelled": "Okay, nothing changed.",
    "ui.delete.confirm": "Erase all your data from this service? This cannot be undone.",
    "ui.delete.done": "All your data is erased. /start to begin again.",
    "ui.mydata.intro": "Here are your answers as stored; the file has everything.",
    "ui.mydata.none": "Nothing is stored about you.",
    "ui.language.choose": "Choose your language.",
    "ui.language.set": "Language changed; your answers are kept.",
    "lang.nl": "Name of Dutch in its own language: Nederlands",
    "lang.en": "Name of English in its own language: English",
    "ui.preview.no_button": "Terminal preview: the number typed is not one of the buttons; "
    "type a number from 1 to {max}.",
    "ui.preview.banner": "Terminal preview banner: this is the preview; type a number to tap a "
    "button, text to answer, /help for commands, /quit to stop.",
    # --- invites, reminders and the questions after the meeting ---
    "ui.invite.linked": "After opening the professional's link: you are linked to your "
    "professional for the appointment on {when}.",
    "ui.invite.decide_again": "After opening a new appointment's link when the preparation was "
    "already finished: here are your answers again; change what you like, then decide whether to "
    "share them with this professional.",
    "ui.invite.unknown": "This invite link is not valid; you can still prepare on your own.",
    "ui.invite.used": "This invite link has already been used by someone else.",
    "ui.invite.expired": "This invite link has expired; ask your professional for a new one.",
    "ui.reminder": "Gentle reminder: your appointment is on {when}; continue preparing "
    "whenever it suits you.",
    "ui.btn.continue": "Button: continue preparing",
    "ui.btn.reminders_off": "Button: no more reminders",
    "ui.btn.partial_ok": "Button: share what I have if I don't finish",
    "ui.reminders.off": "Okay, no more reminders.",
    "ui.partial.ok": "Okay: if you have not finished a day before the meeting, your "
    "professional gets what you have answered so far (not what is only for you).",
    "ui.eval.helped": "After the meeting: did preparing with this bot help you?",
    "ui.eval.easy": "Was it easy to do?",
    "ui.eval.yes": "Button: yes",
    "ui.eval.somewhat": "Button: somewhat",
    "ui.eval.no": "Button: no",
    "ui.eval.thanks": "Thank you for your answers.",
    # --- command menu (Telegram shows these next to the commands) ---
    "cmd.start": "Menu: start or continue preparing",
    "cmd.back": "Menu: previous question",
    "cmd.pause": "Menu: pause; your answers are kept",
    "cmd.resume": "Menu: go on where you were",
    "cmd.help": "Menu: help and where to turn",
    "cmd.restart": "Menu: start over",
    "cmd.mydata": "Menu: see and download your data",
    "cmd.delete": "Menu: erase all your data",
    "cmd.language": "Menu: change language",
    # --- bad input and errors ---
    "ui.bad.media": "Kind reply to a sticker/photo/file/location: can't use this; answer with "
    "the buttons, text or a voice message.",
    "ui.bad.too_long": "Kind reply to an over-long text: please keep it under {max} characters "
    "or split it.",
    "ui.bad.stale": "Callback answer for an old button: that button belongs to an earlier "
    "question; here is the current one.",
    "ui.bad.unknown_command": "Unknown command; see /help.",
    "ui.bad.group": "I only work in a private chat.",
    "ui.error": "Something went wrong on our side; your answers are safe; try again.",
}
