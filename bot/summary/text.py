"""The summary as Telegram messages for the professional: readable in one minute.

Telegram HTML parse mode (send with `parse_mode="HTML"`): headings in <b>, the client's words in
<i>. Every text — ours from the catalogs and the client's words — is escaped with html.escape,
so a client typing `<b>` or `&` shows it literally and cannot break the message.

Order, as the professionals asked: the header (reference, appointment, when prepared), then the
suggested agenda, the client's view of the situation and how it changed, card 3, the profile's
pointer (possibility, key mechanism, confidence, own-view flag, what to try), what keeps it
this way and what could help (the client's words, what weighs most), work-value gaps, and
goal / first step / help / questions. Long own words are shortened here with a note; the PDF
has them whole. Each message stays within Telegram's 4096 characters: the text is split at
section boundaries (never inside a tag), and follow-up messages say they continue.
"""

from __future__ import annotations

import html
import re

from bot.content.model import Content
from bot.flows.agenda import MESSAGE_POINTS
from bot.i18n import Catalogs, Translator
from bot.summary.model import DASH, LEVELS, Item, Reading, Section, Summary
from bot.summary.shared import read_share
from bot.summary.words import Line, Words, isolated, shorten_line

MESSAGE_LIMIT = 4096
# Room kept free in each message for the "continued (2/3)" line and, on a summary sent again
# after an uncertain timeout, the "sent again" marker in front of it (bot/chat/deliveries.py).
CONTINUED_ROOM = 120 + 280
QUOTE_LIMIT = 280
AGENDA_QUOTE_LIMIT = 160
BULLET = "• "
_SENTINEL = "\x00words\x00"
_TAG = re.compile(r"</?[bi]>")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def quote_html(t: Translator, item: Words) -> str:
    """The client's words in the catalog's quotation marks, italic, with the language mark."""
    if item.lang:
        frame = t("summary.quote.lang", words=_SENTINEL, lang=item.lang)
    else:
        frame = t("summary.quote", words=_SENTINEL)
    text = _esc(frame).replace(_SENTINEL, f"<i>{_esc(isolated(item))}</i>")
    return f"{text} {_esc(t('summary.quote.cut'))}" if item.cut else text


def line_html(t: Translator, line: Line) -> str:
    return "".join(quote_html(t, p) if isinstance(p, Words) else _esc(p) for p in line)


def _item(t: Translator, item: Item, bullet: bool) -> str:
    label = _esc(item.label)
    value = line_html(t, shorten_line(item.value, QUOTE_LIMIT))
    text = f"{label}: {value}" if value else label
    return BULLET + text if bullet else text


def _section(t: Translator, section: Section, bullet: bool = False) -> str | None:
    if not section.items:
        return None
    lines = [f"<b>{_esc(section.title)}</b>"]
    lines += [_item(t, item, bullet) for item in section.items]
    return "\n".join(lines)


def title(t: Translator, reference: str) -> str:
    """The heading, with the client's reference when there is one (never "client -")."""
    reference = (reference or "").strip()
    if not reference or reference == "-":
        return t("summary.title.no_reference")
    return t("summary.title", reference=reference)


def _header(t: Translator, summary: Summary, reference: str, appointment_text: str,
            prepared_text: str, partial: bool) -> str:
    lines = [f"<b>{_esc(title(t, reference))}</b>"]
    if appointment_text:
        lines.append(_esc(t("summary.meta.appointment", when=appointment_text)))
    if prepared_text:
        lines.append(_esc(t("summary.meta.prepared", when=prepared_text)))
    lines.append(_esc(t("summary.meta.benefit", benefit=summary.benefit)))
    if summary.language_note:
        lines.append(_esc(summary.language_note))
    if partial:
        lines.append(f"<b>{_esc(t('summary.partial'))}</b>")
    return "\n".join(lines)


def _agenda(t: Translator, summary: Summary) -> str:
    """At most MESSAGE_POINTS points; the PDF has the rest."""
    lines = [f"<b>{_esc(t('summary.heading.agenda'))}</b>"]
    if not summary.agenda:
        lines.append(_esc(t("summary.agenda.none")))
    shown = summary.agenda[:MESSAGE_POINTS]
    for number, line in enumerate(shown, start=1):
        lines.append(f"{number}. {line_html(t, shorten_line(line, AGENDA_QUOTE_LIMIT))}")
    if len(summary.agenda) > len(shown):
        lines.append(_esc(t("summary.agenda.more_in_pdf",
                            count=len(summary.agenda) - len(shown))))
    return "\n".join(lines)


def _reading(t: Translator, reading: Reading) -> str:
    flag = _esc(reading.self_view_flag)
    lines = [f"<b>{_esc(t('summary.heading.reading'))}</b>", f"<b>{_esc(reading.headline)}</b>"]
    if reading.caveat:
        lines.append(f"<i>{_esc(reading.caveat)}</i>")
    lines += [f"<i>{_esc(caution)}</i>" for caution in reading.caution]
    named = bool(reading.mechanism_label)
    if named:
        lines.append(f"{_esc(reading.mechanism_label)} {_esc(reading.mechanism)}")
    else:
        # Too little for a pattern: why, then what the client did answer.
        lines.append(_esc(reading.mechanism))
    lines.append(f"{f'<b>{flag}</b>' if reading.differs else flag} {_esc(reading.self_view)}")
    if not named and reading.by_part:
        # The polite pattern: a few lines, one per part; the PDF lists every answer.
        lines.append(_esc(t("summary.reading.by_part")))
        lines += [f"{BULLET}{_esc(item.label)}{_esc(DASH)}{line_html(t, item.value)}"
                  for item in reading.by_part]
    elif not named and reading.evidence:
        lines.append(_esc(reading.evidence_label))
        lines += [_item(t, item, bullet=True) for item in reading.evidence]
    if reading.suggestions:
        lines.append(_esc(reading.try_label))
        lines += [BULLET + _esc(s) for s in reading.suggestions]
    return "\n".join(lines)


def _gaps(t: Translator, summary: Summary) -> str:
    section = summary.gaps
    if section.items:
        return _section(t, section, bullet=True) or ""
    if not summary.values_answered:
        key = "summary.gaps.not_answered"
    elif any(row.levels[0] == LEVELS["high"] for row in summary.values):
        key = "summary.gaps.none"
    else:  # "no gaps among the very important values" would be true of nothing
        key = "summary.gaps.none_important"
    return f"<b>{_esc(section.title)}</b>\n{_esc(t(key))}"


def _fit_line(line: str, limit: int) -> str:
    """Last resort for one line longer than a message (only with absurd catalog texts): drop
    its tags and cut it, never inside an HTML entity."""
    plain = _TAG.sub("", line)
    if len(plain) <= limit:
        return plain
    cut = plain[:limit - 1]
    amp = cut.rfind("&")
    if amp > cut.rfind(";"):
        cut = cut[:amp]
    return cut + "…"


def _pieces(block: str, limit: int) -> list[str]:
    """A block that fits, or its lines grouped into parts that each fit."""
    if len(block) <= limit:
        return [block]
    parts, current = [], ""
    for line in block.split("\n"):
        line = _fit_line(line, limit) if len(line) > limit else line
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    return [*parts, current] if current else parts


def pack(t: Translator, blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Blocks joined by blank lines into as few messages as fit, split between blocks."""
    room = limit - CONTINUED_ROOM
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _pieces(block, room):
            if current and len(current) + 2 + len(piece) > room:
                messages.append(current)
                current = piece
            else:
                current = f"{current}\n\n{piece}" if current else piece
    if current:
        messages.append(current)
    total = len(messages)
    if total == 1:
        return messages
    return [messages[0]] + [
        f"<i>{_esc(t('summary.continued', number=n, total=total))}</i>\n\n{text}"
        for n, text in enumerate(messages[1:], start=2)]


def render_message(t: Translator, summary: Summary, *, reference: str, appointment_text: str,
                   prepared_text: str, partial: bool = False) -> list[str]:
    """The messages of an already built Summary (see summary_message)."""
    blocks = [
        _header(t, summary, reference, appointment_text, prepared_text, partial),
        f"<b>{_esc(summary.crisis_notice)}</b>" if summary.crisis_notice else None,
        _agenda(t, summary),
        _section(t, summary.situation),
        _section(t, summary.selfview),
        _reading(t, summary.reading),
        *(_section(t, card, bullet=True) for card in summary.cards),
        _gaps(t, summary),
        _section(t, summary.ahead),
        _esc(t("summary.more_in_pdf")),
    ]
    return pack(t, [b for b in blocks if b])


def summary_message(doc: dict, profile_json: dict, *, lang: str, catalogs: Catalogs,
                    content: Content, reference: str, appointment_text: str,
                    prepared_text: str, removed: tuple[str, ...] | list[str] = (),
                    partial: bool = False) -> list[str]:
    """The Telegram message(s) for the professional, in `lang`, HTML parse mode.

    `doc`: the client's answers document (only its shared copy is read, shared.py);
    `profile_json`: `Profile.to_json()` built with include_private=False from the same
    document (bot.summary.shared.professional_profile). A share being delivered is read once
    with `read_share` and rendered with `render_message`; `appointment_text` and
    `prepared_text`: already formatted in the professional's language (bot.summary.moments);
    `removed`: agenda point ids the client removed at review; `partial`: mark it as a
    partial summary (status note)."""
    t = catalogs.get(lang)
    summary = read_share(doc, content=content, rules=None, translator=t, removed=removed,
                         profile=profile_json).summary
    return render_message(t, summary, reference=reference, appointment_text=appointment_text,
                          prepared_text=prepared_text, partial=partial)

