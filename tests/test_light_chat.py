"""The lighter conversation through Application.process_update (issue 19): buttons as
Telegram shows them, the overview in one message, /mydata as a readable PDF, the deliveries a
professional can match, and what /delete says after sharing."""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta

import pytest

from bot.app_core import build_core
from bot.chat.app import build_application, build_sender
from bot.cli import main
from bot.flows.conversation import MAX_BUTTONS
from bot.stats.report import build_tables
from tests.fakes import OfflineTelegram, TelegramClient
from tests.pdf_text import flat, pdf_text
from tests.test_professionals import Clock, invite, register

TOKEN = "123:LIGHT"


@pytest.fixture
async def bot(tmp_path):
    core = build_core(str(tmp_path / "bot.db"))
    telegram = OfflineTelegram()
    app = build_application(core, TOKEN, request=telegram, rate_limit=False)
    async with app:
        yield core, app, telegram
    core.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_every_keyboard_has_seven_buttons_at_most_and_the_overview_is_one_message(bot,
                                                                                        lang):
    core, app, telegram = bot
    client = TelegramClient(app, telegram, chat_id=300 + len(lang), language_code=lang)
    await client.send("/start")
    await client.tap(core.catalogs.get(lang)("ui.btn.consent_yes"))
    before = len(telegram.sent("sendMessage", client.chat_id))
    await client.answer_everything(topics=3)
    sends = telegram.sent("sendMessage", client.chat_id)[before:]
    keyboards = [c for c in sends if c.params.get("reply_markup")]
    assert len(keyboards) > 30
    for call in keyboards[:-1]:  # every question (the last keyboard is the overview)
        markup = call.params["reply_markup"]
        rows = (markup if isinstance(markup, dict) else json.loads(markup))["inline_keyboard"]
        assert sum(len(r) for r in rows) <= MAX_BUTTONS, call.params.get("text")
    tr = core.catalogs.get(lang)
    heading = tr("ui.progress", part=len(core.content.parts) + 1,
                 parts=len(core.content.parts) + 1, title=tr("part.review.title"))
    overview = [c for c in sends if str(c.params.get("text", "")).startswith(heading)]
    assert len(overview) == 1, "the whole overview in one message"


async def test_overview_with_long_own_words_takes_two_messages_at_most(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram, chat_id=320)
    await client.send("/start")
    await client.tap("Ja, ik begin")
    story = ("Dit is mijn verhaal, heel uitgebreid. " * 20)[:500]
    await client.answer_everything(topics=3, words=story)
    conv = core.preparation.conversation(client.chat_id)
    assert conv.state == "review"
    before = len(telegram.sent("sendMessage", client.chat_id))
    await client.send("/start")  # shows the overview again
    shown = telegram.sent("sendMessage", client.chat_id)[before:]
    assert 1 <= len(shown) <= 2 and shown[-1].params.get("reply_markup")


async def test_mydata_sends_a_readable_pdf_with_own_words_and_no_profile(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram, chat_id=330)
    await client.send("/start")
    await client.tap("Ja, ik begin")
    await client.answer_everything(topics=3)
    await client.send("/mydata")
    documents = [m.document for m in telegram.chat(client.chat_id) if m.document]
    pdfs = [d for d in documents if d.startswith(b"%PDF")]
    assert len(pdfs) == 1 and any(b"voorbereid.answers" in d for d in documents)
    text = flat(pdf_text(pdfs[0]))
    tr = core.catalogs.get("nl")
    assert "Mijn eigen woorden bij situation." in text
    assert tr("ui.pdf.title") in text and tr("q.situation") in flat(text)
    for profile_word in ("stagnatie", "evenwicht", "ontregeling", "Kernmechanisme",
                         tr("profile.outcome.equilibrium")):
        assert profile_word not in text, profile_word


async def test_mydata_before_any_answer_sends_no_empty_pdf(bot):
    _, app, telegram = bot
    client = TelegramClient(app, telegram, chat_id=331)
    await client.send("/mydata")
    assert not [m for m in telegram.chat(client.chat_id)
                if m.document and m.document.startswith(b"%PDF")]


# ----- the professional side ------------------------------------------------------------------

async def test_invite_comes_with_a_message_to_forward_in_the_clients_language(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock, name="Sanne de Vries")
    code = await invite(pro, telegram, reference="dossier-9", lang="English")
    en = core.catalogs.get("en")
    photos = telegram.sent("sendPhoto", pro.chat_id)
    caption = photos[-1].params.get("caption", "")
    assert f"start={code}" in caption
    assert en("ui.invite.forward", when="X", link="Y").split("X")[0] in caption
    assert core.catalogs.get("nl")("pro.invite.forward") in pro.texts()[-1]


async def test_linked_message_names_the_professional(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock, name="Sanne de Vries")
    code = await invite(pro, telegram)
    client = TelegramClient(app, telegram, chat_id=5101)
    await client.send(f"/start {code}")
    assert any("Sanne de Vries" in t and "gekoppeld" in t for t in client.texts())


async def test_voice_notes_reach_the_professional_with_reference_and_question(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference="dossier-21")
    client = TelegramClient(app, telegram, chat_id=5102)
    await client.send(f"/start {code}")
    await client.tap("Ja, ik begin")
    await client.answer_everything(topics=3, voice_at=("situation",))
    await client.tap("Delen met begeleider")
    sender = build_sender(app, clock)
    clock.now += timedelta(seconds=5)
    await sender.deliver_due()
    voices = telegram.sent("sendVoice", pro.chat_id)
    assert len(voices) == 1
    caption = voices[0].params.get("caption", "")
    assert "dossier-21" in caption
    assert core.catalogs.get("nl")("profile.q.situation") in caption


async def test_delete_after_sharing_says_what_stays_and_clients_shows_it(world):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference="dossier-33")
    client = TelegramClient(app, telegram, chat_id=5103)
    await client.send(f"/start {code}")
    await client.tap("Ja, ik begin")
    await client.answer_everything(topics=3)
    await client.tap("Delen met begeleider")
    sender = build_sender(app, clock)
    clock.now += timedelta(seconds=5)
    await sender.deliver_due()
    await client.send("/delete")
    await client.tap("Ja")
    nl = core.catalogs.get("nl")
    assert nl("ui.delete.done.shared") in client.texts()
    await pro.send("/clients")
    assert nl("pro.status.removed") in pro.last_text()
    assert core.store.load(client.chat_id) is None


async def test_delete_without_sharing_says_only_that_all_is_erased(bot):
    core, app, telegram = bot
    client = TelegramClient(app, telegram, chat_id=340)
    await client.send("/start")
    await client.tap("Ja, ik begin")
    await client.send("/delete")
    await client.tap("Ja")
    nl = core.catalogs.get("nl")
    assert nl("ui.delete.done") in client.texts()
    assert nl("ui.delete.done.shared") not in client.texts()


# ----- smaller points -------------------------------------------------------------------------

def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_professional_add_refuses_a_name_twice_and_prints_a_usable_code(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "pro.db"))
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    code, out, _ = run_cli(["professional", "add", "--name", "Sanne"])
    assert code == 0 and "<bot username>" not in out
    registration = out.split("/start ")[1].split()[0]
    assert len(registration) >= 20 and f"/start {registration}" in out
    code, out, err = run_cli(["professional", "add", "--name", " sanne "])
    assert code == 2 and "already" in err
    code, out, _ = run_cli(["professional", "list"])
    assert code == 0 and out.lower().count("sanne") == 1
    assert os.environ["DATABASE_PATH"].endswith("pro.db")


def test_no_reflections_reads_as_nothing_to_count_like_the_evaluations(content):
    from bot.stats.figures import Figures

    tables = {t.name: t for t in build_tables(Figures(), content)}
    assert tables["reflections"].rows == () and tables["evaluations"].rows == ()


async def test_linked_message_names_the_organisation_when_configured(tmp_path):
    core = build_core(str(tmp_path / "org.db"), contact="Werkplein Noord")
    telegram = OfflineTelegram()
    clock = Clock()
    app = build_application(core, TOKEN, request=telegram, rate_limit=False, clock=clock)
    async with app:
        pro = await register(core, app, telegram, clock, name="Sanne")
        code = await invite(pro, telegram)
        client = TelegramClient(app, telegram, chat_id=5104)
        await client.send(f"/start {code}")
    core.close()
    nl = core.catalogs.get("nl")
    named = nl("ui.invite.linked.named_org", professional="Sanne",
               organisation="Werkplein Noord", when="X").split("X")[0]
    assert any(t.startswith(named) for t in client.texts()), client.texts()
