"""Reusable filters.

Button targets: a feature's filter loads what a button points at (a lesson, an article, a ticket...)
and checks that it still exists and belongs to the person pressing it. It returns the loaded objects
as a dict, which aiogram adds to the handler's keyword arguments (as in aiogram's example
`context_addition_from_filter.py`). When the check fails no handler matches, and the fallback
router answers the button once, with the same "stale button" alert for forged, outdated and
foreign buttons alike (handlers/fallback.py).
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import BaseFilter, Filter
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.i18n import I18n

# What a target filter returns: the loaded objects (handler arguments), or False for "no match".
Found = dict[str, Any] | bool


class HasMessage(BaseFilter):
    """The button is on a message the bot can still see: not an inline-mode message (no message at
    all), nor one Telegram reports as inaccessible (deleted: only its chat and id). Handlers
    registered with it read the message with `shown_message`."""

    async def __call__(self, callback: CallbackQuery) -> bool:
        return isinstance(callback.message, Message)


def shown_message(callback: CallbackQuery) -> Message:
    """The message the pressed button is on, in a handler registered with `HasMessage`."""
    if not isinstance(callback.message, Message):
        raise TypeError("a handler that reads the button's message must be registered with HasMessage()")
    return callback.message


class StillShown(BaseFilter):
    """The pressed button is still on its message. Telegram sends the message as it is now, so a
    button that an answer removed (a quiz option, a rating star) cannot be replayed by an old client."""

    async def __call__(self, callback: CallbackQuery) -> bool:
        markup = callback.message.reply_markup if isinstance(callback.message, Message) else None
        buttons = markup.inline_keyboard if markup is not None else []
        return any(button.callback_data == callback.data for row in buttons for button in row)


class LocalizedText(BaseFilter):
    """Matches a reply-keyboard button by its text in any language.

    Buttons carry no callback data, so the text itself is compared; any language is accepted because
    the keyboard a user sees may predate a language change.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, i18n: I18n, **_: Any) -> bool:
        return message.text is not None and message.text in i18n.values(self.key)


class IsAdmin(Filter):
    """The person is one of ADMIN_IDS (messages and buttons)."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        return event.from_user is not None and settings.is_admin(event.from_user.id)
