"""/forget: delete everything the bot keeps about a person, after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import ForgetCb
from bot.i18n import Translator
from bot.services.consultations import ConsultationService
from bot.ui.keyboards import home_keyboard
from db.models import User
from handlers.filters import HasMessage, shown_message


def confirm_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=t("forget-yes"), callback_data=ForgetCb(confirm=True).pack())],
            [InlineKeyboardButton(text=t("forget-no"), callback_data=ForgetCb(confirm=False).pack())],
        ]
    )


async def forget(message: Message, t: Translator) -> None:
    await message.answer(t("forget-confirm"), reply_markup=confirm_keyboard(t))


async def forget_confirmed(
    callback: CallbackQuery, consultations: ConsultationService, user: User, t: Translator, state: FSMContext
) -> None:
    await callback.answer()
    await state.clear()
    await consultations.forget(user)
    await shown_message(callback).answer(t("forget-done"))


async def forget_cancelled(callback: CallbackQuery, t: Translator) -> None:
    await callback.answer()
    await shown_message(callback).answer(t("forget-cancelled"), reply_markup=home_keyboard(t))


def create_router() -> Router:
    router = Router(name="forget")
    router.message.filter(F.chat.type == "private")
    router.message.register(forget, Command("forget"))
    router.callback_query.register(forget_confirmed, ForgetCb.filter(F.confirm), HasMessage())
    router.callback_query.register(forget_cancelled, ForgetCb.filter(~F.confirm), HasMessage())
    return router
