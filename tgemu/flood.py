"""Telegram's flood limits as sliding windows, per bot.

Telegram documents about 30 messages per second overall, about one message per second in a private
chat (short bursts are tolerated) and 20 messages per minute in a group. Each limit here is a sliding
window of (count, seconds). A request that doesn't fit gets 429 with the time until enough slots free.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FloodLimits:
    global_per_second: int = 30
    private: tuple[int, float] = (3, 3.0)
    group: tuple[int, float] = (20, 60.0)
    enabled: bool = True

    def scaled(self, factor: float) -> FloodLimits:
        """The same counts in windows ``factor`` times shorter (tests don't wait a minute)."""
        return FloodLimits(
            global_per_second=self.global_per_second,
            private=(self.private[0], self.private[1] * factor),
            group=(self.group[0], self.group[1] * factor),
            enabled=self.enabled,
        )


class SlidingWindow:
    __slots__ = ("limit", "seconds", "times")

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.times: deque[float] = deque()

    def _prune(self, now: float) -> None:
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()

    def wait_time(self, now: float, count: int) -> float:
        """Seconds until ``count`` more sends fit (0 if they fit now)."""
        self._prune(now)
        # A batch bigger than the window (an album in a private chat) needs an empty window.
        needed = min(count, self.limit)
        excess = len(self.times) + needed - self.limit
        if excess <= 0:
            return 0.0
        return self.times[excess - 1] + self.seconds - now

    def record(self, now: float, count: int) -> None:
        self.times.extend([now] * count)


class FloodControl:
    def __init__(self, limits: FloodLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self.clock = clock
        self._windows: dict[tuple[int, str, int], SlidingWindow] = {}

    def _windows_for(self, bot_id: int, chat_id: int, chat_type: str) -> list[SlidingWindow]:
        limits = self.limits
        count, seconds = limits.private if chat_type == "private" else limits.group
        keys = [
            ((bot_id, "global", 0), (limits.global_per_second, 1.0)),
            ((bot_id, "chat", chat_id), (count, seconds)),
        ]
        windows = []
        for key, (limit, window) in keys:
            if key not in self._windows:
                self._windows[key] = SlidingWindow(limit, window)
            windows.append(self._windows[key])
        return windows

    def retry_after(self, bot_id: int, chat_id: int, chat_type: str, count: int = 1) -> int | None:
        """None if ``count`` messages may go now, else the whole seconds to wait (at least 1)."""
        if not self.limits.enabled:
            return None
        now = self.clock()
        wait = max(w.wait_time(now, count) for w in self._windows_for(bot_id, chat_id, chat_type))
        if wait <= 0:
            return None
        return max(1, math.ceil(wait - 1e-9))  # 1e-9: float noise must not add a second

    def record(self, bot_id: int, chat_id: int, chat_type: str, count: int = 1) -> None:
        if not self.limits.enabled:
            return
        now = self.clock()
        for window in self._windows_for(bot_id, chat_id, chat_type):
            window.record(now, count)

    def reset(self, limits: FloodLimits | None = None) -> None:
        if limits is not None:
            self.limits = limits
        self._windows.clear()
