"""The floors of docs/architecture.md hold: no module imports one on a higher floor.

Every import is read with `ast` — also the ones inside functions — so a lazy import cannot
climb unseen. A failure names the file, the line and both floors, so the fix is plain:
move the code down, or pass the dependency in from above.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bot"

# The floors, ground first. A module sits on the floor of the longest prefix that names it
# (a package's prefix covers its modules; a top-level module of bot/ is named on its own).
FLOORS = ("content", "flows", "reading", "storage", "services", "chat", "CLI")
PLACES: dict[str, str] = {
    "bot": "content",
    "bot.content": "content",
    "bot.i18n": "content",
    "bot.texts": "content",
    "bot.delivery_texts": "content",
    "bot.crisis_texts": "content",
    "bot.log_privacy": "content",  # the log filter: imports nothing of bot, every floor logs
    "bot.flows": "flows",
    "bot.profile": "reading",
    "bot.summary": "reading",
    "bot.export": "reading",
    "bot.answers_format": "reading",
    "bot.storage": "storage",
    "bot.config": "services",
    "bot.preparation": "services",
    "bot.app_core": "services",
    "bot.content_check": "services",
    "bot.crisis_try": "services",
    "bot.professionals": "services",
    "bot.privacy": "services",
    "bot.stats": "services",
    "bot.chat": "chat",
    "bot.render": "chat",
    "bot.console": "CLI",
    "bot.cli": "CLI",
    "bot.__main__": "CLI",
}
# Each area's `python -m bot <area>` command (COMMAND_MODULES in bot/cli.py) is CLI.
COMMAND_MODULE = "command"

# Third-party packages that belong to one floor and up: Telegram is the chat floor's business.
LIBRARY_FLOORS = {"telegram": "chat"}

# Libraries that speak to the database: only the storage floor's own package imports them.
STORAGE_LIBRARIES = {"sqlite3", "sqlite_utils"}
STORAGE_PACKAGE = "bot.storage"
# What running SQL looks like: a call of one of these methods, or a string that reads as a
# statement (capitals, as every statement of the bot is written).
SQL_CALLS = {"execute", "executemany", "executescript", "query", "rows_where"}
SQL_TEXT = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+(OR\s+[A-Z]+\s+)?INTO|"
                      r"UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))\b")

# The documented exceptions, each with its reason. Keep this list short and shrinking:
# (importing module, imported module or library).
ALLOWED: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Climb:
    file: str
    line: int
    importer: str
    imported: str
    from_floor: str
    to_floor: str

    def __str__(self) -> str:
        return (f"{self.file}:{self.line}: {self.importer} ({self.from_floor}) imports "
                f"{self.imported} ({self.to_floor}), a higher floor")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    place = ROOT.joinpath(*name.split("."))
    return place.with_suffix(".py").is_file() or (place / "__init__.py").is_file()


def floor_of(module: str) -> str | None:
    """The floor of a module, or None for one nobody placed yet (a new top-level module)."""
    if module.split(".")[-1] == COMMAND_MODULE and module.count(".") == 2:
        return "CLI"
    for prefix in sorted(PLACES, key=len, reverse=True):
        if module == prefix or (prefix != "bot" and module.startswith(prefix + ".")):
            return PLACES[prefix]
    return None


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, once each; relative ones resolved, and
    `from pkg import mod` read as the module when mod is one."""
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.append((node.lineno, candidate if is_module(candidate) else source))
    return list(dict.fromkeys(found))


def climbs() -> list[Climb]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        here = floor_of(importer)
        for line, imported in imports_of(path):
            top = imported.split(".")[0]
            if top == "bot":
                there = floor_of(imported)
            else:
                there = LIBRARY_FLOORS.get(top)
                imported = top
            if there is None or (importer, imported) in ALLOWED:
                continue
            if FLOORS.index(there) > FLOORS.index(here):
                found.append(Climb(str(path.relative_to(ROOT)), line, importer, imported,
                                   here, there))
    return found


def test_every_module_has_a_floor():
    """A new module at the top of bot/ is placed on purpose: in PLACES and in the table of
    docs/architecture.md."""
    unplaced = sorted(module_name(p) for p in PACKAGE.rglob("*.py")
                      if floor_of(module_name(p)) is None)
    assert not unplaced, ("place these modules on a floor (PLACES here and the floors in "
                          f"docs/architecture.md): {unplaced}")


def test_no_import_runs_up_a_floor():
    assert not climbs(), "imports that run up a floor:\n" + "\n".join(map(str, climbs()))


def test_every_exception_is_still_needed():
    """An exception that no import uses any more is struck from ALLOWED, so the list shrinks."""
    used = set()
    for path in PACKAGE.rglob("*.py"):
        for _, imported in imports_of(path):
            top = imported.split(".")[0]
            used.add((module_name(path), imported if top == "bot" else top))
    assert not ALLOWED - used, f"stale exceptions: {sorted(ALLOWED - used)}"


def test_the_walker_sees_climbs(tmp_path, monkeypatch):
    """The check itself can fail: a flow that imports the chat floor inside a function."""
    fake = tmp_path / "bot"
    (fake / "flows").mkdir(parents=True)
    (fake / "chat").mkdir()
    for folder in (fake, fake / "flows", fake / "chat"):
        (folder / "__init__.py").write_text("")
    (fake / "chat" / "replies.py").write_text("")
    (fake / "flows" / "step.py").write_text("def f():\n    from ..chat import replies\n"
                                             "    import telegram\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    found = [str(c) for c in climbs()]
    assert found == [
        "bot/flows/step.py:2: bot.flows.step (flows) imports bot.chat.replies (chat), "
        "a higher floor",
        "bot/flows/step.py:3: bot.flows.step (flows) imports telegram (chat), a higher floor",
    ]


def in_storage(path: Path) -> bool:
    name = module_name(path)
    return name == STORAGE_PACKAGE or name.startswith(STORAGE_PACKAGE + ".")


def storage_leaks() -> list[str]:
    """sqlite3 / sqlite_utils imported, SQL executed or written outside bot/storage/: file and
    line of each."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if in_storage(path):
            continue
        where = str(path.relative_to(ROOT))
        for line, imported in imports_of(path):
            if imported.split(".")[0] in STORAGE_LIBRARIES:
                found.append(f"{where}:{line}: imports {imported.split('.')[0]} "
                             "(only bot/storage/ speaks to the database)")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS):
                found.append(f"{where}:{node.lineno}: calls .{node.func.attr}() "
                             "(a named function of bot/storage/ instead)")
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and SQL_TEXT.search(node.value)):
                found.append(f"{where}:{node.lineno}: SQL text {node.value[:40]!r}…")
    return found


def test_only_storage_speaks_to_the_database():
    """All SQL lives in bot/storage/ as named functions; above it, code calls them."""
    leaks = storage_leaks()
    assert not leaks, "database access outside bot/storage/:\n" + "\n".join(leaks)


def test_the_storage_check_sees_leaks(tmp_path, monkeypatch):
    """The check itself can fail: a service that imports sqlite3 and runs its own query."""
    fake = tmp_path / "bot"
    (fake / "storage").mkdir(parents=True)
    (fake / "professionals").mkdir()
    for folder in (fake, fake / "storage", fake / "professionals"):
        (folder / "__init__.py").write_text("")
    (fake / "storage" / "ok.py").write_text(
        "import sqlite3\n\ndef f(c):\n    return c.execute('SELECT 1 FROM t')\n")
    (fake / "professionals" / "desk.py").write_text(
        "import sqlite3\n\n\ndef f(c):\n    return c.execute(\n"
        "        'UPDATE invites SET x = 1')\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert storage_leaks() == [
        "bot/professionals/desk.py:1: imports sqlite3 (only bot/storage/ speaks to the "
        "database)",
        "bot/professionals/desk.py:5: calls .execute() (a named function of bot/storage/ "
        "instead)",
        "bot/professionals/desk.py:6: SQL text 'UPDATE invites SET x = 1'…",
    ]


def test_telegram_stays_on_the_chat_floor():
    """No module below the chat floor imports telegram (the floors' walk enforces it; this
    names the rule on its own, so it cannot be dropped from LIBRARY_FLOORS unseen)."""
    assert LIBRARY_FLOORS["telegram"] == "chat"
    below = [c for c in climbs() if c.imported == "telegram"]
    assert not below, "\n".join(map(str, below))
