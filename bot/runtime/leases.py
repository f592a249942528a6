"""Leases between replicas, kept in the database: who polls, and which replica runs a periodic job.

A lease is a row (`db/repositories/leases.py`) taken with one atomic statement; its holder renews
it while it works, and once it expires any replica may take it. The same rows work on SQLite and
on PostgreSQL, so one process on SQLite behaves as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.replica import died_on_this_host
from db.base import utcnow
from db.repositories.leases import LeaseRepository

logger = logging.getLogger(__name__)

POLLER = "poller"
POLLER_LEASE = timedelta(seconds=30)
JOB_PREFIX = "job:"
REPLICA_PREFIX = "replica:"
# A periodic job's lease lasts a little less than its period, so the replica that ran it last can
# take it again on its next round even when its clock ticks a bit early.
JOB_LEASE_SHARE = 0.9


class AnotherPoller(Exception):
    """Polling refused: another process holds the poller lease (the message is one line)."""

    def __init__(self, owner: str, until: datetime) -> None:
        super().__init__(
            f"another process ({owner}) is polling this bot until at least {until:%H:%M:%S} UTC; "
            "run one poller, or switch every replica to webhook mode (WEBHOOK_URL)"
        )


class Leases:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], owner: str) -> None:
        self.sessionmaker = sessionmaker
        self.owner = owner

    async def take(self, name: str, ttl: timedelta, *, renew: bool = True) -> bool:
        async with self.sessionmaker() as session:
            taken = await LeaseRepository(session).acquire(name, self.owner, ttl, renew=renew)
            await session.commit()
        return taken

    async def release(self, name: str) -> None:
        async with self.sessionmaker() as session:
            await LeaseRepository(session).release(name, self.owner)
            await session.commit()

    async def holder(self, name: str) -> tuple[str, datetime] | None:
        async with self.sessionmaker() as session:
            return await LeaseRepository(session).holder(name)

    async def due(self, job: str, period: float) -> bool:
        """True for exactly one replica per period: that one runs the job now."""
        return await self.take(JOB_PREFIX + job, timedelta(seconds=period * JOB_LEASE_SHARE), renew=False)

    async def heartbeat(self, ttl: timedelta) -> int:
        """Say this replica is alive for `ttl`; how many replicas are alive now."""
        async with self.sessionmaker() as session:
            repo = LeaseRepository(session)
            await repo.acquire(REPLICA_PREFIX + self.owner, self.owner, ttl)
            await repo.purge_expired(REPLICA_PREFIX)
            alive = await repo.count_live(REPLICA_PREFIX)
            await session.commit()
        return alive

    # -- the poller ------------------------------------------------------------------------------
    async def take_poller(self) -> None:
        """Become the only poller, or raise AnotherPoller.

        A holder that died on this host (a crash, a SIGKILL, a container restart) is not waited
        out: its lease is taken over at once, so a restart polls again straight away.
        """
        if await self.take(POLLER, POLLER_LEASE):
            return
        held = await self.holder(POLLER)
        if held is None:  # it expired in between
            if await self.take(POLLER, POLLER_LEASE):
                return
            held = await self.holder(POLLER) or ("unknown", utcnow())
        owner, until = held
        if died_on_this_host(owner):
            async with self.sessionmaker() as session:
                taken = await LeaseRepository(session).take_over(POLLER, owner, self.owner, POLLER_LEASE)
                await session.commit()
            if taken:
                logger.info("the previous poller on this host is gone; taking over its lease")
                return
        raise AnotherPoller(owner, until)

    async def keep_poller(self, stop: asyncio.Event) -> None:
        """Renew the poller lease until `stop`; a lease lost to another poller stops this one."""
        interval = POLLER_LEASE.total_seconds() / 3
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
            if stop.is_set():
                break
            try:
                if not await self.take(POLLER, POLLER_LEASE):
                    logger.error("another process took the poller lease; stopping polling")
                    stop.set()
            except Exception as error:  # the database is away; the lease may lapse
                logger.warning("could not renew the poller lease: %s", type(error).__name__)
