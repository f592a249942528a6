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


async def menu_command(message: Message, t: Translator, menu: MenuRegistry, state: FSMContext) -> None:
    await state.clear()
    await message.answer(t("menu-title"), reply_markup=main_menu(t, menu))


async def home_button(callback: CallbackQuery, t: Translator, menu: MenuRegistry, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(t("menu-title"), reply_markup=main_menu(t, menu))


def create_router() -> Router:
    router = Router(name="menu")
    router.message.filter(F.chat.type == "private")
    router.message.register(menu_command, Command("menu"))
    router.message.register(menu_command, LocalizedText("kbd-menu"))
    router.callback_query.register(home_button, MenuCb.filter(F.section == "home"))
    return router
