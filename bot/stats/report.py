"""Figures → tables, with every small group hidden before anything is shown or written.

One rule for every table, the CSV files and the plots alike: a count below MIN_GROUP becomes
the text "<5" here, so no output path can show it. A median over fewer than MIN_GROUP
conversations is hidden the same way: it would describe those few people.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Content
from bot.flows.answers import ANSWERED, DISCUSS, DONT_KNOW, SKIPPED
from bot.profile.rules import OUTCOMES
from bot.stats.figures import OTHER, Figures, median

MIN_GROUP = 5
# Profiles that named no stagnation (too little to read a pattern), counted apart.
TOO_LITTLE = "too_little"
SMALL = f"<{MIN_GROUP}"
Cell = int | str


def shown(count: int) -> Cell:
    return count if count >= MIN_GROUP else SMALL


@dataclass(frozen=True)
class Table:
    """One table: `name` is its file name and heading id (stats.table.<name>); `columns` are
    column ids; `plot` names the count column drawn as bars (None: no plot)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    plot: str | None = None


def _counts(name: str, key: str, counts: dict, order: list[str], plot: bool = True) -> Table:
    """A distribution: every known key in order (so a missing group is visible as <5), then
    any other key found, most frequent first."""
    if not any(counts.values()):
        # Nothing counted at all: "nothing to count yet", like every other empty table, not a
        # column of <5 that suggests a few (issue 19).
        return Table(name, (key, "count"), (), "count" if plot else None)
    extra = sorted((k for k in counts if k not in order), key=lambda k: (-counts[k], str(k)))
    keys = [*order, *extra]
    return Table(name, (key, "count"), tuple((k, shown(counts.get(k, 0))) for k in keys),
                 "count" if plot else None)


def overview(figures: Figures) -> Table:
    values = dict(figures.overview)
    minutes = median(figures.minutes_to_finish)
    rows: list[tuple[Cell, ...]] = []
    for figure in ("conversations", "declined", "finished", "shared", "median_minutes",
                   "invites_sent", "invites_opened", "invites_finished", "invites_shared"):
        if figure == "median_minutes":
            big_enough = len(figures.minutes_to_finish) >= MIN_GROUP and minutes is not None
            rows.append((figure, round(minutes) if big_enough else SMALL))
        else:
            rows.append((figure, shown(values.get(figure, 0))))
    return Table("overview", ("figure", "value"), tuple(rows))


def funnel(figures: Figures) -> Table:
    rows = []
    for part, counts in figures.funnel.items():
        inside = part not in ("start", "review")
        ways = tuple(shown(counts.statuses[s]) if inside else ""
                     for s in (ANSWERED, SKIPPED, DONT_KNOW, DISCUSS))
        rows.append((part, shown(counts.reached), *ways, shown(counts.stopped)))
    return Table("funnel", ("part", "reached", "answered", "skipped", "dont_know", "discuss",
                            "stopped"), tuple(rows), "reached")


def evaluations(figures: Figures) -> Table:
    rows = tuple((question, answer, shown(count))
                 for (question, answer), count in sorted(figures.evaluations.items()))
    return Table("evaluations", ("question", "answer", "count"), rows, "count")


def agreement(figures: Figures) -> Table:
    """How often the profile and the professional saw the same pattern. The share is shown
    only when both the agreeing and the differing group are big enough: otherwise it would
    give away a small count."""
    agree, differ = figures.agreement["agree"], figures.agreement["differ"]
    share: Cell = (round(100 * agree / (agree + differ))
                   if agree >= MIN_GROUP and differ >= MIN_GROUP else SMALL)
    rows: tuple[tuple[Cell, ...], ...] = (
        ("compared", shown(agree + differ)), ("agree", shown(agree)),
        ("differ", shown(differ)), ("agree_percent", share),
        ("too_little", shown(figures.agreement["too_little"])))
    return Table("agreement", ("figure", "value"), rows)


def professionals(figures: Figures) -> Table:
    """Per professional (their number and name: not client data), client counts hidden below
    MIN_GROUP like everywhere else."""
    columns = ("invites", "opened", "finished", "shared", "reflections")
    rows = tuple((pid, name, *(shown(counts[c]) for c in columns))
                 for pid, (name, counts) in figures.professionals.items())
    return Table("professionals", ("professional", "name", *columns), rows)


def build_tables(figures: Figures, content: Content) -> list[Table]:
    selfview = content.question("selfview")
    options = list(selfview.options.options) if selfview and selfview.options else []
    gaps = sorted(content.values, key=lambda v: -figures.value_gaps.get(v, 0))
    return [
        overview(figures),
        funnel(figures),
        _counts("selfview", "option", figures.selfview, [*options, SKIPPED, DONT_KNOW, DISCUSS]),
        _counts("stagnations", "stagnation", figures.stagnations, [*OUTCOMES, TOO_LITTLE]),
        _counts("self_view_differs", "differs", figures.self_view_differs, ["yes", "no"]),
        _counts("value_gaps", "work_value", figures.value_gaps, gaps),
        _counts("reflections", "helped", figures.reflections, ["yes", "somewhat", "no", SKIPPED]),
        _counts("reflection_seen", "seen", figures.seen, [*OUTCOMES, "none", SKIPPED]),
        agreement(figures),
        evaluations(figures),
        professionals(figures),
    ]


__all__ = ["MIN_GROUP", "OTHER", "SMALL", "Table", "build_tables", "shown"]
