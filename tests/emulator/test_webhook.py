"""Webhooks: ordered one-at-a-time delivery, the secret header, retries, and answering in the reply."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aiogram import Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web


class Receiver:
    """A webhook endpoint that records what arrives and answers with scripted statuses."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.statuses: list[int] = []  # consumed one per request; 200 when empty
        self.reply: dict[str, Any] | None = None
        self.delay = 0.0
        self.active = 0
        self.max_active = 0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            await asyncio.sleep(self.delay)
            self.headers.append(dict(request.headers))
            status = self.statuses.pop(0) if self.statuses else 200
            if status == 200:
                self.received.append(await request.json())
                if self.reply is not None:
                    return web.json_response(self.reply)
            return web.Response(status=status)
        finally:
            self.active -= 1


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    endpoint = Receiver()
    app = web.Application()
    app.router.add_post("/hook", endpoint.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    endpoint.url = f"http://{host}:{port}/hook"
    yield endpoint
    await runner.cleanup()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_delivery_in_order_with_secret_header(emu, bot, receiver):
    user = emu.add_user()
    receiver.delay = 0.02
    await bot.set_webhook(receiver.url, secret_token="s3cr3t_token-1")
    for index in range(5):
        await user.send_text(f"m{index}")
    await emu.wait_for(lambda: len(receiver.received) == 5)
    assert [u["message"]["text"] for u in receiver.received] == [f"m{i}" for i in range(5)]
    assert all(h["X-Telegram-Bot-Api-Secret-Token"] == "s3cr3t_token-1" for h in receiver.headers)
    assert receiver.max_active == 1  # one at a time
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count, info.last_error_message) == (receiver.url, 0, None)
    assert emu.stats.webhook_deliveries == 5


async def test_failed_delivery_is_retried_and_not_dropped(emu, bot, receiver):
    user = emu.add_user()
    receiver.statuses = [500, 502]
    await bot.set_webhook(receiver.url)
    await user.send_text("first")
    await user.send_text("second")
    await emu.wait_for(lambda: len(receiver.received) == 2, timeout=5)
    assert [u["message"]["text"] for u in receiver.received] == ["first", "second"]
    assert len(receiver.headers) == 4  # two failures, then each update once
    info = await bot.get_webhook_info()
    assert info.last_error_message == "Wrong response from the webhook: 502 Bad Gateway"
    assert info.last_error_date is not None and info.pending_update_count == 0
    assert emu.stats.webhook_failures == 2


async def test_unreachable_webhook_keeps_updates(emu, bot, receiver):
    user = emu.add_user()
    await bot.set_webhook(f"http://127.0.0.1:{closed_port()}/hook")
    await user.send_text("waiting")
    await emu.wait_for(lambda: emu.stats.webhook_failures >= 1)
    info = await bot.get_webhook_info()
    assert info.last_error_message == "Connection refused" and info.pending_update_count == 1
    await bot.set_webhook(receiver.url)
    await emu.wait_for(lambda: receiver.received)
    assert receiver.received[0]["message"]["text"] == "waiting"


async def test_drop_pending_updates(emu, bot, receiver):
    user = emu.add_user()
    await user.send_text("old")
    await bot.set_webhook(receiver.url, drop_pending_updates=True)
    await user.send_text("new")
    await emu.wait_for(lambda: receiver.received)
    assert [u["message"]["text"] for u in receiver.received] == ["new"]
    await bot.delete_webhook()
    await user.send_text("queued")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []


async def test_method_in_the_webhook_reply_is_executed(emu, bot, receiver):
    user = emu.add_user()
    receiver.reply = {"method": "sendMessage", "chat_id": user.id, "text": "answered in the reply"}
    await bot.set_webhook(receiver.url)
    await user.send_text("hi")
    await emu.wait_for(lambda: user.last_message())
    assert user.last_message().text == "answered in the reply"
    assert emu.find_calls("sendMessage")[0].source == "webhook-reply"


async def test_webhook_validation(emu, bot):
    with pytest.raises(TelegramBadRequest, match="secret token contains unallowed characters"):
        await bot.set_webhook("http://127.0.0.1/hook", secret_token="no spaces allowed")
    with pytest.raises(TelegramBadRequest, match="bad webhook"):
        await bot.set_webhook("ftp://127.0.0.1/hook")
    assert (await bot.get_webhook_info()).url == ""


async def test_a_real_aiogram_webhook_handler(emu, bot):
    """The unchanged aiogram webhook stack (secret check included) against the emulator."""
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(f"echo: {message.text}")

    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token="topsecret").register(app, path="/tg")
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        user = emu.add_user()
        await bot.set_webhook(f"http://{host}:{port}/tg", secret_token="topsecret")
        await user.send_text("salom")
        await emu.wait_for(lambda: user.last_message())
        assert user.last_message().text == "echo: salom"
        # a wrong secret is refused by aiogram: the update stays and is retried
        await bot.set_webhook(f"http://{host}:{port}/tg", secret_token="wrong")
        await user.send_text("spoofed")
        await emu.wait_for(lambda: emu.stats.webhook_failures >= 1)
        assert (await bot.get_webhook_info()).pending_update_count == 1
    finally:
        await bot.delete_webhook()
        await runner.cleanup()
