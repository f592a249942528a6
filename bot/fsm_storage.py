"""FSM storages that never keep a Telegram id in clear.

`SqlStorage` (the default) keeps state in the database, so it survives restarts, and joins the
transaction of the update being processed: a state change commits together with the rest of the
update's work, or not at all. With REDIS_URL set, aiogram's RedisStorage is used with hashed keys.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.identity import IdentityVault
from db.models import FsmRecord

# The session of the update being processed (set by the database middleware).
current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


class HashedKeyBuilder(KeyBuilder):
    """Builds storage keys as keyed hashes, so chat and user ids are not readable in the store."""

    def __init__(self, vault: IdentityVault, prefix: str = "fsm") -> None:
        self.vault = vault
        self.prefix = prefix
        self._plain = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    def build(self, key: StorageKey, part: Any = None) -> str:
        digest = self.vault.hash_text(self._plain.build(key))
        return f"{self.prefix}:{digest}:{part}" if part else f"{self.prefix}:{digest}"


def private_chat_keys(vault: IdentityVault, bot_id: int, telegram_id: int) -> list[str]:
    """The SqlStorage keys of a person's private chat with the bot (what retention deletes)."""
    plain = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
    key = StorageKey(bot_id=bot_id, chat_id=telegram_id, user_id=telegram_id)
    return [vault.hash_text(plain.build(key))]


class SqlStorage(BaseStorage):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], vault: IdentityVault) -> None:
        self.sessionmaker = sessionmaker
        self.vault = vault
        self._plain = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.vault.hash_text(self._plain.build(key))

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        session = current_session.get()
        if session is not None:
            yield session
            return
        async with self.sessionmaker() as own_session:
            yield own_session
            await own_session.commit()

    async def _record(self, session: AsyncSession, key: StorageKey) -> FsmRecord | None:
        return await session.get(FsmRecord, self._key(key))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session() as session:
            record = await self._record(session, key)
            if record is None:
                if value is None:
                    return
                session.add(FsmRecord(key=self._key(key), state=value))
            else:
                record.state = value
            await session.flush()

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await self._record(session, key)
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = self.vault.encrypt(json.dumps(dict(data)).encode()) if data else None
        async with self._session() as session:
            record = await self._record(session, key)
            if record is None:
                if payload is None:
                    return
                session.add(FsmRecord(key=self._key(key), data=payload))
            else:
                record.data = payload
            await session.flush()

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await self._record(session, key)
            if record is None or record.data is None:
                return {}
            data: dict[str, Any] = json.loads(self.vault.decrypt(record.data))
            return data

    async def close(self) -> None:
        return None
