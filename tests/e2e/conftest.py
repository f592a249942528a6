from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.config import Settings
from bot.services.knowledge import KnowledgeHolder
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID, TEST_TOKEN, free_port
from tests.e2e.harness import RunningBot
from tgemu import Emulator, FloodLimits

# Telegram's limits with windows 10x shorter: same shapes, faster tests. Both sides agree.
SCALE = 0.1
TEST_LIMITS = FloodLimits().scaled(SCALE)


def limit_settings(limits: FloodLimits) -> dict[str, str]:
    return {
        "limit_global": f"{limits.global_per_second}/1",
        "limit_private": f"{limits.private[0]}/{limits.private[1]}",
        "limit_group": f"{limits.group[0]}/{limits.group[1]}",
    }


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeHolder:
    """The real knowledge base, loaded once for the whole test session."""
    return KnowledgeHolder()


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(limits=TEST_LIMITS) as emu:
        emu.add_bot(token=TEST_TOKEN, username="mihelp_test_bot", first_name="mi-Help")
        yield emu


@pytest.fixture
def staff(emulator: Emulator):  # type: ignore[no-untyped-def]
    return emulator.add_supergroup(chat_id=STAFF_CHAT_ID, title="mi-Help consultants", is_forum=True)


@pytest.fixture
def bot_settings(make_settings: Callable[..., Settings], emulator: Emulator) -> Callable[..., Settings]:
    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {"telegram_api_base": emulator.base_url, **limit_settings(TEST_LIMITS)}
        values.update(overrides)
        return make_settings(**values)

    return make


@pytest.fixture(params=["polling", "webhook"])
def mode(request) -> str:  # type: ignore[no-untyped-def]
    return request.param


@pytest.fixture
async def running_bot(bot_settings, knowledge, emulator) -> AsyncIterator[Callable[..., RunningBot]]:  # type: ignore[no-untyped-def]
    """Start the bot; `await start(mode="webhook", **settings)`; stopped at the end of the test."""
    bots: list[RunningBot] = []

    async def start(
        mode: str = "polling", knowledge_holder: KnowledgeHolder | None = None, **overrides: object
    ) -> RunningBot:
        if mode == "webhook":
            port = free_port()
            overrides.setdefault("webhook_url", f"http://127.0.0.1:{port}/telegram/webhook")
            overrides.setdefault("webhook_secret", "test-secret-0123456789-abcdefghijklmnop")
            overrides.setdefault("webhook_port", port)
        runner = RunningBot(bot_settings(**overrides), knowledge_holder or knowledge, emulator)
        bots.append(runner)
        return await runner.start()

    yield start
    for runner in bots:
        await runner.stop()


__all__ = ["ADMIN_ID", "STAFF_CHAT_ID"]
