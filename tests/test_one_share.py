"""One share is read once: private answers filtered once, the profile built once, the summary
model built once, and both the message and the PDF rendered from that one model (issue 16).

The counters wrap the places every filter and build goes through (`AnswersDocument.shared_only`,
the profile's `read_answers`, the `Summary` value), so a renderer that starts its own pass again
makes these tests fail.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

import bot.profile.explain as explain
import bot.summary.build as build
from bot.answers_format import AnswersDocument, AnswersFormatError
from bot.chat.app import build_sender
from bot.chat.deliveries import renderers
from bot.flows.appointments import AMSTERDAM
from bot.professionals.outbox import Row
from bot.summary.shared import professional_profile
from tests.fakes import TelegramClient
from tests.summary_fixture import SECRET, rich_answers
from tests.test_professionals import invite, register, share_everything


@pytest.fixture
def counts(monkeypatch) -> Counter:
    seen: Counter = Counter()
    shared_only = AnswersDocument.shared_only

    def counted_filter(self: AnswersDocument) -> AnswersDocument:
        if not self.only_shared:
            seen["filter"] += 1
        return shared_only(self)

    read_answers = explain.read_answers

    def counted_read(*args, **kwargs):
        seen["profile"] += 1
        return read_answers(*args, **kwargs)

    summary = build.Summary

    def counted_summary(*args, **kwargs):
        seen["summary"] += 1
        return summary(*args, **kwargs)

    monkeypatch.setattr(AnswersDocument, "shared_only", counted_filter)
    monkeypatch.setattr(explain, "read_answers", counted_read)
    monkeypatch.setattr(build, "Summary", counted_summary)
    return seen


async def test_a_share_is_filtered_profiled_and_modelled_once(world, counts):
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference="dossier-7")
    client = TelegramClient(app, telegram, chat_id=5077)
    await client.send(f"/start {code}")
    counts.clear()
    await share_everything(client, core)
    assert counts == {"filter": 1, "profile": 1}, "sharing: one filter, one profile"
    assert await build_sender(app, clock).deliver_due() == 1
    assert counts == {"filter": 1, "profile": 1, "summary": 1}, "sending: one model, no rework"
    sent = telegram.chat(pro.chat_id)
    assert any("dossier-7" in (m.text or "") for m in sent)
    assert any(m.document and m.document.startswith(b"%PDF") for m in sent)


async def test_a_summary_queued_without_its_profile_is_still_sent(world, counts):
    """A row queued by an earlier version has only the shared copy: the profile is built at
    send time, once, and the model once."""
    core, *_ = world
    doc = AnswersDocument.read(rich_answers()).shared_only().to_json()
    counts.clear()
    row = Row(1, "summary", 900, None, {
        "doc": doc, "removed": [], "reference": "R-1", "lang": "en",
        "appointment": "2026-12-03T14:30:00+01:00", "prepared": "2026-12-01T10:00:00+01:00"},
        attempts=0, uncertain=0)
    parts = await renderers(core)["summary"](row, False)
    assert counts == {"profile": 1, "summary": 1}
    assert [p.kind for p in parts][:1] == ["text"] and "document" in [p.kind for p in parts]
    assert not any(SECRET in (p.text or "") for p in parts)


def test_one_validator_for_every_reader(content, rules, catalogs):
    """The profile, the summary and export read the same document the same way: one
    validator, one name and version."""
    doc = rich_answers()
    assert AnswersDocument.read(doc).to_json()["format"] == doc["format"]
    for bad in ({"format": "voorbereid.answers", "version": 99, "answers": {}},
                {"format": "voorbereid.answers", "version": 1,
                 "answers": {"goal": {"status": "answered", "private": "no"}}}):
        with pytest.raises(AnswersFormatError):
            AnswersDocument.read(bad)
        with pytest.raises(AnswersFormatError):
            professional_profile(bad, content=content, rules=rules,
                                 translator=catalogs.get("nl"))


def test_shared_only_is_the_one_filter_and_is_idempotent():
    document = AnswersDocument.read(rich_answers())
    shared = document.shared_only()
    assert shared.only_shared and shared.shared_only() is shared
    assert SECRET not in str(shared.to_json()) and SECRET in str(document.to_json())
    assert shared.history is None


async def test_a_partial_status_note_is_filtered_profiled_and_modelled_once(world, counts):
    """A day before the meeting, a client who allowed sharing unfinished answers: the note's
    partial summary reads the shared copy once, like a share."""
    core, app, telegram, clock = world
    pro = await register(core, app, telegram, clock)
    code = await invite(pro, telegram, reference="dossier-8")
    client = TelegramClient(app, telegram, chat_id=5078)
    await client.send(f"/start {code}")
    await client.tap("Ja")
    await client.tap("Ziektewet")  # the benefit
    await client.send("Ik zoek werk met mensen om me heen.")  # the situation, in own words
    desk, sender = app.bot_data["desk"], build_sender(app, clock)
    clock.now = datetime(2026, 11, 30, 15, 0, tzinfo=AMSTERDAM)
    await desk.tick()
    await sender.deliver_due()
    await client.tap("Deel wat ik heb")
    clock.now = datetime(2026, 12, 2, 15, 0, tzinfo=AMSTERDAM)
    await desk.tick()
    counts.clear()
    await sender.deliver_due()
    assert any("dossier-8" in t and "mensen om me heen" in t for t in pro.texts())
    assert counts == {"filter": 1, "profile": 1, "summary": 1}
