"""Build the `Summary` (model.py) once from the shared document and its profile; the message
(text.py) and the PDF (pdf.py) both render this one value."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from bot.content.model import Content
from bot.export import upgrade_answers
from bot.flows.agenda import agenda
from bot.i18n import Translator
from bot.summary.crisis import crisis_notice
from bot.summary.labels import Labels, agenda_line
from bot.summary.model import MULTIS, Item, Section, Summary
from bot.summary.sections import all_answers, card, reading, section, values


def _mark(answers_lang: object, lang: str) -> str | None:
    return answers_lang if isinstance(answers_lang, str) and answers_lang != lang else None


def _language_note(t: Translator, mark: str | None, lang: str) -> str | None:
    if mark is None:
        return None
    try:
        name = Locale.parse(mark).get_display_name(lang) or mark
    except (ValueError, UnknownLocaleError):
        name = mark
    return t("summary.meta.language", language=name, lang=mark)


def build_summary(shared: dict, profile: dict, *, translator: Translator, content: Content,
                  removed: tuple[str, ...] | list[str] = ()) -> Summary:
    """The summary of a shared answers document and its profile (JSON), in the translator's
    language. `removed`: agenda point ids the client took off at review."""
    t = translator
    lang = translator.lang
    shared = upgrade_answers(shared, content)  # older content versions read as today's
    mark = _mark(shared.get("language"), lang)
    labels = Labels(t, content, mark)
    answers: dict = shared.get("answers", {})
    return Summary(
        lang=lang,
        mark=mark,
        language_note=_language_note(t, mark, lang),
        benefit=profile["benefit"]["label"],
        agenda=tuple(agenda_line(p, answers, labels)
                     for p in agenda(shared, content, removed)),
        situation=section("situation", t("summary.heading.situation"),
                          ("situation", "change", "change_why"), answers, labels),
        selfview=section("selfview", t("summary.heading.selfview"),
                         ("selfview", "selfview_words"), answers, labels),
        reading=reading(profile, labels, answers),
        cards=tuple(card(m, answers, labels) for m in MULTIS),
        gaps=Section("gaps", t("summary.heading.gaps"), tuple(
            Item(v["name"], (v["category_text"],))
            for v in profile.get("values", []) if v.get("gaps"))),
        values_answered=any(v.get("category") != "not_answered"
                            for v in profile.get("values", [])),
        ahead=section("ahead", t("summary.heading.ahead"),
                      ("goal", "first_step", "help_needed", "questions"), answers, labels),
        values=values(profile),
        answers=all_answers(content, answers, labels),
        crisis_notice=crisis_notice(shared, content, t),
    )
