"""Client-side flood limiter: keeps the bot inside Telegram's limits instead of hitting 429s.

Telegram allows about 30 messages/s overall, about 1 message/s per private chat (short bursts are
fine) and 20 messages/min per group. Each limit is a sliding window of (count, seconds), the same
model the local emulator enforces. A send counts from the moment its call finished, not from when
it was allowed to go: on a busy event loop a request may leave well after its turn, and Telegram
counts it when it arrives (`sent` moves the mark). A small time margin absorbs clock and network jitter: a fixed
50 ms on every window, and 3% more on per-chat windows, where a few slow requests arriving together
matter more than squeezing out the last message (the global window is the one that sets the pace of
an announcement, so it keeps the fixed margin only).

Waiting sends are served first come, first served: a send may overtake older ones only when their
own chat's window holds them back, never on the shared window. When every chat raced for each free
slot, some chats waited 9 s for their first message while others finished, and draining a backlog
ended with a few chats alone, paced by their own window (3 per 3 s): 24.5-28.0 messages/s over six
runs of `benchmarks/throughput.py --only limits`. One waiter at a time sleeps until the next send
may go (`_grant` then serves everyone it can, in order); the others wait for their turn.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CHAT_MARGIN = 0.03  # share of a per-chat window kept as slack


@dataclass(frozen=True)
class Window:
    count: int
    seconds: float


@dataclass(frozen=True)
class FloodLimits:
    global_: Window = Window(30, 1.0)
    private: Window = Window(3, 3.0)
    group: Window = Window(20, 60.0)


class _SlidingWindow:
    __slots__ = ("blocked_until", "margin", "sent", "window")

    def __init__(self, window: Window, margin: float) -> None:
        self.window = window
        self.margin = margin
        self.sent: deque[float] = deque()
        self.blocked_until = 0.0

    def wait_time(self, now: float, count: int, full_at: float | None = None) -> float:
        count = min(count, self.window.count)  # an oversized batch waits for an empty window
        span = self.window.seconds + self.margin
        while self.sent and self.sent[0] <= now - span:
            self.sent.popleft()
        wait = max(0.0, self.blocked_until - now)
        if full_at is not None:  # sends this process cannot see may fill it until one span later
            wait = max(wait, full_at + span - now)
        if len(self.sent) + count > self.window.count:
            # The oldest send that must leave the window before `count` more fit.
            index = len(self.sent) + count - self.window.count - 1
            wait = max(wait, self.sent[index] + span - now)
        return wait

    def record(self, now: float, count: int) -> None:
        self.sent.extend([now] * count)

    def restamp(self, granted: float, now: float, count: int) -> None:
        """Move `count` marks made at `granted` to `now` (the newest time: the deque stays sorted)."""
        for _ in range(count):
            try:
                self.sent.remove(granted)
            except ValueError:  # already out of the window
                break
        self.sent.extend([now] * count)


class _Waiter:
    __slots__ = ("chat_id", "count", "mark", "turn")

    def __init__(self, chat_id: int | str | None, count: int) -> None:
        self.chat_id = chat_id
        self.count = count
        self.mark: float | None = None  # set when granted
        self.turn: asyncio.Future[None] | None = None  # resolved when granted, or when it must pace


def chat_kind(chat_id: int | str | None) -> str:
    if chat_id is None:
        return "none"
    if isinstance(chat_id, str):  # @channelusername
        return "group"
    return "private" if chat_id > 0 else "group"


class FloodLimiter:
    def __init__(
        self,
        limits: FloodLimits | None = None,
        margin: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits or FloodLimits()
        self.margin = margin
        self.clock = clock
        self._global = _SlidingWindow(self.limits.global_, margin)
        self._chats: dict[int | str, _SlidingWindow] = {}
        self._full_at: float | None = None  # every window counted as full at that time (`assume_full`)
        self._waiting: list[_Waiter] = []  # oldest first
        self._pacer: _Waiter | None = None  # the waiter sleeping until the next send may go

    def _chat_limit(self, chat_id: int | str) -> tuple[Window, float]:
        """A chat's window and its margin (longer windows get a proportionally larger one)."""
        limit = self.limits.private if chat_kind(chat_id) == "private" else self.limits.group
        return limit, self.margin + CHAT_MARGIN * limit.seconds

    def _chat_window(self, chat_id: int | str) -> _SlidingWindow:
        window = self._chats.get(chat_id)
        if window is None:
            window = self._chats[chat_id] = _SlidingWindow(*self._chat_limit(chat_id))
        return window

    async def acquire(self, chat_id: int | str | None, count: int = 1) -> Any:
        """Wait until `count` messages may go to this chat, then record them; returns the mark for `sent`."""
        waiter = _Waiter(chat_id, count)
        self._waiting.append(waiter)
        try:
            wait = self._grant()
            while waiter.mark is None:
                if self._pacer is None:
                    self._pacer = waiter
                    try:
                        await asyncio.sleep(wait)
                    finally:
                        self._pacer = None
                else:
                    waiter.turn = asyncio.get_running_loop().create_future()
                    await waiter.turn
                wait = self._grant()
            return waiter.mark
        finally:
            if waiter.mark is None:  # cancelled while waiting
                self._waiting.remove(waiter)
            if self._pacer is None and self._waiting:
                self._wake(self._waiting[0])  # someone must sleep until the next send may go

    def _grant(self) -> float:
        """Record every waiting send that may go now, oldest first; the seconds until the next one may."""
        now = self.clock()
        next_wait = math.inf
        held: set[int | str] = set()  # chats with an older send still waiting: theirs go in order
        stop = len(self._waiting)
        for index, waiter in enumerate(self._waiting):
            global_wait = self._global.wait_time(now, waiter.count, self._full_at)
            if global_wait > 0:  # nobody overtakes the oldest waiter on the shared window
                next_wait = min(next_wait, global_wait)
                stop = index
                break
            if waiter.chat_id is not None:
                if waiter.chat_id in held:
                    continue
                window = self._chat_window(waiter.chat_id)
                chat_wait = window.wait_time(now, waiter.count, self._full_at)
                if chat_wait > 0:
                    held.add(waiter.chat_id)
                    next_wait = min(next_wait, chat_wait)
                    continue
                window.record(now, waiter.count)
            self._global.record(now, waiter.count)
            waiter.mark = now
            self._wake(waiter)
        self._waiting[:stop] = [waiter for waiter in self._waiting[:stop] if waiter.mark is None]
        self._forget_idle(now)
        return next_wait

    @staticmethod
    def _wake(waiter: _Waiter) -> None:
        if waiter.turn is not None and not waiter.turn.done():
            waiter.turn.set_result(None)

    def record(self, chat_id: int | str | None, count: int = 1) -> float:
        """Count sends another limiter allowed (a fallback then starts from what this process sent)."""
        now = self.clock()
        self._global.record(now, count)
        if chat_id is not None:
            self._chat_window(chat_id).record(now, count)
        self._forget_idle(now)
        return now

    async def sent(self, chat_id: int | str | None, count: int, mark: Any) -> float:
        """The call of an `acquire` finished: its messages count from now on (the new mark)."""
        now = self.clock()
        self._global.restamp(mark, now, count)
        if chat_id is not None:
            self._chat_window(chat_id).restamp(mark, now, count)
        return now

    def assume_full(self) -> None:
        """Count every window, a chat's too, as full right now: other processes' recent sends are unknown."""
        self._full_at = self.clock()

    def set_limits(self, limits: FloodLimits) -> None:
        """New counts for the same windows; what was already sent stays counted."""
        self.limits = limits
        self._global.window = limits.global_
        for chat_id, window in self._chats.items():
            window.window, window.margin = self._chat_limit(chat_id)

    async def close(self) -> None:
        """Nothing to release in memory (the shared limiter closes its connection)."""

    def penalize(self, chat_id: int | str | None, retry_after: float) -> None:
        """After a 429, pause that chat (or everything, when the chat is unknown) for retry_after."""
        until = self.clock() + retry_after
        target = self._global if chat_id is None else self._chat_window(chat_id)
        target.blocked_until = max(target.blocked_until, until)

    def _forget_idle(self, now: float) -> None:
        if len(self._chats) < 10_000:
            return
        idle = [key for key, w in self._chats.items() if not w.sent or w.sent[-1] < now - 120]
        for key in idle:
            del self._chats[key]
