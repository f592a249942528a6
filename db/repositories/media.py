from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import MediaCache


class MediaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def file_id(self, key: str) -> str | None:
        row = await self.session.get(MediaCache, key)
        return row.file_id if row else None

    async def remember(self, key: str, file_id: str) -> None:
        row = await self.session.get(MediaCache, key)
        if row is None:
            self.session.add(MediaCache(key=key, file_id=file_id))
        else:
            row.file_id = file_id
