"""One question on screen: progress, the question, the answer now, and its buttons.

Only builds screens (nothing here changes a conversation): the answers first, then as many of
the other buttons as fit in MAX_BUTTONS (Telegram shows at most that many under a question);
what does not fit sits behind one "more" button, shown in place.
"""

from __future__ import annotations

from bot.content.model import SHORT_SUFFIX, Content, Part
from bot.flows import callbacks as cb
from bot.flows.answers import DISCUSS, DONT_KNOW, EXTRA_SUFFIX, SKIPPED, Answer
from bot.flows.machine import Conversation
from bot.flows.plan import Slot, find
from bot.flows.progress import progress_line
from bot.flows.readback import WAY_OUT_LABELS, answer_text, option_label, question_text
from bot.flows.screens import Button, Msg, Screen

# Telegram shows at most this many buttons under a question (answers included).
MAX_BUTTONS = 7


def question(content: Content, conv: Conversation, slot: Slot, slots: list[Slot], *,
             why: bool = False, examples: bool = False, closed: bool = False,
             view: str = "", intro: bool = True) -> Screen:
    """A question with its buttons: the answers first, then as many of the other buttons
    as fit in MAX_BUTTONS; what does not fit sits behind one "more" button. `closed`: the
    answered question without buttons; `view`: a group of options or "more" opened in place;
    `slots`: the plan. (Longer than most: it reads top to bottom as the screen does.)"""
    part = content.part(slot.question.part)
    lines: list[Msg] = [progress_line(content, part, slot, slots, conv.answers)]
    if (intro and not closed and not view and conv.state == "asking"
            and first_in_part(slot, slots)):
        lines.append(Msg.of(part.intro_id))
    lines.append(question_text(slot, asked=True))
    if slot.question.value and slot.question.aspect == content.value_aspects[0]:
        lines.append(Msg.of(f"value.{slot.question.value}.hint"))
    answer = conv.answers.get(slot.id)
    if closed:
        lines.append(Msg.join(Msg.text("→"), answer_text(slot, answer), sep=" "))
        return Screen(tuple(lines))
    if why or examples:
        lines.append(Msg.of(slot.why_id))
        if part.examples:
            lines.append(Msg.of(part.examples_id))
    lines += _answer_now(content, conv, slot, answer)
    hint = _hint(conv, slot, slots, view=view, why=why)
    if hint is not None:
        lines.append(hint)
    groups = dict(slot.question.groups) if slot.role == "ask" else {}
    if view in groups:
        rows = _rows([Button(option_label(slot, o), cb.choose(slot.id, o))
                      for o in groups[view]])
        rows.append((Button(Msg.of("ui.btn.less"), cb.more(slot.id, "")),))
        return Screen(tuple(lines), tuple(rows))
    aux = _aux_groups(conv, slot, slots, part, answer)
    answers = _answer_rows(conv, slot, groups)
    rows, hidden = _fit(slot, answers, aux)
    if view == "more" and hidden:
        rows = [tuple(g) for g in hidden]
        if sum(len(g) for g in hidden) < MAX_BUTTONS:
            rows.append((Button(Msg.of("ui.btn.less"), cb.more(slot.id, "")),))
    return Screen(tuple(lines), tuple(rows))


def _answer_now(content: Content, conv: Conversation, slot: Slot,
                answer: Answer | None) -> list[Msg]:
    """The answer given so far (both aspects of a pair), words typed beside it, or the benefit
    an invite proposed."""
    lines: list[Msg] = []
    if answer is not None:
        shown = answer_text(slot, answer)
        partner = conv.answers.get(slot.question.pair.partner) if (
            slot.question.pair and slot.role == "ask") else None
        if partner is not None:
            other = content.questions[slot.question.pair.partner]
            shown = Msg.join(*(Msg.join(Msg.of(q.text_id + SHORT_SUFFIX),
                                        answer_text(Slot(q.id, q), a), sep=": ")
                               for q, a in ((slot.question, answer), (other, partner))),
                             sep=", ")
        lines.append(Msg.of("ui.answer.current", answer=shown))
    extra = conv.answers.get(slot.id + EXTRA_SUFFIX) if slot.kind == "choice" else None
    if extra is not None:
        lines.append(Msg.of("ui.answer.words", words=answer_text(
            Slot(slot.id, slot.question, "note"), extra, short=True)))
    elif slot.id == "benefit" and conv.invite_benefit in slot.options(conv.answers):
        lines.append(Msg.of("ui.answer.current",
                            answer=option_label(slot, conv.invite_benefit)))
    return lines


def _hint(conv: Conversation, slot: Slot, slots: list[Slot], *, view: str,
          why: bool) -> Msg | None:
    if slot.kind == "choice":
        # "You may type something too": at the start of a part and at its end, where
        # the part's own words belong — not under every question (fewer words to read).
        in_part = [s.id for s in slots if s.question.part == slot.question.part]
        if slot.id in (in_part[0], in_part[-1]) or view or why:
            return Msg.of("ui.choice.hint")
        return None
    if slot.kind == "multi":
        return Msg.of("ui.multi.counter", count=len(conv.draft), max=slot.question.max)
    return Msg.of("ui.text.hint")


def _answer_rows(conv: Conversation, slot: Slot,
                 groups: dict[str, tuple[str, ...]]) -> list[tuple[Button, ...]]:
    if slot.kind == "choice":
        buttons: list[Button] = []
        for option in slot.options(conv.answers):
            group = slot.question.group_of(option) if groups else ""
            if not group:
                buttons.append(Button(option_label(slot, option), cb.choose(slot.id, option)))
            elif cb.more(slot.id, group) not in [b.data for b in buttons]:
                buttons.append(Button(Msg.of(slot.question.group_label_id(group)),
                                      cb.more(slot.id, group)))
        return _rows(buttons)
    if slot.kind == "multi":
        rows = [(Button(option_label(slot, o), cb.toggle(slot.id, o),
                        checked=o in conv.draft),)
                for o in slot.options(conv.answers)]
        return [*rows, (Button(Msg.of("ui.btn.done"), cb.done(slot.id)),)]
    return []


def _rows(buttons: list[Button]) -> list[tuple[Button, ...]]:
    """Up to three short answers side by side; longer lists one per row."""
    if len(buttons) <= 3:
        return [tuple(buttons)] if buttons else []
    return [(b,) for b in buttons]


def _aux_groups(conv: Conversation, slot: Slot, slots: list[Slot], part: Part,
                answer: Answer | None) -> list[list[Button]]:
    """The other buttons, most needed first: keep the answer, the three ways out, why and
    back (or back to the overview), then skip the part or "only for me"."""
    keep = ([Button(Msg.of("ui.btn.keep"), cb.keep(slot.id))]
            if answer is not None and slot.kind != "multi" else [])
    ways = [Button(Msg.of(WAY_OUT_LABELS[s]), cb.way_out(slot.id, s))
            for s in (SKIPPED, DONT_KNOW, DISCUSS)]
    if conv.state == "editing":
        nav = [Button(Msg.of("ui.btn.why"), cb.why(slot.id)),
               Button(Msg.of("ui.btn.to_review"), cb.review("overview"))]
        private = bool(answer and answer.private)
        extra = [Button(Msg.of("ui.btn.share_ok" if private else "ui.btn.only_me"),
                        cb.review("private", slot.id))]
        if slot.kind == "choice" and slot.id + EXTRA_SUFFIX in conv.answers:
            extra.append(Button(Msg.of("ui.btn.remove_words"), cb.review("words", slot.id)))
    else:
        # No "back" where there is nothing to go back to (the first question).
        first = find(slots, slot.id) <= 0
        nav = [Button(Msg.of("ui.btn.why"), cb.why(slot.id)),
               *([] if first else [Button(Msg.of("ui.btn.back"), cb.back())])]
        extra = ([Button(Msg.of("ui.btn.skip_part"), cb.skip_part(part.id))]
                 if part.skippable else [])
    return [keep, ways, nav, extra]


def _fit(slot: Slot, answers: list[tuple[Button, ...]], aux: list[list[Button]]) -> tuple[
    list[tuple[Button, ...]], list[list[Button]]
]:
    """Answers plus whole groups of other buttons within MAX_BUTTONS; when a group does not
    fit, one "more" button shows the groups left out (in place). Returns rows and those."""
    used = sum(len(r) for r in answers)
    if used + sum(len(g) for g in aux) <= MAX_BUTTONS:
        return [*answers, *(tuple(g) for g in aux if g)], []
    rows = list(answers)
    hidden: list[list[Button]] = []
    budget = MAX_BUTTONS - 1 - used
    for group in aux:
        if not group:
            continue
        if len(group) <= budget:
            rows.append(tuple(group))
            budget -= len(group)
        else:
            hidden.append(group)
    rows.append((Button(Msg.of("ui.btn.more"), cb.more(slot.id)),))
    return rows, hidden


def first_in_part(slot: Slot, slots: list[Slot]) -> bool:
    first = next(s for s in slots if s.question.part == slot.question.part)
    return first.id == slot.id
