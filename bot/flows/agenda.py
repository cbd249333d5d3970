"""The suggested agenda: points the meeting could start from, the same for client and professional.

Built from the answers (answers-format shape) so the client at review and the professional in
the summary see the same list; the client may remove points and add up to three of their own
before sharing. Private answers never make a point. Points are things to talk about, never
question texts: each names a part or a topic, and the renderers give it a short agenda label.

Order: the client's own points first (in their own words), then the help the client asked for
(card 6, in their words), what the client wants to discuss in person (one point per part), what
weighs most (holding back, then helping; one point when both name the same domain), the
client's own questions, and what the client did not know in a part that weighs most (one point
per part). Skipped questions never become points — skipping is the client's choice — and
neither do the open "anything else?" questions. The message shows at most MESSAGE_POINTS; the
PDF has them all.

Removed ids are kept in the conversation state and the answers document, so ids of earlier
versions are still honoured: `discuss:<question>` and `open:<question>` (one point per question,
before points were grouped per part) leave that question out of its part's point, and
`most:holding` / `most:helping` take that side out of a merged point.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Content

MESSAGE_POINTS = 7
MAX_OWN = 3
# Longest own agenda point (characters): a point, not a letter.
MAX_OWN_LENGTH = 200
MULTIS = ("holding", "helping")
# The merged point when what holds back most and what would help most are the same domain.
BOTH = "most:holding+helping"


@dataclass(frozen=True)
class AgendaPoint:
    # Stable id: "own:1", "help", "discuss:money", "most:holding", "most:helping",
    # "most:holding+helping", "questions", "open:money".
    id: str
    kind: str  # own / help / discuss / most / questions / open
    part: str = ""  # discuss / open: the part
    # discuss / open: the question ids, in content order; most: the multi-selects it stands
    # for ("holding", "helping" or both).
    questions: tuple[str, ...] = ()
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
             kind: str, left_out: set[str]) -> list[AgendaPoint]:
    """One point per part, in content order, with the questions of `status` in that part
    (without the questions in `left_out`)."""
    found: dict[str, list[str]] = {}
    for qid, entry in answers.items():
        if not _shared(entry) or entry.get("status") != status or qid in left_out:
            continue
        if kind == "open" and _is_text(content, qid):
            continue
        part = _part_of(content, qid, entry)
        if part and (parts is None or part in parts):
            found.setdefault(part, []).append(qid)
    order = [p.id for p in content.parts]
    return [AgendaPoint(f"{kind}:{part}", kind, part=part, questions=tuple(found[part]))
            for part in sorted(found, key=lambda p: order.index(p) if p in order else len(order))]


def _said(entry: object) -> bool:
    """A shared own-words answer with something in it (typed words or a voice message)."""
    if not _shared(entry) or entry.get("status") != "answered":  # type: ignore[union-attr]
        return False
    value = entry.get("value")  # type: ignore[union-attr]
    return bool((isinstance(value, str) and value.strip()) or entry.get("voice"))  # type: ignore[union-attr]


def _left_out(content: Content, gone: set[str]) -> dict[str, set[str]]:
    """Questions an earlier version's per-question ids removed, by kind: `discuss:<question>`
    and `open:<question>` (a part id there is today's per-part point, not a question)."""
    parts = {p.id for p in content.parts}
    out: dict[str, set[str]] = {"discuss": set(), "open": set()}
    for point in gone:
        kind, _, target = point.partition(":")
        if kind in out and target and target not in parts:
            out[kind].add(target)
    return out


def _most(answers: dict, gone: set[str]) -> list[AgendaPoint]:
    """What weighs most in holding back and in helping: one point each, or one for both when
    they name the same domain. A side the client removed (its own id or the merged id) stays
    out."""
    sides = {m: weighs_most(answers, m) for m in MULTIS
             if f"most:{m}" not in gone and BOTH not in gone}
    topics = [t for t in sides.values() if t]
    if len(topics) == 2 and topics[0] == topics[1]:
        return [AgendaPoint(BOTH, "most", questions=MULTIS, topic=topics[0])]
    return [AgendaPoint(f"most:{m}", "most", questions=(m,), topic=t)
            for m, t in sides.items() if t]


def agenda(doc: dict, content: Content,
           removed: tuple[str, ...] | list[str] = ()) -> list[AgendaPoint]:
    """Every point in the agreed order, without the ones the client removed (the `removed`
    argument and the document's own `agenda.removed`, ids of earlier versions included)."""
    answers: dict = doc.get("answers", {})
    gone = {*removed, *removed_points(doc)}
    left_out = _left_out(content, gone)
    points = [AgendaPoint(f"own:{n}", "own", words=words)
              for n, words in enumerate(own_points(doc), start=1)]
    if _said(answers.get("help_needed")):
        points.append(AgendaPoint("help", "help", questions=("help_needed",)))
    points += _grouped(content, answers, "discuss", None, "discuss", left_out["discuss"])
    points += _most(answers, gone)
    if _said(answers.get("questions")):
        points.append(AgendaPoint("questions", "questions", questions=("questions",)))
    heavy = {weighs_most(answers, m) for m in MULTIS} - {None}
    domain_parts = {p.id for p in content.parts if p.domain in heavy}
    points += _grouped(content, answers, "dont_know", domain_parts, "open", left_out["open"])
    return [p for p in points if p.id not in gone]


# The client's texts for the agenda at review (locales/<lang>/LC_MESSAGES/agenda.po), with what
# each is for and its {placeholders}; the older agenda texts stay in voorbereid.po.
AGENDA_UI: dict[str, str] = {
    "ui.agenda.own": "Agenda point the client added, shown to the client: 'your own point' "
    "and their {words}.",
    "ui.agenda.help": "Agenda point shown to the client: what you would like help with (card "
    "6), with your {words}.",
    "ui.agenda.most_both": "Agenda point shown to the client: the {topic} (a life domain) "
    "that weighs most in what holds you back and in what would help you.",
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
