import asyncio

import pytest

from bot.telegram.limiter import CHAT_MARGIN, FloodLimiter, FloodLimits, Window


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = FakeClock()

    async def fake_sleep(seconds: float) -> None:
        clock.now += seconds

    monkeypatch.setattr("bot.telegram.limiter.asyncio.sleep", fake_sleep)
    return clock


async def sends_within(limiter: FloodLimiter, clock: FakeClock, chat_id: int, count: int) -> list[float]:
    times = []
    for _ in range(count):
        await limiter.acquire(chat_id)
        times.append(clock.now)
    return times


def max_in_window(times: list[float], seconds: float) -> int:
    return max(sum(1 for t in times if start <= t < start + seconds) for start in times)


async def test_private_chat_paced_to_window(clock):
    limiter = FloodLimiter(FloodLimits(private=Window(3, 3.0)), margin=0.0, clock=clock)
    times = await sends_within(limiter, clock, 42, 12)
    assert max_in_window(times, 3.0) <= 3
    assert times[2] == times[0]  # a short burst is allowed
    assert times[-1] - times[0] >= 9.0


async def test_group_twenty_per_minute(clock):
    limiter = FloodLimiter(FloodLimits(group=Window(20, 60.0)), margin=0.0, clock=clock)
    times = await sends_within(limiter, clock, -100123, 45)
    assert max_in_window(times, 60.0) <= 20


async def test_global_limit_across_chats(clock):
    limiter = FloodLimiter(FloodLimits(global_=Window(30, 1.0)), margin=0.0, clock=clock)
    times = []
    for chat in range(1, 91):
        await limiter.acquire(chat)
        times.append(clock.now)
    assert max_in_window(times, 1.0) <= 30


async def test_penalty_after_429(clock):
    limiter = FloodLimiter(margin=0.0, clock=clock)
    limiter.penalize(7, 5)
    start = clock.now
    await limiter.acquire(7)
    assert clock.now - start >= 5
    other_start = clock.now
    await limiter.acquire(8)  # other chats are not held back
    assert clock.now == other_start


async def test_concurrent_acquires_respect_window(clock):
    limiter = FloodLimiter(FloodLimits(private=Window(3, 3.0)), margin=0.0, clock=clock)
    times: list[float] = []

    async def one() -> None:
        await limiter.acquire(5)
        times.append(clock.now)

    await asyncio.gather(*(one() for _ in range(9)))
    assert len(times) == 9
    assert max_in_window(sorted(times), 3.0) <= 3


async def test_a_send_counts_from_when_its_call_finished_not_when_it_was_allowed(clock):
    # On a busy event loop a request may leave long after its turn; Telegram counts it on arrival.
    limiter = FloodLimiter(FloodLimits(global_=Window(2, 1.0)), margin=0.0, clock=clock)
    marks = [await limiter.acquire(chat) for chat in (1, 2)]
    clock.now += 0.5  # the two calls took half a second to go out and come back
    for chat, mark in zip((1, 2), marks, strict=True):
        await limiter.sent(chat, 1, mark)
    start = clock.now
    await limiter.acquire(3)
    assert clock.now - start >= 1.0  # a full window after they finished, not 0.5 s


async def test_new_counts_keep_what_was_already_sent(clock):
    # Fewer replicas alive: this one's share grows, but its sends of the last second still count.
    limiter = FloodLimiter(FloodLimits(global_=Window(10, 1.0)), margin=0.0, clock=clock)
    times = [clock.now for _ in range(10) if await limiter.acquire(None) is not None]
    limiter.set_limits(FloodLimits(global_=Window(15, 1.0)))
    times += [clock.now for _ in range(10) if await limiter.acquire(None) is not None]
    assert max_in_window(times, 1.0) == 15


async def test_windows_assumed_full_wait_one_span_each(clock):
    # Sends this process cannot see (another replica's) may have filled any window a moment ago.
    limiter = FloodLimiter(FloodLimits(global_=Window(30, 1.0), private=Window(3, 3.0)), margin=0.0, clock=clock)
    limiter.assume_full()
    start = clock.now
    await limiter.acquire(None)
    assert clock.now - start == 1.0
    await limiter.acquire(42)  # a chat first seen now waits for its own, longer window
    assert clock.now - start == pytest.approx(3.0 * (1 + CHAT_MARGIN))
