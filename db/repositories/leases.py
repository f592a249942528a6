"""Named leases in the database: one replica holds a name until the lease expires or is released.

A conditional UPDATE (or an INSERT that meets no row) takes a lease atomically on SQLite and on
PostgreSQL alike: the row lock decides between replicas, no coordinator of our own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Lease


def _changed(result: Any) -> int:
    return cast(CursorResult[Any], result).rowcount or 0


class LeaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def acquire(self, name: str, owner: str, ttl: timedelta, *, renew: bool = True) -> bool:
        """Take (or, when `renew`, extend our own) lease on `name` for `ttl`; False if another holds it.

        With `renew=False` even the holder waits for the expiry: a periodic job takes its lease for
        one period and so runs once per period, whichever replica asks first.
        """
        now = utcnow()
        expires = now + ttl
        free = Lease.expires_at <= now
        held = or_(free, Lease.owner == owner) if renew else free
        result = await self.session.execute(
            update(Lease).where(Lease.name == name, held).values(owner=owner, expires_at=expires)
        )
        if _changed(result):
            return True
        insert = pg_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        result = await self.session.execute(
            insert(Lease).values(name=name, owner=owner, expires_at=expires).on_conflict_do_nothing()
        )
        return bool(_changed(result))

    async def take_over(self, name: str, dead_owner: str, owner: str, ttl: timedelta) -> bool:
        """Take a lease from a holder known to be dead, before it expires."""
        result = await self.session.execute(
            update(Lease)
            .where(Lease.name == name, Lease.owner == dead_owner)
            .values(owner=owner, expires_at=utcnow() + ttl)
        )
        return bool(_changed(result))

    async def release(self, name: str, owner: str) -> None:
        await self.session.execute(delete(Lease).where(Lease.name == name, Lease.owner == owner))

    async def holder(self, name: str) -> tuple[str, datetime] | None:
        """Who holds a live lease on `name`, and until when."""
        row = (
            await self.session.execute(
                select(Lease.owner, Lease.expires_at).where(Lease.name == name, Lease.expires_at > utcnow())
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def count_live(self, prefix: str) -> int:
        stmt = select(func.count()).select_from(Lease).where(Lease.name.startswith(prefix), Lease.expires_at > utcnow())
        return int(await self.session.scalar(stmt) or 0)

    async def purge_expired(self, prefix: str) -> int:
        result = await self.session.execute(
            delete(Lease).where(Lease.name.startswith(prefix), Lease.expires_at <= utcnow())
        )
        return _changed(result)
