"""/help and /privacy."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks import MenuCb
from bot.config import Settings
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.ui.keyboards import home_keyboard


def _privacy(t: Translator, settings: Settings) -> str:
    return t("privacy-text", retention_days=settings.retention_days)


async def help_command(message: Message, t: Translator) -> None:
    await message.answer(t("help-text"), reply_markup=home_keyboard(t))


async def privacy_command(message: Message, t: Translator, settings: Settings) -> None:
    await message.answer(_privacy(t, settings), reply_markup=home_keyboard(t))


async def help_button(callback: CallbackQuery, t: Translator) -> None:
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(t("help-text"), reply_markup=home_keyboard(t))


async def privacy_button(callback: CallbackQuery, t: Translator, settings: Settings) -> None:
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(_privacy(t, settings), reply_markup=home_keyboard(t))


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="info")
    router.message.filter(F.chat.type == "private")
    menu.add("help", "menu-help", order=70)
    menu.add("privacy", "menu-privacy", order=80)
    router.message.register(help_command, Command("help"))
    router.message.register(privacy_command, Command("privacy"))
    router.callback_query.register(help_button, MenuCb.filter(F.section == "help"))
    router.callback_query.register(privacy_button, MenuCb.filter(F.section == "privacy"))
    return router
