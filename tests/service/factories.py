"""Incoming Telegram messages for service-level tests, built from raw Bot API JSON like real updates."""

from __future__ import annotations

import itertools
import time
from typing import Any

from aiogram.types import Message

from tests.conftest import STAFF_CHAT_ID

_FILE = {"file_id": "AgAD-file", "file_unique_id": "AQAD-unique"}
CONTENT: dict[str, dict[str, Any]] = {
    "photo": {"photo": [{**_FILE, "width": 90, "height": 60}]},
    "voice": {"voice": {**_FILE, "duration": 3}},
    "document": {"document": {**_FILE, "file_name": "analysis.pdf"}},
    "video": {"video": {**_FILE, "width": 90, "height": 60, "duration": 3}},
    "audio": {"audio": {**_FILE, "duration": 3}},
    "animation": {"animation": {**_FILE, "width": 90, "height": 60, "duration": 3}},
    "video_note": {"video_note": {**_FILE, "length": 90, "duration": 3}},
    "location": {"location": {"latitude": 55.79, "longitude": 49.12}},
    "sticker": {"sticker": {**_FILE, "type": "regular", "width": 90, "height": 90, "is_animated": False,
                            "is_video": False}},
    "contact": {"contact": {"phone_number": "+79000000000", "first_name": "Friend"}},
    "dice": {"dice": {"emoji": "🎲", "value": 3}},
}  # fmt: skip
_ids = itertools.count(100)


def _message(chat: dict[str, Any], sender: dict[str, Any], kind: str, text: str | None, **extra: Any) -> Message:
    data: dict[str, Any] = {"message_id": next(_ids), "date": int(time.time()), "chat": chat, "from": sender}
    if kind == "text":
        data["text"] = text or "?"
    else:
        data.update(CONTENT[kind])
        if text is not None:
            data["caption"] = text
    data.update({key: value for key, value in extra.items() if value is not None})
    return Message.model_validate(data)


def person(telegram_id: int, first_name: str = "Person", username: str | None = None) -> dict[str, Any]:
    return {"id": telegram_id, "is_bot": False, "first_name": first_name, "username": username}


def private(
    who: dict[str, Any], text: str | None = None, kind: str = "text", media_group_id: str | None = None
) -> Message:
    """A message the person sends the bot in their private chat."""
    chat = {"id": who["id"], "type": "private", "first_name": who["first_name"], "username": who.get("username")}
    return _message(chat, who, kind, text, media_group_id=media_group_id)


def edited(message: Message, text: str) -> Message:
    """The same message after its author edited it."""
    field = "text" if message.text is not None else "caption"
    return message.model_copy(update={field: text, "edit_date": int(time.time())})


def in_topic(
    thread_id: int | None,
    text: str | None = None,
    kind: str = "text",
    media_group_id: str | None = None,
    reply_to: int | None = None,
    consultant: dict[str, Any] | None = None,
    chat_id: int = STAFF_CHAT_ID,
) -> Message:
    """A consultant's message in a staff group: in a ticket's topic, or as a reply."""
    chat = {"id": chat_id, "type": "supergroup", "title": "Staff", "is_forum": thread_id is not None}
    extra: dict[str, Any] = {"media_group_id": media_group_id}
    if thread_id is not None:
        extra |= {"message_thread_id": thread_id, "is_topic_message": True}
    if reply_to is not None:
        extra["reply_to_message"] = {"message_id": reply_to, "date": 0, "chat": chat}
    return _message(chat, consultant or person(700001, "Dilnoza"), kind, text, **extra)
