"""Keep python-telegram-bot's loggers from writing what people sent, at every level.

PTB logs whole updates and API parameters at DEBUG ("Processing update …", "Calling Bot API
endpoint … with parameters …"), and at CRITICAL the raw batch it could not parse. A filter on
each of its loggers keeps the record (its level and fixed template, so operators still see
that something happened) but drops the arguments and the traceback text, which is where
message texts, names and ids would be.
"""

from __future__ import annotations

import logging

TELEGRAM_LOGGERS = ("telegram", "telegram.Bot", "telegram.ext", "telegram.ext.ExtBot",
                    "telegram.ext.Application", "telegram.ext.Updater",
                    "telegram.ext.AIORateLimiter", "telegram.ext.ConversationHandler",
                    "telegram.ext.JobQueue", "telegram.request", "telegram.request.BaseRequest",
                    "telegram.request.HTTPXRequest")


class WithoutContent(logging.Filter):
    """Replace a record's arguments by '…' and its traceback by the exception's type."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            template = str(record.msg)
            count = template.count("%") - 2 * template.count("%%")
            record.msg = template.replace("%r", "%s")
            record.args = ("…",) * count if count > 0 else ()
            if not record.args:
                record.msg = template.split("%")[0] + "…"
        if record.exc_info:
            exc = record.exc_info[1]
            record.msg = f"{record.msg} [{type(exc).__name__}]" if exc else record.msg
            record.exc_info = None
            record.exc_text = None
        record.stack_info = None
        return True


_FILTER = WithoutContent()


def quiet_telegram_logs() -> None:
    """Install the filter on every PTB logger (idempotent)."""
    for name in TELEGRAM_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
