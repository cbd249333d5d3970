"""The summary as a printable A4 PDF, typeset by Typst from `summary.typ`.

Why Typst (the `typst` wheel): one wheel, no system libraries, shapes Arabic and keeps it in
logical order, a two-page summary in a few milliseconds, and it releases the GIL — so
`render_pdf_async` runs it in a worker thread and the bot keeps answering other clients.

All data goes to the template as one JSON string through `sys_inputs` and is read there with
`json(bytes(sys.inputs.data))`: the client's words are strings, never markup, so `#`, `*`, `$`,
`[`, `@`, `<` or `//` in an answer print literally. The template only lays out; every text is
already translated (catalogs) or the client's own words.

Fonts: DejaVu Sans Book and Bold are bundled in `fonts/` (with their licence) and are the only
fonts Typst sees (no system fonts, no embedded fonts), so the PDF looks the same on every
machine. Characters the font cannot draw (colour emoji, CJK …) are replaced first (glyphs.py).
"""

from __future__ import annotations

import asyncio
import json
import threading
from functools import cache
from pathlib import Path

import typst

from bot.content.model import Content
from bot.i18n import Catalogs, Translator
from bot.summary.glyphs import FONT_DIR, printable
from bot.summary.model import Item, Section, Summary, ValueRow
from bot.summary.shared import read_share
from bot.summary.text import title
from bot.summary.words import Line, Words, isolated, shorten_line

TEMPLATE = Path(__file__).resolve().parent / "summary.typ"
# Own words on the first page are shortened; the list of answers has them whole.
FIRST_PAGE_QUOTE_LIMIT = 400
# Items with more characters than this may break across columns and pages; shorter ones stay
# whole, so a label is never separated from its answer.
LONG_ITEM = 700
_SENTINEL = "\x00words\x00"
_GAP_ASPECT = {"no_room": 1, "out_of_reach": 2}
# Chart colours by category; the legend (summary.pdf.legend) names the same four.
_KIND = {"no_room": "gap", "out_of_reach": "gap", "capability": "ok", "partly": "partly"}
_lock = threading.Lock()


@cache
def fonts() -> typst.Fonts:
    """The bundled fonts only; read once per process."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=[str(FONT_DIR)])


@cache
def _compiler() -> typst.Compiler:
    """One compiler for the process, kept so Typst reuses its caches (template, fonts)."""
    return typst.Compiler(TEMPLATE, root=TEMPLATE.parent, font_paths=fonts())


def _compile(payload: str) -> bytes:
    # A Typst compiler refuses to be used by two threads at once ("Already borrowed"); the
    # lock makes concurrent renders wait their turn (a few ms each) in their worker threads,
    # never on the event loop.
    with _lock:
        return _compiler().compile(sys_inputs={"data": payload})


class _Data:
    """Summary → the JSON the template reads (see the top of summary.typ)."""

    def __init__(self, t: Translator):
        self.t = t

    def piece(self, piece: str | Words) -> dict:
        if not isinstance(piece, Words):
            return {"t": piece}
        if piece.lang:
            frame = self.t("summary.quote.lang", words=_SENTINEL, lang=piece.lang)
        else:
            frame = self.t("summary.quote", words=_SENTINEL)
        pre, _, post = frame.partition(_SENTINEL)
        if piece.cut:
            post = f"{post} {self.t('summary.pdf.quote.cut')}"
        return {"w": isolated(piece), "pre": pre, "post": post}

    def line(self, line: Line, limit: int | None = FIRST_PAGE_QUOTE_LIMIT) -> list[dict]:
        return [self.piece(p) for p in (shorten_line(line, limit) if limit else line)]

    def item(self, item: Item, limit: int | None = FIRST_PAGE_QUOTE_LIMIT) -> dict:
        size = sum(len(p.text if isinstance(p, Words) else p) for p in item.value)
        return {"label": item.label, "value": self.line(item.value, limit),
                "way_out": item.way_out, "long": size > LONG_ITEM}

    def section(self, section: Section, limit: int | None = FIRST_PAGE_QUOTE_LIMIT) -> dict:
        return {"title": section.title, "items": [self.item(i, limit) for i in section.items]}

    def value_row(self, row: ValueRow) -> dict:
        return {"name": row.name, "levels": list(row.levels), "category": row.category_text,
                "kind": _KIND.get(row.category, "low"),
                "gaps": sorted({_GAP_ASPECT[g] for g in row.gaps if g in _GAP_ASPECT})}


def pdf_data(t: Translator, summary: Summary, *, reference: str, appointment_text: str,
             prepared_text: str, partial: bool = False) -> dict:
    """Everything the template shows, as plain JSON-able data (texts already translated)."""
    d = _Data(t)
    meta = [t("summary.meta.appointment", when=appointment_text) if appointment_text else "",
            t("summary.meta.prepared", when=prepared_text) if prepared_text else "",
            t("summary.meta.benefit", benefit=summary.benefit)]
    reading = summary.reading
    return {
        "lang": summary.lang,
        "title": title(t, reference),
        "meta": [m for m in meta if m],
        "language_note": summary.language_note,
        "partial": t("summary.partial") if partial else None,
        "crisis_notice": summary.crisis_notice or None,
        "footer": t("summary.pdf.footer"),
        "agenda": {"title": t("summary.heading.agenda"), "none": t("summary.agenda.none"),
                   "points": [d.line(line) for line in summary.agenda]},
        "reading": {
            "title": t("summary.heading.reading"), "headline": reading.headline,
            "caveat": reading.caveat,
            "mechanism_label": reading.mechanism_label, "mechanism": reading.mechanism,
            "flag": reading.self_view_flag, "self_view": reading.self_view,
            "differs": reading.differs, "try_label": reading.try_label,
            "suggestions": list(reading.suggestions), "reasons_label": reading.reasons_label,
            "reasons": list(reading.reasons), "evidence_label": reading.evidence_label,
            "evidence": [d.item(i) for i in reading.evidence],
        },
        "sections": [d.section(s) for s in (summary.situation, summary.selfview)
                     if s.items],
        "cards": [d.section(s) for s in summary.cards if s.items],
        "ahead": d.section(summary.ahead) if summary.ahead.items else None,
        "values": {
            "title": t("summary.pdf.heading.values"),
            "aspects": [t(f"summary.aspect.{a}") for a in ("important", "room", "able")],
            "legend": t("summary.pdf.legend"),
            "rows": [d.value_row(r) for r in summary.values],
            "none": None if summary.values_answered else t("summary.gaps.not_answered"),
        },
        "answers": {"title": t("summary.pdf.heading.answers"),
                    "groups": [d.section(s, limit=None) for s in summary.answers]},
    }


def _printable(value: object) -> object:
    """Every string made drawable with the bundled font (emoji → one neutral symbol)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    return value


def render_data(data: dict) -> bytes:
    """Typeset pdf_data(...) into PDF bytes (blocking; use render_pdf_async in the bot)."""
    return _compile(json.dumps(_printable(data), ensure_ascii=False))


def render_summary_pdf(t: Translator, summary: Summary, *, reference: str,
                       appointment_text: str, prepared_text: str, partial: bool = False) -> bytes:
    """The PDF of an already built Summary (see render_pdf; blocking)."""
    return render_data(pdf_data(t, summary, reference=reference,
                                appointment_text=appointment_text,
                                prepared_text=prepared_text, partial=partial))


def render_pdf(doc: dict, profile_json: dict, *, lang: str, catalogs: Catalogs,
               content: Content, reference: str, appointment_text: str, prepared_text: str,
               removed: tuple[str, ...] | list[str] = (), partial: bool = False) -> bytes:
    """The professional's PDF; same arguments and same privacy rules as summary_message."""
    t = catalogs.get(lang)
    summary = read_share(doc, content=content, rules=None, translator=t, removed=removed,
                         profile=profile_json).summary
    return render_summary_pdf(t, summary, reference=reference,
                              appointment_text=appointment_text, prepared_text=prepared_text,
                              partial=partial)


async def render_pdf_async(doc: dict, profile_json: dict, **kwargs: object) -> bytes:
    """render_pdf in a worker thread: Typst releases the GIL, so the event loop keeps serving
    other clients while the PDF is typeset."""
    return await asyncio.to_thread(render_pdf, doc, profile_json, **kwargs)  # type: ignore[arg-type]
