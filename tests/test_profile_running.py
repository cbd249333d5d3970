"""Running often looks like doing well (method.md): all-positive buttons with worried own words
are never read as "moving well" above low, and a few polite words do not end the polite pattern.

The sentences are everyday phrasings written for this test, not copies of the rules' phrases.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from bot.flows.crisis import compile_phrases, fold
from bot.profile import build_profile

POLITE = Path(__file__).parent / "personas" / "18_sparse_polite_all_good.json"

RUNNING_WORDS = {
    "nl": [
        "Ik hou me flink, niemand hoeft te weten hoe het echt gaat.",
        "Thuis is de druk groot, ik moet van mijn partner weer aan het werk.",
        "Na drie weken ben ik ingestort en heb ik me ziek gemeld.",
        "Ik wil zo gauw mogelijk weer fulltime, ook al ben ik er nog niet aan toe.",
        "Ik doe alsof alles goed gaat, dat is makkelijker.",
        "Ik ben al twee keer uitgevallen bij een nieuwe baan.",
        "Ik kan niet langer thuis zitten, ik moet iets.",
    ],
    "en": [
        "I put on a brave face so nobody worries about me.",
        "My family keeps pushing me to go back and the pressure is a lot.",
        "Last time I crashed after a month and called in sick.",
        "I want to get back as soon as I can, even though I'm not really ready.",
        "I'm pretending everything is fine, it's easier that way.",
        "I dropped out of my last job after three weeks.",
    ],
}
NOT_RUNNING = {
    "nl": ["Ik ben vorig jaar uitgevallen met een burn-out en zit sindsdien thuis.",
           "Ik heb het druk van maandag tot vrijdag met de kinderen."],
    "en": ["I have been off sick since March with my back.",
           "My blood pressure is high, so the doctor keeps an eye on it."],
}
FEW_POLITE_WORDS = ["Gaat goed.", "prima", "Alles ok hoor", "All good, thanks!"]


def polite_doc(lang: str, texts: dict[str, str]) -> dict:
    doc = copy.deepcopy(json.loads(POLITE.read_text(encoding="utf-8")))
    doc["language"] = lang
    for qid, text in texts.items():
        doc["answers"][qid] = {"status": "answered", "value": text, "private": False,
                               "at": "2026-11-20T11:00:00+00:00", "part": "now"}
    return doc


@pytest.fixture(scope="module")
def profile_of(content, rules, catalogs):
    def make(doc: dict):
        return build_profile(doc, content=content, rules=rules,
                             translator=catalogs.get(doc["language"]))
    return make


@pytest.mark.parametrize("lang,sentence", [(lang, s) for lang, ss in RUNNING_WORDS.items()
                                            for s in ss])
def test_worried_own_words_keep_an_all_positive_client_at_low(profile_of, rules, lang, sentence):
    profile = profile_of(polite_doc(lang, {"situation": sentence}))
    assert profile.too_little == ()  # a sentence of substance: the own words can be read
    assert profile.confidence.level == "low"
    matched = {e.rule for e in profile.evidence}
    assert matched & rules.running_check, (sentence, sorted(matched))


@pytest.mark.parametrize("lang,sentence", [(lang, s) for lang, ss in NOT_RUNNING.items()
                                            for s in ss])
def test_everyday_sick_leave_words_are_no_running_signal(profile_of, rules, lang, sentence):
    profile = profile_of(polite_doc(lang, {"situation": sentence}))
    assert not {e.rule for e in profile.evidence} & rules.running_check, sentence


@pytest.mark.parametrize("words", FEW_POLITE_WORDS)
def test_a_few_polite_words_do_not_end_the_polite_pattern(profile_of, words):
    profile = profile_of(polite_doc("nl", {"situation": words}))
    assert profile.too_little == ("polite",)
    assert profile.most_likely is None and profile.confidence.level == "low"


def test_all_positive_buttons_with_calm_own_words_are_read_but_held_low(profile_of):
    calm = ("Ik bouw mijn uren in mijn eigen tempo op en heb een jobcoach die goed met me "
            "meedenkt over wat wel en niet lukt.")
    profile = profile_of(polite_doc("nl", {"situation": calm}))
    assert profile.too_little == () and profile.most_likely is not None
    assert profile.confidence.level == "low"
    assert "positive_buttons" in {r.code for r in profile.confidence.reasons}


def test_a_voice_message_counts_as_own_words(profile_of):
    doc = polite_doc("nl", {})
    doc["answers"]["situation"] = {"status": "answered", "voice": "voice-file-1",
                                   "private": False, "at": "2026-11-20T11:00:00+00:00",
                                   "part": "now"}
    assert profile_of(doc).too_little == ()


@pytest.mark.parametrize("phrase,text,found", [
    ("uitgeval*", "Ik ben weer uitgevallen.", True),
    ("uitgeval*", "uitvallen", False),
    ("don't let it show", "I don’t let it show", True),
    ("don't let it show", "i dont let it show", True),
    ("pressure", "pressures", False),
])
def test_phrase_patterns_take_endings_and_apostrophes(phrase, text, found):
    assert bool(compile_phrases([phrase]).search(fold(text))) is found


def test_no_asking_where_the_pressure_comes_from_when_the_client_said_it(profile_of):
    path = next((Path(__file__).parent / "personas").glob("11_*.json"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["language"] = "en"
    assert doc["answers"]["work_pressure_from"]["status"] == "answered"
    said = profile_of(doc)
    assert said.most_likely == "running"
    assert "pressure_source" not in {key for key, _ in said.suggestions}
    del doc["answers"]["work_pressure_from"]
    assert "pressure_source" in {key for key, _ in profile_of(doc).suggestions}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_message_says_why_a_settled_looking_reading_is_low(content, rules, catalogs, lang):
    """Not only the PDF: the professional reads the caution next to the headline."""
    from bot.summary.shared import professional_profile
    from bot.summary.text import summary_message

    doc = polite_doc(lang, {"situation": RUNNING_WORDS[lang][1]})
    t = catalogs.get(lang)
    profile = professional_profile(doc, content=content, rules=rules, translator=t)
    html = "\n".join(summary_message(doc, profile, lang=lang, catalogs=catalogs, content=content,
                                     reference="", appointment_text="", prepared_text=""))
    assert t("profile.reason.positive_buttons") in html.replace("&#x27;", "'")
