"""Last router: anything no feature handled gets a friendly hint, never silence or an error."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.ui.keyboards import home_keyboard


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.filter(F.chat.type == "private")
    router.edited_message.filter(F.chat.type == "private")

    @router.message(F.text.startswith("/"))
    async def unknown_command(message: Message, t: Translator) -> None:
        await message.answer(t("hint-unknown-command"), reply_markup=home_keyboard(t))

    @router.message(F.sticker | F.dice | F.animation)
    async def sticker(message: Message, t: Translator) -> None:
        await message.answer(t("hint-sticker"), reply_markup=home_keyboard(t))

    @router.message(F.text)
    async def free_text(message: Message, t: Translator) -> None:
        await message.answer(t("hint-use-menu"), reply_markup=home_keyboard(t))

    @router.message()
    async def unexpected_media(message: Message, t: Translator) -> None:
        await message.answer(t("hint-media"), reply_markup=home_keyboard(t))

    @router.edited_message()
    async def edited(message: Message, t: Translator) -> None:
        await message.answer(t("hint-edited"))

    @router.callback_query()
    async def stale_button(callback: CallbackQuery, t: Translator) -> None:
        # Buttons from an old version, or forged data: say so instead of spinning forever.
        await callback.answer(t("error-stale-button"), show_alert=True)

    return router
