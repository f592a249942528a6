"""/forget: delete everything the bot keeps about a person, after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import ConsultCb
from bot.i18n import Translator
from bot.services.consultations import ConsultationService
from bot.ui.keyboards import home_keyboard
from db.models import User


def create_router() -> Router:
    router = Router(name="forget")
    router.message.filter(F.chat.type == "private")

    @router.message(Command("forget"))
    async def forget(message: Message, t: Translator) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=t("forget-yes"), callback_data=ConsultCb(action="forget", value=1).pack())],
                [InlineKeyboardButton(text=t("forget-no"), callback_data=ConsultCb(action="forget", value=0).pack())],
            ]
        )
        await message.answer(t("forget-confirm"), reply_markup=keyboard)

    @router.callback_query(ConsultCb.filter(F.action == "forget"))
    async def forget_confirmed(
        callback: CallbackQuery,
        callback_data: ConsultCb,
        consultations: ConsultationService,
        user: User,
        t: Translator,
        state: FSMContext,
    ) -> None:
        await callback.answer()
        if callback.message is None:
            return
        if callback_data.value != 1:
            await callback.message.answer(t("forget-cancelled"), reply_markup=home_keyboard(t))
            return
        await state.clear()
        await consultations.forget(user)
        await callback.message.answer(t("forget-done"))

    return router
