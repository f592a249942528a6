"""A consultant's answer as the person receives it: which outbox actions carry it.

Texts get the role as their first line and are split at Telegram's limit; media get the role in
their caption (a caption too long goes on as text); albums and media without captions get the
role as a text of their own first. The last part carries the "reply" button.
"""

from __future__ import annotations

from typing import TypedDict

from aiogram.enums import ContentType
from aiogram.types import Message

from bot.i18n import Translator
from bot.outbox.actions import Action, AlbumFromStaff, CopyFromStaff, EditRelay, SendText
from bot.ui.consult import reply_button, role_prefix
from bot.ui.text import CAPTION_LIMIT, MESSAGE_LIMIT, split_formatted
from db.models import Ticket, TicketMessage

C = ContentType
MEDIA_WITH_CAPTION = {C.PHOTO, C.DOCUMENT, C.VIDEO, C.AUDIO, C.ANIMATION, C.VOICE}


class _Recipient(TypedDict):
    ticket_id: int
    user_id: int


class _Copied(TypedDict):
    message_id: int
    ticket_message_id: int
    from_chat_id: int


def answer_actions(t: Translator, ticket: Ticket, row: TicketMessage, message: Message) -> list[Action]:
    """The actions that bring a consultant's message `message` (stored as `row`) to the person."""
    prefix, keyboard = role_prefix(t, ticket), reply_button(t, ticket)
    to: _Recipient = {"ticket_id": ticket.id, "user_id": ticket.user_id}
    copy: _Copied = {"message_id": message.message_id, "ticket_message_id": row.id, "from_chat_id": message.chat.id}
    if message.text is not None:
        parts = split_formatted(message.text, message.entities, MESSAGE_LIMIT, head=prefix)
        return [
            SendText(
                **to,
                html=part,
                keyboard=keyboard if index == len(parts) - 1 else None,
                ticket_message_id=row.id if index == 0 else None,
            )
            for index, part in enumerate(parts)
        ]
    if message.media_group_id is not None:
        return [AlbumFromStaff(**to, **copy, media_group_id=message.media_group_id, prefix_html=prefix)]
    if message.content_type not in MEDIA_WITH_CAPTION:  # a sticker, video note, location...
        return [SendText(**to, html=prefix), CopyFromStaff(**to, **copy, keyboard=keyboard)]
    head, *rest = split_formatted(
        message.caption or "", message.caption_entities, MESSAGE_LIMIT, first_limit=CAPTION_LIMIT, head=prefix
    )
    actions: list[Action] = [CopyFromStaff(**to, **copy, caption_html=head, keyboard=keyboard)]
    actions.extend(SendText(**to, html=part) for part in rest)
    return actions


def answer_edit(t: Translator, ticket: Ticket, row: TicketMessage, message: Message) -> EditRelay:
    """A consultant edited an answer: the person's copy changes the same way (first part only)."""
    prefix = role_prefix(t, ticket)
    is_caption = message.text is None
    body, entities = (message.caption, message.caption_entities) if is_caption else (message.text, message.entities)
    return EditRelay(
        ticket_id=ticket.id,
        user_id=ticket.user_id,
        ticket_message_id=row.id,
        html=split_formatted(body or "", entities, CAPTION_LIMIT if is_caption else MESSAGE_LIMIT, head=prefix)[0],
        is_caption=is_caption,
        keyboard=reply_button(t, ticket),
    )
