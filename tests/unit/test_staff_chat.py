"""The staff group is recognised by its id AND its type: a forged chat with the same id is not staff."""

from __future__ import annotations

import pytest
from aiogram.types import Message

from handlers.consult_staff import StaffChat
from tests.conftest import STAFF_CHAT_ID


def message_in(chat_type: str, chat_id: int = STAFF_CHAT_ID) -> Message:
    sender = {"id": 42, "is_bot": False, "first_name": "x"}
    chat = {"id": chat_id, "type": chat_type, "title": "x"}
    return Message.model_validate({"message_id": 1, "date": 0, "chat": chat, "from": sender, "text": "hi"})


@pytest.mark.parametrize(
    ("chat_type", "chat_id", "staff"),
    [
        ("supergroup", STAFF_CHAT_ID, True),
        ("group", STAFF_CHAT_ID, False),
        ("private", STAFF_CHAT_ID, False),
        ("channel", STAFF_CHAT_ID, False),
        ("supergroup", STAFF_CHAT_ID - 1, False),
    ],
)
async def test_staff_chat_needs_the_id_and_a_supergroup(make_settings, chat_type, chat_id, staff):
    settings = make_settings()
    assert await StaffChat()(message_in(chat_type, chat_id), settings) is staff
