"""Rows queued before outbox actions existed (payload without a version): read them as actions.

Such rows may still wait in a database at the upgrade (a person who blocked the bot, a retry
scheduled for later). Their action names and payload keys are kept here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from bot.outbox.actions import (
    Action,
    AlbumFromStaff,
    AlbumToStaff,
    BroadcastCopy,
    CloseTopic,
    CopyFromStaff,
    CopyToStaff,
    EditCopy,
    EditRelay,
    ReopenTopic,
    RetitleTopic,
    SendText,
    StaffNotice,
)
from bot.outbox.errors import PermanentFailure
from bot.outbox.keyboards import keyboard_from_json
from bot.outbox.staff_group_actions import DeleteMessages, DeleteTopic
from db.models import OutboxMessage


def _keyboard(payload: dict[str, Any]) -> Any:
    spec = payload.get("keyboard")
    return keyboard_from_json(spec["buttons"]) if spec else None


def read_legacy(row: OutboxMessage, payload: dict[str, Any]) -> Action:
    """The action a version-0 row stands for."""
    kind, ticket, user, linked = row.action, row.ticket_id, row.user_id, row.ticket_message_id
    if kind == "send_text" and ticket is not None and user is not None:
        return SendText(
            ticket_id=ticket, user_id=user, html=payload["html"], keyboard=_keyboard(payload), ticket_message_id=linked
        )
    if kind == "copy_from_staff" and ticket is not None and user is not None:
        if row.media_group_id:
            return AlbumFromStaff(
                ticket_id=ticket,
                user_id=user,
                media_group_id=row.media_group_id,
                message_id=payload["message_id"],
                ticket_message_id=linked,
                prefix_html=payload.get("prefix_html") or "",
            )
        return CopyFromStaff(
            ticket_id=ticket,
            user_id=user,
            message_id=payload["message_id"],
            ticket_message_id=linked,
            caption_html=payload.get("caption_html"),
            keyboard=_keyboard(payload),
        )
    if kind == "edit_relay" and ticket is not None and user is not None and linked is not None:
        return EditRelay(
            ticket_id=ticket,
            user_id=user,
            ticket_message_id=linked,
            html=payload["html"],
            is_caption=bool(payload.get("caption")),
            keyboard=_keyboard(payload),
        )
    if kind == "broadcast_copy" and row.broadcast_id is not None and user is not None:
        return BroadcastCopy(
            broadcast_id=row.broadcast_id,
            user_id=user,
            from_chat_id=payload["from_chat_id"],
            message_id=payload["message_id"],
        )
    if kind == "copy" and ticket is not None and user is not None:
        if row.media_group_id:
            return AlbumToStaff(
                ticket_id=ticket,
                user_id=user,
                media_group_id=row.media_group_id,
                message_id=payload["message_id"],
                ticket_message_id=linked,
            )
        return CopyToStaff(ticket_id=ticket, user_id=user, message_id=payload["message_id"], ticket_message_id=linked)
    if kind == "notice":
        return StaffNotice(ticket_id=ticket, html=payload["html"])
    if kind == "edit_copy" and ticket is not None and linked is not None:
        return EditCopy(
            ticket_id=ticket, ticket_message_id=linked, html=payload["html"], is_caption=bool(payload.get("caption"))
        )
    topic_actions = {"close_topic": CloseTopic, "reopen_topic": ReopenTopic, "topic_title": RetitleTopic}
    if kind in topic_actions and ticket is not None:
        return topic_actions[kind](ticket_id=ticket)
    if kind == "delete_topic":
        return DeleteTopic(thread_id=payload["thread_id"])
    if kind == "delete_messages":
        return DeleteMessages(message_ids=tuple(payload["message_ids"]))
    raise PermanentFailure(f"an old outbox row that cannot be read ({kind})")
