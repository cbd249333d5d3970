"""Build the python-telegram-bot Application and run it with our own safe polling loop.

The Application has no built-in updater (`updater(None)`): `SafePoller` feeds it updates and
confirms them only after they are committed. Outgoing messages go through the rate limiter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, TypeHandler
from telegram.request import BaseRequest

from bot import log_privacy
from bot.app_core import Core, StartupError, build_core
from bot.chat.calls import RetryPolicy
from bot.chat.deliveries import renderers
from bot.chat.handlers import ClientHandlers, on_error, queue_notice
from bot.chat.poller import Deferral, SafePoller
from bot.chat.professional import ProfessionalHandlers
from bot.chat.quiet import quiet_telegram_logs
from bot.chat.replies import Replier
from bot.chat.sender import Sender
from bot.chat.translate import CLIENT_COMMANDS
from bot.config import Config
from bot.flows.appointments import AMSTERDAM
from bot.privacy.retention import Retention
from bot.professionals.desk import Desk
from bot.professionals.outbox import Row
from bot.professionals.registry import Registry
from bot.storage import StorageError, storage_problem
from bot.storage.delivery import defer, deferred, forget_deferred, record_skipped

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
                      clock: Callable[[], datetime] = amsterdam_now,
                      timeout: float | None = None,
                      policy: RetryPolicy | None = None) -> Application:
    log_privacy.install()  # also when embedded without the CLI: no personal data in logs
    quiet_telegram_logs()
    builder = ApplicationBuilder().token(token).updater(None)
    if timeout is not None and request is None:
        builder = (builder.read_timeout(timeout).write_timeout(timeout)
                   .connect_timeout(timeout).pool_timeout(timeout)
                   .get_updates_connect_timeout(timeout).get_updates_write_timeout(timeout)
                   .get_updates_pool_timeout(timeout))
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
    replier = Replier(app.bot, policy)
    registry = Registry(core.store)
    desk = Desk(core, registry, clock)
    app.bot_data["desk"] = desk
    pros = ProfessionalHandlers(core, registry, desk, replier)
    handlers = ClientHandlers(core, replier, pros)
    app.add_handler(TypeHandler(Update, handlers.on_update))
    app.add_error_handler(on_error)
    return app


def build_sender(app: Application, clock: Callable[[], datetime] = amsterdam_now,
                 late_notice: timedelta = timedelta(hours=2)) -> Sender:
    """The outbox sender for this application: summaries, notes, reminders, follow-ups."""
    core: Core = app.bot_data["core"]
    desk: Desk = app.bot_data["desk"]

    async def blocked(row: Row) -> None:
        if row.kind in ("summary", "status_note", "reflection", "late_note"):
            await desk.registry.mark_blocked(row.chat_id)
        else:
            core.store.set_active(row.chat_id, False)

    return Sender(app.bot, core.store, renderers(core), clock, on_blocked=blocked,
                  late_notice=late_notice)


def build_deferral(core: Core, sender: Sender | None = None) -> Deferral:
    """Where a flooding chat's excess waits (the database), and its one "one moment"."""
    async def store(rows: list[tuple[int, int, dict]]) -> None:
        at = amsterdam_now().isoformat()
        await defer(core.store, [(uid, chat, raw, at) for uid, chat, raw in rows])

    async def one_moment(chat_id: int) -> None:
        conv = core.store.load(chat_id)
        lang = conv.lang if conv else core.content.default_language
        await queue_notice(core, chat_id, lang, "delivery.one_moment")
        if sender is not None:
            sender.wake()

    return Deferral(store=store, forget=lambda uid: forget_deferred(core.store, uid),
                    load=lambda: deferred(core.store), on_flood=one_moment)


async def run_timed_work(desk: Desk, sender: Sender, stop: asyncio.Event,
                         every: float = 30.0, retention: Retention | None = None) -> None:
    """Queue reminders, status notes and after-meeting questions as they come due; purge what
    is past its retention date (and give notice before)."""
    while not stop.is_set():
        try:
            if await desk.tick():
                sender.wake()
            if retention is not None and (await retention.tick())[0]:
                sender.wake()
        except Exception as exc:
            log.error("timed work failed: %s", type(exc).__name__)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


STOP_DEADLINE = 2.2  # seconds from SIGTERM until whatever still runs is cancelled
EXIT_DEADLINE = 2.8  # …and until the process leaves regardless (nothing unconfirmed is lost)


async def _start_app(app: Application, stop: asyncio.Event) -> bool:
    """Initialise (getMe), drop a webhook and register commands — waiting out an unreachable
    API with growing pauses rather than exiting. False when stopped meanwhile."""
    backoff = 1.0
    while not stop.is_set():
        try:
            await app.initialize()
            await app.bot.delete_webhook()
            break
        except (NetworkError, TimedOut) as exc:
            log.warning("Telegram not reachable at start (%s); retrying in %.0f s",
                        type(exc).__name__, backoff)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), backoff)
            backoff = min(backoff * 2, 30.0)
    if stop.is_set():
        return False
    try:
        await register_commands(app)
    except TelegramError as exc:
        log.warning("could not register the command list (%s)", type(exc).__name__)
    return True


async def serve(core: Core, config: Config) -> None:
    app = build_application(core, config.token, base_url=config.api_base_url,
                            base_file_url=config.api_file_url, timeout=config.telegram_timeout)

    async def skipped(update_id: int, kind: str) -> None:
        await record_skipped(core.store, update_id, kind, amsterdam_now().isoformat())

    sender = build_sender(app, late_notice=timedelta(hours=config.late_notice_hours))
    poller = SafePoller(app, poll_timeout=config.poll_timeout, on_skipped=skipped,
                        read_margin=config.telegram_timeout,
                        deferral=build_deferral(core, sender))
    stop = asyncio.Event()
    main = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def shutdown() -> None:
        if not stop.is_set():
            log.info("stopping")
            loop.call_later(STOP_DEADLINE, main.cancel)
            threading.Thread(target=_exit_after, args=(EXIT_DEADLINE,), daemon=True).start()
        poller.stop()
        sender.stop()
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, shutdown)
    background: list[asyncio.Task] = []
    try:
        if not await _start_app(app, stop):
            return
        await app.start()
        log.info("bot @%s is running", app.bot.username)
        background = [asyncio.create_task(sender.run()),
                      asyncio.create_task(run_timed_work(
                          app.bot_data["desk"], sender, stop, retention=Retention.from_days(
                              core.store, amsterdam_now, config.retention_days,
                              config.idle_days)))]
        await poller.run()
    finally:
        shutdown()
        if background:
            _, pending = await asyncio.wait(background, timeout=0.5)
            for task in pending:
                task.cancel()
        with contextlib.suppress(Exception):
            if app.running:
                await app.stop()
            await asyncio.wait_for(app.shutdown(), timeout=0.5)


def _exit_after(seconds_: float) -> None:
    """The last resort of a stop: leave even if something still hangs. Safe, because
    every answer is committed before its update is confirmed (as after a kill -9)."""
    time.sleep(seconds_)
    os._exit(0)


def run_bot(config: Config) -> int:
    try:
        core = build_core(config.database_path, config.contact, config.content_dir,
                          config.locales_dir, busy_timeout=config.db_busy_timeout,
                          cache_size=config.cache_size)
    except StartupError as exc:
        print("The content has problems; the bot does not start until they are fixed:\n"
              f"{exc}", file=sys.stderr)
        return 1
    except (StorageError, OSError) as exc:
        print(f"The database {config.database_path} cannot be used "
              f"({_database_problem(exc)}); the bot does not start.", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(core, config))
    except (asyncio.CancelledError, KeyboardInterrupt):
        pass
    finally:
        core.close()
    return 0


def _database_problem(exc: BaseException) -> str:
    problem = storage_problem(exc) if isinstance(exc, StorageError) else "other"
    return {"locked": "it is locked by another process",
            "readonly": "it cannot be written",
            "full": "the disk is full"}.get(problem, f"{type(exc).__name__}: {exc}")
