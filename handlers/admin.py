"""Admin commands (ADMIN_IDS only): /reload, /stats."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command, Filter
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.services.consultations import ROLES
from bot.services.knowledge import KnowledgeHolder
from bot.services.stats import compute_stats
from bot.ui.text import split_text
from db.repositories.users import UserRepository

MAX_PROBLEMS_SHOWN = 30


class IsAdmin(Filter):
    async def __call__(self, message: Message, settings: Settings) -> bool:
        return message.from_user is not None and settings.is_admin(message.from_user.id)


def create_router() -> Router:
    router = Router(name="admin")
    router.message.filter(F.chat.type == "private", IsAdmin())

    @router.message(Command("reload"))
    async def reload(message: Message, knowledge: KnowledgeHolder, t: Translator) -> None:
        ok, problems = await knowledge.reload()
        errors = [p for p in problems if p.level == "error"]
        if ok:
            await message.answer(t("admin-reload-ok", articles=len(knowledge.kb.articles), warnings=len(problems)))
            return
        listing = "\n".join(f"<code>{html.escape(str(p))}</code>" for p in errors[:MAX_PROBLEMS_SHOWN])
        text = t("admin-reload-failed", errors=len(errors)) + "\n\n" + listing
        for chunk in split_text(text):
            await message.answer(chunk)

    @router.message(Command("stats"))
    async def stats(message: Message, session: AsyncSession, users: UserRepository, t: Translator) -> None:
        figures = await compute_stats(session, users, days=30)
        roles = ", ".join(f"{ROLES.get(role, role)} {count}" for role, count in sorted(figures.open_by_role.items()))
        languages = ", ".join(f"{lang} {count}" for lang, count in sorted(figures.users_by_language.items()))
        ratings = " ".join(f"{'⭐' * stars}×{count}" for stars, count in sorted(figures.ratings.items()))
        await message.answer(
            t(
                "admin-stats",
                days=30,
                opened=figures.opened,
                closed=figures.closed,
                median=str(
                    figures.median_first_reply_minutes if figures.median_first_reply_minutes is not None else "—"
                ),
                roles=roles or "—",
                languages=languages or "—",
                ratings=ratings or "—",
                average=str(figures.average_rating if figures.average_rating is not None else "—"),
                gaps=figures.content_gaps,
            )
        )

    return router
