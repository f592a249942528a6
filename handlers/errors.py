"""Unhandled exceptions: log where it failed (never the message text or who sent it), apologise."""

from __future__ import annotations

import logging
import sys
import traceback

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ErrorEvent
from sqlalchemy.exc import DBAPIError

from bot.config import Settings
from bot.i18n import I18n, Translator

logger = logging.getLogger(__name__)


def describe_exception(error: BaseException) -> str:
    """Exception type and stack frames only: exception messages may quote user input."""
    frames = "".join(traceback.format_tb(error.__traceback__)[-6:])
    return f"{type(error).__name__}\n{frames}".rstrip()


async def on_error(event: ErrorEvent, bot: Bot, i18n: I18n, settings: Settings, t: Translator | None = None) -> bool:
    error = event.exception
    update = event.update
    if isinstance(error, TelegramForbiddenError):
        logger.info("user unreachable while handling update %s", update.update_id)
        return True
    logger.error(
        "error handling update %s (%s): %s",
        update.update_id,
        update.event_type,
        describe_exception(error),
    )
    chat_id = None
    if update.message and update.message.chat.type == "private":
        chat_id = update.message.chat.id
    elif update.callback_query and update.callback_query.message is not None:
        message = update.callback_query.message
        chat_id = message.chat.id if message.chat.type == "private" else None
    if chat_id is not None:
        translator = t or i18n.get(settings.default_language)
        try:
            await bot.send_message(chat_id, translator("error-generic"))
        except TelegramAPIError:
            logger.info("could not tell the user about the error in update %s", update.update_id)
    return True


def is_outage(error: BaseException) -> bool:
    """The database or Redis (conversation state, shared flood limits) briefly unreachable.

    Redis is imported only when REDIS_URL is set; without it no Redis error can happen.
    """
    if isinstance(error, DBAPIError):
        return True
    redis_errors = sys.modules.get("redis.exceptions")
    return redis_errors is not None and isinstance(error, (redis_errors.ConnectionError, redis_errors.TimeoutError))


def create_router() -> Router:
    router = Router(name="errors")
    # Database and Redis outages are not handled here: the inbox retries the update, so nothing is lost.
    router.errors.register(on_error, ~F.exception.func(is_outage))
    return router
