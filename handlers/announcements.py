"""Announcements: an admin's /broadcast (message → audience → preview → confirm), and /notifications."""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import BaseFilter, Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BroadcastAction, BroadcastCb
from bot.config import LANGUAGES
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.services.broadcasts import AUDIENCES, EVERYONE, Announcement, BroadcastService
from db.models import User
from handlers.filters import Found, HasMessage, IsAdmin, shown_message


class BroadcastStates(StatesGroup):
    waiting_message = State()
    choosing_audience = State()  # data: {"message_id": int}
    confirming = State()  # data: {"message_id": int, "audience": str}


class KnownAudience(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: BroadcastCb) -> Found:
        return callback_data.audience in AUDIENCES


def audience_keyboard(t: Translator, sizes: dict[str, int]) -> InlineKeyboardMarkup:
    """Each audience with how many people it reaches now."""
    builder = InlineKeyboardBuilder()
    for audience in (EVERYONE, *LANGUAGES):
        label = t("broadcast-audience-all") if audience == EVERYONE else LANGUAGE_NAMES[audience]
        builder.button(
            text=f"{label} · {sizes.get(audience, 0)}",
            callback_data=BroadcastCb(action=BroadcastAction.AUDIENCE, audience=audience),
        )
    builder.button(text=t("broadcast-cancel"), callback_data=BroadcastCb(action=BroadcastAction.CANCEL))
    builder.adjust(1, 2, 2, 2, 1)
    return builder.as_markup()


def confirm_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("broadcast-confirm"), callback_data=BroadcastCb(action=BroadcastAction.SEND).pack()
                )
            ],
            [
                InlineKeyboardButton(
                    text=t("broadcast-cancel"), callback_data=BroadcastCb(action=BroadcastAction.CANCEL).pack()
                )
            ],
        ]
    )


async def notifications(message: Message, user: User, broadcasts: BroadcastService, t: Translator) -> None:
    enabled = not user.announcements
    broadcasts.set_notifications(user, enabled)
    await message.answer(t("notifications-on" if enabled else "notifications-off"))


async def broadcast(message: Message, t: Translator, state: FSMContext) -> None:
    await state.set_state(BroadcastStates.waiting_message)
    await message.answer(t("broadcast-ask-message"))


async def cancel_command(message: Message, t: Translator, state: FSMContext) -> None:
    await state.clear()
    await message.answer(t("broadcast-cancelled"))


async def got_message(message: Message, t: Translator, state: FSMContext, broadcasts: BroadcastService) -> None:
    content = Announcement.of(message)
    await state.update_data(message_id=message.message_id, text=content.text_html, caption=content.caption_html)
    await state.set_state(BroadcastStates.choosing_audience)
    sizes = await broadcasts.audience_sizes()
    await message.answer(t("broadcast-ask-audience"), reply_markup=audience_keyboard(t, sizes))


async def cancel(callback: CallbackQuery, t: Translator, state: FSMContext) -> None:
    await state.clear()
    await callback.answer(t("broadcast-cancelled"), show_alert=True)


async def audience(
    callback: CallbackQuery,
    callback_data: BroadcastCb,
    t: Translator,
    state: FSMContext,
    broadcasts: BroadcastService,
    bot: Bot,
) -> None:
    await callback.answer()
    data = await state.get_data()
    size = await broadcasts.audience(callback_data.audience)
    await state.update_data(audience=callback_data.audience)
    await state.set_state(BroadcastStates.confirming)
    chat_id = shown_message(callback).chat.id
    content = Announcement(text_html=data.get("text"), caption_html=data.get("caption"))
    await broadcasts.preview(bot, chat_id, data["message_id"], content, t)  # exactly what people get
    everyone = callback_data.audience == EVERYONE
    label = t("broadcast-audience-all") if everyone else LANGUAGE_NAMES[callback_data.audience]
    text = t("broadcast-preview", audience=label, recipients=size.recipients, skipped=size.skipped, off=size.turned_off)
    await shown_message(callback).answer(text, reply_markup=confirm_keyboard(t))


async def send(callback: CallbackQuery, t: Translator, state: FSMContext, broadcasts: BroadcastService) -> None:
    data = await state.get_data()
    await state.clear()
    if callback.message is None:
        return
    chat_id = callback.message.chat.id
    content = Announcement(text_html=data.get("text"), caption_html=data.get("caption"))
    started = await broadcasts.start(chat_id, chat_id, data["message_id"], data["audience"], content)
    await callback.answer()
    progress = await callback.message.answer(
        t("broadcast-progress", sent=0, total=started.total, blocked=0, skipped=started.skipped)
    )
    broadcasts.show_progress_in(started, progress.message_id)


async def turn_off(callback: CallbackQuery, user: User, broadcasts: BroadcastService, t: Translator) -> None:
    """The "🔕 Turn off" under an announcement: one tap, and the button goes."""
    broadcasts.set_notifications(user, False)
    await callback.answer(t("notifications-off"), show_alert=True)
    if isinstance(callback.message, Message):
        with contextlib.suppress(TelegramBadRequest):  # already without it
            await callback.message.edit_reply_markup(reply_markup=None)


def create_router() -> Router:
    router = Router(name="announcements")
    router.message.filter(F.chat.type == "private")
    router.message.register(notifications, Command("notifications"))
    router.callback_query.register(turn_off, BroadcastCb.filter(F.action == BroadcastAction.TURN_OFF))

    admin = Router(name="broadcast")
    admin.message.filter(IsAdmin())
    admin.callback_query.filter(IsAdmin())
    router.include_router(admin)
    admin.message.register(broadcast, Command("broadcast"))
    for state in (BroadcastStates.waiting_message, BroadcastStates.choosing_audience, BroadcastStates.confirming):
        admin.message.register(cancel_command, state, Command("cancel"))
    admin.message.register(got_message, BroadcastStates.waiting_message)
    admin.callback_query.register(cancel, BroadcastCb.filter(F.action == BroadcastAction.CANCEL))
    admin.callback_query.register(
        audience,
        BroadcastStates.choosing_audience,
        BroadcastCb.filter(F.action == BroadcastAction.AUDIENCE),
        HasMessage(),
        KnownAudience(),
    )
    admin.callback_query.register(
        send, BroadcastStates.confirming, BroadcastCb.filter(F.action == BroadcastAction.SEND)
    )
    return router
