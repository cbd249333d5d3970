"""Parse `flow.toml` once into frozen dataclasses; every mistake is a located ContentError.

Questions and options carry stable ids; labels come from the catalogs under ids derived from
them (see the header of flow.toml). Renaming a text in Poedit therefore never breaks a saved
answer, and the flow never meets a malformed structure in the middle of a conversation.
The dataclasses live in structure.py and the parts' and questions' parsing in parts.py; this
module reads the file, the settings and option sets, and checks what spans questions
(conditions look back, retired ids). Everything is importable from here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from bot.content.parts import ID, KINDS, Problem, parse_part, unknown_keys
from bot.content.structure import (
    MOST_SUFFIX,
    NOTE_SUFFIX,
    SHORT_SUFFIX,
    Condition,
    Content,
    ContentError,
    OptionSet,
    Pair,
    Part,
    Question,
)

__all__ = ["CONTENT_DIR", "ID", "KINDS", "LANGUAGE", "MOST_SUFFIX", "NOTE_SUFFIX",
           "RETIRED_READINGS", "SHORT_SUFFIX", "TOP_KEYS", "WORDS_BESIDE", "Condition", "Content",
           "ContentError", "OptionSet", "Pair", "Part", "Question", "load_content",
           "retired_reading", "toml_error_line"]

CONTENT_DIR = Path(__file__).resolve().parent
LANGUAGE = re.compile(r"[a-z]{2,3}")
# Keys the file may have at the top: a typo would otherwise be ignored silently.
TOP_KEYS = {"version", "languages", "default_language", "max_text_length", "option_sets",
            "parts", "retired"}
# How a retired question id is read in older answers (besides the id of its successor).
RETIRED_READINGS = ("ignored",)
# "words beside <question>": a dropped button question whose answer is not read (it stays in
# the file); only the own words typed beside it are read, beside <question>.
WORDS_BESIDE = "words beside "


def retired_reading(reading: str) -> tuple[str, bool]:
    """A [retired] value as (question id or "ignored", whether only the words are read)."""
    if reading.startswith(WORDS_BESIDE):
        return reading.removeprefix(WORDS_BESIDE).strip(), True
    return reading, False


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int:
    """The line tomllib names in its message ("… (at line 7, column 3)"), for file:line."""
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else 1


def _line_of(text: str, needle: str) -> int:
    """Best-effort line number of `needle` in the file text, for located messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def load_content(path: Path | None = None) -> Content:
    """Read and validate the content file; raise ContentError listing every problem found."""
    path = path or CONTENT_DIR / "flow.toml"
    text = path.read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError([f"{path}:{toml_error_line(exc)}: not valid TOML: {exc} (check "
                            "quotes, commas and brackets)"]) from exc
    problems: list[str] = []

    def problem(needle: str, message: str) -> None:
        problems.append(f"{path}:{_line_of(text, needle)}: {message}")

    for key in unknown_keys(raw, TOP_KEYS):
        problem(f"{key} =", f"unknown setting '{key}'; use one of {', '.join(sorted(TOP_KEYS))}")
    option_sets = _option_sets(raw, problem)
    parts: list[Part] = []
    questions: dict[str, Question] = {}
    work_values = _WorkValues()
    seen_parts: set[str] = set()
    for raw_part in raw.get("parts") or []:
        if not isinstance(raw_part, dict):
            problem("parts", "parts must be written as [[parts]] tables")
            break
        part, part_values, part_aspects = parse_part(raw_part, option_sets, seen_parts,
                                                     problem)
        if part is None:
            continue
        if part_values:
            work_values.add(part, part_values, part_aspects, problem)
        for q in part.questions:
            if q.id in questions:
                problem(f'id = "{q.id}"', f"question id '{q.id}' is used twice")
            questions[q.id] = q
        parts.append(part)
    _check_conditions(questions, problem)
    retired = _retired(raw, questions, problem)
    languages, default_language, max_text_length, version = _settings(raw, problem)
    if problems:
        raise ContentError(problems)
    return Content(
        version=version,
        languages=languages,
        default_language=default_language,
        max_text_length=max_text_length,
        option_sets=option_sets,
        parts=tuple(parts),
        values=work_values.values,
        value_aspects=work_values.aspects,
        questions=questions,
        retired=dict(retired),
        directory=path.parent,
    )


class _WorkValues:
    """Work values may be spread over several parts (a long list is split so progress moves
    evenly); every values part asks the same aspects on the same scale, each value once."""

    def __init__(self) -> None:
        self.values: tuple[str, ...] = ()
        self.aspects: tuple[str, ...] = ()
        self.scale = ""

    def add(self, part: Part, part_values: tuple[str, ...], part_aspects: tuple[str, ...],
            problem: Problem) -> None:
        scale = part.questions[0].options.id if part.questions[0].options else ""
        if self.values and (part_aspects != self.aspects or scale != self.scale):
            problem(f'id = "{part.id}"', f"values part '{part.id}' asks other aspects or "
                    "options than the values part before it; every values part asks the same")
        twice = [v for v in part_values if v in self.values]
        if twice:
            problem(f'id = "{part.id}"', f"work value '{twice[0]}' is listed in two values "
                    "parts")
        self.values += tuple(v for v in part_values if v not in self.values)
        self.aspects, self.scale = tuple(part_aspects), scale


def _option_sets(raw: dict, problem: Problem) -> dict[str, OptionSet]:
    """`[option_sets]`: name = [option ids]."""
    raw_sets = raw.get("option_sets") or {}
    if not isinstance(raw_sets, dict):
        problem("option_sets", "option_sets must be a table: [option_sets] with name = [...]")
        raw_sets = {}
    option_sets: dict[str, OptionSet] = {}
    for set_id, options in raw_sets.items():
        if not isinstance(options, list) or not options or not all(
            isinstance(o, str) and o for o in options
        ):
            problem(f"{set_id} =", f"option set '{set_id}' must be a non-empty list of ids")
            continue
        bad = [o for o in [set_id, *options] if not ID.fullmatch(o)]
        if bad:
            problem(f"{set_id} =", f"option set '{set_id}': '{bad[0]}' is not a valid id; use "
                    "lower-case letters, digits and _ only (no spaces)")
        if len(set(options)) != len(options):
            problem(f"{set_id} =", f"option set '{set_id}' lists an option twice")
        option_sets[set_id] = OptionSet(set_id, tuple(options))
    return option_sets


def _check_conditions(questions: dict[str, Question], problem: Problem) -> None:
    """Each `ask_if` looks back at an earlier button question, at options it has."""
    order = {qid: index for index, qid in enumerate(questions)}
    for q in questions.values():
        if q.ask_if is None:
            continue
        other = questions.get(q.ask_if.question)
        if other is None:
            problem(f'id = "{q.id}"', f"ask_if of '{q.id}' names unknown question "
                    f"'{q.ask_if.question}'")
        elif other.kind != "choice":
            problem(f'id = "{q.id}"', f"ask_if of '{q.id}' names '{other.id}', which is not "
                    "a button question with one answer (kind = \"choice\")")
        elif not (set(q.ask_if.any_of) | set(q.ask_if.none_of)) <= set(other.options.options):
            problem(f'id = "{q.id}"', f"ask_if of '{q.id}' names options that "
                    f"'{other.id}' does not have")
        elif order[other.id] >= order[q.id]:
            problem(f'id = "{q.id}"', f"ask_if of '{q.id}' names '{other.id}', which is asked "
                    "later; a condition can only look at an earlier question")
        elif not q.ask_if.any_of and not q.ask_if.none_of:
            problem(f'id = "{q.id}"', f"ask_if of '{q.id}' lists no options, so it would "
                    "never be asked; add any_of = [\"...\"] (or none_of)")


def _retired(raw: dict, questions: dict[str, Question], problem: Problem) -> dict[str, str]:
    """`[retired]`: question ids of earlier versions, read as a current id or ignored."""
    retired = raw.get("retired") or {}
    if not isinstance(retired, dict) or not all(isinstance(v, str) for v in retired.values()):
        problem("[retired]", "[retired] must list old_id = \"ignored\" or a question id")
        retired = {}
    for old, reading in retired.items():
        target, words_only = retired_reading(reading)
        if old in questions:
            problem(f"{old} =", f"retired question '{old}' is still asked; remove it from "
                    "[retired]")
        elif words_only and (target not in questions or questions[target].kind != "choice"):
            problem(f"{old} =", f"retired question '{old}': '{target}' is not a current button "
                    "question (kind = \"choice\") to read the words beside")
        elif not words_only and reading not in RETIRED_READINGS and reading not in questions:
            problem(f"{old} =", f"retired question '{old}': '{reading}' is not a question; "
                    f"use {' or '.join(RETIRED_READINGS)}, a current question id or "
                    f"\"{WORDS_BESIDE}<question id>\"")
    return retired


def _settings(raw: dict, problem: Problem) -> tuple[tuple[str, ...], str, int, int]:
    """Languages, the default language, the longest text and the content version."""
    languages = tuple(raw.get("languages") or ())
    default_language = raw.get("default_language", "")
    if not languages:
        problem("languages", "list at least one language, e.g. languages = [\"nl\", \"en\"]")
    elif not all(isinstance(lang, str) and LANGUAGE.fullmatch(lang) for lang in languages):
        problem("languages", "languages must be language codes such as \"nl\" or \"en\"")
        languages = ()
    elif len(set(languages)) != len(languages):
        problem("languages", "a language is listed twice in languages")
    if default_language not in languages:
        problem("default_language", f"default_language '{default_language}' is not in languages")
    max_text_length = raw.get("max_text_length", 3000)
    if not isinstance(max_text_length, int) or not 1 <= max_text_length <= 4000:
        problem("max_text_length", "max_text_length must be a whole number from 1 to 4000")
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        problem("version", "version must be a whole number, e.g. version = 2")
    return languages, default_language, max_text_length, version
