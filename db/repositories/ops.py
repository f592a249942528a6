"""Figures for operators (Prometheus gauges): counts and ages only, never who or what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Broadcast, OutboxMessage
from db.repositories.outbox import ACTIVE


@dataclass(frozen=True)
class Backlog:
    """Rows still to send for one target, and when the oldest of them was queued."""

    rows: int
    oldest: datetime | None


class OpsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def outbox_backlog(self) -> dict[str, Backlog]:
        stmt = (
            select(OutboxMessage.target, func.count(), func.min(OutboxMessage.created_at))
            .where(OutboxMessage.status.in_(ACTIVE))
            .group_by(OutboxMessage.target)
        )
        return {target: Backlog(int(rows), oldest) for target, rows, oldest in await self.session.execute(stmt)}

    async def broadcasts_sending(self) -> int:
        stmt = select(func.count()).select_from(Broadcast).where(Broadcast.status == "sending")
        return int(await self.session.scalar(stmt) or 0)
