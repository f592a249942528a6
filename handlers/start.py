"""First contact and language: /start (with a shared link or not), the language picker, /language."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import LangCb, MenuCb
from bot.deep_links import DeepLinks
from bot.i18n import I18n, Translator
from bot.menu import MenuRegistry
from bot.ui.keyboards import language_picker, main_menu, persistent_keyboard
from db.models import User
from db.repositories.users import UserRepository
from handlers.filters import Found


class KnownLanguage(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: LangCb, i18n: I18n) -> Found:
        return callback_data.code in i18n.languages


def picker_text(i18n: I18n) -> str:
    # Shown before a language is chosen, so it speaks every language at once.
    return "\n".join(dict.fromkeys(i18n.get(lang)("lang-picker-prompt") for lang in i18n.languages))


async def show_menu(message: Message, t: Translator, menu: MenuRegistry) -> None:
    await message.answer(t("menu-title"), reply_markup=main_menu(t, menu))


async def start(
    message: Message,
    command: CommandObject,
    user: User,
    i18n: I18n,
    t: Translator,
    menu: MenuRegistry,
    state: FSMContext,
    deep_links: DeepLinks,
    **data: Any,
) -> None:
    await state.clear()
    payload = (command.args or "").strip()
    if user.language is None:
        if payload:  # a shared link: open it once the language is chosen
            await state.update_data(pending_start=payload)
        preselected = i18n.match_telegram_language(message.from_user.language_code if message.from_user else None)
        await message.answer(picker_text(i18n), reply_markup=language_picker(i18n.languages, preselected))
        return
    if payload and await deep_links.open(message, payload, {**data, "user": user, "i18n": i18n, "t": t}):
        return
    await message.answer(t("welcome-back"), reply_markup=persistent_keyboard(t))
    await show_menu(message, t, menu)


async def language_command(message: Message, user: User, i18n: I18n) -> None:
    await message.answer(picker_text(i18n), reply_markup=language_picker(i18n.languages, user.language))


async def language_button(callback: CallbackQuery, user: User, i18n: I18n) -> None:
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(picker_text(i18n), reply_markup=language_picker(i18n.languages, user.language))


async def language_chosen(
    callback: CallbackQuery,
    callback_data: LangCb,
    user: User,
    users: UserRepository,
    i18n: I18n,
    menu: MenuRegistry,
    state: FSMContext,
    deep_links: DeepLinks,
    **data: Any,
) -> None:
    first_time = user.language is None
    await users.set_language(user, callback_data.code)
    t = i18n.get(callback_data.code)
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    # Before the first menu: what this is, that it is free and anonymous, and where 🆘 always is.
    text = t("welcome") + "\n\n" + t("lang-saved") if first_time else t("lang-saved")
    await callback.message.answer(text, reply_markup=persistent_keyboard(t))
    pending = (await state.get_data()).get("pending_start")
    if pending:
        await state.update_data(pending_start=None)
        data.update(user=user, i18n=i18n, lang=callback_data.code, t=t)
        if await deep_links.open(callback.message, pending, data):
            return
    await show_menu(callback.message, t, menu)


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="start")
    router.message.filter(F.chat.type == "private")
    menu.add("language", "menu-language", order=60)

    router.message.register(start, CommandStart())
    router.message.register(language_command, Command("language"))
    router.callback_query.register(language_button, MenuCb.filter(F.section == "language"))
    router.callback_query.register(language_chosen, LangCb.filter(), KnownLanguage())
    return router
