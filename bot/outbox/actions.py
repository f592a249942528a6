"""Outbox actions: one frozen dataclass per Telegram call the bot must make exactly once.

Services queue actions (`Outbox.put`); the sender reads them back from their rows and runs
`execute()`. An action knows its lane and its row columns; the rest of its fields are its payload,
stored encrypted with a version number. Rows written before there were actions are read by
bot/outbox/legacy.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Self

from bot.outbox.delivery import Delivery, Place
from bot.outbox.errors import PermanentFailure
from bot.outbox.keyboards import Button, Keyboard, keyboard_from_json, keyboard_markup
from bot.outbox.kinds import ActionKind
from bot.outbox.lanes import STAFF_ADMIN_LANE, broadcast_lane, ticket_lane
from db.enums import OutboxTarget
from db.models import OutboxMessage

PAYLOAD_VERSION = 1
# Fields stored in the row's own columns, not in the encrypted payload.
ROW_FIELDS = ("ticket_id", "user_id", "ticket_message_id", "broadcast_id", "media_group_id")


def _to_json(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_to_json(item) for item in value]
    if isinstance(value, Button):
        return {"text": value.text, "callback_data": value.callback_data}
    return value


_FROM_JSON: dict[str, Callable[[Any], Any]] = {"keyboard": keyboard_from_json, "message_ids": tuple}


@dataclass(frozen=True, kw_only=True)
class Action:
    kind: ClassVar[ActionKind]
    target: ClassVar[OutboxTarget]

    @property
    def lane(self) -> str:
        raise NotImplementedError

    def row_fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in ROW_FIELDS}

    def payload(self) -> dict[str, Any]:
        stored = {f.name: _to_json(getattr(self, f.name)) for f in fields(self) if f.name not in ROW_FIELDS}
        return {"v": PAYLOAD_VERSION, **stored}

    @classmethod
    def from_stored(cls, row: OutboxMessage, payload: dict[str, Any]) -> Self:
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in ROW_FIELDS:
                values[f.name] = getattr(row, f.name)
            elif f.name in payload:
                decode = _FROM_JSON.get(f.name)
                values[f.name] = decode(payload[f.name]) if decode else payload[f.name]
        return cls(**values)

    async def execute(self, delivery: Delivery) -> str | None:
        """Make the call. Returns what the row keeps as its result (the new message ids)."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class ToPerson(Action):
    """Something for the person in one of their tickets."""

    target = OutboxTarget.USER
    ticket_id: int
    user_id: int

    @property
    def lane(self) -> str:
        return ticket_lane(self.ticket_id, OutboxTarget.USER)


@dataclass(frozen=True, kw_only=True)
class ToTicketTopic(Action):
    """Something for a ticket's place in the staff group."""

    target = OutboxTarget.STAFF
    ticket_id: int

    @property
    def lane(self) -> str:
        return ticket_lane(self.ticket_id, OutboxTarget.STAFF)


@dataclass(frozen=True, kw_only=True)
class AlbumPart(Action):
    """One item of an album. Items arrive as separate updates; the sender sends them as one album."""

    media_group_id: str
    message_id: int
    ticket_message_id: int | None = None

    @classmethod
    async def execute_album(cls, delivery: Delivery, parts: Sequence[Self]) -> str:
        raise NotImplementedError

    async def source_chat(self, delivery: Delivery) -> int:
        """The chat the album was sent in: its items are that chat's updates."""
        raise NotImplementedError

    async def execute(self, delivery: Delivery) -> str | None:
        return await self.execute_album(delivery, [self])


# -- to the person ------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class SendText(ToPerson):
    """A text: an answer (or a part of a long one), or news about the ticket."""

    kind = ActionKind.SEND_TEXT
    html: str
    keyboard: Keyboard | None = None
    ticket_message_id: int | None = None  # on the first part of an answer, so that edits find it

    async def execute(self, delivery: Delivery) -> str | None:
        chat = await delivery.person_chat(self.user_id)
        sent = await delivery.bot.send_message(chat, self.html, reply_markup=keyboard_markup(self.keyboard))
        await delivery.link_user_copy(self.ticket_message_id, sent.message_id)
        return str(sent.message_id)


@dataclass(frozen=True, kw_only=True)
class CopyFromStaff(ToPerson):
    """A consultant's media message, copied to the person (the caption carries the role)."""

    kind = ActionKind.COPY_FROM_STAFF
    message_id: int
    ticket_message_id: int | None = None
    caption_html: str | None = None  # None: keep the message's own (stickers, locations have none)
    keyboard: Keyboard | None = None
    from_chat_id: int | None = None  # the staff group it was written in; None: the ticket's group

    async def execute(self, delivery: Delivery) -> str | None:
        chat = await delivery.person_chat(self.user_id)
        copied = await delivery.bot.copy_message(
            chat,
            self.from_chat_id or await delivery.ticket_chat(self.ticket_id),
            self.message_id,
            caption=self.caption_html,
            reply_markup=keyboard_markup(self.keyboard),
        )
        await delivery.link_user_copy(self.ticket_message_id, copied.message_id)
        return str(copied.message_id)


@dataclass(frozen=True, kw_only=True)
class AlbumFromStaff(ToPerson, AlbumPart):
    """One item of a consultant's album; the role goes first, as a text of its own."""

    kind = ActionKind.ALBUM_FROM_STAFF
    prefix_html: str
    from_chat_id: int | None = None  # the staff group it was written in; None: the ticket's group

    async def source_chat(self, delivery: Delivery) -> int:
        return self.from_chat_id or await delivery.ticket_chat(self.ticket_id)

    @classmethod
    async def execute_album(cls, delivery: Delivery, parts: Sequence[Self]) -> str:
        chat = await delivery.person_chat(parts[0].user_id)
        if parts[0].prefix_html:
            await delivery.bot.send_message(chat, parts[0].prefix_html)
        from_chat = await parts[0].source_chat(delivery)
        copied = await delivery.bot.copy_messages(chat, from_chat, [p.message_id for p in parts])
        for part, message in zip(parts, copied, strict=False):
            await delivery.link_user_copy(part.ticket_message_id, message.message_id)
        return ",".join(str(m.message_id) for m in copied)


@dataclass(frozen=True, kw_only=True)
class EditRelay(ToPerson):
    """A consultant edited an answer: edit the person's copy."""

    kind = ActionKind.EDIT_RELAY
    ticket_message_id: int
    html: str
    is_caption: bool
    keyboard: Keyboard | None = None

    async def execute(self, delivery: Delivery) -> str | None:
        linked = await delivery.tickets.message(self.ticket_message_id)
        if linked is None or linked.user_chat_message_id is None:
            raise PermanentFailure("nothing to edit")
        chat = await delivery.person_chat(self.user_id)
        message_id = linked.user_chat_message_id
        markup = keyboard_markup(self.keyboard)
        if self.is_caption:
            await delivery.bot.edit_message_caption(
                chat_id=chat, message_id=message_id, caption=self.html, reply_markup=markup
            )
        else:
            await delivery.bot.edit_message_text(self.html, chat_id=chat, message_id=message_id, reply_markup=markup)
        return str(linked.user_chat_message_id)


@dataclass(frozen=True, kw_only=True)
class BroadcastCopy(Action):
    """An announcement, copied from the admin's chat to one person."""

    kind = ActionKind.BROADCAST_COPY
    target = OutboxTarget.USER
    broadcast_id: int
    user_id: int
    from_chat_id: int
    message_id: int
    html: str | None = None  # a text announcement, with its label: sent as text (a copy cannot add a label)
    caption_html: str | None = None  # a media announcement's caption, with its label
    keyboard: Keyboard | None = None  # "🔕 Turn off"

    @property
    def lane(self) -> str:
        return broadcast_lane(self.broadcast_id, self.user_id)

    async def execute(self, delivery: Delivery) -> str | None:
        chat, markup = await delivery.person_chat(self.user_id), keyboard_markup(self.keyboard)
        if self.html is not None:
            return str((await delivery.bot.send_message(chat, self.html, reply_markup=markup)).message_id)
        copied = await delivery.bot.copy_message(
            chat, self.from_chat_id, self.message_id, caption=self.caption_html, reply_markup=markup
        )
        return str(copied.message_id)


# -- to the staff group ---------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class CopyToStaff(ToTicketTopic):
    """The person's message, copied (never forwarded: a forward shows who sent it) into the topic."""

    kind = ActionKind.COPY_TO_STAFF
    user_id: int
    message_id: int
    ticket_message_id: int | None = None
    # Set when the message's own entities must not travel (a mention carrying someone's user id):
    # a text is sent rebuilt instead of copied, a caption is replaced.
    text_html: str | None = None
    caption_html: str | None = None

    async def execute(self, delivery: Delivery) -> str | None:
        from_chat = await delivery.person_chat(self.user_id)
        place = await delivery.topics.place(delivery, self.ticket_id)
        if self.text_html is not None:
            sent = await delivery.bot.send_message(place.chat_id, self.text_html, **place.send_kwargs())
            message_id = sent.message_id
        else:
            copied = await delivery.bot.copy_message(
                place.chat_id, from_chat, self.message_id, caption=self.caption_html, **place.send_kwargs()
            )
            message_id = copied.message_id
        await delivery.link_staff_copy(self.ticket_message_id, message_id)
        return str(message_id)


@dataclass(frozen=True, kw_only=True)
class AlbumToStaff(ToTicketTopic, AlbumPart):
    """One item of the person's album."""

    kind = ActionKind.ALBUM_TO_STAFF
    user_id: int

    async def source_chat(self, delivery: Delivery) -> int:
        return await delivery.person_chat(self.user_id)

    @classmethod
    async def execute_album(cls, delivery: Delivery, parts: Sequence[Self]) -> str:
        from_chat = await parts[0].source_chat(delivery)
        place = await delivery.topics.place(delivery, parts[0].ticket_id)
        copied = await delivery.bot.copy_messages(
            place.chat_id, from_chat, [p.message_id for p in parts], message_thread_id=place.thread_id
        )
        for part, message in zip(parts, copied, strict=False):
            await delivery.link_staff_copy(part.ticket_message_id, message.message_id)
        return ",".join(str(m.message_id) for m in copied)


@dataclass(frozen=True, kw_only=True)
class StaffNotice(Action):
    """A note for the staff: in the ticket's topic, or in the group itself when there is no ticket."""

    kind = ActionKind.STAFF_NOTICE
    target = OutboxTarget.STAFF
    ticket_id: int | None = None
    html: str

    @property
    def lane(self) -> str:
        return ticket_lane(self.ticket_id, OutboxTarget.STAFF) if self.ticket_id is not None else STAFF_ADMIN_LANE

    async def execute(self, delivery: Delivery) -> str | None:
        ticket, topics = self.ticket_id, delivery.topics
        place = await topics.place(delivery, ticket) if ticket is not None else Place(chat_id=delivery.staff_chat())
        sent = await delivery.bot.send_message(place.chat_id, self.html, **place.send_kwargs())
        return str(sent.message_id)


@dataclass(frozen=True, kw_only=True)
class EditCopy(ToTicketTopic):
    """The person edited a message: edit its copy in the topic."""

    kind = ActionKind.EDIT_COPY
    ticket_message_id: int
    html: str
    is_caption: bool

    async def execute(self, delivery: Delivery) -> str | None:
        linked = await delivery.tickets.message(self.ticket_message_id)
        if linked is None or linked.staff_message_id is None:
            raise PermanentFailure("nothing to edit")
        chat, message_id = await delivery.ticket_chat(self.ticket_id), linked.staff_message_id
        if self.is_caption:
            await delivery.bot.edit_message_caption(chat_id=chat, message_id=message_id, caption=self.html or None)
        else:
            await delivery.bot.edit_message_text(self.html, chat_id=chat, message_id=message_id)
        return str(linked.staff_message_id)


@dataclass(frozen=True, kw_only=True)
class CloseTopic(ToTicketTopic):
    kind = ActionKind.CLOSE_TOPIC

    async def execute(self, delivery: Delivery) -> str | None:
        await delivery.topics.close(delivery, self.ticket_id)
        return None


@dataclass(frozen=True, kw_only=True)
class ReopenTopic(ToTicketTopic):
    kind = ActionKind.REOPEN_TOPIC

    async def execute(self, delivery: Delivery) -> str | None:
        await delivery.topics.reopen(delivery, self.ticket_id)
        return None


@dataclass(frozen=True, kw_only=True)
class RetitleTopic(ToTicketTopic):
    """The title shows the ticket's state (urgent, taken, closed): bring it up to date."""

    kind = ActionKind.RETITLE_TOPIC

    async def execute(self, delivery: Delivery) -> str | None:
        await delivery.topics.retitle(delivery, self.ticket_id)
        return None
