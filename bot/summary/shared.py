"""Only what the client agreed to share, read once: the shared copy, its profile, its Summary.

Every renderer of the summary starts from `Share`: the answers document without "only for
me" (`AnswersDocument.shared_only`, the one filter), the profile built from that copy with
`include_private=False`, and the `Summary` model built once from both — so the message and
the PDF quote exactly the same answers, and a share is profiled and modelled once. Words
typed beside a button are private on their own: a shared answer may carry a private `extra`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers_format import AnswersDocument
from bot.content.model import Content
from bot.i18n import Translator
from bot.profile.explain import build_profile
from bot.profile.rules import Rules
from bot.summary.build import build_summary
from bot.summary.model import Summary


def check_document(doc: object) -> AnswersDocument:
    """The document if it has the answers format's shape, else a one-line ProfileInputError
    (the CLI prints it and exits 2)."""
    return AnswersDocument.read(doc)


def shared_document(doc: object) -> dict:
    """The JSON of the shared copy: every private answer (and private words beside a button)
    and the history removed. An answer without a `private` key counts as private."""
    return AnswersDocument.read(doc).shared_only().to_json()


def professional_profile(doc: object, *, content: Content, rules: Rules,
                         translator: Translator) -> dict:
    """The profile JSON for the professional: built from the shared copy only, with
    include_private=False, so the profile and the summary quote exactly the same answers."""
    shared = AnswersDocument.read(doc).shared_only()
    return build_profile(shared, content=content, rules=rules, translator=translator,
                         include_private=False).to_json()


@dataclass(frozen=True)
class Share:
    """One share as the professional receives it; the message and the PDF render `summary`."""

    document: AnswersDocument  # the shared copy (only_shared)
    profile: dict  # Profile.to_json(), include_private=False
    summary: Summary


def read_share(doc: object, *, content: Content, rules: Rules | None, translator: Translator,
               removed: tuple[str, ...] | list[str] = (), profile: dict | None = None) -> Share:
    """Filter, profile and model a share once. `profile`: the profile JSON already built from
    this shared copy (kept with the queued summary), else it is built here (then `rules` is
    needed). `removed`: agenda point ids the client took off at review."""
    shared = AnswersDocument.read(doc).shared_only()
    if profile is None:
        if rules is None:
            raise ValueError("read_share needs the rules to build the profile")
        profile = professional_profile(shared, content=content, rules=rules,
                                       translator=translator)
    elif profile.get("include_private") is not False:
        raise ValueError("the professional's summary needs a profile built without private "
                         "answers (include_private=False)")
    summary = build_summary(shared, profile, translator=translator, content=content,
                            removed=removed)
    return Share(shared, profile, summary)
