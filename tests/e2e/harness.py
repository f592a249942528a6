"""Run the real bot (in-process, or as a `python -m bot` subprocess) against the Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.emulator import Emulator
from bot.factory import create_context
from bot.i18n import I18n
from bot.runtime.app import Application
from bot.services.knowledge import KnowledgeHolder

ROOT = Path(__file__).resolve().parents[2]


def plain(html_text: str) -> str:
    """What the user sees of an HTML message (the emulator stores the parsed text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


class RunningBot:
    """The production Application, started as a task on the test's event loop."""

    def __init__(
        self, settings: Settings, knowledge: KnowledgeHolder | None = None, emulator: Emulator | None = None
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
    def context(self):  # type: ignore[no-untyped-def]
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


class BotSubprocess:
    """`python -m bot run` in its own process, so that tests can SIGKILL it."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> int:
        if self.process is None:
            return 0
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return -9


async def wait_until(predicate: Any, timeout: float = 10.0, message: str = "condition") -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"timed out waiting for {message}")
        await asyncio.sleep(0.02)


def translations() -> I18n:
    return I18n()


__all__ = ["BotSubprocess", "Emulator", "RunningBot", "plain", "translations", "wait_until"]
