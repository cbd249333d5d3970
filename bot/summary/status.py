"""The status note the professional gets when the client has not finished 24 hours before.

It says how far the client is and nothing of what they answered — unless the client agreed to
share unfinished answers; then a partial summary follows, marked as partial on its first line.
Progress counts every answer (also private ones): it tells how far, never what.
"""

from __future__ import annotations

import html

from bot.answers_format import AnswersDocument
from bot.content.model import Content
from bot.i18n import Catalogs, Translator
from bot.profile.texts import pro_label
from bot.summary.text import summary_message

NOT_STARTED_STEPS = ("welcome",)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _progress(doc: dict | None, content: Content, t: Translator) -> str:
    if not doc or doc.get("step") in NOT_STARTED_STEPS:
        return t("summary.status.not_started")
    if doc.get("step") == "declined":
        return t("summary.status.declined")
    answers = [e for e in (doc.get("answers") or {}).values()
               if isinstance(e, dict) and e.get("status") not in (None, "unanswered")]
    index = {part.id: number for number, part in enumerate(content.parts)}
    reached = [index[e["part"]] for e in answers if e.get("part") in index]
    if not reached:
        return t("summary.status.not_started")
    part = content.parts[max(reached)]
    return t("summary.status.progress", number=max(reached) + 1, parts=len(content.parts),
             part=t(pro_label("part", part.id)), answers=len(answers))


def status_note(doc: dict | AnswersDocument | None, *, lang: str, catalogs: Catalogs,
                content: Content, reference: str, appointment_text: str,
                share_partial: bool = False, profile_json: dict | None = None,
                prepared_text: str = "",
                removed: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Telegram message(s), HTML parse mode: the note, then — only with `share_partial` and a
    profile (built with include_private=False) — the partial summary, marked as partial."""
    t = catalogs.get(lang)
    reference = (reference or "").strip()
    title = (t("summary.status.title", reference=reference, when=appointment_text)
             if reference and reference != "-"
             else t("summary.status.title.no_reference", when=appointment_text))
    data = doc.to_json() if isinstance(doc, AnswersDocument) else doc
    lines = [f"<b>{_esc(title)}</b>", _esc(_progress(data, content, t))]
    partial = bool(share_partial and data and profile_json is not None and data.get("answers"))
    if partial:
        lines.append(_esc(t("summary.status.partial_follows")))
    elif not share_partial:
        lines.append(_esc(t("summary.status.no_content")))
    messages = ["\n".join(lines)]
    if partial:
        messages += summary_message(doc, profile_json, lang=lang, catalogs=catalogs,
                                    content=content, reference=reference,
                                    appointment_text=appointment_text,
                                    prepared_text=prepared_text, removed=removed, partial=True)
    return messages
