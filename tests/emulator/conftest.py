"""Fixtures for the emulator's own tests: a started emulator, an aiogram Bot and a raw HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from tgemu import Emulator, FloodLimits

TOKEN = "123456:TEST-TOKEN"


class FastSession(AiohttpSession):
    """aiogram's session sleeps 250 ms on close (for TLS); locally there is nothing to wait for."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def new_bot(emu: Emulator, token: str = TOKEN, timeout: float = 10.0) -> Bot:
    return Bot(token, session=FastSession(api=TelegramAPIServer.from_base(emu.base_url), timeout=timeout))


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = Emulator(limits=FloodLimits(enabled=False))
    emulator.add_bot(token=TOKEN)
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()
    assert not emulator.internal_errors, emulator.internal_errors


@pytest_asyncio.fixture
async def bot(emu: Emulator) -> AsyncIterator[Bot]:
    instance = new_bot(emu)
    try:
        yield instance
    finally:
        await instance.session.close()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class RawApi:
    """Plain HTTP calls, to check the wire format without aiogram in between."""

    def __init__(self, emu: Emulator, session: aiohttp.ClientSession, token: str = TOKEN) -> None:
        self.emu = emu
        self.session = session
        self.token = token

    def url(self, method: str) -> str:
        return f"{self.emu.base_url}/bot{self.token}/{method}"

    async def call(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        async with self.session.post(self.url(method), json=params) as response:
            return response.status, await response.json()

    async def form(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        async with self.session.post(self.url(method), data={k: str(v) for k, v in params.items()}) as response:
            return response.status, await response.json()


@pytest.fixture
def raw(emu: Emulator, http: aiohttp.ClientSession) -> RawApi:
    return RawApi(emu, http)


@pytest_asyncio.fixture
async def make_bot() -> AsyncIterator[Any]:
    """A factory for aiogram Bots on any emulator (another token, a short timeout...), closed afterwards."""
    made: list[Bot] = []

    def make(emulator: Emulator, token: str = TOKEN, timeout: float = 10.0) -> Bot:
        made.append(new_bot(emulator, token, timeout))
        return made[-1]

    yield make
    for instance in made:
        await instance.session.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
