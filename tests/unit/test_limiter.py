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


class ManualClock:
    """Virtual time: sleepers wake only when the test moves the clock past their deadline.

    Sleepers due at the same moment wake newest first: asyncio promises no order between timers
    that are due together, so a fair limiter must not depend on one."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleepers: list[tuple[float, int, asyncio.Future[None]]] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        self.sleepers.append((self.now + seconds, -len(self.sleepers), future))
        await future

    async def advance(self, seconds: float) -> None:
        self.now += seconds
        due = sorted((s for s in self.sleepers if s[0] <= self.now + 1e-9), key=lambda s: s[:2])
        for sleeper in due:
            self.sleepers.remove(sleeper)
            if not sleeper[2].done():  # a cancelled sleep
                sleeper[2].set_result(None)
        for _ in range(10):  # let the woken tasks run, and those they wake
            await REAL_SLEEP(0)


REAL_SLEEP = asyncio.sleep


@pytest.fixture
def manual(monkeypatch):
    clock = ManualClock()
    monkeypatch.setattr("bot.telegram.limiter.asyncio.sleep", clock.sleep)
    return clock


async def test_chats_waiting_for_the_shared_window_take_turns(manual):
    # Draining a backlog: every chat's first message goes before anyone's second, and so on, so that
    # no chat is left at the end with all its messages paced by its own window.
    limiter = FloodLimiter(FloodLimits(global_=Window(5, 1.0), private=Window(3, 3.0)), margin=0.0, clock=manual)
    granted: list[int] = []
    times: list[float] = []

    async def chat(chat_id: int) -> None:
        for _ in range(4):
            await limiter.acquire(chat_id)
            granted.append(chat_id)
            times.append(manual.now)
            await REAL_SLEEP(0)  # the handler works a moment before its next message

    chats = asyncio.gather(*(chat(chat_id) for chat_id in range(1, 21)))
    while not chats.done():
        await manual.advance(0.25)
    await chats
    assert [sorted(granted[k : k + 20]) for k in range(0, 80, 20)] == [list(range(1, 21))] * 4
    assert max_in_window(times, 1.0) <= 5


async def test_a_chat_held_by_its_own_window_does_not_hold_up_the_others(manual):
    limiter = FloodLimiter(FloodLimits(private=Window(1, 3.0)), margin=0.0, clock=manual)
    await limiter.acquire(1)
    held = asyncio.create_task(limiter.acquire(1))
    await REAL_SLEEP(0)
    other = asyncio.create_task(limiter.acquire(2))
    await manual.advance(0)
    assert other.done() and not held.done()
    await manual.advance(3.0 * (1 + CHAT_MARGIN))
    assert held.done()


async def test_a_cancelled_wait_hands_the_turn_on(manual):
    # The waiter that sleeps for everyone is cancelled (its update timed out): another takes over.
    limiter = FloodLimiter(FloodLimits(global_=Window(1, 1.0)), margin=0.0, clock=manual)
    await limiter.acquire(1)
    sleeping = asyncio.create_task(limiter.acquire(2))
    await REAL_SLEEP(0)
    waiting = asyncio.create_task(limiter.acquire(3))
    await REAL_SLEEP(0)
    sleeping.cancel()
    await manual.advance(0)
    await manual.advance(1.0)
    assert sleeping.cancelled()
    assert waiting.done()  # at once: the cancelled send took no slot
