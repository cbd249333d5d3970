"""The terminal preview: the same flow, storage and texts as the bot, with numbered buttons.

For coordinators checking wording and for anyone without a token. Type a number to tap a
button, text to answer in your own words, or a command such as /back, /pause, /help.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.app_core import Core
from bot.flows import callbacks
from bot.flows.events import Command, Start, Text
from bot.flows.screens import Msg, Screen
from bot.render import Rendered, render

PREVIEW_CHAT_ID = 1
MYDATA_PREFIX = "voorbereid-mydata-"

# Something meant as a button number (the preview's way of tapping), not as own words.
NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


class Preview:
    def __init__(self, core: Core, lang: str, out: TextIO = sys.stdout):
        self.core = core
        self.lang = lang
        self.out = out
        self.buttons: list[tuple[str, str]] = []
        # The folder of /mydata's PDF while the preview runs (removed at the end, on /delete).
        self.files: Path | None = None

    def show(self, messages: list[Rendered]) -> None:
        for message in messages:
            self.out.write("\n" + message.text + "\n")
            if message.buttons:
                # The same rows as in Telegram, each button numbered.
                self.buttons = [b for row in message.buttons for b in row]
                number = 0
                for row in message.buttons:
                    cells = []
                    for label, _ in row:
                        number += 1
                        cells.append(f"[{number}] {label}")
                    self.out.write("  " + "   ".join(cells) + "\n")
        self.out.flush()

    async def send(self, event) -> None:
        applied = await self.core.preparation.apply(PREVIEW_CHAT_ID, event,
                                                    language_code=self.lang)
        tr = self.core.preparation.translator(applied.conversation)
        if applied.outcome.notice is not None:
            from bot.render import text_of

            self.out.write(f"\n({text_of(applied.outcome.notice, tr)})\n")
        screens = applied.outcome.screens
        if event == Command("help"):
            # Only the preview has /quit: it joins the command list, above the crisis lines.
            screens = [_with_quit(s) for s in screens]
        messages = [m for screen in screens for m in render(screen, tr)]
        self.show(messages)
        if applied.outcome.delete_all:
            self.remove_files()
        if applied.outcome.export:
            if applied.conversation.answers:
                # The same readable PDF a client gets, readable only by this user and removed
                # when the preview ends or on /delete; the preview says where it is meanwhile.
                from bot.summary.mine import render_mine

                path = self.private_file(tr("ui.pdf.filename"))
                path.write_bytes(render_mine(self.core.flow, applied.conversation, tr))
                self.out.write("\n" + tr("ui.preview.pdf", path=str(path)) + "\n")
            data = self.core.export(PREVIEW_CHAT_ID)
            self.out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def private_file(self, name: str) -> Path:
        """A new empty file with mode 0600 in this preview's own 0700 folder."""
        if self.files is None:
            self.files = Path(tempfile.mkdtemp(prefix=f"{MYDATA_PREFIX}{os.getpid()}-"))
        path = self.files / name
        path.unlink(missing_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return path

    def remove_files(self) -> None:
        if self.files is not None:
            shutil.rmtree(self.files, ignore_errors=True)
            self.files = None

    async def handle_line(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            await self.send(callbacks.parse(self.buttons[int(line) - 1][1]))
        elif self.buttons and NUMBER.fullmatch(line):
            # A mistyped button number is not the client's own words.
            prep = self.core.preparation
            tr = prep.translator(prep.conversation(PREVIEW_CHAT_ID, self.lang))
            self.out.write(f"\n({tr('ui.preview.no_button', max=len(self.buttons))})\n")
        elif line.startswith("/"):
            name = line[1:].split()[0].lower()
            await self.send(Start() if name == "start" else Command(name))
        else:
            await self.send(Text(line))

    async def jump(self, step: str) -> None:
        """Start at a part (coordinators checking one question): earlier parts are skipped."""
        await self.core.jump(PREVIEW_CHAT_ID, self.lang, step)
        conv = self.core.preparation.conversation(PREVIEW_CHAT_ID, self.lang)
        tr = self.core.preparation.translator(conv)
        self.show([m for s in self.core.flow.screens_for(conv) for m in render(s, tr)])


async def run_preview(core: Core, lang: str, step: str | None = None,
                      stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    preview = Preview(core, lang, out)
    remove_left_behind()
    out.write(core.catalogs.get(lang)("ui.preview.banner") + "\n")
    # kill (SIGTERM) and a closed terminal (SIGHUP) end the preview like /quit: files removed.
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        if step:
            await preview.jump(step)
        else:
            await preview.send(Start())
        loop = asyncio.get_running_loop()
        while True:
            out.write("> ")
            out.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            if line.strip() in ("/quit", "/exit"):
                break
            await preview.handle_line(line)
    finally:
        preview.remove_files()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _with_quit(screen: Screen) -> Screen:
    if not screen.lines or screen.lines[0].id != "ui.help":
        return screen
    joined = Msg.join(screen.lines[0], Msg.of("ui.preview.quit"), sep="\n")
    return replace(screen, lines=(joined, *screen.lines[1:]))


def remove_left_behind() -> None:
    """PDF folders of earlier previews that could not clean up (kill -9): removed when their
    process is gone, so a client's answers never stay readable in /tmp."""
    for folder in Path(tempfile.gettempdir()).glob(f"{MYDATA_PREFIX}*"):
        pid = folder.name.removeprefix(MYDATA_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or folder.stat().st_uid != os.getuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def preview_database(path: str | None) -> str:
    if path:
        return path
    return str(Path(tempfile.mkdtemp(prefix="voorbereid-preview-")) / "preview.db")
