"""Run the real bot (in-process, or as a `python -m bot` subprocess) against the Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.i18n import I18n
from bot.runtime.embedded import RunningBot
from tgemu import Emulator

ROOT = Path(__file__).resolve().parents[2]


def plain(html_text: str) -> str:
    """What the user sees of an HTML message (the emulator stores the parsed text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


I18N = I18n()


def t(lang: str, key: str, **args: object) -> str:
    """The text a person sees for a Fluent key: tests never pin literal translations."""
    return plain(I18N.get(lang)(key, **args))


async def started(emulator: Emulator, bot: RunningBot, lang: str = "ru", **fields: Any):  # type: ignore[no-untyped-def]
    """A new person who sent /start and picked a language."""
    from bot.callbacks import LangCb

    user = emulator.add_user(language_code=lang, **fields)
    await user.send_command("/start")
    await bot.idle()
    await user.press(LangCb(code=lang).pack())
    await bot.idle()
    return user


@functools.cache
def warm_knowledge_cache() -> None:
    """Load the content once in this process, which trains the danger model into the run's cache folder
    (tests/conftest.py) if it is not there yet: the bot processes started next read it instead of each
    training its own (three replicas training at once on two cores took longer than their start-up
    timeout when a test file ran on its own, without the pytest-xdist workers that train it first)."""
    from knowledge.base import load_knowledge

    load_knowledge()


class BotSubprocess:
    """`python -m bot run` in its own process, so that tests can SIGKILL it."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        warm_knowledge_cache()
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


async def press_when_ready(emulator: Emulator, user, data: str) -> None:  # type: ignore[no-untyped-def]
    """Press a button once the bot has shown it. The bound covers a bot process starting on a busy machine
    (loading the knowledge, the danger model included), which the first button waits for."""
    await emulator.wait_for(
        lambda: any(b.get("callback_data") == data for m in user.messages() for b in m.buttons()), timeout=60
    )
    await user.press(data)


async def wait_until(predicate: Any, timeout: float = 10.0, message: str = "condition") -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"timed out waiting for {message}")
        await asyncio.sleep(0.02)


__all__ = ["I18N", "BotSubprocess", "Emulator", "RunningBot", "plain", "started", "t", "wait_until"]
