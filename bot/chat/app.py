"""Build the python-telegram-bot Application and run it with our own safe polling loop.

The Application has no built-in updater (`updater(None)`): `SafePoller` feeds it updates and
confirms them only after they are committed. Outgoing messages go through the rate limiter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable
from datetime import datetime

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, TypeHandler
from telegram.request import BaseRequest

from bot import log_privacy
from bot.app_core import Core, StartupError, build_core
from bot.chat.deliveries import renderers
from bot.chat.handlers import ClientHandlers, on_error
from bot.chat.poller import SafePoller
from bot.chat.professional import ProfessionalHandlers
from bot.chat.replies import Replier
from bot.chat.translate import CLIENT_COMMANDS
from bot.config import Config
from bot.flows.appointments import AMSTERDAM
from bot.professionals.desk import Desk
from bot.professionals.outbox import Row, Sender
from bot.professionals.registry import Registry

log = logging.getLogger(__name__)


async def register_commands(app: Application) -> None:
    """Clients see the client commands, in their own language."""
    core: Core = app.bot_data["core"]
    for lang in core.content.languages:
        tr = core.catalogs.get(lang)
        commands = [BotCommand(name, tr(f"cmd.{name}")) for name in CLIENT_COMMANDS]
        await app.bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats(),
                                      language_code=lang)
    default = core.catalogs.get(core.content.default_language)
    await app.bot.set_my_commands(
        [BotCommand(name, default(f"cmd.{name}")) for name in CLIENT_COMMANDS],
        scope=BotCommandScopeAllPrivateChats(),
    )


def amsterdam_now() -> datetime:
    return datetime.now(AMSTERDAM)


def build_application(core: Core, token: str, *, base_url: str | None = None,
                      base_file_url: str | None = None, request: BaseRequest | None = None,
                      rate_limit: bool = True,
                      clock: Callable[[], datetime] = amsterdam_now) -> Application:
    log_privacy.install()  # also when embedded without the CLI: no personal data in logs
    builder = ApplicationBuilder().token(token).updater(None)
    if base_url:
        builder = builder.base_url(base_url)
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app = builder.build()
    app.bot_data["core"] = core
    replier = Replier(app.bot)
    registry = Registry(core.store)
    desk = Desk(core, registry, clock)
    app.bot_data["desk"] = desk
    pros = ProfessionalHandlers(core, registry, desk, replier)
    handlers = ClientHandlers(core, replier, pros)
    app.add_handler(TypeHandler(Update, handlers.on_update))
    app.add_error_handler(on_error)
    return app


def build_sender(app: Application, clock: Callable[[], datetime] = amsterdam_now) -> Sender:
    """The outbox sender for this application: summaries, notes, reminders, follow-ups."""
    core: Core = app.bot_data["core"]
    desk: Desk = app.bot_data["desk"]

    async def blocked(row: Row) -> None:
        if row.kind in ("summary", "status_note", "reflection"):
            await desk.registry.mark_blocked(row.chat_id)
        else:
            core.store.set_active(row.chat_id, False)

    return Sender(app.bot, core.store, renderers(core), clock, on_blocked=blocked)


async def run_timed_work(desk: Desk, sender: Sender, stop: asyncio.Event,
                         every: float = 30.0) -> None:
    """Queue reminders, status notes and after-meeting questions as they come due."""
    while not stop.is_set():
        try:
            if await desk.tick():
                sender.wake()
        except Exception as exc:
            log.error("timed work failed: %s", type(exc).__name__)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


async def serve(core: Core, config: Config) -> None:
    app = build_application(core, config.token, base_url=config.api_base_url,
                            base_file_url=config.api_file_url)
    poller = SafePoller(app)
    sender = build_sender(app)
    stop = asyncio.Event()

    def shutdown() -> None:
        poller.stop()
        sender.stop()
        stop.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, shutdown)
    async with app:
        await app.bot.delete_webhook()
        await register_commands(app)
        await app.start()
        log.info("bot @%s is running", app.bot.username)
        background = [asyncio.create_task(sender.run()),
                      asyncio.create_task(run_timed_work(app.bot_data["desk"], sender, stop))]
        try:
            await poller.run()
        finally:
            shutdown()
            await asyncio.gather(*background, return_exceptions=True)
            await app.stop()


def run_bot(config: Config) -> int:
    try:
        core = build_core(config.database_path, config.contact, config.content_dir,
                          config.locales_dir)
    except StartupError as exc:
        print("The content has problems; the bot does not start until they are fixed:\n"
              f"{exc}", file=sys.stderr)
        return 1
    try:
        asyncio.run(serve(core, config))
    finally:
        core.close()
    return 0
