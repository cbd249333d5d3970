"""Build the `Summary` (model.py) once from the shared document and its profile; the message
(text.py) and the PDF (pdf.py) both render this one value."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from bot.answers_format import AnswersDocument
from bot.content.model import Content
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


def build_summary(document: AnswersDocument, profile: dict, *, translator: Translator,
                  content: Content, removed: tuple[str, ...] | list[str] = ()) -> Summary:
    """The summary of the shared copy of an answers document (`shared_only`, see shared.py's
    `read_share`) and its profile (JSON), in the translator's language. `removed`: agenda
    point ids the client took off at review."""
    if not document.only_shared:
        raise ValueError("a summary is made from the shared copy only (shared_only)")
    t = translator
    lang = translator.lang
    # Older content versions read as today's; agenda and crisis read the JSON form.
    shared = document.upgraded(content).to_json()
    mark = _mark(document.language, lang)
    labels = Labels(t, content, mark)
    answers: dict = shared["answers"]
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
