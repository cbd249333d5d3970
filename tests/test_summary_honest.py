"""The summary claims no more than the answers support (message and PDF text, nl and en).

A thin file names no stagnation and gives no suggestions; a WW file carries its caveat in the
Telegram message itself; "a little important" is never shown as important or as a gap; a file
without work-value answers says "not answered", never "no gaps".
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from bot.summary.pdf import render_pdf
from bot.summary.shared import professional_profile
from bot.summary.text import summary_message
from tests.pdf_text import pdf_text

PERSONAS = Path(__file__).parent / "personas"
OUTCOMES = ("equilibrium", "disruption", "reorientation", "growth", "running", "moving_well")


def persona(name: str) -> dict:
    return json.loads((PERSONAS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def render(content, rules, catalogs):
    """(message text, PDF text) as the professional gets them, with the translator."""

    def run(doc: dict, lang: str):
        t = catalogs.get(lang)
        profile = professional_profile(doc, content=content, rules=rules, translator=t)
        options = {"lang": lang, "catalogs": catalogs, "content": content, "reference": "",
                   "appointment_text": "", "prepared_text": ""}
        html = "\n".join(summary_message(doc, profile, **options))
        return html, pdf_text(render_pdf(doc, profile, **options)), t, profile

    return run


def values_of(doc: dict, levels: dict[str, tuple[str, str | None, str | None]]) -> dict:
    doc = copy.deepcopy(doc)
    answers = {k: v for k, v in doc["answers"].items() if not k.startswith("value.")}
    for value, triple in levels.items():
        for aspect, level in zip(("important", "room", "able"), triple, strict=True):
            if level:
                answers[f"value.{value}.{aspect}"] = {"status": "answered", "value": level,
                                                      "private": False, "part": "values"}
    doc["answers"] = answers
    return doc


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", ["17_sparse_mostly_skipped", "18_sparse_polite_all_good"])
def test_a_thin_or_polite_file_names_no_stagnation(render, lang, name):
    html, pdf, t, profile = render(persona(name), lang)
    assert profile["state"] == "too_little"
    # Its own honest heading: too little, or (nearly) all positive without own words.
    polite = profile["too_little"] == ["polite"]
    assert polite == (name == "18_sparse_polite_all_good")
    headline = "summary.reading.polite" if polite else "summary.reading.too_little"
    other = "summary.reading.too_little" if polite else "summary.reading.polite"
    for text in (html, " ".join(pdf.split())):
        assert " ".join(t(headline, confidence=t("profile.confidence.low")).split()) in text
        assert t(other, confidence=t("profile.confidence.low"))[:30] not in text
        for outcome in OUTCOMES:
            assert t(f"profile.outcome.{outcome}") not in text, outcome
            for key in ("mechanism",):
                assert t(f"profile.outcome.{outcome}.{key}")[:40] not in text
        assert t("summary.reading.try") not in text
        assert t("summary.reading.open_questions") in text
        for question in profile["open_questions"]:
            assert " ".join(question["text"].split())[:50] in " ".join(text.split())
    # What the client did answer is shown.
    assert t("summary.reading.by_part" if polite else "summary.reading.answered") in html
    assert t("profile.q.change") in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_ww_file_has_its_caveat_in_the_message(render, lang):
    html, pdf, t, profile = render(persona("19_outside_research_ww"), lang)
    caveat = t("summary.reading.outside_research", benefit=profile["benefit"]["label"])
    reading = html.split(f"<b>{t('summary.heading.reading')}</b>", 1)[1]
    # Next to the stagnation: the line right under the headline.
    assert reading.split("\n")[2] == f"<i>{caveat}</i>"
    assert t("profile.outcome.reorientation") in reading.split("\n")[1]
    assert " ".join(caveat.split()) in " ".join(pdf.split())
    # A client the research covers gets no caveat.
    html, _, t, _ = render(persona("05_reorientation_no_place"), lang)
    assert "<i>" + t("summary.reading.outside_research", benefit="")[:15] not in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_somewhat_important_is_never_important_nor_a_gap(render, lang):
    doc = values_of(persona("07_growth_stuck_in_volunteering"), {
        "use_skills": ("medium", "medium", "medium"),
        "income": ("medium", "low", "low"),
        "contacts": ("high", "low", "high"),
        "own_goals": ("high", "high", "high"),
    })
    html, pdf, t, profile = render(doc, lang)
    categories = {v["value"]: v["category"] for v in profile["values"]}
    assert categories["use_skills"] == categories["income"] == "somewhat"
    assert categories["contacts"] == "no_room" and categories["own_goals"] == "capability"
    gaps = html.split(f"<b>{t('summary.heading.gaps')}</b>", 1)[1].split("\n\n")[0]
    assert t("profile.name.value.contacts") in gaps
    assert t("profile.name.value.income") not in gaps
    assert t("profile.name.value.use_skills") not in gaps
    flat = " ".join(pdf.split())
    # The chart's text column says the same as the message: two values somewhat important,
    # one realised (own goals), one gap (contacts).
    assert flat.count(t("profile.category.somewhat")) >= 2
    assert flat.count(" ".join(t("profile.category.capability").split())) == 1
    assert " ".join(t("profile.category.no_room").split()) in flat
    # The list of answers uses the client's scale in words for the professional.
    assert t("profile.level.important.medium") in flat
    # The legend names the colours the chart uses.
    for word in (("oranje", "lichtgroen", "grijs") if lang == "nl"
                 else ("orange", "light green", "grey")):
        assert word in flat.lower()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_work_value_answers_is_not_answered_never_no_gaps(render, lang):
    doc = values_of(persona("05_reorientation_no_place"), {})
    html, pdf, t, profile = render(doc, lang)
    assert all(v["category"] == "not_answered" for v in profile["values"])
    assert all(not v["gaps"] for v in profile["values"])
    gaps = html.split(f"<b>{t('summary.heading.gaps')}</b>", 1)[1].split("\n\n")[0]
    assert t("summary.gaps.not_answered") in gaps
    assert t("summary.gaps.none") not in html
    flat = " ".join(pdf.split())
    assert " ".join(t("summary.gaps.not_answered").split()) in flat


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_polite_pattern_is_compact_in_the_message_and_whole_in_the_pdf(render, lang):
    """Everything answered, all positive: a few lines per part in the message (what has its
    own section there is not repeated), every counted answer in the PDF."""
    from bot.summary.model import SHOWN_APART

    html, pdf, t, profile = render(persona("18_sparse_polite_all_good"), lang)
    counted = profile["confidence"]["counted"]
    assert len(counted) >= 15
    after = html.split(t("summary.reading.by_part"), 1)[1]
    block = after.split(t("summary.reading.open_questions"), 1)[0]
    listed = [line for line in block.splitlines() if line.startswith("•")]
    assert 1 <= len(listed) <= 6, listed
    text = " ".join(listed).lower()
    for qid in counted:
        label = t(f"profile.q.{qid}")
        assert (label.lower() in text) == (qid not in SHOWN_APART), qid
    flat = " ".join(pdf.split())
    assert t("summary.reading.answered.polite") in flat
    for qid in counted:
        assert " ".join(t(f"profile.q.{qid}").split()) in flat, qid


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_answered_list_agrees_with_the_count(render, lang):
    """'n of m questions that count' is followed by exactly those n answers."""
    name = "17_sparse_mostly_skipped"
    html, _pdf, t, profile = render(persona(name), lang)
    counted = profile["confidence"]["counted"]
    assert len(counted) == profile["confidence"]["answered"]
    after = html.split(t("summary.reading.answered"), 1)[1]
    open_label = t("summary.reading.open_questions")
    listed = [b for b in after.split(open_label, 1)[0].splitlines() if b.startswith("•")]
    assert len(listed) == profile["confidence"]["answered"], listed


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_weighs_most_only_when_the_client_was_asked_and_chose(render, lang):
    """A single chosen topic was never weighed: no '(weighs most)' unless `<card>.most` holds."""
    doc = persona("19_outside_research_ww")
    assert doc["answers"]["helping"]["value"] == ["work"] and "helping.most" not in doc["answers"]
    html, _pdf, t, _ = render(doc, lang)
    marker = t("summary.topic.most", topic="\x00").split("\x00")[1].strip()
    helping = html.split(t("summary.heading.helping"), 1)[1].split("\n\n", 1)[0]
    assert marker not in helping
    doc = copy.deepcopy(doc)
    doc["answers"]["helping"]["value"] = ["work", "money"]
    doc["answers"]["helping.most"] = {"status": "answered", "value": "money", "private": False,
                                      "part": "helping"}
    html, _pdf, t, _ = render(doc, lang)
    helping = html.split(t("summary.heading.helping"), 1)[1].split("\n\n", 1)[0]
    assert helping.count(marker) == 1


# --- every example file, as a new professional reads it (issue 18, "Done when") ----------------

ALL_PERSONAS = sorted(p.stem for p in PERSONAS.glob("*.json"))
MSGID = re.compile(r"\b(?:summary|profile|ui|q|opt|pro|stats)\.[a-z_]+\.[a-z_.]+")
POINT_ID = re.compile(r"\b(?:own|discuss|most|open):[a-z_+]+")
FIRST_PERSON = {"nl": re.compile(r"\b(ik|mij|mijn|me)\b", re.IGNORECASE),
                "en": re.compile(r"\b(I|me|my|mine)\b")}
OUTSIDE = {"ww", "other"}


@pytest.fixture(scope="module")
def everything(render):
    """(name, lang) → (message HTML, PDF text, translator, profile, document)."""
    out = {}
    for name in ALL_PERSONAS:
        for lang in ("nl", "en"):
            doc = persona(name)
            out[name, lang] = (*render(doc, lang), doc)
    return out


def _agenda_lines(html: str, t) -> list[str]:
    block = html.split(f"<b>{t('summary.heading.agenda')}</b>\n", 1)[1].split("\n\n", 1)[0]
    return block.split("\n")


def _question_texts(t, content) -> list[str]:
    """The client's question texts (what must never be an agenda point), long enough to
    recognise."""
    texts = []
    for qid in content.questions:
        text = " ".join(t(f"q.{qid}").split())
        if len(text) >= 20 and not text.startswith("q."):
            texts.append(text[:40])
    return texts


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_persona_agenda_can_be_used_as_it_is(everything, content, lang):
    from bot.flows.agenda import MESSAGE_POINTS, agenda

    for name in ALL_PERSONAS:
        html, _pdf, t, _profile, doc = everything[name, lang]
        lines = _agenda_lines(html, t)
        numbered = [line for line in lines if re.match(r"\d+\. ", line)]
        assert numbered and len(numbered) <= MESSAGE_POINTS, (name, lines)
        assert len(set(numbered)) == len(numbered), (name, lines)
        questions = _question_texts(t, content)
        for line in numbered:
            plain = re.sub(r"<[^>]+>", "", line)
            assert not POINT_ID.search(plain) and not MSGID.search(plain), (name, line)
            assert "{" not in plain and "}" not in plain, (name, line)
            assert not any(q in plain for q in questions), (name, line)
            # An agenda label, not a sentence to the client: no question mark in our text.
            ours = re.sub(r"<i>.*?</i>", "", line)
            assert "?" not in ours, (name, line)
        points = agenda(doc, content)
        # What holds back and what helps: one point per domain.
        topics = [p.topic for p in points if p.kind == "most"]
        assert len(topics) == len(set(topics)), (name, topics)
        # The help the client asked for comes right after their own points.
        help_needed = doc["answers"].get("help_needed", {})
        if (help_needed.get("status") == "answered" and not help_needed.get("private")
                and str(help_needed.get("value") or "").strip()):
            first = next(p.kind for p in points if p.kind != "own")
            assert first == "help", (name, [p.id for p in points])
            assert t("summary.agenda.help") in numbered[0], (name, numbered)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_persona_summary_claims_only_what_the_answers_support(everything, lang,
                                                                   catalogs, rules):
    from tests.test_professional_voice import assert_third_person, client_second_person

    forbidden = client_second_person(lang)

    for name in ALL_PERSONAS:
        html, pdf, t, profile, doc = everything[name, lang]
        answers = doc["answers"]
        for where, text in (("message", html), ("pdf", pdf)):
            # Every text found in the catalogs (no raw message id).
            assert not MSGID.search(text), (name, where, MSGID.search(text).group(0))
            flat = " ".join(text.split())
            # No label on thin evidence, no suggestions with it.
            named = profile["state"] == "reading"
            assert (t("summary.reading.try") in flat) == bool(named and profile["suggestions"])
            for outcome in OUTCOMES:
                if not named:
                    assert t(f"profile.outcome.{outcome}.mechanism")[:40] not in flat
            # A caveat for clients outside the research, next to the reading.
            benefit = profile["benefit"]["id"]
            caveat = t("summary.reading.outside_research", benefit=profile["benefit"]["label"])
            assert (" ".join(caveat.split()) in flat) == (benefit in OUTSIDE), (name, where)
            # Private answers never reach the professional.
            for qid, entry in answers.items():
                value = entry.get("value")
                if entry.get("private") and isinstance(value, str) and len(value) > 12:
                    assert value[:30] not in flat, (name, qid)
        # "Weighs most" only where the client was asked and chose it.
        marker = t("summary.topic.most", topic="\x00").split("\x00")[1].strip()
        cards = html.split(f"<b>{t('summary.heading.holding')}</b>", 1)[1].split(
            f"<b>{t('summary.heading.gaps')}</b>", 1)[0]
        asked = sum(1 for m in ("holding.most", "helping.most")
                    if answers.get(m, {}).get("status") == "answered"
                    and not answers[m].get("private"))
        assert cards.count(marker) == asked, name
        # Work-value gaps: "none" only when something is very important and nothing is missing.
        values = profile["values"]
        gaps = html.split(f"<b>{t('summary.heading.gaps')}</b>", 1)[1].split("\n\n", 1)[0]
        if t("summary.gaps.none") in gaps:
            assert any(v.get("important") == "high" for v in values), name
            assert not any(v["gaps"] for v in values), name
        # Our own texts for the answers speak about the client: no way-out label in the
        # client's voice ("weet ik niet") and no second person outside the client's words,
        # the suggestions and the key mechanism (tests/test_professional_voice.py), in the
        # PDF as well as in the message.
        for status in ("skipped", "dont_know", "discuss"):
            assert not FIRST_PERSON[lang].search(t(f"summary.way_out.{status}")), status
        assert_third_person(pdf, lang, catalogs, rules, forbidden)


def _suggested(doc: dict, content, rules, catalogs) -> set[str]:
    profile = professional_profile(doc, content=content, rules=rules, translator=catalogs.get("nl"))
    return {s["key"] for s in profile["suggestions"]}


def test_suggestions_assume_nothing_the_client_did_not_say(content, rules, catalogs):
    """Found reading every persona: no 'look back at when work stopped' for a client whose work
    never stopped, no 'work out the money worry' without a money worry, no 'the place where
    the client volunteers now' for a client who never mentioned volunteering."""
    running = persona("09_running_again_and_again")
    assert "look_back" in _suggested(running, content, rules, catalogs)
    for never in ("never", "never_worked"):
        changed = copy.deepcopy(running)
        changed["answers"]["work_dropout"]["value"] = never
        assert "look_back" not in _suggested(changed, content, rules, catalogs), never
    stable = persona("01_equilibrium_single_parent")
    assert "money_clarity" in _suggested(stable, content, rules, catalogs)
    calm = copy.deepcopy(stable)
    for qid, value in (("money_work_risk", "no"), ("money_ends_meet", "well"),
                       ("money_benefit_feeling", "well")):
        calm["answers"][qid]["value"] = value
    for multi in ("holding", "helping"):
        calm["answers"][multi]["value"] = ["home"]
    calm["answers"].pop("holding.most", None)
    suggested = _suggested(calm, content, rules, catalogs)
    assert suggested and "money_clarity" not in suggested
    for lang in ("nl", "en"):
        text = catalogs.get(lang)("profile.suggestion.growth.first_chance")
        assert "nu vrijwilligerswerk doet" not in text and "volunteers now" not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_few_own_words_of_a_polite_file_stay_in_its_compact_lines(render, lang):
    """'Next to no own words' may still be a word or two: the per-part line quotes them."""
    doc = copy.deepcopy(persona("18_sparse_polite_all_good"))
    doc["answers"]["health_day"]["extra"] = {"status": "answered", "value": "prima",
                                             "private": False}
    html, _pdf, t, profile = render(doc, lang)
    assert profile["too_little"] == ["polite"]
    block = html.split(t("summary.reading.by_part"), 1)[1].split(
        t("summary.reading.open_questions"), 1)[0]
    health = next(line for line in block.splitlines()
                  if line.startswith(f"• {t('profile.name.domain.health')}"))
    assert "<i>prima</i>" in health


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_value_with_both_gaps_names_both(render, lang):
    """"Neither" (no chance, and not within reach) is more than little room: the message
    and the profile say both."""
    doc = values_of(persona("07_growth_stuck_in_volunteering"), {
        "contacts": ("high", "low", "low"),
        "income": ("high", "low", "high"),
    })
    html, _pdf, t, profile = render(doc, lang)
    gaps = html.split(f"<b>{t('summary.heading.gaps')}</b>", 1)[1].split("\n\n")[0]
    both = t("profile.category.no_room_out_of_reach")
    assert gaps.count(both) == 1 and t("profile.category.no_room") in gaps
    texts = {v["value"]: v["category_text"] for v in profile["values"]}
    assert texts["contacts"] == both and texts["income"] == t("profile.category.no_room")
