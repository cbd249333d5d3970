"""`python -m bot summary ANSWERS.json --lang nl [--pdf out.pdf] [--reference R]
[--appointment "2026-12-01 10:00"] [--removed ID …]`: the professional's summary, offline.

For checking layouts and texts without Telegram: prints the message(s) exactly as they would be
sent (Telegram HTML) and writes the PDF. Private answers are left out as in the bot. A file that
cannot be read gives one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from bot.content.model import ContentError, load_content
from bot.i18n import Catalogs
from bot.profile.reading import ProfileInputError, load_answers_file
from bot.profile.rules import ProfileRulesError, load_rules
from bot.summary.moments import moment_text, parse_local, prepared_at
from bot.summary.pdf import render_summary_pdf
from bot.summary.shared import read_share
from bot.summary.text import render_message

EXIT_BAD_INPUT = 2
EXIT_BAD_CONTENT = 1
SEPARATOR = "-" * 40


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summary", help="render the professional's summary (message and PDF) of an answers file",
        description="Render what the professional receives from an answers file "
        "(docs/answers-format.md): the Telegram message(s), printed as sent (HTML), and with "
        "--pdf the printable PDF. Answers the client kept for themselves are left out. "
        "Example: python -m bot summary answers.json --lang nl --pdf out.pdf")
    parser.add_argument("answers", help="the answers file (JSON), or - for standard input")
    parser.add_argument("--lang", default=None, choices=("nl", "en"),
                        help="the professional's language (default: the content's default)")
    parser.add_argument("--pdf", default=None, metavar="FILE", help="write the PDF here")
    parser.add_argument("--reference", default="",
                        help="the client's reference (pseudonym or case number) to show")
    parser.add_argument("--appointment", default=None, metavar="'YYYY-MM-DD HH:MM'",
                        help="the appointment, Europe/Amsterdam time")
    parser.add_argument("--removed", nargs="*", default=[], metavar="POINT",
                        help="agenda point ids the client removed (e.g. help, questions, "
                        "discuss:health; see docs/answers-format.md)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, config: object = None) -> int:
    try:
        content = load_content()
        rules = load_rules(content)
    except (ContentError, ProfileRulesError) as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return EXIT_BAD_CONTENT
    lang = args.lang or content.default_language
    try:
        appointment = moment_text(parse_local(args.appointment), lang) if args.appointment else ""
    except ValueError:
        print(f"summary: --appointment '{args.appointment}' is not a date and time like "
              "2026-12-01 10:00", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        catalogs = Catalogs(content.languages, content.default_language)
        t = catalogs.get(lang)
        share = read_share(load_answers_file(args.answers), content=content, rules=rules,
                           translator=t, removed=tuple(args.removed))
        when = prepared_at(share.document.to_json())
        options = {"reference": args.reference, "appointment_text": appointment,
                   "prepared_text": moment_text(when, lang) if when else ""}
        messages = render_message(t, share.summary, **options)
        pdf = render_summary_pdf(t, share.summary, **options) if args.pdf else None
    except ProfileInputError as exc:
        print(f"summary: {args.answers}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (TypeError, AttributeError, KeyError, ValueError, RecursionError) as exc:
        print(f"summary: {args.answers}: not a readable answers file ({type(exc).__name__})",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"\n{SEPARATOR}\n".join(messages))
    if pdf is not None:
        try:
            with open(args.pdf, "wb") as handle:
                handle.write(pdf)
        except OSError as exc:
            print(f"summary: cannot write {args.pdf} ({exc.strerror or exc})", file=sys.stderr)
            return EXIT_BAD_INPUT
    return 0
