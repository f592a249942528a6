"""The application's long-lived dependencies, and the one place where per-update services are built."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.deep_links import DeepLinks
from bot.i18n import I18n
from bot.menu import MenuRegistry
from bot.outbox.queue import Outbox
from bot.services.broadcasts import BroadcastService
from bot.services.consultations import ConsultationService
from bot.services.course import CourseService
from bot.services.guide import GuideFiles, GuideService
from bot.services.knowledge import KnowledgeHolder
from bot.services.reach import ListenService
from bot.services.staff_access import StaffAccess
from bot.services.stats import StatsService
from bot.services.voice import Synthesizer
from bot.telegram.limiter import FloodLimiter
from bot.ui.articles import ArticleButtons
from db.identity import IdentityVault
from db.repositories.broadcasts import BroadcastRepository
from db.repositories.course import CourseRepository
from db.repositories.feedback import FeedbackRepository
from db.repositories.media import MediaRepository
from db.repositories.outbox import OutboxRepository
from db.repositories.tickets import TicketRepository
from db.repositories.users import UserRepository


@dataclass(frozen=True)
class Services:
    """What handlers (and background workers) get for one database session, by these names."""

    users: UserRepository
    feedback: FeedbackRepository
    consultations: ConsultationService
    course: CourseService
    broadcasts: BroadcastService
    guide: GuideService
    listening: ListenService
    stats: StatsService

    def as_data(self) -> dict[str, Any]:
        """As handler keyword arguments (aiogram middleware data)."""
        return {item.name: getattr(self, item.name) for item in fields(self)}


@dataclass
class AppContext:
    """Long-lived dependencies, shared by handlers (as workflow data) and background workers."""

    settings: Settings
    vault: IdentityVault
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    i18n: I18n
    limiter: FloodLimiter
    knowledge: KnowledgeHolder
    guide_files: GuideFiles
    synthesizer: Synthesizer | None = None  # None when espeak-ng or opusenc is missing
    menu: MenuRegistry = field(default_factory=MenuRegistry)
    deep_links: DeepLinks = field(default_factory=DeepLinks)
    article_buttons: list[ArticleButtons] = field(default_factory=list)
    # Set after a transaction that queued outbox rows: the sender looks at once instead of polling.
    outbox_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # Commands shown in Telegram's menu (command -> description key); features add theirs.
    commands: dict[str, str] = field(
        default_factory=lambda: {
            "start": "cmd-start",
            "menu": "cmd-menu",
            "sos": "cmd-sos",
            "language": "cmd-language",
            "help": "cmd-help",
            "privacy": "cmd-privacy",
        }
    )
    # Who in the staff group may answer and manage tickets (remembers admin checks between updates).
    staff_access: StaffAccess = field(init=False)

    def __post_init__(self) -> None:
        self.staff_access = StaffAccess(self.settings)

    def services(self, session: AsyncSession) -> Services:
        """Every service and repository bound to one session: the only place they are assembled."""
        vault, i18n, knowledge = self.vault, self.i18n, self.knowledge
        users = UserRepository(session, vault)
        feedback = FeedbackRepository(session)
        media = MediaRepository(session)
        return Services(
            users=users,
            feedback=feedback,
            consultations=ConsultationService(session, vault, self.settings, i18n, knowledge.kb.crisis),
            course=CourseService(CourseRepository(session), knowledge),
            broadcasts=BroadcastService(
                BroadcastRepository(session, vault),
                Outbox(session, vault),
                OutboxRepository(session, vault),
                users,
                i18n,
            ),
            guide=GuideService(self.guide_files, media, knowledge, i18n),
            listening=ListenService(media, knowledge, self.synthesizer),
            stats=StatsService(TicketRepository(session), users, feedback),
        )

    async def close(self) -> None:
        await self.engine.dispose()
