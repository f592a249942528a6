"""Retention: people who stopped using the bot are forgotten after RETENTION_DAYS.

A person's row (language, settings, course progress: they cascade) and their FSM records go once
they have not written for RETENTION_DAYS and no ticket of theirs is left (closed tickets have the
same retention, so a quiet person's tickets go first). A ban is kept apart (banned_people).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.fsm_storage import private_chat_keys
from db.base import utcnow
from db.identity import IdentityVault
from db.repositories.users import UserRepository

logger = logging.getLogger(__name__)


async def purge_inactive_people(session: AsyncSession, vault: IdentityVault, settings: Settings) -> int:
    users = UserRepository(session, vault)
    quiet = await users.inactive_since(utcnow() - timedelta(days=settings.retention_days))
    bot_id = settings.bot_id
    keys = [key for user in quiet for key in private_chat_keys(vault, bot_id, users.telegram_id(user))]
    await users.purge(quiet, keys)
    if quiet:
        logger.info("forgot %d people who had not used the bot for %d days", len(quiet), settings.retention_days)
    return len(quiet)
