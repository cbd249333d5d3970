"""What the client gets when their own words hold crisis wording (bot.flows.referral).

The first match brings the full referral; a later one the short form, at most once an hour;
words that are not the client's own bring none; after a referral the reply does not push for a
tap; edited messages and edits at review count; only the time of the referral is kept, and it
survives a restart.
"""

from __future__ import annotations

from bot.app_core import build_core
from bot.flows import callbacks
from bot.flows.conversation import Conversation, Flow
from bot.flows.events import Choose, Consent, Review, Start, Text, WayOut
from bot.flows.screens import Outcome
from tests.driver import current_slot

CRISIS = "Soms denk ik dat ik er een eind aan wil maken."
CRISIS_AGAIN = "ik wil er gewoon niet meer zijn"
T0 = "2026-12-01T10:00:00+00:00"


def at(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"2026-12-01T{10 + hours:02d}:{mins:02d}:00+00:00"


def ids(out: Outcome) -> list[str]:
    return [m.id for s in out.screens for m in s.lines]


class Client:
    """The pure flow with a clock the test sets."""

    def __init__(self, flow: Flow):
        self.flow = flow
        self.conv = Conversation(11, "nl")
        self.send(Start(), 0)
        self.send(Consent(True), 0)

    def send(self, event, minutes: int) -> Outcome:
        self.conv, out = self.flow.handle(self.conv, event, now=at(minutes))
        return out

    def say(self, words: str, minutes: int, **kw) -> Outcome:
        return self.send(Text(words, **kw), minutes)


def test_first_match_full_then_short_after_an_hour_then_none_within_the_hour(flow):
    client = Client(flow)
    first = client.say(CRISIS, 1)
    assert ids(first)[:2] == ["ui.crisis", "crisis.after"]
    assert client.conv.crisis_at == at(1)
    second = client.say(CRISIS_AGAIN, 90)
    assert "crisis.short" in ids(second) and "ui.crisis" not in ids(second)
    third = client.say(CRISIS, 110)
    assert "crisis.short" not in ids(third) and "ui.crisis" not in ids(third)
    assert client.conv.crisis_at == at(90), "only the time a referral was shown is kept"
    fourth = client.say(CRISIS, 151)
    assert "crisis.short" in ids(fourth)


def test_the_short_form_names_113_0800_0113_and_112(catalogs):
    for lang in ("nl", "en"):
        text = catalogs.get(lang)("crisis.short")
        assert all(n in text for n in ("113", "0800-0113", "112"))
        assert text.count("\n") <= 1


def test_after_a_referral_the_reply_does_not_push_and_repeats_the_question(flow):
    client = Client(flow)
    slot = client.conv.slot
    assert current_slot(flow.content, client.conv).kind == "choice"  # the benefit question: buttons
    out = client.say(CRISIS, 1)
    assert "ui.noted" not in ids(out) and "ui.choice.hint" not in ids(out)
    assert "crisis.after" in ids(out)
    assert client.conv.slot == slot, "the conversation stays at the same question"
    assert out.screens[-1].buttons, "the question is shown again with its buttons"
    # Words kept beside the button question, as any words are.
    assert client.conv.answers[f"{slot}.extra"].value == CRISIS


def test_no_push_either_when_the_referral_was_shown_minutes_ago(flow):
    client = Client(flow)
    client.say(CRISIS, 1)
    out = client.say(CRISIS_AGAIN, 5)
    assert "ui.noted" not in ids(out) and "crisis.short" not in ids(out)


def test_ordinary_words_on_a_button_question_still_ask_for_a_tap(flow):
    client = Client(flow)
    out = client.say("ik heb een wajong uitkering denk ik", 1)
    assert "ui.noted" in ids(out) and "crisis.after" not in ids(out)


def test_an_edited_message_with_crisis_words_gets_the_referral(flow):
    client = Client(flow)
    out = client.say("ik ben moe", 1)
    out = client.say(CRISIS, 2, edited=True)
    assert ids(out)[:1] == ["ui.crisis"]
    out = client.say(CRISIS_AGAIN, 100, edited=True)
    assert ids(out)[:1] == ["crisis.short"]


def test_words_that_are_not_the_clients_own_bring_no_referral(flow):
    client = Client(flow)
    out = client.say(CRISIS, 1, own=False)
    assert "ui.crisis" not in ids(out) and not client.conv.crisis_shown
    client.say(CRISIS, 2)
    out = client.say(CRISIS_AGAIN, 200, own=False)
    assert "crisis.short" not in ids(out)


def test_own_words_in_every_part_and_at_review_edits(flow, driver):
    driver.consent()
    while driver.conv.state == "asking":
        driver.answer_current()
    assert driver.conv.state == "review"
    slot = next(s for s in flow.content.parts[0].questions if s.kind == "text")
    driver.tap(driver.tr(flow.content.part(slot.part).title_id))
    driver.tap(driver.tr(f"q.{slot.id}.short"))
    assert driver.conv.state == "editing"
    out = driver.text("ik wil dood")
    assert ids(out)[0] == "ui.crisis"
    assert driver.conv.answers[slot.id].value == "ik wil dood"


def review_client(flow, words: str) -> Client:
    client = Client(flow)
    while client.conv.state == "asking":
        slot = current_slot(flow.content, client.conv)
        if slot.id == "situation":
            client.say(words, 1)
        elif slot.kind == "choice":
            client.send(Choose(slot.id, slot.options(client.conv.answers)[0]), 1)
        else:
            client.send(WayOut(slot.id, "skipped"), 1)
    return client


def test_at_review_a_gentle_line_with_only_for_me_right_there(flow):
    client = review_client(flow, CRISIS)
    screens = flow.screens_for(client.conv)  # the overview
    assert "crisis.review" in [m.id for sc in screens for m in sc.lines], (
        "the client is told the professional will read these words and ask first")
    only_me = [b for sc in screens for row in sc.buttons for b in row
               if b.label.id == "crisis.btn.only_me"]
    assert [callbacks.parse(b.data) for b in only_me] == [Review("private", "situation")]
    button = only_me[0]
    out = client.send(callbacks.parse(button.data), 2)
    assert client.conv.answers["situation"].private
    assert out.answers["situation"].private
    assert "crisis.review" not in ids(out), "kept for themselves: nothing to say any more"


def test_no_line_at_review_without_crisis_words_in_shared_answers(flow):
    client = review_client(flow, "Ik zoek parttime werk in de zorg.")
    assert "crisis.review" not in [m.id for s in flow.screens_for(client.conv)
                                   for m in s.lines]


async def test_the_referral_time_survives_a_restart(tmp_path):
    db = str(tmp_path / "restart.db")
    core = build_core(db)
    clock = {"now": T0}
    core.preparation.clock = lambda: clock["now"]
    await core.preparation.apply(5, Start())
    await core.preparation.apply(5, Consent(True))
    first = await core.preparation.apply(5, Text(CRISIS))
    assert "ui.crisis" in ids(first.outcome)
    core.close()

    again = build_core(db)
    again.preparation.clock = lambda: clock["now"]
    assert again.preparation.conversation(5).crisis_at == T0
    clock["now"] = at(30)
    within = await again.preparation.apply(5, Text(CRISIS_AGAIN))
    assert not {"ui.crisis", "crisis.short"} & set(ids(within.outcome))
    clock["now"] = at(75)
    later = await again.preparation.apply(5, Text(CRISIS_AGAIN))
    assert "crisis.short" in ids(later.outcome)
    again.close()


def test_crisis_words_count_at_every_question_of_every_part(driver):
    """At each question, buttons or open, typed crisis words bring a referral (the driver's
    clock cannot be read, which counts as long ago: the short form every time after the
    first)."""
    driver.consent()
    parts = set()
    first = True
    while driver.conv.state == "asking":
        slot = driver.slot()
        out = driver.text("ik wil niet meer leven")
        assert ids(out)[0] == ("ui.crisis" if first else "crisis.short"), slot.id
        first = False
        parts.add(slot.question.part)
        if driver.conv.state == "asking" and driver.slot().id == slot.id:
            driver.answer_current("skipped")
    assert parts == {p.id for p in driver.flow.content.parts if p.questions}


def test_a_forwarded_message_is_not_the_clients_own_words():
    from telegram import Update

    from bot.chat.translate import event_for

    message = {"message_id": 5, "date": 1764590000, "chat": {"id": 9, "type": "private"},
               "from": {"id": 9, "is_bot": False, "first_name": "A"}, "text": CRISIS}
    typed = event_for(Update.de_json({"update_id": 1, "message": message}, None))
    forwarded = event_for(Update.de_json({"update_id": 2, "message": {
        **message, "forward_origin": {"type": "user", "date": 1764590000, "sender_user": {
            "id": 4, "is_bot": False, "first_name": "B"}}}}, None))
    assert typed == Text(CRISIS) and typed.own
    assert forwarded == Text(CRISIS, own=False)


def test_an_over_long_message_with_crisis_words_still_gets_the_referral(flow):
    """The text is refused for its length, but the safety net reads it first."""
    client = Client(flow)
    long_text = ("Het gaat al maanden niet goed met me en ik weet niet meer wat ik moet doen. "
                 * 60) + CRISIS
    assert len(long_text) > flow.content.max_text_length
    out = client.say(long_text, 1)
    assert ids(out)[:2] == ["ui.crisis", "crisis.after"]
    assert "ui.bad.too_long" in ids(out) and out.changed
    assert client.conv.crisis_at == at(1)
