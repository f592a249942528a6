from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import BannedPerson, User


class BanRepository:
    """Bans by keyed hash, apart from the user row (which /forget deletes)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ban(self, user: User) -> None:
        user.banned_at = utcnow()
        if await self.session.get(BannedPerson, user.tg_hash) is None:
            self.session.add(BannedPerson(tg_hash=user.tg_hash, banned_at=user.banned_at))

    async def banned_since(self, tg_hash: str) -> datetime | None:
        row = await self.session.get(BannedPerson, tg_hash)
        return row.banned_at if row is not None else None
