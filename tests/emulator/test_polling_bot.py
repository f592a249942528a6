"""An unchanged aiogram Dispatcher polling the emulator, driven through the test-side API."""

from __future__ import annotations

import asyncio
import json

from aiogram import Dispatcher, F
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message


async def test_dispatcher_round_trip(emu, bot):
    dispatcher = Dispatcher()

    @dispatcher.message(CommandStart())
    async def start(message: Message) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Ish haqi", callback_data="topic:salary")]]
        )
        await message.answer(f"Salom, <b>{message.from_user.first_name}</b>!", reply_markup=keyboard, parse_mode="HTML")

    @dispatcher.callback_query(F.data.startswith("topic:"))
    async def topic(query: CallbackQuery) -> None:
        await query.answer("OK")
        await query.message.edit_text(f"Mavzu: {query.data.split(':')[1]}")

    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        user = emu.add_user(first_name="Aziz")
        await user.send_command("/start")
        greeting = await emu.wait_for(user.last_message)
        assert greeting.text == "Salom, Aziz!" and greeting.button_texts() == ["Ish haqi"]

        pressed = await user.press("Ish haqi")
        await pressed.wait_answered()
        assert pressed.text == "OK"
        await emu.wait_for(lambda: user.last_message().text == "Mavzu: salary")
        assert user.last_message().buttons() == []  # the edit removed the keyboard
        assert [r.method for r in emu.sent(chat_id=user.id)] == ["sendMessage", "editMessageText"]
    finally:
        await dispatcher.stop_polling()
        await polling
    json.dumps(emu.stats.as_dict())  # benchmarks print it
    assert "requests:" in emu.stats.summary()
