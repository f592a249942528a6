"""Input checks with Telegram's limits and error descriptions (text, markup, commands, results...)."""

from __future__ import annotations

import json
import re
from typing import Any

from . import formatting
from .errors import bad_request
from .formatting import Entity, ParseError, UserResolver, utf16_len

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_RESULTS = 50
MAX_KEYBOARD_BUTTONS = 100
MAX_ALBUM_SIZE = 10
MAX_COMMANDS = 100

ALL_UPDATE_TYPES: tuple[str, ...] = (
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages", "message_reaction",
    "message_reaction_count", "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
    "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_member",
    "chat_join_request", "chat_boost", "removed_chat_boost",
)  # fmt: skip
# What a bot gets when it never chose (or sent an empty list): everything but these three.
DEFAULT_UPDATE_TYPES = frozenset(ALL_UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip

# The only colours createForumTopic accepts.
TOPIC_ICON_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)

# Emoji a bot may use as a reaction (ReactionTypeEmoji).
REACTION_EMOJI = frozenset(
    [
        "👍",
        "👎",
        "❤",
        "🔥",
        "🥰",
        "👏",
        "😁",
        "🤔",
        "🤯",
        "😱",
        "🤬",
        "😢",
        "🎉",
        "🤩",
        "🤮",
        "💩",
        "🙏",
        "👌",
        "🕊",
        "🤡",
        "🥱",
        "🥴",
        "😍",
        "🐳",
        "❤\u200d🔥",
        "🌚",
        "🌭",
        "💯",
        "🤣",
        "⚡",
        "🍌",
        "🏆",
        "💔",
        "🤨",
        "😐",
        "🍓",
        "🍾",
        "💋",
        "🖕",
        "😈",
        "😴",
        "😭",
        "🤓",
        "👻",
        "👨\u200d💻",
        "👀",
        "🎃",
        "🙈",
        "😇",
        "😨",
        "🤝",
        "✍",
        "🤗",
        "🫡",
        "🎅",
        "🎄",
        "☃",
        "💅",
        "🤪",
        "🗿",
        "🆒",
        "💘",
        "🙉",
        "🦄",
        "😘",
        "💊",
        "🙊",
        "😎",
        "👾",
        "🤷\u200d♂",
        "🤷",
        "🤷\u200d♀",
        "😡",
    ]
)

INLINE_RESULT_TYPES = frozenset(
    {
        "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document", "location", "venue",
        "contact", "game", "sticker",
    }
)  # fmt: skip


def load_json(raw: Any, what: str) -> Any:
    """Nested objects arrive JSON-encoded in form fields, or already decoded in a JSON body."""
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request(f"can't parse {what} JSON object") from None


# ---------------------------------------------------------------------------------------------- text


def _explicit_entities(raw: Any) -> list[Entity] | None:
    if raw is None or raw == "":
        return None
    value = load_json(raw, "entities")
    if not isinstance(value, list):
        raise bad_request("can't parse entities JSON object")
    result: list[Entity] = []
    for item in value:
        if not isinstance(item, dict):
            raise bad_request("can't parse entities JSON object")
        kind, offset, length = item.get("type"), item.get("offset"), item.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise bad_request("can't parse entities JSON object")
        if kind not in formatting.ENTITY_TYPES:
            continue  # Telegram ignores entity types it doesn't know
        entity = {key: item[key] for key in ("type", "offset", "length", "url", "language", "custom_emoji_id")
                  if key in item}  # fmt: skip
        if kind == "text_link":
            url = formatting.check_link(str(item.get("url", "")))
            if url is None:
                continue
            entity["url"] = url
        if kind == "text_mention":
            if not isinstance(item.get("user"), dict):
                raise bad_request("can't parse entities JSON object")
            entity["user"] = item["user"]
        if length:
            result.append(entity)
    return result or None


def check_parse_mode(parse_mode: str | None) -> None:
    if parse_mode and parse_mode.lower() not in formatting.PARSE_MODES:
        raise bad_request("unsupported parse_mode")


def formatted(
    raw: str | None,
    parse_mode: str | None,
    entities: Any,
    *,
    resolve_user: UserResolver | None,
    strict_html_entities: bool = False,
) -> tuple[str, list[Entity]] | None:
    """Parse and clean a text or caption like Telegram; None if nothing but whitespace remains."""
    text = raw or ""
    explicit = _explicit_entities(entities)
    try:
        if explicit is not None:
            formatting.check_entities(text, explicit)  # explicit entities win over parse_mode
            parsed = text, formatting.sort_entities(explicit)
        else:
            check_parse_mode(parse_mode)
            parsed = formatting.parse(text, parse_mode, resolve_user, strict_html_entities=strict_html_entities)
        result = formatting.normalize(*parsed)
    except ParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    if result is None:
        return None
    clean, found = result
    return clean, formatting.detect_entities(clean, found)


def message_text(raw: str | None, parse_mode: str | None, entities: Any, **options: Any) -> tuple[str, list]:
    result = formatted(raw, parse_mode, entities, **options)
    if result is None:
        raise bad_request("message text is empty")
    if utf16_len(result[0]) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return result


def caption_text(raw: str | None, parse_mode: str | None, entities: Any, **options: Any) -> tuple[str, list]:
    result = formatted(raw, parse_mode, entities, **options)
    if result is None:
        return "", []
    if utf16_len(result[0]) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return result


# -------------------------------------------------------------------------------------- reply markup

_INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
)  # fmt: skip


def _rows(value: Any, field: str) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise bad_request(f'field "{field}" of the markup must be an Array of Arrays')
    return value


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    actions = [key for key in _INLINE_ACTIONS if button.get(key) is not None]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in actions:
        url = button["url"]
        if not isinstance(url, str) or formatting.check_link(url) is None:
            raise bad_request("BUTTON_URL_INVALID")
    return {key: value for key, value in button.items() if value is not None}


def _keyboard_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        return {"text": button}
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
    return {key: value for key, value in button.items() if value is not None}


def reply_markup(raw: Any) -> dict[str, Any] | None:
    """Validate ``reply_markup``; returns the normalised markup (inline, reply, remove or force reply)."""
    if raw is None or raw == "":
        return None
    markup = load_json(raw, "reply keyboard markup")
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = [[_inline_button(b) for b in row] for row in _rows(markup["inline_keyboard"], "inline_keyboard")]
        if sum(len(row) for row in rows) > MAX_KEYBOARD_BUTTONS:
            raise bad_request("reply markup is too long")
        return {"inline_keyboard": rows}
    if "keyboard" in markup:
        rows = [[_keyboard_button(b) for b in row] for row in _rows(markup["keyboard"], "keyboard")]
        if sum(len(row) for row in rows) > 300:
            raise bad_request("reply markup is too long")
        result = {key: value for key, value in markup.items() if value is not None and key != "keyboard"}
        return {"keyboard": rows, **result}
    if markup.get("remove_keyboard"):
        return {key: value for key, value in markup.items() if value is not None}
    if markup.get("force_reply"):
        return {key: value for key, value in markup.items() if value is not None}
    raise bad_request("can't parse reply keyboard markup JSON object")


# ------------------------------------------------------------------------------------ other payloads

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


def bot_commands(raw: Any) -> list[dict[str, str]]:
    commands = load_json(raw, "commands") if raw not in (None, "") else []
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands")
    result = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command = str(item.get("command", ""))
        command = command[1:] if command.startswith("/") else command
        description = str(item.get("description", ""))
        if not _COMMAND.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command, "description": description})
    return result


def reactions(raw: Any) -> list[dict[str, Any]]:
    items = load_json(raw, "reaction") if raw not in (None, "") else []
    if not isinstance(items, list):
        raise bad_request("can't parse reaction types JSON object")
    result = []
    for item in items:
        if not isinstance(item, dict) or item.get("type") not in ("emoji", "custom_emoji", "paid"):
            raise bad_request("can't parse ReactionType JSON object")
        if item["type"] == "emoji" and item.get("emoji") not in REACTION_EMOJI:
            raise bad_request("REACTION_INVALID")
        result.append(dict(item))
    if len(result) > 1:
        raise bad_request("REACTIONS_TOO_MANY")  # bots, like non-premium users, get one reaction
    return result


def allowed_updates(raw: Any) -> frozenset[str] | None:
    """None: keep the previous setting. An empty list: the default set."""
    if raw is None or raw == "":
        return None
    items = load_json(raw, "allowed updates")
    if not isinstance(items, list):
        raise bad_request("can't parse allowed updates JSON object")
    chosen = frozenset(str(item) for item in items) & frozenset(ALL_UPDATE_TYPES)
    return chosen or DEFAULT_UPDATE_TYPES


def inline_results(raw: Any, check_text: Any) -> list[dict[str, Any]]:
    """answerInlineQuery ``results``; ``check_text(text, parse_mode, entities)`` validates message texts."""
    results = load_json(raw, "inline query results") if raw not in (None, "") else []
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            raise bad_request("can't parse InlineQueryResult JSON object")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result.get("type") not in INLINE_RESULT_TYPES:
            raise bad_request("RESULT_TYPE_INVALID")
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            check_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
        if result.get("reply_markup") is not None:
            markup = reply_markup(result["reply_markup"])
            if markup is None or "inline_keyboard" not in markup:
                raise bad_request("inline keyboard expected")
    return [dict(result) for result in results]
