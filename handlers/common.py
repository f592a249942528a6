"""Small helpers shared by several feature routers."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup


async def show_in_place(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Menu navigation edits the message it came from (less traffic than a new message)."""
    if callback.message is None:
        return
    try:
        await callback.message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest:  # too old to edit, or not a text message: send a new one
        await callback.message.answer(text, reply_markup=markup)
