"""Service-level fixtures: an in-memory SQLite database, the real services, and a MockedBot.

These tests skip the dispatcher, the HTTP emulator and the polling loop, so they run in
milliseconds; the end-to-end tests in tests/e2e cover the same behaviour through the real bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import StaticPool

from bot.config import Settings
from bot.i18n import I18n
from bot.outbox.sender import OutboxSender
from bot.services.consultations import BlockedBotRecorder, ConsultationService
from bot.services.knowledge import KnowledgeHolder
from bot.services.staff_topics import StaffTopics
from db.base import Base
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault
from knowledge.base import CONTENT_DIR
from knowledge.crisis import CrisisDetector, load_crisis
from knowledge.problems import ProblemLog
from tests.conftest import DATA_KEY, STAFF_CHAT_ID
from tests.service.consultation_helpers import PERSON, WHO
from tests.service.desk import Desk
from tests.service.factories import private
from tests.service.mocked_bot import MockedBot

IN_MEMORY = "sqlite+aiosqlite://"


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeHolder:
    """The bundled knowledge base, loaded once for the whole run (it is never changed by a test)."""
    return KnowledgeHolder()


@pytest.fixture(scope="session")
def crisis() -> CrisisDetector:
    """The bundled danger signs alone: the consultation services need nothing else of the content."""
    log = ProblemLog(CONTENT_DIR)
    detector = load_crisis(CONTENT_DIR, log)
    assert not log.errors and len(detector) > 0
    return detector


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


def build_desk(
    bot: MockedBot,
    sessionmaker: async_sessionmaker[AsyncSession],
    vault: IdentityVault,
    settings: Settings,
    i18n: I18n,
    crisis: CrisisDetector,
    **sender_options: Any,
) -> Desk:
    """The consultation services and the outbox sender on a database, as the application wires them."""

    def consultations(session: AsyncSession) -> ConsultationService:
        return ConsultationService(session, vault, settings, i18n, crisis)

    topics = StaffTopics(settings, i18n, vault)
    blocked = BlockedBotRecorder(consultations)
    sender = OutboxSender(
        bot, sessionmaker, vault, staff_chat_id=settings.staff_chat_id, topics=topics, blocked=blocked, **sender_options
    )
    return Desk(bot, sessionmaker, vault, settings, i18n, crisis, topics, sender)


@pytest.fixture
def make_desk(
    bot: MockedBot, vault: IdentityVault, settings: Settings, i18n: I18n, crisis: CrisisDetector
) -> Callable[..., Desk]:
    def make(sessionmaker: async_sessionmaker[AsyncSession], **sender_options: Any) -> Desk:
        return build_desk(bot, sessionmaker, vault, settings, i18n, crisis, **sender_options)

    return make


@pytest.fixture
def desk(make_desk: Callable[..., Desk], sessionmaker: async_sessionmaker[AsyncSession]) -> Desk:
    """On the in-memory database. Its one shared connection cannot run two transactions at once,
    so the sender takes one lane at a time; and it does not wait for album items (tests about that
    wait set their own grace)."""
    return make_desk(sessionmaker, concurrency=1, album_grace=timedelta(0))


@pytest.fixture
async def file_desk(make_desk: Callable[..., Desk], tmp_path: Path) -> AsyncIterator[Desk]:
    """On a SQLite file, with the sender as in production: lanes in parallel, the album grace."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/desk.sqlite")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield make_desk(create_sessionmaker(engine))
    await engine.dispose()


@pytest.fixture
async def code(desk: Desk) -> str:
    """(Consultation tests) A person with an open lawyer ticket (Russian), its topic made; no calls recorded yet."""
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    await desk.writes(PERSON, code, private(WHO, "У меня вопрос"))
    await desk.deliver()
    desk.bot.calls.clear()
    return code
