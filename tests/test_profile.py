"""The profile on personas written from the research, the CLI, bad input and the rules check."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.cli import main
from bot.content.model import load_content
from bot.content_check import EXTRA_CHECKS, TEXT_SOURCES, run_check
from bot.export import upgrade_answers
from bot.profile import ProfileInputError, build_profile
from bot.profile.rules import OUTCOMES, STAGNATIONS, check_rules
from bot.profile.values import categorise

PERSONAS = sorted((Path(__file__).parent / "personas").glob("*.json"))
ROOT = Path(__file__).resolve().parent.parent
PERSONA_DIR = Path(__file__).parent / "personas"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def profile_of(content, rules, catalogs):
    def make(doc: dict, lang: str = "en", include_private: bool = False):
        return build_profile(doc, content=content, rules=rules, translator=catalogs.get(lang),
                             include_private=include_private)
    return make


# --- personas ---------------------------------------------------------------------------------

def test_the_personas_cover_what_the_issue_asks():
    metas = [load(p)["persona"] for p in PERSONAS]
    expected = Counter(m["expected"] for m in metas)
    assert sum(m.get("expected_state") == "too_little" for m in metas) >= 2
    assert len(metas) >= 16
    assert all(expected[s] >= 2 for s in STAGNATIONS) and expected["moving_well"] >= 2
    assert sum(m["self_view_differs"] for m in metas) >= 2
    assert sum(m["expect_low_confidence"] for m in metas) >= 2
    assert len([p for p in PERSONAS if "looks_well" in p.stem]) >= 2
    for meta in metas:
        assert meta["why"] and "003:" in meta["why"]


@pytest.mark.parametrize("path", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_persona_gets_its_expected_profile(path, profile_of):
    doc = load(path)
    meta = doc["persona"]
    profile = profile_of(doc)
    assert profile.most_likely == meta["expected"], [(s.id, s.evidence) for s in profile.scores]
    assert profile.state == meta.get("expected_state", "reading")
    assert profile.self_view.differs is meta["self_view_differs"]
    assert (profile.confidence.level == "low") is meta["expect_low_confidence"]
    assert profile.warnings == ()
    if profile.state == "reading":
        assert profile.mechanism and 2 <= len(profile.suggestions) <= 3
        assert not profile.open_questions
    else:
        # No label on thin or polite evidence: no stagnation, no suggestions, open questions.
        assert profile.mechanism is None and profile.suggestions == ()
        assert 2 <= len(profile.open_questions) <= 3
    assert profile.evidence and all(e.rationale and e.source for e in profile.evidence)


@pytest.mark.parametrize("name", ["11_running_looks_well_no_words", "12_running_looks_well_asap"])
def test_running_that_looks_like_doing_well_is_found_through_signals(name, profile_of, rules):
    profile = profile_of(load(Path(__file__).parent / "personas" / f"{name}.json"))
    assert profile.most_likely == "running"
    running = [e for e in profile.evidence if e.towards == "running"]
    assert running
    for item in running:
        # Never a positive button (good, better, yes …): pressure, drop-out, card 3 with those
        # signals, or own words.
        if item.option is not None:
            assert item.option not in rules.positive.get(item.question, ()), item.rule
            assert item.question in ("work_pressure", "work_pressure_from", "work_dropout",
                                     "selfview")


def test_sparse_personas_say_why_confidence_is_low(profile_of):
    skipped = profile_of(load(PERSONAS[16]))
    polite = profile_of(load(PERSONAS[17]))
    assert {r.code for r in skipped.confidence.reasons} >= {"thin_evidence"}
    assert skipped.too_little == ("thin",) and polite.too_little == ("polite",)
    assert "uniformly_positive" in {r.code for r in polite.confidence.reasons}
    for profile in (skipped, polite):
        data = profile.to_json()
        assert data["state"] == "too_little" and data["most_likely"] is None
        assert data["suggestions"] == [] and data["mechanism"] is None
        assert len(data["open_questions"]) in (2, 3)
        assert not any(s["name"] in profile.self_view.text for s in data["scores"])


def test_clients_outside_the_research_are_less_sure(profile_of):
    profile = profile_of(load(PERSONAS[18]))
    assert profile.benefit == "ww"
    assert "outside_research" in {r.code for r in profile.confidence.reasons}
    assert profile.confidence.level != "high"


def test_money_answers_weigh_per_benefit(profile_of):
    doc = {"format": "voorbereid.answers", "version": 1, "benefit": {"answer": "wga_80_100"},
           "answers": {"money_work_risk": {"status": "answered", "value": "yes"}}}
    weights = {}
    for benefit in ("wga_80_100", "zw", "wga_35_80", "wajong"):
        doc["benefit"] = {"answer": benefit, "from_invite": None}
        weights[benefit] = dict((s.id, s.evidence) for s in profile_of(doc).scores)["equilibrium"]
    assert weights["wga_80_100"] > weights["zw"] > weights["wga_35_80"] > weights["wajong"]
    doc["benefit"] = {"answer": None, "from_invite": "wajong"}
    assert profile_of(doc).benefit_source == "invite"
    doc["benefit"] = {"answer": "wga_unknown", "from_invite": "wga_80_100"}
    assert (profile_of(doc).benefit, profile_of(doc).benefit_source) == ("wga_80_100", "invite")
    doc["benefit"] = {"answer": "rather_not_say", "from_invite": None}
    assert "benefit_unknown" in {r.code for r in profile_of(doc).confidence.reasons}


def test_card_e_counts_towards_running_only_with_pace_signals(profile_of):
    base = {"format": "voorbereid.answers", "version": 1,
            "answers": {"selfview": {"status": "answered", "value": "e_know_how"}}}
    alone = profile_of(base)
    assert alone.self_view.points_to == "moving_well"
    pushed = copy.deepcopy(base)
    pushed["answers"]["work_dropout"] = {"status": "answered", "value": "several"}
    assert profile_of(pushed).self_view.points_to == "running"


def test_evidence_quotes_only_the_matched_words(profile_of):
    doc = load(PERSONAS[9])  # 10_running_ashamed
    profile = profile_of(doc)
    words = [e for e in profile.evidence if e.words]
    assert words
    upgraded = upgrade_answers(doc, load_content())  # words of retired questions sit beside others
    for item in words:
        answer = upgraded["answers"][item.question]
        source = answer["extra"]["value"] if item.extra else answer["value"]
        assert item.words in source and len(item.words.split()) <= 6
        assert item.words != source


def test_matching_ignores_case_and_accents_on_word_boundaries(profile_of):
    def words_of(text):
        doc = {"format": "voorbereid.answers", "version": 1,
               "answers": {"work_words": {"status": "answered", "value": text}}}
        return [e.words for e in profile_of(doc).evidence]

    assert words_of("Mijn CARRIÈRE is voorbij.") == ["CARRIÈRE is voorbij"]
    assert words_of("ik wil ZSM aan de slag") == ["ZSM"]
    assert words_of("zsmwerk en schaamtelozer") == []


def test_private_answers_never_reach_the_professional(profile_of):
    doc = load(PERSONAS[8])  # 09_running_again_and_again has a private note about debts
    doc["answers"]["work_dropout"]["private"] = True
    shared = profile_of(doc)
    dumped = json.dumps(shared.to_json(), ensure_ascii=False)
    assert "schulden" not in dumped and "belastingdienst" not in dumped
    assert not any(e.question in ("work_dropout", "holding.note.money") for e in shared.evidence)
    own = profile_of(doc, include_private=True)
    assert any(e.words == "schulden" for e in own.evidence)
    assert any(e.question == "work_dropout" for e in own.evidence)


def test_unknown_ids_are_reported_and_the_rest_is_scored(profile_of):
    doc = load(PERSONAS[4])  # 05_reorientation_no_place
    doc["answers"]["old_question"] = {"status": "answered", "value": "x", "private": False}
    doc["answers"]["work_dropout"]["value"] = "sometimes"
    doc["answers"]["holding"]["value"] = ["work", "weather"]
    doc["content_version"] = 0
    profile = profile_of(doc)
    codes = [(w.code, dict(w.params).get("question")) for w in profile.warnings]
    assert ("unknown_question", "old_question") in codes
    assert ("unknown_option", "work_dropout") in codes and ("unknown_option", "holding") in codes
    assert ("content_version", None) in codes
    assert profile.most_likely == "reorientation"
    assert any(e.question == "holding" for e in profile.evidence)
    assert all("old_question" not in w.text or w.code == "unknown_question"
               for w in profile.warnings)


def test_work_values_put_gaps_first(profile_of):
    profile = profile_of(load(PERSONAS[6]))  # 07_growth_stuck_in_volunteering
    categories = [v.category for v in profile.values]
    assert categories[0] == "no_room"
    order = ["no_room", "out_of_reach", "partly", "capability", "somewhat", "incomplete",
             "not_important", "not_answered"]
    assert categories == sorted(categories, key=order.index)
    assert len(profile.values) == 7


@pytest.mark.parametrize(("important", "room", "able", "category", "gaps"), [
    ("high", "high", "high", "capability", ()),
    ("high", "high", "medium", "partly", ()),
    ("medium", "medium", "medium", "somewhat", ()),  # 2/2/2 is not "important and works out"
    ("medium", "low", "high", "somewhat", ()),  # "a little important" is never a gap
    ("high", "medium", "low", "out_of_reach", ("out_of_reach",)),
    ("high", "low", "low", "no_room", ("no_room", "out_of_reach")),
    ("low", None, None, "not_important", ()),
    (None, None, None, "not_answered", ()),
    (None, "high", "high", "not_answered", ()),
    ("high", None, "high", "incomplete", ()),
])
def test_value_categories(important, room, able, category, gaps):
    assert categorise(important, room, able) == (category, gaps)


def test_json_has_the_documented_shape(profile_of):
    data = profile_of(load(PERSONAS[0])).to_json()
    assert {"format", "version", "most_likely", "scores", "confidence", "evidence", "self_view",
            "mechanism", "suggestions", "values", "warnings"} <= set(data)
    assert data["format"] == "voorbereid.profile" and data["version"] == 2
    assert data["state"] == "reading" and data["most_likely"] in OUTCOMES
    assert data["scores"][0]["id"] == data["most_likely"]
    assert sorted(s["id"] for s in data["scores"]) == sorted(OUTCOMES)
    json.dumps(data)


def test_input_errors_are_one_line(content, rules, catalogs):
    for doc in ([], {"format": "other"}, {"format": "voorbereid.answers", "version": 2},
                {"format": "voorbereid.answers", "version": 1, "answers": []},
                {"format": "voorbereid.answers", "version": 1, "answers": {"x": 3}},
                {"format": "voorbereid.answers", "version": 1,
                 "answers": {"change": {"status": "answered", "private": "yes"}}}):
        with pytest.raises(ProfileInputError) as caught:
            build_profile(doc, content=content, rules=rules, translator=catalogs.get("nl"))
        assert "\n" not in str(caught.value)


# --- the command line --------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "words"), [
    ("nl", ["verdwaald in heroriëntatie", "Zekerheid:", "Waar dit op rust",
            "hoe dit verschilt van", "Ziet geen mogelijkheden voor passend werk"]),
    ("en", ["lost in reorientation", "Confidence:", "What this is based on",
            "how this differs from", "Sees no options for suitable work"]),
])
def test_cli_prints_the_profile_in_both_languages(lang, words, capsys):
    path = Path(__file__).parent / "personas" / "15_selfview_d_but_lost.json"
    assert main(["profile", str(path), "--lang", lang]) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out
    assert "profile." not in out  # every message id has a text


@pytest.mark.parametrize("path", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_cli_shows_every_persona_with_evidence_and_confidence(path, capsys):
    meta = load(path)["persona"]
    for lang in ("nl", "en"):
        assert main(["profile", str(path), "--lang", lang, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["most_likely"] == meta["expected"]
        assert data["evidence"] and data["confidence"]["reasons"]
        assert data["state"] == meta.get("expected_state", "reading")
        assert data["self_view"]["differs"] is meta["self_view_differs"]


def test_cli_bad_file_gives_one_line_and_exit_2(tmp_path, capsys):
    cases = {"notjson.json": "{nope", "format.json": json.dumps({"format": "x", "version": 1}),
             "types.json": json.dumps({"format": "voorbereid.answers", "version": 1,
                                       "answers": {"change": "better"}})}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        assert main(["profile", str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert main(["profile", str(tmp_path / "missing.json")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_cli_bad_file_never_shows_a_traceback(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("[1, 2")
    result = subprocess.run([sys.executable, "-m", "bot", "profile", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


# --- the rules as data -------------------------------------------------------------------------

def test_the_rules_are_registered_with_the_content_check():
    assert check_rules in EXTRA_CHECKS
    assert any(source.po_file == "profile.po" for source in TEXT_SOURCES)
    assert run_check() == []


def test_the_check_locates_mistakes_in_the_rules(content, tmp_path):
    text = (ROOT / "bot" / "content" / "profile.toml").read_text(encoding="utf-8")
    broken = text.replace('towards = "disruption"\nweight = 0.6',
                          'towards = "chaos"\nweight = 0.6', 1)
    broken = broken.replace('question = "work_dropout"\noptions = ["several"]',
                            'question = "work_dropouts"\noptions = ["several"]', 1)
    broken = broken.replace('options = ["know_not_dare"]', 'options = ["dare_not"]', 1)
    broken = broken.replace('weight = 1.2\n# ready', 'weight = "heavy"\n# ready', 1)
    broken = broken.replace('en = ["dont dare"', 'en = []\nxx = ["dont dare"', 1)
    broken = broken.replace('question = "value.*.room"\n', 'question = "value.*.roomy"\n', 1)
    assert broken.count("chaos") == 1 and "work_dropouts" in broken and "heavy" in broken
    (tmp_path / "profile.toml").write_text(broken, encoding="utf-8")
    problems = check_rules(content, tmp_path)
    joined = "\n".join(problems)
    for needle in ("unknown stagnation 'chaos'", "unknown question 'work_dropouts'",
                   "no option 'dare_not'", "weight must be a number", "en needs a non-empty list",
                   "unknown question 'value.*.roomy'", "unknown key(s) xx"):
        assert needle in joined, needle
    lines = broken.splitlines()
    for problem in problems:
        where, _, message = problem.partition(": ")
        path, _, number = where.rpartition(":")
        assert path == str(tmp_path / "profile.toml") and message
        assert 1 <= int(number) <= len(lines)
    chaos = next(p for p in problems if "chaos" in p)
    assert "chaos" in lines[int(chaos.split(":")[1]) - 1]


def test_a_condition_that_could_lower_a_score_is_refused(content, tmp_path):
    text = (ROOT / "bot" / "content" / "profile.toml").read_text(encoding="utf-8")
    broken = text.replace('unless_any = [\n  { question = "work_pressure", options = ["yes"] },',
                          'unless_any = [\n  { question = "change", options = ["better"] },', 1)
    (tmp_path / "profile.toml").write_text(broken, encoding="utf-8")
    assert any("could lower" in p for p in check_rules(content, tmp_path))


@pytest.mark.parametrize("path", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_confidence_reasons_are_true_for_the_client(path, profile_of):
    """No "0 unanswered questions", no "close" for a clear leader, no benefit caveat for a
    benefit the research covers."""
    profile = profile_of(load(path))
    texts = " ".join(r.text for r in profile.confidence.reasons)
    assert "the 0 unanswered" not in texts
    codes = {r.code for r in profile.confidence.reasons}
    if "top_two_close" in codes:
        first, second = profile.scores[0].evidence, profile.scores[1].evidence
        assert second >= 0.75 * first
    if profile.benefit in ("wajong", "zw", "wga_35_80", "wga_80_100"):
        assert not codes & {"outside_research", "benefit_unknown"}


# --- open questions and suggestions fit the answers ([fits]) ----------------------------------

def _keys(items) -> set[str]:
    return {key for key, _ in items}


def test_open_questions_do_not_contradict_the_answers(profile_of):
    never = load(PERSONA_DIR / "18_sparse_polite_all_good.json")
    assert never["answers"]["work_dropout"]["value"] == "never_worked"
    assert "earlier_work" not in _keys(profile_of(never).open_questions)
    same = load(PERSONA_DIR / "17_sparse_mostly_skipped.json")
    assert same["answers"]["change"]["value"] == "unchanged"
    assert "what_changed" not in _keys(profile_of(same).open_questions)
    # The same files with the other answer do get the question: the condition decides.
    never["answers"]["work_dropout"]["value"] = "once"
    assert "earlier_work" in _keys(profile_of(never).open_questions)
    same["answers"]["change"]["value"] = "worse"
    assert "what_changed" in _keys(profile_of(same).open_questions)


def test_limitation_suggestion_only_when_a_limitation_is_named(profile_of):
    ww = load(PERSONA_DIR / "19_outside_research_ww.json")
    profile = profile_of(ww)
    assert profile.most_likely == "reorientation"
    assert "show_options" not in _keys(profile.suggestions) and profile.suggestions
    ww["answers"]["health_day"]["value"] = "hard"
    assert "show_options" in _keys(profile_of(ww).suggestions)


def test_the_check_refuses_a_fit_for_an_unknown_text(content, tmp_path):
    text = (ROOT / "bot" / "content" / "profile.toml").read_text(encoding="utf-8")
    broken = text.replace('[fits."open_question.earlier_work"]', '[fits."open_question.nope"]', 1)
    broken = broken.replace('options = ["never_worked"] }]', 'options = ["never_ever"] }]', 1)
    (tmp_path / "profile.toml").write_text(broken, encoding="utf-8")
    joined = "\n".join(check_rules(content, tmp_path))
    assert "unknown text 'open_question.nope'" in joined
