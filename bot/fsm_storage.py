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
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

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


class _Entry:
    """One FSM key as this update's session sees it: what is stored, and what it will become."""

    __slots__ = ("data", "data_payload", "dirty", "loaded_data", "record", "state")

    def __init__(self, record: FsmRecord | None) -> None:
        self.record = record
        self.state = record.state if record else None
        self.data: dict[str, Any] | None = None  # decrypted on first use
        self.loaded_data = False
        self.data_payload: bytes | None = None  # encrypted when the data changes
        self.dirty = False


_PENDING = "fsm_pending"
_LISTENING = "fsm_listening"


def _apply_pending(session: Session) -> None:
    """Before the commit: write the keys whose state or data changed, in the same transaction."""
    entries: dict[str, _Entry] = session.info.pop(_PENDING, {})
    for key, entry in entries.items():
        if not entry.dirty:
            continue
        payload = entry.data_payload if entry.loaded_data else (entry.record.data if entry.record else None)
        if entry.record is None:
            if entry.state is None and payload is None:
                continue
            session.add(FsmRecord(key=key, state=entry.state, data=payload))
        else:
            entry.record.state = entry.state
            entry.record.data = payload


class SqlStorage(BaseStorage):
    """State and data are read once per update and written once, when the update commits.

    Inside an update (the database middleware sets `current_session`) changes wait in the session
    and are written just before its commit, so no write lock is taken while the handlers talk to
    Telegram; a value set to what it already was is not written at all.
    """

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

    async def _entry(self, session: AsyncSession, key: StorageKey) -> _Entry:
        hashed = self._key(key)
        entries: dict[str, _Entry] = session.info.setdefault(_PENDING, {})
        entry = entries.get(hashed)
        if entry is None:
            entry = entries[hashed] = _Entry(await session.get(FsmRecord, hashed))
            # Every commit of the session writes what changed since the last one. The listener stays
            # for the session's life: a `once` listener registered again after it fired (a new
            # person's row is committed early) is taken for the same one and ignored by SQLAlchemy,
            # and the changes made after that commit were lost.
            if not session.info.get(_LISTENING):
                session.info[_LISTENING] = True
                event.listen(session.sync_session, "before_commit", _apply_pending)
        return entry

    def _data(self, entry: _Entry) -> dict[str, Any]:
        if not entry.loaded_data:
            raw = entry.record.data if entry.record else None
            entry.data = json.loads(self.vault.decrypt(raw)) if raw is not None else {}
            entry.loaded_data = True
        return entry.data  # type: ignore[return-value]

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session() as session:
            entry = await self._entry(session, key)
            if entry.state != value:
                entry.state, entry.dirty = value, True

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            return (await self._entry(session, key)).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._session() as session:
            entry = await self._entry(session, key)
            new = dict(data)
            if self._data(entry) != new:
                entry.data, entry.dirty = new, True
                entry.data_payload = self.vault.encrypt(json.dumps(new).encode()) if new else None

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            return dict(self._data(await self._entry(session, key)))

    async def close(self) -> None:
        return None
