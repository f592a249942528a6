"""Outbox actions for a staff group itself, not through a ticket (which may be gone by then)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from aiogram.exceptions import TelegramBadRequest

from bot.outbox.actions import Action
from bot.outbox.delivery import Delivery
from bot.outbox.kinds import ActionKind
from bot.outbox.lanes import STAFF_ADMIN_LANE
from db.enums import OutboxTarget


@dataclass(frozen=True, kw_only=True)
class ToStaffGroup(Action):
    """Something for a staff group itself, not through a ticket (which may be gone by then)."""

    target = OutboxTarget.STAFF
    chat_id: int | None = None  # the ticket's staff group (a role's own group); None: STAFF_CHAT_ID

    @property
    def lane(self) -> str:
        return STAFF_ADMIN_LANE


@dataclass(frozen=True, kw_only=True)
class DeleteTopic(ToStaffGroup):
    """After the retention period: the ticket's topic goes, with everything in it."""

    kind = ActionKind.DELETE_TOPIC
    thread_id: int

    async def execute(self, delivery: Delivery) -> str | None:
        with contextlib.suppress(TelegramBadRequest):  # already gone
            await delivery.bot.delete_forum_topic(self.chat_id or delivery.staff_chat(), self.thread_id)
        return None


@dataclass(frozen=True, kw_only=True)
class DeleteMessages(ToStaffGroup):
    """The same, in a group without topics: the ticket's messages one by one."""

    kind = ActionKind.DELETE_MESSAGES
    message_ids: tuple[int, ...]

    async def execute(self, delivery: Delivery) -> str | None:
        for message_id in self.message_ids:
            with contextlib.suppress(TelegramBadRequest):  # already gone
                await delivery.bot.delete_message(self.chat_id or delivery.staff_chat(), message_id)
        return None


@dataclass(frozen=True, kw_only=True)
class LastWord(ToStaffGroup):
    """A topic the ticket leaves for good (/forget, a role's own group): a last note, the title, closed."""

    kind = ActionKind.LAST_WORD
    thread_id: int | None = None
    header_message_id: int | None = None
    html: str
    title: str | None = None

    async def execute(self, delivery: Delivery) -> str | None:
        where = (self.chat_id or delivery.staff_chat(), self.thread_id, self.header_message_id)
        return await delivery.topics.last_word(delivery, *where, self.html, self.title)
