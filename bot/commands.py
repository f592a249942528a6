"""The command list shown by Telegram, localised per language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramNetworkError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from bot.context import AppContext

logger = logging.getLogger(__name__)

# Telegram's language_code is a two-letter ISO 639-1 code: uz-Cyrl users share "uz".
TELEGRAM_LANGUAGE_CODES = ("ru", "uz", "tg", "ky", "en")


def user_commands(context: AppContext, lang: str) -> list[BotCommand]:
    t = context.i18n.get(lang)
    return [BotCommand(command=name, description=t(key)) for name, key in context.commands.items()]


async def register_commands(bot: Bot, context: AppContext) -> None:
    """Register commands for every language. Failures are logged; the bot runs anyway."""
    scope = BotCommandScopeAllPrivateChats()
    plan = [(None, context.settings.default_language)] + [(code, code) for code in TELEGRAM_LANGUAGE_CODES]
    for language_code, lang in plan:
        try:
            await bot.set_my_commands(user_commands(context, lang), scope=scope, language_code=language_code)
        except (TelegramAPIError, TelegramNetworkError, ClientDecodeError) as error:  # non-essential
            logger.warning("setMyCommands failed for %s: %s", language_code or "default", type(error).__name__)
