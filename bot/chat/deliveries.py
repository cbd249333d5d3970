"""What each kind of outbox row looks like when it goes out (the outbox's renderers).

Rendered at send time from the row's payload, in the recipient's language. The summary is
the message(s), the printable PDF and the client's voice notes as they were sent; a row sent
again after an uncertain timeout carries the "sent again" marker.
"""

from __future__ import annotations

import asyncio
import html
from datetime import datetime

from bot.answers_format import AnswersDocument
from bot.app_core import Core
from bot.chat.professional import evaluation_screen, reminder_screen
from bot.chat.replies import keyboard
from bot.flows.appointments import AMSTERDAM
from bot.flows.professional import ProfessionalFlow
from bot.flows.screens import Screen
from bot.professionals.outbox import Part, Renderer, Row
from bot.render import render
from bot.summary.moments import moment_text


def _screen_parts(core: Core, screen: Screen, lang: str) -> list[Part]:
    return [Part("text", r.text, keyboard(r)) for r in render(screen, core.catalogs.get(lang))]


def _marked(core: Core, parts: list[Part], lang: str, again: bool, row: Row) -> list[Part]:
    """After an uncertain timeout, mark the first part that goes out again (the ones before it
    were delivered for sure), so the professional knows an earlier copy may have arrived."""
    start = int(row.payload.get("_parts_sent", 0))
    if not again or start >= len(parts):
        return parts
    marker = core.catalogs.get(lang)("pro.sent_again")
    part = parts[start]
    if part.kind == "text":
        shown = html.escape(marker) if part.parse_mode == "HTML" else marker
        part.text = f"{shown}\n\n{part.text}"
    else:  # a document or voice note: the marker becomes its caption
        part.text = f"{marker}\n\n{part.text}" if part.text else marker
    return parts


def voice_notes(doc: AnswersDocument) -> list[tuple[str, str]]:
    """(question id, file id) of the client's voice messages among the shared answers, in
    order."""
    notes = []
    for qid, entry in doc.shared_only().answers.items():
        for item in (entry, entry.get("extra") or {}):
            if item.get("voice") and not item.get("private"):
                notes.append((qid, item["voice"]))
    return notes


def voice_caption(core: Core, lang: str, reference: str, qid: str) -> str:
    """Which client and which question a voice note answers, so a professional with several
    clients can match it (issue 19)."""
    from bot.summary.labels import Labels

    t = core.catalogs.get(lang)
    return t("pro.voice.caption", reference=reference,
             question=Labels(t, core.content, None).question(qid))


class _Renderers:
    """What each kind of outbox row becomes when it is sent (one method per kind)."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def summary(self, row: Row, again: bool) -> list[Part]:
        """The queued share: its shared copy was made, and its profile built, when the client
        shared (Desk.on_shared); here the Summary is built once and both the message and the
        PDF render it. A row queued before the profile was kept gets it built here, once."""
        from bot.summary.pdf import render_summary_pdf
        from bot.summary.shared import read_share
        from bot.summary.text import render_message

        p = row.payload
        lang = p["lang"]
        t = self.core.catalogs.get(lang)
        share = read_share(AnswersDocument.read_shared(p["doc"]), content=self.core.content,
                           rules=self.core.rules, translator=t, removed=tuple(p.get("removed", ())),
                           profile=p.get("profile"))
        common = {"reference": p["reference"],
                  "appointment_text": moment_text(datetime.fromisoformat(p["appointment"]),
                                                  lang),
                  "prepared_text": moment_text(datetime.fromisoformat(p["prepared"]), lang)}
        texts = render_message(t, share.summary, **common)
        # Typst releases the GIL: the event loop keeps serving other clients meanwhile.
        pdf = await asyncio.to_thread(render_summary_pdf, t, share.summary, **common)
        parts = [Part("text", text, parse_mode="HTML") for text in texts]
        parts.append(Part("document", data=pdf, filename=f"voorbereiding-{p['reference']}.pdf"))
        parts += [Part("voice", voice_caption(self.core, lang, p["reference"], qid),
                       file_id=file_id) for qid, file_id in voice_notes(share.document)]
        return _marked(self.core, parts, lang, again, row)

    async def status_note(self, row: Row, again: bool) -> list[Part]:
        """A day before the meeting: how far the client is, and what they agreed to share."""
        from bot.summary.shared import professional_profile
        from bot.summary.status import status_note as status_text

        p = row.payload
        lang = p["lang"]
        doc = None
        if p.get("client") and self.core.store.load(p["client"]) is not None:
            exported = self.core.export(p["client"], with_history=False)
            doc = AnswersDocument.read(exported).shared_only()
        partial = bool(p.get("partial")) and doc is not None
        profile = professional_profile(doc, content=self.core.content, rules=self.core.rules,
                                       translator=self.core.catalogs.get(lang)) if partial else None
        texts = status_text(
            doc, lang=lang, catalogs=self.core.catalogs, content=self.core.content,
            reference=p["reference"],
            appointment_text=moment_text(datetime.fromisoformat(p["appointment"]), lang),
            share_partial=partial, profile_json=profile,
            prepared_text=moment_text(datetime.now(AMSTERDAM), lang))
        parts = [Part("text", text, parse_mode="HTML") for text in texts]
        return _marked(self.core, parts, lang, again, row)

    async def reminder(self, row: Row, again: bool) -> list[Part]:
        lang = row.payload["lang"]
        when = datetime.fromisoformat(row.payload["appointment"])
        return _screen_parts(self.core, reminder_screen(when, lang), lang)

    async def reflection(self, row: Row, again: bool) -> list[Part]:
        p = row.payload
        card = ProfessionalFlow.reflection_card(p["invite_id"], p["reference"],
                                                datetime.fromisoformat(p["appointment"]),
                                                p["lang"])
        return _screen_parts(self.core, card, p["lang"])

    async def evaluation(self, row: Row, again: bool) -> list[Part]:
        p = row.payload
        return _screen_parts(self.core, evaluation_screen(p["invite_id"], "helped"), p["lang"])

    async def notice(self, row: Row, again: bool) -> list[Part]:
        """A short word to a client about delivery (a reply that may not have arrived, a
        late summary); a copy after an uncertain send is harmless, so no marker."""
        p = row.payload
        return [Part("text", self.core.catalogs.get(p["lang"])(p["key"]))]

    async def late_note(self, row: Row, again: bool) -> list[Part]:
        """To the professional: part of a summary has not arrived shortly before the meeting."""
        p = row.payload
        text = self.core.catalogs.get(p["lang"])(
            "delivery.pro_late", reference=p["reference"],
            when=moment_text(datetime.fromisoformat(p["appointment"]), p["lang"]))
        return [Part("text", text)]

    async def retention_notice(self, row: Row, again: bool) -> list[Part]:
        """To the client, a few days before their answers are deleted (bot/privacy)."""
        p = row.payload
        text = self.core.catalogs.get(p["lang"])(
            "privacy.notice", when=moment_text(datetime.fromisoformat(p["purge_at"]), p["lang"]))
        return [Part("text", text)]


KINDS = ("summary", "status_note", "reminder", "reflection", "evaluation", "notice", "late_note",
         "retention_notice")


def renderers(core: Core) -> dict[str, Renderer]:
    """Each outbox kind with what renders it (the sender looks a row's kind up here)."""
    made = _Renderers(core)
    return {kind: getattr(made, kind) for kind in KINDS}
