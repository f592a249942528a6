from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.identity import IdentityVault
from db.models import FsmRecord, Ticket, User
from db.repositories.bans import BanRepository

SEEN_PRECISION = timedelta(days=1)


class UserRepository:
    def __init__(self, session: AsyncSession, vault: IdentityVault) -> None:
        self.session = session
        self.vault = vault

    async def get_by_telegram_id(self, telegram_id: int) -> User | None:
        stmt = select(User).where(User.tg_hash == self.vault.hash_id(telegram_id))
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def get_or_create(self, telegram_id: int) -> tuple[User, bool]:
        user = await self.get_by_telegram_id(telegram_id)
        if user is not None:
            # Noted for retention, at most one write a day.
            if user.last_seen_at is None or user.last_seen_at < utcnow() - SEEN_PRECISION:
                user.last_seen_at = utcnow()
            return user, False
        tg_hash = self.vault.hash_id(telegram_id)
        banned_at = await BanRepository(self.session).banned_since(tg_hash)  # a ban outlives /forget
        user = User(tg_hash=tg_hash, tg_enc=self.vault.encrypt_id(telegram_id), banned_at=banned_at)
        self.session.add(user)
        await self.session.flush()
        return user, True

    def telegram_id(self, user: User) -> int:
        return self.vault.decrypt_id(user.tg_enc)

    async def set_language(self, user: User, language: str) -> None:
        user.language = language
        await self.session.flush()

    async def count_by_language(self, exclude_telegram_ids: Iterable[int] = ()) -> dict[str, int]:
        """People by language; `exclude_telegram_ids` (the admins) are not counted."""
        stmt = select(User.language, func.count()).group_by(User.language)
        excluded = [self.vault.hash_id(telegram_id) for telegram_id in exclude_telegram_ids]
        if excluded:
            stmt = stmt.where(User.tg_hash.not_in(excluded))
        return {lang or "-": count for lang, count in (await self.session.execute(stmt)).all()}

    async def inactive_since(self, cutoff: datetime) -> list[User]:
        """People not seen since `cutoff` who have no ticket left (tickets have a retention of their own)."""
        has_ticket = select(Ticket.id).where(Ticket.user_id == User.id).exists()
        stmt = select(User).where(User.last_seen_at < cutoff, ~has_ticket)
        return list((await self.session.execute(stmt)).scalars())

    async def purge(self, users: Sequence[User], fsm_keys: Sequence[str]) -> None:
        """Delete these people (their rows cascade) and their FSM records."""
        if fsm_keys:
            await self.session.execute(delete(FsmRecord).where(FsmRecord.key.in_(list(fsm_keys))))
        if users:
            await self.session.execute(delete(User).where(User.id.in_([user.id for user in users])))
