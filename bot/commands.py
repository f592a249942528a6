"""The command list shown by Telegram, localised per language."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramNetworkError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from bot.context import AppContext

logger = logging.getLogger(__name__)

# Telegram's language_code is a two-letter ISO 639-1 code: uz-Cyrl users share "uz".
TELEGRAM_LANGUAGE_CODES = ("ru", "uz", "tg", "ky", "en")
# Shown, after everyone's commands, only in the admins' own chats (ADMIN_IDS).
ADMIN_COMMANDS = {"broadcast": "cmd-broadcast", "stats": "cmd-stats", "reload": "cmd-reload"}


def user_commands(context: AppContext, lang: str) -> list[BotCommand]:
    t = context.i18n.get(lang)
    return [BotCommand(command=name, description=t(key)) for name, key in context.commands.items()]


def admin_commands(context: AppContext, lang: str) -> list[BotCommand]:
    t = context.i18n.get(lang)
    return user_commands(context, lang) + [BotCommand(command=n, description=t(k)) for n, k in ADMIN_COMMANDS.items()]


async def register_commands(bot: Bot, context: AppContext) -> None:
    """Register commands for every language, and for each admin's chat the admin commands too.
    Failures are logged; the bot runs anyway."""
    plan = [(None, context.settings.default_language)] + [(code, code) for code in TELEGRAM_LANGUAGE_CODES]
    scopes: list[tuple[BotCommandScopeAllPrivateChats | BotCommandScopeChat, Callable[..., list[BotCommand]]]] = [
        (BotCommandScopeAllPrivateChats(), user_commands)
    ]
    scopes += [(BotCommandScopeChat(chat_id=admin), admin_commands) for admin in sorted(context.settings.admin_ids)]
    for scope, commands in scopes:
        for language_code, lang in plan:
            try:
                await bot.set_my_commands(commands(context, lang), scope=scope, language_code=language_code)
            except (TelegramAPIError, TelegramNetworkError, ClientDecodeError) as error:  # non-essential
                logger.warning("setMyCommands failed for %s: %s", language_code or "default", type(error).__name__)
