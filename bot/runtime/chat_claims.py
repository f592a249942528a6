"""Per-chat leases for webhook replicas: each update is processed once, one chat's in update_id order.

Behind a round-robin proxy, a chat's updates reach different replicas. Every replica stores what it
receives (the `update_id` primary key drops a duplicate), then asks for the chat's lease, a row in
the database (`leases`, named after the chat's keyed hash). The holder processes the chat's stored
updates oldest first, renewing the lease, and lets go only when none is left; a replica that does
not get the lease leaves its update to the holder, which finds it in the database.

The race at hand-over: the holder checks for more updates *after* releasing, and a replica that
stored an update tries the lease *after* storing it, so one of the two always sees it. A replica
that dies leaves its chats to the sweep, which every replica runs: chats with unprocessed updates
and no live lease are taken, once the dead holder's lease has expired.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.runtime.inbox import Inbox
from bot.runtime.leases import Leases
from db.base import utcnow
from db.repositories.inbox_chats import CHAT_LEASE_PREFIX, InboxChatsRepository

logger = logging.getLogger(__name__)

CHAT_LEASE = timedelta(seconds=30)
SWEEP_EVERY = 2.0
# An update younger than this is left to the replica that stored it (it is asking for the lease).
SWEEP_GRACE = timedelta(seconds=1)


class ChatClaims:
    def __init__(
        self,
        inbox: Inbox,
        leases: Leases,
        sessionmaker: async_sessionmaker[AsyncSession],
        lease: timedelta = CHAT_LEASE,
    ) -> None:
        self.inbox = inbox
        self.leases = leases
        self.sessionmaker = sessionmaker
        self.lease = lease
        self._queued: set[str] = set()

    def kick(self, update: Update) -> None:
        """A stored update: process its chat here if no other replica holds it."""
        self._kick(self.inbox.chat_key(update))

    def _kick(self, chat_key: str) -> None:
        if chat_key in self._queued:  # a drain of this chat is already waiting to start
            return
        self._queued.add(chat_key)
        self.inbox.serializer.submit(chat_key, lambda: self._drain(chat_key))

    async def _drain(self, chat_key: str) -> None:
        self._queued.discard(chat_key)
        try:
            await self._drain_held(chat_key)
        except Exception as error:  # the database went away: the sweep comes back to this chat
            logger.warning("a chat's updates wait for the next sweep: %s", type(error).__name__)

    async def _drain_held(self, chat_key: str) -> None:
        name = CHAT_LEASE_PREFIX + chat_key
        while await self.leases.take(name, self.lease):
            renewing = asyncio.create_task(self._renew(name))
            try:
                await self._process_stored(chat_key)
            finally:
                renewing.cancel()
                await asyncio.gather(renewing, return_exceptions=True)
                await self.leases.release(name)
            async with self.sessionmaker() as session:
                if not await InboxChatsRepository(session).has_pending(chat_key):
                    return
        # Another replica holds the chat: it processes our update before it lets go.

    async def _process_stored(self, chat_key: str) -> None:
        while True:
            async with self.sessionmaker() as session:
                rows = await InboxChatsRepository(session).pending(chat_key)
            if not rows:
                return
            for row in rows:
                if row.payload is not None:
                    await self.inbox.process(self.inbox.decode(row.payload))

    async def _renew(self, name: str) -> None:
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                if not await self.leases.take(name, self.lease):
                    logger.warning("a chat lease lapsed while its updates were processed")
            except Exception as error:  # the database is away; the lease may lapse
                logger.warning("could not renew a chat lease: %s", type(error).__name__)

    async def recover(self) -> int:
        """At start-up: give keys to updates stored before they had one, then sweep at once."""
        async with self.sessionmaker() as session:
            repo = InboxChatsRepository(session)
            rows = await repo.without_key()
            keys = [(row.update_id, self.inbox.chat_key(self.inbox.decode(row.payload))) for row in rows if row.payload]
            await repo.set_keys(keys)
            await session.commit()
        return await self.sweep(grace=timedelta(0))

    async def sweep(self, grace: timedelta = SWEEP_GRACE) -> int:
        """Take the chats that wait with nobody holding them (a dead replica's, a lost race)."""
        async with self.sessionmaker() as session:
            chats = await InboxChatsRepository(session).waiting_chats(utcnow() - grace)
        for chat_key in chats:
            self._kick(chat_key)
        if chats:
            logger.info("sweep: %d chats had stored updates that nobody was processing", len(chats))
        return len(chats)

    async def sweep_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.sweep()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=SWEEP_EVERY)
