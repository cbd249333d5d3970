"""`python -m bot content check`: each rule on a copy of the content with one deliberate error.

Every case breaks one thing and expects one located message: the file, the line (found by the
text at that line, so the test survives edits elsewhere in the file) and the words that say
what is wrong. A clean tree, and an untouched copy of it, pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.content_check import run_check
from tests.content_copy import ContentCopy, copy_content

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Case:
    name: str
    # Break the copy; return (file, text on the expected line or None for line 1).
    breaks: Callable[[ContentCopy], tuple[Path, str | None]]
    expect: str


def flow_edit(old: str, new: str, line: str | None = None):
    """Replace text in flow.toml; the message is expected on the line holding `line`
    (default: the first line of `new`)."""
    def breaks(copy: ContentCopy) -> tuple[Path, str | None]:
        copy.replace(copy.flow(), old, new)
        return copy.flow(), line if line is not None else new.strip().splitlines()[0]
    return breaks


def po_edit(lang: str, old: str, new: str, line: str):
    """Replace text in a catalog; the message is expected on the line holding `line`."""
    def breaks(copy: ContentCopy) -> tuple[Path, str | None]:
        path = copy.po(lang)
        copy.replace(path, old, new)
        return path, line
    return breaks


def po_entries(lang: str, add: dict[str, str] | None = None, remove: tuple[str, ...] = (),
               line: str | None = None):
    def breaks(copy: ContentCopy) -> tuple[Path, str | None]:
        copy.edit_po(lang, add=add, remove=remove)
        return copy.po(lang), line
    return breaks


def crisis_edit(old: str, new: str, line: str | None):
    def breaks(copy: ContentCopy) -> tuple[Path, str | None]:
        path = copy.content / "crisis.toml"
        copy.replace(path, old, new)
        return path, line
    return breaks


UIT = 'words = ["uit het leven|uit t leven|uit dit leven|uit mijn leven", "{stappen}"]'


def crisis_rename_language(lang: str, new: str):
    def breaks(copy: ContentCopy) -> tuple[Path, str | None]:
        path = copy.content / "crisis.toml"
        copy.replace(path, f"[{lang}.", f"[{new}.", count=-1)  # also [[{lang}.rule]]
        return path, None
    return breaks


def crisis_append(block: str, line: str | None):
    """Add a block at the end of crisis.toml (after the English rules for an [[nl.…]] block:
    TOML allows it, and a coordinator may well do it)."""
    def breaks(copy: ContentCopy) -> tuple[Path, str | None]:
        path = copy.content / "crisis.toml"
        path.write_text(path.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
        return path, line
    return breaks


def profile_edit(old: str, new: str):
    def breaks(copy: ContentCopy) -> tuple[Path, str | None]:
        path = copy.content / "profile.toml"
        copy.replace(path, old, new)
        return path, new
    return breaks


def new_language(copy: ContentCopy) -> tuple[Path, str | None]:
    copy.replace(copy.flow(), 'languages = ["nl", "en"]', 'languages = ["nl", "en", "de"]')
    return copy.po("de"), None


CASES = [
    # --- flow.toml: structure ---
    Case("toml_syntax", flow_edit('version = 3', 'version = 3\nlanguages = ["nl"'),
         "not valid TOML"),
    Case("unknown_setting", flow_edit('version = 3', 'version = 3\nlangauges = ["nl"]',
                                      "langauges"),
         "unknown setting 'langauges'"),
    Case("unknown_key", flow_edit('  id = "health_day"\n  kind = "choice"\n  options = "going"',
                                  '  id = "health_day"\n  kind = "choice"\n  option = "going"',
                                  'id = "health_day"'),
         "question 'health_day' has unknown key 'option'"),
    Case("unknown_option_set", flow_edit('  id = "health_day"\n  kind = "choice"\n'
                                         '  options = "going"', '  id = "health_day"\n'
                                         '  kind = "choice"\n  options = "goign"',
                                         'id = "health_day"'),
         "question 'health_day' names unknown option set 'goign'"),
    Case("invalid_option_id", flow_edit('going = ["well", "so_so", "hard"]',
                                        'going = ["well", "so so", "hard"]'),
         "'so so' is not a valid id"),
    Case("duplicate_option", flow_edit('going = ["well", "so_so", "hard"]',
                                       'going = ["well", "so_so", "well"]'),
         "option set 'going' lists an option twice"),
    Case("duplicate_question", flow_edit('id = "home_pleasant"', 'id = "health_day"',
                                         'id = "health_day"'),
         "question id 'health_day' is used twice"),
    Case("duplicate_part", flow_edit('id = "helping"', 'id = "holding"', 'id = "holding"'),
         "part id 'holding' is used twice"),
    Case("impossible_limit", flow_edit('max = 3', 'max = 6', 'id = "holding"'),
         "choose up to 6 of 5 options; choose a max from 1 to 5"),
    Case("limit_not_a_number", flow_edit('max = 3', 'max = "three"', 'id = "holding"'),
         "max must be a whole number"),
    Case("limit_on_choice", flow_edit('  options = "change"', '  options = "change"\n  max = 2',
                                      'id = "change"'),
         "max only applies to kind = \"multi\""),
    Case("condition_unknown_question", flow_edit('question = "work_pressure", any_of',
                                                 'question = "work_presure", any_of',
                                                 'id = "work_pressure_from"'),
         "names unknown question 'work_presure'"),
    Case("condition_unknown_option", flow_edit('any_of = ["yes", "somewhat"]',
                                               'any_of = ["yes", "a_bit"]',
                                               'id = "work_pressure_from"'),
         "names options that 'work_pressure' does not have"),
    Case("condition_on_later_question", flow_edit(
        '  id = "health_day"\n  kind = "choice"\n  options = "going"\n',
        '  id = "health_day"\n  kind = "choice"\n  options = "going"\n'
        '  ask_if = { question = "work_pressure", any_of = ["yes"] }\n', 'id = "health_day"'),
         "which is asked later"),
    Case("condition_without_options", flow_edit(', any_of = ["yes", "somewhat"] }', ' }',
                                                'id = "work_pressure_from"'),
         "lists no options, so it would never be asked"),
    Case("condition_malformed", flow_edit('ask_if = { question = "work_pressure", any_of = '
                                          '["yes", "somewhat"] }', 'ask_if = "work_pressure"',
                                          'id = "work_pressure_from"'),
         "must look like ask_if = { question ="),
    Case("default_language", flow_edit('default_language = "nl"', 'default_language = "fr"'),
         "default_language 'fr' is not in languages"),
    Case("max_text_length", flow_edit('max_text_length = 3000', 'max_text_length = 5000'),
         "max_text_length must be a whole number from 1 to 4000"),
    Case("part_without_questions", flow_edit('  [[parts.questions]]\n  id = "helping"\n'
                                             '  kind = "multi"\n  options = "domains"\n'
                                             '  max = 3\n', '', 'id = "helping"'),
         "part 'helping' has no questions"),
    Case("values_never_asked", flow_edit('skip_rest_if = ["low"]',
                                         'skip_rest_if = ["high", "medium", "low"]'),
         "skip_rest_if lists every option"),
    Case("callback_data_too_long", flow_edit('change = ["better", "unchanged", "worse"]',
                                             'change = ["better", "' + "unchanged_" * 6 + '", '
                                             '"worse"]', 'id = "change"'),
         "over Telegram's 64 bytes"),
    # --- catalogs (a message about a text points at its msgid line) ---
    Case("po_unclosed_quote", po_edit("en", 'msgstr "Skip"',
                                      'msgstr "Skip this question', 'msgstr "Skip this'),
         'a text must start and end with " on the same line'),
    Case("po_stray_quote", po_edit("en", 'msgstr "Skip"',
                                   'msgstr "Skip "this" question"', 'msgstr "Skip "this'),
         'a " inside a text must be written as \\"'),
    Case("po_missing_msgstr", po_edit("en", 'msgstr "Skip"\n', '\n',
                                      'msgid "ui.btn.skip"'),
         "missing msgstr"),
    Case("missing_translation", po_entries("en", remove=("opt.going.well",)),
         "'opt.going.well' (option set going): missing; add an entry msgid \"opt.going.well\""),
    Case("missing_why", po_entries("en", remove=("q.health_day.why",)),
         "'q.health_day.why' (why we ask question health_day): missing"),
    Case("missing_language_name", new_language, "catalog for enabled language 'de' is missing"),
    Case("empty_translation", po_edit("en", 'msgstr "Skip"', 'msgstr ""',
                                      'msgid "ui.btn.skip"'),
         "'ui.btn.skip': the translation is empty"),
    Case("fuzzy", po_edit("en", 'msgid "ui.btn.skip"', '#, fuzzy\nmsgid "ui.btn.skip"',
                          'msgid "ui.btn.skip"'),
         "'ui.btn.skip': marked fuzzy"),
    Case("placeholder_renamed", po_edit("en", '"{count} of at most {max} chosen"',
                                        '"{count} of at most {maximum} chosen"',
                                        'msgid "ui.multi.counter"'),
         "'ui.multi.counter': placeholders differ from the source: expected {count}, {max}, "
         "found {count}, {maximum}"),
    Case("placeholder_dropped", po_edit("en", '"{value}: how much does this mean to you?"',
                                        '"How much does this matter to you?"',
                                        'msgid "q.value.important"'),
         "'q.value.important': placeholders differ from the source: expected {value}, "
         "found none"),
    Case("placeholder_positional", po_edit("en", 'msgstr "Skip"',
                                           'msgstr "Skip {} question"', 'msgid "ui.btn.skip"'),
         "'ui.btn.skip': a placeholder without a name"),
    Case("placeholder_unbalanced", po_edit("en", '"Part {part}/{parts}: {title}"',
                                           '"Part {part} of {parts}: {title"',
                                           'msgid "ui.progress"'),
         "'ui.progress': unbalanced { or }"),
    Case("message_too_long", po_entries("en", add={"q.situation.why": "Why? " * 900},
                                        line='msgid "q.situation.why"'),
         "4500 characters, more than Telegram's 4096"),
    Case("button_too_long", po_edit("en", 'msgstr "Skip"',
                                    'msgstr "' + "Skip this question, " * 4 + '"',
                                    'msgid "ui.btn.skip"'),
         "'ui.btn.skip': a button label of 80 characters"),
    Case("command_too_long", po_edit("en", 'msgstr "Help, and where to turn"',
                                     'msgstr "' + "Help. " * 50 + '"', 'msgid "cmd.help"'),
         "'cmd.help': a menu description of 300 characters; Telegram allows 256"),
    Case("duplicate_id", po_edit("en", 'msgid "ui.btn.skip"\nmsgstr "Skip"',
                                 'msgid "ui.btn.skip"\nmsgstr "Skip"\n\n'
                                 'msgid "ui.btn.skip" \nmsgstr "Skip"', 'msgid "ui.btn.skip" '),
         "'ui.btn.skip': appears twice (first at line"),
    Case("unknown_id", po_edit("en", 'msgid "opt.going.well"', 'msgid "opt.going.wel"',
                               'msgid "opt.going.wel"'),
         "'opt.going.wel': not used by bot/content/flow.toml; remove the entry if its "
         "question or option is gone, or correct the id (did you mean 'opt.going.well'?)"),
    # --- profile rules (their own check, run by the same command) ---
    Case("profile_rule_unknown_option", profile_edit(
        'health_day = { positive = ["well"]', 'health_day = { positive = ["wel"]'),
        "no option 'wel'"),
    # --- crisis rules (bot/content/crisis.toml; format in docs/content.md) ---
    Case("crisis_toml_syntax", crisis_edit('id = "zelfdoding"', 'id = "zelfdoding', None),
         "not valid TOML"),
    Case("crisis_language_missing", crisis_rename_language("en", "english"),
         "[en]: there are no crisis rules"),
    Case("crisis_unknown_key", crisis_edit('id = "dood-willen"', 'id = "dood-willen"\nordr = "x"',
                                           'ordr = "x"'),
         "rule 'dood-willen': unknown key 'ordr'"),
    Case("crisis_term_syntax", crisis_edit('words = ["overdosis*|overdosering"]',
                                           'words = ["overdosis*|(overdosering)"]',
                                           '(overdosering)'),
         "rule 'overdosis' has a term that is not valid: '(overdosering)' is not rule syntax"),
    Case("crisis_unknown_family", crisis_edit('words = ["{mezelf}", "{doden}"]',
                                              'words = ["{mezelf}", "{doodden}"]', "{doodden}"),
         "rule 'mezelf-doden' has a term that is not valid: unknown word family {doodden}"),
    Case("crisis_bad_order", crisis_edit('id = "uit-het-leven"', 'id = "uit-het-leven"\n'
                                         'order = "strict"', 'order = "strict"'),
         "rule 'uit-het-leven': order = 'strict' is not known"),
    Case("crisis_bad_within", crisis_edit(UIT + "\nwithin = 5", UIT + "\nwithin = 0",
                                          "within = 0"),
         "rule 'uit-het-leven': within = 0 must be a whole number of words"),
    Case("crisis_never_within", crisis_edit(UIT + "\nwithin = 5", UIT + "\nwithin = 2",
                                            "within = 2"),
         "rule 'uit-het-leven' can never match: its terms need at least 4 words but within = 2"),
    Case("crisis_never_sentence_mark", crisis_edit('words = ["overdosis*|overdosering"]',
                                                   'words = ["overdosis*|overdosis. nu"]',
                                                   'overdosis. nu'),
         "rule 'overdosis' can never match: 'overdosis.' holds a sentence mark"),
    Case("crisis_exception_removes_all", crisis_append(
        '[[nl.except]]\nid = "te-breed"\nwords = ["{pillen}"]\nrules = ["pillen"]\n',
        'id = "te-breed"'),
        "exception 'te-breed' removes every match of rule 'pillen'"),
    Case("crisis_exception_unknown_rule", crisis_append(
        '[[nl.except]]\nid = "weet-niet"\nwords = ["doodmoe"]\nrules = ["bestaat-niet"]\n',
        '"bestaat-niet"'),
        "exception 'weet-niet': there is no rule 'bestaat-niet' in [nl]"),
    Case("crisis_duplicate_id", crisis_append(
        '[[nl.rule]]\nid = "overdosis"\nwords = ["overdosis"]\n', None),
        "rule 'overdosis': the id is used twice in nl"),
    Case("crisis_rule_without_words", crisis_append('[[nl.rule]]\nid = "leeg"\n', 'id = "leeg"'),
         "rule 'leeg' needs words = "),
    Case("crisis_empty_family", crisis_edit('kunnen = ["kan", "kun", "kunt", "kunnen", "kon", '
                                            '"konden"]', 'kunnen = []', 'kunnen = []'),
         "[nl.words] 'kunnen' needs a non-empty list of word forms"),
]


def line_of(path: Path, needle: str | None) -> int:
    if needle is None:
        return 1
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_rule_gives_a_located_message(tmp_path, case):
    copy = copy_content(tmp_path)
    path, needle = case.breaks(copy)
    problems = run_check(copy.content, copy.locales)
    located = [p for p in problems if p.startswith(f"{path}:")]
    assert any(case.expect in p for p in located), "\n".join(problems)
    if case.name != "toml_syntax" and needle is not None:
        line = line_of(path, needle)
        assert any(p.startswith(f"{path}:{line}: ") and case.expect in p for p in located), (
            f"expected at line {line}:\n" + "\n".join(problems))


def test_unclosed_quote_is_located_not_silently_shortened(tmp_path):
    """Babel reads `msgstr "Skip this question` as "Skip this questio"; the check says where."""
    copy = copy_content(tmp_path)
    path, needle = po_edit("en", 'msgstr "Skip"',
                           'msgstr "Skip this question', 'msgstr "Skip this')(copy)
    problems = run_check(copy.content, copy.locales)
    assert problems == [f"{path}:{line_of(path, needle)}: not a valid .po file: a text must "
                        "start and end with \" on the same line"]


def test_a_broken_catalog_is_not_also_reported_as_missing_every_text(tmp_path):
    copy = copy_content(tmp_path)
    po_edit("en", 'msgstr "Skip"\n', '\n', 'msgid "ui.btn.skip"')(copy)
    problems = run_check(copy.content, copy.locales)
    assert len(problems) == 1 and "missing msgstr" in problems[0]


def test_new_language_asks_for_its_name_in_every_catalog(tmp_path):
    copy = copy_content(tmp_path)
    new_language(copy)
    problems = run_check(copy.content, copy.locales)
    for lang in ("nl", "en"):
        assert any(p.startswith(f"{copy.po(lang)}:1: 'lang.de'") for p in problems)


def test_clean_tree_passes(tmp_path):
    assert run_check() == []
    copy = copy_content(tmp_path)
    assert run_check(copy.content, copy.locales) == []


def run_bot(copy: ContentCopy, tmp_path: Path, *args: str, token: str = "123:TEST"):
    env = {**os.environ, "CONTENT_DIR": str(copy.content), "LOCALES_DIR": str(copy.locales),
           "DATABASE_PATH": str(tmp_path / "bot.db"), "TELEGRAM_BOT_TOKEN": token,
           # An unreachable API: if the bot did start, it could not talk to anyone.
           "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_bot_refuses_to_start_on_a_broken_catalog(tmp_path):
    copy = copy_content(tmp_path)
    path, needle = po_edit("en", '"{count} of at most {max} chosen"',
                           '"{count} of at most {maximum} chosen"',
                           'msgid "ui.multi.counter"')(copy)
    expected = (f"{path}:{line_of(path, needle)}: 'ui.multi.counter': placeholders differ "
                "from the source")
    check = run_bot(copy, tmp_path, "content", "check")
    assert check.returncode == 1 and expected in check.stdout
    for token in ("123:TEST", ""):  # the Telegram bot, and the preview without a token
        started = run_bot(copy, tmp_path, token=token)
        assert started.returncode == 1, started.stderr
        output = started.stdout + started.stderr
        assert "does not start until they are fixed" in output
        assert expected in output
    assert not (tmp_path / "bot.db").exists(), "refused before opening the database"
