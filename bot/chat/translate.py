"""Turn a Telegram Update into a flow event — nothing else; no state, no I/O."""

from __future__ import annotations

import hashlib

from telegram import Update

from bot.flows import callbacks
from bot.flows.events import Command, Event, Media, Start, Text, Voice

CLIENT_COMMANDS = ("start", "back", "pause", "resume", "help", "restart", "mydata", "delete",
                   "language")


def code_hash(code: str) -> str:
    """Deep-link codes are kept only as a hash."""
    return hashlib.sha256(code.encode()).hexdigest()


def command_of(text: str, bot_username: str | None) -> tuple[str, str] | None:
    """('name', 'args') for '/name@bot args', or None when the text is not a command."""
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None
    return name.lower(), args.strip()


def event_for(update: Update, bot_username: str | None = None) -> Event | None:
    """The event a private-chat update means; None for updates we do not handle."""
    if update.callback_query is not None:
        return callbacks.read(update.callback_query.data, callbacks.CLIENT)
    message = update.edited_message or update.message
    if message is None:
        return None
    # A forwarded message or an inline bot's result are someone else's words.
    own = message.forward_origin is None and message.via_bot is None
    if update.edited_message is not None:
        return Text(message.text, edited=True, own=own) if message.text else None
    if message.text is not None:
        command = command_of(message.text, bot_username)
        if command is None:
            return Text(message.text, own=own)
        name, args = command
        if name == "start":
            return Start(invite=code_hash(args)) if args else Start()
        return Command(name if name in CLIENT_COMMANDS else f"unknown:{name}")
    if message.voice is not None:
        return Voice(message.voice.file_id)
    if message.audio is not None:
        return Voice(message.audio.file_id)
    return Media()
