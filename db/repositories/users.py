from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.identity import IdentityVault
from db.models import User
from db.repositories.bans import BanRepository


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

    async def count_by_language(self) -> dict[str, int]:
        stmt = select(User.language, func.count()).group_by(User.language)
        return {lang or "-": count for lang, count in (await self.session.execute(stmt)).all()}
