"""Parse `flow.toml` once into frozen dataclasses; every mistake is a located ContentError.

Questions and options carry stable ids; labels come from the catalogs under ids derived from
them (see the header of flow.toml). Renaming a text in Poedit therefore never breaks a saved
answer, and the flow never meets a malformed structure in the middle of a conversation.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent
KINDS = ("choice", "text", "multi")
# Ids end up in message ids, file names and Telegram's callback data ("c|question|option"),
# so they are kept to plain lower-case words: no spaces, dots or | that would break those.
ID = re.compile(r"[a-z0-9_]+")
LANGUAGE = re.compile(r"[a-z]{2,3}")
# Keys each table may have: a typo such as `option = "going"` or `ask_iff` would otherwise be
# ignored silently and change what clients are asked.
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
PART_KEYS = {"id", "domain", "examples", "skippable", "questions", "kind", "values", "aspects",
             "together",
             "options", "skip_rest_if"}
QUESTION_KEYS = {"id", "kind", "options", "max", "ask_if", "groups"}
CONDITION_KEYS = {"question", "any_of", "none_of"}
# Kinds the flow derives from a multi-select question: which chosen topic weighs most, and
# the client's own words for each chosen topic.
MOST_SUFFIX = ".most"
NOTE_SUFFIX = ".note"
# The overview's short label of a question (written for the overview, not the question).
SHORT_SUFFIX = ".short"


class ContentError(ValueError):
    """A content file is wrong; the message says where and how to fix it."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class OptionSet:
    id: str
    options: tuple[str, ...]

    def label_id(self, option: str) -> str:
        return f"opt.{self.id}.{option}"


@dataclass(frozen=True)
class Condition:
    """Ask a question only when another question's answer is one of `any_of`, or (with
    `none_of`) is anything but those options — including no answer or a way out."""

    question: str
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    """Two work-value aspects asked on one screen: each option stores both answers, under
    the two questions' own ids and on their own scale (the answers format is unchanged)."""

    partner: str
    options: OptionSet
    answers: tuple[tuple[str, tuple[str, str]], ...]
    text_id: str

    def values(self, option: str) -> tuple[str, str] | None:
        return dict(self.answers).get(option)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    part: str
    options: OptionSet | None = None
    max: int = 0
    ask_if: Condition | None = None
    # Work-value questions: the value and aspect they ask about (text id q.value.<aspect>).
    value: str = ""
    aspect: str = ""
    # Options shown behind one button (group id, its options), to keep a question's buttons
    # few: e.g. the three WGA subtypes behind one "WGA" button.
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The first of two aspects asked together (its screen stores both), and the second's
    # pointer back to it.
    pair: Pair | None = None
    paired_to: str = ""

    def group_of(self, option: str) -> str:
        return next((gid for gid, members in self.groups if option in members), "")

    def group_label_id(self, group: str) -> str:
        return f"q.{self.id}.group.{group}"

    @property
    def text_id(self) -> str:
        return f"q.value.{self.aspect}" if self.value else f"q.{self.id}"

    @property
    def why_id(self) -> str:
        return f"{self.text_id}.why"


@dataclass(frozen=True)
class Part:
    id: str
    questions: tuple[Question, ...]
    domain: str = ""
    examples: bool = False
    skippable: bool = False

    @property
    def title_id(self) -> str:
        return f"part.{self.id}.title"

    @property
    def intro_id(self) -> str:
        return f"part.{self.id}.intro"

    @property
    def examples_id(self) -> str:
        return f"part.{self.id}.examples"


@dataclass(frozen=True)
class Content:
    version: int
    languages: tuple[str, ...]
    default_language: str
    max_text_length: int
    option_sets: dict[str, OptionSet]
    parts: tuple[Part, ...]
    values: tuple[str, ...] = ()
    value_aspects: tuple[str, ...] = ()
    questions: dict[str, Question] = field(default_factory=dict)
    # Question ids of earlier versions: the id it is read under, or "ignored".
    retired: dict[str, str] = field(default_factory=dict)
    # The folder the content was read from: crisis.toml and profile.toml sit beside flow.toml.
    directory: Path | None = None

    def question(self, qid: str) -> Question | None:
        return self.questions.get(qid)

    def part(self, pid: str) -> Part | None:
        return next((p for p in self.parts if p.id == pid), None)

    def part_index(self, pid: str) -> int:
        return next(i for i, p in enumerate(self.parts) if p.id == pid)

    def message_ids(self) -> dict[str, str]:
        """Every catalog id the content needs, with where it comes from (for checks/extraction)."""
        ids: dict[str, str] = {}
        for part in self.parts:
            ids[part.title_id] = f"part {part.id}"
            ids[part.intro_id] = f"part {part.id}"
            if part.examples:
                ids[part.examples_id] = f"part {part.id}"
            for q in part.questions:
                ids[q.text_id] = f"question {q.id}"
                # The "why do we ask this?" button shows this text: every question needs one.
                ids[q.why_id] = f"why we ask question {q.id}"
                ids[q.text_id + SHORT_SUFFIX] = f"overview label of question {q.id}"
                if q.pair:
                    ids[q.pair.text_id] = f"question {q.id} with {q.pair.partner}"
                    ids[q.pair.text_id + ".why"] = f"why we ask question {q.id}"
                for gid, _ in q.groups:
                    ids[q.group_label_id(gid)] = f"option group {gid} of question {q.id}"
                if q.kind == "multi":
                    for suffix in (MOST_SUFFIX, NOTE_SUFFIX):
                        ids[q.text_id + suffix] = f"question {q.id}"
                        ids[q.text_id + suffix + ".why"] = f"why we ask question {q.id}"
                        ids[q.text_id + suffix + SHORT_SUFFIX] = f"overview label of {q.id}"
        for value in self.values:
            ids[f"value.{value}"] = f"work value {value}"
            ids[f"value.{value}.hint"] = f"work value {value}"
        for oset in self.option_sets.values():
            for option in oset.options:
                ids[oset.label_id(option)] = f"option set {oset.id}"
        ids["part.review.title"] = "review step"
        return ids


def _together(raw, aspects: tuple[str, ...], scale: OptionSet | None,
              option_sets: dict[str, OptionSet], problem) -> tuple | None:
    """`together = { aspects = [a, b], options = "<set>", answers = { <option> = [x, y] } }`:
    aspects a and b (next to each other, not the first) on one screen; each option of the set
    stores x for a and y for b (options of the part's own scale)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"aspects", "options", "answers"}:
        problem("together", "together needs aspects, options and answers (and nothing else)")
        return None
    pair, oset, answers = raw["aspects"], option_sets.get(raw["options"]), raw["answers"]
    if (not isinstance(pair, list) or len(pair) != 2 or not set(pair) <= set(aspects[1:])
            or aspects.index(pair[1]) != aspects.index(pair[0]) + 1):
        problem("together", "together.aspects names two neighbouring aspects after the first")
        return None
    if oset is None:
        problem("together", f"together.options: no option set {raw['options']!r}")
        return None
    if not isinstance(answers, dict) or set(answers) != set(oset.options):
        problem("together", "together.answers gives both answers for every option of "
                f"{oset.id}, and for nothing else")
        return None
    scale = scale.options if scale else ()
    for option, both in answers.items():
        if not isinstance(both, list) or len(both) != 2 or not set(both) <= set(scale):
            problem("together", f"together.answers.{option}: two options of the part's scale")
            return None
    return pair[0], pair[1], oset, tuple((o, tuple(answers[o])) for o in oset.options)


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int:
    """The line tomllib names in its message ("… (at line 7, column 3)"), for file:line."""
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else 1


def _unknown_keys(table: dict, allowed: set[str]) -> list[str]:
    return sorted(k for k in table if k not in allowed)


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

    for key in _unknown_keys(raw, TOP_KEYS):
        problem(f"{key} =", f"unknown setting '{key}'; use one of {', '.join(sorted(TOP_KEYS))}")
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

    parts: list[Part] = []
    questions: dict[str, Question] = {}
    values: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    values_scale = ""
    seen_parts: set[str] = set()
    for raw_part in raw.get("parts") or []:
        if not isinstance(raw_part, dict):
            problem("parts", "parts must be written as [[parts]] tables")
            break
        pid = raw_part.get("id")
        if not isinstance(pid, str) or not ID.fullmatch(pid):
            problem(f'id = "{pid}"' if isinstance(pid, str) else "[[parts]]", f"a part has a "
                    f"missing or invalid id ({pid!r}); use lower-case "
                    "letters, digits and _ only")
            continue
        if pid in seen_parts or pid == "review":
            problem(f'id = "{pid}"', f"part id '{pid}' is used twice or reserved")
        seen_parts.add(pid)
        for key in _unknown_keys(raw_part, PART_KEYS):
            problem(f'id = "{pid}"', f"part '{pid}' has unknown key '{key}'; use one of "
                    f"{', '.join(sorted(PART_KEYS))}")
        for key in ("examples", "skippable"):
            if not isinstance(raw_part.get(key, False), bool):
                problem(f"{key} =", f"part '{pid}': {key} must be true or false (no quotes)")
        part_questions: list[Question] = []
        if raw_part.get("kind") == "values":
            # Work values may be spread over several parts (a long list is split so progress
            # moves evenly); every values part asks the same aspects.
            part_values = tuple(raw_part.get("values") or ())
            part_aspects = tuple(raw_part.get("aspects") or ())
            oset = option_sets.get(raw_part.get("options", ""))
            if not part_values or not part_aspects or oset is None:
                problem(f'id = "{pid}"',
                        "a values part needs values, aspects and a known options set")
                continue
            if aspects and (part_aspects != aspects or oset.id != values_scale):
                problem(f'id = "{pid}"', f"values part '{pid}' asks other aspects or options "
                        "than the values part before it; every values part asks the same")
            values_scale = oset.id
            twice = [v for v in part_values if v in values]
            if twice:
                problem(f'id = "{pid}"', f"work value '{twice[0]}' is listed in two values parts")
            values += tuple(v for v in part_values if v not in values)
            aspects = part_aspects
            # Room and ability only matter for a value that matters: skip them when the
            # client said the value is not important (options in skip_rest_if).
            skip_if = tuple(raw_part.get("skip_rest_if") or ())
            if not set(skip_if) <= set(oset.options if oset else ()):
                problem("skip_rest_if", "skip_rest_if names options the values part lacks")
            elif skip_if and set(skip_if) == set(oset.options):
                problem("skip_rest_if", "skip_rest_if lists every option, so the other aspects "
                        "could never be asked; leave at least one option out")
            bad = [v for v in part_values + aspects
                   if not isinstance(v, str) or not ID.fullmatch(v)]
            if bad:
                problem(f'id = "{pid}"', f"values part '{pid}': {bad[0]!r} is not a valid id; "
                        "use lower-case letters, digits and _ only")
                continue
            together = _together(raw_part.get("together"), aspects, oset, option_sets,
                                 problem)
            for value in part_values:
                for index, aspect in enumerate(aspects):
                    qid = f"value.{value}.{aspect}"
                    condition = (Condition(f"value.{value}.{aspects[0]}", none_of=skip_if)
                                 if index and skip_if else None)
                    pair = paired_to = None
                    if together and aspect == together[0]:
                        pair = Pair(f"value.{value}.{together[1]}", together[2], together[3],
                                    f"q.value.{together[0]}_{together[1]}")
                    elif together and aspect == together[1]:
                        paired_to = f"value.{value}.{together[0]}"
                    part_questions.append(Question(qid, "choice", pid, oset, ask_if=condition,
                                                   value=value, aspect=aspect, pair=pair,
                                                   paired_to=paired_to or ""))
        else:
            for raw_q in raw_part.get("questions") or []:
                question = _parse_question(raw_q, pid, option_sets, problem)
                if question is not None:
                    part_questions.append(question)
        if not part_questions:
            problem(f'id = "{pid}"', f"part '{pid}' has no questions")
        for q in part_questions:
            if q.id in questions:
                problem(f'id = "{q.id}"', f"question id '{q.id}' is used twice")
            questions[q.id] = q
        parts.append(
            Part(
                pid,
                tuple(part_questions),
                domain=raw_part.get("domain", ""),
                examples=bool(raw_part.get("examples", False)),
                skippable=bool(raw_part.get("skippable", False)),
            )
        )

    order = {qid: index for index, qid in enumerate(questions)}
    for q in questions.values():
        if q.ask_if is not None:
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
    if problems:
        raise ContentError(problems)
    return Content(
        version=version,
        languages=languages,
        default_language=default_language,
        max_text_length=max_text_length,
        option_sets=option_sets,
        parts=tuple(parts),
        values=values,
        value_aspects=aspects,
        questions=questions,
        retired=dict(retired),
        directory=path.parent,
    )


def _parse_question(raw_q: dict, pid: str, option_sets: dict[str, OptionSet], problem) -> (
    Question | None
):
    if not isinstance(raw_q, dict):
        problem(f'id = "{pid}"', f"the questions of part '{pid}' must be [[parts.questions]] "
                "tables")
        return None
    qid = raw_q.get("id")
    if not isinstance(qid, str) or not ID.fullmatch(qid):
        problem(f'id = "{qid}"' if isinstance(qid, str) else "id =", f"a question in part "
                f"'{pid}' has a missing or invalid id ({qid!r}); use lower-case letters, digits "
                "and _ only")
        return None
    for key in _unknown_keys(raw_q, QUESTION_KEYS):
        problem(f'id = "{qid}"', f"question '{qid}' has unknown key '{key}'; use one of "
                f"{', '.join(sorted(QUESTION_KEYS))}")
    kind = raw_q.get("kind")
    if kind not in KINDS:
        problem(f'id = "{qid}"',
                f"question '{qid}' has kind '{kind}'; use one of {', '.join(KINDS)}")
        return None
    oset = None
    if kind in ("choice", "multi"):
        oset = option_sets.get(raw_q.get("options", ""))
        if oset is None:
            named = (f"names unknown option set '{raw_q['options']}'" if "options" in raw_q
                     else "has no options")
            problem(f'id = "{qid}"', f"question '{qid}' {named}; write options = \"<set>\" "
                    f"with one of: {', '.join(option_sets)}")
            return None
    elif "options" in raw_q:
        problem(f'id = "{qid}"', f"question '{qid}': options only apply to kind = \"choice\" "
                "or \"multi\"; remove it or change the kind")
    limit = raw_q.get("max", 0)
    if not isinstance(limit, int) or isinstance(limit, bool):
        problem(f'id = "{qid}"', f"question '{qid}': max must be a whole number, e.g. max = 3")
        return None
    if kind != "multi" and "max" in raw_q:
        problem(f'id = "{qid}"', f"question '{qid}': max only applies to kind = \"multi\"; "
                "remove it")
    if kind == "multi" and not 1 <= limit <= len(oset.options):
        problem(f'id = "{qid}"', f"question '{qid}' lets the client choose up to {limit} of "
                f"{len(oset.options)} options; choose a max from 1 to {len(oset.options)}")
    condition = None
    if "ask_if" in raw_q:
        condition = _parse_condition(raw_q["ask_if"], qid, problem)
    groups = _parse_groups(raw_q.get("groups"), qid, kind, oset, problem)
    return Question(qid, kind, pid, oset, max=limit, ask_if=condition, groups=groups)


def _parse_groups(raw: object, qid: str, kind: str, oset: OptionSet | None, problem) -> tuple:
    """`groups = { wga = ["wga_35_80", "wga_80_100"] }`: options behind one button."""
    if raw is None:
        return ()
    where = f'id = "{qid}"'
    if kind != "choice" or oset is None:
        problem(where, f"question '{qid}': groups only apply to kind = \"choice\"")
        return ()
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and ID.fullmatch(k) and isinstance(v, list) and len(v) >= 2
            and all(isinstance(o, str) for o in v) for k, v in raw.items()):
        problem(where, f"question '{qid}': write groups = {{ name = [\"option\", \"option\"] }}"
                " with at least two options per group")
        return ()
    seen: set[str] = set()
    for gid, members in raw.items():
        unknown = [o for o in members if o not in oset.options]
        if unknown:
            problem(where, f"question '{qid}': group '{gid}' names '{unknown[0]}', which is not "
                    f"an option of set '{oset.id}'")
        if seen & set(members):
            problem(where, f"question '{qid}': an option is in two groups")
        seen |= set(members)
    return tuple((gid, tuple(members)) for gid, members in raw.items())


def _parse_condition(cond: object, qid: str, problem) -> Condition | None:
    """`ask_if = { question = "...", any_of = [...] }` (or none_of), or a located problem."""
    lists = ("any_of", "none_of")
    if (not isinstance(cond, dict) or _unknown_keys(cond, CONDITION_KEYS)
            or not isinstance(cond.get("question"), str)
            or not all(isinstance(cond.get(k, []), list) for k in lists)
            or not all(isinstance(o, str) for k in lists for o in cond.get(k, []))):
        problem(f'id = "{qid}"', f"ask_if of '{qid}' must look like ask_if = {{ question = "
                "\"...\", any_of = [\"...\"] } (or none_of instead of any_of)")
        return None
    return Condition(cond["question"], tuple(cond.get("any_of", [])),
                     tuple(cond.get("none_of", [])))
