"""What an outbox action may use while it runs, and what it needs from the consultations side.

The outbox does not import bot.services: staff topics and "this person blocked the bot" are
behaviour of consultations, handed to the sender as objects that fit the protocols below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from aiogram import Bot
from aiogram.types import ReplyParameters
from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.errors import PermanentFailure
from db.identity import IdentityVault
from db.models import User
from db.repositories.tickets import TicketRepository


@dataclass(frozen=True)
class Place:
    """Where a ticket's messages go in the staff group: its forum topic, or, in a group without
    topics, replies to the ticket's header message."""

    thread_id: int | None = None
    reply_to: int | None = None
    chat_id: int = 0  # the staff group (STAFF_CHAT_ID, or the role's own group)

    def send_kwargs(self) -> dict[str, Any]:
        if self.reply_to is not None:
            return {"reply_parameters": ReplyParameters(message_id=self.reply_to, allow_sending_without_reply=True)}
        return {"message_thread_id": self.thread_id}


class StaffTopics(Protocol):
    """A ticket's place in the staff group (bot/services/staff_topics.py)."""

    async def place(self, delivery: Delivery, ticket_id: int) -> Place:
        """The ticket's topic, created (with its header) on first use or after it was deleted."""

    async def close(self, delivery: Delivery, ticket_id: int) -> None: ...

    async def reopen(self, delivery: Delivery, ticket_id: int) -> None: ...

    async def retitle(self, delivery: Delivery, ticket_id: int) -> None: ...

    async def topic_deleted(self, delivery: Delivery, ticket_id: int) -> bool:
        """Telegram says the topic is gone: forget it. True if the next attempt will make a new one."""

    async def topic_closed(self, delivery: Delivery, ticket_id: int) -> bool:
        """Telegram says the topic is closed: open it. True if the next attempt can go in."""

    async def last_word(
        self,
        delivery: Delivery,
        chat_id: int,
        thread_id: int | None,
        header_id: int | None,
        html: str,
        title: str | None,
    ) -> str | None:
        """A topic the ticket leaves for good: a last note, its final title, closed. The new message id."""

    def not_a_forum(self) -> None:
        """Telegram says the staff group has no topics (any more): use reply threads."""

    async def copy_failed(self, delivery: Delivery, ticket_id: int) -> None:
        """The person's message could not be copied (deleted meanwhile): tell the staff."""

    async def relay_failed(self, delivery: Delivery, ticket_id: int) -> None:
        """Telegram finally refused a message for the person: tell the staff, who can send it again."""


class BlockedBot(Protocol):
    """Records that a person blocked the bot (bot/services/consultations.py, `set_blocked`)."""

    async def __call__(self, session: AsyncSession, user_id: int) -> None: ...


@dataclass
class Delivery:
    """One action's run: the bot, one database session, the staff group."""

    bot: Bot
    session: AsyncSession
    vault: IdentityVault
    staff_chat_id: int | None
    topics: StaffTopics
    tickets: TicketRepository = field(init=False)

    def __post_init__(self) -> None:
        self.tickets = TicketRepository(self.session)

    def staff_chat(self) -> int:
        if self.staff_chat_id is None:
            raise PermanentFailure("STAFF_CHAT_ID is not set")
        return self.staff_chat_id

    async def ticket_chat(self, ticket_id: int | None) -> int:
        """The staff group of a ticket: where its topic lives (a role's own group), else STAFF_CHAT_ID."""
        ticket = await self.tickets.get(ticket_id) if ticket_id is not None else None
        if ticket is not None and ticket.staff_chat_id is not None:
            return ticket.staff_chat_id
        return self.staff_chat()

    async def person_chat(self, user_id: int) -> int:
        user = await self.session.get(User, user_id)
        if user is None:
            raise PermanentFailure("the person's data was deleted")
        return self.vault.decrypt_id(user.tg_enc)

    async def link_user_copy(self, ticket_message_id: int | None, message_id: int) -> None:
        """Remember where a relayed message landed in the person's chat (for edits)."""
        linked = await self.tickets.message(ticket_message_id) if ticket_message_id is not None else None
        if linked is not None and linked.user_chat_message_id is None:
            linked.user_chat_message_id = message_id

    async def link_staff_copy(self, ticket_message_id: int | None, message_id: int) -> None:
        """Remember where a copy landed in the staff group (for edits and replies to it)."""
        linked = await self.tickets.message(ticket_message_id) if ticket_message_id is not None else None
        if linked is not None:
            linked.staff_message_id = message_id
