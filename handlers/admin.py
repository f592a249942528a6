"""Admin commands (ADMIN_IDS only): /reload."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command, Filter
from aiogram.types import Message

from bot.config import Settings
from bot.i18n import Translator
from bot.services.knowledge import KnowledgeHolder
from bot.ui.text import split_text

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
            await message.answer(
                t("admin-reload-ok", articles=len(knowledge.kb.articles), warnings=len(problems))
            )
            return
        listing = "\n".join(f"<code>{html.escape(str(p))}</code>" for p in errors[:MAX_PROBLEMS_SHOWN])
        text = t("admin-reload-failed", errors=len(errors)) + "\n\n" + listing
        for chunk in split_text(text):
            await message.answer(chunk)

    return router
