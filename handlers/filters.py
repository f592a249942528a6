"""Reusable filters."""

from __future__ import annotations

from typing import Any

from aiogram.filters import BaseFilter
from aiogram.types import Message

from bot.i18n import I18n


class LocalizedText(BaseFilter):
    """Matches a reply-keyboard button by its text in any language.

    Buttons carry no callback data, so the text itself is compared; any language is accepted because
    the keyboard a user sees may predate a language change.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, i18n: I18n, **_: Any) -> bool:
        return message.text is not None and message.text in i18n.values(self.key)
