"""What the sandbox page shows: the world as JSON for a (re)connecting browser, and emulator events
turned into the page's updates. Messages are sent as text with entities, never as HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tgemu import EmuMessage
from tgemu.media import MEDIA_KINDS

from .samples import BOT_USERNAME, LOCATION_PRESETS

if TYPE_CHECKING:
    from .runtime import Persona, Sandbox


def snapshot(sandbox: Sandbox) -> dict[str, Any]:
    """Everything the page shows, for a (re)connecting browser."""
    assert sandbox.staff is not None and sandbox.consultant is not None
    chats = {}
    for persona in sandbox.personas.values():
        chats[str(persona.id)] = {
            "messages": [message_to_ui(m, sandbox) for m in persona.user.history() if not m.deleted],
            "keyboard": keyboard(persona),
        }
    return {
        "type": "snapshot",
        "bot": {"username": BOT_USERNAME, "name": "mi-Help", "running": sandbox.bot_running},
        "personas": [p.to_ui() for p in sorted(sandbox.personas.values(), key=lambda p: p.role == "admin")],
        "chats": chats,
        "staff": {
            "id": sandbox.staff.id,
            "title": sandbox.staff.title,
            "consultant": {"id": sandbox.consultant.id, "name": display_name(sandbox.consultant.to_api())},
            "topics": [topic_to_ui(t) for t in sandbox.staff.topics() if not t.deleted],
            "messages": [message_to_ui(m, sandbox) for m in sandbox.staff.history() if not m.deleted],
        },
        "locations": list(LOCATION_PRESETS),
    }


def keyboard(persona: Persona) -> dict[str, Any] | None:
    markup = persona.user.chat.reply_keyboard
    if not markup:
        return None
    return {
        "rows": [
            [
                {
                    "text": button.get("text", ""),
                    "request_location": bool(button.get("request_location")),
                    "request_contact": bool(button.get("request_contact")),
                }
                for button in row
            ]
            for row in markup.get("keyboard", [])
        ],
        "placeholder": markup.get("input_field_placeholder"),
        "one_time": bool(markup.get("one_time_keyboard")),
        "persistent": bool(markup.get("is_persistent")),
    }


def translate(sandbox: Sandbox, event: dict[str, Any]) -> list[dict[str, Any]]:
    """An emulator change event -> what the page needs to update (often nothing)."""
    kind = event.get("type")
    staff_id = sandbox.staff.id if sandbox.staff else None
    chat_id = event.get("chat_id")
    if kind in ("message", "reaction"):
        if chat_id is None or (message := sandbox.emulator.message(chat_id, event["message_id"])) is None:
            return []
        ui = message_to_ui(message, sandbox)
        if chat_id == staff_id:
            return [{"type": "message", "scope": "staff", "action": event.get("action", "edited"), "message": ui}]
        persona = sandbox.personas.get(chat_id)
        if persona is None:
            return []
        out = [
            {
                "type": "message",
                "scope": "phone",
                "persona": persona.id,
                "action": event.get("action", "edited"),
                "message": ui,
            }
        ]
        if message.from_bot:
            out.append({"type": "keyboard", "persona": persona.id, "keyboard": keyboard(persona)})
        elif event.get("action") == "created":
            out.append({"type": "persona", "persona": persona.to_ui()})  # "started" may have changed
        return out
    if kind == "topic" and chat_id == staff_id:
        topic = event["topic"]
        return [
            {
                "type": "topic",
                "action": event.get("action"),
                "topic": {
                    "thread_id": event["thread_id"],
                    "name": topic.get("name", ""),
                    "closed": bool(topic.get("closed")),
                    "deleted": bool(topic.get("deleted")),
                    "icon_color": topic.get("icon_color"),
                },
            }
        ]
    if kind == "callback_answered":
        text = event.get("text")
        if not text:
            return []
        scope = "staff" if chat_id == staff_id else "phone"
        return [
            {
                "type": "toast",
                "scope": scope,
                "persona": event.get("user_id"),
                "text": text,
                "alert": bool(event.get("show_alert")),
            }
        ]
    if kind == "chat_action":
        if chat_id == staff_id:
            return [{"type": "typing", "scope": "staff", "thread_id": event.get("thread_id")}]
        if chat_id in sandbox.personas:
            return [{"type": "typing", "scope": "phone", "persona": chat_id, "action": event.get("action")}]
    return []


def display_name(user: dict[str, Any] | None) -> str:
    if not user:
        return ""
    return " ".join(part for part in (user.get("first_name"), user.get("last_name")) if part)


def problem_to_ui(problem: Any) -> dict[str, Any]:
    return {"level": problem.level, "path": problem.path, "line": problem.line, "message": problem.message}


def topic_to_ui(topic: Any) -> dict[str, Any]:
    return {
        "thread_id": topic.thread_id,
        "name": topic.name,
        "closed": topic.closed,
        "deleted": topic.deleted,
        "icon_color": topic.icon_color,
    }


def _buttons(markup: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    rows = []
    for row in (markup or {}).get("inline_keyboard", []):
        out_row = []
        for button in row:
            item: dict[str, Any] = {"text": button.get("text", "")}
            if "callback_data" in button:
                item.update(type="callback", data=button["callback_data"])
            elif "url" in button:
                item.update(type="url", url=button["url"])
            elif "copy_text" in button:
                item.update(type="copy", copy=(button["copy_text"] or {}).get("text", ""))
            else:
                item.update(type="other", what=next((key for key in button if key != "text"), "button"))
            out_row.append(item)
        rows.append(out_row)
    return rows


def _media(data: dict[str, Any], kind: str) -> dict[str, Any] | None:
    if kind not in MEDIA_KINDS:
        return None
    obj = data["photo"][-1] if kind == "photo" else data[kind]
    return {
        "kind": kind,
        "file_id": obj.get("file_id"),
        "file_name": obj.get("file_name"),
        "mime_type": obj.get("mime_type") or ("image/jpeg" if kind == "photo" else None),
        "size": obj.get("file_size"),
        "duration": obj.get("duration"),
        "emoji": obj.get("emoji"),
    }


_SERVICE_KEYS = (
    "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
    "new_chat_members", "left_chat_member", "pinned_message", "group_chat_created",
)  # fmt: skip


def message_to_ui(message: EmuMessage, sandbox: Sandbox | None = None) -> dict[str, Any]:
    """A message as the page renders it: text with entities (never HTML), buttons, media, cards."""
    data = message.data
    kind = message.kind
    bot_ids = set(sandbox.emulator.world.bots) if sandbox else set()
    sender = data.get("from") or {}
    out: dict[str, Any] = {
        "id": message.message_id,
        "chat_id": message.chat.id,
        "thread_id": message.thread_id,
        "from_bot": message.from_bot or sender.get("id") in bot_ids,
        "sender_id": message.sender_id,
        "sender": display_name(sender),
        "date": data.get("date"),
        "edited": "edit_date" in data,
        "deleted": message.deleted,
        "kind": kind,
        "text": message.text,
        "entities": message.entities,
        "buttons": _buttons(data.get("reply_markup")),
        "reactions": [r.get("emoji") for r in message.bot_reaction if r.get("type") == "emoji"],
        "media_group_id": data.get("media_group_id"),
    }
    if message.is_service:
        key = next(key for key in _SERVICE_KEYS if key in data)
        value = data[key]
        out["service"] = {"type": key, "name": value.get("name") if isinstance(value, dict) else None}
    media = _media(data, kind)
    if media:
        out["media"] = media
    if "venue" in data:
        venue = data["venue"]
        out["venue"] = {
            "title": venue.get("title", ""),
            "address": venue.get("address", ""),
            "latitude": venue["location"]["latitude"],
            "longitude": venue["location"]["longitude"],
        }
    elif "location" in data:
        out["location"] = {"latitude": data["location"]["latitude"], "longitude": data["location"]["longitude"]}
    if "contact" in data:
        contact = data["contact"]
        out["contact"] = {"name": display_name(contact), "phone": contact.get("phone_number", "")}
    reply = data.get("reply_to_message")
    if reply and not (message.chat.is_forum and reply.get("message_id") == message.thread_id):
        out["reply_to"] = {
            "id": reply.get("message_id"),
            "sender": display_name(reply.get("from")),
            "text": (reply.get("text") or reply.get("caption") or "")[:120],
        }
    return out
