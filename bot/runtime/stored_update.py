"""What of an update is worth storing: no names, usernames, phone numbers or language codes.

The inbox keeps an update (encrypted) only until it is processed, and only a replay after a crash
reads it back; handlers work on the ids. Every user, chat and contact object inside is stripped of
what identifies a person. One exception: in a group, the sender's first name stays (the staff
group shows a consultant's first name to the other consultants, e.g. who took a ticket).
"""

from __future__ import annotations

from typing import Any

GROUP_TYPES = {"group", "supergroup"}
SENDER_KEYS = ("from_user", "from")


def strip_identities(update: dict[str, Any]) -> dict[str, Any]:
    """`update` (a JSON dict, changed in place and returned) without names and such."""
    kept: list[tuple[dict[str, Any], str]] = []
    for event in update.values():
        chat = event.get("chat") if isinstance(event, dict) else None
        if isinstance(chat, dict) and chat.get("type") in GROUP_TYPES:
            for key in SENDER_KEYS:
                sender = event.get(key)
                if isinstance(sender, dict) and "first_name" in sender:
                    kept.append((sender, sender["first_name"]))
    _strip(update)
    for sender, first_name in kept:
        sender["first_name"] = first_name
    return update


def _strip(value: object) -> None:
    if isinstance(value, list):
        for item in value:
            _strip(item)
        return
    if not isinstance(value, dict):
        return
    if "phone_number" in value:  # a contact: required fields stay, empty
        value["phone_number"] = ""
    if "is_bot" in value or "phone_number" in value:  # a user (first_name is required)
        value["first_name"] = ""
    elif "type" in value and "id" in value:  # a chat
        value.pop("first_name", None)
    for key in ("last_name", "username", "language_code", "vcard"):
        value.pop(key, None)
    for item in value.values():
        _strip(item)
