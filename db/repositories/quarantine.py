from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import QuarantinedUpdate
from db.repositories import changed_rows


class QuarantineRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, update_id: int, encrypted_payload: bytes) -> bool:
        """Keep an unparsable update once; False when it was already kept (a redelivery)."""
        if await self.session.get(QuarantinedUpdate, update_id) is not None:
            return False
        self.session.add(QuarantinedUpdate(update_id=update_id, payload=encrypted_payload))
        return True

    async def update_ids(self) -> list[int]:
        return list((await self.session.execute(select(QuarantinedUpdate.update_id))).scalars())

    async def purge(self, older_than: timedelta) -> int:
        result = await self.session.execute(
            delete(QuarantinedUpdate).where(QuarantinedUpdate.received_at < utcnow() - older_than)
        )
        return changed_rows(result)
