"""Text helpers for Telegram's HTML parse mode and its 4096/1024 character limits."""

from __future__ import annotations

import html
import re

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _visible_len(html_text: str) -> int:
    return utf16_len(html.unescape(re.sub(r"<[^>]+>", "", html_text)))


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split text into chunks within `limit`, at paragraph, then line, then word boundaries.

    Works on plain text and on simple HTML where tags do not span a paragraph: a cut never falls
    inside a tag or an entity, so each chunk still parses on its own. Nothing is dropped.
    """
    if _visible_len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        candidate = f"{current}{piece}" if current else piece.lstrip("\n")
        if _visible_len(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            chunks.append(current.rstrip())
        current = piece.lstrip("\n")
    if current.strip():
        chunks.append(current.rstrip())
    return chunks


_SEPARATORS = ("\n\n", "\n", " ")


def _pieces(text: str, limit: int, level: int = 0) -> list[str]:
    """Break text into pieces no longer than `limit`, keeping separators attached to the next piece."""
    if _visible_len(text) <= limit:
        return [text]
    if level >= len(_SEPARATORS):
        return _hard_cut(text, limit)
    separator = _SEPARATORS[level]
    parts = text.split(separator)
    pieces: list[str] = []
    for index, part in enumerate(parts):
        part = (separator + part) if index else part
        pieces.extend(_pieces(part, limit, level + 1))
    return pieces


def _hard_cut(text: str, limit: int) -> list[str]:
    """Last resort for a single word longer than the limit: cut outside tags and entities."""
    tokens = re.findall(r"<[^>]+>|&[#\w]+;|.", text, flags=re.DOTALL)
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
