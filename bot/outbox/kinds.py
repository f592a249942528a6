"""Which class an outbox row is (its `action` column): one value per action in bot/outbox/actions.py."""

from __future__ import annotations

from enum import StrEnum


class ActionKind(StrEnum):
    """The `action` column: which class a row is."""

    SEND_TEXT = "send_text"
    COPY_FROM_STAFF = "copy_from_staff"
    ALBUM_FROM_STAFF = "album_from_staff"
    EDIT_RELAY = "edit_relay"
    BROADCAST_COPY = "broadcast_copy"
    COPY_TO_STAFF = "copy_to_staff"
    ALBUM_TO_STAFF = "album_to_staff"
    STAFF_NOTICE = "staff_notice"
    EDIT_COPY = "edit_copy"
    CLOSE_TOPIC = "close_topic"
    REOPEN_TOPIC = "reopen_topic"
    RETITLE_TOPIC = "retitle_topic"
    DELETE_TOPIC = "delete_topic"
    DELETE_MESSAGES = "delete_messages"
    LAST_WORD = "last_word"
