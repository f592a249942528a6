"""Request middleware on the bot's HTTP session: every message-creating call waits for the flood
limiter, and a 429 is retried after `retry_after` (Telegram guarantees nothing was sent then)."""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import (
    CopyMessage,
    CopyMessages,
    ForwardMessage,
    ForwardMessages,
    SendAnimation,
    SendAudio,
    SendContact,
    SendDice,
    SendDocument,
    SendLocation,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendPoll,
    SendSticker,
    SendVenue,
    SendVideo,
    SendVideoNote,
    SendVoice,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType

from bot.telegram.limiter import FloodLimiter

logger = logging.getLogger(__name__)

MESSAGE_METHODS = (
    SendMessage, SendPhoto, SendDocument, SendVoice, SendVideo, SendVideoNote, SendAudio, SendAnimation,
    SendSticker, SendLocation, SendVenue, SendContact, SendDice, SendPoll, SendMediaGroup,
    CopyMessage, CopyMessages, ForwardMessage, ForwardMessages,
)  # fmt: skip

# The outbox sender keeps its own durable retry schedule; it turns the in-memory retry off.
retry_on_429: ContextVar[bool] = ContextVar("retry_on_429", default=True)


def target_chat(method: TelegramMethod[Any]) -> int | str | None:
    return getattr(method, "chat_id", None)


def message_count(method: TelegramMethod[Any]) -> int:
    """Telegram counts every message of an album or a batch copy against the limits."""
    if isinstance(method, CopyMessages | ForwardMessages):
        return len(method.message_ids)
    if isinstance(method, SendMediaGroup):
        return len(method.media)
    return 1


class FloodControlMiddleware(BaseRequestMiddleware):
    def __init__(self, limiter: FloodLimiter, max_retries: int = 5, max_retry_after: float = 120.0) -> None:
        self.limiter = limiter
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        limited = isinstance(method, MESSAGE_METHODS)
        chat_id = target_chat(method)
        attempt = 0
        count = message_count(method)
        while True:
            mark = await self.limiter.acquire(chat_id, count) if limited else None
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                refused = error
            finally:
                if limited:
                    # Counted from when the call finished: Telegram saw it no later than that.
                    await self.limiter.sent(chat_id, count, mark)
            if limited:
                self.limiter.penalize(chat_id, refused.retry_after)
            attempt += 1
            if not retry_on_429.get() or attempt > self.max_retries or refused.retry_after > self.max_retry_after:
                raise refused
            name = type(method).__name__
            logger.warning("429 on %s, retrying in %ss (attempt %d)", name, refused.retry_after, attempt)
            await asyncio.sleep(refused.retry_after)
