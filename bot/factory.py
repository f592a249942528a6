"""Bot and Dispatcher factories. Nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage

from bot.callbacks import ContentKind
from bot.config import Settings
from bot.context import AppContext
from bot.fsm_storage import HashedKeyBuilder, SqlStorage
from bot.i18n import I18n
from bot.middlewares import DatabaseMiddleware, UserContextMiddleware
from bot.services.guide import GuideFiles
from bot.services.knowledge import KnowledgeHolder
from bot.services.voice import Synthesizer
from bot.telegram.limiter import FloodLimiter, FloodLimits, Window
from bot.telegram.middleware import FloodControlMiddleware
from bot.ui.keyboards import reach_buttons
from bot.ui.places import place_buttons
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault, load_or_create_master_key

logger = logging.getLogger(__name__)


def create_flood_limiter(settings: Settings, vault: IdentityVault) -> FloodLimiter:
    """In this process's memory; shared through Redis when REDIS_URL is set (Redis is imported only then)."""
    if not settings.redis_url:
        return FloodLimiter(flood_limits(settings))
    from bot.telegram.shared_limiter import create_shared_limiter

    return create_shared_limiter(settings.redis_url, settings, flood_limits(settings), vault)


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
    engine = create_engine(settings.database_url, settings.database_pool_size)
    vault = IdentityVault(key)
    return AppContext(
        settings=settings,
        vault=vault,
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        i18n=I18n(default=settings.default_language),
        limiter=create_flood_limiter(settings, vault),
        knowledge=knowledge or KnowledgeHolder(settings.knowledge_dir, apart=True),
        guide_files=GuideFiles(settings.data_dir / "guides"),
        synthesizer=create_synthesizer(settings),
    )


def create_synthesizer(settings: Settings) -> Synthesizer | None:
    if not Synthesizer.available():
        logger.warning("espeak-ng or opusenc is missing: the 🔊 Listen buttons are hidden")
        return None
    return Synthesizer(settings.data_dir / "voice")


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

        # Like the database's retention: a quiet person's state expires after RETENTION_DAYS.
        ttl = timedelta(days=context.settings.retention_days)
        return RedisStorage.from_url(
            context.settings.redis_url, key_builder=HashedKeyBuilder(context.vault), state_ttl=ttl, data_ttl=ttl
        )
    return SqlStorage(context.sessionmaker, context.vault)


def create_dispatcher(context: AppContext) -> Dispatcher:
    """The only place that knows the feature routers: their order is the order updates try them in."""
    from handlers import (
        admin,
        announcements,
        consult_media,
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

    # The FSM middleware is registered by hand, after the session is open: the state is then read
    # in the update's own transaction (once), instead of in a session of its own.
    dispatcher = Dispatcher(storage=create_storage(context), disable_fsm=True)
    dispatcher.update.outer_middleware(DatabaseMiddleware(context.sessionmaker, context.outbox_wakeup))
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(UserContextMiddleware(context))
    reach_rows = reach_buttons(listen=context.synthesizer is not None)
    dispatcher.workflow_data.update(
        settings=context.settings,
        vault=context.vault,
        i18n=context.i18n,
        menu=context.menu,
        deep_links=context.deep_links,
        sessionmaker=context.sessionmaker,
        context=context,
        knowledge=context.knowledge,
        article_buttons=context.article_buttons,
        reach=reach_rows,
        synthesizer=context.synthesizer,
        staff_access=context.staff_access,
    )
    context.article_buttons.append(lambda article, lang, t, view: reach_rows(ContentKind.ARTICLE, article.id, t))
    routers = [
        errors.create_router(),
        groups.create_router(),
        emergency.create_router(context.menu),
        start.create_router(context.menu),
        menu.create_router(),
        admin.create_router(),
        announcements.create_router(),
        reach.create_router(),
        knowledge.create_router(context.menu, context.deep_links),
    ]
    if context.knowledge.kb.places:
        routers.append(places.create_router(context.menu, context.deep_links))
        # Before every router: any exit from the map's location question takes its button away.
        dispatcher.message.outer_middleware(places.LocationRequestGuard())
        dispatcher.callback_query.outer_middleware(places.LocationRequestGuard())
        context.article_buttons.append(
            lambda article, lang, t, view: place_buttons(article, lang, t, context.knowledge.kb, view)
        )
        context.commands["map"] = "cmd-map"
    if context.knowledge.kb.course:
        routers.append(course.create_router(context.menu, context.deep_links))
        context.commands["course"] = "cmd-course"
    routers.append(guide.create_router(context.menu))
    context.commands["guide"] = "cmd-guide"
    context.commands["notifications"] = "cmd-notifications"
    if context.settings.staff_chat_id is not None:  # consultations need the staff group
        routers += [
            consult_staff.create_router(),
            consult_user.create_router(context.menu),
            consult_media.create_router(),  # after consult_user: inside a consultation, media go there
        ]
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
    run_pure_filters_inline(dispatcher)
    return dispatcher


def run_pure_filters_inline(dispatcher: Dispatcher) -> None:
    """Check magic filters (`F.text`, `F.chat.type == ...`) and states on the event loop.

    aiogram runs every synchronous filter through `asyncio.to_thread`: a hop to a worker thread and
    back for each filter of each router and handler an update is tried against, dozens per update.
    These two kinds only read attributes of the update, so they are awaited in place instead.
    """
    for router in dispatcher.chain_tail:
        for observer in router.observers.values():
            filters = list(observer._handler.filters or [])  # the router-wide filters
            for handler in observer.handlers:
                filters += handler.filters or []
            for item in filters:
                if not item.awaitable and (item.magic is not None or isinstance(item.callback, State)):
                    item.callback = _in_place(item.callback)
                    item.awaitable = True


def _in_place(check: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    async def checked(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return checked
