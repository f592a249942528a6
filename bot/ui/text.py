"""Text helpers for Telegram's HTML parse mode and its 4096/1024 character limits."""

from __future__ import annotations

import html
import re

from knowledge.telegram_text import CAPTION_LIMIT, MESSAGE_LIMIT, utf16_len

__all__ = ["CAPTION_LIMIT", "MESSAGE_LIMIT", "escape", "split_text", "utf16_len"]


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def _visible_len(html_text: str) -> int:
    return utf16_len(html.unescape(re.sub(r"<[^>]+>", "", html_text)))


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split text into chunks within `limit`, preferring paragraph, then line, then word boundaries.

    A paragraph or line that fits in a fresh chunk is moved there whole, unless the current chunk is
    less than half full: then it is split further to fill it (so a short heading line never ends up
    alone). Works on plain text and on simple HTML where tags do not span a paragraph: a cut never
    falls inside a tag or an entity, so each chunk still parses on its own. Nothing is dropped.
    """
    if _visible_len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current.strip():
            chunks.append(current.rstrip())
        current = ""

    def emit(piece: str, level: int) -> None:
        nonlocal current
        candidate = current + piece if current else piece.lstrip("\n ")
        if _visible_len(candidate) <= limit:
            current = candidate
            return
        alone = piece.lstrip("\n ")
        splittable = level < len(_SEPARATORS)
        half_full = _visible_len(current) >= limit // 2
        if _visible_len(alone) <= limit and (half_full or not splittable):
            flush()
            current = alone
            return
        if not splittable:  # a single word longer than the limit: cut it
            for part in _hard_cut(alone, limit):
                flush()
                current = part
            return
        separator = _SEPARATORS[level]
        for index, part in enumerate(piece.split(separator)):
            emit(separator + part if index else part, level + 1)

    emit(text, 0)
    flush()
    return chunks


_SEPARATORS = ("\n\n", "\n", " ")


def _hard_cut(text: str, limit: int) -> list[str]:
    """Last resort for a single word longer than the limit: cut outside tags and entities."""
    tokens = re.findall(r"<[^>]+>|&[#\w]+;|.", text, flags=re.DOTALL)
    current: list[str]
    pieces, current, size = [], [], 0
    for token in tokens:
        width = 0 if token.startswith("<") and len(token) > 1 else utf16_len(html.unescape(token))
        if size + width > limit and current:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(token)
        size += width
    if current:
        pieces.append("".join(current))
    return pieces
