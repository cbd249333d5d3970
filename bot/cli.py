"""`python -m bot …`: thin commands over the same functions the bot uses.

Without a subcommand the bot runs: on Telegram when TELEGRAM_BOT_TOKEN is set, otherwise it
says so in one line and starts the terminal preview.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import logging
import os
import sys

from bot import log_privacy
from bot.config import SETTINGS, Config, load_config
from bot.storage.crypto import KeyProblem

# Subcommands that live with their area: each module has `register(subparsers)` which adds
# its parser with `set_defaults(handler=run)`, and `run(args, config) -> int`.
COMMAND_MODULES: list[str] = ["bot.profile.command", "bot.professionals.command",
                              "bot.summary.command", "bot.stats.command",
                              "bot.privacy.command", "bot.chat.command"]

EPILOG = "environment variables:\n" + "\n".join(
    f"  {name:<22} {help_}" + (f" (default: {default})" if default else "")
    for name, default, help_ in SETTINGS
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Voorbereid: prepare for a meeting with your re-integration professional. "
        "Without a command, runs the Telegram bot (or the terminal preview when no token is set).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command")

    preview = sub.add_parser("preview", help="run the client conversation in this terminal",
                             description="Run the client conversation in the terminal: type a "
                             "number to tap a button, text to answer, /quit to stop. "
                             "Example: python -m bot preview --lang en --step values")
    preview.add_argument("--lang", default=None, help="language of the texts (nl, en)")
    preview.add_argument("--step", default=None,
                         help="start at this part (e.g. health, values, review); earlier "
                         "questions are skipped")
    preview.add_argument("--db", default=None,
                         help="database file to use (default: a new temporary one)")

    content = sub.add_parser("content", help="check the content and catalogs")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    content_sub.add_parser("check", help="validate bot/content and locales; exit 1 on problems",
                           description="Validate bot/content/*.toml and locales/*/LC_MESSAGES/"
                           "*.po. Prints one located line per problem and exits 1; prints "
                           "'content ok' and exits 0 when all is well.")
    length = content_sub.add_parser(
        "length", help="measure the conversation: taps, screens, words and minutes",
        description="Walk the content for a client who only taps buttons and for a typical "
        "client, and print taps, question screens, words read and minutes at 150 and 200 words "
        "a minute. The first line is always 'buttons-only: N taps, W words'.")
    length.add_argument("--lang", default=None, help="language to measure (default: nl)")
    try_rules = content_sub.add_parser(
        "crisis-try", help="try the crisis rules on sentences (stdin) or on the corpus",
        description="Read sentences from standard input, one a line, and print 'referral' or "
        "'none', a tab and the sentence. With --corpus run the labelled corpus "
        "(tests/crisis_corpus) and print the misses, then recall and false positives per "
        "language (the last lines). Example: echo 'ik wil er niet meer zijn' | python -m bot "
        "content crisis-try --lang nl")
    try_rules.add_argument("--lang", default=None,
                           help="the client's language (nl, en): its exceptions also apply to "
                           "the other languages' rules; default: all languages alike")
    try_rules.add_argument("--corpus", action="store_true",
                           help="run tests/crisis_corpus instead of reading standard input")
    try_rules.set_defaults(handler=_crisis_try)

    export = sub.add_parser("export", help="write a client's answers as JSON",
                            description="Write all answers of one client in the answers format "
                            "(docs/answers-format.md). Example: python -m bot export --chat 42")
    export.add_argument("--chat", type=int, required=True, help="the client's Telegram chat id")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = load_config()
    logging.basicConfig(level=config.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Library chatter (every request, every state change) says nothing useful and could grow
    # to include identifiers; keep it to warnings.
    for noisy in ("httpx", "transitions", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # …and whatever any logger says, at any level, passes the privacy filter first.
    log_privacy.install()
    try:
        return _dispatch(args, config)
    except KeyProblem as exc:
        # One clear line: without its key the bot cannot read (or must not write) answers.
        print(f"Voorbereid does not start: {exc}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, config: Config) -> int:
    if getattr(args, "handler", None) is not None:
        return args.handler(args, config)
    match args.command:
        case "content" if args.content_command == "length":
            return _content_length(config, args.lang)
        case "content":
            return _content_check(config)
        case "preview":
            return _preview(config, args.lang, args.step, args.db)
        case "export":
            return _export(config, args.chat, args.out)
    if not config.token:
        print("TELEGRAM_BOT_TOKEN is not set: starting the terminal preview instead "
              "(set the token to run the Telegram bot).", file=sys.stderr)
        return _preview(config, None, None, None)
    from bot.chat.app import run_bot

    return run_bot(config)


def _core(config: Config, database_path: str, cipher=None):
    from bot.app_core import StartupError, build_core

    try:
        return build_core(database_path, config.contact, config.content_dir, config.locales_dir,
                          cipher)
    except StartupError as exc:
        print("The content has problems; the bot does not start until they are fixed:\n"
              f"{exc}", file=sys.stderr)
        return None


def _content_check(config: Config) -> int:
    from bot.content_check import run_check

    problems = run_check(config.content_dir, config.locales_dir)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print("content ok")
    return 0


def _content_length(config: Config, lang: str | None) -> int:
    """`python -m bot content length [--lang L]`: measured on the content and catalogs alone
    (no database, no data key: it is a coordinator's check, like `content check`)."""
    from bot.content.model import load_content
    from bot.content_check import run_check
    from bot.flows.conversation import Flow
    from bot.flows.crisis import CrisisMatcher
    from bot.flows.length import measure, report, welcome_minutes
    from bot.i18n import Catalogs

    problems = run_check(config.content_dir, config.locales_dir)
    if problems:
        print("The content has problems; fix them first (python -m bot content check):\n"
              + "\n".join(problems), file=sys.stderr)
        return 1
    content = load_content(config.content_dir / "flow.toml")
    lang = lang or content.default_language
    if lang not in content.languages:
        print(f"unknown language {lang!r}: flow.toml enables {', '.join(content.languages)}",
              file=sys.stderr)
        return 2
    flow = Flow(content, CrisisMatcher({}), config.contact)
    tr = Catalogs(content.languages, content.default_language, config.locales_dir).get(lang)
    buttons, typical = measure(flow, tr, lang)
    try:
        for line in report(buttons, typical, welcome_minutes(flow, tr, lang)):
            print(line, flush=True)
    except BrokenPipeError:
        # A script read only the first line (`| head -1`): that is all it wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _crisis_try(args: argparse.Namespace, config: Config) -> int:
    from bot.crisis_try import main as crisis_try

    return crisis_try(config.content_dir, args.lang, args.corpus)


def _preview(config: Config, lang: str | None, step: str | None, db: str | None) -> int:
    from bot.app_core import StartupError
    from bot.console import preview_database, run_preview
    from bot.storage.crypto import Cipher, MissingKey

    try:
        cipher = Cipher.from_env()
    except MissingKey:
        cipher = Cipher.generate()
        print("DATA_KEY is not set: the preview uses a throwaway key (its answers cannot be "
              "read once it ends).", file=sys.stderr)
    core = _core(config, preview_database(db), cipher)
    if core is None:
        return 1
    if lang is not None and lang not in core.content.languages:
        # A coordinator adding a language must see that flow.toml does not list it yet.
        print(f"unknown language {lang!r}: flow.toml enables {', '.join(core.content.languages)}"
              " (see docs/content.md, 'Add a language')", file=sys.stderr)
        core.close()
        return 2
    language = core.catalogs.pick_language(lang)
    try:
        asyncio.run(run_preview(core, language, step))
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        core.close()
    return 0


def _export(config: Config, chat_id: int, out: str) -> int:
    core = _core(config, config.database_path)
    if core is None:
        return 1
    try:
        if core.store.load(chat_id) is None:
            print(f"no conversation stored for chat {chat_id}", file=sys.stderr)
            return 2
        text = json.dumps(core.export(chat_id), ensure_ascii=False, indent=2)
        if out == "-":
            print(text)
        else:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
    finally:
        core.close()
    return 0
