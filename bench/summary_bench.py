"""Time the professional's summary: `python bench/summary_bench.py [--renders N]`.

For a full answers file (tests/summary_fixture.py: every part answered, own words in Dutch,
English, Polish, Turkish, Ukrainian and Arabic, emoji, markup characters, private answers)
each timed render does everything the bot does when a client shares: the profile (without
private answers), the Telegram message(s) and the two-page PDF with the work-values chart.
Content, rules, catalogs and fonts are loaded once beforehand, as in the bot.

Prints p50/p95/max over N renders (at least 100), the PDF part on its own, peak RSS, and how
late an `asyncio.sleep(0.001)` ticker wakes up while PDFs are rendered with render_pdf_async
(the bot keeps answering other clients) compared with rendering on the event loop itself.
Target (issue 9): p95 ≤ 150 ms including the chart.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.model import load_content  # noqa: E402
from bot.i18n import Catalogs  # noqa: E402
from bot.profile.rules import load_rules  # noqa: E402
from bot.summary.pdf import render_pdf, render_pdf_async  # noqa: E402
from bot.summary.shared import professional_profile  # noqa: E402
from bot.summary.text import summary_message  # noqa: E402
from tests.summary_fixture import rich_answers  # noqa: E402

TARGET_P95_MS = 150.0


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


class Setup:
    def __init__(self) -> None:
        self.content = load_content()
        self.rules = load_rules(self.content)
        self.catalogs = Catalogs(self.content.languages, self.content.default_language)
        self.doc = rich_answers()

    def options(self, lang: str) -> dict:
        return {"lang": lang, "catalogs": self.catalogs, "content": self.content,
                "reference": "R-2026-017", "appointment_text": "dinsdag 1 december 2026, 10:00",
                "prepared_text": "maandag 30 november 2026, 09:40"}

    def profile(self, lang: str) -> dict:
        return professional_profile(self.doc, content=self.content, rules=self.rules,
                                    translator=self.catalogs.get(lang))

    def full(self, lang: str) -> tuple[list[str], bytes]:
        profile = self.profile(lang)
        options = self.options(lang)
        return (summary_message(self.doc, profile, **options),
                render_pdf(self.doc, profile, **options))


def timed_renders(setup: Setup, n: int) -> tuple[list[float], list[float]]:
    full, pdf_only = [], []
    langs = ("nl", "en")
    profiles = {lang: setup.profile(lang) for lang in langs}
    for i in range(n):
        lang = langs[i % 2]
        start = time.perf_counter()
        setup.full(lang)
        full.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        render_pdf(setup.doc, profiles[lang], **setup.options(lang))
        pdf_only.append((time.perf_counter() - start) * 1000)
    return full, pdf_only


async def ticker_lateness(setup: Setup, renders: int, mode: str) -> list[float]:
    """How late (ms) each wake-up of a 1 ms ticker is while `renders` PDFs are made: mode
    'idle' (none), 'async' (render_pdf_async, as the bot does) or 'blocking' (on the loop)."""
    profile = setup.profile("nl")
    options = setup.options("nl")
    done = asyncio.Event()
    lateness: list[float] = []

    async def tick() -> None:
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            lateness.append(max(0.0, (time.perf_counter() - before) * 1000 - 1.0))

    if mode == "async":  # start this loop's worker thread outside the measurement
        await render_pdf_async(setup.doc, profile, **options)
    task = asyncio.create_task(tick())
    await asyncio.sleep(0.01)
    for _ in range(renders):
        if mode == "async":
            await render_pdf_async(setup.doc, profile, **options)
        elif mode == "blocking":
            render_pdf(setup.doc, profile, **options)
            await asyncio.sleep(0)
        else:
            await asyncio.sleep(0.005)
    done.set()
    await task
    return lateness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200, help="timed renders (≥ 100)")
    args = parser.parse_args()
    n = max(100, args.renders)
    rss_start = _rss_mib()
    setup = Setup()
    messages, pdf = setup.full("nl")
    for _ in range(10):  # warm up: fonts parsed, Typst caches filled
        setup.full("en")
    full, pdf_only = timed_renders(setup, n)
    print(f"summary of a full answers file ({len(pdf)} byte PDF, {len(messages)} message(s) "
          f"of {max(len(m) for m in messages)} chars), n={n}:")
    print(f"  profile + message + PDF: p50 {_pct(full, 0.5):.1f} ms, "
          f"p95 {_pct(full, 0.95):.1f} ms, max {max(full):.1f} ms "
          f"(target p95 ≤ {TARGET_P95_MS:.0f} ms: "
          f"{'met' if _pct(full, 0.95) <= TARGET_P95_MS else 'NOT met'})")
    print(f"  PDF alone:               p50 {_pct(pdf_only, 0.5):.1f} ms, "
          f"p95 {_pct(pdf_only, 0.95):.1f} ms, max {max(pdf_only):.1f} ms")
    print(f"  peak RSS: {_rss_mib():.0f} MiB (interpreter and imports: {rss_start:.0f} MiB)")
    for mode in ("idle", "async", "blocking"):
        late = asyncio.run(ticker_lateness(setup, 50, mode))
        print(f"  1 ms ticker during 50 PDF renders ({mode:>8}): lateness p50 "
              f"{_pct(late, 0.5):.2f} ms, p95 {_pct(late, 0.95):.2f} ms, max {max(late):.1f} ms "
              f"({len(late)} ticks)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
