"""Content version 3 (issue 19, the last two taps): social_care_for_others and
work_looking_feeling are no longer asked. Older files and stored conversations stay readable,
the words typed beside the dropped questions still reach the profile and the summary, and the
signals the profile needs are still read."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest

from bot.cli import main
from bot.content.model import ContentError, load_content
from bot.export import build_answers, upgrade_answers
from bot.flows.answers import ANSWERED, Answer
from bot.flows.conversation import Conversation
from bot.profile import build_profile
from tests.content_copy import copy_content

CARE_NL = "ik ben mantelzorger voor mijn moeder"
LOOKING_NL = "het is zwaar, wie wil mij nog"


def version_2_file() -> dict:
    """An answers file as content version 2 exported it: the two dropped button questions
    answered, with own words typed beside each."""
    def a(value, part, extra=None):
        entry = {"status": "answered", "value": value, "private": False, "part": part}
        if extra:
            entry["extra"] = {"status": "answered", "value": extra, "private": False}
        return entry

    return {
        "format": "voorbereid.answers", "version": 1, "content_version": 2, "language": "nl",
        "exported_at": "2026-11-20T11:00:00+00:00", "step": "done", "shared": True,
        "benefit": {"answer": "wajong", "from_invite": None},
        "answers": {
            "benefit": a("wajong", "now"),
            "change": a("unchanged", "now"),
            "social_support": a("so_so", "social"),
            "social_understood_family": a("partly", "social"),
            "social_care_for_others": a("yes", "social", CARE_NL),
            "work_looking_feeling": a("hard", "work", LOOKING_NL),
            "work_options_seen": a("somewhat", "work"),
            "work_wish_change": a("a_little", "work"),
        },
    }


def test_the_dropped_questions_are_not_asked_and_are_listed_as_retired(content):
    assert content.version == 3
    for old in ("social_care_for_others", "work_looking_feeling"):
        assert old not in content.questions
        assert old in content.retired


def test_old_words_move_beside_the_named_question_and_the_buttons_are_not_read(content):
    upgraded = upgrade_answers(version_2_file(), content)["answers"]
    assert "social_care_for_others" not in upgraded and "work_looking_feeling" not in upgraded
    family = upgraded["social_understood_family"]
    assert family["value"] == "partly", "the answer there is untouched"
    assert family["extra"]["value"] == CARE_NL
    options = upgraded["work_options_seen"]
    assert options["value"] == "somewhat" and options["extra"]["value"] == LOOKING_NL


def test_old_words_join_words_already_beside_the_question(content):
    doc = version_2_file()
    doc["answers"]["social_understood_family"]["extra"] = {
        "status": "answered", "value": "mijn zus snapt het", "private": True}
    family = upgrade_answers(doc, content)["answers"]["social_understood_family"]
    assert family["extra"]["value"] == f"mijn zus snapt het\n{CARE_NL}"
    assert family["extra"]["private"] is True, "private if either was"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_profile_still_reads_caring_and_no_perspective(content, rules, catalogs, lang):
    """Caring for someone (equilibrium: strict conditions for a job, 003:682-687) is read from
    the client's words; "nobody waits for me" (reorientation) too — no unknown ids."""
    profile = build_profile(version_2_file(), content=content, rules=rules,
                            translator=catalogs.get(lang))
    rules_read = {e.rule: e for e in profile.evidence}
    assert rules_read["words_caring"].towards == "equilibrium"
    assert rules_read["words_caring"].question == "social_understood_family"
    assert rules_read["words_no_place"].towards == "reorientation"
    assert not [w for w in profile.warnings if w.code == "unknown_question"]


@pytest.mark.parametrize("words", ["I am a carer for my dad", "caring for my mother at home"])
def test_caring_words_count_in_english_too(content, rules, catalogs, words):
    doc = {"format": "voorbereid.answers", "version": 1, "language": "en",
           "answers": {"social_understood_family": {
               "status": "answered", "value": "yes",
               "extra": {"status": "answered", "value": words}}}}
    profile = build_profile(doc, content=content, rules=rules, translator=catalogs.get("en"))
    assert "words_caring" in {e.rule for e in profile.evidence}


def test_a_stored_conversation_exports_and_reads_the_old_words(content, rules, catalogs):
    """A conversation stored under version 2 (answers kept in the database, words beside a
    button under <id>.extra) exports the words beside the question named in [retired]."""
    conv = Conversation(7, "nl")
    conv.answers.update({
        "benefit": Answer(ANSWERED, "zw"),
        "social_understood_family": Answer(ANSWERED, "yes"),
        "social_care_for_others": Answer(ANSWERED, "somewhat"),
        "social_care_for_others.extra": Answer(ANSWERED, CARE_NL),
    })
    doc = build_answers(content, conv, exported_at="2026-12-02T01:00:00+00:00")
    answers = doc["answers"]
    assert answers["social_understood_family"]["extra"]["value"] == CARE_NL
    assert answers["social_understood_family"]["value"] == "yes"
    assert "social_care_for_others" not in answers
    assert "social_care_for_others.extra" not in answers
    profile = build_profile(doc, content=content, rules=rules, translator=catalogs.get("nl"))
    assert "words_caring" in {e.rule for e in profile.evidence}
    assert not [w for w in profile.warnings if w.code == "unknown_question"]


@pytest.mark.parametrize("command", [["profile"], ["summary"]])
def test_the_cli_reads_a_version_2_file(tmp_path, command):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(version_2_file()), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([*command, str(path), "--lang", "nl"]) == 0
    assert "mantelzorger" in out.getvalue()


@pytest.mark.parametrize(("reading", "needle"), [
    ("words beside first_step", "not a current button question"),
    ("words beside no_such_question", "not a current button question"),
    ("no_such_question", "is not a question"),
])
def test_the_check_names_a_bad_retired_reading(tmp_path, reading, needle):
    copy = copy_content(tmp_path)
    copy.replace(copy.flow(), 'work_looking_feeling = "words beside work_options_seen"',
                 f'work_looking_feeling = "{reading}"')
    with pytest.raises(ContentError) as err:
        load_content(copy.flow())
    assert needle in str(err.value)


# ----- part balancing: the work values in two parts ------------------------------------------

def part_counts(content) -> dict[str, int]:
    """Each part's "question k of n" n, as the progress line shows it."""
    from bot.flows.plan import Slot, position

    return {part.id: position(content, Slot(part.questions[0].id, part.questions[0]), {})[1]
            for part in content.parts}


def test_no_part_is_much_longer_than_the_others(content):
    counts = part_counts(content)
    values_parts = [p.id for p in content.parts if any(q.value for q in p.questions)]
    assert len(values_parts) == 2, "the seven work values are asked in two parts"
    assert max(counts.values()) <= 8, counts
    # Before the split the values part counted 14 against a median of 3.
    assert max(counts.values()) <= 3 * sorted(counts.values())[len(counts) // 2], counts


def test_the_values_parts_together_ask_every_value_once_in_order(content):
    asked = [q.value for p in content.parts for q in p.questions
             if q.value and q.aspect == content.value_aspects[0]]
    assert tuple(asked) == content.values
    assert len(set(asked)) == 7


@pytest.mark.parametrize(("old", "new", "needle"), [
    ('values = ["own_goals", "income", "contribute"]',
     'values = ["own_goals", "income", "contacts"]', "listed in two values parts"),
    ('values = ["own_goals", "income", "contribute"]\naspects = ["important", "room", "able"]',
     'values = ["own_goals", "income", "contribute"]\naspects = ["important", "room"]',
     "asks other aspects or options"),
])
def test_the_check_names_values_parts_that_do_not_fit_together(tmp_path, old, new, needle):
    copy = copy_content(tmp_path)
    copy.replace(copy.flow(), old, new)
    with pytest.raises(ContentError) as err:
        load_content(copy.flow())
    assert needle in str(err.value)
