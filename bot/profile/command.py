"""`python -m bot profile ANSWERS.json [--lang nl|en] [--json] [--include-private]`.

Human-readable by default, the documented JSON with --json (docs/profile-format.md). A file
that cannot be read gives one line on stderr and exit code 2, never a traceback: a coordinator
running this on an old or hand-edited file needs to know what is wrong, not where in our code.
Broken profile rules give their located problems and exit code 1, like `content check`.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.content.model import ContentError, load_content
from bot.i18n import Catalogs
from bot.profile.explain import build_profile
from bot.profile.reading import ProfileInputError, load_answers_file
from bot.profile.render import render_text
from bot.profile.rules import ProfileRulesError, load_rules

EXIT_BAD_INPUT = 2
EXIT_BAD_CONTENT = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "profile", help="the stagnation and work-values profile of an answers file",
        description="Read an answers file (docs/answers-format.md) and print the profile for "
        "the professional: the possible stagnation with its key mechanism and suggestions, "
        "how sure it is and why, the client's own view, every piece of evidence and the work "
        "values. Private answers are left out unless --include-private is given. "
        "Example: python -m bot profile answers.json --lang en")
    parser.add_argument("answers", help="the answers file (JSON), or - for standard input")
    parser.add_argument("--lang", default=None, choices=("nl", "en"),
                        help="language of the profile texts (default: the content's default)")
    parser.add_argument("--json", action="store_true",
                        help="print the documented JSON shape (docs/profile-format.md)")
    parser.add_argument("--include-private", action="store_true",
                        help="also use answers the client kept 'only for me' (only for the "
                        "client's own copy, never for the professional)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, config: object = None) -> int:
    try:
        content = load_content()
        rules = load_rules(content)
    except (ContentError, ProfileRulesError) as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return EXIT_BAD_CONTENT
    try:
        doc = load_answers_file(args.answers)
        catalogs = Catalogs(content.languages, content.default_language)
        translator = catalogs.get(args.lang or content.default_language)
        profile = build_profile(doc, content=content, rules=rules, translator=translator,
                                include_private=args.include_private)
    except ProfileInputError as exc:
        print(f"profile: {args.answers}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (TypeError, AttributeError, KeyError, RecursionError) as exc:
        # Reading validates every type it uses; this is the last guard against a traceback.
        print(f"profile: {args.answers}: not a readable answers file ({type(exc).__name__})",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(profile.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(profile, translator))
    return 0
