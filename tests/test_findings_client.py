"""The second tester's client-side findings, each as the client meets it: a second /pause,
/back on the welcome, keeping own words in one tap, a long story sent in parts."""

from __future__ import annotations

from bot.flows.answers import ANSWERED
from bot.flows.events import Voice
from tests.driver import FlowDriver


def ids(out) -> list[str]:
    return [m.id for s in out.screens for m in s.lines]


def test_a_second_pause_keeps_the_break(driver):
    driver.consent()
    driver.answer_current()
    slot = driver.conv.slot
    driver.command("pause")
    out = driver.command("pause")
    assert driver.conv.state == "paused", "a second /pause must not resume"
    assert ids(out) == ["ui.paused.already"] and not out.changed
    out = driver.command("resume")
    assert driver.conv.state == "asking" and driver.conv.slot == slot
    assert ids(out)[0] == "ui.resumed"


def test_back_on_the_welcome_says_so_briefly(driver):
    driver.start()
    out = driver.command("back")
    assert not out.changed and driver.conv.state == "welcome"
    shown = ids(out)
    assert shown == ["ui.back.start", "ui.consent.question"], shown
    assert "ui.welcome" not in shown
    assert driver.labels() == [driver.tr("ui.btn.consent_yes"), driver.tr("ui.btn.consent_no")]


def to_situation_with_words(flow) -> FlowDriver:
    driver = FlowDriver(flow)
    driver.consent()
    driver.tap("Ziektewet")
    driver.text("Burn-out en rugklachten, ik slaap slecht.")
    assert driver.slot().id == "change"
    return driver


def test_keeping_own_words_after_back_and_a_way_out_takes_one_tap(flow):
    driver = to_situation_with_words(flow)
    driver.command("back")
    driver.tap("Overslaan")
    assert driver.labels() == ["Ja, vervangen", "✓ Dit houden"]
    out = driver.tap("✓ Dit houden")
    assert driver.slot().id == "change", "one 'keep' tap goes on"
    answer = driver.conv.answers["situation"]
    assert answer.status == ANSWERED and answer.value.startswith("Burn-out")
    assert out.answers == {}
    assert ids(out)[0] == "ui.answer.kept"


# ----- a long story sent in parts -----------------------------------------------------------

PART_ONE = "Deel een van mijn verhaal: ik ben ziek geworden in 2022."
PART_TWO = "Deel twee: daarna ben ik gestopt met werken en sindsdien thuis."


def to_situation(flow) -> FlowDriver:
    driver = FlowDriver(flow)
    driver.consent()
    driver.tap("Wajong")
    assert driver.slot().id == "situation" and driver.slot().kind == "text"
    return driver


def test_parts_after_a_too_long_text_stay_with_their_question(flow, content):
    driver = to_situation(flow)
    out = driver.text("x" * (content.max_text_length + 1))
    assert ids(out) == ["ui.bad.too_long", "ui.parts.open"]
    assert "situation" not in driver.conv.answers
    out = driver.text(PART_ONE)
    assert driver.slot().id == "situation", "the question stays open for the next part"
    assert ids(out) == ["ui.parts.added"] and driver.labels() == ["✓ Klaar"]
    driver.text(PART_TWO)
    assert driver.slot().id == "situation"
    assert driver.conv.answers["situation"].value == f"{PART_ONE}\n{PART_TWO}"
    assert not any(k.startswith("change") for k in driver.conv.answers), "nothing misfiled"
    out = driver.tap("✓ Klaar")
    assert driver.slot().id == "change" and out.answers == {}
    # Taking parts ended with the question: the next text is words beside "change".
    driver.text("Nu weer iets anders.")
    assert driver.conv.answers["change.extra"].value == "Nu weer iets anders."
    assert driver.conv.answers["situation"].value == f"{PART_ONE}\n{PART_TWO}"


def test_the_first_part_replaces_an_earlier_answer_and_a_voice_note_joins(flow, content):
    driver = to_situation(flow)
    driver.text("Eerste versie.")
    driver.command("back")
    driver.text("y" * (content.max_text_length + 5))
    driver.text(PART_ONE)
    driver.send(Voice("voice-2"))
    answer = driver.conv.answers["situation"]
    assert answer.value == PART_ONE and answer.voice == "voice-2"
    assert driver.slot().id == "situation"


def test_a_too_long_text_beside_buttons_keeps_the_question_too(flow, content):
    driver = to_situation(flow)
    driver.text("Kort.")
    assert driver.slot().id == "change"
    out = driver.text("z" * (content.max_text_length + 1))
    assert ids(out) == ["ui.bad.too_long", "ui.parts.open"] and not out.changed
    driver.text(PART_ONE)
    driver.text(PART_TWO)
    assert driver.conv.answers["change.extra"].value == f"{PART_ONE}\n{PART_TWO}"
    assert driver.slot().id == "change"


async def test_parts_through_telegram_are_kept_with_their_question(tmp_path, content):
    from bot.app_core import build_core
    from bot.chat.app import build_application
    from tests.fakes import OfflineTelegram, TelegramClient

    core = build_core(str(tmp_path / "bot.db"))
    telegram = OfflineTelegram()
    app = build_application(core, "123:PARTS", request=telegram, rate_limit=False)
    try:
        async with app:
            client = TelegramClient(app, telegram)
            await client.send("/start")
            await client.tap("Ja")
            await client.tap("Wajong")
            await client.send("Mijn verhaal. " * 400)
            assert "paar delen" in client.texts()[-1] and "bij deze vraag" in client.texts()[-1]
            await client.send(PART_ONE)
            await client.send(PART_TWO)
            assert "Deel 2 staat bij deze vraag" in client.last_text()
            await client.tap("Klaar")
            conv = core.preparation.conversation(client.chat_id)
            assert conv.slot == "change"
            stored = core.store.current_answers(client.chat_id)
            assert stored["situation"].value == f"{PART_ONE}\n{PART_TWO}"
            assert "change.extra" not in stored
    finally:
        core.close()


# ----- the work values' intros promise no count the content does not keep -------------------

NUMBERS = {"nl": {"één": 1, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
                  "zeven": 7, "acht": 8, "negen": 9, "tien": 10},
           "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9, "ten": 10}}
QUESTIONS = {"nl": r"(\w+)\s+(?:korte\s+)?vragen", "en": r"(\w+)\s+(?:short\s+)?questions"}
TOPICS = {"nl": r"(\w+)\s+onderwerpen", "en": r"(\w+)\s+(?:more\s+)?topics"}


def test_the_work_values_intros_count_true(content, catalogs):
    """'Each topic with up to three short questions' while a topic has two screens at most
    (importance, then room and ability on one screen): every count an intro states is read
    against the content — questions per topic at most the screens a topic can take, topics
    the part's own or all of them."""
    import re

    from bot.flows.plan import plan

    slots = plan(content, {})
    screens: dict[str, int] = {}
    for index, slot in enumerate(slots):
        paired = index > 0 and slot.question.paired_to == slots[index - 1].id
        if slot.question.value and not paired:
            screens[slot.question.value] = screens.get(slot.question.value, 0) + 1
    parts = [p for p in content.parts if any(q.value for q in p.questions)]
    assert parts and screens
    for lang in content.languages:
        tr, numbers = catalogs.get(lang), NUMBERS[lang]
        for part in parts:
            intro = tr(part.intro_id)
            own = {q.value for q in part.questions if q.value}
            for word in re.findall(QUESTIONS[lang], intro, re.IGNORECASE):
                if word.lower() in numbers:
                    assert numbers[word.lower()] <= max(screens.values()), (lang, intro)
            for word in re.findall(TOPICS[lang], intro, re.IGNORECASE):
                if word.lower() in numbers:
                    assert numbers[word.lower()] in (len(own), len(screens)), (lang, intro)


# ----- the professional's /clients after a client's /delete ----------------------------------

async def test_clients_after_delete_names_the_erased_reference(world):
    from datetime import timedelta

    from bot.chat.app import build_sender
    from tests.fakes import TelegramClient
    from tests.test_professionals import invite, register

    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference="K-17")
    client = TelegramClient(app, telegram, chat_id=5191)
    await client.send(f"/start {code}")
    await client.tap("Ja, ik begin")
    await client.answer_everything(topics=1)
    await client.tap("Delen met begeleider")
    clock.now += timedelta(seconds=5)
    await build_sender(app, clock).deliver_due()
    await pro.send("/clients")
    assert "• K-17 –" in pro.last_text()
    await client.send("/delete")
    await client.tap("Ja")
    await pro.send("/clients")
    nl = core.catalogs.get("nl")
    line = next(x for x in pro.last_text().splitlines() if nl("pro.status.removed") in x)
    assert line.startswith(f"• {nl('pro.clients.no_reference')} – "), line
    assert "K-17" not in pro.last_text(), "the erased reference stays erased"
