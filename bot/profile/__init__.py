"""The profile: a transparent reading of a client's answers for the professional.

Two pointers for a short meeting — which stagnation of the adaptive cycle the client may be in
(with its key mechanism and what to try in the conversation), and which work values matter to
the client but are not yet realised. Everything is rules as data (`bot/content/profile.toml`),
deterministic and explained: every contribution is listed, with how sure the reading is. It is
an aid to discuss, never a label or a decision about a benefit.

    content → rules.py (load + validate) → reading.py (answers in) → stagnation.py, values.py,
    confidence.py (pure scoring) → explain.py (Profile with texts) → render.py / command.py
"""

from __future__ import annotations

from bot.profile.explain import Profile, build_profile
from bot.profile.reading import ProfileInputError
from bot.profile.rules import ProfileRulesError, Rules, load_rules

__all__ = [
    "Profile",
    "ProfileInputError",
    "ProfileRulesError",
    "Rules",
    "bench_profile",
    "build_profile",
    "load_rules",
]


def bench_profile(n: int = 1000, documents: list[dict] | None = None) -> dict[str, float]:
    """Time `build_profile` on answers documents (the personas by default): p50/p95/max in ms.

    Content, rules and catalogs are loaded once beforehand, as in the bot; only the profile of
    one document per call is measured, including its translated texts."""
    import json
    import time
    from pathlib import Path

    from bot.content.model import load_content
    from bot.i18n import Catalogs

    content = load_content()
    rules = load_rules(content)
    catalogs = Catalogs(content.languages, content.default_language)
    if documents is None:
        folder = Path(__file__).resolve().parents[2] / "tests" / "personas"
        documents = [json.loads(p.read_text(encoding="utf-8"))
                     for p in sorted(folder.glob("*.json"))]
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
