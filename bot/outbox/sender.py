"""The outbox sender: runs queued actions against Telegram, in order per lane, with durable retries.

- Rows of one lane (one direction of one ticket, or one recipient of a broadcast) go strictly in
  order; lanes run in parallel. The flood limiter on the bot's session keeps every chat inside
  Telegram's limits, so a warm sender does not meet 429s.
- Replicas share the work through claims: a lane's head is claimed (owner and lease, see
  `OutboxRepository.claim_heads`) and the owner renews the lease while it works. The rest of the
  lane waits behind its head, so lanes stay in order whichever replica sends them.
- A row is marked in flight (committed) before the call and sent (with the resulting message id)
  right after it. A crash between the two is the only case that can repeat a message: such a row
  is sent again, flagged `uncertain`, once its lease has expired (with one process on SQLite, at
  the next start). A repeat is better than a loss, and the Bot API has no idempotency key that
  could close this gap.
- 429: wait `retry_after`. 5xx, timeouts, network errors: exponential backoff. 403 from a person:
  their messages are held until they unblock the bot, and staff are told. A deleted forum topic is
  recreated, a closed one is reopened (both by the staff-topics service).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.actions import Action, AlbumPart, AlbumToStaff, CopyToStaff
from bot.outbox.delivery import BlockedBot, Delivery, StaffTopics
from bot.outbox.errors import Failure, PermanentFailure, classify
from bot.outbox.queue import Outbox
from bot.replica import replica_name
from bot.runtime.inbox import chat_ordering_key
from bot.telegram.middleware import retry_on_429
from db.base import utcnow
from db.enums import OutboxStatus, OutboxTarget
from db.identity import IdentityVault
from db.models import OutboxMessage
from db.repositories.inbox_chats import InboxChatsRepository
from db.repositories.outbox import ACTIVE, OutboxRepository

logger = logging.getLogger(__name__)

ALBUM_GRACE = timedelta(seconds=1.5)  # album items arrive as separate updates; wait for the rest
# While the album's chat still has stored updates to process, wait for them, but not longer than this.
ALBUM_WAIT_LIMIT = timedelta(seconds=10)
ALBUM_RECHECK = 0.2  # seconds between looks at the album's chat while its updates are processed
MAX_BACKOFF = 300.0
# How long a claim holds without renewal: a stopped replica's rows wait this long for another one.
CLAIM_LEASE = timedelta(seconds=30)


def backoff(attempts: int) -> float:
    return min(MAX_BACKOFF, 2.0 ** max(0, attempts - 1))


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        vault: IdentityVault,
        *,
        staff_chat_id: int | None,
        topics: StaffTopics,
        blocked: BlockedBot,
        wakeup: asyncio.Event | None = None,
        concurrency: int = 32,
        album_grace: timedelta = ALBUM_GRACE,
        owner: str | None = None,
        lease: timedelta = CLAIM_LEASE,
        single_process: bool | None = None,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.vault = vault
        self.staff_chat_id = staff_chat_id
        self.topics = topics
        self.blocked = blocked
        self.concurrency = concurrency
        self.album_grace = album_grace
        self.wakeup = wakeup or asyncio.Event()
        self.owner = owner or replica_name()
        self.lease = lease
        if single_process is None:  # one process on SQLite; several replicas only on PostgreSQL
            bind = sessionmaker.kw.get("bind")
            single_process = bind is None or bind.dialect.name == "sqlite"
        self.single_process = single_process
        self._held: dict[int, tuple[int, ...]] = {}  # head id -> the rows it claimed
        self._lanes: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False

    def notify(self) -> None:
        self.wakeup.set()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    async def pending(self) -> int:
        async with self.sessionmaker() as session:
            return await OutboxRepository(session, self.vault).active_count()

    # -- main loop ----------------------------------------------------------------------------
    async def run(self) -> None:
        retry_on_429.set(False)  # this loop schedules its own retries, durably
        if self.single_process:
            await self.recover()
        renewing = asyncio.create_task(self._renew_claims())
        try:
            while not self._stopping:
                self.wakeup.clear()
                started = await self._dispatch_due()
                if started:
                    await self._wait(0.05)
                elif len(self._tasks) >= self.concurrency:  # every slot busy: a finished send wakes the loop
                    await self._wait(1.0)
                else:
                    await self._wait(await self._seconds_to_next_due())
        finally:
            # Let deliveries in progress record their result: a row cut off mid-send is resent later.
            _done, hanging = await asyncio.wait(self._tasks, timeout=10) if self._tasks else (set(), set())
            for task in hanging:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)

    async def _renew_claims(self) -> None:
        """Renew the leases of the rows in progress (a send may wait long in the flood limiter)."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            row_ids = [row_id for rows in list(self._held.values()) for row_id in rows]
            if not row_ids:
                continue
            try:
                async with self.sessionmaker() as session:
                    lost = await OutboxRepository(session, self.vault).renew_claims(self.owner, row_ids, self.lease)
                    await session.commit()
            except Exception as error:  # the database is away: try again; the lease may lapse
                logger.warning("could not renew outbox claims: %s", type(error).__name__)
                continue
            if lost:
                logger.warning("%d outbox claims lapsed and may be sent by another replica", lost)

    async def recover(self) -> int:
        """Rows in flight at the last stop may or may not have arrived: send them again, marked."""
        async with self.sessionmaker() as session:
            recovered = await OutboxRepository(session, self.vault).recover_inflight()
            await session.commit()
        if recovered:
            logger.warning("%d outbox messages were in flight at the last stop; sending them again", recovered)
        return recovered

    def stop(self) -> None:
        self._stopping = True
        self.wakeup.set()

    async def _wait(self, seconds: float) -> None:
        waiter = asyncio.create_task(self.wakeup.wait())
        waiters: set[asyncio.Future[Any]] = {waiter, *self._tasks}
        try:
            await asyncio.wait(waiters, timeout=max(0.01, seconds), return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()

    async def _seconds_to_next_due(self) -> float:
        """Until this replica could claim a lane head (a held one: when its lease ends).

        At most a second, so rows that became claimable without waking this sender (queued or left
        by another replica) are found within that.
        """
        async with self.sessionmaker() as session:
            when = await OutboxRepository(session, self.vault).next_due_time()
        if when is None:
            return 1.0
        return min(1.0, max(0.01, (when - utcnow()).total_seconds()))

    async def _dispatch_due(self) -> int:
        free = self.concurrency - len(self._tasks)
        if free <= 0:
            return 0
        async with self.sessionmaker() as session:
            heads = await OutboxRepository(session, self.vault).claim_heads(
                self.owner, self.lease, limit=free, exclude_lanes=sorted(self._lanes)
            )
            await session.commit()
        for head in heads:
            self._held[head.id] = (head.id,)
            self._lanes.add(head.lane)
            task = asyncio.create_task(self._deliver_lane_head(head.id, head.lane))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(heads)

    async def send_due(self) -> int:
        """One pass without the loop: start the head of every due lane and wait for them (tests)."""
        started = await self._dispatch_due()
        await asyncio.gather(*self._tasks)
        return started

    async def drain(self, timeout: float = 60.0) -> None:
        """Send everything that is due now, while `run` is running (tests and benchmarks)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            if not self._tasks and await self.pending() == 0:
                return
            self.notify()
            await asyncio.sleep(0.05)
        raise TimeoutError("the outbox did not drain")

    # -- one delivery -------------------------------------------------------------------------
    async def _deliver_lane_head(self, row_id: int, lane: str) -> None:
        try:
            async with self.sessionmaker() as session:
                await self._deliver(session, row_id)
        except Exception as error:
            logger.error("outbox row %s: unexpected %s", row_id, type(error).__name__)
            await self._reschedule_after_crash(row_id)
        finally:
            self._held.pop(row_id, None)
            self._lanes.discard(lane)
            self.wakeup.set()

    async def _reschedule_after_crash(self, row_id: int) -> None:
        async with self.sessionmaker() as session:
            row = await session.get(OutboxMessage, row_id)
            if row is not None and row.status in ACTIVE and row.claimed_by == self.owner:
                OutboxRepository.reschedule([row], backoff(row.attempts), "internal-error")
                OutboxRepository.release([row])
                await session.commit()

    async def _deliver(self, session: AsyncSession, row_id: int) -> None:
        repo = OutboxRepository(session, self.vault)
        outbox = Outbox(session, self.vault)
        head = await session.get(OutboxMessage, row_id)
        if head is None or head.status not in ACTIVE or head.claimed_by != self.owner:
            return  # finished, or the claim lapsed and another replica has it now
        rows = [head]
        if head.media_group_id:
            album = await repo.album_rows(head)
            wait = await self._album_wait(session, album)
            if wait is not None:
                OutboxRepository.reschedule(album, wait, "waiting-for-album")
                OutboxRepository.release(album)
                await session.commit()
                return
            rows = album
        self._held[row_id] = tuple(row.id for row in rows)
        await repo.mark_inflight(rows, self.owner, utcnow() + self.lease)
        await session.commit()
        delivery = Delivery(self.bot, session, self.vault, self.staff_chat_id, self.topics)
        action: Action | None = None
        try:
            actions = [outbox.read(row) for row in rows]
            action = actions[0]
            result: str | None
            if isinstance(action, AlbumPart):
                parts = [part for part in actions if isinstance(part, AlbumPart)]  # one album: all are parts
                result = await type(action).execute_album(delivery, parts)
            else:
                result = await action.execute(delivery)
        except Exception as error:
            failure = classify(error)
            if failure is None:
                raise
            await self._on_failure(delivery, rows, action, failure, error)
        else:
            OutboxRepository.mark_sent(rows, result)
            for row in rows:
                row.payload = b""  # delivered: do not keep the text
        OutboxRepository.release(rows)
        await session.commit()

    async def _album_wait(self, session: AsyncSession, album: Sequence[OutboxMessage]) -> float | None:
        """Seconds to wait for more items of the album, or None: send what is there, as one album.

        Each item is an update of its own. Items still stored unprocessed in the chat's inbox are
        waited for however slow processing is (up to ALBUM_WAIT_LIMIT); after the newest item, the
        grace covers items Telegram has not delivered yet.
        """
        now = utcnow()
        newest = max(row.created_at for row in album)
        if now - newest < self.album_grace:
            return (newest + self.album_grace - now).total_seconds()
        oldest = min(row.created_at for row in album)
        if now - oldest < ALBUM_WAIT_LIMIT and await self._updates_waiting_from(session, album[0]):
            return ALBUM_RECHECK
        return None

    async def _updates_waiting_from(self, session: AsyncSession, row: OutboxMessage) -> bool:
        """Whether the chat the album was sent in has updates stored but not processed yet."""
        part = Outbox(session, self.vault).read(row)
        delivery = Delivery(self.bot, session, self.vault, self.staff_chat_id, self.topics)
        try:
            chat_id = await part.source_chat(delivery) if isinstance(part, AlbumPart) else None
        except PermanentFailure:  # the person's data is gone: the send will fail on its own
            return False
        if chat_id is None:
            return False
        return await InboxChatsRepository(session).has_pending(self.vault.hash_text(chat_ordering_key(chat_id)))

    async def _on_failure(
        self,
        delivery: Delivery,
        rows: Sequence[OutboxMessage],
        action: Action | None,
        failure: Failure,
        error: Exception,
    ) -> None:
        head = rows[0]
        staff_ticket = head.ticket_id if head.target == OutboxTarget.STAFF else None
        if failure is Failure.RATE_LIMITED and isinstance(error, TelegramRetryAfter):
            OutboxRepository.reschedule(rows, float(error.retry_after), "429")
        elif failure is Failure.TRANSIENT:
            OutboxRepository.reschedule(rows, backoff(head.attempts), type(error).__name__)
        elif failure is Failure.BLOCKED:
            await self._on_blocked(delivery.session, rows, error)
        elif failure is Failure.NOT_MODIFIED:
            OutboxRepository.mark_sent(rows, "not-modified")
        elif (
            failure is Failure.THREAD_NOT_FOUND
            and staff_ticket is not None
            and await self.topics.topic_deleted(delivery, staff_ticket)
        ):
            logger.warning("a ticket's forum topic was deleted by hand; recreating it")
            OutboxRepository.reschedule(rows, 0, "topic-deleted")
        elif (
            failure is Failure.TOPIC_CLOSED
            and staff_ticket is not None
            and await self.topics.topic_closed(delivery, staff_ticket)
        ):
            OutboxRepository.reschedule(rows, 0, "topic-reopened")
        elif failure is Failure.NOT_A_FORUM:
            self.topics.not_a_forum()
            OutboxRepository.reschedule(rows, 0, "not-a-forum")
        else:
            logger.warning("outbox %s (%s) refused: %s", head.action, head.target, type(error).__name__)
            OutboxRepository.fail(rows, f"{failure}:{_description(error)}")
            if failure is Failure.UNCOPYABLE and isinstance(action, CopyToStaff | AlbumToStaff):
                await self.topics.copy_failed(delivery, action.ticket_id)
            elif head.target == OutboxTarget.USER and head.ticket_id is not None:
                await self.topics.relay_failed(delivery, head.ticket_id)

    async def _on_blocked(self, session: AsyncSession, rows: Sequence[OutboxMessage], error: Exception) -> None:
        head = rows[0]
        if head.target == OutboxTarget.USER and head.user_id is not None:
            if head.ticket_id is None:  # an announcement: skip this person
                OutboxRepository.fail(rows, "blocked")
            else:  # an answer: wait for them (set_blocked holds the lane)
                for row in rows:
                    row.status = OutboxStatus.PENDING
            await self.blocked(session, head.user_id)
            return
        logger.error("the staff group refused a message (%s): is the bot still an admin there?", _description(error))
        OutboxRepository.reschedule(rows, MAX_BACKOFF, "forbidden-in-staff-group")


def _description(error: Exception) -> str:
    return str(getattr(error, "message", error))[:150]
