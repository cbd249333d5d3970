"""Gettext catalogs, read from the .po files at start-up so they are never stale.

The .po files under `locales/<lang>/LC_MESSAGES/voorbereid.po` are the source of truth that
coordinators edit (Poedit or any editor). We parse them with Babel when the bot starts and keep
one `Translator` per language; the translator is chosen per conversation and passed down —
there is no process-wide "current language".
"""

from __future__ import annotations

import io
import string
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "voorbereid"


def po_path(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """The main catalog of a language (the client conversation)."""
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def po_files(lang: str, locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """All catalogs of a language: the conversation first, then one file per area
    (profile.po, professional.po …), so coordinators work in small files."""
    main = po_path(lang, locales_dir)
    others = sorted(p for p in main.parent.glob("*.po") if p != main)
    return [main, *others] if main.exists() else others


def placeholders(text: str) -> set[str]:
    """The {names} a text uses; the check compares them between source and translation."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Translator:
    """Texts of one language, with the default language's texts as a fallback."""

    lang: str
    _translations: Translations
    _fallback: Translations | None = None
    # msgid → text, filled on first use: a screen looks up some twenty ids on every update.
    _texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def has(self, msgid: str) -> bool:
        return self._translations.gettext(msgid) != msgid

    def __call__(self, msgid: str, **params: object) -> str:
        text = self._texts.get(msgid)
        if text is None:
            text = self._translations.gettext(msgid)
            if text == msgid and self._fallback is not None:
                text = self._fallback.gettext(msgid)
            self._texts[msgid] = text
        if not params:
            return text
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            # The content check refuses mismatched placeholders before start-up; this keeps a
            # hand-edited catalog on a running bot from ever crashing a conversation.
            return text


# Compiled catalogs by (file, size, modification time, language): a process that loads the
# same unchanged .po files again (the tests, the benchmarks) reads each one once.
_COMPILED: dict[tuple[str, int, int, str], bytes] = {}


def _compile(path: Path, lang: str) -> Translations:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, lang)
    if key not in _COMPILED:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        if len(_COMPILED) >= 256:
            _COMPILED.clear()
        _COMPILED[key] = buffer.getvalue()
    # A new Translations each time: merging changes it.
    return Translations(fp=io.BytesIO(_COMPILED[key]), domain=DOMAIN)


def load_translations(lang: str, locales_dir: Path = LOCALES_DIR) -> Translations:
    """Compile every .po file of a language into one set of translations, in memory."""
    files = po_files(lang, locales_dir)
    translations = _compile(files[0], lang)
    for path in files[1:]:
        translations.merge(_compile(path, lang))
    return translations


class Catalogs:
    """All enabled languages, loaded once."""

    def __init__(self, languages: tuple[str, ...], default: str, locales_dir: Path = LOCALES_DIR):
        self.languages = languages
        self.default = default
        loaded = {lang: load_translations(lang, locales_dir) for lang in languages}
        self._translators = {
            lang: Translator(lang, tr, None if lang == default else loaded[default])
            for lang, tr in loaded.items()
        }

    def get(self, lang: str | None) -> Translator:
        return self._translators.get(lang or "", self._translators[self.default])

    def pick_language(self, language_code: str | None) -> str:
        """Map Telegram's language_code (e.g. 'en-GB') to an enabled language; Dutch otherwise."""
        base = (language_code or "").split("-")[0].lower()
        return base if base in self._translators else self.default
