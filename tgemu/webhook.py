"""Webhook delivery: POST each update as JSON, in order, one at a time, retrying with backoff."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import TYPE_CHECKING, Any

import aiohttp

from .params import Params
from .state import BotState, WebhookState

if TYPE_CHECKING:
    from .server import Emulator

log = logging.getLogger(__name__)


class WebhookSender:
    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._session: aiohttp.ClientSession | None = None

    def ensure_running(self, bot: BotState) -> None:
        task = self._tasks.get(bot.id)
        if task is None or task.done():
            self._tasks[bot.id] = asyncio.create_task(self._run(bot), name=f"webhook-{bot.id}")

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self, bot: BotState) -> None:
        initial, maximum = self.emu.webhook_backoff
        delay = initial
        while bot.webhook is not None and not self.emu.stopping:
            if not bot.pending:
                await bot.signal.wait(1.0)
                continue
            webhook = bot.webhook
            update = bot.pending[0]
            error, reply = await self._post(webhook, update)
            if error is None:
                # Delivered: confirmed, even if the webhook was changed meanwhile.
                if bot.pending and bot.pending[0]["update_id"] == update["update_id"]:
                    bot.pending.pop(0)
                self.emu.world.stats.webhook_deliveries += 1
                self.emu.world.changed.notify()
                delay = initial
                if reply is not None:
                    await self._execute_reply(bot, reply)
                continue
            # Not delivered: the update stays first in the queue and is retried later.
            webhook.last_error_date = int(time.time())
            webhook.last_error_message = error
            self.emu.world.stats.webhook_failures += 1
            self.emu.world.publish(
                {"type": "webhook_error", "bot_id": bot.id, "update_id": update["update_id"], "error": error}
            )
            await self.emu.sleep(delay)
            delay = min(delay * 2, maximum)

    async def _post(self, webhook: WebhookState, update: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
        """Deliver one update: (None, optional method in the reply) or (error text, None)."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        timeout = aiohttp.ClientTimeout(total=self.emu.webhook_timeout)
        try:
            async with self._session.post(
                webhook.url, data=json.dumps(update), headers=headers, timeout=timeout
            ) as resp:
                body = await resp.read()
                if not 200 <= resp.status < 300:
                    return f"Wrong response from the webhook: {resp.status} {resp.reason}", None
        except TimeoutError:
            return "Read timeout expired", None
        except aiohttp.ClientConnectorError:
            return "Connection refused", None
        except aiohttp.ClientError as error:
            return f"Connection error: {type(error).__name__}", None
        try:
            reply = json.loads(body) if body else None
        except ValueError:
            reply = None
        return None, reply if isinstance(reply, dict) and isinstance(reply.get("method"), str) else None

    async def _execute_reply(self, bot: BotState, reply: dict[str, Any]) -> None:
        """A bot may answer a webhook with one method call; Telegram runs it and ignores the result."""
        params = {key: value for key, value in reply.items() if key != "method"}
        try:
            await self.emu.execute(bot, reply["method"], Params(params), source="webhook-reply")
        except Exception:
            log.exception("webhook reply %s failed", reply.get("method"))
