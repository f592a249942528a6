"""Service-level fixtures: an in-memory SQLite database, the real services, and a MockedBot.

These tests skip the dispatcher, the HTTP emulator and the polling loop, so they run in
milliseconds; the end-to-end tests in tests/e2e cover the same behaviour through the real bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import StaticPool

from bot.config import Settings
from bot.i18n import I18n
from bot.services.knowledge import KnowledgeHolder
from db.base import Base
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault
from tests.conftest import DATA_KEY, STAFF_CHAT_ID
from tests.service.mocked_bot import MockedBot

IN_MEMORY = "sqlite+aiosqlite://"


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeHolder:
    """The bundled knowledge base, loaded once for the whole run (it is never changed by a test)."""
    return KnowledgeHolder()


@pytest.fixture(scope="session")
def i18n() -> I18n:
    return I18n()


@pytest.fixture
def vault() -> IdentityVault:
    return IdentityVault(DATA_KEY.encode())


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(database_url=IN_MEMORY)


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    # One shared connection: every session sees the same in-memory database.
    engine = create_engine(IN_MEMORY, poolclass=StaticPool, connect_args={"check_same_thread": False})
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def bot() -> MockedBot:
    bot = MockedBot()
    bot.make_forum(STAFF_CHAT_ID)
    return bot
