"""The shared flood limits across a Redis outage: what replicas sent on their own is not sent again.

The windows here last 10 s and every test is over in well under a second of real time, so the
shared windows (on Redis's clock) never empty by themselves; this process's windows run on a fake
clock that each wait moves forward instead of sleeping.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from redis.asyncio import Redis

from bot.telegram.limiter import FloodLimits, Window
from bot.telegram.shared_limiter import RETRY_REDIS_EVERY, RedisFloodLimiter
from tests.redis_server import CLIENT_TIMEOUT, RedisServer

pytestmark = pytest.mark.redis

WINDOW = 10.0
LIMITS = FloodLimits(global_=Window(6, WINDOW), private=Window(6, WINDOW), group=Window(6, WINDOW))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    clock = FakeClock()

    async def fake_sleep(seconds: float) -> None:
        clock.now += seconds

    # Only the in-memory limiter's waits are fake (starting redis-server still polls in real time).
    monkeypatch.setattr("bot.telegram.limiter.asyncio", SimpleNamespace(Lock=asyncio.Lock, sleep=fake_sleep))
    return clock


Replicas = Callable[[RedisServer], list[RedisFloodLimiter]]


@pytest.fixture
async def replicas(clock: FakeClock) -> AsyncIterator[Replicas]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    made: list[RedisFloodLimiter] = []
    namespace = f"test:{uuid.uuid4().hex[:8]}"

    def make(server: RedisServer) -> list[RedisFloodLimiter]:
        for _ in range(2):
            redis = Redis.from_url(server.url, socket_connect_timeout=CLIENT_TIMEOUT, socket_timeout=CLIENT_TIMEOUT)
            limiter = RedisFloodLimiter(redis, LIMITS, namespace=namespace, chat_key=str, margin=0.0, clock=clock)
            limiter.share_with(2)  # 3 messages per window each while they cannot share
            made.append(limiter)
        return made

    yield make
    for limiter in made:
        await limiter.close()


async def send(limiter: RedisFloodLimiter, clock: FakeClock, times: list[float], count: int) -> None:
    for _ in range(count):
        await limiter.acquire(None)
        times.append(clock.now)


async def settled(limiter: RedisFloodLimiter) -> None:
    """As if Redis had run for a while: a Redis never seen before counts as one that came back empty."""
    await limiter.redis.delete(f"{limiter.namespace}:recovery", f"{limiter.namespace}:loss")


def most_in_window(times: list[float]) -> int:
    return max(sum(1 for t in times if start <= t < start + WINDOW) for start in times)


async def test_after_a_restart_both_replicas_keep_to_their_share_for_a_window(
    replicas: Replicas, clock: FakeClock, tmp_path: Path
) -> None:
    server = RedisServer(persist_dir=tmp_path)  # the windows survive; what was sent without it is not there
    await server.start()
    try:
        away, unaware = replicas(server)
        times: list[float] = []
        await send(unaware, clock, times, 1)
        await settled(unaware)
        await server.stop()
        await send(away, clock, times, 3)  # on its own: its share, after a window for others' last sends
        assert away.degraded and min(times[1:]) >= times[0] + WINDOW
        fallback = times[1]
        await server.start()  # the other replica never noticed the outage
        clock.now += RETRY_REDIS_EVERY  # the first one asks Redis again
        await send(away, clock, times, 1)  # back, but its own sends of the last window still count
        assert not away.degraded and away.recovering
        assert times[-1] >= fallback + WINDOW
        await send(unaware, clock, times, 4)  # Redis's run id changed: its share only, as if on its own
        assert unaware.recovering
        assert times[-1] >= times[-2] + WINDOW
        assert most_in_window(times) <= 6
    finally:
        await server.stop()


async def test_a_restart_noticed_by_no_call_is_found_by_redis_run_id(
    replicas: Replicas, clock: FakeClock, tmp_path: Path
) -> None:
    server = RedisServer(persist_dir=tmp_path)
    await server.start()
    try:
        away, unaware = replicas(server)
        times: list[float] = []
        await send(unaware, clock, times, 1)
        await settled(unaware)
        await server.stop()
        await send(away, clock, times, 3)
        await server.start()
        await send(unaware, clock, times, 4)  # before the other one is back: nobody told Redis of it
        assert unaware.recovering and away.degraded
        assert times[-1] >= times[1] + WINDOW
        assert most_in_window(times) <= 6
    finally:
        await server.stop()


async def test_redis_back_empty_counts_the_sends_it_forgot(replicas: Replicas, clock: FakeClock) -> None:
    server = RedisServer()  # nothing kept across the restart
    await server.start()
    try:
        busy, quiet = replicas(server)
        times: list[float] = []
        await send(busy, clock, times, 1)
        await settled(busy)
        await send(busy, clock, times, 4)  # shared: one replica may take most of the window
        await send(quiet, clock, times, 1)
        await server.stop()
        await server.start()
        await send(quiet, clock, times, 2)  # its own share has room, but the window was full a moment ago
        assert quiet.recovering and not quiet.degraded
        assert min(times[-2:]) >= times[5] + WINDOW
        assert most_in_window(times) <= 6
    finally:
        await server.stop()


async def test_a_single_replica_keeps_sending_through_an_outage(replicas: Replicas, clock: FakeClock) -> None:
    """Alone, its own windows already hold every send: an outage costs no pause, and the limits still hold."""
    server = RedisServer()
    await server.start()
    try:
        alone, _other = replicas(server)
        alone.share_with(1)
        times: list[float] = []
        await send(alone, clock, times, 1)
        await settled(alone)
        await send(alone, clock, times, 2)
        await server.stop()
        await send(alone, clock, times, 3)  # the window has room for three more: no wait
        assert alone.degraded and times[-1] == times[0]
        await send(alone, clock, times, 1)  # the seventh in the window waits for the first to leave it
        assert times[-1] >= times[0] + WINDOW
        assert most_in_window(times) <= 6
    finally:
        await server.stop()
