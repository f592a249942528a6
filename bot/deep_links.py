"""Shared links (t.me/<bot>?start=a-patent) open the article, lesson or place they name.

Each feature registers how to show its kind of content when its router is created, so /start
needs to know no feature, and a link to a feature that is not installed means nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Concatenate

from aiogram.types import Message

from bot.callbacks import ContentKind
from bot.services.reach import parse_deep_link

# Show `item` in the chat of `message`; False when there is no such item. Called as
# `opener(message, item, **data)`: it takes the handler's data (services, lang, t...) as keyword
# arguments, like a handler, and names only those it needs.
Opener = Callable[Concatenate[Message, str, ...], Awaitable[bool]]


class DeepLinks:
    def __init__(self) -> None:
        self._openers: dict[ContentKind, Opener] = {}

    def add(self, kind: ContentKind, opener: Opener) -> None:
        if kind in self._openers:
            raise ValueError(f"deep links of kind {kind!r} registered twice")
        self._openers[kind] = opener

    async def open(self, message: Message, payload: str, data: dict[str, Any]) -> bool:
        """Open what the /start payload names. False when it names nothing (the caller shows the menu)."""
        parsed = parse_deep_link(payload)
        if parsed is None:
            return False
        kind, item = parsed
        opener = self._openers.get(kind)
        return opener is not None and await opener(message, item, **data)
