"""The production bot, embedded in another program's event loop: tests, benchmarks, the sandbox."""

from __future__ import annotations

import asyncio
from typing import Protocol

from bot.config import Settings
from bot.context import AppContext
from bot.factory import create_context
from bot.runtime.app import Application
from bot.services.knowledge import KnowledgeHolder


class UpdateSource(Protocol):
    """What the runner needs from a local Bot API server: are updates still waiting for the bot?"""

    def pending_updates(self) -> object: ...


class RunningBot:
    """The production Application, started as a task on the caller's event loop."""

    def __init__(
        self, settings: Settings, knowledge: KnowledgeHolder | None = None, emulator: UpdateSource | None = None
    ) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self.emulator = emulator
        self.app: Application | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> RunningBot:
        context = create_context(self.settings, knowledge=self.knowledge)
        self.app = Application(self.settings, context=context)
        self.task = asyncio.create_task(self.app.run())
        ready = asyncio.create_task(self.app.ready.wait())
        done, _ = await asyncio.wait({ready, self.task}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if self.task in done:
            self.task.result()  # raises the start-up error
        if ready not in done:
            raise TimeoutError("the bot did not become ready in 30 s")
        return self

    @property
    def context(self) -> AppContext:
        assert self.app is not None
        return self.app.context

    async def stop(self) -> None:
        if self.app is None or self.task is None:
            return
        self.app.stop()
        await asyncio.wait_for(self.task, timeout=30)
        self.app = None

    async def idle(self, timeout: float = 30.0) -> None:
        """Wait until the bot has taken every update from the emulator and finished its work."""
        assert self.app is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet_rounds = 0
        while loop.time() < deadline:
            await asyncio.sleep(0.02)
            delivered = self.emulator is None or not self.emulator.pending_updates()
            if delivered and await self.app.is_idle():
                quiet_rounds += 1
                if quiet_rounds >= 3:  # stable for a few rounds: nothing is in between two steps
                    return
            else:
                quiet_rounds = 0
        raise TimeoutError("the bot is still busy")
