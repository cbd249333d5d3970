"""Every message id `python -m bot stats` shows, with what it is for (for `content check`).

The figures are read by coordinators in their own language, so headings come from
`locales/<lang>/LC_MESSAGES/stats.po` like every other text. Rows are shown with the words
the conversation and the profile already have (bot/stats/labels.py); the CSV files keep the
ids, so a spreadsheet made from them stays stable when a wording changes.
"""

from __future__ import annotations

# Headings of the tables (one CSV file and, for most, one PNG plot each), by table name.
TABLES: dict[str, str] = {
    "overview": "Heading: the main figures (conversations, invites, time to finish).",
    "funnel": "Heading: how far conversations got, per part; ways out counted apart from "
    "stopping.",
    "selfview": "Heading: how clients describe themselves (card 3, the self-view question).",
    "stagnations": "Heading: the most likely stagnation in the profiles.",
    "self_view_differs": "Heading: how often the client's own view differs from the profile.",
    "value_gaps": "Heading: work values with a gap (important, but no room or out of reach), "
    "most frequent first.",
    "reflections": "Heading: the professionals' answer to 'did the preparation help?'.",
    "reflection_seen": "Heading: which pattern the professionals saw in the meeting "
    "(reflection card, one tap).",
    "agreement": "Heading: how often the profile's reading and the professional's own reading "
    "agree (same invite).",
    "evaluations": "Heading: the clients' answers to the questions after the meeting.",
    "professionals": "Heading: counts per professional.",
}
# Column headers (CSV files use the ids; the text output these short translations).
COLUMNS: dict[str, str] = {
    "figure": "Column header: what is counted.",
    "value": "Column header: the number.",
    "part": "Column header: part of the conversation.",
    "reached": "Column header: conversations that reached this part.",
    "answered": "Column header: conversations that answered a question here.",
    "skipped": "Column header: conversations that skipped a question here.",
    "dont_know": "Column header: conversations that said 'I don't know' here.",
    "discuss": "Column header: conversations that chose 'discuss in person' here.",
    "stopped": "Column header: conversations that stopped here without finishing.",
    "option": "Column header: the answer (option id).",
    "count": "Column header: how many.",
    "stagnation": "Column header: the stagnation (id).",
    "differs": "Column header: own view differs from the profile (yes/no).",
    "work_value": "Column header: the work value (id).",
    "helped": "Column header: the professional's answer (id).",
    "seen": "Column header: the pattern the professional saw (id).",
    "question": "Column header: the question (id).",
    "answer": "Column header: the answer (id).",
    "professional": "Column header: number of the professional.",
    "name": "Column header: name of the professional.",
    "invites": "Column header: invites sent.",
    "opened": "Column header: invites opened by the client.",
    "finished": "Column header: conversations finished.",
    "shared": "Column header: conversations shared with the professional.",
    "reflections": "Column header: reflections filled in by the professional.",
}
# Rows of the overview table.
FIGURES: dict[str, str] = {
    "conversations": "Overview row: conversations started.",
    "declined": "Overview row: conversations where the client said no at the start.",
    "finished": "Overview row: conversations finished.",
    "shared": "Overview row: conversations shared with the professional.",
    "median_minutes": "Overview row: median minutes from start to finish.",
    "invites_sent": "Overview row: invites sent by professionals.",
    "invites_opened": "Overview row: invites opened by a client.",
    "invites_finished": "Overview row: invites whose client finished.",
    "invites_shared": "Overview row: invites whose client shared the answers.",
    "compared": "Agreement row: reflections where both the profile named a pattern and the "
    "professional chose one (or none).",
    "agree": "Agreement row: the professional saw the same pattern as the profile.",
    "differ": "Agreement row: the professional saw another pattern (or none).",
    "agree_percent": "Agreement row: the share that agrees, in percent (hidden when a group is "
    "smaller than 5).",
    "too_little": "Agreement row: reflections on files where the profile named no pattern "
    "(too little to read one).",
}

STATS_TEXTS: dict[str, str] = {
    "stats.title": "Heading of the statistics for coordinators.",
    "stats.period": "Which conversations and invites are counted: from {since} to {until} "
    "(dates, or the words for 'the start' / 'today').",
    "stats.period.start": "Word for an open start of the period: the beginning.",
    "stats.period.end": "Word for an open end of the period: today.",
    "stats.small": "Note: groups smaller than 5 are shown as <5 so nobody can be recognised; no "
    "free text, references or chat ids are ever shown.",
    "stats.empty": "Shown under a heading when there is nothing to count yet.",
    "stats.written": "Line after writing files: {count} files written to {folder}.",
    "stats.plot.note": "Line under each plot: bars shown as <5 are groups too small to show.",
    "stats.eval.helped": "Row of the evaluations table: the client's answer to 'did preparing "
    "help you?', about the client in the third person (a few words).",
    "stats.eval.easy": "Row of the evaluations table: the client's answer to 'was it easy to "
    "do?', about the client in the third person (a few words).",
    "stats.too_little": "Row of the stagnations table: profiles with too little to read a "
    "pattern (no stagnation named), counted apart.",
    "stats.part.start": "Row of the drop-off table: the welcome and consent, before part 1.",
    "stats.part.review": "Row of the drop-off table: checking the answers and sharing, after "
    "the last part.",
    **{f"stats.table.{name}": purpose for name, purpose in TABLES.items()},
    **{f"stats.column.{name}": purpose for name, purpose in COLUMNS.items()},
    **{f"stats.figure.{name}": purpose for name, purpose in FIGURES.items()},
}
