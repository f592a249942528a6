"""📄 The printable guide as a PDF document (GuideService builds it once per language and content)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks import MenuCb
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.guide import GuideService


async def guide_command(message: Message, guide: GuideService, bot: Bot, lang: str, t: Translator) -> None:
    await guide.send(bot, message.chat.id, lang, caption=t("guide-caption"))


async def guide_button(callback: CallbackQuery, guide: GuideService, bot: Bot, lang: str, t: Translator) -> None:
    await callback.answer()
    if callback.message is not None:
        await guide.send(bot, callback.message.chat.id, lang, caption=t("guide-caption"))


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="guide")
    router.message.filter(F.chat.type == "private")
    menu.add("guide", "menu-guide", order=45)
    router.message.register(guide_command, Command("guide"))
    router.callback_query.register(guide_button, MenuCb.filter(F.section == "guide"))
    return router
