"""/readyz reasons: starting, schema behind the code, Redis away, knowledge missing."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from bot.ops.health import HealthChecks
from bot.services.knowledge import KnowledgeHolder
from db.migrate import head_revision, upgrade_async
from tests.conftest import free_port


def checks(settings, knowledge=None, started: bool = True) -> HealthChecks:  # type: ignore[no-untyped-def]
    event = asyncio.Event()
    if started:
        event.set()
    return HealthChecks(settings, knowledge or KNOWLEDGE, event, lambda: 0, timeout=2)


KNOWLEDGE = KnowledgeHolder()


async def test_ready_on_a_current_database(make_settings, database_url):
    await upgrade_async(database_url)
    health = checks(make_settings(database_url=database_url))
    try:
        readiness = await health.readiness()
        assert readiness.ready and readiness.as_json() == {"status": "ready"}
    finally:
        await health.close()


async def test_unready_while_starting_or_behind_on_migrations(make_settings, database_url):
    await upgrade_async(database_url, "0004")
    health = checks(make_settings(database_url=database_url), started=False)
    try:
        readiness = await health.readiness()
        assert not readiness.ready
        assert readiness.reasons == [
            "starting",
            f"migrations not current (database at 0004, code at {head_revision()})",
        ]
        assert readiness.as_json()["status"] == "unready"
    finally:
        await health.close()


async def test_unready_when_redis_does_not_answer_or_knowledge_is_empty(make_settings, database_url):
    await upgrade_async(database_url)
    settings = make_settings(database_url=database_url, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    empty = SimpleNamespace(kb=SimpleNamespace(articles={}))
    health = checks(settings, knowledge=empty)
    try:
        reasons = (await health.readiness()).reasons
        assert reasons[0].startswith("redis unreachable (")
        assert reasons[1:] == ["knowledge not loaded"]
    finally:
        await health.close()
