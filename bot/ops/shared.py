"""A reading shared by concurrent callers (scrapes, probes) and never cancelled half-way."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SharedCall(Generic[T]):
    """Runs `func` once for all the callers waiting at the same time.

    A caller that stops waiting (its timeout, its request cancelled) leaves the call to finish in
    the background: cutting a database call in half can leave its connection in a bad state.
    """

    def __init__(self, func: Callable[[], Awaitable[T]]) -> None:
        self.func = func
        self._task: asyncio.Task[T] | None = None

    async def __call__(self, timeout: float) -> T:
        """The result, or TimeoutError after `timeout` seconds (the call goes on)."""
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self.func())
            self._task.add_done_callback(_retrieve)
        return await asyncio.wait_for(asyncio.shield(self._task), timeout)


def _retrieve(task: asyncio.Task[object]) -> None:
    if not task.cancelled():
        task.exception()  # an abandoned failure is not "never retrieved"
