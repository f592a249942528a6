"""Text helpers for Telegram's HTML parse mode and its 4096/1024 character limits."""

from __future__ import annotations

import html
import re
import struct
from collections.abc import Sequence

from aiogram.types import MessageEntity
from aiogram.utils.text_decorations import html_decoration

from knowledge.telegram_text import CAPTION_LIMIT, MESSAGE_LIMIT, utf16_len

__all__ = ["CAPTION_LIMIT", "MESSAGE_LIMIT", "escape", "split_formatted", "split_text", "utf16_len"]


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


def split_formatted(
    text: str,
    entities: Sequence[MessageEntity] | None,
    limit: int = MESSAGE_LIMIT,
    first_limit: int | None = None,
    head: str = "",
) -> list[str]:
    """A message given as text and entities, as HTML parts within `limit` (`first_limit` for the first).

    `head` (HTML) becomes the first part's first line, and counts against its limit.

    Cuts are chosen in UTF-16 code units, Telegram's own offsets: at a paragraph, line or word
    boundary in the second half of the window, else at the limit (never inside a surrogate pair).
    Each part gets the entities clipped to it, so every part's HTML is balanced on its own, however
    long a bold or `pre` entity runs. Only whitespace at the cut points is dropped.
    """
    units = text.encode("utf-16-le")
    flat = "".join(map(chr, struct.unpack(f"<{len(units) // 2}H", units)))  # one character per unit
    parts: list[str] = []
    head_width = _visible_len(head) + 1 if head else 0
    start, window = _skip_blank(flat, 0), (first_limit or limit) - head_width
    while start < len(flat):
        end = resume = len(flat)
        if end - start > window:
            end = resume = _cut_point(flat, start, start + window)
            for separator in _SEPARATORS:
                found = flat.rfind(separator, start + window // 2, start + window)
                if found > start:
                    end, resume = found, found + len(separator)
                    break
        while end > start and flat[end - 1] in _BLANK:
            end -= 1
        if end > start:
            parts.append(_part_html(flat, entities or (), start, end))
        start, window = _skip_blank(flat, resume), limit
    if head:
        return [f"{head}\n{parts[0]}" if parts else head, *parts[1:]]
    return parts


_BLANK = " \n"


def _skip_blank(flat: str, position: int) -> int:
    while position < len(flat) and flat[position] in _BLANK:
        position += 1
    return position


def _cut_point(flat: str, start: int, end: int) -> int:
    """A hard cut at `end`, moved back one unit if it would split a surrogate pair."""
    if end < len(flat) and "\udc00" <= flat[end] <= "\udfff" and end - 1 > start:
        return end - 1
    return end


def _part_html(flat: str, entities: Sequence[MessageEntity], start: int, end: int) -> str:
    text = flat[start:end].encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    clipped = []
    for entity in entities:
        begin, finish = max(entity.offset, start), min(entity.offset + entity.length, end)
        if finish > begin:
            clipped.append(entity.model_copy(update={"offset": begin - start, "length": finish - begin}))
    return html_decoration.unparse(text, clipped)
