"""`python -m bot content check`: everything that could break a conversation, found up front.

Each problem is one plain line: where (file:line), which message id, what is wrong, how to fix.
The bot runs the same check at start-up and refuses to start rather than fail mid-conversation.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from bot.content.model import CONTENT_DIR, Content, ContentError, load_content
from bot.content.po_syntax import duplicate_ids, po_syntax_problems
from bot.crisis_texts import CRISIS_TEXTS
from bot.delivery_texts import DELIVERY
from bot.findings_texts import FINDINGS
from bot.flows.agenda import AGENDA_UI
from bot.flows.crisis_rules import check_crisis
from bot.flows.texts import CONVERSATION
from bot.i18n import LOCALES_DIR, placeholders, po_files, po_path
from bot.privacy.texts import PRIVACY
from bot.professionals.texts import PRO
from bot.profile.rules import check_rules as check_profile_rules
from bot.profile.texts import message_ids as profile_message_ids
from bot.stats.texts import STATS_TEXTS
from bot.summary.texts import SUMMARY_TEXTS
from bot.texts import UI

TELEGRAM_MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
BUTTON_LABEL_LIMIT = 64
PHRASE_FILES = {"crisis": "crisis.toml"}
# Telegram's limit for the description of a command in the menu (BotCommand).
COMMAND_DESCRIPTION_LIMIT = 256
# Message id families derived from flow.toml: an entry of these families that the content does
# not use is a typo or a leftover of a renamed question, and the real text is then missing.
CONTENT_PREFIXES = ("q.", "opt.", "part.", "value.")


@dataclass(frozen=True)
class Located:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class TextSource:
    """A family of message ids: where they belong and, per id, what the text is for.

    For described ids the description names the {placeholders} the text must use."""

    po_file: str
    ids: Callable[[Content], dict[str, str]]
    described: bool = True


# Each area of the bot registers the ids it shows; the check demands them in every language.
TEXT_SOURCES: list[TextSource] = [
    TextSource("voorbereid.po", lambda content: content.message_ids(), described=False),
    TextSource("voorbereid.po", lambda content: dict(UI)),
    TextSource("conversation.po", lambda content: dict(CONVERSATION)),
    TextSource("profile.po", profile_message_ids),
    TextSource("professional.po", lambda content: dict(PRO)),
    TextSource("summary.po", lambda content: dict(SUMMARY_TEXTS)),
    TextSource("stats.po", lambda content: dict(STATS_TEXTS)),
    TextSource("crisis.po", lambda content: dict(CRISIS_TEXTS)),
    TextSource("delivery.po", lambda content: dict(DELIVERY)),
    TextSource("privacy.po", lambda content: dict(PRIVACY)),
    TextSource("agenda.po", lambda content: dict(AGENDA_UI)),
    TextSource("findings.po", lambda content: dict(FINDINGS)),
]


def language_names(content: Content) -> dict[str, str]:
    """The /language button of each enabled language (lang.<code>), also for a new one."""
    return {f"lang.{lang}": f"Name of language '{lang}' in its own language (a button)"
            for lang in content.languages if f"lang.{lang}" not in UI}


TEXT_SOURCES.append(TextSource("voorbereid.po", language_names))
# Extra validations of content files (profile rules …): each returns located problems.
EXTRA_CHECKS: list[Callable[[Content, Path], list[str]]] = [check_profile_rules]


def required_ids(content: Content) -> dict[str, tuple[str, TextSource]]:
    """Every message id the bot may show, with what it is for and where it belongs."""
    needed: dict[str, tuple[str, TextSource]] = {}
    for source in TEXT_SOURCES:
        for msgid, purpose in source.ids(content).items():
            needed[msgid] = (purpose, source)
    return needed


def expected_placeholders(msgid: str, purpose: str, source: TextSource) -> set[str]:
    if source.described:
        return placeholders(purpose)
    if msgid.startswith("q.") and msgid.endswith(".note.short"):
        return {"topic"}
    if msgid.startswith("q.value.") and not msgid.endswith((".why", ".short")):
        return {"value"}
    if msgid.endswith(".note") and msgid.startswith("q."):
        return {"topic"}
    return set()


def button_ids(content: Content) -> set[str]:
    """Texts shown on buttons: interface buttons, option labels and part titles (review)."""
    ids = {m for m in (*UI, *CONVERSATION, *FINDINGS) if m.startswith(("ui.btn.", "lang."))}
    return ids | {m for m in content.message_ids()
                  if m.startswith("opt.") or (m.startswith("part.") and m.endswith(".title"))}


def callback_payloads(content: Content) -> list[tuple[str, str]]:
    """The longest callback data each question can produce, for the 64-byte limit."""
    from bot.flows import callbacks as cb
    from bot.flows.answers import WAYS_OUT

    payloads = []
    for q in content.questions.values():
        slot_ids = [q.id]
        if q.kind == "multi":
            slot_ids += [f"{q.id}.most"] + [f"{q.id}.note.{o}" for o in q.options.options]
        for slot in slot_ids:
            payloads += [(q.id, cb.way_out(slot, s)) for s in WAYS_OUT]
            payloads += [(q.id, cb.review("private", slot))]
            if q.options:
                payloads += [(q.id, cb.choose(slot, o)) for o in q.options.options]
    for part in content.parts:
        payloads += [(part.id, cb.skip_part(part.id)), (part.id, cb.review("part", part.id))]
    return payloads


def _read_catalogs(lang: str, locales_dir: Path) -> tuple[dict, list[Located], set[str]]:
    """msgid → (message, file) over all of a language's .po files, syntax problems, and the
    names of the files that could not be read (their ids are not reported missing too)."""
    messages: dict[str, tuple[object, str]] = {}
    problems: list[Located] = []
    broken: set[str] = set()
    for path in po_files(lang, locales_dir):
        shown = str(path)
        lexical = po_syntax_problems(path)
        if lexical:
            problems += [Located(shown, line, f"not a valid .po file: {what}")
                         for line, what in lexical]
            broken.add(path.name)
            continue
        problems += [Located(shown, line, f"'{msgid}': appears twice (first at line {first}); "
                             "keep one") for line, msgid, first in duplicate_ids(path)]
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang, abort_invalid=True)
        except (PoFileError, ValueError, UnicodeDecodeError) as exc:
            # Babel counts lines from 0 and repeats that number in its message.
            line = getattr(exc, "lineno", 0) + 1
            what = re.sub(r" on \d+$", "", str(exc))
            problems.append(Located(shown, line, f"not a valid .po file: {what} (open it in "
                                    "Poedit to see the error)"))
            broken.add(path.name)
            continue
        seen: set[str] = set()
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            if msgid in seen or msgid in messages:
                problems.append(Located(shown, message.lineno,
                                        f"'{msgid}': appears twice; keep one"))
            seen.add(msgid)
            messages.setdefault(msgid, (message, shown))
    return messages, problems, broken


def format_problem(text: str) -> str | None:
    """A placeholder the bot cannot fill: `{}` or `{0}` (it only fills named ones)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return "unbalanced { or }; placeholders look like {name}"
    if any(not name.isidentifier() for name in fields):
        return "a placeholder without a name ({} or {0}); placeholders look like {name}"
    return None


def _fits(text: str, expected: set[str]) -> bool:
    """A usable form: valid placeholders, exactly the expected ones."""
    try:
        return format_problem(text) is None and placeholders(text) == expected
    except ValueError:
        return False


def unused_ids(catalog: dict, needed: dict) -> list[Located]:
    """Entries of the content's id families that the content does not ask for."""
    problems = []
    content_ids = [m for m in needed if m.startswith(CONTENT_PREFIXES)]
    for msgid, (message, shown) in catalog.items():
        if msgid.startswith(CONTENT_PREFIXES) and msgid not in needed:
            near = difflib.get_close_matches(msgid, content_ids, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(Located(shown, message.lineno, f"'{msgid}': not used by "
                                    "bot/content/flow.toml; remove the entry if its question "
                                    f"or option is gone, or correct the id{hint}"))
    return problems


def check_catalog(lang: str, content: Content, locales_dir: Path) -> list[Located]:
    main = po_path(lang, locales_dir)
    if not main.exists():
        return [Located(str(main), 1, f"the catalog for enabled language '{lang}' is missing; "
                        f"copy locales/{content.default_language} and translate it")]
    catalog, problems, broken = _read_catalogs(lang, locales_dir)
    buttons = button_ids(content)
    needed = required_ids(content)
    for msgid, (purpose, source) in needed.items():
        found_entry = catalog.get(msgid)
        if found_entry is None and source.po_file in broken:
            continue
        if found_entry is None:
            target = main.parent / source.po_file
            problems.append(Located(str(target), 1, f"'{msgid}' ({purpose}): missing; add an "
                                    f"entry msgid \"{msgid}\" with its {lang} text"))
            continue
        message, shown = found_entry
        expected = expected_placeholders(msgid, purpose, source)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        # Plural forms ("1 question" / "2 questions"): the checks read the form most likely
        # wrong (empty, then wrong placeholders, then the longest), so every form is checked.
        text = min(forms, key=lambda f: (bool(f and f.strip()), _fits(f, expected), -len(f)))
        if not text or not text.strip():
            problems.append(Located(shown, message.lineno, f"'{msgid}': the translation is "
                                    "empty; write the text after msgstr"))
            continue
        if message.fuzzy:
            problems.append(Located(shown, message.lineno, f"'{msgid}': marked fuzzy (needs "
                                    "review); check the text and remove the fuzzy mark"))
        wrong = format_problem(text)
        if wrong:
            problems.append(Located(shown, message.lineno, f"'{msgid}': {wrong}"))
            continue
        found = placeholders(text)
        if found != expected:
            want = ", ".join(f"{{{p}}}" for p in sorted(expected)) or "no placeholders"
            got = ", ".join(f"{{{p}}}" for p in sorted(found)) or "none"
            problems.append(Located(shown, message.lineno, f"'{msgid}': placeholders differ "
                                    f"from the source: expected {want}, found {got}; copy them "
                                    "exactly as in the source text"))
        if len(text) > TELEGRAM_MESSAGE_LIMIT:
            problems.append(Located(shown, message.lineno, f"'{msgid}': {len(text)} characters, "
                                    f"more than Telegram's {TELEGRAM_MESSAGE_LIMIT}; shorten it"))
        if msgid in buttons and len(text) > BUTTON_LABEL_LIMIT:
            problems.append(Located(shown, message.lineno, f"'{msgid}': a button label of "
                                    f"{len(text)} characters; keep it under "
                                    f"{BUTTON_LABEL_LIMIT}"))
        if msgid.startswith("cmd.") and len(text) > COMMAND_DESCRIPTION_LIMIT:
            problems.append(Located(shown, message.lineno, f"'{msgid}': a menu description of "
                                    f"{len(text)} characters; Telegram allows "
                                    f"{COMMAND_DESCRIPTION_LIMIT}"))
    return problems + unused_ids(catalog, needed)


def check_phrases(content: Content, content_dir: Path) -> list[Located]:
    """The crisis rules (bot.flows.crisis_rules): syntax, rules that can never match,
    exceptions that remove every match of a rule."""
    problems: list[Located] = []
    for name in PHRASE_FILES.values():
        path = content_dir / name
        problems += [Located(str(path), line, message)
                     for line, message in check_crisis(path, content.languages)]
    return problems


def _line_of(text: str, needle: str) -> int:
    """The first line containing `needle`, for located messages (1 when not found)."""
    return next((n for n, line in enumerate(text.splitlines(), start=1) if needle in line), 1)


def relative(lines: list[str]) -> list[str]:
    """Paths below the current folder shown relative to it (locales/nl/…:12: …), as a
    coordinator sees them in their editor; anything else as it is."""
    here = f"{Path.cwd()}/"
    return [line.removeprefix(here) for line in lines]


def run_check(content_dir: Path = CONTENT_DIR, locales_dir: Path = LOCALES_DIR) -> list[str]:
    """All problems as plain lines; an empty list means the content is safe to run."""
    return relative(_problems(content_dir, locales_dir))


def _problems(content_dir: Path, locales_dir: Path) -> list[str]:
    try:
        content = load_content(content_dir / "flow.toml")
    except ContentError as exc:
        return exc.problems
    problems: list[Located] = []
    flow_file = str(content_dir / "flow.toml")
    flow_text = (content_dir / "flow.toml").read_text(encoding="utf-8")
    longest: dict[str, str] = {}
    for qid, payload in callback_payloads(content):
        if len(payload.encode()) > len(longest.get(qid, "").encode()):
            longest[qid] = payload
    for qid, payload in longest.items():
        if len(payload.encode()) > CALLBACK_DATA_LIMIT:
            line = _line_of(flow_text, f'id = "{qid.split(".")[0]}"')
            problems.append(Located(flow_file, line, f"'{qid}': button data '{payload}' "
                                    f"is over Telegram's {CALLBACK_DATA_LIMIT} bytes; use "
                                    "shorter ids"))
    for lang in content.languages:
        problems += check_catalog(lang, content, locales_dir)
    problems += check_phrases(content, content_dir)
    lines = [str(p) for p in problems]
    for extra in EXTRA_CHECKS:
        lines += extra(content, content_dir)
    return lines
