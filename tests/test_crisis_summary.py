"""What the professional gets when a shared answer holds crisis words: a calm notice first,
in the message and in the PDF, in the professional's language; nothing for private words."""

from __future__ import annotations

import copy

import pytest

from bot.summary.pdf import render_pdf
from bot.summary.shared import professional_profile
from bot.summary.text import summary_message
from tests.pdf_text import flat, pdf_text
from tests.summary_fixture import rich_answers

CRISIS_WORDS = "Eerlijk gezegd wil ik er soms niet meer zijn."


def with_situation(private: bool) -> dict:
    doc = copy.deepcopy(rich_answers())
    doc["answers"]["situation"]["value"] = CRISIS_WORDS
    doc["answers"]["situation"]["private"] = private
    return doc


@pytest.fixture(scope="module")
def render(content, rules, catalogs):
    def run(doc: dict, lang: str) -> tuple[str, str]:
        profile = professional_profile(doc, content=content, rules=rules,
                                       translator=catalogs.get(lang))
        kwargs = {"lang": lang, "catalogs": catalogs, "content": content,
                  "reference": "R-1", "appointment_text": "", "prepared_text": ""}
        return "\n".join(summary_message(doc, profile, **kwargs)), pdf_text(
            render_pdf(doc, profile, **kwargs))
    return run


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_shared_answer_with_crisis_words_puts_the_notice_first(render, catalogs, lang):
    t = catalogs.get(lang)
    notice = t("crisis.notice", parts=t("crisis.notice.part", part=t("profile.name.part.now")))
    message, pdf = render(with_situation(private=False), lang)
    agenda = t("summary.heading.agenda")
    assert notice in message
    assert message.index(notice) < message.index(agenda)
    assert "113" in notice
    flat_pdf = flat(pdf)
    assert flat(notice) in flat_pdf
    assert flat_pdf.index(flat(notice)) < flat_pdf.index(flat(agenda))


def test_the_notice_is_in_the_professionals_language(render):
    message, _ = render(with_situation(private=False), "en")
    assert "In a shared answer the client writes about not wanting to live" in message
    assert "'Situation now'" in message.replace("‘", "'").replace("’", "'")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_same_words_kept_private_put_nothing_there(render, catalogs, lang):
    t = catalogs.get(lang)
    head = t("crisis.notice", parts="").split("—")[0].strip()
    message, pdf = render(with_situation(private=True), lang)
    assert head not in message and flat(head) not in flat(pdf)
    assert "113" not in message


def test_private_words_beside_a_shared_button_bring_no_notice(render):
    doc = copy.deepcopy(rich_answers())
    doc["answers"]["change"]["extra"] = {"status": "answered", "value": CRISIS_WORDS,
                                         "private": True}
    message, _ = render(doc, "en")
    assert "writes about not wanting to live" not in message
    doc["answers"]["change"]["extra"]["private"] = False
    message, _ = render(doc, "en")
    assert "writes about not wanting to live" in message


def test_nothing_says_a_referral_was_shown(render):
    """The document holds no trace of a referral, and the summary no word about one."""
    message, pdf = render(with_situation(private=True), "en")
    for text in (message, pdf):
        assert "0800-0113" not in text and "referral" not in text.lower()
