"""Wire content, catalogs, flow and storage together — once, at start-up.

Start-up runs the content check first: a broken catalog or content file stops the bot here
with the same located messages `python -m bot content check` prints, never mid-conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.config import load_config
from bot.content.model import CONTENT_DIR, Content, load_content
from bot.content_check import run_check
from bot.export import build_answers
from bot.flows.answers import SKIPPED, Answer
from bot.flows.conversation import Flow
from bot.flows.crisis import CrisisMatcher
from bot.flows.crisis_rules import load_matcher
from bot.flows.length import welcome_minutes
from bot.flows.plan import next_open, plan
from bot.i18n import LOCALES_DIR, Catalogs
from bot.preparation import Preparation, utc_now
from bot.profile.rules import RULES_FILE, Rules, load_rules
from bot.storage import Change, Store, open_store
from bot.storage.crypto import Cipher, choices_of


class StartupError(RuntimeError):
    """The content or catalogs are broken; the message lists every problem."""


def _fingerprint(*folders: Path) -> tuple:
    """Path, size and modification time of every file the check and the matcher read."""
    return tuple(sorted((str(p), st.st_size, st.st_mtime_ns) for folder in folders
                        for p in folder.rglob("*") if p.is_file() and (st := p.stat())))


# A process that builds several cores on the same files (the test suite, the benchmarks)
# checks them and compiles the crisis rules once; a changed file is checked again.
_CHECKED: dict[tuple, tuple[list[str], CrisisMatcher | None]] = {}


def _checked(content_dir: Path, locales_dir: Path) -> tuple[list[str], CrisisMatcher | None]:
    """The content check's problems and, when there are none, the crisis matcher (shared:
    it is only read)."""
    key = _fingerprint(content_dir, locales_dir)
    if key not in _CHECKED:
        if len(_CHECKED) >= 8:
            _CHECKED.clear()
        problems = run_check(content_dir, locales_dir)
        matcher = None if problems else load_matcher(
            content_dir, load_content(content_dir / "flow.toml").languages)
        _CHECKED[key] = (problems, matcher)
    return _CHECKED[key]


@dataclass
class Core:
    content: Content
    catalogs: Catalogs
    flow: Flow
    store: Store
    preparation: Preparation
    # Where the content was read from (CONTENT_DIR), for parts that read more of it later.
    content_dir: Path = CONTENT_DIR
    # The profile rules (bot/content/profile.toml), validated by the start-up check.
    rules: Rules | None = None

    def export(self, chat_id: int, with_history: bool = True) -> dict:
        conv = self.preparation.conversation(chat_id)
        history = self.store.answer_history(chat_id) if with_history else None
        return build_answers(self.content, conv, exported_at=utc_now(), history=history)

    async def jump(self, chat_id: int, lang: str, part_id: str) -> None:
        """Preview only: consent given and every earlier part skipped, so a part shows at once."""
        if self.content.part(part_id) is None and part_id != "review":
            known = ", ".join([p.id for p in self.content.parts] + ["review"])
            raise StartupError(f"unknown step '{part_id}'; choose one of: {known}")
        conv = self.preparation.conversation(chat_id, lang)
        conv.lang = lang
        conv.state = "asking"
        now = utc_now()
        changes: dict[str, Answer | None] = {}
        for slot in plan(self.content, conv.answers):
            if slot.question.part == part_id:
                break
            if slot.id not in conv.answers:
                conv.answers[slot.id] = changes[slot.id] = Answer(SKIPPED, at=now)
        upcoming = next_open(plan(self.content, conv.answers), conv.answers, "")
        if upcoming is None or part_id == "review":
            conv.state, conv.slot = "review", ""
        else:
            conv.slot = upcoming.id
        await self.store.commit(Change(chat_id, conv, changes, now=now))

    def close(self) -> None:
        self.store.close()


def build_core(database_path: str, contact: str = "", content_dir: Path = CONTENT_DIR,
               locales_dir: Path = LOCALES_DIR, cipher: Cipher | None = None,
               **store_options: float) -> Core:
    """Raises StartupError for broken content, KeyProblem for a missing or wrong data key
    (the key comes from DATA_KEY / DATA_KEY_FILE unless `cipher` is given)."""
    problems, crisis = _checked(content_dir, locales_dir)
    if problems:
        raise StartupError("\n".join(problems))
    content = load_content(content_dir / "flow.toml")
    catalogs = Catalogs(content.languages, content.default_language, locales_dir)
    flow = Flow(content, crisis, contact)
    # The welcome's "about N minutes" is measured on this content, never written by hand.
    flow.minutes = {lang: welcome_minutes(flow, catalogs.get(lang), lang)
                    for lang in content.languages}
    settings = load_config()
    flow.retention = (settings.retention_days, settings.idle_days)
    rules = load_rules(content, content_dir / RULES_FILE)
    cipher = (cipher if cipher is not None else Cipher.from_env()).with_choices(
        choices_of(content))
    store = open_store(database_path, utc_now(), cipher, **store_options)
    return Core(content, catalogs, flow, store, Preparation(flow, store, catalogs), content_dir,
                rules)
