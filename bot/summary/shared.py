"""Only what the client agreed to share: the answers document without "only for me".

Every renderer of the summary starts from this copy, so a private answer cannot leak through
a forgotten branch (the profile drops them too, with `include_private=False`). Words typed
beside a button are private on their own: a shared answer may carry a private `extra`.
"""

from __future__ import annotations

from bot.content.model import Content
from bot.i18n import Translator
from bot.profile.explain import build_profile
from bot.profile.reading import ProfileInputError
from bot.profile.rules import Rules

FORMAT = "voorbereid.answers"
VERSION = 1


def _is_private(entry: object) -> bool:
    return isinstance(entry, dict) and entry.get("private") is not False


def check_document(doc: object) -> dict:
    """The document itself if it has the answers shape this module reads, else a one-line
    ProfileInputError (the CLI prints it and exits 2)."""
    if not isinstance(doc, dict):
        raise ProfileInputError("not an answers file (expected a JSON object)")
    if doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise ProfileInputError(f"not an answers file of version {VERSION} (format "
                                f"'{doc.get('format')}', version {doc.get('version')!r})")
    if not isinstance(doc.get("answers"), dict):
        raise ProfileInputError("the answers file has no 'answers' object")
    for qid, entry in doc["answers"].items():
        if not isinstance(entry, dict):
            raise ProfileInputError(f"the answer to '{qid}' is not an object")
        extra = entry.get("extra")
        for where in (entry, extra if isinstance(extra, dict) else {}):
            if "private" in where and not isinstance(where["private"], bool):
                raise ProfileInputError(f"the answer to '{qid}': private must be true or false")
    return doc


def shared_document(doc: dict) -> dict:
    """A copy with every private answer (and private words beside a button) removed.

    An answer without a `private` key counts as private: when in doubt, leave it out."""
    answers: dict[str, dict] = {}
    for qid, entry in doc.get("answers", {}).items():
        if not isinstance(entry, dict) or _is_private(entry):
            continue
        kept = dict(entry)
        if "extra" in kept and (not isinstance(kept["extra"], dict)
                                or _is_private(kept["extra"])):
            del kept["extra"]
        answers[qid] = kept
    shared = {key: value for key, value in doc.items() if key not in ("answers", "history")}
    shared["answers"] = answers
    return shared


def professional_profile(doc: dict, *, content: Content, rules: Rules,
                         translator: Translator) -> dict:
    """The profile JSON for the professional: built from the shared document only, with
    include_private=False, so the profile and the summary quote exactly the same answers."""
    shared = shared_document(check_document(doc))
    return build_profile(shared, content=content, rules=rules, translator=translator,
                         include_private=False).to_json()
