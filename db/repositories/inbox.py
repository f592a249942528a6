from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import BotState, InboxUpdate
from db.repositories import changed_rows

POLLING_OFFSET_KEY = "polling_offset"


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def known_ids(self, update_ids: Sequence[int]) -> set[int]:
        if not update_ids:
            return set()
        stmt = select(InboxUpdate.update_id).where(InboxUpdate.update_id.in_(list(update_ids)))
        return set((await self.session.execute(stmt)).scalars())

    async def add(self, update_id: int, encrypted_payload: bytes, chat_key: str | None = None) -> None:
        self.session.add(InboxUpdate(update_id=update_id, payload=encrypted_payload, chat_key=chat_key))

    async def pending(self, limit: int = 500, after: int = -1) -> list[InboxUpdate]:
        """One page of unprocessed updates, in update_id order, after the given update_id."""
        stmt = (
            select(InboxUpdate)
            .where(InboxUpdate.processed_at.is_(None), InboxUpdate.update_id > after)
            .order_by(InboxUpdate.update_id)
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def mark_processed(self, update_id: int) -> None:
        await self.session.execute(
            update(InboxUpdate).where(InboxUpdate.update_id == update_id).values(processed_at=utcnow(), payload=None)
        )

    async def record_failure(self, update_id: int) -> int:
        row = await self.session.get(InboxUpdate, update_id)
        if row is None:
            return 0
        row.attempts += 1
        return row.attempts

    async def purge_processed(self, older_than: timedelta) -> int:
        cutoff: datetime = utcnow() - older_than
        result = await self.session.execute(
            delete(InboxUpdate).where(InboxUpdate.processed_at.is_not(None), InboxUpdate.processed_at < cutoff)
        )
        return changed_rows(result)

    async def get_offset(self) -> int | None:
        row = await self.session.get(BotState, POLLING_OFFSET_KEY)
        return int(row.value) if row else None

    async def set_offset(self, offset: int) -> None:
        row = await self.session.get(BotState, POLLING_OFFSET_KEY)
        if row is None:
            self.session.add(BotState(key=POLLING_OFFSET_KEY, value=str(offset)))
        else:
            row.value = str(offset)
