"""HTTP endpoints for operators: /metrics, /healthz, /readyz.

They are served on `METRICS_HOST:METRICS_PORT`, which stays private (Prometheus, the container
runtime). The webhook server, which a proxy exposes, gets /healthz and /readyz only.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.ops.health import HealthChecks
from bot.ops.metrics import DatabaseGauges, Metrics

logger = logging.getLogger(__name__)


class HealthRoutes:
    def __init__(self, health: HealthChecks) -> None:
        self.health = health

    def add_to(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)

    async def healthz(self, _request: web.Request) -> web.Response:
        return web.json_response(self.health.liveness())

    async def readyz(self, _request: web.Request) -> web.Response:
        readiness = await self.health.readiness()
        return web.json_response(readiness.as_json(), status=200 if readiness.ready else 503)


class OpsServer:
    def __init__(self, metrics: Metrics, database: DatabaseGauges, health: HealthChecks) -> None:
        self.metrics = metrics
        self.database = database
        self.health_routes = HealthRoutes(health)
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/metrics", self.serve_metrics)
        self.health_routes.add_to(app)
        return app

    async def serve_metrics(self, _request: web.Request) -> web.Response:
        await self.database.refresh()
        body, content_type = self.metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    async def start(self, host: str, port: int) -> None:
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        logger.info("metrics and health checks on %s:%s", host, port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
