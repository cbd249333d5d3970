"""Shared fixtures: the real content, catalogs and flow, and a store on a temporary file."""

from __future__ import annotations

import pytest

from bot.app_core import Core, build_core
from bot.content.model import load_content
from bot.flows.conversation import Flow
from bot.flows.crisis_rules import load_matcher
from tests.driver import FlowDriver
from tests.keys import use_test_key


def pytest_configure(config):
    """Every test (and every bot process a test starts) runs with the shared test data key."""
    use_test_key()


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture(scope="session")
def flow(content):
    return Flow(content, load_matcher(languages=content.languages), contact="0800-1234")


@pytest.fixture(scope="session")
def rules(content):
    """The profile rules (bot/content/profile.toml)."""
    from bot.profile.rules import load_rules

    return load_rules(content)


@pytest.fixture(scope="session")
def catalogs(content):
    from bot.i18n import Catalogs

    return Catalogs(content.languages, content.default_language)


@pytest.fixture
def driver(flow):
    return FlowDriver(flow)


@pytest.fixture
def core(tmp_path) -> Core:
    built = build_core(str(tmp_path / "test.db"))
    yield built
    built.close()


@pytest.fixture
async def world(tmp_path):
    """The professional side's world: core, an Application on the offline request layer,
    the fake Telegram and a clock the test moves (Tuesday 24 November 2026, 11:00)."""
    from bot.chat.app import build_application
    from tests.fakes import OfflineTelegram
    from tests.test_professionals import TOKEN, Clock

    core = build_core(str(tmp_path / "pro.db"))
    telegram = OfflineTelegram()
    clock = Clock()
    app = build_application(core, TOKEN, request=telegram, rate_limit=False, clock=clock)
    async with app:
        yield core, app, telegram, clock
    core.close()
