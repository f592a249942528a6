"""What the webhook accepts: the secret header, and a body that really is one Telegram update.

Anything else is answered 401 or 400, never 500 (a 500 makes Telegram retry, and hides real errors).
"""

from __future__ import annotations

import hmac
import json

from aiogram import Bot
from aiogram.types import Update

from bot.runtime.quarantine import Unparsed

# Telegram's updates nest a few levels (a reply inside a message, keyboards in rows); far deeper is
# an attack on the parser. update_id is stored in a BIGINT column.
MAX_UPDATE_DEPTH = 32
MAX_UPDATE_ID = 2**63 - 1


def _depth(value: object) -> int:
    """How deeply lists and objects nest (iterative: a deep value cannot exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_UPDATE_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def parse_update(body: bytes, bot: Bot) -> Update | Unparsed | None:
    """A webhook body as an Update, or None when it is not one (the answer is then 400, never 500).

    Unparsed: a well-formed update (an object with a valid update_id) that aiogram cannot validate.
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond the parser's stack
        return None
    if not isinstance(data, dict) or _depth(data) > MAX_UPDATE_DEPTH:
        return None
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or not 0 <= update_id <= MAX_UPDATE_ID:
        return None
    try:
        return Update.model_validate(data, context={"bot": bot})
    except ValueError:
        return Unparsed(update_id, data)


def secret_matches(given: str, secret: str) -> bool:
    """Compared as bytes: compare_digest refuses a str with non-ASCII characters (that was a 500)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode())
