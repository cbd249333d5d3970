"""What each kind of outbox row looks like when it goes out (the outbox's renderers).

Rendered at send time from the row's payload, in the recipient's language. The summary is
the message(s), the printable PDF and the client's voice notes as they were sent; a row sent
again after an uncertain timeout carries the "sent again" marker.
"""

from __future__ import annotations

from datetime import datetime

from bot.app_core import Core
from bot.chat.professional import evaluation_screen, reminder_screen
from bot.chat.replies import keyboard
from bot.flows.professional import ProfessionalFlow
from bot.flows.screens import Msg, Screen
from bot.professionals.appointments import show
from bot.professionals.outbox import Part, Renderer, Row
from bot.render import render


def _screen_parts(core: Core, screen: Screen, lang: str) -> list[Part]:
    return [Part("text", r.text, keyboard(r)) for r in render(screen, core.catalogs.get(lang))]


def _marked(core: Core, parts: list[Part], lang: str, again: bool) -> list[Part]:
    if again and parts and parts[0].kind == "text":
        marker = core.catalogs.get(lang)("pro.sent_again")
        parts[0].text = f"{marker}\n\n{parts[0].text}"
    return parts


def voice_notes(doc: dict) -> list[str]:
    """File ids of the client's voice messages among the shared answers, in order."""
    notes = []
    for entry in doc.get("answers", {}).values():
        for item in (entry, entry.get("extra") or {}):
            if item.get("voice") and not item.get("private"):
                notes.append(item["voice"])
    return notes


def renderers(core: Core) -> dict[str, Renderer]:
    async def summary(row: Row, again: bool) -> list[Part]:
        from bot.summary.pdf import render_pdf_async
        from bot.summary.text import summary_message

        p = row.payload
        lang = p["lang"]
        when = datetime.fromisoformat(p["appointment"])
        prepared = datetime.fromisoformat(p["prepared"])
        texts = summary_message(p["doc"], lang=lang, core=core, reference=p["reference"],
                                appointment=when, prepared=prepared,
                                removed=tuple(p.get("removed", ())))
        pdf = await render_pdf_async(p["doc"], lang=lang, core=core, reference=p["reference"],
                                     appointment=when, prepared=prepared,
                                     removed=tuple(p.get("removed", ())))
        parts = [Part("text", text, parse_mode="HTML") for text in texts]
        parts.append(Part("document", data=pdf, filename=f"voorbereiding-{p['reference']}.pdf"))
        parts += [Part("voice", file_id=file_id) for file_id in voice_notes(p["doc"])]
        return _marked(core, parts, lang, again)

    async def status_note(row: Row, again: bool) -> list[Part]:
        p = row.payload
        lang = p["lang"]
        when = datetime.fromisoformat(p["appointment"])
        from bot.professionals.desk import Desk
        from bot.professionals.registry import Registry

        registry = Registry(core.store)
        invite = registry.invite(p["invite_id"])
        desk = Desk(core, registry, lambda: datetime.now(when.tzinfo))
        status = desk.status(invite) if invite else Msg.of("pro.status.not_opened")
        lines = [Msg.of("pro.status_note", reference=Msg.text(p["reference"]),
                        when=Msg.text(show(when, lang)), status=status)]
        parts = _screen_parts(core, Screen(tuple(lines)), lang)
        if p.get("partial") and p.get("client"):
            from bot.professionals.desk import shared_answers
            from bot.summary.text import summary_message

            doc = shared_answers(core.export(p["client"], with_history=False))
            parts += _screen_parts(core, Screen((Msg.of("pro.status_note.partial"),)), lang)
            parts += [Part("text", text, parse_mode="HTML") for text in summary_message(
                doc, lang=lang, core=core, reference=p["reference"], appointment=when,
                prepared=datetime.now(when.tzinfo), removed=(), partial=True)]
        return _marked(core, parts, lang, again)

    async def reminder(row: Row, again: bool) -> list[Part]:
        lang = row.payload["lang"]
        when = datetime.fromisoformat(row.payload["appointment"])
        return _screen_parts(core, reminder_screen(when, lang), lang)

    async def reflection(row: Row, again: bool) -> list[Part]:
        p = row.payload
        card = ProfessionalFlow.reflection_card(p["invite_id"], p["reference"],
                                                datetime.fromisoformat(p["appointment"]),
                                                p["lang"])
        return _screen_parts(core, card, p["lang"])

    async def evaluation(row: Row, again: bool) -> list[Part]:
        p = row.payload
        return _screen_parts(core, evaluation_screen(p["invite_id"], "helped"), p["lang"])

    return {"summary": summary, "status_note": status_note, "reminder": reminder,
            "reflection": reflection, "evaluation": evaluation}
