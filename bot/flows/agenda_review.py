"""The suggested agenda at review: its screen, removing a point, adding one's own, putting back.

The points themselves come from bot.flows.agenda (the same list the professional will see);
this module shows them to the client and applies the client's taps at review.
"""

from __future__ import annotations

from dataclasses import replace

from bot.content.model import Content
from bot.flows import callbacks as cb
from bot.flows.agenda import MAX_OWN, MAX_OWN_LENGTH, AgendaPoint, agenda
from bot.flows.events import Event, Text
from bot.flows.machine import Conversation
from bot.flows.plan import Slot
from bot.flows.screens import Button, Msg, Outcome, Screen, unchanged


def agenda_points(content: Content, conv: Conversation,
                  slots: list[Slot]) -> list[AgendaPoint]:
    """The same agenda the professional will see (bot.flows.agenda), from the answers."""
    answers = {}
    for slot in slots:
        answer = conv.answers.get(slot.id)
        if answer is not None:
            answers[slot.id] = {"status": answer.status, "value": answer.value,
                                "voice": answer.voice, "private": answer.private,
                                "part": slot.question.part}
    return agenda({"answers": answers, "agenda": {"own": conv.agenda_own}}, content,
                  removed=conv.agenda_removed)


def agenda_label(content: Content, conv: Conversation, point: AgendaPoint) -> Msg:
    domains = content.option_sets.get("domains")
    part = content.part(point.part) if point.part else None
    match point.kind:
        case "own":
            return Msg.of("ui.agenda.own", words=Msg.text(point.words))
        case "discuss" | "open" if part:
            return Msg.of(f"ui.agenda.{point.kind}_part", part=Msg.of(part.title_id))
        case "help":
            answer = conv.answers.get("help_needed")
            said = answer.value if answer and isinstance(answer.value, str) else ""
            words = Msg.text(said) if said.strip() else Msg.of("ui.answer.voice")
            return Msg.of("ui.agenda.help", words=words)
        case "most":
            topic = Msg.of(domains.label_id(point.topic)) if domains and (
                point.topic in domains.options) else Msg.text(point.topic)
            side = "both" if len(point.questions) > 1 else point.questions[0]
            return Msg.of(f"ui.agenda.most_{side}", topic=topic)
        case "questions":
            return Msg.of("ui.agenda.questions")
    return Msg.text(point.id)


def agenda_screen(content: Content, conv: Conversation, points: list[AgendaPoint], *,
                  with_buttons: bool) -> Screen:
    # Without a professional nobody else sees it: no "(your professional sees this too)".
    lines = [Msg.of("ui.agenda.title" if conv.invite else "ui.agenda.title.unlinked")]
    if not points:
        lines.append(Msg.of("ui.agenda.empty"))
    lines += [Msg.join(Msg.text(f"{n}."), agenda_label(content, conv, p), sep=" ")
              for n, p in enumerate(points, start=1)]
    if not with_buttons:
        return Screen((Msg.join(*lines, sep="\n"),))
    rows = [(Button(Msg.join(Msg.text(f"✖ {n}."), agenda_label(content, conv, p), sep=" "),
                    cb.review("agenda", p.id)),) for n, p in enumerate(points, start=1)]
    if len(conv.agenda_own) < MAX_OWN:
        rows.append((Button(Msg.of("ui.btn.agenda_add"), cb.review("agenda", "+")),))
    if conv.agenda_removed:
        rows.append((Button(Msg.of("ui.btn.agenda_restore"), cb.review("agenda", "*")),))
    rows.append((Button(Msg.of("ui.btn.to_review"), cb.review("overview")),))
    return Screen((Msg.join(*lines, sep="\n"), Msg.of("ui.agenda.remove_hint")),
                  tuple(rows))


def agenda_add(content: Content, conv: Conversation, event: Event,
               slots: list[Slot]) -> Outcome:
    """The client's own agenda point, typed after tapping "add a point" at review."""
    if not isinstance(event, Text) or not event.text.strip():
        return unchanged(Msg.of("ui.agenda.add_type"))
    words = " ".join(event.text.split())
    if len(words) > MAX_OWN_LENGTH:
        return unchanged(Msg.of("ui.agenda.add_too_long", max=MAX_OWN_LENGTH))
    conv.agenda_adding = False
    if len(conv.agenda_own) < MAX_OWN:
        conv.agenda_own.append(words)
    return Outcome(screens=[Screen((Msg.of("ui.agenda.added"),)),
                            agenda_screen(content, conv, agenda_points(content, conv, slots),
                                          with_buttons=True)])


def agenda_event(content: Content, conv: Conversation, target: str,
                 slots: list[Slot]) -> Outcome:
    """Open the agenda, remove a point, add one of the client's own, or put all back."""
    conv.agenda_adding = False
    if target == "+":
        if len(conv.agenda_own) >= MAX_OWN:
            return unchanged(Msg.of("ui.agenda.full", max=MAX_OWN))
        conv.agenda_adding = True
        return Outcome(screens=[Screen((Msg.of("ui.agenda.add_prompt", max=MAX_OWN),), (
            (Button(Msg.of("ui.btn.cancel_add"), cb.review("agenda")),),))])
    if target == "*":
        conv.agenda_removed = []
    elif target.startswith("own:"):
        index = target.removeprefix("own:")
        if not index.isdigit() or not 1 <= int(index) <= len(conv.agenda_own):
            return unchanged(Msg.of("ui.bad.stale"))
        del conv.agenda_own[int(index) - 1]
    elif target and target not in conv.agenda_removed:
        if target not in {p.id for p in agenda_points(content, conv, slots)}:
            return unchanged(Msg.of("ui.bad.stale"))
        conv.agenda_removed.append(target)
    screen = agenda_screen(content, conv, agenda_points(content, conv, slots),
                           with_buttons=True)
    return Outcome(screens=[replace(screen, mode="edit") if target else screen])
