"""The review's screens: the overview, one part's answers with edit buttons, the share question.

Only builds screens; the review's rules (which tap does what) are in bot/flows/review.py and
the agenda's in bot/flows/agenda_review.py. The one change made here: a review target that
no longer exists (content changed) is forgotten and the overview shown instead.
"""

from __future__ import annotations

from bot.content.model import SHORT_SUFFIX, Content, Part
from bot.flows import callbacks as cb
from bot.flows.agenda_review import agenda_points, agenda_screen
from bot.flows.answers import EXTRA_SUFFIX
from bot.flows.crisis import CrisisMatcher
from bot.flows.machine import Conversation
from bot.flows.plan import Slot, total_parts
from bot.flows.question_screen import MAX_BUTTONS
from bot.flows.readback import (
    all_answers,
    answer_line,
    edit_label,
    short_label,
    value_lines,
    values_parts,
)
from bot.flows.screens import Button, Msg, Screen


def overview(content: Content, crisis: CrisisMatcher, conv: Conversation,
             slots: list[Slot]) -> list[Screen]:
    """One message: every part in short lines, the agenda, what "only for me" means, the
    choice to share (or, without a professional, that nothing goes to anyone) — and the
    buttons to change a part, see the agenda and finish."""
    total = total_parts(content)
    lines: list[Msg] = [Msg.of("ui.progress", part=total, parts=total,
                               title=Msg.of("part.review.title")),
                        Msg.of("ui.review.intro"), *all_answers(content, conv, slots, short=True)]
    points = agenda_points(content, conv, slots)
    lines.append(agenda_screen(content, conv, points, with_buttons=False).lines[0])
    if any(a.private for a in conv.answers.values()):
        lines.append(Msg.of("ui.review.private_legend"))
    rows_for_crisis = crisis_rows(content, crisis, conv, slots)
    if rows_for_crisis:
        lines.append(Msg.of("crisis.review"))
    linked = bool(conv.invite)
    lines.append(Msg.of("ui.share.confirm" if linked else "ui.share.unlinked"))
    titles = [Button(Msg.of("ui.btn.edit_part", title=Msg.of(part.title_id)),
                     cb.review("part", part.id)) for part in content.parts]
    rows: list[tuple[Button, ...]] = [tuple(titles[i:i + 2])
                                      for i in range(0, len(titles), 2)]
    # Always: the agenda is where the client also adds points of their own.
    rows.append((Button(Msg.of("ui.btn.agenda"), cb.review("agenda")),))
    rows += rows_for_crisis
    if linked:
        rows.append((Button(Msg.of("ui.btn.share"), cb.share(True)),
                     Button(Msg.of("ui.btn.no_share"), cb.share(False))))
    else:
        rows.append((Button(Msg.of("ui.btn.finish"), cb.share(False)),))
    return [Screen(tuple(lines), tuple(rows))]


def crisis_rows(content: Content, crisis: CrisisMatcher, conv: Conversation,
                slots: list[Slot]) -> list[tuple[Button, ...]]:
    """Before sharing: when a shared answer holds crisis words the overview says, gently,
    that the professional will read them and ask first, with "only for me" for each
    such answer right there (these rows)."""
    flagged = [s for s in slots if _shared_crisis(crisis, conv, s)]
    rows = []
    for n, slot in enumerate(flagged, start=1):
        label = Msg.of("crisis.btn.only_me",
                       part=Msg.of(content.part(slot.question.part).title_id))
        if len(flagged) > 1:
            label = Msg.join(label, Msg.text(f"({n})"), sep=" ")
        rows.append((Button(label, cb.review("private", slot.id)),))
    return rows


def _shared_crisis(crisis: CrisisMatcher, conv: Conversation, slot: Slot) -> bool:
    answer = conv.answers.get(slot.id)
    if answer is None or answer.private:
        return False
    extra = conv.answers.get(slot.id + EXTRA_SUFFIX)
    words = [extra.value] if extra and isinstance(extra.value, str) else []
    if slot.kind == "text" and isinstance(answer.value, str):
        words.append(answer.value)
    return any(crisis.matches(w, conv.lang) for w in words)


def review_target(content: Content, target: str) -> tuple[Part | None, int, str]:
    """A review screen's target: "<part>", "<part>@<page>" (its edit buttons paged) or
    "<part>/<value>" (one work value's answers)."""
    name, _, value = target.partition("/")
    name, _, page = name.partition("@")
    part = content.part(name)
    if part is None or (value and value not in content.values):
        return None, 0, ""
    return part, int(page) if page.isdigit() else 0, value


def review_part(content: Content, crisis: CrisisMatcher, conv: Conversation,
                slots: list[Slot]) -> list[Screen]:
    """One part's answers with a short edit button each: at most MAX_BUTTONS buttons, so
    a long part pages its buttons and the work values get one button per value (which
    opens that value's two or three answers)."""
    part, page, value = review_target(content, conv.review_part)
    if part is None:
        conv.review_part = ""
        return overview(content, crisis, conv, slots)
    slots = [s for s in slots if s.question.part == part.id]
    if value:
        return [_value_review(content, conv, part, value, slots)]
    lines = [Msg.of("ui.review.part", title=Msg.of(part.title_id)), Msg.of("ui.review.pick")]
    if part.id in values_parts(content):
        lines += value_lines(content, conv, slots)
        named = [Button(Msg.join(Msg.text("✎"), Msg.of(f"value.{v}"), sep=" "),
                        cb.review("part", f"{part.id}/{v}")) for v in content.values
                 if any(s.question.value == v for s in slots)]
    else:
        lines += [answer_line(conv, s, short=True) for s in slots]
        # Each button named by what it changes (its overview label), not by a number.
        named = [Button(Msg.join(Msg.text("✎"), edit_label(s), sep=" "),
                        cb.review("edit", s.id)) for s in slots]
    per_page = MAX_BUTTONS - 1 if len(named) <= MAX_BUTTONS - 1 else MAX_BUTTONS - 2
    pages = max(1, -(-len(named) // per_page))
    page = page % pages
    shown = named[page * per_page:(page + 1) * per_page]
    rows = [tuple(shown[i:i + 2]) for i in range(0, len(shown), 2)]
    if pages > 1:
        rows.append((Button(Msg.of("ui.btn.more"),
                            cb.review("part", f"{part.id}@{(page + 1) % pages}")),))
    rows.append((Button(Msg.of("ui.btn.to_review"), cb.review("overview")),))
    return [Screen(tuple(lines), tuple(rows))]


def _value_review(content: Content, conv: Conversation, part: Part, value: str,
                  slots: list[Slot]) -> Screen:
    """One work value's answers, each with its edit button."""
    slots = [s for s in slots if s.question.value == value]
    lines = [Msg.of("ui.review.part", title=Msg.of(f"value.{value}")),
             Msg.of("ui.review.pick"),
             *(answer_line(conv, s, short=True) for s in slots)]
    # Two aspects asked on one screen are changed on one screen too.
    paired = {s.question.paired_to for s in slots}
    named = [Button(Msg.join(Msg.text("✎"), short_label(s), *(
        [Msg.text("+"), Msg.of(content.questions[s.question.pair.partner].text_id
                               + SHORT_SUFFIX)] if s.id in paired else []), sep=" "),
                    cb.review("edit", s.id)) for s in slots
             if not (s.question.paired_to and s.question.paired_to in
                     {x.id for x in slots})]
    rows = [tuple(named[i:i + 3]) for i in range(0, len(named), 3)]
    rows.append((Button(Msg.of("ui.btn.back"), cb.review("part", part.id)),))
    return Screen(tuple(lines), tuple(rows))


def share_question(conv: Conversation) -> Screen:
    if not conv.invite:
        return Screen((Msg.of("ui.share.unlinked"),), (
            (Button(Msg.of("ui.btn.finish"), cb.share(False)),),
            (Button(Msg.of("ui.btn.to_review"), cb.review("overview")),),
        ))
    return Screen((Msg.of("ui.share.confirm"),), (
        (Button(Msg.of("ui.btn.share"), cb.share(True)),),
        (Button(Msg.of("ui.btn.no_share"), cb.share(False)),),
        (Button(Msg.of("ui.btn.to_review"), cb.review("overview")),),
    ))
