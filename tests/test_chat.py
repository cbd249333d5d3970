"""The Telegram layer through Application.process_update with an offline request layer."""

from __future__ import annotations

import pytest

from bot.app_core import build_core
from bot.chat.app import build_application, register_commands
from bot.storage import open_store
from tests.fakes import OfflineTelegram, TelegramClient, pick

TOKEN = "123:TEST"


@pytest.fixture
async def bot(tmp_path):
    core = build_core(str(tmp_path / "bot.db"))
    telegram = OfflineTelegram()
    app = build_application(core, TOKEN, request=telegram, rate_limit=False)
    async with app:
        yield core, app, telegram
    core.close()


@pytest.mark.parametrize("lang, start_word, finish_word", [("nl", "Ja", "Afronden"),
                                                           ("en", "Yes", "Finish")])
async def test_complete_conversation(bot, lang, start_word, finish_word):
    core, app, telegram = bot
    client = TelegramClient(app, telegram, chat_id=100 + len(lang), language_code=lang)
    await client.send("/start")
    assert telegram.keyboard_message(client.chat_id) is not None
    await client.tap(start_word)
    asked = await client.answer_everything(words="Mijn eigen woorden ({question}).")
    conv = core.preparation.conversation(client.chat_id)
    assert conv.state == "review" and conv.lang == lang
    await client.tap(finish_word)
    assert core.preparation.conversation(client.chat_id).state == "done"
    # every callback query was answered
    taps = len([c for c in telegram.calls if c.method == "answerCallbackQuery"])
    assert taps >= 40
    # stored durably: a store opened afresh on the same file has every answer
    fresh = open_store(core.store.path)
    try:
        stored = fresh.load(client.chat_id)
        assert stored.state == "done"
        assert set(asked) <= set(stored.answers) and len(stored.answers) >= 45
    finally:
        fresh.close()


async def test_answered_question_keyboard_is_closed(bot):
    _core, app, telegram = bot
    client = TelegramClient(app, telegram)
    await client.send("/start")
    await client.tap("Ja")
    question = telegram.keyboard_message(client.chat_id)
    await client.tap("Wajong")
    closed = telegram.messages[(client.chat_id, question.message_id)]
    assert closed.reply_markup is None
    assert "Wajong" in closed.text


async def test_same_update_twice_is_applied_once_and_answered_once(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram)
    await client.send("/start")
    await client.tap("Ja")
    update = client.tap_update(pick(client.buttons(), "WW"))
    await client.feed(update)
    sent_before = len(telegram.sent("sendMessage"))
    await client.feed(update)  # Telegram redelivers after a restart
    assert len(telegram.sent("sendMessage")) == sent_before
    history = core.store.answer_history(client.chat_id)
    assert [h["question"] for h in history].count("benefit") == 1


async def test_two_quick_taps_on_different_buttons(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram)
    await client.send("/start")
    await client.tap("Ja")
    message = telegram.keyboard_message(client.chat_id)
    first = client.tap_update(pick(message.buttons(), "Wajong"), message.message_id)
    second = client.tap_update(pick(message.buttons(), "Ziektewet"), message.message_id)
    await client.feed(first)
    await client.feed(second)
    answers = core.preparation.conversation(client.chat_id).answers
    assert answers["benefit"].value == "wajong"
    assert core.preparation.conversation(client.chat_id).slot == "situation"


async def test_bad_input_gets_kind_reply_and_changes_nothing(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram)
    await client.send("/start")
    await client.tap("Ja")
    before = core.preparation.conversation(client.chat_id)
    snapshot = (before.slot, dict(before.answers))
    kind_reply = core.catalogs.get("nl")("ui.bad.media")
    for action in (client.sticker, client.photo):
        await action()
        assert client.texts()[-2] == kind_reply
    await client.send("/onzin")
    assert client.last_text() == core.catalogs.get("nl")("ui.bad.unknown_command")
    await client.tap_data("garbage|data")
    after = core.preparation.conversation(client.chat_id)
    assert (after.slot, after.answers) == snapshot


async def test_group_messages_are_refused(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram, chat_id=-500)
    update = client.message_update(text="/start", chat={"id": -500, "type": "group",
                                                        "title": "Werkgroep"})
    await client.feed(update)
    assert telegram.sent("sendMessage")
    assert core.store.load(-500) is None


async def test_blocked_client_is_marked_inactive_without_retries(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram)
    await client.send("/start")
    telegram.blocked.add(client.chat_id)
    calls = len(telegram.calls)
    await client.send("/help")
    assert len(telegram.calls) - calls == 1
    assert core.store.conversation_row(client.chat_id)["active"] == 0


async def test_mydata_sends_a_file_and_delete_leaves_no_row(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram)
    await client.send("/start")
    await client.tap("Ja")
    await client.tap("Wajong")
    await client.send("Ik ben vaak moe.")
    await client.send("/mydata")
    documents = telegram.sent("sendDocument", client.chat_id)
    assert documents
    doc = [m for m in telegram.chat(client.chat_id) if m.document][-1].document
    assert b"Ik ben vaak moe." in doc and b"voorbereid.answers" in doc
    await client.send("/delete")
    await client.tap("Ja")
    assert core.store.load(client.chat_id) is None
    assert core.store.answer_history(client.chat_id) == []
    assert core.store.conversation_row(client.chat_id) is None
    await client.send("/mydata")
    after = [m.document for m in telegram.chat(client.chat_id) if m.document][len(documents):]
    assert not any(b"Ik ben vaak moe." in d for d in after), "nothing of it left to export"


async def test_new_application_on_same_database_continues(tmp_path):
    path = str(tmp_path / "restart.db")
    core = build_core(path)
    telegram = OfflineTelegram()
    app = build_application(core, TOKEN, request=telegram, rate_limit=False)
    async with app:
        client = TelegramClient(app, telegram)
        await client.send("/start")
        await client.tap("Ja")
        await client.tap("WW")
        await client.send("Ik zoek werk.")
        slot = core.preparation.conversation(client.chat_id).slot
    core.close()

    core2 = build_core(path)
    telegram2 = OfflineTelegram()
    app2 = build_application(core2, TOKEN, request=telegram2, rate_limit=False)
    async with app2:
        client2 = TelegramClient(app2, telegram2)
        conv = core2.preparation.conversation(client2.chat_id)
        assert conv.slot == slot and conv.answers["situation"].value == "Ik zoek werk."
        await client2.send("hallo")  # any message continues at the same question
        assert core2.preparation.conversation(client2.chat_id).slot == slot
    core2.close()


async def test_crisis_referral_once_and_never_stored(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram)
    await client.send("/start")
    await client.tap("Ja")
    await client.tap("Wajong")
    await client.send("Soms denk ik aan zelfmoord.")
    assert any("113" in t for t in client.texts()[-3:])
    count = sum("0800-0113" in t for t in client.texts())
    await client.send("Ik wil niet meer leven")
    assert sum("0800-0113" in t for t in client.texts()) == count, "shown once"
    await client.edit("doodmoe ben ik")
    conv = core.preparation.conversation(client.chat_id)
    assert conv.crisis_shown


async def test_commands_registered_per_language(bot):
    _core, app, telegram = bot
    await register_commands(app)
    calls = telegram.sent("setMyCommands")
    assert {c.params.get("language_code") for c in calls} >= {"nl", "en"}
