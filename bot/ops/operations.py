"""Everything operators see of one Application, attached through a few explicit hook points.

The Application creates one `Operations`, calls `start()`/`stop()` with its own lifecycle,
reports received updates with `metrics.count_received`, and lets `add_health_routes` put
/healthz and /readyz on its webhook server. The rest is attached from outside: a request
middleware on the bot's session, a dispatcher middleware, and session events on the engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.config import Settings
from bot.context import AppContext
from bot.ops.health import HealthChecks
from bot.ops.instruments import FirstReplyObserver, TelegramMetrics, UpdateMetrics
from bot.ops.metrics import DatabaseGauges, Metrics
from bot.ops.server import HealthRoutes, OpsServer


class Operations:
    def __init__(
        self,
        settings: Settings,
        context: AppContext,
        bot: Bot,
        dispatcher: Dispatcher,
        started: asyncio.Event,
        pending_updates: Callable[[], int],
    ) -> None:
        self.settings = settings
        self.metrics = Metrics()
        self.metrics.updates_in_progress.set_function(pending_updates)
        self.database = DatabaseGauges(context.sessionmaker)
        self.metrics.registry.register(self.database)
        self.health = HealthChecks(settings, context.knowledge, started, pending_updates)
        self.server = OpsServer(self.metrics, self.database, self.health)
        bot.session.middleware(TelegramMetrics(self.metrics))
        dispatcher.update.outer_middleware(UpdateMetrics(self.metrics))
        self.first_replies = FirstReplyObserver(context.engine.sync_engine, self.metrics)

    async def start(self) -> None:
        self.first_replies.start()
        if self.settings.metrics_port is not None:
            await self.server.start(self.settings.metrics_host, self.settings.metrics_port)

    async def stop(self) -> None:
        self.first_replies.stop()
        await self.server.stop()
        await self.health.close()

    def add_health_routes(self, app: web.Application) -> None:
        HealthRoutes(self.health).add_to(app)
