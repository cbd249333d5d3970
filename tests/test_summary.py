"""What the professional receives: the Telegram message(s), the PDF, the status note, the CLI.

The PDF is checked through its extracted text (pypdf; tests/pdf_text.py reads right-to-left
runs the way a viewer does): the client's words in six languages and scripts, Arabic in
logical order without presentation forms, markup characters printed literally, emoji replaced
by one neutral symbol. Private answers must never appear, in the message or the PDF.
"""

from __future__ import annotations

import asyncio
import copy
import io
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.cli import main as cli_main
from bot.summary.glyphs import FONT_DIR, REPLACEMENT, coverage, printable
from bot.summary.pdf import fonts, render_pdf, render_pdf_async
from bot.summary.shared import professional_profile, shared_document
from bot.summary.status import status_note
from bot.summary.text import MESSAGE_LIMIT, summary_message
from tests.pdf_text import BIDI_CONTROLS, flat, pdf_text
from tests.summary_fixture import (
    MARKUP,
    SECRET,
    SHORT,
    long_answers,
    private_everywhere,
    rich_answers,
    short_multilingual,
)

PERSONAS = sorted((Path(__file__).parent / "personas").glob("*.json"))
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture(scope="module")
def render(content, rules, catalogs):
    """(messages, pdf bytes) for an answers document, as the professional gets them."""

    def run(doc: dict, lang: str = "en", pdf: bool = True, **options):
        profile = professional_profile(doc, content=content, rules=rules,
                                       translator=catalogs.get(lang))
        kwargs = {"lang": lang, "catalogs": catalogs, "content": content,
                  "reference": "R-2026-017", "appointment_text": "Tuesday 1 December 2026, "
                  "10:00", "prepared_text": "Monday 30 November 2026, 09:40", **options}
        messages = summary_message(doc, profile, **kwargs)
        return messages, render_pdf(doc, profile, **kwargs) if pdf else b""

    return run


# --- the PDF: languages, scripts, markup, emoji ---

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pdf_shows_client_words_in_six_languages(render, lang):
    _, pdf = render(short_multilingual(), lang)
    text = pdf_text(pdf)
    # Words beside a button answer sit in a narrower column and may wrap onto two lines.
    flowing = " ".join(text.split())
    for language, phrase in SHORT.items():
        assert phrase in flowing, f"{language} words missing from the PDF"
    assert not PRESENTATION_FORMS.search(text), "Arabic must extract as letters, not forms"
    reversed_words = " ".join(reversed(SHORT["ar"].split()))
    assert reversed_words not in text, "Arabic must come out in logical order"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_also_reads_right_with_poppler(render):
    _, pdf = render(short_multilingual(), "nl")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    text = BIDI_CONTROLS.sub("", out)
    for phrase in SHORT.values():
        assert phrase in text
    assert not PRESENTATION_FORMS.search(text)


def test_markup_characters_come_out_literally(render):
    doc = rich_answers()
    doc["answers"]["goal"]["value"] = MARKUP  # the message shows the goal, the PDF both
    messages, pdf = render(doc, "en", reference="C#42 <x> *y*")
    text = flat(pdf_text(pdf))
    for token in ("#let", "*vet*", "_schuin_", "$x^2$", "[link]", "@label", "<tag>", "\\n",
                  "//", "&", "<b>", "C#42 <x> *y*"):
        assert token in text, token
    html = "\n".join(messages)
    assert "&lt;tag&gt;" in html and "&amp; &lt;b&gt;" in html and "<tag>" not in html
    assert "C#42 &lt;x&gt; *y*" in html


def test_emoji_are_replaced_by_one_neutral_symbol():
    assert printable("ok 👍🏽 ja") == f"ok {REPLACEMENT} ja"
    assert printable("gezin 👨‍👩‍👧!") == f"gezin {REPLACEMENT}!"
    assert printable("🇳🇱🇵🇱") == REPLACEMENT * 2
    assert printable("hart ❤️") == "hart ❤", "a symbol the font has stays, minus its selector"
    assert printable("a\x00b\tc\nd") == "ab\tc\nd"
    assert printable(SHORT["ar"]) == SHORT["ar"] and printable(SHORT["uk"]) == SHORT["uk"]


def test_pdf_has_only_drawable_characters(render):
    _, pdf = render(rich_answers(), "nl")
    text = pdf_text(pdf)
    assert REPLACEMENT in text and "👍" not in text and "🇳" not in text
    drawable = coverage()
    missing = {c for c in text if ord(c) not in drawable and not c.isspace()}
    assert not missing, f"characters without a glyph: {missing}"


def test_only_the_bundled_fonts_are_used():
    assert fonts().families() == ["DejaVu Sans"]
    assert {p.name for p in FONT_DIR.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                    "LICENSE"}


# --- the message ---

def test_agenda_opens_the_message(render):
    messages, _ = render(rich_answers(), "en", pdf=False)
    first = messages[0]
    headings = re.findall(r"<b>(.*?)</b>", first)
    assert headings[0].startswith("Preparation of client R-2026-017")
    assert headings[1] == "Suggested agenda"
    agenda = first.split("<b>Suggested agenda</b>\n", 1)[1].split("\n\n", 1)[0].split("\n")
    assert [line.split(" ", 1)[0] for line in agenda] == [
        "1.", "2.", "3.", "4.", "5.", "6.", "7."]
    # The help the client asks for first (no own points here), in their words.
    assert agenda[0].startswith("1. Help the client asks for: ")
    assert "gesprek met een werkgever" in agenda[0]
    assert agenda[1] == "2. Person and health — rather in person (an ordinary day)"
    # The client's own words in that domain make the point concrete.
    assert agenda[3].startswith("4. Money: keeps the situation this way — “<i>")
    assert agenda[5].startswith("6. The client's questions:")
    assert agenda[6] == "7. Money — the client does not know yet (making ends meet)"
    assert "Appointment: Tuesday 1 December 2026, 10:00" in first
    assert "Prepared: Monday 30 November 2026, 09:40" in first


def test_removed_agenda_points_stay_removed(render):
    messages, _ = render(rich_answers(), "en", pdf=False,
                         removed=("questions", "discuss:health", "help"))
    agenda = messages[0].split("<b>Suggested agenda</b>\n", 1)[1].split("\n\n", 1)[0]
    assert "questions" not in agenda and "an ordinary day" not in agenda
    assert agenda.startswith("1. Work values — rather in person (contributing to something")


def test_message_has_every_part_in_order(render):
    html = "\n".join(render(rich_answers(), "en", pdf=False)[0])
    order = ["Suggested agenda", "How the client sees the situation", "Self-description",
             "What the answers may point to", "What keeps it this way", "What could help",
             "Work values: gaps", "Looking ahead"]
    positions = [html.index(f"<b>{heading}") for heading in order]
    assert positions == sorted(positions)
    assert "Possibly fighting in disruption (confidence: medium)" in html
    assert "<b>Own view differs:</b>" in html
    assert "Money (weighs most)" in html
    # Both gaps (little room, not within reach): the text names both.
    assert ("A good income: very important, but there is little room for it and it is not (yet) "
            "within the client's own reach") in html.replace("&#x27;", "'")
    assert "“<i>I would like a job where I can sit and stand in turns</i>” (nl)" in html


def test_words_are_marked_with_their_language_only_when_it_differs(render):
    english = "\n".join(render(rich_answers(), "en", pdf=False)[0])
    dutch = "\n".join(render(rich_answers(), "nl", pdf=False)[0])
    assert "</i>” (nl)" in english and "antwoordde" not in english
    assert "(nl)" not in dutch and "‘<i>" in dutch
    assert "De cliënt antwoordde" not in dutch


def test_arabic_words_are_isolated_in_the_message(render):
    doc = short_multilingual()
    doc["answers"]["goal"]["value"] = SHORT["ar"] + "."
    html = "\n".join(render(doc, "en", pdf=False)[0])
    assert f"<i>\u2068{SHORT['ar']}.\u2069</i>" in html


def test_every_message_fits_telegram_even_for_a_very_long_file(render):
    doc = long_answers()
    end = " EINDEVANHETANTWOORD"
    situation = doc["answers"]["situation"]
    situation["value"] = situation["value"][:-len(end)] + end
    messages, pdf = render(doc, "en")
    assert len(messages) >= 2
    for index, message in enumerate(messages):
        assert len(message) <= MESSAGE_LIMIT
        assert message.count("<b>") == message.count("</b>")
        assert message.count("<i>") == message.count("</i>")
        if index:
            assert message.startswith(f"<i>Preparation, continued ({index + 1}/")
    assert "<b>Suggested agenda</b>" in messages[0]
    assert "(shortened; full text in the PDF)" in messages[0]
    # The message shortens a 3000-character answer; the PDF keeps it to the last word.
    assert end.strip() not in "".join(messages)
    assert end.strip() in pdf_text(pdf)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_personas_fit_one_message_and_two_pages(render, lang):
    for path in PERSONAS:
        doc = json.loads(path.read_text(encoding="utf-8"))
        messages, pdf = render(doc, lang)
        assert len(messages) == 1 and len(messages[0]) <= MESSAGE_LIMIT, path.name
        assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2, path.name


def test_rich_file_fits_two_pages(render):
    _, pdf = render(rich_answers(), "nl")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2


# --- privacy ---

@pytest.mark.parametrize("make", [rich_answers, private_everywhere])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_private_answers_never_appear(render, make, lang):
    messages, pdf = render(make(), lang)
    assert SECRET not in "\n".join(messages)
    assert SECRET not in pdf_text(pdf)
    assert SECRET.encode() not in pdf


def test_private_agenda_answers_make_no_point(render):
    html = render(private_everywhere(), "en", pdf=False)[0][0]
    agenda = html.split("<b>Suggested agenda</b>\n", 1)[1].split("\n\n", 1)[0]
    assert "own questions" not in agenda and "An ordinary day" not in agenda
    assert "Keeps the situation this way most" not in agenda


def test_shared_document_drops_private_answers_and_words():
    shared = shared_document(rich_answers())
    assert "health_words" not in shared["answers"]
    assert "extra" not in shared["answers"]["money_work_risk"]
    assert "holding.note.money" not in shared["answers"]
    assert SECRET not in json.dumps(shared, ensure_ascii=False)
    unmarked = {"format": "voorbereid.answers", "version": 1,
                "answers": {"goal": {"status": "answered", "value": "x"}}}
    assert shared_document(unmarked)["answers"] == {}, "no private key: leave it out"


def test_a_profile_with_private_answers_is_refused(content, rules, catalogs):
    from bot.profile import build_profile

    doc = rich_answers()
    profile = build_profile(doc, content=content, rules=rules, translator=catalogs.get("en"),
                            include_private=True).to_json()
    with pytest.raises(ValueError):
        summary_message(doc, profile, lang="en", catalogs=catalogs, content=content,
                        reference="R", appointment_text="", prepared_text="")
    with pytest.raises(ValueError):
        render_pdf(doc, profile, lang="en", catalogs=catalogs, content=content,
                   reference="R", appointment_text="", prepared_text="")


# --- status note 24 hours before ---

def _unfinished() -> dict:
    doc = copy.deepcopy(rich_answers())
    doc["step"], doc["shared"] = "asking", False
    doc["answers"] = {k: v for k, v in doc["answers"].items()
                      if v["part"] in ("now", "health", "money", "social")}
    return doc


def test_status_note_without_partial_sharing_has_no_content(content, catalogs):
    messages = status_note(_unfinished(), lang="en", catalogs=catalogs, content=content,
                           reference="R-1", appointment_text="Tuesday 1 December, 10:00")
    assert len(messages) == 1
    note = messages[0]
    assert "R-1" in note and f"part 4 of {len(content.parts)} (Family and friends)" in note
    assert "did not agree to share" in note
    assert "Ik wil graag" not in note and SECRET not in note


def test_status_note_with_partial_sharing_adds_a_marked_partial_summary(content, rules,
                                                                          catalogs):
    doc = _unfinished()
    profile = professional_profile(doc, content=content, rules=rules,
                                   translator=catalogs.get("nl"))
    messages = status_note(doc, lang="nl", catalogs=catalogs, content=content,
                           reference="R-1", appointment_text="dinsdag 1 december, 10:00",
                           share_partial=True, profile_json=profile)
    assert len(messages) == 2
    assert "gedeeltelijke samenvatting volgt" in messages[0]
    assert "<b>Gedeeltelijke samenvatting:" in messages[1]
    assert "Ik wil graag weer werken" in messages[1] and SECRET not in messages[1]


@pytest.mark.parametrize(("doc", "expected"), [
    (None, "has not started"),
    ({"step": "welcome", "answers": {}}, "has not started"),
    ({"step": "declined", "answers": {}}, "chose not to prepare"),
])
def test_status_note_before_starting(content, catalogs, doc, expected):
    note = status_note(doc, lang="en", catalogs=catalogs, content=content, reference="R",
                       appointment_text="x", share_partial=True)
    assert len(note) == 1 and expected in note[0]


# --- rendering off the event loop ---

async def test_render_pdf_async_keeps_the_event_loop_free(content, rules, catalogs):
    doc = rich_answers()
    profile = professional_profile(doc, content=content, rules=rules,
                                   translator=catalogs.get("en"))
    kwargs = {"lang": "en", "catalogs": catalogs, "content": content, "reference": "R",
              "appointment_text": "", "prepared_text": ""}
    await render_pdf_async(doc, profile, **kwargs)  # warm up the worker's compiler
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            await asyncio.sleep(0)
            ticks += 1

    task = asyncio.create_task(ticker())
    start = time.perf_counter()
    pdfs = await asyncio.gather(*(render_pdf_async(doc, profile, **kwargs) for _ in range(4)))
    done.set()
    await task
    assert time.perf_counter() - start < 10
    assert all(p.startswith(b"%PDF") for p in pdfs), "concurrent renders each get a PDF"
    assert ticks > 4, "the loop kept running while the PDFs were typeset"


# --- the CLI ---

def test_cli_prints_the_message_and_writes_the_pdf(tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(rich_answers(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    code = cli_main(["summary", str(answers), "--lang", "nl", "--pdf", str(out),
                     "--reference", "R-9", "--appointment", "2026-12-01 10:00"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "<b>Voorbereiding van cliënt R-9</b>" in printed
    assert "Afspraak: dinsdag 1 december 2026, 10:00" in printed
    assert "<b>Voorstel voor de agenda</b>" in printed
    assert out.read_bytes().startswith(b"%PDF")
    assert SECRET not in printed


@pytest.mark.parametrize("text", [
    "{not json",
    json.dumps({"format": "something else", "version": 1, "answers": {}}),
    json.dumps({"format": "voorbereid.answers", "version": 1, "answers": []}),
    json.dumps({"format": "voorbereid.answers", "version": 1,
                "answers": {"goal": {"status": "answered", "value": "x", "private": "no"}}}),
    json.dumps([1, 2, 3]),
])
def test_cli_refuses_a_malformed_file_in_one_line(tmp_path, capsys, text):
    answers = tmp_path / "bad.json"
    answers.write_text(text, encoding="utf-8")
    assert cli_main(["summary", str(answers), "--pdf", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("summary: ") and "\n" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_refuses_an_unreadable_appointment(tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(rich_answers()), encoding="utf-8")
    assert cli_main(["summary", str(answers), "--appointment", "morgen"]) == 2
    assert "--appointment" in capsys.readouterr().err
