"""`HasMessage` and `shown_message`: handlers that read the button's message get a real one."""

from __future__ import annotations

import datetime

import pytest
from aiogram.types import CallbackQuery, Chat, InaccessibleMessage, Message, User

from handlers.filters import HasMessage, shown_message

CHAT = Chat(id=42, type="private")
PERSON = User(id=42, is_bot=False, first_name="A")


def tap(message: Message | InaccessibleMessage | None) -> CallbackQuery:
    return CallbackQuery(id="1", from_user=PERSON, chat_instance="c", data="x", message=message)


async def test_a_button_on_a_message_the_bot_can_see_passes_and_gives_the_message():
    message = Message(message_id=7, date=datetime.datetime(2026, 12, 6, tzinfo=datetime.UTC), chat=CHAT, text="hi")
    callback = tap(message)
    assert await HasMessage()(callback) is True
    assert shown_message(callback) is message


@pytest.mark.parametrize(
    "message",
    [None, InaccessibleMessage(chat=CHAT, message_id=7, date=0)],
    ids=["inline-mode message", "inaccessible message"],
)
async def test_a_button_without_a_visible_message_matches_no_handler(message):
    callback = tap(message)
    assert await HasMessage()(callback) is False
    with pytest.raises(TypeError):
        shown_message(callback)
