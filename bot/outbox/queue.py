"""Actions in and out of outbox rows.

`Outbox.put` writes the row in the caller's session: it commits with the change that caused it
(a ticket message, a closed ticket...), so the call happens exactly when that change is kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.actions import PAYLOAD_VERSION, Action
from bot.outbox.errors import PermanentFailure
from bot.outbox.legacy import read_legacy
from bot.outbox.registry import ACTIONS
from db.identity import IdentityVault
from db.models import OutboxMessage
from db.repositories.outbox import OutboxRepository


def read_action(row: OutboxMessage, payload: dict[str, Any]) -> Action:
    version = payload.get("v", 0)
    if version == 0:
        return read_legacy(row, payload)
    cls = ACTIONS.get(row.action)
    if cls is None or version != PAYLOAD_VERSION:
        raise PermanentFailure(f"unknown outbox row {row.action} v{version}")
    try:
        return cls.from_stored(row, payload)
    except (TypeError, KeyError, ValueError) as error:
        raise PermanentFailure(f"unreadable outbox row {row.action}") from error


class Outbox:
    def __init__(self, session: AsyncSession, vault: IdentityVault) -> None:
        self.rows = OutboxRepository(session, vault)

    def put(self, action: Action, not_before: datetime | None = None) -> OutboxMessage:
        return self.rows.add(
            lane=action.lane,
            target=action.target,
            action=action.kind,
            payload=action.payload(),
            not_before=not_before,
            **action.row_fields(),
        )

    def read(self, row: OutboxMessage) -> Action:
        return read_action(row, self.rows.payload(row))

    async def hold_for(self, user_id: int) -> int:
        """The person blocked the bot: keep what waits for them until they unblock it."""
        return await self.rows.hold_for_user(user_id)

    async def release_for(self, user_id: int) -> int:
        return await self.rows.release_held(user_id)
