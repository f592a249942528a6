"""Admin commands (ADMIN_IDS only): /reload, /stats, and /help with the admin commands listed."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.config import Settings
from bot.i18n import Translator
from bot.services.consultations import ROLES
from bot.services.knowledge import KnowledgeHolder
from bot.services.staff_header import language_name
from bot.services.stats import Stats, StatsService
from bot.ui.keyboards import home_keyboard
from bot.ui.text import split_text
from handlers.filters import IsAdmin

MAX_PROBLEMS_SHOWN = 30
STATS_DAYS = 30


def stats_text(figures: Stats, t: Translator) -> str:
    roles = ", ".join(f"{ROLES.get(role, role)} {count}" for role, count in sorted(figures.open_by_role.items()))
    languages = ", ".join(f"{language_name(lang)} {count}" for lang, count in sorted(figures.users_by_language.items()))
    ratings = " ".join(f"{'⭐' * stars}×{count}" for stars, count in sorted(figures.ratings.items()))
    median = figures.median_first_reply_minutes
    average = figures.average_rating
    text = t(
        "admin-stats",
        days=figures.days,
        opened=figures.opened,
        closed=figures.closed,
        forgotten=figures.forgotten,
        median=str(median if median is not None else "—"),
        roles=roles or "—",
        languages=languages or "—",
        ratings=ratings or "—",
        average=str(average if average is not None else "—"),
        gaps=figures.content_gaps,
    )
    if figures.newest_gaps:
        questions = "\n".join(f"• {html.escape(question)}" for question in figures.newest_gaps)
        text += "\n\n" + t("admin-stats-newest-gaps") + "\n" + questions
    return text


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


async def stats(message: Message, stats: StatsService, t: Translator, settings: Settings) -> None:
    figures = await stats.compute(days=STATS_DAYS, exclude_telegram_ids=settings.admin_ids)
    await message.answer(stats_text(figures, t))


async def admin_help(message: Message, t: Translator) -> None:
    """An admin's /help: what everyone sees, and the admin commands after it."""
    await message.answer(t("help-text") + "\n\n" + t("admin-help"), reply_markup=home_keyboard(t))


def create_router() -> Router:
    router = Router(name="admin")
    router.message.filter(F.chat.type == "private", IsAdmin())
    router.message.register(admin_help, Command("help"))
    router.message.register(reload, Command("reload"))
    router.message.register(stats, Command("stats"))
    return router
