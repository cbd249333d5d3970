"""SafePoller against a fake Bot API with Telegram's getUpdates semantics: an update comes
back until a poll's offset passes it. Each update must be handled exactly once, and an idle
poller must not spin."""

from __future__ import annotations

import asyncio
from collections import Counter
from types import SimpleNamespace

from bot.chat.poller import SafePoller


class FakeTelegram:
    def __init__(self, update_ids: list[int], poll_wait: float):
        self.pending = list(update_ids)
        self.poll_wait = poll_wait
        self.polls: list[int | None] = []

    async def do_api_request(self, method, api_kwargs=None, **_):
        assert method == "getUpdates"
        offset, timeout = api_kwargs.get("offset"), api_kwargs.get("timeout", 0)
        self.polls.append(offset)
        if offset is not None:
            self.pending = [u for u in self.pending if u >= offset]
        # A long poll: the answer is what was unconfirmed when it was asked for, given after
        # a while (handlers finish meanwhile).
        answer = [{"update_id": u, "message": {"message_id": u, "date": 0, "chat": {
            "id": u, "type": "private"}, "text": "x"}} for u in self.pending]
        await asyncio.sleep(self.poll_wait if answer or not timeout else 0.05)
        return answer


async def run_poller(update_ids: list[int], handle_seconds: float, poll_wait: float,
                     seconds: float) -> tuple[Counter, FakeTelegram]:
    telegram = FakeTelegram(update_ids, poll_wait)
    handled: Counter = Counter()

    async def process_update(update) -> None:
        handled[update.update_id] += 1
        await asyncio.sleep(handle_seconds)

    app = SimpleNamespace(bot=telegram, process_update=process_update)
    poller = SafePoller(app, poll_timeout=1)
    task = asyncio.create_task(poller.run())
    await asyncio.sleep(seconds)
    poller.stop()
    await asyncio.wait_for(task, 5)
    return handled, telegram


async def test_update_finishing_during_a_poll_is_not_handled_again():
    # The handler ends while the next poll (still with the old offset) waits: that poll's
    # answer contains the finished update, which must not start again.
    handled, telegram = await run_poller([7], handle_seconds=0.02, poll_wait=0.05,
                                         seconds=0.6)
    assert handled == Counter({7: 1})
    assert 8 in telegram.polls, "the offset moved past the finished update"
    assert len(telegram.polls) < 20, f"no spinning: {len(telegram.polls)} polls"


async def test_several_updates_each_once():
    handled, _ = await run_poller([1, 2, 3, 4, 5], handle_seconds=0.03, poll_wait=0.01,
                                  seconds=0.8)
    assert handled == Counter({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
