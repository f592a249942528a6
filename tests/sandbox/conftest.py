"""Fixtures for the sandbox: a running sandbox (emulator + unchanged bot + page) and a real browser."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import Sandbox, SandboxServer
from tgemu import FloodLimits

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Telegram's limits in windows 10x shorter (the bot is told the same): same behaviour, faster tests.
FAST_LIMITS = FloodLimits().scaled(0.1)

StartSandbox = Callable[..., Awaitable[tuple[Sandbox, SandboxServer]]]


def browser_skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture
async def start_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[StartSandbox]:
    """`sandbox, server = await start_sandbox(knowledge_dir=...)`: on a free port, stopped at the end."""
    monkeypatch.chdir(tmp_path)  # never read a developer's .env
    running: list[tuple[Sandbox, SandboxServer]] = []

    async def start(**options: Any) -> tuple[Sandbox, SandboxServer]:
        options.setdefault("limits", FAST_LIMITS)
        options.setdefault("seed", 7)
        sandbox = Sandbox(tmp_path / f"sandbox-{len(running)}", **options)
        server = SandboxServer(sandbox, port=0)
        await server.bind()
        running.append((sandbox, server))
        await sandbox.start()
        return sandbox, server

    yield start
    for sandbox, server in reversed(running):
        await server.close()
        await sandbox.stop()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    reason = browser_skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def open_page(browser: Any) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    """`page = await open_page(server.url, width=1280, height=800)`: fails the test on any page error."""
    contexts: list[Any] = []
    errors: list[str] = []

    async def open_(url: str, width: int = 1280, height: int = 800) -> Any:
        context = await browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = await context.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        await page.goto(url)
        from playwright.async_api import expect

        # Assertions wait for the page, not for a deadline: a knowledge reload on a busy machine takes seconds.
        expect.set_options(timeout=30_000)
        await expect(page.locator("#connection")).to_have_text("Live")
        return page

    yield open_
    for context in contexts:
        await context.close()
    assert not errors, f"errors in the page: {errors}"
