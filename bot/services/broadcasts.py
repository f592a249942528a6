"""Announcements: an admin's message, copied to every person who wants announcements."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.actions import BroadcastCopy
from bot.outbox.queue import Outbox
from db.identity import IdentityVault
from db.models import Broadcast
from db.repositories.broadcasts import BroadcastRepository


class BroadcastService:
    def __init__(self, session: AsyncSession, vault: IdentityVault) -> None:
        self.broadcasts = BroadcastRepository(session, vault)
        self.outbox = Outbox(session, vault)

    async def count_audience(self, audience: str) -> tuple[int, int]:
        """(people who will get it, people skipped because they blocked the bot)."""
        return await self.broadcasts.count_audience(audience)

    async def create(self, admin_chat_id: int, from_chat_id: int, message_id: int, audience: str) -> Broadcast:
        """The broadcast and one queued copy per recipient, in the caller's transaction."""
        broadcast, recipients = await self.broadcasts.create(admin_chat_id, audience)
        for user_id in recipients:
            copy = BroadcastCopy(
                broadcast_id=broadcast.id, user_id=user_id, from_chat_id=from_chat_id, message_id=message_id
            )
            self.outbox.put(copy)
        return broadcast
