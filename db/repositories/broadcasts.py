from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import BroadcastStatus
from db.identity import IdentityVault
from db.models import Broadcast, User


class BroadcastRepository:
    def __init__(self, session: AsyncSession, vault: IdentityVault) -> None:
        self.session = session
        self.vault = vault

    def _audience(self, audience: str) -> Select[int]:
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

    async def audience_sizes(self) -> dict[str, int]:
        """People each audience button would reach: by language, and "all" (blocked and opted-out left out)."""
        stmt = (
            select(User.language, func.count())
            .where(User.announcements.is_(True), User.language.is_not(None), User.blocked_bot_at.is_(None))
            .group_by(User.language)
        )
        sizes = {str(lang): int(count) for lang, count in await self.session.execute(stmt)}
        return {"all": sum(sizes.values()), **sizes}

    async def count_turned_off(self, audience: str) -> int:
        """People in the audience who turned announcements off (/notifications)."""
        stmt = select(func.count()).select_from(User).where(User.announcements.is_(False), User.language.is_not(None))
        if audience != "all":
            stmt = stmt.where(User.language == audience)
        return int(await self.session.scalar(stmt) or 0)

    async def create(self, admin_chat_id: int, audience: str) -> tuple[Broadcast, list[tuple[int, str]]]:
        """The broadcast, and the people (user id and language, in order) it goes to.

        People known to have blocked the bot are left out and counted in `skipped`.
        """
        broadcast = Broadcast(admin_enc=self.vault.encrypt_id(admin_chat_id), audience=audience)
        self.session.add(broadcast)
        await self.session.flush()
        stmt = self._audience(audience).add_columns(User.language, User.blocked_bot_at).order_by(User.id)
        recipients: list[tuple[int, str]] = []
        skipped = 0
        for user_id, language, blocked_at in await self.session.execute(stmt):
            if blocked_at is None:
                recipients.append((user_id, str(language)))
            else:
                skipped += 1
        broadcast.total = len(recipients)
        broadcast.skipped = skipped
        return broadcast, recipients

    async def sending(self) -> list[Broadcast]:
        stmt = select(Broadcast).where(Broadcast.status == BroadcastStatus.SENDING)
        return list((await self.session.execute(stmt)).scalars())

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id)
