"""`python -m bot professional add|list|remove`: accounts for professionals, by a coordinator.

`add` prints a one-time registration link; the professional opens it in Telegram and is
registered. The link needs the bot's username: from TELEGRAM_BOT_USERNAME, or asked of
Telegram with the token (getMe).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime

from bot.config import Config
from bot.professionals.codes import deep_link
from bot.professionals.registry import REGISTRATION_VALID, Registry


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "professional", help="add, list or remove professionals",
        description="Manage professionals. Example: python -m bot professional add --name "
        "\"Sanne de Vries\" prints a one-time registration link to send to her.")
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="create an account and print its registration link")
    add.add_argument("--name", required=True, help="the professional's name as clients and "
                     "coordinators know it")
    sub.add_parser("list", help="list professionals (id, name, registered, invites)")
    remove = sub.add_parser("remove", help="deactivate a professional by id")
    remove.add_argument("id", type=int)
    parser.set_defaults(handler=run)


def bot_username(config: Config) -> str | None:
    if config.bot_username:
        return config.bot_username.lstrip("@")
    if not config.token:
        return None
    from telegram import Bot

    async def ask() -> str:
        async with Bot(config.token, base_url=config.api_base_url) as bot:
            return bot.username

    try:
        return asyncio.run(ask())
    except Exception:
        return None


def run(args: argparse.Namespace, config: Config) -> int:
    from bot.app_core import StartupError, build_core

    try:
        core = build_core(config.database_path)
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 1
    registry = Registry(core.store)
    try:
        if args.action == "add":
            name = args.name.strip()
            if not name:
                print("a name is needed: --name \"…\"", file=sys.stderr)
                return 2
            same = [row for row in registry.professionals()
                    if row["active"] and row["name"].casefold() == name.casefold()]
            if same:
                # Clients read this name ("you are linked to …"): two alike would confuse them.
                print(f"there is already an active professional named {name!r} (id "
                      f"{same[0]['id']}); use a name that tells them apart, e.g. with the "
                      "team or place", file=sys.stderr)
                return 2
            pid, code = registry.add_professional(name, datetime.now(UTC))
            username = bot_username(config)
            days = REGISTRATION_VALID.days
            if username:
                print(f"Professional {pid} ({name}) created. Send them this one-time link "
                      f"(valid {days} days):")
                print(deep_link(username, code))
            else:
                # No link without the bot's username; the code works on its own as well.
                print(f"Professional {pid} ({name}) created. Their one-time registration code "
                      f"(valid {days} days): {code}")
                print(f"They open the bot in Telegram and send: /start {code}")
                print("(set TELEGRAM_BOT_USERNAME or TELEGRAM_BOT_TOKEN to print a link)")
        elif args.action == "list":
            rows = registry.professionals()
            if not rows:
                print("no professionals yet: python -m bot professional add --name \"…\"")
            for row in rows:
                state = ("removed" if not row["active"] else "blocked the bot" if row["blocked"]
                         else "registered" if row["registered"] else "not registered yet")
                print(f"{row['id']:>4}  {row['name']:<30} {state:<20} "
                      f"{row['invites']} invite(s)")
        elif args.action == "remove":
            if not registry.remove_professional(args.id):
                print(f"no active professional with id {args.id}", file=sys.stderr)
                return 2
            print(f"professional {args.id} removed; their invites stay for the statistics")
    finally:
        core.close()
    return 0
