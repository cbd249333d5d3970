"""Words instead of ids for the rows of the text output and the plots.

The CSV files keep the ids (a spreadsheet formula must survive a change of wording); a
coordinator reading the terminal or a plot sees the same words the client and the
professional saw: the part titles, the option labels, the names of the stagnations and work
values; "other" (an id the content does not know) in words too. A key without a text
(an option from older content) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.content.model import Content
from bot.flows.answers import DISCUSS, DONT_KNOW, SKIPPED
from bot.i18n import Translator
from bot.profile.texts import pro_label
from bot.stats.figures import OTHER

Labeller = Callable[[str, object], str]
WAYS_OUT = {SKIPPED: "ui.answer.skipped", DONT_KNOW: "ui.answer.dont_know",
            DISCUSS: "ui.answer.discuss"}


def plain(_column: str, key: object) -> str:
    return str(key)


def labeller(tr: Translator, content: Content) -> Labeller:
    selfview = content.question("selfview")
    options = selfview.options if selfview else None
    parts = {part.id: part.title_id for part in content.parts}

    def msgid(column: str, key: str) -> str | None:
        if key in WAYS_OUT:
            return WAYS_OUT[key]
        if key == OTHER:
            return "stats.other"
        match column:
            case "part":
                return pro_label("part", key) if key in parts else f"stats.part.{key}"
            case "option":
                return options.label_id(key) if options and key in options.options else None
            case "stagnation" | "seen":
                if key in ("too_little", "none"):
                    return "stats.too_little" if key == "too_little" else "pro.seen.none"
                return f"profile.outcome.{key}"
            case "work_value":
                return pro_label("value", key)
            case "differs" | "helped" | "answer":
                return f"ui.eval.{key}"
            case "question":
                # The client was asked "did it help you?"; the coordinator reads it about them.
                return f"stats.eval.{key}"
        return None

    def label(column: str, key: object) -> str:
        if not isinstance(key, str) or not key:
            return str(key)
        found = msgid(column, key)
        return tr(found) if found and tr.has(found) else key

    return label
