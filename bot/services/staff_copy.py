"""What of a person's message may reach the staff group.

Telegram entities can carry a user object (a `text_mention`: "this person", linked to their
account). Copying such a message would hand consultants someone's user id, perhaps the person's
own. Those entities are dropped (their text stays, as plain text); all other formatting is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import Message, MessageEntity
from aiogram.utils.text_decorations import html_decoration


def _safe(entities: Sequence[MessageEntity] | None) -> list[MessageEntity]:
    return [entity for entity in entities or () if entity.user is None]


def names_someone(message: Message) -> bool:
    """True when the text or caption has an entity that carries a Telegram user."""
    return any(entity.user is not None for entity in (*(message.entities or ()), *(message.caption_entities or ())))


def html_for_staff(message: Message) -> str:
    """The message's text or caption as HTML, without entities that carry a user."""
    if message.text is not None:
        return html_decoration.unparse(message.text, _safe(message.entities))
    if message.caption is not None:
        return html_decoration.unparse(message.caption, _safe(message.caption_entities))
    return ""


def staff_copy_overrides(message: Message) -> dict[str, str]:
    """How CopyToStaff must send this message: rebuilt when it names someone, else copied as it is."""
    if not names_someone(message):
        return {}
    if message.text is not None:
        return {"text_html": html_for_staff(message)}
    return {"caption_html": html_for_staff(message)}
