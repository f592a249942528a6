"""Inline keyboards stored with an outbox action (the "reply" button, the rating stars)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str


Keyboard = tuple[tuple[Button, ...], ...]


def keyboard_markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=b.callback_data) for b in row] for row in keyboard
        ]
    )


def keyboard_from_json(rows: Sequence[Sequence[dict[str, str]]] | None) -> Keyboard | None:
    if not rows:
        return None
    return tuple(tuple(Button(text=b["text"], callback_data=b["callback_data"]) for b in row) for row in rows)
