"""`python -m bot stats [--since DATE] [--until DATE] [--csv DIR] [--plots DIR] [--lang L]`.

For coordinators: the figures as text, optionally as CSV files and PNG plots. Reads the
database read-only, so it can run while the bot is running. Exit codes: 0 done, 1 the content
cannot be read, 2 no database, a data key that does not open it, or an unusable date.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.content.model import ContentError, load_content
from bot.i18n import Catalogs
from bot.stats.figures import Period, open_readonly, read_figures
from bot.stats.labels import labeller
from bot.stats.output import render_text, write_csv
from bot.stats.plots import write_plots
from bot.stats.report import build_tables
from bot.storage.crypto import KeyProblem


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-03-31") from exc


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats", help="anonymous figures: invites, drop-off per part, profiles, evaluations",
        description="Anonymous figures for coordinators: invites sent, opened, finished and "
        "shared; how far conversations got per part (skip, don't know and discuss counted "
        "apart from stopping); median time to finish; self-descriptions, stagnations, "
        "self-view vs profile, work-value gaps; reflections and evaluations; counts per "
        "professional. Groups smaller than 5 are shown as <5. "
        "Example: python -m bot stats --since 2026-01-01 --csv out --plots out")
    parser.add_argument("--since", type=_date, default=None,
                        help="count what started on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, default=None,
                        help="count what started on or before this date (YYYY-MM-DD)")
    parser.add_argument("--csv", type=Path, default=None, metavar="DIR",
                        help="also write one CSV file per table into DIR")
    parser.add_argument("--plots", type=Path, default=None, metavar="DIR",
                        help="also write PNG bar charts into DIR")
    parser.add_argument("--lang", default=None, help="language of the headings (nl, en)")
    parser.add_argument("--db", default=None,
                        help="database file (default: DATABASE_PATH)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, config) -> int:
    try:
        content = load_content(config.content_dir / "flow.toml")
    except ContentError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    database = Path(args.db or config.database_path)
    if not database.is_file():
        print(f"stats: no database at {database} (set DATABASE_PATH or use --db)",
              file=sys.stderr)
        return 2
    catalogs = Catalogs(content.languages, content.default_language, config.locales_dir)
    tr = catalogs.get(args.lang or content.default_language)
    try:
        conn = open_readonly(database)
    except KeyProblem as exc:
        print(f"stats: {exc}", file=sys.stderr)
        return 2
    try:
        figures = read_figures(conn, content, Period(args.since, args.until))
    finally:
        conn.close()
    tables = build_tables(figures, content)
    since = args.since.isoformat() if args.since else tr("stats.period.start")
    until = args.until.isoformat() if args.until else tr("stats.period.end")
    label = labeller(tr, content)
    sys.stdout.write(render_text(tables, tr, since, until, label))
    for folder, write in ((args.csv, write_csv),
                          (args.plots, lambda ts, f: write_plots(ts, f, tr, label))):
        if folder is not None:
            written = write(tables, folder)
            print(tr("stats.written", count=len(written), folder=str(folder)))
    return 0
