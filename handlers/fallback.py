"""Last router: anything no feature handled gets a friendly hint, never silence or an error.

It is also the one place that answers a stale button: a forged, outdated or foreign callback
matches no feature handler (their filters load the button's target and check it belongs to the
person: handlers/filters.py) and ends here.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.ui.keyboards import home_keyboard


async def unknown_command(message: Message, t: Translator) -> None:
    await message.answer(t("hint-unknown-command"), reply_markup=home_keyboard(t))


async def sticker(message: Message, t: Translator) -> None:
    await message.answer(t("hint-sticker"), reply_markup=home_keyboard(t))


async def free_text(message: Message, t: Translator) -> None:
    await message.answer(t("hint-use-menu"), reply_markup=home_keyboard(t))


async def unexpected_media(message: Message, t: Translator) -> None:
    await message.answer(t("hint-media"), reply_markup=home_keyboard(t))


async def edited(message: Message, t: Translator) -> None:
    await message.answer(t("hint-edited"))


async def stale_button(callback: CallbackQuery, t: Translator) -> None:
    # Say so instead of leaving the button spinning; the same answer whatever made it stale.
    await callback.answer(t("error-stale-button"), show_alert=True)


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.filter(F.chat.type == "private")
    router.edited_message.filter(F.chat.type == "private")
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(sticker, F.sticker | F.dice | F.animation)
    router.message.register(free_text, F.text)
    router.message.register(unexpected_media)
    router.edited_message.register(edited)
    router.callback_query.register(stale_button)
    return router
