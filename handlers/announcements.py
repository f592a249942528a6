"""Announcements: an admin's /broadcast (message → audience → preview → confirm), and /notifications."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BroadcastCb
from bot.config import LANGUAGES
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.services.broadcasts import BroadcastService
from db.models import User
from handlers.admin import IsAdmin


class BroadcastStates(StatesGroup):
    waiting_message = State()
    choosing_audience = State()  # data: {"message_id": int}
    confirming = State()  # data: {"message_id": int, "audience": str}


def audience_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("broadcast-audience-all"), callback_data=BroadcastCb(action="aud", audience="all"))
    for lang in LANGUAGES:
        builder.button(text=LANGUAGE_NAMES[lang], callback_data=BroadcastCb(action="aud", audience=lang))
    builder.button(text=t("broadcast-cancel"), callback_data=BroadcastCb(action="cancel"))
    builder.adjust(1, 2, 2, 2, 1)
    return builder.as_markup()


def create_router() -> Router:
    router = Router(name="announcements")
    router.message.filter(F.chat.type == "private")

    @router.message(Command("notifications"))
    async def notifications(message: Message, user: User, t: Translator) -> None:
        user.announcements = not user.announcements
        await message.answer(t("notifications-on" if user.announcements else "notifications-off"))

    admin = Router(name="broadcast")
    admin.message.filter(IsAdmin())
    admin.callback_query.filter(IsAdmin())
    router.include_router(admin)

    @admin.message(Command("broadcast"))
    async def broadcast(message: Message, t: Translator, state: FSMContext) -> None:
        await state.set_state(BroadcastStates.waiting_message)
        await message.answer(t("broadcast-ask-message"))

    @admin.message(BroadcastStates.waiting_message, Command("cancel"))
    @admin.message(BroadcastStates.choosing_audience, Command("cancel"))
    @admin.message(BroadcastStates.confirming, Command("cancel"))
    async def cancel_command(message: Message, t: Translator, state: FSMContext) -> None:
        await state.clear()
        await message.answer(t("broadcast-cancelled"))

    @admin.message(BroadcastStates.waiting_message)
    async def got_message(message: Message, t: Translator, state: FSMContext) -> None:
        await state.update_data(message_id=message.message_id)
        await state.set_state(BroadcastStates.choosing_audience)
        await message.answer(t("broadcast-ask-audience"), reply_markup=audience_keyboard(t))

    @admin.callback_query(BroadcastCb.filter(F.action == "cancel"))
    async def cancel(callback: CallbackQuery, t: Translator, state: FSMContext) -> None:
        await state.clear()
        await callback.answer(t("broadcast-cancelled"), show_alert=True)

    @admin.callback_query(BroadcastStates.choosing_audience, BroadcastCb.filter(F.action == "aud"))
    async def audience(
        callback: CallbackQuery,
        callback_data: BroadcastCb,
        t: Translator,
        state: FSMContext,
        broadcasts: BroadcastService,
        bot: Bot,
    ) -> None:
        if callback_data.audience not in ("all", *LANGUAGES) or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        data = await state.get_data()
        recipients, skipped = await broadcasts.count_audience(callback_data.audience)
        await state.update_data(audience=callback_data.audience)
        await state.set_state(BroadcastStates.confirming)
        chat_id = callback.message.chat.id
        await bot.copy_message(chat_id, chat_id, data["message_id"])  # the preview: exactly what people get
        label = (
            t("broadcast-audience-all") if callback_data.audience == "all" else LANGUAGE_NAMES[callback_data.audience]
        )
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=t("broadcast-confirm"), callback_data=BroadcastCb(action="send").pack())],
                [InlineKeyboardButton(text=t("broadcast-cancel"), callback_data=BroadcastCb(action="cancel").pack())],
            ]
        )
        await callback.message.answer(
            t("broadcast-preview", audience=label, recipients=recipients, skipped=skipped), reply_markup=markup
        )

    @admin.callback_query(BroadcastStates.confirming, BroadcastCb.filter(F.action == "send"))
    async def send(callback: CallbackQuery, t: Translator, state: FSMContext, broadcasts: BroadcastService) -> None:
        data = await state.get_data()
        await state.clear()
        if callback.message is None:
            return
        chat_id = callback.message.chat.id
        created = await broadcasts.create(chat_id, chat_id, data["message_id"], data["audience"])
        await callback.answer()
        progress = await callback.message.answer(
            t("broadcast-progress", sent=0, total=created.total, blocked=0, skipped=created.skipped)
        )
        created.progress_message_id = progress.message_id

    return router
