"""Temporary copies of bot/content and locales that a test may break or change.

Tests of the content check and of content changes under a running conversation work on such
a copy, so the real files are never touched and each test starts from the current content.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from bot.content.model import CONTENT_DIR
from bot.i18n import LOCALES_DIR


@dataclass(frozen=True)
class ContentCopy:
    content: Path
    locales: Path

    def flow(self) -> Path:
        return self.content / "flow.toml"

    def po(self, lang: str, name: str = "voorbereid.po") -> Path:
        return self.locales / lang / "LC_MESSAGES" / name

    def replace(self, path: Path, old: str, new: str, count: int = 1) -> None:
        """Replace text in a copied file; fails loudly when `old` is not there, so a content
        change that makes a fixture meaningless is noticed."""
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def edit_po(self, lang: str, add: dict[str, str] | None = None,
                remove: tuple[str, ...] = (), name: str = "voorbereid.po") -> None:
        """Add or remove catalog entries the way Poedit would (Babel writes the file)."""
        path = self.po(lang, name)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for msgid in remove:
            catalog.delete(msgid)
        for msgid, text in (add or {}).items():
            if msgid in catalog:
                catalog[msgid].string = text  # Catalog.add would keep the old text
            else:
                catalog.add(msgid, text)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0)


def copy_content(tmp_path: Path) -> ContentCopy:
    copy = ContentCopy(tmp_path / "content", tmp_path / "locales")
    shutil.copytree(CONTENT_DIR, copy.content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(LOCALES_DIR, copy.locales, ignore=shutil.ignore_patterns("*.mo"))
    return copy
