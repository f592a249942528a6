"""Dispatcher middlewares: one database session per update, and the user's language."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import AppContext
from bot.fsm_storage import current_session
from db.engine import write_gate
from db.models import User as UserRow
from db.repositories.inbox import InboxRepository
from db.repositories.outbox import OUTBOX_DIRTY
from db.repositories.users import UserRepository

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DatabaseMiddleware(BaseMiddleware):
    """Opens a session per update and commits it once the handlers are done.

    When the update came through the inbox, it is marked processed in the same transaction, so a
    crash either keeps all of the update's effects or none of them (and the update is replayed).
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], outbox_wakeup: asyncio.Event) -> None:
        self.sessionmaker = sessionmaker
        self.outbox_wakeup = outbox_wakeup
        self.gate = write_gate(sessionmaker)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessionmaker() as session:
            token = current_session.set(session)
            try:
                data["session"] = session
                result = await handler(event, data)
                inbox_update_id = data.get("inbox_update_id")
                async with self.gate.turn(session):
                    if inbox_update_id is not None:
                        await InboxRepository(session).mark_processed(inbox_update_id)
                    await session.commit()
                if inbox_update_id is not None:
                    data["inbox_receipt"].done = True
                if session.info.pop(OUTBOX_DIRTY, False):
                    self.outbox_wakeup.set()  # new relays were committed: the sender looks now
                return result
            finally:
                current_session.reset(token)


class UserContextMiddleware(BaseMiddleware):
    """Finds the person behind a private-chat update and picks their language.

    Only private chats create a user row; staff in the staff group are never stored as users. Also
    hands the handlers their services, built by AppContext.services for this update's session.
    """

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.settings = context.settings
        self.i18n = context.i18n
        self.gate = write_gate(context.sessionmaker)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        services = self.context.services(data["session"])
        data.update(services.as_data())
        users = services.users
        from_user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        db_user = None
        lang: str | None = None
        if from_user is not None and not from_user.is_bot:
            private = chat is not None and chat.type == "private"
            if private and not _is_membership_change(event):
                db_user = await users.get_by_telegram_id(from_user.id) or await self._create_user(users, from_user.id)
            elif private or chat is None:  # my_chat_member, inline queries: never create a row
                db_user = await users.get_by_telegram_id(from_user.id)
            if db_user is not None and db_user.language:
                lang = db_user.language
            elif private or chat is None:
                lang = self.i18n.match_telegram_language(from_user.language_code)
        if chat is not None and self.settings.is_staff_chat(chat.id, chat.type):
            lang = self.settings.staff_language
        lang = lang or self.settings.default_language
        data["user"] = db_user
        data["lang"] = lang
        data["t"] = self.i18n.get(lang)
        return await handler(event, data)

    async def _create_user(self, users: UserRepository, telegram_id: int) -> UserRow:
        """A new person's row, committed at once in a short transaction of its own.

        Left in the update's transaction, the row would hold SQLite's write lock while the handlers
        talk to Telegram. Only reads came before it, and creating it is idempotent, so a replayed
        update simply finds it. The update's own session is used: taking a second connection while
        holding one could wait forever when every connection is held by an update doing the same.
        """
        async with self.gate.turn(users.session):
            user, _created = await users.get_or_create(telegram_id)
            await users.session.commit()
        return user


def _is_membership_change(event: TelegramObject) -> bool:
    return isinstance(event, Update) and event.my_chat_member is not None
