"""Small helpers shared by several feature routers."""

from __future__ import annotations

import contextlib

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message


async def show_in_place(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Menu navigation edits the message it came from (less traffic than a new message)."""
    if callback.message is None:
        return
    if isinstance(callback.message, Message):
        with contextlib.suppress(TelegramBadRequest):  # too old to edit, or not a text message: send a new one
            await callback.message.edit_text(text, reply_markup=markup)
            return
    await callback.message.answer(text, reply_markup=markup)


async def send_pages(message: Message, pages: list[str], markup: InlineKeyboardMarkup) -> None:
    """Long content as several messages, the buttons under the last one."""
    for page in pages[:-1]:
        await message.answer(page)
    await message.answer(pages[-1], reply_markup=markup)


async def grow_in_place(message: Message, shown: list[str], pages: list[str], markup: InlineKeyboardMarkup) -> None:
    """Unfold content ("More", "Sources") in the message the button is on, the last of `shown`.

    `pages` begins with the pages already shown above it; the button's message becomes the next one
    and what no longer fits follows as new messages. A second tap changes nothing.
    """
    kept = len(shown) - 1
    rest = pages
    if kept < len(pages) and pages[:kept] == shown[:kept]:
        rest = pages[kept:]
        try:
            await message.edit_text(rest[0], reply_markup=markup if len(rest) == 1 else None)
        except TelegramBadRequest as error:
            if "not modified" in str(error):
                return
            rest = pages  # too old to edit: send it whole, below
        else:
            rest = rest[1:]
    if rest:
        await send_pages(message, rest, markup)
