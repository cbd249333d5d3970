"""Every message id the professional's summary shows, with what it is for (for `content check`).

The texts live in `locales/<lang>/LC_MESSAGES/summary.po`; the summary also reuses the
profile's short question labels (`profile.q.…`, profile.po) and the content's option and part
labels (voorbereid.po). Each description names exactly the {placeholders} its text uses.
"""

from __future__ import annotations

from bot.content.model import Content

SUMMARY_TEXTS: dict[str, str] = {
    # --- header ---
    "summary.title": "Heading of the summary for the professional, with the client's "
    "{reference} (a pseudonym or case number).",
    "summary.title.no_reference": "Heading of the summary when the professional gave no "
    "reference: the preparation of a client (no dash, no placeholder).",
    "summary.meta.appointment": "Header line: the appointment, date and time: {when}",
    "summary.meta.prepared": "Header line: when the client last worked on the preparation: "
    "{when}",
    "summary.meta.benefit": "Header line: the client's benefit: {benefit}",
    "summary.meta.language": "Header line: the client answered in {language}; their own words "
    "are quoted as written and marked with the language code {lang}.",
    "summary.partial": "Line at the top of a partial summary: the client has not finished; "
    "this is only what they answered so far and agreed to share.",
    "summary.continued": "First line of a follow-up message when the summary is split over "
    "several messages: message {number} of {total}.",
    # --- agenda ---
    "summary.heading.agenda": "Heading: a suggested agenda for the meeting (the client saw it, "
    "could remove points and add their own).",
    "summary.agenda.own": "Agenda label before a point the client added in their own words "
    "(their words follow); marks it as the client's own point.",
    "summary.agenda.discuss": "Agenda point, short nouns: the client prefers to discuss these "
    "in person; {part} the domain or part, {questions} short labels of the questions.",
    "summary.agenda.most.holding": "Agenda point, short nouns: what keeps the situation this "
    "way most, according to the client: {topic} (a domain).",
    "summary.agenda.most.helping": "Agenda point, short nouns: what could help most, according "
    "to the client: {topic} (a domain).",
    "summary.agenda.help": "Agenda label before the help the client asks for (card 6; "
    "their words follow).",
    "summary.agenda.most.both": "Agenda point, short nouns: the same {topic} (a domain) is "
    "what keeps the situation this way and what could help, according to the client.",
    "summary.agenda.questions": "Agenda label before the client's own questions (their words "
    "follow).",
    "summary.agenda.open": "Agenda point, short nouns: the client did not know these yet, in a "
    "domain that weighs most; {part} the domain, {questions} short labels of the questions.",
    "summary.agenda.more_in_pdf": "Last agenda line in the message when there are more points: "
    "{count} more points are in the PDF.",
    "summary.agenda.none": "Shown instead of the agenda when there are no points.",
    # --- sections ---
    "summary.heading.situation": "Heading: how the client sees the situation now and how it "
    "changed (card 2).",
    "summary.heading.selfview": "Heading: how the client describes their situation (card 3).",
    "summary.heading.reading": "Heading: what the answers may point to (the profile; a "
    "possibility to discuss, never a label).",
    "summary.heading.holding": "Heading: what keeps the situation this way, per topic the "
    "client chose (card 4).",
    "summary.heading.helping": "Heading: what could help, per topic the client chose (card 5).",
    "summary.heading.gaps": "Heading: work values that matter to the client but are not yet "
    "realised.",
    "summary.heading.ahead": "Heading: goal, first step, help wanted and questions (card 6).",
    "summary.gaps.none": "Shown under the work-values heading when the client answered work "
    "values and none is very important with little room or out of reach.",
    "summary.gaps.none_important": "Shown under the work-values heading when the client "
    "answered work values but finds none of them very important: so there are no gaps to "
    "read.",
    "summary.gaps.not_answered": "Shown under the work-values heading (and on the chart) when "
    "the client answered no work-value question: not answered, so nothing can be said about "
    "gaps.",
    "summary.reading.too_little": "Headline instead of a possibility when there is too little "
    "to read a pattern (no stagnation named); {confidence} is the confidence level (low).",
    "summary.reading.polite": "Headline instead of a possibility when (nearly) all answers "
    "are positive and the client wrote (nearly) no own words: a reason for caution, not a "
    "label (no stagnation named); {confidence} is the confidence level (low).",
    "summary.reading.answered.polite": "Label before the list of every answer that counts "
    "(PDF), for the (nearly) all-positive pattern.",
    "summary.reading.by_part": "Label before the (nearly) all-positive answers in the "
    "message, one line per part; every answer is in the PDF.",
    "summary.reading.outside_research": "Short caveat next to the possibility: the research "
    "behind the reading did not include clients on {benefit}; read it with extra care.",
    "summary.reading.benefit_unknown": "Short caveat next to the possibility: the benefit is "
    "not known, so money answers were read without the benefit's rules.",
    "summary.reading.open_questions": "Label before two or three open questions to start the "
    "meeting with (when there is too little for a pattern).",
    "summary.reading.answered": "Label before the list of what the client did answer (when "
    "there is too little for a pattern).",
    "summary.topic.most": "A chosen topic marked as the one that weighs most: {topic}",
    "summary.reading.most_likely": "Line: the most likely possibility {name} and how sure the "
    "profile is ({confidence}).",
    "summary.reading.mechanism": "Label before the key mechanism that may help.",
    "summary.reading.try": "Label before two or three suggestions for the conversation.",
    "summary.reading.reasons": "Label before why the profile is this sure.",
    "summary.reading.evidence": "Label before the answers that point most to this possibility.",
    "summary.flag.differs": "Flag before the self-view sentence when the client's own view "
    "(card 3) differs from what the other answers point to.",
    "summary.flag.same": "Label before the self-view sentence when the client's own view fits "
    "the other answers (or cannot be compared).",
    # --- the client's words and answers ---
    "summary.quote": "The client's own words in quotation marks: {words}",
    "summary.quote.lang": "The client's own words in quotation marks, followed by the code of "
    "the language they answered in: {words} {lang}",
    "summary.quote.cut": "After shortened own words in the message: the full text is in the "
    "PDF.",
    "summary.voice": "Shown instead of words when the client answered with a voice message "
    "(it is forwarded separately).",
    "summary.way_out.skipped": "Shown as the answer when the client skipped the question.",
    "summary.way_out.dont_know": "Shown as the answer when the client chose 'I don't know'.",
    "summary.way_out.discuss": "Shown as the answer when the client prefers to discuss it in "
    "person.",
    "summary.more_in_pdf": "Last line of the message: every shared answer and the work-values "
    "chart are in the attached PDF; private answers are never included.",
    # --- PDF only ---
    "summary.pdf.quote.cut": "After shortened own words on the first page: the full text is in "
    "the list of answers.",
    "summary.pdf.heading.values": "Heading of the work-values chart.",
    "summary.aspect.important": "A work-value aspect (chart column, list of answers): how "
    "important the value is to the client.",
    "summary.aspect.room": "A work-value aspect (chart column, list of answers): how much room "
    "the situation or work gives for it.",
    "summary.aspect.able": "A work-value aspect (chart column, list of answers): how far the "
    "client can achieve it themselves.",
    "summary.values.answer": "One aspect of a work value in the list of answers: {aspect} and "
    "the client's {answer}.",
    "summary.pdf.legend": "Legend under the work-values chart, in the same words as the text: "
    "three squares 'a lot' (very important, much room, can achieve it), two 'a little', one "
    "'not much', none not answered or not asked; orange: a gap (very important, little room or "
    "out of reach; the framed column is the gap), dark green: very important and realised, "
    "light green: very important and partly realised, grey: somewhat or not important, or not "
    "(fully) answered.",
    "summary.pdf.heading.answers": "Heading: every answer the client shared, by part.",
    "summary.pdf.footer": "Footer of every page: an aid for the conversation built from the "
    "client's answers, no decision about the benefit; answers the client kept for themselves "
    "are left out.",
    # --- status note 24 hours before the meeting ---
    "summary.status.title": "Heading of the status note: the client with {reference} has not "
    "finished the preparation; the meeting is at {when}.",
    "summary.status.title.no_reference": "Heading of the status note without a reference: a "
    "client has not finished the preparation; the meeting is at {when}.",
    "summary.status.not_started": "Status line: the client has not started (or not opened the "
    "invitation).",
    "summary.status.declined": "Status line: the client chose not to prepare.",
    "summary.status.progress": "Status line: how far the client is: part {number} of {parts} "
    "({part}), {answers} questions answered so far.",
    "summary.status.no_content": "Status line: the client did not agree to share unfinished "
    "answers, so nothing of the content is included.",
    "summary.status.partial_follows": "Status line: the client agreed to share unfinished "
    "answers; a partial summary follows.",
}


def message_ids(content: Content) -> dict[str, str]:
    """For TEXT_SOURCES in bot/content_check.py."""
    return dict(SUMMARY_TEXTS)
