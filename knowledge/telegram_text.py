"""How Telegram measures text: what fits in one message or one caption.

Content is checked against these limits when it is loaded, and the bot splits long texts by them.
"""

from __future__ import annotations

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
