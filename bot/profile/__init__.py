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
    "build_profile",
    "load_rules",
]

