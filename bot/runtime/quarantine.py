"""Updates the bot cannot parse are set aside, never allowed to stop it.

A single update aiogram cannot validate makes the whole getUpdates answer fail to decode; without
care, polling stops and, since the saved offset does not move, a restart meets the same update
again. Each raw update is parsed on its own instead: the good ones go on to the inbox, the others
are stored encrypted (for diagnosis, a few days) and skipped. Logs name them by number only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.identity import IdentityVault
from db.repositories.quarantine import QuarantineRepository

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=7)


@dataclass(frozen=True)
class Unparsed:
    update_id: int
    data: dict[str, Any]


def salvage_updates(answer: object, bot: Bot) -> tuple[list[Update], list[Unparsed]] | None:
    """A getUpdates answer that failed to decode, update by update; None when it is not a list of
    updates with ids at all (then nothing can be skipped safely: the caller retries)."""
    if not isinstance(answer, dict) or answer.get("ok") is not True or not isinstance(answer.get("result"), list):
        return None
    parsed: list[Update] = []
    unparsed: list[Unparsed] = []
    for item in answer["result"]:
        update_id = item.get("update_id") if isinstance(item, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return None
        try:
            parsed.append(Update.model_validate(item, context={"bot": bot}))
        except ValueError:
            unparsed.append(Unparsed(update_id, item))
    return parsed, unparsed


class Quarantine:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], vault: IdentityVault) -> None:
        self.sessionmaker = sessionmaker
        self.vault = vault

    async def keep(self, updates: Sequence[Unparsed]) -> None:
        if not updates:
            return
        async with self.sessionmaker() as session:
            repo = QuarantineRepository(session)
            for update in updates:
                payload = self.vault.encrypt(json.dumps(update.data, ensure_ascii=False).encode())
                if await repo.add(update.update_id, payload):
                    logger.warning("update %s could not be parsed; quarantined and skipped", update.update_id)
            await session.commit()

    async def purge(self, older_than: timedelta = KEEP_FOR) -> int:
        async with self.sessionmaker() as session:
            removed = await QuarantineRepository(session).purge(older_than)
            await session.commit()
            return removed
