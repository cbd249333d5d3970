"""Reading the parts of flow.toml: each part's questions, a values part's generated questions.

Every mistake is reported through `problem(needle, message)`, which locates it in the file
(bot/content/model.py collects them into one ContentError).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.content.structure import Condition, OptionSet, Pair, Part, Question

KINDS = ("choice", "text", "multi")
# Ids end up in message ids, file names and Telegram's callback data ("c|question|option"),
# so they are kept to plain lower-case words: no spaces, dots or | that would break those.
ID = re.compile(r"[a-z0-9_]+")
# Keys each table may have: a typo such as `option = "going"` or `ask_iff` would otherwise be
# ignored silently and change what clients are asked.
PART_KEYS = {"id", "domain", "examples", "skippable", "questions", "kind", "values", "aspects",
             "together",
             "options", "skip_rest_if"}
QUESTION_KEYS = {"id", "kind", "options", "max", "ask_if", "groups"}
CONDITION_KEYS = {"question", "any_of", "none_of"}

# Reports one problem: (text to find in the file for its line, message).
Problem = Callable[[str, str], None]


def unknown_keys(table: dict, allowed: set[str]) -> list[str]:
    return sorted(k for k in table if k not in allowed)


def parse_part(raw_part: dict, option_sets: dict[str, OptionSet], seen: set[str],
               problem: Problem) -> tuple[Part | None, tuple[str, ...], tuple[str, ...]]:
    """One [[parts]] table: the part, and for the values part its values and aspects."""
    values: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    pid = raw_part.get("id")
    if not isinstance(pid, str) or not ID.fullmatch(pid):
        problem(f'id = "{pid}"' if isinstance(pid, str) else "[[parts]]", f"a part has a "
                f"missing or invalid id ({pid!r}); use lower-case "
                "letters, digits and _ only")
        return None, values, aspects
    if pid in seen or pid == "review":
        problem(f'id = "{pid}"', f"part id '{pid}' is used twice or reserved")
    seen.add(pid)
    for key in unknown_keys(raw_part, PART_KEYS):
        problem(f'id = "{pid}"', f"part '{pid}' has unknown key '{key}'; use one of "
                f"{', '.join(sorted(PART_KEYS))}")
    for key in ("examples", "skippable"):
        if not isinstance(raw_part.get(key, False), bool):
            problem(f"{key} =", f"part '{pid}': {key} must be true or false (no quotes)")
    part_questions: list[Question] = []
    if raw_part.get("kind") == "values":
        found = _value_questions(raw_part, pid, option_sets, problem)
        if found is None:
            return None, values, aspects
        part_questions, values, aspects = found
    else:
        for raw_q in raw_part.get("questions") or []:
            question = _parse_question(raw_q, pid, option_sets, problem)
            if question is not None:
                part_questions.append(question)
    if not part_questions:
        problem(f'id = "{pid}"', f"part '{pid}' has no questions")
    part = Part(
        pid,
        tuple(part_questions),
        domain=raw_part.get("domain", ""),
        examples=bool(raw_part.get("examples", False)),
        skippable=bool(raw_part.get("skippable", False)),
    )
    return part, values, aspects


def _value_questions(raw_part: dict, pid: str, option_sets: dict[str, OptionSet],
                     problem: Problem) -> tuple[list[Question], tuple, tuple] | None:
    """A values part: one question per value and aspect (q.value.<aspect>), the later aspects
    asked only when the value matters, two aspects possibly on one screen (`together`)."""
    values = tuple(raw_part.get("values") or ())
    aspects = tuple(raw_part.get("aspects") or ())
    oset = option_sets.get(raw_part.get("options", ""))
    if not values or not aspects or oset is None:
        problem(f'id = "{pid}"',
                "a values part needs values, aspects and a known options set")
        return None
    # Room and ability only matter for a value that matters: skip them when the
    # client said the value is not important (options in skip_rest_if).
    skip_if = tuple(raw_part.get("skip_rest_if") or ())
    if not set(skip_if) <= set(oset.options if oset else ()):
        problem("skip_rest_if", "skip_rest_if names options the values part lacks")
    elif skip_if and set(skip_if) == set(oset.options):
        problem("skip_rest_if", "skip_rest_if lists every option, so the other aspects "
                "could never be asked; leave at least one option out")
    bad = [v for v in values + aspects if not isinstance(v, str) or not ID.fullmatch(v)]
    if bad:
        problem(f'id = "{pid}"', f"values part '{pid}': {bad[0]!r} is not a valid id; "
                "use lower-case letters, digits and _ only")
        return None
    together = _together(raw_part.get("together"), aspects, oset, option_sets, problem)
    questions: list[Question] = []
    for value in values:
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
            questions.append(Question(qid, "choice", pid, oset, ask_if=condition,
                                      value=value, aspect=aspect, pair=pair,
                                      paired_to=paired_to or ""))
    return questions, values, aspects


def _together(raw, aspects: tuple[str, ...], scale: OptionSet | None,
              option_sets: dict[str, OptionSet], problem: Problem) -> tuple | None:
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


def _parse_question(raw_q: dict, pid: str, option_sets: dict[str, OptionSet],
                    problem: Problem) -> Question | None:
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
    for key in unknown_keys(raw_q, QUESTION_KEYS):
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


def _parse_groups(raw: object, qid: str, kind: str, oset: OptionSet | None,
                  problem: Problem) -> tuple:
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


def _parse_condition(cond: object, qid: str, problem: Problem) -> Condition | None:
    """`ask_if = { question = "...", any_of = [...] }` (or none_of), or a located problem."""
    lists = ("any_of", "none_of")
    if (not isinstance(cond, dict) or unknown_keys(cond, CONDITION_KEYS)
            or not isinstance(cond.get("question"), str)
            or not all(isinstance(cond.get(k, []), list) for k in lists)
            or not all(isinstance(o, str) for k in lists for o in cond.get(k, []))):
        problem(f'id = "{qid}"', f"ask_if of '{qid}' must look like ask_if = {{ question = "
                "\"...\", any_of = [\"...\"] } (or none_of instead of any_of)")
        return None
    return Condition(cond["question"], tuple(cond.get("any_of", [])),
                     tuple(cond.get("none_of", [])))
