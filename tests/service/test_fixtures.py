"""The service-level fixtures behave like the real thing: aiogram types and errors, one shared database."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import CreateForumTopic, SendMessage

from db.repositories.users import UserRepository
from tests.conftest import STAFF_CHAT_ID
from tests.service.mocked_bot import MockedBot


async def test_answers_are_parsed_into_aiogram_types(bot: MockedBot) -> None:
    sent = await bot.send_message(STAFF_CHAT_ID, "<b>hi</b>", message_thread_id=7)
    topic = await bot.create_forum_topic(STAFF_CHAT_ID, "#ABC")
    chat = await bot.get_chat(STAFF_CHAT_ID)
    assert sent.chat.id == STAFF_CHAT_ID and sent.message_thread_id == 7 and sent.text == "<b>hi</b>"
    assert topic.message_thread_id > 0 and topic.name == "#ABC"
    assert chat.is_forum is True
    assert [type(call) for call in bot.calls] == [SendMessage, CreateForumTopic, type(bot.calls[2])]
    assert bot.calls_of(SendMessage)[0].message_thread_id == 7


async def test_failures_raise_aiogram_errors_then_clear(bot: MockedBot) -> None:
    bot.fail(SendMessage, 403, "Forbidden: bot was blocked by the user")
    bot.fail(CreateForumTopic, 429, "Too Many Requests: retry after 3", retry_after=3, times=2)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(5, "x")
    for _ in range(2):
        with pytest.raises(TelegramRetryAfter) as error:
            await bot.create_forum_topic(STAFF_CHAT_ID, "t")
        assert error.value.retry_after == 3
    assert (await bot.send_message(5, "x")).chat.type == "private"
    assert (await bot.create_forum_topic(STAFF_CHAT_ID, "t")).name == "t"


async def test_sessions_share_one_in_memory_database(sessionmaker, vault) -> None:
    async with sessionmaker() as first:
        user, created = await UserRepository(first, vault).get_or_create(123456)
        await first.commit()
    async with sessionmaker() as second:
        again = await UserRepository(second, vault).get_by_telegram_id(123456)
    assert created and again is not None and again.id == user.id
