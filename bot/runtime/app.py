"""The running application: start-up, the update sources, background workers, clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import GetUpdates
from aiohttp import web
from sqlalchemy.exc import IntegrityError

from bot.commands import register_commands
from bot.config import Settings
from bot.context import AppContext
from bot.factory import create_bot, create_context, create_dispatcher
from bot.ops.operations import Operations
from bot.outbox.sender import OutboxSender
from bot.runtime.chat_claims import ChatClaims
from bot.runtime.inbox import Inbox
from bot.runtime.leases import POLLER, REPLICA_PREFIX, AnotherPoller, Leases
from bot.runtime.quarantine import Quarantine, Unparsed, salvage_updates
from bot.runtime.webhook import parse_update, secret_matches
from bot.services.consultations import BlockedBotRecorder
from bot.services.retention import purge_inactive_people
from bot.services.staff_topics import StaffTopics
from db.engine import pool_size_for, work_shares
from db.migrate import upgrade_if_behind
from db.repositories.feedback import FeedbackRepository
from db.repositories.inbox_chats import CHAT_LEASE_PREFIX
from db.repositories.leases import LeaseRepository
from db.repositories.outbox import OutboxRepository

logger = logging.getLogger(__name__)

POLL_TIMEOUT = 25
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Application:
    def __init__(self, settings: Settings, context: AppContext | None = None) -> None:
        self.settings = settings
        self.context = context or create_context(settings)
        self.bot: Bot = create_bot(settings, self.context.limiter)
        self.dispatcher: Dispatcher = create_dispatcher(self.context)
        # As much work at once as the database pool can hold (db/engine.py).
        updates_at_once, lanes_at_once = work_shares(pool_size_for(settings.database_url, settings.database_pool_size))
        self.inbox = Inbox(
            self.dispatcher, self.bot, self.context.sessionmaker, self.context.vault, concurrency=updates_at_once
        )
        self.quarantine = Quarantine(self.context.sessionmaker, self.context.vault)
        self.sender = OutboxSender(
            self.bot,
            self.context.sessionmaker,
            self.context.vault,
            staff_chat_id=settings.staff_chat_id,
            topics=StaffTopics(settings, self.context.i18n, self.context.vault, self.context.knowledge),
            blocked=BlockedBotRecorder(lambda session: self.context.services(session).consultations),
            wakeup=self.context.outbox_wakeup,
            lease=timedelta(seconds=settings.replica_lease_seconds),
            concurrency=lanes_at_once,
        )
        # Who holds the poller lease and which replica runs each periodic job (the same name as
        # the outbox claims carry).
        self.leases = Leases(self.context.sessionmaker, self.sender.owner)
        # Webhook mode on PostgreSQL may run as several replicas: a chat's updates go to whichever
        # holds the chat's lease. Otherwise one process orders them in memory.
        self.chat_claims: ChatClaims | None = None
        if settings.webhook_url and self.context.engine.dialect.name == "postgresql":
            lease = timedelta(seconds=settings.replica_lease_seconds)
            self.chat_claims = ChatClaims(self.inbox, self.leases, self.context.sessionmaker, lease)
        self.workers: list[asyncio.Task[None]] = []
        self._stop = asyncio.Event()
        self.ready = asyncio.Event()
        self.ops = Operations(
            settings, self.context, self.bot, self.dispatcher, self.ready, lambda: self.inbox.serializer.pending
        )

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        await self.ops.start()
        await upgrade_if_behind(self.context.engine, self.settings.database_url)
        if not self.settings.webhook_url:
            await self.leases.take_poller()
        me = await self.bot.me()
        logger.info("bot @%s started (%s mode)", me.username, "webhook" if self.settings.webhook_url else "polling")
        await register_commands(self.bot, self.context)
        await self.dispatcher.emit_startup(bot=self.bot, **self.dispatcher.workflow_data)
        await (self.chat_claims.recover() if self.chat_claims else self.inbox.recover())
        for job in self.background_jobs():
            self.workers.append(asyncio.create_task(self._supervise(job), name=job.__name__))

    def background_jobs(self) -> list[Callable[[], Awaitable[None]]]:
        jobs: list[Callable[[], Awaitable[None]]] = [
            self._purge_inbox_periodically,
            self.sender.run,
            self._broadcast_reports,
        ]
        if self.settings.staff_chat_id is not None:
            jobs.append(self._consultation_duties)
        if self.chat_claims is not None:
            jobs.append(self._sweep_chats)
        if self.settings.redis_url:
            jobs.append(self._count_replicas)
        return jobs

    async def _count_replicas(self) -> None:
        """Keep the shared limiter's fallback at this replica's share of Telegram's limits."""
        from bot.telegram.shared_limiter import RedisFloodLimiter  # Redis is imported only when configured

        assert isinstance(self.context.limiter, RedisFloodLimiter)
        ttl = timedelta(seconds=self.settings.replica_lease_seconds)
        try:
            while not self._stop.is_set():
                self.context.limiter.share_with(await self.leases.heartbeat(ttl))
                await self._pause(ttl.total_seconds() / 3)
        finally:
            with contextlib.suppress(Exception):
                await self.leases.release(REPLICA_PREFIX + self.leases.owner)

    async def _sweep_chats(self) -> None:
        assert self.chat_claims is not None
        await self.chat_claims.sweep_forever(self._stop)

    async def run(self) -> None:
        try:
            await self.start()
        except AnotherPoller:
            await self.ops.stop()
            await self.bot.session.close()
            await self.context.close()
            raise
        try:
            if self.settings.webhook_url:
                await self._serve_webhook(self.settings.webhook_url)
            else:
                await self._poll()
        finally:
            await self.shutdown()

    def stop(self) -> None:
        self._stop.set()

    async def is_idle(self) -> bool:
        """No update being processed and nothing left to send (tests and the sandbox wait for this)."""
        return self.inbox.serializer.pending == 0 and not self.sender.busy and await self.sender.pending() == 0

    async def shutdown(self) -> None:
        logger.info("stopping: finishing updates in progress")
        if not await self.inbox.serializer.drain(timeout=10):
            logger.warning("some updates did not finish; they will be replayed at the next start")
            self.inbox.serializer.cancel()
        # Workers see the stop event and finish what they are doing (a database call cut off by a
        # cancellation leaves a connection half-reset); only a worker that hangs is cancelled.
        self.sender.stop()
        if self.workers:
            _done, hanging = await asyncio.wait(self.workers, timeout=10)
            for worker in hanging:
                worker.cancel()
            await asyncio.gather(*self.workers, return_exceptions=True)
        await self.dispatcher.emit_shutdown(bot=self.bot, **self.dispatcher.workflow_data)
        await self.dispatcher.storage.close()
        await self.bot.session.close()
        await self.context.limiter.close()
        await self.ops.stop()
        await self.context.close()

    async def _supervise(self, job: Callable[[], Awaitable[None]]) -> None:
        """Keep a background job alive: log a crash (type only) and restart it after a pause."""
        while not self._stop.is_set():
            try:
                await job()
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.error("background job %s crashed: %s; restarting", job.__name__, type(error).__name__)
                await self._pause(5)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the application stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)

    async def run_maintenance(self) -> None:
        """Delete what is no longer needed: handled updates, sent relays, old unanswered questions."""
        await self.inbox.purge()
        await self.quarantine.purge()
        async with self.context.sessionmaker() as session:
            await OutboxRepository(session, self.context.vault).purge_finished(timedelta(days=2))
            await FeedbackRepository(session).purge_gaps(older_than_days=self.settings.gaps_retention_days)
            await LeaseRepository(session).purge_expired(CHAT_LEASE_PREFIX)  # left by stopped replicas
            await purge_inactive_people(session, self.context.vault, self.settings)
            await session.commit()

    async def _periodically(self, name: str, period: float, job: Callable[[], Awaitable[None]]) -> None:
        """Run `job` about once per `period` across all replicas: whichever takes its lease first."""
        while not self._stop.is_set():
            if await self.leases.due(name, period):
                await job()
            await self._pause(period / 3)

    async def _purge_inbox_periodically(self) -> None:
        await self._periodically("job:maintenance", 3600, self.run_maintenance)

    async def run_consultation_duties(self) -> None:
        """Remind unanswered tickets, close idle ones, delete old closed ones."""
        async with self.context.sessionmaker() as session:
            consultations = self.context.services(session).consultations
            await consultations.remind_unanswered()
            await consultations.close_idle()
            await consultations.purge_closed()
            await session.commit()
        self.context.outbox_wakeup.set()

    async def report_broadcasts(self) -> None:
        """Keep each running announcement's progress message current; send the summary at the end."""
        async with self.context.sessionmaker() as session:
            await self.context.services(session).broadcasts.report(self.bot)
            await session.commit()

    async def _broadcast_reports(self) -> None:
        await self._periodically("job:broadcast-reports", 3, self.report_broadcasts)

    async def _consultation_duties(self) -> None:
        await self._periodically("job:consultation-duties", 60, self.run_consultation_duties)

    # -- long polling ----------------------------------------------------------------------
    async def _poll(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)
        offset = await self.inbox.saved_offset()
        allowed = self.dispatcher.resolve_used_update_types()
        backoff = 1.0
        self.ready.set()
        keeping = asyncio.create_task(self.leases.keep_poller(self._stop))
        try:
            await self._poll_loop(offset, allowed, backoff)
        finally:
            keeping.cancel()
            await asyncio.gather(keeping, return_exceptions=True)
            await self.leases.release(POLLER)

    async def _poll_loop(self, offset: int | None, allowed: list[str], backoff: float) -> None:
        while not self._stop.is_set():
            request = GetUpdates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=allowed)
            try:
                getting = asyncio.create_task(self.bot(request, request_timeout=POLL_TIMEOUT + 10))
                stopping = asyncio.create_task(self._stop.wait())
                done, _ = await asyncio.wait({getting, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if getting not in done:
                    getting.cancel()
                    break
                stopping.cancel()
                updates, unparsed = getting.result(), list[Unparsed]()
                backoff = 1.0
            except ClientDecodeError as error:  # one update aiogram cannot parse spoils the whole answer
                salvaged = salvage_updates(error.data, self.bot)
                if salvaged is None:
                    logger.warning("getUpdates answer could not be decoded; retrying in %.0fs", backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 30.0)
                    continue
                updates, unparsed = salvaged
                await self.quarantine.keep(unparsed)
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
                continue
            except (TelegramNetworkError, TelegramAPIError) as error:
                logger.warning("getUpdates failed (%s); retrying in %.0fs", type(error).__name__, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            if not updates and not unparsed:
                continue
            offset = max([item.update_id for item in updates] + [item.update_id for item in unparsed]) + 1
            # Stored (with the new offset) before the next getUpdates confirms them to Telegram.
            fresh = await self.inbox.store(updates, next_offset=offset)
            self.ops.metrics.count_received("polling", len(updates), len(fresh))
            for update in fresh:
                self.inbox.schedule(update)

    # -- webhook ---------------------------------------------------------------------------
    def webhook_app(self) -> web.Application:
        app = web.Application(client_max_size=2 * 1024 * 1024)
        app.router.add_post(self.settings.webhook_path, self._on_webhook)
        self.ops.add_health_routes(app)
        return app

    async def _on_webhook(self, request: web.Request) -> web.Response:
        secret = self.settings.webhook_secret.get_secret_value() if self.settings.webhook_secret else ""
        if not secret_matches(request.headers.get(SECRET_HEADER, ""), secret):
            return web.Response(status=401)
        update = parse_update(await request.read(), self.bot)
        if update is None:
            return web.Response(status=400)
        if isinstance(update, Unparsed):  # a real update we cannot read: kept aside, not retried forever
            await self.quarantine.keep([update])
            return web.Response(status=200)
        # Answer 200 only once the update is stored: on any failure Telegram will send it again.
        try:
            fresh = await self.inbox.store([update])
        except IntegrityError:  # another replica stored the same delivery a moment earlier
            fresh = []
        self.ops.metrics.count_received("webhook", 1, len(fresh))
        for new in fresh:
            if self.chat_claims is not None:
                self.chat_claims.kick(new)
            else:
                self.inbox.schedule(new)
        return web.Response(status=200)

    async def _serve_webhook(self, url: str) -> None:
        runner = web.AppRunner(self.webhook_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.webhook_host, self.settings.webhook_port)
        await site.start()
        await self.bot.set_webhook(
            url=url,
            secret_token=self.settings.webhook_secret.get_secret_value() if self.settings.webhook_secret else None,
            allowed_updates=self.dispatcher.resolve_used_update_types(),
        )
        logger.info("webhook server listening on %s:%s", self.settings.webhook_host, self.settings.webhook_port)
        self.ready.set()
        try:
            await self._stop.wait()
        finally:
            await runner.cleanup()


async def run_application(settings: Settings) -> None:
    app = Application(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, app.stop)
    await app.run()
