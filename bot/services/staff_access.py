"""Who in the staff group may act on tickets.

With CONSULTANT_IDS set, only the people on that list may answer a ticket or use /take, /close,
/reopen and /ban; anyone else gets one short notice (at most once per NOTICE_INTERVAL) and nothing
reaches the migrant. Without the list, the group's membership is the access list: any member may
answer and manage tickets, but /ban also needs admin rights in the group, asked with getChatMember
and remembered for ADMIN_CACHE_SECONDS (a ban is rare; a demoted admin loses the right within a
minute).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from bot.config import Settings

logger = logging.getLogger(__name__)

ADMIN_STATUSES = frozenset({"creator", "administrator"})
ADMIN_CACHE_SECONDS = 60.0
NOTICE_INTERVAL = 600.0
MAX_REMEMBERED = 1024  # expired entries are dropped past this size


class StaffAccess:
    """Long-lived (one per application): it remembers admin checks and who was already told."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.clock = clock
        self._admin: dict[tuple[int, int], tuple[float, bool]] = {}
        self._noticed: dict[int, float] = {}

    @property
    def has_list(self) -> bool:
        return bool(self.settings.consultant_ids)

    def is_consultant(self, message: Message) -> bool:
        """May this person answer and manage tickets? Without a list, anyone in the group may."""
        if not self.has_list:
            return True
        sender = message.from_user
        return sender is not None and not sender.is_bot and sender.id in self.settings.consultant_ids

    async def may_ban(self, bot: Bot, message: Message) -> bool:
        if self.has_list:
            return self.is_consultant(message)
        if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
            return True  # an anonymous admin of this very group
        if message.from_user is None or message.from_user.is_bot:
            return False
        return await self._is_admin(bot, message.chat.id, message.from_user.id)

    async def _is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        now = self.clock()
        cached = self._admin.get((chat_id, user_id))
        if cached is not None and now - cached[0] < ADMIN_CACHE_SECONDS:
            return cached[1]
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except TelegramAPIError as error:
            logger.warning("could not check a staff member's rights: %s", type(error).__name__)
            return False  # not remembered: the next try asks again
        is_admin = member.status in ADMIN_STATUSES
        self._prune(now)
        self._admin[(chat_id, user_id)] = (now, is_admin)
        return is_admin

    def should_notice(self, user_id: int) -> bool:
        """Tell a person once why nothing happened, not at every message (the group has flood limits)."""
        now = self.clock()
        last = self._noticed.get(user_id)
        if last is not None and now - last < NOTICE_INTERVAL:
            return False
        self._prune(now)
        self._noticed[user_id] = now
        return True

    def _prune(self, now: float) -> None:
        if len(self._admin) + len(self._noticed) < MAX_REMEMBERED:
            return
        self._admin = {key: value for key, value in self._admin.items() if now - value[0] < ADMIN_CACHE_SECONDS}
        self._noticed = {key: at for key, at in self._noticed.items() if now - at < NOTICE_INTERVAL}
