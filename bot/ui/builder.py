"""aiogram's inline keyboard builder without its deep copies.

`InlineKeyboardBuilder.add` (behind every `button()`) and `as_markup` deep-copy the whole markup,
every button a pydantic model: a keyboard of n buttons costs n² button copies, the largest share
of an update's CPU after search. Our buttons are never changed once added, so rows are copied and
buttons shared; everything else (validation, `adjust`, limits) is aiogram's.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder


class KeyboardBuilder(InlineKeyboardBuilder):
    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]
