"""Emergency numbers: /sos, the menu entry and the always-visible button, from any state."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks import MenuCb
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.ui.keyboards import home_keyboard
from handlers.filters import LocalizedText


async def sos_command(message: Message, t: Translator) -> None:
    await message.answer(t("sos-text"), reply_markup=home_keyboard(t))


async def sos_button(callback: CallbackQuery, t: Translator) -> None:
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(t("sos-text"), reply_markup=home_keyboard(t))


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="emergency")
    router.message.filter(F.chat.type == "private")
    menu.add("sos", "menu-sos", order=50)
    router.message.register(sos_command, Command("sos"))
    router.message.register(sos_command, LocalizedText("kbd-sos"))
    router.callback_query.register(sos_button, MenuCb.filter(F.section == "sos"))
    return router
