"""Text of a PDF in reading order, with pypdf, for checking what a professional would read.

pypdf gives each run of text with its position. Typst writes right-to-left text the way PDF
expects it (each Arabic word a run of glyphs in visual order, marked ReversedChars), so a
reader has to put runs back in logical order the way any bidi-aware viewer does: on a line,
consecutive runs that hold right-to-left letters are read from right to left. Two-column pages
are read column by column (left half, then right half). If the PDF had laid Arabic out left to
right, this reading would come out reversed and the tests would fail.
"""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _ltr(text: str) -> bool:
    return any(unicodedata.bidirectional(c) == "L" for c in text)


def _line(runs: list[tuple[float, str]]) -> str:
    out: list[str] = []
    group: list[str] = []

    def flush() -> None:
        tail: list[str] = []
        while group and not _rtl(group[-1]):
            tail.insert(0, group.pop())
        out.extend(reversed(group))
        out.extend(tail)
        group.clear()

    for _, text in sorted(runs):
        if _rtl(text) or (group and not _ltr(text)):
            group.append(text)
        else:
            flush()
            out.append(text)
    flush()
    return "".join(out)


def pdf_text(pdf: bytes) -> str:
    """All pages, each column top to bottom, lines joined by newlines."""
    lines: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        middle = float(page.mediabox.width) / 2
        halves: tuple[dict, dict] = ({}, {})

        def visit(text: str, cm: list, tm: list, font: object, size: object,
                  halves: tuple[dict, dict] = halves, middle: float = middle) -> None:
            text = BIDI_CONTROLS.sub("", text.replace("\n", ""))
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            halves[x >= middle].setdefault(round(y), []).append((x, text))

        page.extract_text(visitor_text=visit)
        for half in halves:
            lines += [_line(runs) for _, runs in sorted(half.items(), key=lambda kv: -kv[0])]
    return "\n".join(lines)


def flat(text: str) -> str:
    """Whitespace collapsed, for phrases a line break may have split."""
    return " ".join(text.split())
