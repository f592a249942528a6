"""The durable inbox: every update is stored before Telegram is told it arrived.

Polling confirms an update only by asking for a higher offset, so updates are written to the
database (encrypted) and the new offset saved in one transaction *before* the next getUpdates.
A crash after that point loses nothing: unprocessed rows are replayed at start-up. Each update is
marked processed in the same transaction as its effects (see DatabaseMiddleware), so replaying
never applies an update twice. Updates of one chat are processed in order; chats run in parallel.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.runtime.stored_update import strip_identities
from db.identity import IdentityVault
from db.repositories.inbox import InboxRepository
from db.repositories.quarantine import QuarantineRepository

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # with backoff, about 15 s: a database or Redis restart passes, the chat waits
# Updates processed at once (different chats); each holds a database connection until it commits.
CONCURRENCY = 64


class Receipt:
    """Set by DatabaseMiddleware when the update was marked processed inside its own transaction."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False


def chat_ordering_key(chat_id: int) -> str:
    return f"chat:{chat_id}"


def ordering_key(update: Update) -> str:
    """Updates with the same key are processed one after another, in update_id order."""
    event = update.event
    chat = getattr(event, "chat", None)
    if chat is None and update.callback_query is not None and update.callback_query.message is not None:
        chat = update.callback_query.message.chat
    if chat is not None:
        return chat_ordering_key(chat.id)
    sender = getattr(event, "from_user", None)
    if sender is not None:
        return f"user:{sender.id}"
    return f"update:{update.update_id}"


class KeyedSerializer:
    """Runs jobs with the same key strictly in submission order, different keys concurrently."""

    def __init__(self, concurrency: int = CONCURRENCY) -> None:
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._semaphore = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, key: str, job: Callable[[], Awaitable[None]]) -> None:
        previous = self._tails.get(key)
        task = asyncio.create_task(self._run(previous, job))
        self._tails[key] = task
        self._tasks.add(task)

        def _done(finished: asyncio.Task[None]) -> None:
            self._tasks.discard(finished)
            if self._tails.get(key) is finished:
                del self._tails[key]

        task.add_done_callback(_done)

    async def _run(self, previous: asyncio.Task[None] | None, job: Callable[[], Awaitable[None]]) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        async with self._semaphore:
            await job()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for the submitted jobs; True when all finished in time."""
        if not self._tasks:
            return True
        _done, not_done = await asyncio.wait(set(self._tasks), timeout=timeout)
        return not not_done

    def cancel(self) -> None:
        for task in list(self._tasks):
            task.cancel()


class Inbox:
    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        vault: IdentityVault,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.vault = vault
        self.serializer = KeyedSerializer(concurrency)
        self._in_progress: set[int] = set()

    def _encode(self, update: Update) -> bytes:
        raw = strip_identities(update.model_dump(mode="json", exclude_none=True, exclude_unset=True))
        return self.vault.encrypt(json.dumps(raw, ensure_ascii=False).encode())

    async def store(self, updates: Sequence[Update], next_offset: int | None = None) -> list[Update]:
        """Persist new updates (and the polling offset) in one transaction; return the new ones."""
        async with self.sessionmaker() as session:
            repo = InboxRepository(session)
            known = await repo.known_ids([update.update_id for update in updates])
            fresh = [update for update in updates if update.update_id not in known]
            for update in fresh:
                await repo.add(update.update_id, self._encode(update), chat_key=self.chat_key(update))
            if next_offset is not None:
                await repo.set_offset(next_offset)
            await session.commit()
        return fresh

    async def saved_offset(self) -> int | None:
        async with self.sessionmaker() as session:
            return await InboxRepository(session).get_offset()

    def chat_key(self, update: Update) -> str:
        """The ordering key as stored: a keyed hash, so the table names no chat."""
        return self.vault.hash_text(ordering_key(update))

    def decode(self, payload: bytes) -> Update:
        """A stored update (a wrong DATA_KEY raises here, loudly)."""
        data = json.loads(self.vault.decrypt(payload))
        return Update.model_validate(data, context={"bot": self.bot})

    async def process(self, update: Update) -> None:
        """Process one stored update now; the caller keeps the order (per-chat leases, replicas)."""
        await self._process(update)

    def schedule(self, update: Update) -> None:
        if update.update_id in self._in_progress:
            return
        self._in_progress.add(update.update_id)
        self.serializer.submit(ordering_key(update), lambda: self._process(update))

    async def recover(self) -> int:
        """Schedule updates that were stored but not processed before the last stop."""
        replayed, after = 0, -1
        while True:  # page by update_id: the scheduled rows stay pending until they are processed
            async with self.sessionmaker() as session:
                rows = await InboxRepository(session).pending(after=after)
            if not rows:
                break
            after = rows[-1].update_id
            for row in rows:
                if row.payload is None:
                    continue
                data = json.loads(self.vault.decrypt(row.payload))  # a wrong DATA_KEY stops here, loudly
                try:
                    update = Update.model_validate(data, context={"bot": self.bot})
                except ValueError:  # stored by an older release, or damaged: set aside, never a crash loop
                    await self._quarantine_stored(row.update_id, row.payload)
                    continue
                self.schedule(update)
            replayed += len(rows)
        if replayed:
            logger.info("replaying %d stored updates", replayed)
        return replayed

    async def _process(self, update: Update) -> None:
        try:
            for attempt in range(1, MAX_ATTEMPTS + 1):
                receipt = Receipt()
                try:
                    await self.dispatcher.feed_update(
                        self.bot, update, inbox_update_id=update.update_id, inbox_receipt=receipt
                    )
                    if not receipt.done:  # a handler failed and the error handler answered the user
                        await self._mark_processed(update.update_id)
                    return
                except Exception as error:
                    logger.warning(
                        "update %s failed (attempt %d/%d): %s",
                        update.update_id, attempt, MAX_ATTEMPTS, type(error).__name__,
                    )  # fmt: skip
                    if attempt < MAX_ATTEMPTS:
                        await asyncio.sleep(min(8.0, 0.5 * 2 ** (attempt - 1)))
            await self._give_up(update.update_id)
        finally:
            self._in_progress.discard(update.update_id)

    async def _quarantine_stored(self, update_id: int, payload: bytes) -> None:
        async with self.sessionmaker() as session:
            await QuarantineRepository(session).add(update_id, payload)
            await InboxRepository(session).mark_processed(update_id)
            await session.commit()
        logger.warning("stored update %s could not be parsed; quarantined and skipped", update_id)

    async def _give_up(self, update_id: int) -> None:
        logger.error("update %s could not be processed; dropping it", update_id)
        await self._mark_processed(update_id)

    async def _record_attempt(self, update_id: int) -> None:
        async with self.sessionmaker() as session:
            await InboxRepository(session).record_failure(update_id)
            await session.commit()

    async def _mark_processed(self, update_id: int) -> None:
        async with self.sessionmaker() as session:
            await InboxRepository(session).mark_processed(update_id)
            await session.commit()

    async def purge(self, older_than: timedelta = timedelta(days=2)) -> int:
        async with self.sessionmaker() as session:
            removed = await InboxRepository(session).purge_processed(older_than)
            await session.commit()
            return removed
