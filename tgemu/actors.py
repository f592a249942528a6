"""The test-side API: act as Telegram users and group admins, and look at what the bot did.

Every action creates the updates a real client would cause (queued for getUpdates or delivered to the
webhook) and returns the created :class:`~tgemu.state.EmuMessage`. Things a real user could not
do (press a button that isn't there, write after blocking the bot, ...) raise :class:`EmulatorError`.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from . import formatting
from .errors import EmulatorError
from .media import sample_bytes
from .state import (
    ADMIN_RIGHTS,
    BotState,
    CallbackRecord,
    ChatState,
    EmuMessage,
    InlineQueryRecord,
    MemberState,
    TopicState,
    UserState,
)
from .validation import MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH, TOPIC_ICON_COLORS

if TYPE_CHECKING:
    from .server import Emulator

KAZAN = (55.7887, 49.1221)  # default coordinates for location buttons


def _text_content(text: str, entities: list[dict[str, Any]] | None, *, field: str = "text") -> dict[str, Any]:
    """What a Telegram client sends for typed text: trimmed, with the entities the server detects."""
    result = formatting.normalize(text, entities or [])
    if result is None:
        if field == "caption":
            return {}
        raise EmulatorError("a Telegram client can't send an empty message")
    clean, found = result
    limit = MAX_TEXT_LENGTH if field == "text" else MAX_CAPTION_LENGTH
    if formatting.utf16_len(clean) > limit:
        raise EmulatorError(f"a Telegram client can't send a {field} longer than {limit} characters")
    found = formatting.detect_entities(clean, found)
    content: dict[str, Any] = {field: clean}
    if found:
        content["entities" if field == "text" else "caption_entities"] = found
    return content


class _Actor:
    """Shared plumbing of user and group handles."""

    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator
        self.world = emulator.world

    def _message(self, chat: ChatState, ref: int | EmuMessage | None) -> EmuMessage | None:
        if ref is None:
            return None
        if isinstance(ref, EmuMessage) and ref.chat is not chat:
            raise EmulatorError(f"message {ref.message_id} belongs to chat {ref.chat.id}, not {chat.id}")
        message_id = ref.message_id if isinstance(ref, EmuMessage) else int(ref)
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise EmulatorError(f"message {message_id} does not exist in chat {chat.id} (or was deleted)")
        return message

    def _post(
        self,
        chat: ChatState,
        user: UserState,
        content: dict[str, Any],
        *,
        thread_id: int | None = None,
        reply_to: int | EmuMessage | None = None,
    ) -> EmuMessage:
        reply = self._message(chat, reply_to)
        if thread_id is not None:
            self._check_thread(chat, user, thread_id)
        elif reply is not None:
            thread_id = reply.thread_id
        message = self.world.add_message(
            chat, sender=user, from_bot=False, content=content, thread_id=thread_id, reply_to=reply
        )
        self.world.deliver(chat, "message", message.snapshot())
        return message

    def _check_thread(self, chat: ChatState, user: UserState, thread_id: int) -> None:
        if not chat.is_forum:
            self._message(chat, thread_id)
            return
        topic = chat.topics.get(thread_id)
        if topic is None or topic.deleted:
            raise EmulatorError(f"topic {thread_id} does not exist in chat {chat.id} (or was deleted)")
        member = chat.member(user.id)
        if topic.closed and (member is None or not member.can("can_manage_topics")):
            raise EmulatorError(f"topic {thread_id} is closed; only admins can write there")

    def _media(
        self,
        kind: str,
        *,
        data: bytes | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
        duration: int | None = None,
    ) -> dict[str, Any]:
        record = self.world.files.add(
            kind,
            data if data is not None else sample_bytes(kind, len(self.world.files)),
            file_name=file_name,
            mime_type=mime_type,
            duration=duration,
        )
        content = record.message_content()
        if caption:
            content.update(_text_content(caption, None, field="caption"))
        return content

    def _press(
        self,
        chat: ChatState,
        user: UserState,
        label: str,
        message_id: int | EmuMessage | None,
        *,
        candidates: list[EmuMessage],
    ) -> CallbackRecord:
        if message_id is None:
            if not candidates:
                raise EmulatorError(f"the bot has sent nothing in chat {chat.id} to press a button on")
            message = candidates[-1]
        else:
            message = self._message(chat, message_id)  # type: ignore[assignment]
        assert message is not None
        button = message.find_button(label)
        if button is None:
            shown = ", ".join(f"{b.get('text')!r}({b.get('callback_data', '-')})" for b in message.buttons())
            raise EmulatorError(
                f"no button {label!r} on message {message.message_id} in chat {chat.id}; its buttons: {shown or 'none'}"
            )
        if "callback_data" not in button:
            kinds = [key for key in button if key != "text"]
            raise EmulatorError(f"button {button['text']!r} is not a callback button ({', '.join(kinds)})")
        return self._callback(chat, user, message, button["callback_data"])

    def _callback(self, chat: ChatState, user: UserState, message: EmuMessage, data: str) -> CallbackRecord:
        bot = self.world.bots.get(message.sender_id)
        if bot is None or not message.from_bot:
            raise EmulatorError("callback queries go to bots; this message was not sent by a bot")
        if chat.is_private and chat.blocked:
            raise EmulatorError(f"user {user.id} blocked the bot; call emu.unblock({user.id}) first")
        record = CallbackRecord(
            id=self.world.new_query_id(),
            user_id=user.id,
            chat_id=chat.id,
            message_id=message.message_id,
            data=data,
            created_at=self.world.clock(),
        )
        self.world.callbacks[record.id] = record
        payload = {
            "id": record.id,
            "from": user.to_api(),
            "message": message.snapshot(),
            "chat_instance": self.world.chat_instance(chat),
            "data": data,
        }
        self.world.deliver(chat, "callback_query", payload, bots=[bot])
        self.world.publish(
            {
                "type": "callback_query",
                "callback_query_id": record.id,
                "chat_id": chat.id,
                "message_id": message.message_id,
                "user_id": user.id,
                "data": data,
            }
        )
        return record


# ============================================================================================ bots


class BotHandle:
    """A bot registered in the emulator (the bot under test talks to it over HTTP)."""

    def __init__(self, emulator: Emulator, state: BotState) -> None:
        self.emu = emulator
        self.state = state

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def username(self) -> str | None:
        return self.state.username

    @property
    def user(self) -> dict[str, Any]:
        return self.state.user.to_api()

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        """What setMyCommands stored for exactly this scope and language (like getMyCommands)."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return list(self.state.commands.get(key, []))

    def command_languages(self) -> set[str]:
        return {language for _scope, language in self.state.commands}

    @property
    def webhook_url(self) -> str | None:
        return self.state.webhook.url if self.state.webhook else None

    @property
    def allowed_updates(self) -> frozenset[str]:
        return self.state.allowed_updates

    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self.state.pending)

    def __repr__(self) -> str:
        return f"<Bot {self.id} @{self.username}>"


# =========================================================================================== users


class UserHandle(_Actor):
    """A Telegram user in a private chat with a bot (``emu.bot`` unless given)."""

    def __init__(self, emulator: Emulator, user: UserState, bot: BotState) -> None:
        super().__init__(emulator)
        self.state = user
        self.bot = bot

    # ---------------------------------------------------------------------------------------- info

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def first_name(self) -> str:
        return self.state.first_name

    @property
    def username(self) -> str | None:
        return self.state.username

    @property
    def language_code(self) -> str | None:
        return self.state.language_code

    def to_api(self) -> dict[str, Any]:
        return self.state.to_api()

    @property
    def chat(self) -> ChatState:
        return self.world.private_chat(self.bot, self.state)

    @property
    def blocked(self) -> bool:
        return self.chat.blocked

    def for_bot(self, bot: BotHandle) -> UserHandle:
        """The same user, talking to another bot."""
        return UserHandle(self.emu, self.state, bot.state)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.first_name!r}>"

    # ------------------------------------------------------------------------------------- sending

    def _send(self, content: dict[str, Any], reply_to: int | EmuMessage | None = None) -> EmuMessage:
        chat = self.chat
        if chat.blocked:
            raise EmulatorError(f"user {self.id} blocked the bot; call emu.unblock({self.id}) first")
        chat.started = True
        return self._post(chat, self.state, content, reply_to=reply_to)

    async def send_text(
        self,
        text: str,
        reply_to: int | EmuMessage | None = None,
        *,
        entities: list[dict[str, Any]] | None = None,
    ) -> EmuMessage:
        return self._send(_text_content(text, entities), reply_to)

    async def send_command(self, command: str = "/start", args: str | None = None) -> EmuMessage:
        command = command if command.startswith("/") else f"/{command}"
        text = f"{command} {args}" if args else command
        entity = {"type": "bot_command", "offset": 0, "length": formatting.utf16_len(command.split()[0])}
        return self._send(_text_content(text, [entity]))

    async def start(self, args: str | None = None) -> EmuMessage:
        """Press Start (``/start`` with an optional deep-link payload)."""
        return await self.send_command("/start", args)

    async def send_photo(self, caption: str | None = None, *, data: bytes | None = None) -> EmuMessage:
        return self._send(self._media("photo", data=data, caption=caption))

    async def send_voice(self, duration: int = 3, *, data: bytes | None = None) -> EmuMessage:
        return self._send(self._media("voice", data=data, duration=duration))

    async def send_document(
        self,
        file_name: str = "document.pdf",
        caption: str | None = None,
        *,
        data: bytes | None = None,
        mime_type: str | None = None,
    ) -> EmuMessage:
        return self._send(self._media("document", data=data, file_name=file_name, mime_type=mime_type, caption=caption))

    async def send_video(self, caption: str | None = None, *, data: bytes | None = None) -> EmuMessage:
        return self._send(self._media("video", data=data, caption=caption, file_name="video.mp4"))

    async def send_video_note(self, *, data: bytes | None = None) -> EmuMessage:
        return self._send(self._media("video_note", data=data))

    async def send_audio(self, caption: str | None = None, *, data: bytes | None = None) -> EmuMessage:
        return self._send(self._media("audio", data=data, caption=caption, file_name="audio.mp3"))

    async def send_sticker(self) -> EmuMessage:
        return self._send(self._media("sticker"))

    async def send_location(self, latitude: float = KAZAN[0], longitude: float = KAZAN[1]) -> EmuMessage:
        return self._send({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_contact(self, phone_number: str = "+79001234567") -> EmuMessage:
        contact = {"phone_number": phone_number, "first_name": self.first_name, "user_id": self.id}
        return self._send({"contact": contact})

    async def send_album(self, n: int = 3, caption: str | None = None, *, kind: str = "photo") -> list[EmuMessage]:
        """``n`` messages sharing a media_group_id, each its own update (the caption on the first)."""
        if not 2 <= n <= 10:
            raise EmulatorError("an album has 2 to 10 items")
        group_id = self.world.new_media_group_id()
        messages = []
        for index in range(n):
            content = self._media(kind, caption=caption if index == 0 else None)
            content["media_group_id"] = group_id
            messages.append(self._send(content))
        return messages

    async def edit_text(self, message_id: int | EmuMessage, text: str) -> EmuMessage:
        message = self._message(self.chat, message_id)
        assert message is not None
        if message.from_bot or message.sender_id != self.id or "text" not in message.data:
            raise EmulatorError(f"user {self.id} can only edit their own text messages")
        content = _text_content(text, None)
        self.world.edit_message(message, {"text": content["text"], "entities": content.get("entities")})
        self.world.deliver(self.chat, "edited_message", message.snapshot())
        return message

    # ------------------------------------------------------------------------------------- buttons

    async def press(self, button: str, message_id: int | EmuMessage | None = None) -> CallbackRecord:
        """Press an inline button (by text or callback_data) on the bot's last message or the given one."""
        candidates = [m for m in self.messages() if not m.deleted]
        return self._press(self.chat, self.state, button, message_id, candidates=candidates)

    async def press_forged(self, message_id: int | EmuMessage, data: str) -> CallbackRecord:
        """A modified client: a callback query with any data, button or not."""
        message = self._message(self.chat, message_id)
        assert message is not None
        return self._callback(self.chat, self.state, message, data)

    def reply_keyboard(self) -> list[list[dict[str, Any]]] | None:
        """The reply keyboard the bot currently shows in this chat, rows of KeyboardButton objects."""
        keyboard = self.chat.reply_keyboard
        return keyboard["keyboard"] if keyboard else None

    def reply_keyboard_texts(self) -> list[str]:
        return [button["text"] for row in self.reply_keyboard() or [] for button in row]

    async def press_reply_button(self, text: str) -> EmuMessage:
        """Tap a reply-keyboard button: sends its text, or a location/contact for request buttons."""
        for row in self.reply_keyboard() or []:
            for button in row:
                if button["text"] == text:
                    if button.get("request_location"):
                        return await self.send_location()
                    if button.get("request_contact"):
                        return await self.send_contact()
                    return await self.send_text(text)
        raise EmulatorError(f"no reply keyboard button {text!r}; shown: {self.reply_keyboard_texts() or 'none'}")

    async def inline_query(self, query: str, *, offset: str = "", timeout: float = 5.0) -> list[dict[str, Any]]:
        """Type ``@bot query`` and wait for the bot's answerInlineQuery results."""
        record = InlineQueryRecord(
            id=self.world.new_query_id(),
            user_id=self.id,
            query=query,
            offset=offset,
            created_at=self.world.clock(),
        )
        self.world.inline_queries[record.id] = record
        payload = {
            "id": record.id,
            "from": self.to_api(),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        self.world.push_update(self.bot, "inline_query", payload)
        try:
            await asyncio.wait_for(record.answered_event.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"the bot did not answer inline query {query!r} within {timeout} s") from None
        return record.results

    # ------------------------------------------------------------------------------------ reading

    def messages(self) -> list[EmuMessage]:
        """Everything the bot sent to this user, in order, edits applied, deleted ones flagged."""
        return self.world.messages_in(self.chat, from_bot=True, service=False)

    def last_message(self) -> EmuMessage | None:
        alive = [m for m in self.messages() if not m.deleted]
        return alive[-1] if alive else None

    def history(self) -> list[EmuMessage]:
        """Both sides of the conversation."""
        return self.world.messages_in(self.chat)


# ========================================================================================== groups


class GroupHandle(_Actor):
    """A group or supergroup; ``owner`` is its creator, used for actions done "by hand"."""

    def __init__(self, emulator: Emulator, chat: ChatState, owner: UserHandle, bot: BotState) -> None:
        super().__init__(emulator)
        self.chat = chat
        self.owner = owner
        self.bot = bot

    @property
    def id(self) -> int:
        return self.chat.id

    @property
    def title(self) -> str | None:
        return self.chat.title

    @property
    def is_forum(self) -> bool:
        return self.chat.is_forum

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.title!r}>"

    # ------------------------------------------------------------------------------------- members

    def add_member(
        self,
        user: UserHandle | int | None = None,
        *,
        admin: bool = False,
        first_name: str = "Member",
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> UserHandle:
        """Add a user (an existing handle, an id, or a new one) as a member or an administrator."""
        if isinstance(user, UserHandle):
            handle = user
        elif isinstance(user, int) and user in self.world.users:
            handle = self.emu.user(user)
        else:
            handle = self.emu.add_user(user, first_name=first_name, username=username, language_code=language_code)
        status = "administrator" if admin else "member"
        self.chat.members[handle.id] = MemberState(handle.state, status, dict(ADMIN_RIGHTS) if admin else {})
        return handle

    def _member(self, member: UserHandle | int) -> UserState:
        user_id = member.id if isinstance(member, UserHandle) else int(member)
        state = self.chat.member(user_id)
        if state is None or not state.present:
            return self.add_member(member).state  # posting implies being in the group
        return state.user

    # ------------------------------------------------------------------------------------- posting

    async def post(
        self,
        member: UserHandle | int,
        text: str,
        thread_id: int | None = None,
        reply_to: int | EmuMessage | None = None,
        *,
        entities: list[dict[str, Any]] | None = None,
    ) -> EmuMessage:
        return self._post(
            self.chat,
            self._member(member),
            _text_content(text, entities),
            thread_id=thread_id,
            reply_to=reply_to,
        )

    async def post_command(
        self, member: UserHandle | int, command: str, args: str | None = None, thread_id: int | None = None
    ) -> EmuMessage:
        command = command if command.startswith("/") else f"/{command}"
        text = f"{command} {args}" if args else command
        entity = {"type": "bot_command", "offset": 0, "length": formatting.utf16_len(command)}
        return self._post(self.chat, self._member(member), _text_content(text, [entity]), thread_id=thread_id)

    async def post_media(
        self,
        member: UserHandle | int,
        kind: str = "photo",
        caption: str | None = None,
        thread_id: int | None = None,
        reply_to: int | EmuMessage | None = None,
        *,
        file_name: str | None = None,
        data: bytes | None = None,
    ) -> EmuMessage:
        if kind == "document" and file_name is None:
            file_name = "document.pdf"
        content = self._media(kind, data=data, file_name=file_name, caption=caption)
        return self._post(self.chat, self._member(member), content, thread_id=thread_id, reply_to=reply_to)

    async def post_photo(
        self, member: UserHandle | int, caption: str | None = None, thread_id: int | None = None
    ) -> EmuMessage:
        return await self.post_media(member, "photo", caption, thread_id)

    async def post_voice(self, member: UserHandle | int, thread_id: int | None = None) -> EmuMessage:
        return await self.post_media(member, "voice", None, thread_id)

    async def post_document(
        self,
        member: UserHandle | int,
        file_name: str = "document.pdf",
        caption: str | None = None,
        thread_id: int | None = None,
    ) -> EmuMessage:
        return await self.post_media(member, "document", caption, thread_id, file_name=file_name)

    async def post_album(
        self,
        member: UserHandle | int,
        n: int = 3,
        caption: str | None = None,
        thread_id: int | None = None,
        *,
        kind: str = "photo",
    ) -> list[EmuMessage]:
        if not 2 <= n <= 10:
            raise EmulatorError("an album has 2 to 10 items")
        user = self._member(member)
        group_id = self.world.new_media_group_id()
        messages = []
        for index in range(n):
            content = self._media(kind, caption=caption if index == 0 else None)
            content["media_group_id"] = group_id
            messages.append(self._post(self.chat, user, content, thread_id=thread_id))
        return messages

    async def edit(self, member: UserHandle | int, message_id: int | EmuMessage, text: str) -> EmuMessage:
        user = self._member(member)
        message = self._message(self.chat, message_id)
        assert message is not None
        if message.from_bot or message.sender_id != user.id or "text" not in message.data:
            raise EmulatorError(f"user {user.id} can only edit their own text messages")
        content = _text_content(text, None)
        self.world.edit_message(message, {"text": content["text"], "entities": content.get("entities")})
        self.world.deliver(self.chat, "edited_message", message.snapshot())
        return message

    async def delete_message(self, message_id: int | EmuMessage) -> None:
        """An admin deletes a message by hand (bots get no update for this, like in Telegram)."""
        message = self._message(self.chat, message_id)
        assert message is not None
        self.world.delete_message(message)

    # ------------------------------------------------------------------------------------- buttons

    async def press(
        self,
        member: UserHandle | int,
        button: str,
        message_id: int | EmuMessage | None = None,
        *,
        thread_id: int | object | None = ...,
    ) -> CallbackRecord:
        """Press an inline button on the bot's last message (in ``thread_id`` if given) or the given one."""
        candidates = [
            m
            for m in self.world.messages_in(self.chat, thread_id=thread_id, from_bot=True, service=False)
            if not m.deleted
        ]
        return self._press(self.chat, self._member(member), button, message_id, candidates=candidates)

    async def press_forged(self, member: UserHandle | int, message_id: int | EmuMessage, data: str) -> CallbackRecord:
        message = self._message(self.chat, message_id)
        assert message is not None
        return self._callback(self.chat, self._member(member), message, data)

    # -------------------------------------------------------------------------------------- topics

    def topics(self) -> list[TopicState]:
        """Every topic ever created: ``thread_id``/``id``, ``name``, ``closed``, ``deleted``."""
        return list(self.chat.topics.values())

    def topic(self, thread_id: int) -> TopicState:
        topic = self.chat.topics.get(thread_id)
        if topic is None:
            raise EmulatorError(f"no topic {thread_id} in chat {self.id}")
        return topic

    def topic_by_name(self, name: str) -> TopicState | None:
        alive = [t for t in self.chat.topics.values() if t.name == name and not t.deleted]
        return alive[-1] if alive else None

    def _admin(self, by: UserHandle | None) -> UserState:
        return (by or self.owner).state

    def _service(self, topic: TopicState, by: UserHandle | None, content: dict[str, Any]) -> EmuMessage:
        message = self.world.add_message(
            self.chat, sender=self._admin(by), from_bot=False, content=content, thread_id=topic.thread_id
        )
        self.world.deliver(self.chat, "message", message.snapshot())
        return message

    def _topic_event(self, action: str, topic: TopicState) -> None:
        self.world.publish(
            {
                "type": "topic",
                "action": action,
                "chat_id": self.id,
                "thread_id": topic.thread_id,
                "topic": {**topic.to_api(), "closed": topic.closed, "deleted": topic.deleted},
            }
        )

    def _live_topic(self, thread_id: int) -> TopicState:
        topic = self.topic(thread_id)
        if topic.deleted:
            raise EmulatorError(f"topic {thread_id} was deleted")
        return topic

    async def create_topic(
        self, name: str, by: UserHandle | None = None, icon_color: int = TOPIC_ICON_COLORS[0]
    ) -> TopicState:
        if not self.chat.is_forum:
            raise EmulatorError(f"chat {self.id} is not a forum")
        topic = TopicState(
            thread_id=self.chat.allocate_message_id(),
            name=name,
            icon_color=icon_color,
            creator_id=self._admin(by).id,
        )
        self.chat.topics[topic.thread_id] = topic
        message = self.world.add_message(
            self.chat,
            sender=self._admin(by),
            from_bot=False,
            content={"forum_topic_created": {"name": name, "icon_color": icon_color}},
            thread_id=topic.thread_id,
            message_id=topic.thread_id,
        )
        self.world.deliver(self.chat, "message", message.snapshot())
        self._topic_event("created", topic)
        return topic

    async def close_topic(self, thread_id: int, by: UserHandle | None = None) -> TopicState:
        topic = self._live_topic(thread_id)
        if not topic.closed:
            topic.closed = True
            self._service(topic, by, {"forum_topic_closed": {}})
            self._topic_event("closed", topic)
        return topic

    async def reopen_topic(self, thread_id: int, by: UserHandle | None = None) -> TopicState:
        topic = self._live_topic(thread_id)
        if topic.closed:
            topic.closed = False
            self._service(topic, by, {"forum_topic_reopened": {}})
            self._topic_event("reopened", topic)
        return topic

    async def rename_topic(self, thread_id: int, name: str, by: UserHandle | None = None) -> TopicState:
        topic = self._live_topic(thread_id)
        topic.name = name
        self._service(topic, by, {"forum_topic_edited": {"name": name}})
        self._topic_event("edited", topic)
        return topic

    async def delete_topic(self, thread_id: int) -> TopicState:
        """An admin deletes a topic with all its messages (no update reaches the bot)."""
        topic = self._live_topic(thread_id)
        self.emu.remove_topic(self.chat, topic)
        return topic

    # ----------------------------------------------------------------------------------------- bot

    async def remove_bot(self, by: UserHandle | None = None, *, ban: bool = False) -> None:
        """An admin removes the bot (``ban``: and bans it); the bot gets my_chat_member."""
        self.emu.change_member_status(self.chat, self.bot.user, "kicked" if ban else "left", by=self._admin(by))

    async def add_bot(self, by: UserHandle | None = None, *, admin: bool = True) -> None:
        rights = dict(ADMIN_RIGHTS) if admin else None
        status = "administrator" if admin else "member"
        self.emu.change_member_status(self.chat, self.bot.user, status, by=self._admin(by), rights=rights)

    def bot_status(self) -> str | None:
        member = self.chat.member(self.bot.id)
        return member.status if member else None

    # ------------------------------------------------------------------------------------- reading

    def messages(self, thread_id: int | None = None) -> list[EmuMessage]:
        """What the bot sent in one thread (``None``: the General topic / the whole plain group)."""
        return self.world.messages_in(self.chat, thread_id=thread_id, from_bot=True, service=False)

    def all_messages(self) -> list[EmuMessage]:
        """What the bot sent anywhere in the group."""
        return self.world.messages_in(self.chat, from_bot=True, service=False)

    def history(self, thread_id: int | object | None = ...) -> list[EmuMessage]:
        """Everyone's messages (in one thread if given)."""
        return self.world.messages_in(self.chat, thread_id=thread_id)

    def last_message(self, thread_id: int | object | None = ...) -> EmuMessage | None:
        alive = [
            m
            for m in self.world.messages_in(self.chat, thread_id=thread_id, from_bot=True, service=False)
            if not m.deleted
        ]
        return alive[-1] if alive else None
