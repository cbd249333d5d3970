"""Time the profile of one answers file: `python bench/profile_bench.py [N]` prints p50/p95.

Content, rules and catalogs are loaded once (as in the bot); each timed call builds the whole
profile of one persona (tests/personas), with its texts, in Dutch and English in turn.
The budget is well under 5 ms per file. As a baseline from the same run, the same documents
are only read (a JSON round trip, what loading the file costs at least); the ratio says how
many such reads one profile costs, a figure that holds on slower and faster machines alike.
This replaces a timed test (the guide keeps performance targets out of the test suite).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.model import load_content  # noqa: E402
from bot.i18n import Catalogs  # noqa: E402
from bot.profile import build_profile, load_rules  # noqa: E402

PERSONAS = ROOT / "tests" / "personas"


def bench_profile(n: int = 1000, documents: list[dict] | None = None) -> dict[str, float]:
    """Time `build_profile` on answers documents (the personas by default): p50/p95/max in ms.

    Content, rules and catalogs are loaded once beforehand, as in the bot; only the profile of
    one document per call is measured, including its translated texts."""
    content = load_content()
    rules = load_rules(content)
    catalogs = Catalogs(content.languages, content.default_language)
    if documents is None:
        documents = [json.loads(p.read_text(encoding="utf-8"))
                     for p in sorted(PERSONAS.glob("*.json"))]
    translators = [catalogs.get(lang) for lang in content.languages]
    timings: list[float] = []
    for i in range(n):
        doc = documents[i % len(documents)]
        translator = translators[i % len(translators)]
        start = time.perf_counter()
        build_profile(doc, content=content, rules=rules, translator=translator)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "n": float(n),
        "p50_ms": timings[len(timings) // 2],
        "p95_ms": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "max_ms": timings[-1],
    }


def bench_reading(n: int = 1000) -> dict[str, float]:
    """The baseline: read the same documents (a JSON round trip), p50/p95/max in ms."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(PERSONAS.glob("*.json"))]
    timings: list[float] = []
    for i in range(n):
        text = texts[i % len(texts)]
        start = time.perf_counter()
        json.loads(text)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {"n": float(n), "p50_ms": timings[len(timings) // 2],
            "p95_ms": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
            "max_ms": timings[-1]}


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    bench_profile(50)  # warm up
    bench_reading(50)
    timing = bench_profile(n)
    base = bench_reading(n)
    print(f"profile of one answers file, n={n}: p50 {timing['p50_ms']:.3f} ms, "
          f"p95 {timing['p95_ms']:.3f} ms, max {timing['max_ms']:.3f} ms")
    print(f"baseline (reading the same file, same run): p50 {base['p50_ms']:.3f} ms, "
          f"p95 {base['p95_ms']:.3f} ms")
    print(f"ratio profile/reading: p50 {timing['p50_ms'] / base['p50_ms']:.1f}x, "
          f"p95 {timing['p95_ms'] / base['p95_ms']:.1f}x; budget p50 < 5 ms: "
          f"{'met' if timing['p50_ms'] < 5.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
