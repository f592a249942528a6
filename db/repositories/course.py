from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CourseProgress


class CourseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> CourseProgress:
        progress = await self.session.get(CourseProgress, user_id)
        if progress is None:
            progress = CourseProgress(user_id=user_id, lesson=0, question=-1, correct=0, answered=0)
            self.session.add(progress)
            await self.session.flush()
        return progress
