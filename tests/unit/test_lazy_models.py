"""aiogram's models are built when first used, and then work as usual (checked in a fresh process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import bot
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Sticker, Update
from bot.config import Settings

print(Sticker.__pydantic_complete__, SendMessage.__pydantic_complete__, Settings.__pydantic_complete__)
update = Update.model_validate(
    {"update_id": 1, "message": {"message_id": 2, "date": 0, "chat": {"id": 3, "type": "private"}, "text": "hi"}}
)
button = InlineKeyboardButton(text="a", callback_data="b")
method = SendMessage(chat_id=3, text="x", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))
print(update.message.text, method.model_dump(exclude_none=True)["reply_markup"]["inline_keyboard"][0][0]["text"])
print(SendMessage.__pydantic_complete__)
shared = [model.__pydantic_parent_namespace__ for model in (Sticker, InlineKeyboardMarkup)]
print(shared[0].maps[-1] is shared[1].maps[-1], len(shared[0].maps[-1]) > 100)
"""


def test_aiogram_models_are_built_on_first_use() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    unused, before_use, own, *_ = result.stdout.split()
    assert (unused, before_use) == ("False", "False"), "aiogram's models were all built at import"
    assert own == "True", "models outside aiogram are built as usual"
    assert result.stdout.splitlines()[1:3] == ["hi a", "True"]
    # One namespace of aiogram's names for all its models, not a copy each (about 8 MiB).
    assert result.stdout.splitlines()[3] == "True True"
