"""No personal data in the logs, at any level and from any library.

Clients write about their health; python-telegram-bot at DEBUG logs every request and every
update it receives (texts, names, chat ids, file ids), asyncio logs the repr of failed tasks
with their exception's text, and a traceback's last line quotes whatever the exception was
built with. `install()` makes every log record pass through `redact` before any handler sees
it, in two ways that cover each other:

- a `PrivacyFilter` on every handler that exists (root and every library logger), and
- a log-record factory, so handlers added later (a library's own, pytest's) get clean records.

What `redact` does to a record:
- arguments of library loggers are replaced by "‹…›" (only Bot API method names, ints and
  floats pass); our own loggers (`bot.*`) log types, ids and counts by design, so their
  arguments stay, but still pass the pattern rules below;
- in the final message, numbers of 5 digits or more (chat ids, user ids) become a short keyed
  hash "#1a2b3c" — the same number gives the same hash within one run, so lines can still be
  correlated — and bot tokens and file-id-like strings become "‹token›" / "‹id›";
- in library messages, anything quoted ('…' or "…", as in an exception's repr) becomes "‹…›";
- an exception's traceback keeps its frames (file, line, code) but its message is dropped:
  only the exception's type is shown.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import traceback

OWN_LOGGER = "bot"
HIDDEN = "‹…›"
_KEY = os.urandom(16)  # per process: hashes correlate lines of one run, nothing more

_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
_LONG_NUMBER = re.compile(r"(?<![\w#])-?\d{5,}(?!\w)")
# Telegram file ids and similar opaque identifiers: long runs of base64url characters that
# mix letters and digits.
_OPAQUE_ID = re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}\b")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_API_METHOD = re.compile(r"(?:get|send|edit|answer|delete|set|copy|forward|close|log|pin|"
                         r"unpin|ban|leave)[A-Z][A-Za-z]{1,40}")
_MARK = "_voorbereid_private"


def pseudonym(value: object) -> str:
    """A short keyed hash: the same id gives the same pseudonym during this run."""
    digest = hmac.new(_KEY, str(value).encode(), hashlib.sha256).hexdigest()
    return f"#{digest[:6]}"


def scrub(text: str) -> str:
    """Pattern rules for any message text: tokens, long numbers, opaque ids."""
    text = _TOKEN.sub("‹token›", text)
    text = _OPAQUE_ID.sub("‹id›", text)
    return _LONG_NUMBER.sub(lambda m: pseudonym(m.group(0).lstrip("-")), text)


def _library_arg(arg: object) -> object:
    if isinstance(arg, bool) or arg is None:
        return arg
    if isinstance(arg, int | float):
        return arg  # long numbers are hashed by `scrub` afterwards
    if isinstance(arg, str) and _API_METHOD.fullmatch(arg):
        return arg
    return HIDDEN


def _exception_text(exc_info: tuple) -> str:
    """The traceback's frames, without any exception message (chained ones included)."""
    _, exc, tb = exc_info
    lines: list[str] = []
    seen: set[int] = set()
    chain = []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    for index, item in enumerate(reversed(chain)):
        if index:
            lines.append("\nDuring handling of the above exception, another exception occurred:\n")
        frames = traceback.extract_tb(tb if item is chain[0] and tb is not None
                                      else item.__traceback__)
        lines.append("Traceback (most recent call last):")
        lines.extend(line.rstrip("\n") for line in traceback.format_list(frames))
        lines.append(f"{type(item).__module__}.{type(item).__qualname__} (message withheld)")
    return scrub("\n".join(lines))


def redact(record: logging.LogRecord) -> logging.LogRecord:
    """Make one record safe to write anywhere (idempotent)."""
    if getattr(record, _MARK, False):
        return record
    own = record.name == OWN_LOGGER or record.name.startswith(OWN_LOGGER + ".")
    args = record.args
    try:
        if own:
            message = record.getMessage()
        else:
            if isinstance(args, dict):
                args = {key: _library_arg(value) for key, value in args.items()}
            elif args:
                args = tuple(_library_arg(arg) for arg in args)
            template = str(record.msg)
            try:
                message = template % args if args else template
            except (TypeError, ValueError, KeyError):
                message = f"{template} {HIDDEN}"
            message = _QUOTED.sub(HIDDEN, message)
    except Exception:  # a malformed record: keep only where it came from
        message = HIDDEN
    record.msg = scrub(message)
    record.args = ()
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = _exception_text(record.exc_info)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = HIDDEN
    setattr(record, _MARK, True)
    return record


class PrivacyFilter(logging.Filter):
    """Redacts (never drops) every record that reaches the handler it sits on."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact(record)
        return True


_FILTER = PrivacyFilter()


def _handlers() -> list[logging.Handler]:
    loggers: list[logging.Logger] = [logging.getLogger()]
    loggers += [obj for obj in logging.Logger.manager.loggerDict.values()
                if isinstance(obj, logging.Logger)]
    return [handler for logger in loggers for handler in logger.handlers]


def install() -> None:
    """Put the filter on every handler and redact every record as it is made. Safe to call
    more than once (e.g. after more handlers were added)."""
    for handler in _handlers():
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    factory = logging.getLogRecordFactory()
    if getattr(factory, _MARK, False):
        return

    def private_record(*args, **kwargs) -> logging.LogRecord:
        return redact(factory(*args, **kwargs))

    setattr(private_record, _MARK, True)
    logging.setLogRecordFactory(private_record)
