from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.identity import IdentityVault
from db.models import Broadcast, User
from db.repositories.outbox import OutboxRepository


class BroadcastRepository:
    def __init__(self, session: AsyncSession, vault: IdentityVault) -> None:
        self.session = session
        self.vault = vault

    def _audience(self, audience: str):  # type: ignore[no-untyped-def]
        stmt = select(User.id).where(User.announcements.is_(True), User.language.is_not(None))
        if audience != "all":
            stmt = stmt.where(User.language == audience)
        return stmt

    async def count_audience(self, audience: str) -> tuple[int, int]:
        """(people who will get it, people skipped because they blocked the bot)."""
        ids = self._audience(audience).subquery()
        total = await self.session.scalar(select(func.count()).select_from(ids))
        blocked = await self.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.id.in_(select(ids.c.id)), User.blocked_bot_at.is_not(None))
        )
        return int(total or 0) - int(blocked or 0), int(blocked or 0)

    async def create(self, admin_chat_id: int, from_chat_id: int, message_id: int, audience: str) -> Broadcast:
        """The broadcast and one outbox row per recipient, in one transaction."""
        broadcast = Broadcast(admin_enc=self.vault.encrypt_id(admin_chat_id), audience=audience)
        self.session.add(broadcast)
        await self.session.flush()
        outbox = OutboxRepository(self.session, self.vault)
        stmt = self._audience(audience).add_columns(User.blocked_bot_at).order_by(User.id)
        total = skipped = 0
        for user_id, blocked_at in await self.session.execute(stmt):
            if blocked_at is not None:
                skipped += 1
                continue
            outbox.add(
                lane=f"b{broadcast.id}:{user_id}",
                target="user",
                action="broadcast_copy",
                payload={"from_chat_id": from_chat_id, "message_id": message_id},
                user_id=user_id,
                broadcast_id=broadcast.id,
            )
            total += 1
        broadcast.total = total
        broadcast.skipped = skipped
        return broadcast

    async def sending(self) -> list[Broadcast]:
        return list((await self.session.execute(select(Broadcast).where(Broadcast.status == "sending"))).scalars())

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id)
