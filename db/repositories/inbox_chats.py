"""Stored updates by chat, for the per-chat leases of webhook replicas (`bot/runtime/chat_claims.py`).

`chat_key` is a keyed hash of the chat (never its id). The lease on a chat is the `leases` row named
CHAT_LEASE_PREFIX + chat_key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import InboxUpdate, Lease

CHAT_LEASE_PREFIX = "chat:"


class InboxChatsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def pending(self, chat_key: str, limit: int = 50) -> list[InboxUpdate]:
        """The chat's unprocessed updates, oldest first."""
        stmt = (
            select(InboxUpdate)
            .where(InboxUpdate.chat_key == chat_key, InboxUpdate.processed_at.is_(None))
            .order_by(InboxUpdate.update_id)
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def has_pending(self, chat_key: str) -> bool:
        stmt = select(exists().where(InboxUpdate.chat_key == chat_key, InboxUpdate.processed_at.is_(None)))
        return bool(await self.session.scalar(stmt))

    async def waiting_chats(self, received_before: datetime, limit: int = 200) -> list[str]:
        """Chats with updates stored before the cutoff, still unprocessed, whose lease nobody holds."""
        leased = exists().where(
            Lease.name == literal(CHAT_LEASE_PREFIX) + InboxUpdate.chat_key, Lease.expires_at > utcnow()
        )
        stmt = (
            select(InboxUpdate.chat_key)
            .where(
                InboxUpdate.processed_at.is_(None),
                InboxUpdate.chat_key.is_not(None),
                InboxUpdate.received_at <= received_before,
                ~leased,
            )
            .distinct()
            .limit(limit)
        )
        return [key for key in (await self.session.execute(stmt)).scalars() if key]

    async def without_key(self, limit: int = 500) -> list[InboxUpdate]:
        """Unprocessed updates stored before chat keys existed."""
        stmt = (
            select(InboxUpdate)
            .where(InboxUpdate.processed_at.is_(None), InboxUpdate.chat_key.is_(None))
            .order_by(InboxUpdate.update_id)
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def set_keys(self, keys: Sequence[tuple[int, str]]) -> None:
        for update_id, chat_key in keys:
            await self.session.execute(
                update(InboxUpdate).where(InboxUpdate.update_id == update_id).values(chat_key=chat_key)
            )
