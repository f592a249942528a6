"""Flood limits shared through Redis: several limiters (replicas) keep one set of windows.

Each test starts its own `redis-server` on a free port, so it can stop and restart it.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from redis.asyncio import Redis

from bot.telegram import shared_limiter
from bot.telegram.limiter import FloodLimits, Window
from bot.telegram.shared_limiter import RedisFloodLimiter
from tests.redis_server import CLIENT_TIMEOUT, RedisServer

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis_server() -> AsyncIterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    await server.start()
    yield server
    await server.stop()


MakeLimiter = Callable[..., RedisFloodLimiter]


@pytest.fixture
async def make_limiter(redis_server: RedisServer) -> AsyncIterator[MakeLimiter]:
    namespace = f"test:{uuid.uuid4().hex[:8]}"
    made: list[RedisFloodLimiter] = []

    def make(limits: FloodLimits, url: str | None = None) -> RedisFloodLimiter:
        redis = Redis.from_url(
            url or redis_server.url, socket_connect_timeout=CLIENT_TIMEOUT, socket_timeout=CLIENT_TIMEOUT
        )
        limiter = RedisFloodLimiter(redis, limits, namespace=namespace, chat_key=str, margin=0.0)
        made.append(limiter)
        return limiter

    yield make
    for limiter in made:
        await limiter.close()


def most_in_window(times: list[float], seconds: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + seconds) for start in times)


async def send(limiter: RedisFloodLimiter, chat_id: int, times: list[float], took: float = 0.0) -> None:
    mark = await limiter.acquire(chat_id)
    await asyncio.sleep(took)  # the call itself
    times.append(time.monotonic())
    await limiter.sent(chat_id, 1, mark)


async def test_two_replicas_share_the_global_window(make_limiter: MakeLimiter) -> None:
    limits = FloodLimits(global_=Window(5, 0.5))
    replicas = [make_limiter(limits), make_limiter(limits)]
    times: list[float] = []
    await asyncio.gather(*(send(replicas[n % 2], 1000 + n, times) for n in range(20)))
    # (a window 50 ms short: the times are taken after the event loop resumes each sender)
    assert most_in_window(times, 0.45) <= 5  # one process each would let 10 through
    assert max(times) - min(times) >= 1.4


async def test_two_replicas_share_a_chat_window(make_limiter: MakeLimiter) -> None:
    limits = FloodLimits(private=Window(2, 0.6))
    replicas = [make_limiter(limits), make_limiter(limits)]
    times: list[float] = []
    await asyncio.gather(*(send(replicas[n % 2], 42, times) for n in range(6)))
    assert most_in_window(times, 0.55) <= 2
    other: list[float] = []
    started = time.monotonic()
    await send(replicas[0], 43, other)  # another chat is not held back (the global window is wide)
    assert other[0] - started < 0.2


async def test_a_send_counts_from_when_its_call_finished(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(FloodLimits(global_=Window(2, 0.5)))
    times: list[float] = []
    await asyncio.gather(send(limiter, 1, times, took=0.3), send(limiter, 2, times, took=0.3))
    started = time.monotonic()
    await send(limiter, 3, times)
    assert time.monotonic() - started >= 0.45  # counted from the end of the slow calls, not their start


async def test_a_429_pauses_the_chat_for_every_replica(make_limiter: MakeLimiter) -> None:
    limits = FloodLimits()
    first, second = make_limiter(limits), make_limiter(limits)
    first.penalize(7, 0.5)
    await asyncio.sleep(0.05)  # the pause is written in the background
    started = time.monotonic()
    await second.acquire(7)
    assert time.monotonic() - started >= 0.4


async def test_redis_down_and_back_degrades_to_local_limits_and_recovers(
    make_limiter: MakeLimiter, redis_server: RedisServer, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(shared_limiter, "RETRY_REDIS_EVERY", 0.3)
    limiter = make_limiter(FloodLimits(global_=Window(5, 0.5)))
    times: list[float] = []
    await send(limiter, 1, times)
    assert not limiter.degraded
    await redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="bot.telegram.shared_limiter"):
        for n in range(12):  # no crash: the local windows keep the pace
            await send(limiter, 10 + n, times)
        assert limiter.degraded
        assert most_in_window(times, 0.5) <= 5
        await redis_server.start()
        await asyncio.sleep(0.35)
        await send(limiter, 99, times)
    assert not limiter.degraded
    messages = [record.getMessage() for record in caplog.records]
    assert sum("Redis unreachable" in message for message in messages) == 1  # one warning, not one per send
    assert any("shared between replicas again" in message for message in messages)


async def test_without_redis_each_replica_keeps_only_its_share(make_limiter: MakeLimiter, redis_server) -> None:
    limiter = make_limiter(FloodLimits(global_=Window(6, 0.5)))
    limiter.share_with(3)  # three replicas are alive: 2 messages per window each while Redis is away
    await redis_server.stop()
    times: list[float] = []
    for n in range(6):
        await send(limiter, 10 + n, times)
    assert limiter.degraded
    assert most_in_window(times, 0.5) <= 2
    assert max(times) - min(times) >= 1.0


async def test_a_send_still_in_flight_keeps_its_place_longer_than_the_window(make_limiter: MakeLimiter) -> None:
    # A loaded replica: the requests take longer to go out than the whole window lasts.
    limiter = make_limiter(FloodLimits(global_=Window(2, 0.5)))
    times: list[float] = []
    started = time.monotonic()
    slow = [asyncio.create_task(send(limiter, chat, times, took=0.8)) for chat in (1, 2)]
    await asyncio.sleep(0.05)
    await send(limiter, 3, times)
    await asyncio.gather(*slow)
    assert times[-1] - started >= 0.8 + 0.5 - 0.05  # after the slow ones finished, plus a window


async def test_chats_waiting_for_the_shared_window_take_turns(make_limiter: MakeLimiter) -> None:
    # As in memory: every chat's first message goes before anyone's second, so that draining a
    # backlog does not end with a few starved chats paced alone by their own window.
    limiter = make_limiter(FloodLimits(global_=Window(10, 0.3)))
    granted: list[int] = []

    async def chat(chat_id: int) -> None:
        for _ in range(3):
            mark = await limiter.acquire(chat_id)
            granted.append(chat_id)
            await limiter.sent(chat_id, 1, mark)

    await asyncio.gather(*(chat(chat_id) for chat_id in range(1, 21)))
    assert [sorted(granted[k : k + 20]) for k in (0, 20, 40)] == [list(range(1, 21))] * 3
