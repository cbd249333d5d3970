"""Make the client's words printable with the bundled font: no tofu boxes in the PDF.

DejaVu Sans covers Latin, Polish, Turkish, Cyrillic and Arabic, but has no colour emoji and no
CJK. Typst would draw an empty box for such a character, and an emoji sequence (base + skin
tone + variation selector + zero-width joiner + …) would become several boxes. We read which
characters the font really has from its own `cmap` table (no font library needed) and replace
each run of characters it cannot draw — one emoji sequence, one flag — by a single neutral
symbol, so the line stays readable and nobody mistakes a box for a printing fault. The
Telegram message keeps the words exactly as written: only the PDF is cleaned.
"""

from __future__ import annotations

import struct
import unicodedata
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
# A neutral, clearly-not-a-letter symbol that DejaVu Sans draws (WHITE DIAMOND).
REPLACEMENT = "\u25c7"
ZWJ = 0x200D
# Parts of an emoji sequence that are never drawn on their own.
_MODIFIERS = ((0xFE00, 0xFE0F), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0x20E3, 0x20E3))
_REGIONAL = (0x1F1E6, 0x1F1FF)


def _table(data: bytes, tag: bytes) -> int:
    count = struct.unpack_from(">H", data, 4)[0]
    for index in range(count):
        record = 12 + 16 * index
        if data[record:record + 4] == tag:
            return struct.unpack_from(">I", data, record + 8)[0]
    raise ValueError(f"font has no {tag.decode()} table")


def _format4(data: bytes, at: int) -> set[int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends_at = at + 14
    starts_at = ends_at + 2 * segments + 2
    deltas_at = starts_at + 2 * segments
    offsets_at = deltas_at + 2 * segments
    points: set[int] = set()
    for seg in range(segments):
        end = struct.unpack_from(">H", data, ends_at + 2 * seg)[0]
        start = struct.unpack_from(">H", data, starts_at + 2 * seg)[0]
        delta = struct.unpack_from(">h", data, deltas_at + 2 * seg)[0]
        offset = struct.unpack_from(">H", data, offsets_at + 2 * seg)[0]
        for cp in range(start, end + 1):
            if cp == 0xFFFF:
                continue
            if offset == 0:
                glyph = (cp + delta) & 0xFFFF
            else:
                where = offsets_at + 2 * seg + offset + 2 * (cp - start)
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                points.add(cp)
    return points


def _format12(data: bytes, at: int) -> set[int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    points: set[int] = set()
    for index in range(groups):
        start, end, _ = struct.unpack_from(">III", data, at + 16 + 12 * index)
        points.update(range(start, end + 1))
    return points


@cache
def coverage(path: Path = REGULAR) -> frozenset[int]:
    """The code points the font maps to a real glyph (read once, from its Unicode cmap)."""
    data = path.read_bytes()
    cmap = _table(data, b"cmap")
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    subtables: dict[int, int] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        if platform in (0, 3):
            kind = struct.unpack_from(">H", data, cmap + offset)[0]
            if kind in (4, 12) and (platform, encoding) != (3, 0):
                subtables.setdefault(kind, cmap + offset)
    if 12 in subtables:
        return frozenset(_format12(data, subtables[12]))
    if 4 in subtables:
        return frozenset(_format4(data, subtables[4]))
    raise ValueError("font has no Unicode cmap (format 4 or 12)")


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


@cache
def _plain(path: Path = REGULAR) -> frozenset[int]:
    """Characters that need no attention: drawable and not a control (tab, newline are)."""
    return frozenset(cp for cp in coverage(path) if unicodedata.category(chr(cp)) != "Cc"
                     and not _in(cp, _MODIFIERS) and cp != ZWJ) | {ord("\n"), ord("\t")}


def printable(text: str, covered: frozenset[int] | None = None) -> str:
    """`text` with every character the font cannot draw replaced; one symbol per sequence.

    Line breaks and tabs stay; other control characters go (they have no place in print)."""
    if covered is None:
        if _plain().issuperset(map(ord, text)):
            return text  # the usual case, checked in C: nothing to replace
        covered = coverage()
    out: list[str] = []
    joined = False  # the previous replacement was followed by a zero-width joiner
    open_flag = False  # a regional indicator is waiting for its pair
    for ch in text:
        cp = ord(ch)
        if _in(cp, _MODIFIERS):
            continue
        if cp == ZWJ:
            # Inside an emoji sequence it glues the next picture to this one; elsewhere
            # (Arabic, Indic scripts) it shapes letters and must stay.
            if out and out[-1] == REPLACEMENT:
                joined = True
            else:
                out.append(ch)
            continue
        category = unicodedata.category(ch)
        if ch in "\n\t" or (cp in covered and category != "Cc") or category in ("Zs", "Cf"):
            joined = open_flag = False
            out.append(ch)
            continue
        if category == "Cc":
            continue
        regional = _in(cp, (_REGIONAL,))
        if joined or (regional and open_flag):
            joined = open_flag = False
            continue
        open_flag = regional
        out.append(REPLACEMENT)
    return "".join(out)
