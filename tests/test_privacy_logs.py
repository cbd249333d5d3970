"""No personal data in the logs at DEBUG: a full client conversation, a share, the summary's
delivery (message, PDF, voice note), a status note and a professional's /invite, with every
logger (ours, python-telegram-bot, httpx, asyncio, apscheduler) at DEBUG; every log line is
scanned for the client's words, names, chat ids, the reference and the file ids."""

from __future__ import annotations

import io
import logging
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from bot import log_privacy
from bot.chat.app import build_sender
from bot.flows.events import Choose
from tests.answering import labels_of
from tests.fakes import TelegramClient, pick
from tests.test_professionals import invite, register

CLIENT_CHAT = 73120458
PRO_CHAT = 88012345
WORDS = ["Zwaluwstaart", "Kribbebijter", "Hoefijzerneus", "Pimpelmees", "Klaprooswei"]
NAMES = ["Wendelina", "Poortvliet", "wendel_pv", "Bartholomeus"]
REFERENCE = "dossier-Karekiet-31"
VOICE = "AwACAgQAAxkBAAIBbWdVoice7rTq_Xy9Zk"
LIBRARIES = ("telegram", "telegram.ext", "httpx", "httpcore", "asyncio", "apscheduler",
             "transitions", "bot")


class NamedClient(TelegramClient):
    """A client with a real-looking name and username, as Telegram sends them."""

    def _user(self) -> dict:
        return {"id": self.chat_id, "is_bot": False, "first_name": NAMES[0],
                "last_name": NAMES[1], "username": NAMES[2], "language_code": "nl"}

    def _chat(self) -> dict:
        return {"id": self.chat_id, "type": "private", "first_name": NAMES[0],
                "last_name": NAMES[1], "username": NAMES[2]}


@pytest.fixture
def debug_log():
    """Every logger at DEBUG into one buffer, through a handler on the root logger."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in LIBRARIES}
    old_root = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG)
    log_privacy.install()
    yield buffer
    root.removeHandler(handler)
    root.setLevel(old_root)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def hits(text: str, secrets: list[str]) -> dict[str, int]:
    return {s: text.count(s) for s in secrets if text.count(s)}


SECRETS = [*WORDS, *NAMES, REFERENCE, VOICE, str(CLIENT_CHAT), str(PRO_CHAT)]


async def test_nothing_personal_in_any_log_line_at_debug(world, debug_log):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock, chat_id=PRO_CHAT, name=NAMES[3])
    code = await invite(pro, telegram, reference=REFERENCE, when="3-12 14:30")
    client = NamedClient(app, telegram, chat_id=CLIENT_CHAT)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    await client.tap("WGA ›")
    await client.tap("WGA 35-80%")
    await client.voice(VOICE)
    words = iter(WORDS * 20)
    await client.answer_everything(buttons="skipped",
                                   words=lambda _: f"Mijn {next(words)} en mijn {next(words)}.")
    await client.send(f"Nog iets: {WORDS[0]}")
    await client.tap("Delen met begeleider")
    sender = build_sender(app, clock)
    assert await sender.deliver_due() == 1
    await pro.send("/clients")
    # A second client who has not finished: the status note a day before the meeting.
    late = await invite(pro, telegram, reference=REFERENCE + "b", when="25-11 10:30")
    other = NamedClient(app, telegram, chat_id=CLIENT_CHAT + 1)
    await other.send(f"/start {late}")
    clock.now += timedelta(hours=1)
    assert await app.bot_data["desk"].tick() >= 1
    await sender.deliver_due()
    await client.send("/mydata")
    logging.getLogger("bot.test").error("a failure quoting %s", CLIENT_CHAT,
                                        exc_info=ValueError(f"text {WORDS[1]}"))
    try:
        raise KeyError(WORDS[2])
    except KeyError:
        logging.getLogger("asyncio").exception("Task exception was never retrieved: %r",
                                               {"text": WORDS[3]})

    sent_voice = [c for c in telegram.calls if c.method == "sendVoice"]
    assert [c.params["voice"] for c in sent_voice] == [VOICE], "the scenario did deliver"
    text = debug_log.getvalue()
    lines = text.splitlines()
    assert len(lines) > 200, "DEBUG logging was on for the libraries"
    assert "sendMessage" in text, "lines stay useful: Bot API methods are named"
    found = hits(text, SECRETS)
    assert found == {}, f"{sum(found.values())} hits in {len(lines)} lines: {found}"


def test_the_real_process_at_debug_logs_nothing_personal(tmp_path):
    """`LOG_LEVEL=DEBUG python -m bot` against the local Bot API emulator: polling, a client
    who types distinctive words, sends a voice note, asks for /mydata and deletes; the
    process's whole output is scanned."""
    from tests.emulator import TelegramEmulator
    from tests.keys import readable
    from tests.test_e2e import ROOT, TOKEN, BotProcess

    chat = CLIENT_CHAT
    db = tmp_path / "debug.db"
    with TelegramEmulator(token=TOKEN) as emu:
        bot = BotProcess(emu, db)
        bot.env["LOG_LEVEL"] = "DEBUG"
        log_file = (tmp_path / "bot.log").open("wb")
        # Into a file: at DEBUG the output would fill a pipe nobody reads while it runs.
        bot.proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=bot.env,
                                    stdout=log_file, stderr=subprocess.STDOUT)
        try:
            def newest_keyboard(since: int) -> dict:
                return emu.wait_for(lambda e: e["method"] == "sendMessage" and e["message"]
                                    and e["message"].get("reply_markup"), since=since,
                                    timeout=30)["message"]

            mark = len(emu.sent(chat))
            emu.send_text(chat, "/start", first_name=NAMES[0])
            message = newest_keyboard(mark)
            words = iter(WORDS * 10)
            for step in range(10):
                buttons = emu.buttons(message)
                choices = labels_of(buttons, Choose)
                mark = len(emu.sent(chat))
                if step == 0:
                    emu.tap_button(chat, "Ja, ik begin")
                elif step == 3:
                    emu.send_voice(chat)
                elif choices:
                    emu.tap(chat, message["message_id"], pick(buttons, choices[0]))
                else:
                    emu.send_text(chat, f"Mijn {next(words)} en {next(words)}",
                                  first_name=NAMES[0])
                message = newest_keyboard(mark)
            mark = len(emu.sent(chat))
            emu.send_text(chat, "/mydata", first_name=NAMES[0])
            emu.wait_for(lambda e: e["method"] == "sendDocument", since=mark, timeout=30)
            with readable(db) as conn:
                voices = [v for (v,) in conn.execute(
                    "SELECT unseal(voice) FROM answers WHERE voice IS NOT NULL")]
        finally:
            bot.proc.send_signal(signal.SIGTERM)
            bot.proc.wait(timeout=30)
            log_file.close()
    output = (tmp_path / "bot.log").read_text(errors="replace")
    assert voices, "the voice note was stored"
    assert "DEBUG" in output and len(output.splitlines()) > 20
    found = hits(output, [*WORDS, *NAMES[:1], *voices, str(chat)])
    assert found == {}, f"{sum(found.values())} hits: {found}"
