"""Liveness and readiness.

`/healthz`: the process answers. `/readyz`: it can do its work now: started, the database answers
and its schema is the one this code expects, Redis answers (when configured), the knowledge base
is loaded. The database probe has its own connection (not the application's pool), so a busy pool
does not read as an unreachable database.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.config import Settings
from bot.ops.shared import SharedCall
from bot.services.knowledge import KnowledgeHolder
from db.migrate import head_revision, stored_revision

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 3.0


@dataclass(frozen=True)
class Readiness:
    reasons: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.reasons

    def as_json(self) -> dict[str, Any]:
        if self.ready:
            return {"status": "ready"}
        return {"status": "unready", "reason": "; ".join(self.reasons)}


def root_cause(error: BaseException) -> str:
    """The innermost exception's type: names the problem, never quotes a DSN or data."""
    while error.__cause__ is not None:
        error = error.__cause__
    return type(error).__name__


def probe_engine(database_url: str, timeout: float) -> AsyncEngine:
    connect_args = {"timeout": timeout} if database_url.startswith("postgresql") else {}
    return create_async_engine(database_url, poolclass=NullPool, connect_args=connect_args)


class HealthChecks:
    def __init__(
        self,
        settings: Settings,
        knowledge: KnowledgeHolder,
        started: asyncio.Event,
        pending_updates: Callable[[], int],
        timeout: float = PROBE_TIMEOUT,
    ) -> None:
        self.knowledge = knowledge
        self.started = started
        self.pending_updates = pending_updates
        self.timeout = timeout
        self._engine = probe_engine(settings.database_url, timeout)
        self._redis: Any = None
        if settings.redis_url:
            from redis.asyncio import Redis

            self._redis = Redis.from_url(settings.redis_url, socket_connect_timeout=timeout, socket_timeout=timeout)
        self._head: str | None = None
        self._schema = SharedCall(lambda: stored_revision(self._engine))
        self._ping = SharedCall(self._ping_redis)

    def liveness(self) -> dict[str, Any]:
        return {"status": "alive", "ok": True, "pending_updates": self.pending_updates()}

    async def readiness(self) -> Readiness:
        reasons: list[str] = []
        if not self.started.is_set():
            reasons.append("starting")
        database, redis = await asyncio.gather(self._check_database(), self._check_redis())
        reasons += [reason for reason in (database, redis) if reason]
        kb = self.knowledge.kb
        if kb is None or not kb.articles:
            reasons.append("knowledge not loaded")
        return Readiness(reasons)

    async def _check_database(self) -> str | None:
        try:
            current = await self._schema(self.timeout + 1)
        except TimeoutError:
            return "database not answering"
        except Exception as error:
            return f"database unreachable ({root_cause(error)})"
        if self._head is None:
            self._head = await asyncio.to_thread(head_revision)
        if current != self._head:
            return f"migrations not current (database at {current or 'none'}, code at {self._head})"
        return None

    async def _ping_redis(self) -> None:
        await self._redis.ping()

    async def _check_redis(self) -> str | None:
        if self._redis is None:
            return None
        try:
            await self._ping(self.timeout + 1)
        except TimeoutError:
            return "redis not answering"
        except Exception as error:
            return f"redis unreachable ({root_cause(error)})"
        return None

    async def close(self) -> None:
        await self._engine.dispose()
        if self._redis is not None:
            await self._redis.aclose()
