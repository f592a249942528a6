"""The main menu: /menu, the home button and the always-visible menu button."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import MenuCb
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.ui.keyboards import main_menu
from handlers.filters import LocalizedText


def create_router() -> Router:
    router = Router(name="menu")
    router.message.filter(F.chat.type == "private")

    @router.message(Command("menu"))
    @router.message(LocalizedText("kbd-menu"))
    async def menu_command(message: Message, t: Translator, menu: MenuRegistry, state: FSMContext) -> None:
        await state.clear()
        await message.answer(t("menu-title"), reply_markup=main_menu(t, menu))

    @router.callback_query(MenuCb.filter(F.section == "home"))
    async def home_button(callback: CallbackQuery, t: Translator, menu: MenuRegistry, state: FSMContext) -> None:
        await state.clear()
        await callback.answer()
        if callback.message is not None:
            await callback.message.answer(t("menu-title"), reply_markup=main_menu(t, menu))

    return router
