"""Turn untranslated screens into text and button labels in the conversation's language.

Shared by the Telegram layer and the terminal preview, so both show exactly the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows.screens import Msg, Screen
from bot.i18n import Translator

TELEGRAM_LIMIT = 4096
CHECK = "✔ "
# Longer button labels are cut off by Telegram apps anyway; cut them ourselves, cleanly.
BUTTON_LIMIT = 60


def text_of(msg: Msg, tr: Translator) -> str:
    if msg.raw is not None:
        return msg.raw
    if msg.parts:
        return msg.sep.join([text_of(p, tr) for p in msg.parts])
    if not msg.params:
        return tr(msg.id)
    params = {k: text_of(v, tr) if isinstance(v, Msg) else v for k, v in msg.params}
    return tr(msg.id, **params)


@dataclass(frozen=True)
class Rendered:
    text: str
    # Rows of (label, callback data).
    buttons: tuple[tuple[tuple[str, str], ...], ...]


def render(screen: Screen, tr: Translator) -> list[Rendered]:
    """One screen as one or more messages within Telegram's limit; buttons on the last one."""
    text = "\n\n".join(t for t in (text_of(line, tr) for line in screen.lines) if t)
    buttons = tuple(
        tuple((_fit((CHECK if b.checked else "") + text_of(b.label, tr)), b.data) for b in row)
        for row in screen.buttons
    )
    chunks = split_text(text)
    return [Rendered(chunk, buttons if i == len(chunks) - 1 else ())
            for i, chunk in enumerate(chunks)]


def _fit(label: str) -> str:
    return label if len(label) <= BUTTON_LIMIT else label[:BUTTON_LIMIT - 1].rstrip() + "…"


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries so no message exceeds the limit."""
    if len(text) <= limit:
        return [text or "…"]
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        pieces.append(line)
    return pieces
