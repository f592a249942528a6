"""Bot and Dispatcher factories. Nothing is created at import time."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.fsm_storage import HashedKeyBuilder, SqlStorage
from bot.i18n import I18n
from bot.menu import MenuRegistry
from bot.middlewares import DatabaseMiddleware, UserContextMiddleware
from bot.services.knowledge import KnowledgeHolder
from bot.services.voice import Synthesizer
from bot.telegram.limiter import FloodLimiter, FloodLimits, Window
from bot.telegram.middleware import FloodControlMiddleware
from bot.ui.articles import ArticleButtons
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault, load_or_create_master_key

logger = logging.getLogger(__name__)


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
    menu: MenuRegistry = field(default_factory=MenuRegistry)
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

    async def close(self) -> None:
        await self.engine.dispose()


def flood_limits(settings: Settings) -> FloodLimits:
    return FloodLimits(
        global_=Window(*settings.parse_limit(settings.limit_global)),
        private=Window(*settings.parse_limit(settings.limit_private)),
        group=Window(*settings.parse_limit(settings.limit_group)),
    )


def create_context(settings: Settings, knowledge: KnowledgeHolder | None = None) -> AppContext:
    key = load_or_create_master_key(
        settings.data_key.get_secret_value() if settings.data_key else None, settings.data_dir
    )
    engine = create_engine(settings.database_url)
    return AppContext(
        settings=settings,
        vault=IdentityVault(key),
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        i18n=I18n(default=settings.default_language),
        limiter=FloodLimiter(flood_limits(settings)),
        knowledge=knowledge or KnowledgeHolder(settings.knowledge_dir),
    )


def create_bot(settings: Settings, limiter: FloodLimiter) -> Bot:
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram_api_base)
        if settings.telegram_api_base
        else AiohttpSession().api
    )
    session.middleware(FloodControlMiddleware(limiter))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_storage(context: AppContext) -> BaseStorage:
    if context.settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(context.settings.redis_url, key_builder=HashedKeyBuilder(context.vault))
    return SqlStorage(context.sessionmaker, context.vault)


def create_dispatcher(context: AppContext) -> Dispatcher:
    from handlers import (
        admin,
        announcements,
        consult_staff,
        consult_user,
        course,
        emergency,
        errors,
        fallback,
        forget,
        groups,
        guide,
        info,
        knowledge,
        menu,
        places,
        reach,
        search,
        start,
    )

    dispatcher = Dispatcher(storage=create_storage(context))
    dispatcher.update.outer_middleware(DatabaseMiddleware(context.sessionmaker, context.outbox_wakeup))
    dispatcher.update.outer_middleware(
        UserContextMiddleware(context.settings, context.i18n, context.vault, context.knowledge)
    )
    dispatcher.workflow_data.update(
        settings=context.settings,
        vault=context.vault,
        i18n=context.i18n,
        menu=context.menu,
        sessionmaker=context.sessionmaker,
        context=context,
        knowledge=context.knowledge,
        article_buttons=context.article_buttons,
    )
    synthesizer = Synthesizer(context.settings.data_dir / "voice") if Synthesizer.available() else None
    if synthesizer is None:
        logger.warning("espeak-ng or opusenc is missing: the 🔊 Listen buttons are hidden")
    reach_buttons = reach.make_reach_buttons(listen=synthesizer is not None)
    dispatcher.workflow_data["reach"] = reach_buttons
    dispatcher.workflow_data["synthesizer"] = synthesizer
    context.article_buttons.append(lambda article, lang, t: reach_buttons("a", article.id, t))
    routers = [
        errors.create_router(),
        groups.create_router(),
        emergency.create_router(context.menu),
        start.create_router(context.menu),
        menu.create_router(),
        admin.create_router(),
        announcements.create_router(),
        reach.create_router(synthesizer),
        knowledge.create_router(context.menu),
    ]
    if context.knowledge.kb.places:
        routers.append(places.create_router(context.menu))
        context.article_buttons.append(
            lambda article, lang, t: places.place_buttons(article, lang, t, context.knowledge.kb)
        )
        context.commands["map"] = "cmd-map"
    if context.knowledge.kb.course:
        routers.append(course.create_router(context.menu))
        context.commands["course"] = "cmd-course"
    routers.append(guide.create_router(context.menu))
    context.commands["guide"] = "cmd-guide"
    context.commands["notifications"] = "cmd-notifications"
    if context.settings.staff_chat_id is not None:  # consultations need the staff group
        routers += [consult_staff.create_router(), consult_user.create_router(context.menu)]
        context.article_buttons.append(consult_user.consult_button)
        context.commands["consult"] = "cmd-consult"
    context.commands["forget"] = "cmd-forget"
    routers += [
        forget.create_router(),
        info.create_router(context.menu),
        search.create_router(),
        fallback.create_router(),
    ]
    dispatcher.include_routers(*routers)
    return dispatcher
