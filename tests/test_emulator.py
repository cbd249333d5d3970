"""Tests of the Telegram Bot API emulator, driven by a real PTB ``telegram.Bot``."""

from __future__ import annotations

import asyncio
import datetime as dtm
import threading
import time

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

try:
    from tests.emulator import TelegramEmulator
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from emulator import TelegramEmulator

# PTB 22 warns that durations will become timedeltas; the tests accept both.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:TEST-TOKEN"
CHAT = 42
KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Ja", callback_data="yes"),
      InlineKeyboardButton("Nee", callback_data="no")]]
)


@pytest.fixture
def emu():
    with TelegramEmulator(token=TOKEN, response_delay=2.0) as emulator:
        yield emulator


def make_bot(emu: TelegramEmulator, **request_kwargs) -> Bot:
    request = HTTPXRequest(**request_kwargs) if request_kwargs else None
    return Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url, request=request)


@pytest.fixture
async def bot(emu):
    async with make_bot(emu) as b:
        yield b


async def test_get_me(bot, emu):
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "voorbereid_test_bot")
    assert me.can_join_groups is True
    assert emu.base_url.startswith("http://127.0.0.1:")


async def test_send_and_edit_message(bot, emu):
    msg = await bot.send_message(CHAT, "Hoi", reply_markup=KEYBOARD)
    assert msg.message_id == 1 and msg.text == "Hoi"
    assert msg.chat.type == "private" and msg.from_user.id == bot.id
    assert msg.reply_markup == KEYBOARD
    assert emu.buttons(emu.last_message(CHAT)) == [("Ja", "yes"), ("Nee", "no")]
    assert emu.find_button(CHAT, "nee") == ("Nee", "no", 1)

    edited = await bot.edit_message_text("Hoi!", chat_id=CHAT, message_id=msg.message_id,
                                         reply_markup=KEYBOARD)
    assert edited.text == "Hoi!" and edited.reply_markup == KEYBOARD and edited.edit_date

    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("Hoi!", chat_id=CHAT, message_id=msg.message_id,
                                    reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=99)

    # An edit without reply_markup removes the keyboard (then nothing is left to remove).
    plain = await bot.edit_message_text("Klaar", chat_id=CHAT, message_id=msg.message_id)
    assert plain.reply_markup is None and emu.last_message(CHAT)["text"] == "Klaar"
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_reply_markup(chat_id=CHAT, message_id=msg.message_id)
    again = await bot.edit_message_reply_markup(CHAT, msg.message_id, reply_markup=KEYBOARD)
    assert again.reply_markup == KEYBOARD

    assert [e["method"] for e in emu.sent(CHAT)] == [
        "sendMessage", "editMessageText", "editMessageText", "editMessageReplyMarkup"]
    assert len(emu.messages(CHAT)) == 1


async def test_message_ids_are_shared_with_user_messages(bot, emu):
    emu.send_text(CHAT, "hallo")
    first = await bot.send_message(CHAT, "a")
    emu.send_text(CHAT, "nog een")
    second = await bot.send_message(CHAT, "b")
    other = await bot.send_message(7, "c")
    assert (first.message_id, second.message_id, other.message_id) == (2, 4, 1)


async def test_reply_keyboard_and_validation(bot, emu):
    await bot.send_message(CHAT, "Kies", reply_markup=ReplyKeyboardMarkup([["A", "B"]]))
    assert emu.reply_keyboard(CHAT)["keyboard"] == [[{"text": "A"}, {"text": "B"}]]
    assert emu.last_message(CHAT).get("reply_markup") is None  # only inline ones are stored
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "x", reply_markup=too_long)
    with pytest.raises(BadRequest, match=r"(?i)text is empty"):
        await bot.send_message(CHAT, " ")


async def test_get_updates_offset_limit_and_redelivery(bot, emu):
    ids = [emu.send_text(CHAT, "/start abc"), emu.send_text(CHAT, "b"), emu.send_text(CHAT, "c")]
    first = await bot.get_updates(limit=2)
    assert [u.update_id for u in first] == ids[:2]
    msg = first[0].message
    assert msg.text == "/start abc" and msg.from_user.language_code == "nl"
    assert msg.entities[0].type == "bot_command" and msg.entities[0].length == 6

    again = await bot.get_updates(limit=2)  # not confirmed: redelivered
    assert [u.update_id for u in again] == ids[:2]
    assert emu.was_delivered(ids[0]) and not emu.was_delivered(ids[2])

    rest = await bot.get_updates(offset=ids[1] + 1)
    assert [u.update_id for u in rest] == ids[2:]
    assert emu.confirmed_offset == ids[1] + 1
    assert [u["update_id"] for u in emu.pending_updates()] == ids[2:]

    await bot.get_updates(offset=ids[2] + 1, timeout=0)
    assert emu.pending_updates() == []


async def test_negative_offset_and_allowed_updates(bot, emu):
    ids = [emu.send_text(CHAT, str(i)) for i in range(4)]
    last_two = await bot.get_updates(offset=-2)
    assert [u.update_id for u in last_two] == ids[2:]
    assert emu.confirmed_offset == ids[2]

    msg = await bot.send_message(CHAT, "?", reply_markup=KEYBOARD)
    tap_id = emu.tap(CHAT, msg.message_id, "yes")
    only_taps = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.update_id for u in only_taps] == [tap_id]


async def test_long_poll_returns_when_update_arrives(bot, emu):
    start = time.monotonic()
    assert await bot.get_updates(timeout=0.5) == ()
    assert time.monotonic() - start >= 0.45

    threading.Timer(0.3, emu.send_text, args=(CHAT, "hoi")).start()
    start = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    assert [u.message.text for u in updates] == ["hoi"]
    assert 0.25 <= time.monotonic() - start < 2


async def test_second_poller_terminates_the_first_with_409(emu):
    async with make_bot(emu) as first, make_bot(emu) as second:
        old = asyncio.create_task(first.get_updates(timeout=3))
        await asyncio.sleep(0.2)
        new = asyncio.create_task(second.get_updates(timeout=3))
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates request"):
            await old
        emu.send_text(CHAT, "na de herstart")
        assert [u.message.text for u in await new] == ["na de herstart"]


async def test_tap_and_answer_callback_query(bot, emu):
    msg = await bot.send_message(CHAT, "Klopt dit?", reply_markup=KEYBOARD)
    emu.tap_button(CHAT, "Ja")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query.data == "yes" and query.chat_instance and query.from_user.id == CHAT
    assert query.message.message_id == msg.message_id
    assert query.message.reply_markup == KEYBOARD

    assert await bot.answer_callback_query(query.id, text="Oké") is True
    assert emu.callback_answers(CHAT)[0]["text"] == "Oké"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(LookupError):
        emu.tap(CHAT, msg.message_id, "maybe")


async def test_send_document_photo_and_file_id(bot, emu):
    msg = await bot.send_document(CHAT, document=b"hallo", filename="notes.txt",
                                  caption="Je notities", reply_markup=KEYBOARD)
    assert msg.document.file_name == "notes.txt" and msg.caption == "Je notities"
    entry = emu.sent(CHAT)[-1]
    assert entry["files"]["document"]["data"] == b"hallo"
    assert emu.file_bytes(msg.document.file_id) == b"hallo"

    resent = await bot.send_document(CHAT, document=msg.document.file_id)
    assert resent.document.file_name == "notes.txt"
    photo = await bot.send_photo(CHAT, photo=b"\x89PNG fake", filename="p.png")
    assert len(photo.photo) == 2 and emu.file_bytes(photo.photo[-1].file_id) == b"\x89PNG fake"
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(CHAT, document="no-such-file-id")


async def test_user_voice_can_be_downloaded(bot, emu):
    emu.send_voice(CHAT, data=b"OggS voice bytes", duration=4)
    (update,) = await bot.get_updates()
    voice = update.message.voice
    assert voice.duration in (4, dtm.timedelta(seconds=4))
    file = await bot.get_file(voice.file_id)
    assert bytes(await file.download_as_bytearray()) == b"OggS voice bytes"
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_other_user_updates_parse(bot, emu):
    emu.send_text(CHAT, "eerste")
    emu.send_sticker(CHAT)
    emu.send_photo(CHAT, caption="foto")
    emu.send_document(CHAT, file_name="cv.pdf")
    emu.send_location(CHAT)
    emu.send_group_text(-100, "/start")
    emu.send_text(CHAT, "eerste (bewerkt)", edited=True)
    updates = await bot.get_updates()
    kinds = [u.effective_message for u in updates]
    assert kinds[1].sticker and kinds[2].photo and kinds[2].caption == "foto"
    assert kinds[3].document.file_name == "cv.pdf" and kinds[4].location.latitude
    assert kinds[5].chat.type == "group" and kinds[5].text == "/start"
    assert updates[6].edited_message.message_id == updates[0].message.message_id
    assert updates[6].edited_message.text == "eerste (bewerkt)"


async def test_set_my_commands_with_chat_scope(bot, emu):
    commands = [BotCommand("start", "Begin"), BotCommand("stop", "Stop")]
    scope = BotCommandScopeChat(CHAT)
    assert await bot.set_my_commands(commands, scope=scope, language_code="nl") is True
    assert emu.commands({"type": "chat", "chat_id": CHAT}, "nl")[0]["command"] == "start"
    assert emu.commands() == []
    assert await bot.get_my_commands(scope=scope, language_code="nl") == tuple(commands)
    assert await bot.delete_my_commands(scope=scope, language_code="nl") is True
    assert emu.commands({"type": "chat", "chat_id": CHAT}, "nl") == []
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "x")])
    assert await bot.delete_webhook(drop_pending_updates=True) is True


async def test_fault_injection(bot, emu):
    emu.fail_next("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter) as exc_info:
        await bot.send_message(CHAT, "a")
    assert exc_info.value.retry_after in (7, dtm.timedelta(seconds=7))

    emu.fail_next("sendMessage", "500")
    with pytest.raises(NetworkError) as exc_info:
        await bot.send_message(CHAT, "b")
    assert not isinstance(exc_info.value, BadRequest)
    emu.fail_next("sendMessage", "502")
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT, "c")
    emu.fail_next("sendMessage", "forbidden")
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(CHAT, "d")
    assert emu.sent() == []  # failed requests deliver nothing ...
    assert [c["status"] for c in emu.calls("sendMessage")] == [429, 500, 502, 403]  # ... but count

    assert (await bot.send_message(CHAT, "e")).text == "e"  # faults are used up
    emu.block_user(CHAT)
    with pytest.raises(Forbidden):
        await bot.send_message(CHAT, "f")
    assert (await bot.send_message(7, "other chat")).text == "other chat"
    emu.unblock_user(CHAT)
    assert (await bot.send_message(CHAT, "g")).text == "g"


async def test_timeout_and_disconnect_after_store(emu):
    async with make_bot(emu, read_timeout=0.3) as bot:
        emu.fail_next("sendMessage", "timeout_after_store", delay=1.0)
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "komt toch aan")
        emu.fail_next("sendMessage", "disconnect_after_store")
        with pytest.raises(NetworkError):
            await bot.send_message(CHAT, "ook deze")
        emu.fail_next("sendMessage", "timeout", delay=1.0)
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "deze niet")
    assert [m["text"] for m in emu.messages(CHAT)] == ["komt toch aan", "ook deze"]


def test_raw_http_json_form_and_errors(emu):
    api = f"{emu.base_url}{TOKEN}"
    markup = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    with httpx.Client() as client:
        r = client.post(f"{api}/sendMessage", json={"chat_id": CHAT, "text": "json",
                                                     "reply_markup": markup})
        assert r.json()["result"]["reply_markup"] == markup
        r = client.post(f"{api}/sendmessage", data={"chat_id": str(CHAT), "text": "123",
                                                     "reply_markup": str(markup).replace("'", '"')})
        assert r.json()["result"]["text"] == "123"
        assert r.json()["result"]["reply_markup"] == markup
        r = client.post(f"{api}/noSuchMethod")
        assert (r.status_code, r.json()) == (
            404, {"ok": False, "error_code": 404, "description": "Not Found"})
        assert client.post(f"{emu.base_url}999:WRONG/getMe").status_code == 401


def test_wait_for_with_a_concurrent_client(emu):
    def client() -> None:
        with httpx.Client() as c:
            for text in ("bezig", "klaar"):
                time.sleep(0.1)
                c.post(f"{emu.base_url}{TOKEN}/sendMessage", json={"chat_id": CHAT, "text": text})

    threading.Thread(target=client).start()
    entry = emu.wait_for(lambda e: e["message"]["text"] == "klaar", timeout=5)
    assert entry["chat_id"] == CHAT and entry["method"] == "sendMessage"
    assert emu.wait_for_text(CHAT, "bez", timeout=1)["message"]["text"] == "bezig"
    with pytest.raises(TimeoutError, match="klaar"):
        emu.wait_for(lambda e: e["message"]["text"] == "nooit", timeout=0.2)
