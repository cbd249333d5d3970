"""The second tester's findings on texts with a count or about own words: proper plural forms
(gettext msgid_plural, each language's own rule) and no line about own words when there are
none."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bot.cli import main

PERSONAS = Path(__file__).parent / "personas"


@pytest.mark.parametrize(("lang", "one", "many"), [
    ("en", "the 1 unanswered question (", "the 3 unanswered questions ("),
    ("nl", "de 1 onbeantwoorde vraag (", "de 3 onbeantwoorde vragen ("),
])
def test_a_count_reads_in_the_right_plural_form(catalogs, lang, one, many):
    tr = catalogs.get(lang)
    assert one in tr("profile.reason.order_open", first="x", open="1", count="1")
    assert many in tr("profile.reason.order_open", first="x", open="3", count="3")


@pytest.mark.parametrize("msgid", ["profile.reason.order_open", "summary.status.progress",
                                   "summary.agenda.more_in_pdf", "stats.written"])
def test_every_counted_text_has_two_forms_in_every_language(content, catalogs, msgid):
    for lang in content.languages:
        tr = catalogs.get(lang)
        params = {"first": "x", "open": 1, "number": 2, "parts": 12, "part": "p",
                  "answers": 1, "folder": "out"}
        single = tr(msgid, **params, count=1)
        plural = tr(msgid, **params, count=5)
        assert single != msgid and plural != msgid and single != plural, (lang, msgid)


def profile_text(doc: dict, tmp_path, lang: str, command: str = "profile") -> str:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([command, str(path), "--lang", lang]) == 0
    return out.getvalue()


def test_the_status_note_says_1_question_not_1_questions(content, catalogs):
    from bot.summary.status import _progress

    doc = {"step": "asking", "answers": {"benefit": {"status": "answered", "value": "ww",
                                                     "part": content.parts[0].id}}}
    for lang, one in (("en", "answered 1 question so far"), ("nl", "tot nu toe 1 vraag")):
        assert one in _progress(doc, content, catalogs.get(lang)), lang


def test_no_line_about_own_words_when_there_are_none(tmp_path):
    doc = json.loads((PERSONAS / "18_sparse_polite_all_good.json").read_text(encoding="utf-8"))
    assert doc["language"] == "nl"
    assert "marked (nl)" not in profile_text(doc, tmp_path, "en", "summary")
    doc["answers"]["situation"] = {"status": "answered", "value": "Het gaat redelijk.",
                                   "private": False,
                                   "part": "now", "at": "2026-11-20T10:01:30+00:00"}
    assert "marked (nl)" in profile_text(doc, tmp_path, "en", "summary")


def test_the_content_check_reads_every_plural_form(tmp_path):
    import shutil

    from bot.content.model import CONTENT_DIR
    from bot.content_check import run_check
    from bot.i18n import LOCALES_DIR

    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    po = locales / "en" / "LC_MESSAGES" / "stats.po"
    text = po.read_text(encoding="utf-8")
    broken = text.replace('msgstr[1] "{count} files written to {folder}"',
                          'msgstr[1] "{count} files written to {map}"')
    assert broken != text
    po.write_text(broken, encoding="utf-8")
    problems = run_check(CONTENT_DIR, locales)
    assert any("stats.written" in p and "{map}" in p for p in problems), problems
