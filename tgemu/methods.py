"""The Bot API methods, implemented against the in-memory :class:`~tgemu.state.World`."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from . import validation
from .errors import ApiError, bad_request, conflict, too_many_requests
from .media import MAX_DOWNLOAD_SIZE, FileRecord, compatible
from .params import Params
from .state import (
    CONTENT_KEYS,
    BotState,
    ChatState,
    EmuMessage,
    MemberState,
    SentRecord,
    TopicState,
    now_unix,
)

if TYPE_CHECKING:
    from .server import Emulator

Handler = Callable[[BotState, Params], Awaitable[Any]]


class Described(NamedTuple):
    """A successful result that also carries a description (setWebhook's "Webhook was set")."""

    result: Any
    description: str


def api(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def mark(function: Callable[..., Any]) -> Callable[..., Any]:
        function.api_name = name  # type: ignore[attr-defined]
        return function

    return mark


class _PollTicket:
    """One waiting getUpdates; a newer request marks the older one terminated."""

    __slots__ = ("terminated",)

    def __init__(self) -> None:
        self.terminated = False


_WEBHOOK_CONFLICT = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
_POLL_CONFLICT = "terminated by other getUpdates request; make sure that only one bot instance is running"
_NOT_MODIFIED = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"  # noqa: E501
_SCOPE_TYPES = frozenset(
    {
        "default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
        "chat_administrators", "chat_member",
    }
)  # fmt: skip
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class BotApi:
    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator
        self.world = emulator.world
        self.handlers: dict[str, tuple[str, Handler]] = {}
        for attribute in dir(type(self)):
            function = getattr(type(self), attribute)
            name = getattr(function, "api_name", None)
            if name:
                self.handlers[name.lower()] = (name, getattr(self, attribute))

    # ===================================================================================== helpers

    def _text_options(self) -> dict[str, Any]:
        return {"resolve_user": self.world.user_json, "strict_html_entities": self.emu.strict_html_entities}

    def _text(self, p: Params, field: str = "text", entities: str = "entities") -> tuple[str, list]:
        return validation.message_text(p.str(field), p.str("parse_mode"), p.raw(entities), **self._text_options())

    def _caption(self, p: Params) -> tuple[str, list]:
        return validation.caption_text(
            p.str("caption"), p.str("parse_mode"), p.raw("caption_entities"), **self._text_options()
        )

    def _chat(self, bot: BotState, p: Params, *, write: bool = True, field: str = "chat_id") -> ChatState:
        chat = self.world.find_chat(bot, p.chat_id(field), write=write)
        self.world.require_access(bot, chat, write=write)
        return chat

    def _thread(self, chat: ChatState, thread_id: int | None, *, for_sending: bool = True) -> int | None:
        if not thread_id:
            return None
        if chat.is_forum:
            topic = chat.topics.get(thread_id)
            if topic is None or topic.deleted:
                raise bad_request("message thread not found")
            if topic.closed and for_sending:
                raise bad_request("TOPIC_CLOSED")
            return thread_id
        root = chat.messages.get(thread_id)  # outside forums a thread is a reply thread
        if root is None or root.deleted:
            raise bad_request("message thread not found")
        return thread_id

    def _reply_target(self, bot: BotState, chat: ChatState, p: Params) -> EmuMessage | None:
        parameters = p.json("reply_parameters")
        allow_without = p.bool("allow_sending_without_reply")
        target_chat = chat
        if isinstance(parameters, dict):
            message_id = parameters.get("message_id")
            allow_without = bool(parameters.get("allow_sending_without_reply", allow_without))
            if parameters.get("chat_id") not in (None, chat.id):
                target_chat = self.world.find_chat(bot, parameters["chat_id"], write=False)
        elif parameters is not None:
            raise bad_request("can't parse reply parameters JSON object")
        else:
            message_id = p.int("reply_to_message_id")
        if message_id is None:
            return None
        target = target_chat.messages.get(int(message_id))
        if target is None or target.deleted:
            if allow_without:
                return None
            raise bad_request("message to be replied not found")
        return target

    def _check_flood(self, bot: BotState, chat: ChatState, count: int) -> None:
        retry_after = self.emu.flood.retry_after(bot.id, chat.id, chat.type, count)
        if retry_after is not None:
            raise too_many_requests(retry_after)

    def _created(self, bot: BotState, chat: ChatState, method: str, messages: list[EmuMessage]) -> None:
        self.emu.flood.record(bot.id, chat.id, chat.type, len(messages))
        self.world.stats.messages_created += len(messages)
        for message in messages:
            self.world.log_sent(method, message)

    def _send(
        self,
        bot: BotState,
        p: Params,
        method: str,
        build: Callable[[], dict[str, Any]],
    ) -> EmuMessage:
        """The common path of every send*: validate, resolve, check limits, create."""
        markup = validation.reply_markup(p.raw("reply_markup"))
        content = build()
        chat = self._chat(bot, p)
        thread_id = self._thread(chat, p.int("message_thread_id"))
        reply_to = self._reply_target(bot, chat, p)
        if thread_id is None and reply_to is not None and reply_to.chat is chat:
            thread_id = reply_to.thread_id  # a reply lands in the topic of the message it answers
        self._check_flood(bot, chat, 1)
        if p.bool("protect_content"):
            content["has_protected_content"] = True
        message = self.world.add_message(
            chat,
            sender=bot.user,
            from_bot=True,
            content=content,
            thread_id=thread_id,
            reply_to=reply_to,
            markup=markup,
        )
        self._created(bot, chat, method, [message])
        return message

    def _media(self, p: Params, value: Any, kind: str, *, field: str) -> FileRecord:
        """A file to send: an upload (the part itself or attach://name) or a known file_id."""
        upload = p.file(field) if field else None
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = p.file(value[len("attach://") :])
            if upload is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
        if upload is not None:
            if not upload.data:
                raise bad_request("file must be non-empty")
            mime = upload.content_type if upload.content_type not in (None, "application/octet-stream") else None
            return self.world.files.add(
                kind,
                upload.data,
                file_name=upload.filename if kind != "photo" else None,
                mime_type=mime,
                width=p.int("width"),
                height=p.int("height"),
                duration=p.int("duration"),
            )
        if not value:
            raise bad_request(f"there is no {kind.replace('_', ' ')} in the request")
        if not isinstance(value, str):
            raise bad_request("wrong file identifier/HTTP URL specified")
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")  # there's no internet to fetch it from
        record = self.world.files.get(value)
        if record is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if not compatible(record.kind, kind):
            raise bad_request("type of file mismatch")
        if record.photo_set:
            return record.photo_set[-1]
        return record

    def _media_send(self, bot: BotState, p: Params, method: str, kind: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            record = self._media(p, p.raw(kind), kind, field=kind)
            caption, entities = self._caption(p) if kind not in ("sticker", "video_note") else ("", [])
            content = record.message_content(kind)
            if kind == "audio":
                for key in ("title", "performer"):
                    if p.str(key):
                        content["audio"][key] = p.str(key)
            if caption:
                content["caption"] = caption
                if entities:
                    content["caption_entities"] = entities
            if p.bool("show_caption_above_media"):
                content["show_caption_above_media"] = True
            if p.bool("has_spoiler"):
                content["has_media_spoiler"] = True
            return content

        return self._send(bot, p, method, build).snapshot()

    def _own_message(self, bot: BotState, chat: ChatState, message_id: int | None, missing: str) -> EmuMessage:
        message = chat.messages.get(message_id) if message_id is not None else None
        if message is None or message.deleted:
            raise bad_request(missing)
        if not message.from_bot or message.sender_id != bot.id or message.is_service:
            raise bad_request("message can't be edited")
        return message

    def _edit_target(self, bot: BotState, p: Params) -> tuple[ChatState, EmuMessage]:
        if p.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not emulated
        chat = self._chat(bot, p)
        message = self._own_message(bot, chat, p.int("message_id", required=True), "message to edit not found")
        return chat, message

    @staticmethod
    def _inline_markup(p: Params) -> dict[str, Any] | None:
        markup = validation.reply_markup(p.raw("reply_markup"))
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        return markup

    def _finish_edit(
        self,
        bot: BotState,
        message: EmuMessage,
        method: str,
        changes: dict[str, Any],
        markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        unchanged = all(message.data.get(key) == (value or None) for key, value in changes.items())
        if unchanged and message.data.get("reply_markup") == markup:
            raise bad_request(_NOT_MODIFIED)
        self.world.edit_message(message, changes, markup=markup)
        self.world.log_sent(method, message)
        return message.snapshot()

    # ===================================================================================== updates

    @api("getMe")
    async def get_me(self, bot: BotState, p: Params) -> dict[str, Any]:
        return bot.me()

    @api("getUpdates")
    async def get_updates(self, bot: BotState, p: Params) -> list[dict[str, Any]]:
        if bot.webhook is not None:
            raise conflict(_WEBHOOK_CONFLICT)
        offset = p.int("offset", default=0) or 0
        limit = p.int("limit", default=100) or 100
        limit = limit if 1 <= limit <= 100 else 100
        timeout = min(max(p.int("timeout", default=0) or 0, 0), 50)
        allowed = validation.allowed_updates(p.raw("allowed_updates"))
        if allowed is not None:
            bot.allowed_updates, bot.allowed_updates_chosen = allowed, True
        # An offset confirms every earlier update; a negative one keeps only the last -offset.
        if offset > 0:
            bot.pending = [update for update in bot.pending if update["update_id"] >= offset]
        elif offset < 0:
            bot.pending = bot.pending[offset:]

        if isinstance(bot.poller, _PollTicket):
            bot.poller.terminated = True
        ticket = _PollTicket()
        bot.poller = ticket
        bot.signal.notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                if ticket.terminated:
                    raise conflict(_POLL_CONFLICT)
                if bot.webhook is not None:
                    raise conflict(_WEBHOOK_CONFLICT)
                if bot.pending or self.emu.stopping:
                    break
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                await bot.signal.wait(remaining)
        finally:
            if bot.poller is ticket:
                bot.poller = None
        return bot.pending[:limit]

    @api("setWebhook")
    async def set_webhook(self, bot: BotState, p: Params) -> Described:
        url = p.str("url") or ""
        if not url:
            return await self.delete_webhook(bot, p)
        if not re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.str("secret_token")
        if secret is not None and not _SECRET_TOKEN.match(secret):
            raise bad_request("secret token contains unallowed characters")
        max_connections = p.int("max_connections", default=40) or 40
        if not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        allowed = validation.allowed_updates(p.raw("allowed_updates"))
        if allowed is not None:
            bot.allowed_updates, bot.allowed_updates_chosen = allowed, True
        if p.bool("drop_pending_updates"):
            bot.pending.clear()
        previous = bot.webhook
        bot.webhook = self.emu.new_webhook(url, secret, max_connections)
        if previous is not None and previous.url == url:
            bot.webhook.last_error_date = previous.last_error_date
            bot.webhook.last_error_message = previous.last_error_message
        self.emu.webhooks.ensure_running(bot)
        bot.signal.notify()
        return Described(True, "Webhook was set")

    @api("deleteWebhook")
    async def delete_webhook(self, bot: BotState, p: Params) -> Described:
        was_set = bot.webhook is not None
        bot.webhook = None
        if p.bool("drop_pending_updates"):
            bot.pending.clear()
        bot.signal.notify()
        return Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    @api("getWebhookInfo")
    async def get_webhook_info(self, bot: BotState, p: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(bot.pending),
        }
        webhook = bot.webhook
        if webhook is not None:
            info.update(url=webhook.url, max_connections=webhook.max_connections, ip_address="127.0.0.1")
            if webhook.last_error_date:
                info.update(last_error_date=webhook.last_error_date, last_error_message=webhook.last_error_message)
        if bot.allowed_updates_chosen:
            info["allowed_updates"] = sorted(bot.allowed_updates)
        return info

    # ================================================================================== sending

    @api("sendMessage")
    async def send_message(self, bot: BotState, p: Params) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            text, entities = self._text(p)
            content: dict[str, Any] = {"text": text}
            if entities:
                content["entities"] = entities
            preview = p.json("link_preview_options")
            if isinstance(preview, dict) and preview:
                content["link_preview_options"] = preview
            return content

        return self._send(bot, p, "sendMessage", build).snapshot()

    @api("sendPhoto")
    async def send_photo(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendPhoto", "photo")

    @api("sendDocument")
    async def send_document(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendDocument", "document")

    @api("sendVoice")
    async def send_voice(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendVoice", "voice")

    @api("sendVideo")
    async def send_video(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendVideo", "video")

    @api("sendVideoNote")
    async def send_video_note(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendVideoNote", "video_note")

    @api("sendAudio")
    async def send_audio(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendAudio", "audio")

    @api("sendAnimation")
    async def send_animation(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendAnimation", "animation")

    @api("sendSticker")
    async def send_sticker(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._media_send(bot, p, "sendSticker", "sticker")

    @api("sendMediaGroup")
    async def send_media_group(self, bot: BotState, p: Params) -> list[dict[str, Any]]:
        items = p.json("media")
        if not isinstance(items, list):
            raise bad_request("can't parse media JSON object")
        if not items:
            raise bad_request("media must be non-empty")
        if len(items) > validation.MAX_ALBUM_SIZE:
            raise bad_request("too much messages to send as an album")
        kinds = []
        for item in items:
            if not isinstance(item, dict) or item.get("type") not in ("photo", "video", "audio", "document"):
                raise bad_request("can't parse InputMedia JSON object")
            kinds.append(item["type"])
        if len(set(kinds)) > 1 and ({"audio", "document"} & set(kinds)):
            raise bad_request("can't use the media of the specified type in the album")
        contents = []
        for item in items:
            kind = item["type"]
            record = self._media(p, item.get("media"), kind, field="")
            caption, entities = validation.caption_text(
                item.get("caption"),
                item.get("parse_mode"),
                item.get("caption_entities"),
                **self._text_options(),
            )
            content = record.message_content(kind)
            if caption:
                content["caption"] = caption
                if entities:
                    content["caption_entities"] = entities
            if item.get("has_spoiler"):
                content["has_media_spoiler"] = True
            contents.append(content)
        chat = self._chat(bot, p)
        thread_id = self._thread(chat, p.int("message_thread_id"))
        reply_to = self._reply_target(bot, chat, p)
        if thread_id is None and reply_to is not None and reply_to.chat is chat:
            thread_id = reply_to.thread_id
        self._check_flood(bot, chat, len(contents))  # every item of an album counts
        group_id = self.world.new_media_group_id()
        messages = [
            self.world.add_message(
                chat,
                sender=bot.user,
                from_bot=True,
                content={**content, "media_group_id": group_id},
                thread_id=thread_id,
                reply_to=reply_to,
            )
            for content in contents
        ]
        self._created(bot, chat, "sendMediaGroup", messages)
        return [message.snapshot() for message in messages]

    @api("sendLocation")
    async def send_location(self, bot: BotState, p: Params) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            location = self._location(p)
            for key in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
                if p.has(key):
                    location[key] = p.float(key) if key == "horizontal_accuracy" else p.int(key)
            return {"location": location}

        return self._send(bot, p, "sendLocation", build).snapshot()

    @staticmethod
    def _location(p: Params) -> dict[str, Any]:
        latitude, longitude = p.float("latitude", required=True), p.float("longitude", required=True)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # type: ignore[operator]
            raise bad_request("wrong location specified")
        return {"latitude": latitude, "longitude": longitude}

    @api("sendVenue")
    async def send_venue(self, bot: BotState, p: Params) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            location = self._location(p)
            venue = {
                "location": location,
                "title": p.str("title", required=True),
                "address": p.str("address", required=True),
            }
            for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
                if p.has(key):
                    venue[key] = p.str(key)
            return {"venue": venue, "location": dict(location)}

        return self._send(bot, p, "sendVenue", build).snapshot()

    @api("sendContact")
    async def send_contact(self, bot: BotState, p: Params) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            contact = {
                "phone_number": p.str("phone_number", required=True),
                "first_name": p.str("first_name", required=True),
            }
            for key in ("last_name", "vcard"):
                if p.has(key):
                    contact[key] = p.str(key)
            return {"contact": contact}

        return self._send(bot, p, "sendContact", build).snapshot()

    @api("sendChatAction")
    async def send_chat_action(self, bot: BotState, p: Params) -> bool:
        action = p.str("action")
        if action not in validation.CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat = self._chat(bot, p)
        thread_id = self._thread(chat, p.int("message_thread_id"), for_sending=False)
        self.world.publish({"type": "chat_action", "chat_id": chat.id, "thread_id": thread_id, "action": action})
        return True

    # ============================================================================ copy / forward

    def _source_messages(self, bot: BotState, p: Params, ids: list[int], what: str) -> list[EmuMessage]:
        source = self._chat(bot, p, write=False, field="from_chat_id")
        found = []
        for message_id in ids:
            message = source.messages.get(message_id)
            if message is not None and not message.deleted:
                found.append(message)
        if not found:
            raise bad_request(f"message to {what} not found" if len(ids) == 1 else f"there are no messages to {what}")
        return found

    @staticmethod
    def _copyable(message: EmuMessage) -> dict[str, Any]:
        if message.is_service:
            raise bad_request("message can't be copied")
        return {key: value for key, value in message.snapshot().items() if key in CONTENT_KEYS}

    def _message_ids(self, p: Params) -> list[int]:
        ids = p.json("message_ids")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, int) for i in ids):
            raise bad_request("message_ids is empty" if not ids else "can't parse message identifiers")
        if len(ids) > 100:
            raise bad_request("too many messages")
        return sorted(set(ids))

    def _place_copies(
        self,
        bot: BotState,
        p: Params,
        method: str,
        contents: list[tuple[dict[str, Any], str | None]],
        *,
        markup: dict[str, Any] | None = None,
        with_reply: bool = True,
    ) -> list[EmuMessage]:
        chat = self._chat(bot, p)
        thread_id = self._thread(chat, p.int("message_thread_id"))
        reply_to = self._reply_target(bot, chat, p) if with_reply else None
        if thread_id is None and reply_to is not None and reply_to.chat is chat:
            thread_id = reply_to.thread_id
        self._check_flood(bot, chat, len(contents))
        new_groups: dict[str, str] = {}
        messages = []
        for content, group in contents:
            if group is not None:
                content["media_group_id"] = new_groups.setdefault(group, self.world.new_media_group_id())
            messages.append(
                self.world.add_message(
                    chat,
                    sender=bot.user,
                    from_bot=True,
                    content=content,
                    thread_id=thread_id,
                    reply_to=reply_to,
                    markup=markup,
                )
            )
        self._created(bot, chat, method, messages)
        return messages

    def _with_caption_override(self, p: Params, content: dict[str, Any]) -> dict[str, Any]:
        if "text" in content:
            return content
        if p.has("caption"):
            caption, entities = self._caption(p)
            content.pop("caption_entities", None)
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
            if not caption:
                content.pop("caption")
        if p.has("show_caption_above_media"):
            content["show_caption_above_media"] = p.bool("show_caption_above_media")
        return content

    @api("copyMessage")
    async def copy_message(self, bot: BotState, p: Params) -> dict[str, Any]:
        markup = validation.reply_markup(p.raw("reply_markup"))
        (source,) = self._source_messages(bot, p, [p.int("message_id", required=True)], "copy")  # type: ignore[list-item]
        content = self._with_caption_override(p, self._copyable(source))
        (message,) = self._place_copies(bot, p, "copyMessage", [(content, None)], markup=markup)
        return {"message_id": message.message_id}

    @api("copyMessages")
    async def copy_messages(self, bot: BotState, p: Params) -> list[dict[str, Any]]:
        sources = self._source_messages(bot, p, self._message_ids(p), "copy")
        contents = []
        for source in sources:
            if source.is_service:
                continue  # skipped, like messages that can't be copied
            content = self._copyable(source)
            if p.bool("remove_caption"):
                content.pop("caption", None)
                content.pop("caption_entities", None)
            contents.append((content, source.media_group_id))
        if not contents:
            raise bad_request("there are no messages to copy")
        messages = self._place_copies(bot, p, "copyMessages", contents, with_reply=False)
        return [{"message_id": message.message_id} for message in messages]

    @staticmethod
    def _forwarded(message: EmuMessage) -> dict[str, Any]:
        if message.is_service:
            raise bad_request("message can't be forwarded")
        content = {key: value for key, value in message.snapshot().items() if key in CONTENT_KEYS}
        origin = message.data.get("forward_origin") or {
            "type": "user",
            "sender_user": message.data["from"],
            "date": message.data["date"],
        }
        content["forward_origin"] = origin
        return content

    @api("forwardMessage")
    async def forward_message(self, bot: BotState, p: Params) -> dict[str, Any]:
        (source,) = self._source_messages(bot, p, [p.int("message_id", required=True)], "forward")  # type: ignore[list-item]
        (message,) = self._place_copies(bot, p, "forwardMessage", [(self._forwarded(source), None)], with_reply=False)
        return message.snapshot()

    @api("forwardMessages")
    async def forward_messages(self, bot: BotState, p: Params) -> list[dict[str, Any]]:
        sources = [m for m in self._source_messages(bot, p, self._message_ids(p), "forward") if not m.is_service]
        if not sources:
            raise bad_request("there are no messages to forward")
        contents = [(self._forwarded(source), source.media_group_id) for source in sources]
        messages = self._place_copies(bot, p, "forwardMessages", contents, with_reply=False)
        return [{"message_id": message.message_id} for message in messages]

    # ================================================================================== editing

    @api("editMessageText")
    async def edit_message_text(self, bot: BotState, p: Params) -> dict[str, Any]:
        text, entities = self._text(p)
        markup = self._inline_markup(p)
        _chat, message = self._edit_target(bot, p)
        if "text" not in message.data:
            raise bad_request("there is no text in the message to edit")
        changes: dict[str, Any] = {"text": text, "entities": entities or None}
        preview = p.json("link_preview_options")
        if isinstance(preview, dict) and preview:
            changes["link_preview_options"] = preview
        return self._finish_edit(bot, message, "editMessageText", changes, markup)

    @api("editMessageCaption")
    async def edit_message_caption(self, bot: BotState, p: Params) -> dict[str, Any]:
        caption, entities = self._caption(p)
        markup = self._inline_markup(p)
        _chat, message = self._edit_target(bot, p)
        if message.kind not in ("photo", "video", "document", "audio", "animation", "voice"):
            raise bad_request("there is no caption in the message to edit")
        changes: dict[str, Any] = {"caption": caption or None, "caption_entities": entities or None}
        if p.has("show_caption_above_media"):
            changes["show_caption_above_media"] = p.bool("show_caption_above_media") or None
        return self._finish_edit(bot, message, "editMessageCaption", changes, markup)

    @api("editMessageReplyMarkup")
    async def edit_message_reply_markup(self, bot: BotState, p: Params) -> dict[str, Any]:
        markup = self._inline_markup(p)
        _chat, message = self._edit_target(bot, p)
        return self._finish_edit(bot, message, "editMessageReplyMarkup", {}, markup)

    @api("deleteMessage")
    async def delete_message(self, bot: BotState, p: Params) -> bool:
        chat = self._chat(bot, p, write=False)
        message_id = p.int("message_id", required=True)
        message = chat.messages.get(message_id)  # type: ignore[arg-type]
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        self._check_deletable(bot, chat, message)
        self.world.delete_message(message)
        self.world.log_sent("deleteMessage", message)
        return True

    def _check_deletable(self, bot: BotState, chat: ChatState, message: EmuMessage) -> None:
        if "forum_topic_created" in message.data:
            raise bad_request("message can't be deleted")
        if message.from_bot and message.sender_id == bot.id:
            return
        if chat.is_private:
            return  # bots may delete incoming messages in private chats
        member = chat.member(bot.id)
        if member is None or not member.can("can_delete_messages"):
            raise bad_request("message can't be deleted")

    @api("deleteMessages")
    async def delete_messages(self, bot: BotState, p: Params) -> bool:
        chat = self._chat(bot, p, write=False)
        deleted = 0
        for message_id in self._message_ids(p):
            message = chat.messages.get(message_id)
            if message is None or message.deleted:
                continue
            try:
                self._check_deletable(bot, chat, message)
            except ApiError:
                continue
            self.world.delete_message(message)
            self.world.log_sent("deleteMessages", message)
            deleted += 1
        if not deleted:
            raise bad_request("message to delete not found")
        return True

    @api("setMessageReaction")
    async def set_message_reaction(self, bot: BotState, p: Params) -> bool:
        chat = self._chat(bot, p, write=False)
        reaction = validation.reactions(p.raw("reaction"))
        message = chat.messages.get(p.int("message_id", required=True))  # type: ignore[arg-type]
        if message is None or message.deleted or message.is_service:
            raise bad_request("message to react not found")
        message.bot_reaction = reaction
        self.world.publish(
            {"type": "reaction", "chat_id": chat.id, "message_id": message.message_id, "reaction": reaction}
        )
        return True

    @api("pinChatMessage")
    async def pin_chat_message(self, bot: BotState, p: Params) -> bool:
        chat = self._chat(bot, p)
        message = chat.messages.get(p.int("message_id", required=True))  # type: ignore[arg-type]
        if message is None or message.deleted:
            raise bad_request("message to pin not found")
        if not chat.is_private and not chat.member(bot.id).can("can_pin_messages"):  # type: ignore[union-attr]
            raise bad_request("not enough rights to manage pinned messages in the chat")
        chat.pinned.append(message.message_id)
        return True

    @api("unpinChatMessage")
    async def unpin_chat_message(self, bot: BotState, p: Params) -> bool:
        chat = self._chat(bot, p)
        message_id = p.int("message_id")
        if message_id is None:
            if chat.pinned:
                chat.pinned.pop()
        elif message_id in chat.pinned:
            chat.pinned.remove(message_id)
        return True

    # ================================================================================== queries

    def _query_too_old(self) -> ApiError:
        return bad_request("query is too old and response timeout expired or query ID is invalid")

    @api("answerCallbackQuery")
    async def answer_callback_query(self, bot: BotState, p: Params) -> bool:
        record = self.world.callbacks.get(p.str("callback_query_id", required=True) or "")
        if record is None or record.answered or self.world.clock() - record.created_at > self.emu.callback_timeout:
            raise self._query_too_old()
        text = p.str("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answered = True
        record.text = text
        record.show_alert = p.bool("show_alert")
        record.url = p.str("url")
        record.answered_event.set()
        self.world.publish(
            {
                "type": "callback_answered",
                "callback_query_id": record.id,
                "chat_id": record.chat_id,
                "message_id": record.message_id,
                "user_id": record.user_id,
                "text": text,
                "show_alert": record.show_alert,
            }
        )
        return True

    @api("answerInlineQuery")
    async def answer_inline_query(self, bot: BotState, p: Params) -> bool:
        record = self.world.inline_queries.get(p.str("inline_query_id", required=True) or "")
        if record is None or record.answered:
            raise self._query_too_old()

        def check_text(text: Any, parse_mode: Any, entities: Any) -> None:
            validation.message_text(text, parse_mode, entities, **self._text_options())

        results = validation.inline_results(p.raw("results"), check_text)
        record.answered = True
        record.results = results
        record.next_offset = p.str("next_offset")
        record.cache_time = p.int("cache_time")
        record.is_personal = p.bool("is_personal")
        record.answered_event.set()
        self.world.publish(
            {
                "type": "inline_results",
                "inline_query_id": record.id,
                "user_id": record.user_id,
                "query": record.query,
                "results": results,
            }
        )
        return True

    # ============================================================================= forum topics

    def _forum(self, bot: BotState, p: Params) -> ChatState:
        chat = self._chat(bot, p)
        if chat.type != "supergroup" or not chat.is_forum:
            raise bad_request("the chat is not a forum")
        return chat

    def _topic(self, bot: BotState, chat: ChatState, p: Params) -> TopicState:
        topic = chat.topics.get(p.int("message_thread_id", required=True))  # type: ignore[arg-type]
        if topic is None or topic.deleted:
            raise bad_request("TOPIC_ID_INVALID")
        member = chat.member(bot.id)
        if topic.creator_id != bot.id and (member is None or not member.can("can_manage_topics")):
            raise bad_request("not enough rights to manage topics in the chat")
        return topic

    def _topic_service(
        self, bot: BotState, chat: ChatState, topic: TopicState, method: str, content: dict[str, Any]
    ) -> None:
        message = self.world.add_message(
            chat, sender=bot.user, from_bot=True, content=content, thread_id=topic.thread_id
        )
        self.world.log_sent(method, message)

    def _topic_event(self, action: str, chat: ChatState, topic: TopicState) -> None:
        self.world.publish(
            {
                "type": "topic",
                "action": action,
                "chat_id": chat.id,
                "thread_id": topic.thread_id,
                "topic": {**topic.to_api(), "closed": topic.closed, "deleted": topic.deleted},
            }
        )

    @staticmethod
    def _topic_name(name: str | None) -> str:
        if not name:
            raise bad_request("TOPIC_TITLE_EMPTY")
        if len(name) > 128:
            raise bad_request("TOPIC_TITLE_TOO_LONG")
        return name

    @api("createForumTopic")
    async def create_forum_topic(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat = self._forum(bot, p)
        name = self._topic_name(p.str("name"))
        icon_color = p.int("icon_color")
        if icon_color is not None and icon_color not in validation.TOPIC_ICON_COLORS:
            raise bad_request("TOPIC_ICON_COLOR_INVALID")
        member = chat.member(bot.id)
        if member is None or not member.can("can_manage_topics"):
            raise bad_request("not enough rights to create a topic")
        topic = TopicState(
            thread_id=chat.allocate_message_id(),
            name=name,
            icon_color=icon_color or validation.TOPIC_ICON_COLORS[0],
            icon_custom_emoji_id=p.str("icon_custom_emoji_id"),
            creator_id=bot.id,
        )
        chat.topics[topic.thread_id] = topic
        created = {"name": topic.name, "icon_color": topic.icon_color}
        if topic.icon_custom_emoji_id:
            created["icon_custom_emoji_id"] = topic.icon_custom_emoji_id
        message = self.world.add_message(
            chat,
            sender=bot.user,
            from_bot=True,
            content={"forum_topic_created": created},
            thread_id=topic.thread_id,
            message_id=topic.thread_id,
        )
        self.world.log_sent("createForumTopic", message)
        self._topic_event("created", chat, topic)
        return topic.to_api()

    @api("editForumTopic")
    async def edit_forum_topic(self, bot: BotState, p: Params) -> bool:
        chat = self._forum(bot, p)
        topic = self._topic(bot, chat, p)
        changes: dict[str, Any] = {}
        if p.has("name") and p.str("name") != topic.name:
            changes["name"] = self._topic_name(p.str("name"))
        if "icon_custom_emoji_id" in p.values and (p.str("icon_custom_emoji_id") or "") != (
            topic.icon_custom_emoji_id or ""
        ):
            changes["icon_custom_emoji_id"] = p.str("icon_custom_emoji_id") or ""
        if not changes:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.name = changes.get("name", topic.name)
        if "icon_custom_emoji_id" in changes:
            topic.icon_custom_emoji_id = changes["icon_custom_emoji_id"] or None
        self._topic_service(bot, chat, topic, "editForumTopic", {"forum_topic_edited": changes})
        self._topic_event("edited", chat, topic)
        return True

    @api("closeForumTopic")
    async def close_forum_topic(self, bot: BotState, p: Params) -> bool:
        chat = self._forum(bot, p)
        topic = self._topic(bot, chat, p)
        if topic.closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = True
        self._topic_service(bot, chat, topic, "closeForumTopic", {"forum_topic_closed": {}})
        self._topic_event("closed", chat, topic)
        return True

    @api("reopenForumTopic")
    async def reopen_forum_topic(self, bot: BotState, p: Params) -> bool:
        chat = self._forum(bot, p)
        topic = self._topic(bot, chat, p)
        if not topic.closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = False
        self._topic_service(bot, chat, topic, "reopenForumTopic", {"forum_topic_reopened": {}})
        self._topic_event("reopened", chat, topic)
        return True

    @api("deleteForumTopic")
    async def delete_forum_topic(self, bot: BotState, p: Params) -> bool:
        chat = self._forum(bot, p)
        topic = self._topic(bot, chat, p)
        member = chat.member(bot.id)
        if member is None or not member.can("can_delete_messages"):
            raise bad_request("not enough rights to delete the topic")
        self.emu.remove_topic(chat, topic)
        self.world.sent_log.append(
            SentRecord("deleteForumTopic", chat.id, topic.thread_id, None, topic.name, None, self.world.clock())
        )
        return True

    # ================================================================================= commands

    @staticmethod
    def _scope_key(p: Params) -> tuple[str, str]:
        scope = p.json("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
            raise bad_request("can't parse BotCommandScope JSON object")
        language = p.str("language_code") or ""
        if language and not re.match(r"^[a-z]{2}$", language):
            raise bad_request("invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    @api("setMyCommands")
    async def set_my_commands(self, bot: BotState, p: Params) -> bool:
        commands = validation.bot_commands(p.raw("commands"))
        key = self._scope_key(p)
        if commands:
            bot.commands[key] = commands
        else:
            bot.commands.pop(key, None)
        return True

    @api("getMyCommands")
    async def get_my_commands(self, bot: BotState, p: Params) -> list[dict[str, str]]:
        return list(bot.commands.get(self._scope_key(p), []))

    @api("deleteMyCommands")
    async def delete_my_commands(self, bot: BotState, p: Params) -> bool:
        bot.commands.pop(self._scope_key(p), None)
        return True

    def _profile_text(self, bot: BotState, p: Params, field: str, limit: int) -> bool:
        value = p.str(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        language = p.str("language_code") or ""
        if value:
            bot.profile[(field, language)] = value
        else:
            bot.profile.pop((field, language), None)
        return True

    @api("setMyDescription")
    async def set_my_description(self, bot: BotState, p: Params) -> bool:
        return self._profile_text(bot, p, "description", 512)

    @api("getMyDescription")
    async def get_my_description(self, bot: BotState, p: Params) -> dict[str, str]:
        return {"description": bot.profile.get(("description", p.str("language_code") or ""), "")}

    @api("setMyShortDescription")
    async def set_my_short_description(self, bot: BotState, p: Params) -> bool:
        return self._profile_text(bot, p, "short_description", 120)

    @api("getMyShortDescription")
    async def get_my_short_description(self, bot: BotState, p: Params) -> dict[str, str]:
        return {"short_description": bot.profile.get(("short_description", p.str("language_code") or ""), "")}

    @api("setMyName")
    async def set_my_name(self, bot: BotState, p: Params) -> bool:
        return self._profile_text(bot, p, "name", 64)

    @api("getMyName")
    async def get_my_name(self, bot: BotState, p: Params) -> dict[str, str]:
        return {"name": bot.profile.get(("name", p.str("language_code") or ""), bot.user.first_name)}

    @api("setChatMenuButton")
    async def set_chat_menu_button(self, bot: BotState, p: Params) -> bool:
        button = p.json("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise bad_request("can't parse menu button JSON object")
        bot.menu_buttons[p.int("chat_id")] = button
        return True

    @api("getChatMenuButton")
    async def get_chat_menu_button(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat_id = p.int("chat_id")
        return bot.menu_buttons.get(chat_id, bot.menu_buttons.get(None, {"type": "default"}))

    # ==================================================================================== chats

    @api("getChat")
    async def get_chat(self, bot: BotState, p: Params) -> dict[str, Any]:
        return self._chat(bot, p, write=False).full_info()

    @api("getChatMember")
    async def get_chat_member(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat = self._chat(bot, p, write=False)
        user_id = p.int("user_id", required=True)
        if chat.is_private:
            if user_id == bot.id:
                return MemberState(bot.user, "member").to_api()
            if chat.user is not None and user_id == chat.user.id:
                return MemberState(chat.user, "member").to_api()
            raise bad_request("PARTICIPANT_ID_INVALID")
        member = chat.member(user_id)  # type: ignore[arg-type]
        if member is not None:
            return member.to_api()
        user = self.world.users.get(user_id) or (self.world.bots[user_id].user if user_id in self.world.bots else None)  # type: ignore[arg-type]
        if user is None:
            raise bad_request("PARTICIPANT_ID_INVALID")
        return MemberState(user, "left").to_api()

    @api("getChatAdministrators")
    async def get_chat_administrators(self, bot: BotState, p: Params) -> list[dict[str, Any]]:
        chat = self._chat(bot, p, write=False)
        if chat.is_private:
            raise bad_request("there are no administrators in the private chat")
        return [m.to_api() for m in chat.members.values() if m.status in ("creator", "administrator")]

    @api("getChatMemberCount")
    async def get_chat_member_count(self, bot: BotState, p: Params) -> int:
        chat = self._chat(bot, p, write=False)
        return 2 if chat.is_private else sum(1 for m in chat.members.values() if m.present)

    @api("leaveChat")
    async def leave_chat(self, bot: BotState, p: Params) -> bool:
        chat = self._chat(bot, p, write=False)
        if chat.is_private:
            raise bad_request("chat member status can't be changed in private chats")
        self.emu.change_member_status(chat, bot.user, "left", by=bot.user)
        return True

    @api("getFile")
    async def get_file(self, bot: BotState, p: Params) -> dict[str, Any]:
        record = self.world.files.get(p.str("file_id", required=True) or "")
        if record is None:
            raise bad_request("invalid file_id")
        if record.size > MAX_DOWNLOAD_SIZE:
            raise bad_request("file is too big")
        return record.api_file()

    @api("logOut")
    async def log_out(self, bot: BotState, p: Params) -> bool:
        return True

    @api("close")
    async def close(self, bot: BotState, p: Params) -> bool:
        return True


def member_update(chat: ChatState, by: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {
        "chat": chat.to_api(),
        "from": by,
        "date": now_unix(),
        "old_chat_member": old,
        "new_chat_member": new,
    }
