"""The bot serves private chats and the staff group only: it leaves any other group."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import BaseFilter
from aiogram.types import ChatMemberUpdated, Message

from bot.config import Settings

logger = logging.getLogger(__name__)


class ForeignGroup(BaseFilter):
    async def __call__(self, event: Message | ChatMemberUpdated, settings: Settings) -> bool:
        return event.chat.type in ("group", "supergroup", "channel") and event.chat.id not in settings.staff_chat_ids


async def _leave(bot: Bot, chat_id: int) -> None:
    try:
        await bot.leave_chat(chat_id)
        logger.info("left a chat that is not the staff group")
    except TelegramAPIError as error:
        logger.warning("could not leave a foreign chat: %s", type(error).__name__)


async def added_to_group(event: ChatMemberUpdated, bot: Bot) -> None:
    await _leave(bot, event.chat.id)


async def message_in_group(message: Message, bot: Bot) -> None:
    await _leave(bot, message.chat.id)


def create_router() -> Router:
    router = Router(name="groups")
    router.my_chat_member.register(
        added_to_group, ForeignGroup(), F.new_chat_member.status.in_({"member", "administrator"})
    )
    router.message.register(message_in_group, ForeignGroup())
    router.edited_message.register(message_in_group, ForeignGroup())
    return router
