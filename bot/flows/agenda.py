"""The suggested agenda: points the meeting could start from, the same for client and professional.

Built from the answers (answers-format shape) so the client at review and the professional in
the summary see the same list; the client may remove points and add up to three of their own
before sharing. Private answers never make a point. Points are things to talk about, never
question texts: each names a part or a topic, and the renderers give it a short agenda label.

Order: the client's own points first (in their own words), then what the client wants to
discuss in person (one point per part), what weighs most (holding back, then helping), the
client's own questions, and what the client did not know in a part that weighs most (one point
per part). Skipped questions never become points — skipping is the client's choice — and
neither do the open "anything else?" questions. The message shows at most MESSAGE_POINTS; the
PDF has them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Content

MESSAGE_POINTS = 7
MAX_OWN = 3
# Longest own agenda point (characters): a point, not a letter.
MAX_OWN_LENGTH = 200
MULTIS = ("holding", "helping")


@dataclass(frozen=True)
class AgendaPoint:
    # Stable id: "own:1", "discuss:money", "most:holding", "questions", "open:money".
    id: str
    kind: str  # own / discuss / most / questions / open
    part: str = ""  # discuss / open: the part
    questions: tuple[str, ...] = ()  # discuss / open: the question ids, in content order
    topic: str = ""  # most: the domain id
    words: str = ""  # own: the client's words


def _shared(entry: object) -> bool:
    return isinstance(entry, dict) and not entry.get("private", False)


def weighs_most(answers: dict, multi: str) -> str | None:
    """The topic that weighs most in a multi-select: the marked one, or the only one chosen."""
    most = answers.get(f"{multi}.most")
    if _shared(most) and most.get("status") == "answered":
        return most.get("value")
    chosen = answers.get(multi)
    if _shared(chosen) and chosen.get("status") == "answered":
        value = chosen.get("value") or []
        if len(value) == 1:
            return value[0]
    return None


def own_points(doc: dict) -> list[str]:
    """The client's own agenda points from the document (`agenda.own`), cleaned and capped."""
    block = doc.get("agenda")
    own = block.get("own") if isinstance(block, dict) else None
    if not isinstance(own, list):
        return []
    cleaned = [" ".join(p.split())[:MAX_OWN_LENGTH] for p in own if isinstance(p, str)]
    return [p for p in cleaned if p][:MAX_OWN]


def removed_points(doc: dict) -> list[str]:
    block = doc.get("agenda")
    removed = block.get("removed") if isinstance(block, dict) else None
    return [r for r in removed if isinstance(r, str)] if isinstance(removed, list) else []


def _part_of(content: Content, qid: str, entry: dict) -> str | None:
    question = content.question(qid.split(".")[0])
    return question.part if question else entry.get("part")


def _is_text(content: Content, qid: str) -> bool:
    question = content.question(qid.split(".")[0])
    return question is None or question.kind == "text" or ".note." in qid


def _grouped(content: Content, answers: dict, status: str, parts: set[str] | None,
             kind: str) -> list[AgendaPoint]:
    """One point per part, in content order, with the questions of `status` in that part."""
    found: dict[str, list[str]] = {}
    for qid, entry in answers.items():
        if not _shared(entry) or entry.get("status") != status:
            continue
        if kind == "open" and _is_text(content, qid):
            continue
        part = _part_of(content, qid, entry)
        if part and (parts is None or part in parts):
            found.setdefault(part, []).append(qid)
    order = [p.id for p in content.parts]
    return [AgendaPoint(f"{kind}:{part}", kind, part=part, questions=tuple(found[part]))
            for part in sorted(found, key=lambda p: order.index(p) if p in order else len(order))]


def agenda(doc: dict, content: Content,
           removed: tuple[str, ...] | list[str] = ()) -> list[AgendaPoint]:
    """Every point in the agreed order, without the ones the client removed (the `removed`
    argument and the document's own `agenda.removed`)."""
    answers: dict = doc.get("answers", {})
    points = [AgendaPoint(f"own:{n}", "own", words=words)
              for n, words in enumerate(own_points(doc), start=1)]
    points += _grouped(content, answers, "discuss", None, "discuss")
    for multi in MULTIS:
        topic = weighs_most(answers, multi)
        if topic:
            points.append(AgendaPoint(f"most:{multi}", "most", questions=(multi,), topic=topic))
    questions = answers.get("questions")
    if _shared(questions) and questions.get("status") == "answered":
        points.append(AgendaPoint("questions", "questions", questions=("questions",)))
    heavy = {weighs_most(answers, m) for m in MULTIS} - {None}
    domain_parts = {p.id for p in content.parts if p.domain in heavy}
    points += _grouped(content, answers, "dont_know", domain_parts, "open")
    gone = {*removed, *removed_points(doc)}
    return [p for p in points if p.id not in gone]


# The client's texts for the agenda at review (locales/<lang>/LC_MESSAGES/agenda.po), with what
# each is for and its {placeholders}; the older agenda texts stay in voorbereid.po.
AGENDA_UI: dict[str, str] = {
    "ui.agenda.own": "Agenda point the client added, shown to the client: 'your own point' "
    "and their {words}.",
    "ui.agenda.discuss_part": "Agenda point shown to the client: what you want to discuss in "
    "person in this {part} (the part's title).",
    "ui.agenda.open_part": "Agenda point shown to the client: what you did not know yet in this "
    "{part} (the part's title), which weighs most for you.",
    "ui.btn.agenda_add": "Button at the agenda: add a point of your own.",
    "ui.btn.cancel_add": "Button: do not add a point after all (back to the agenda).",
    "ui.agenda.add_prompt": "Asks the client to type one point of their own for the agenda, in "
    "their own words; at most {max} own points; they come first.",
    "ui.agenda.add_type": "Reply when the client sends something other than text while adding "
    "an own agenda point: please type it.",
    "ui.agenda.add_too_long": "Reply when an own agenda point is too long: at most {max} "
    "characters, please shorten it.",
    "ui.agenda.added": "Confirmation: the point is on the agenda, at the top.",
    "ui.agenda.full": "Reply when the client already added {max} own points.",
}
