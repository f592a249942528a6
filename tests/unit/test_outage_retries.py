"""A database or Redis outage while handling an update is retried by the inbox, never answered as a
bug and dropped: the person's message must still reach its consultant once the service is back."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher, Router
from aiogram.types import Message, Update
from redis.exceptions import ConnectionError as RedisConnectionError

from bot.runtime import inbox as inbox_module
from bot.runtime.inbox import Inbox
from handlers import errors
from tests.service.mocked_bot import MockedBot

PERSON = {"id": 501, "is_bot": False, "first_name": "A"}


def a_message(update_id: int) -> Update:
    chat = {"id": 501, "type": "private"}
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": PERSON, "text": "вопрос"}
    return Update.model_validate({"update_id": update_id, "message": message})


def dispatcher_failing(times: int, error: Exception, handled: list[int]) -> Dispatcher:
    """The errors router of the bot, and one handler that fails `times` times, then works."""
    failures = {"left": times}
    router = Router()

    @router.message()
    async def handle(message: Message) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise error
        handled.append(message.message_id)

    dispatcher = Dispatcher()
    dispatcher.include_routers(errors.create_router(), router)
    return dispatcher


class RecordingInbox(Inbox):
    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self.bot = MockedBot()
        self.processed: list[int] = []
        self.dropped: list[int] = []
        self._in_progress: set[int] = set()

    async def _mark_processed(self, update_id: int) -> None:
        self.processed.append(update_id)

    async def _give_up(self, update_id: int) -> None:
        self.dropped.append(update_id)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []

    async def recorded(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(inbox_module.asyncio, "sleep", recorded)
    return waits


async def test_a_redis_outage_is_retried_until_redis_is_back(no_waiting: list[float]) -> None:
    handled: list[int] = []
    inbox = RecordingInbox(dispatcher_failing(4, RedisConnectionError("restarting"), handled))
    await inbox._process(a_message(7))
    assert handled == [7] and inbox.dropped == []
    assert no_waiting == [0.5, 1.0, 2.0, 4.0]  # backoff: a Redis or database restart passes


async def test_an_outage_that_does_not_end_drops_the_update_after_the_last_attempt(no_waiting: list[float]) -> None:
    handled: list[int] = []
    inbox = RecordingInbox(dispatcher_failing(100, RedisConnectionError("down"), handled))
    await inbox._process(a_message(8))
    assert handled == [] and inbox.dropped == [8]
    assert len(no_waiting) == inbox_module.MAX_ATTEMPTS - 1 and max(no_waiting) <= 8.0
