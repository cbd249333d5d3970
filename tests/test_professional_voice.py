"""Every text the professional reads speaks about the client, never to them.

Rendered for real (summary message, PDF text with pypdf, the profile, the status note, the
statistics labels) in Dutch and English, over every persona and a rich file. Two checks:

1. no client-facing text that addresses the client ("Uzelf en uw gezondheid", "Setting your
   own goals", a question text …) appears in what the professional reads;
2. once the client's quoted own words and the texts that address the professional on purpose
   (the suggestions and key mechanisms: "… voordat u over stappen praat") are taken out, no
   second-person word is left ("u", "uw", "uzelf" / "you", "your", "yourself").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR
from bot.profile import build_profile
from bot.profile.render import render_text
from bot.stats.labels import labeller
from bot.summary.pdf import render_pdf
from bot.summary.shared import professional_profile
from bot.summary.status import status_note
from bot.summary.text import summary_message
from tests.pdf_text import pdf_text
from tests.summary_fixture import rich_answers

PERSONAS = sorted((Path(__file__).parent / "personas").glob("*.json"))
PRONOUNS = {"nl": re.compile(r"\b(u|uw|uzelf|je|jij|jouw)\b", re.IGNORECASE),
            "en": re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)}
QUOTED = re.compile(r"‘[^’]*’|“[^”]*”|<i>.*?</i>|(?<!\w)'[^']*'(?!\w)", re.DOTALL)
# Client catalogs: what the client reads.
CLIENT_FILES = ("voorbereid.po", "agenda.po")


def _flat(text: str) -> str:
    return " ".join(text.split())


def client_second_person(lang: str) -> list[str]:
    """Client texts that address the client, long enough to be recognised when reused."""
    found = []
    for name in CLIENT_FILES:
        path = Path(LOCALES_DIR) / lang / "LC_MESSAGES" / name
        if not path.exists():
            continue
        with path.open("rb") as handle:
            for message in read_po(handle):
                text = message.string if isinstance(message.string, str) else ""
                text = _flat(re.sub(r"\{[a-z_]+\}", "", text))
                if len(text) >= 12 and PRONOUNS[lang].search(text):
                    found.append(text)
    return found


def addressed_to_professional(catalogs, lang: str, rules) -> list[str]:
    """Texts that speak to the professional on purpose (what to try, the key mechanism)."""
    t = catalogs.get(lang)
    texts = []
    for outcome, keys in rules.suggestions.items():
        texts.append(t(f"profile.outcome.{outcome}.mechanism"))
        texts += [t(f"profile.suggestion.{outcome}.{key}") for key in keys]
    return [_flat(x) for x in texts]


def assert_third_person(text: str, lang: str, catalogs, rules, forbidden: list[str]) -> None:
    flat = _flat(text)
    for client_text in forbidden:
        assert client_text not in flat, client_text
    rest = flat
    for allowed in addressed_to_professional(catalogs, lang, rules):
        rest = rest.replace(allowed, " ")
    rest = QUOTED.sub(" ", rest)
    left = PRONOUNS[lang].findall(rest)
    assert not left, (left, [m.group(0) for m in re.finditer(
        r".{0,60}" + PRONOUNS[lang].pattern + r".{0,40}", rest, re.IGNORECASE)])


def documents() -> list[tuple[str, dict]]:
    docs = [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in PERSONAS]
    return [*docs, ("rich", rich_answers())]


@pytest.fixture(scope="module")
def forbidden():
    return {lang: client_second_person(lang) for lang in ("nl", "en")}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_client_texts_that_address_the_client_are_found(lang, forbidden):
    # The check below must be able to fail: the client catalog does address the client.
    assert len(forbidden[lang]) > 20


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_summary_message_and_profile_speak_about_the_client(lang, content, rules, catalogs,
                                                             forbidden):
    t = catalogs.get(lang)
    for name, doc in documents():
        profile = professional_profile(doc, content=content, rules=rules, translator=t)
        for reference in ("R-17", ""):
            html = "\n".join(summary_message(
                doc, profile, lang=lang, catalogs=catalogs, content=content,
                reference=reference, appointment_text="", prepared_text=""))
            assert_third_person(html, lang, catalogs, rules, forbidden[lang])
        assert "cliënt -" not in html and "client -" not in html, name
        text = render_text(build_profile(doc, content=content, rules=rules, translator=t), t)
        assert_third_person(text, lang, catalogs, rules, forbidden[lang])
        notes = status_note(doc, lang=lang, catalogs=catalogs, content=content, reference="",
                            appointment_text="1 december", share_partial=True,
                            profile_json=profile)
        assert_third_person("\n".join(notes), lang, catalogs, rules, forbidden[lang])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_speaks_about_the_client(lang, content, rules, catalogs, forbidden):
    t = catalogs.get(lang)
    for name in ("rich", "17_sparse_mostly_skipped", "19_outside_research_ww",
                 "13_moving_well_step_by_step"):
        doc = dict(documents())[name]
        profile = professional_profile(doc, content=content, rules=rules, translator=t)
        pdf = render_pdf(doc, profile, lang=lang, catalogs=catalogs, content=content,
                         reference="", appointment_text="", prepared_text="")
        assert_third_person(pdf_text(pdf), lang, catalogs, rules, forbidden[lang])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_statistics_labels_speak_about_the_client(lang, content, catalogs, forbidden):
    t = catalogs.get(lang)
    label = labeller(t, content)
    keys = [("part", p.id) for p in content.parts]
    keys += [("work_value", v) for v in content.values]
    keys += [("stagnation", s) for s in ("equilibrium", "running", "too_little")]
    keys += [("seen", s) for s in ("growth", "none")]
    keys += [("question", q) for q in ("helped", "easy")]
    keys += [("answer", a) for a in ("yes", "somewhat", "no")]
    selfview = content.question("selfview").options.options
    shown = " | ".join(label(column, key) for column, key in keys)
    for client_text in forbidden[lang]:
        assert client_text not in shown
    assert not PRONOUNS[lang].search(shown), shown
    assert selfview  # card 3's statements are the client's own words, quoted as such


def test_a_professional_who_changes_language_is_not_told_about_answers(catalogs):
    from datetime import datetime

    from bot.flows.events import Choose
    from bot.flows.professional import ProfessionalFlow, Session

    flow = ProfessionalFlow(("nl", "en"))
    out = flow.handle(Session(), Choose("plang", "en"), datetime(2026, 12, 1), "nl")
    ids = [m.id for s in out.screens for m in s.lines]
    assert ids == ["pro.language.set"]
    for lang in ("nl", "en"):
        text = catalogs.get(lang)("pro.language.set").lower()
        assert "antwoorden" not in text and "answers" not in text
