"""A line-by-line syntax check of .po files, for mistakes Babel's reader lets through.

Babel reads `msgstr "Goed` (no closing quote) without complaint and silently drops the last
letter, and it accepts a stray quote in the middle of a text. Coordinators edit these files by
hand, so the content check looks at every line itself and says exactly which one is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

KEYWORD_LINE = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+(".*)')
STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
ESCAPES = re.compile(r"\\(.)")
KNOWN_ESCAPES = set('nt"\\')


def string_problem(literal: str) -> str | None:
    """What is wrong with one quoted text of a .po line, or None when it is fine."""
    if not STRING.fullmatch(literal):
        if literal.count('"') < 2 or not literal.endswith('"'):
            return 'a text must start and end with " on the same line'
        return 'a " inside a text must be written as \\"'
    unknown = {c for c in ESCAPES.findall(literal[1:-1]) if c not in KNOWN_ESCAPES}
    if unknown:
        return (f"unknown escape \\{sorted(unknown)[0]}; write a backslash as \\\\ and a new line "
                "as \\n")
    return None


def duplicate_ids(path: Path) -> list[tuple[int, str, int]]:
    """(line, msgid, line of its first entry) for each msgid written twice in one file;
    Babel keeps only the last one without a word, so a coordinator may edit the wrong one."""
    first: dict[str, int] = {}
    found: list[tuple[int, str, int]] = []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        match = re.fullmatch(r'msgid\s+"(.+)"', line.strip())
        if match is None:
            continue
        msgid = match.group(1)
        if msgid in first:
            found.append((number, msgid, first[msgid]))
        else:
            first[msgid] = number
    return found


def po_syntax_problems(path: Path) -> list[tuple[int, str]]:
    """(line, what is wrong) for every line that is not a comment, a keyword with a quoted
    text, or a continuation text."""
    problems: list[tuple[int, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return [(1, "the file is not saved as UTF-8; save it as UTF-8 (Poedit does this)")]
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = KEYWORD_LINE.fullmatch(line)
        literal = keyword.group(3) if keyword else line
        if not keyword and not line.startswith('"'):
            problems.append((number, f"unexpected line '{line[:40]}'; a line is a comment (#), "
                                     "msgid \"...\", msgstr \"...\" or a continued \"...\""))
            continue
        wrong = string_problem(literal)
        if wrong:
            problems.append((number, wrong))
    return problems
