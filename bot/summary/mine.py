"""The client's own readable copy for /mydata: a PDF through the same Typst path (bundled
fonts, glyph replacement) as the professional's summary, in the client's language.

It holds the questions and the client's answers and own words, whole, part by part — and
nothing of the profile: the client reads back what they said, not what was made of it.
"""

from __future__ import annotations

import asyncio
import json
import threading
from functools import cache
from pathlib import Path

import typst

from bot.flows.answers import EXTRA_SUFFIX
from bot.flows.conversation import Conversation, Flow
from bot.flows.length import plain_text
from bot.flows.plan import Slot, plan
from bot.i18n import Translator
from bot.summary.glyphs import printable
from bot.summary.pdf import fonts

TEMPLATE = Path(__file__).resolve().parent / "mine.typ"
_lock = threading.Lock()


@cache
def _compiler() -> typst.Compiler:
    return typst.Compiler(TEMPLATE, root=TEMPLATE.parent, font_paths=fonts())


def _item(flow: Flow, conv: Conversation, slot: Slot, tr: Translator) -> dict | None:
    answer = conv.answers.get(slot.id)
    extra = conv.answers.get(slot.id + EXTRA_SUFFIX)
    if answer is None and extra is None:
        return None
    own = bool(answer and slot.kind == "text" and (answer.value or answer.voice))
    note = Slot(slot.id, slot.question, "note")
    return {
        "question": plain_text(flow.question_text(slot), tr),
        "answer": plain_text(flow.answer_text(slot, answer), tr),
        "own": own,
        "extra": plain_text(flow.answer_text(note, extra), tr) if extra else None,
    }


def mine_data(flow: Flow, conv: Conversation, tr: Translator) -> dict:
    """What the template shows: every part with its answered questions."""
    slots = plan(flow.content, conv.answers)
    parts = []
    for part in flow.content.parts:
        items = [i for s in slots if s.question.part == part.id
                 if (i := _item(flow, conv, s, tr)) is not None]
        if items:
            parts.append({"title": tr(part.title_id), "items": items})
    return {"lang": conv.lang, "title": tr("ui.pdf.title"), "intro": tr("ui.pdf.intro"),
            "footer": tr("ui.pdf.footer"), "parts": parts}


def _printable(value: object) -> object:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    return value


def render_mine(flow: Flow, conv: Conversation, tr: Translator) -> bytes:
    """The client's PDF (blocking; the bot uses render_mine_async)."""
    payload = json.dumps(_printable(mine_data(flow, conv, tr)), ensure_ascii=False)
    with _lock:
        return _compiler().compile(sys_inputs={"data": payload})


async def render_mine_async(flow: Flow, conv: Conversation, tr: Translator) -> bytes:
    return await asyncio.to_thread(render_mine, flow, conv, tr)
