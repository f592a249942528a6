"""The emulated Telegram's memory: users, bots, chats, topics, messages, updates and logs.

Everything the Bot API methods and the test-side actors change goes through :class:`World`, which
also tells subscribers (the sandbox UI, ``wait_for``) that something changed.
"""

from __future__ import annotations

import asyncio
import copy
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request, forbidden
from .media import MEDIA_KINDS, FileStore
from .validation import DEFAULT_UPDATE_TYPES

PRESENT_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})
SERVICE_KEYS = (
    "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
    "new_chat_members", "left_chat_member", "pinned_message", "group_chat_created",
)  # fmt: skip
CONTENT_KEYS = (
    "text", "entities", "caption", "caption_entities", "show_caption_above_media", "has_media_spoiler",
    *MEDIA_KINDS, "location", "venue", "contact", "link_preview_options",
)  # fmt: skip
# The order matters: an animation also carries "document", a venue also carries "location".
_KIND_ORDER = (
    "text", "animation", "photo", "video_note", "video", "voice", "audio", "sticker", "document", "venue",
    "location", "contact", *SERVICE_KEYS,
)  # fmt: skip

# What a bot that is an administrator "with everything" can do (all fields aiogram requires).
ADMIN_RIGHTS: dict[str, bool] = {
    "can_manage_chat": True, "can_delete_messages": True, "can_manage_video_chats": True,
    "can_restrict_members": True, "can_promote_members": False, "can_change_info": True,
    "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
    "can_delete_stories": False, "can_send_welcome_messages": False, "can_pin_messages": True,
    "can_manage_topics": True,
}  # fmt: skip


def now_unix() -> int:
    return int(time.time())


class Signal:
    """Wakes every current waiter on ``notify()``; waiters then re-check their own condition."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, timeout: float | None) -> bool:
        """True if notified, False on timeout."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)


# ------------------------------------------------------------------------------------------- actors


@dataclass(eq=False)
class UserState:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass(eq=False)
class WebhookState:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(eq=False)
class BotState:
    user: UserState
    token: str
    pending: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 1
    allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
    allowed_updates_chosen: bool = False
    webhook: WebhookState | None = None
    poller: object | None = None  # ticket of the newest getUpdates, to terminate older ones
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    profile: dict[tuple[str, str], str] = field(default_factory=dict)
    menu_buttons: dict[int | None, dict[str, Any]] = field(default_factory=dict)
    signal: Signal = field(default_factory=Signal)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def username(self) -> str | None:
        return self.user.username

    def me(self) -> dict[str, Any]:
        return {
            **self.user.to_api(),
            "can_join_groups": True,
            # the emulator delivers every group message, as to a bot without privacy mode
            "can_read_all_group_messages": True,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


@dataclass(eq=False)
class MemberState:
    user: UserState
    status: str  # creator, administrator, member, restricted, left, kicked
    rights: dict[str, bool] = field(default_factory=dict)
    until_date: int = 0

    @property
    def present(self) -> bool:
        return self.status in PRESENT_STATUSES

    def can(self, right: str) -> bool:
        return self.status == "creator" or (self.status == "administrator" and self.rights.get(right, False))

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "user": self.user.to_api()}
        if self.status == "administrator":
            data.update({"can_be_edited": False, "is_anonymous": False, **ADMIN_RIGHTS, **self.rights})
        elif self.status == "creator":
            data["is_anonymous"] = False
        elif self.status == "kicked":
            data["until_date"] = self.until_date
        elif self.status == "restricted":
            data.update(
                {
                    "is_member": True, "can_send_messages": False, "can_send_audios": False,
                    "can_send_documents": False, "can_send_photos": False, "can_send_videos": False,
                    "can_send_video_notes": False, "can_send_voice_notes": False, "can_send_polls": False,
                    "can_send_other_messages": False, "can_add_web_page_previews": False,
                    "can_react_to_messages": False, "can_edit_tag": False, "can_change_info": False,
                    "can_invite_users": False, "can_pin_messages": False, "can_manage_topics": False,
                    "until_date": self.until_date,
                }
            )  # fmt: skip
        return data


@dataclass(eq=False)
class TopicState:
    thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    closed: bool = False
    deleted: bool = False
    creator_id: int = 0

    @property
    def id(self) -> int:
        return self.thread_id

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_thread_id": self.thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }
        if self.icon_custom_emoji_id:
            data["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return data

    def __repr__(self) -> str:
        flags = "".join(f" {flag}" for flag in ("closed", "deleted") if getattr(self, flag))
        return f"<Topic {self.thread_id} {self.name!r}{flags}>"


# -------------------------------------------------------------------------------------------- chats


class ChatState:
    def __init__(
        self,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
        user: UserState | None = None,
        bot_id: int | None = None,
    ) -> None:
        self.id = chat_id
        self.type = chat_type  # private, group, supergroup
        self.title = title
        self.username = username
        self.is_forum = is_forum
        self.messages: dict[int, EmuMessage] = {}
        self.topics: dict[int, TopicState] = {}
        self.members: dict[int, MemberState] = {}
        # In a group, message 1 is the "group created" service message (and 1 is General in forums).
        self.next_message_id = 1 if chat_type == "private" else 2
        self.pinned: list[int] = []
        # private chats only: the user on the other side and the bot
        self.user = user
        self.bot_id = bot_id
        self.started = False
        self.blocked = False
        self.reply_keyboard: dict[str, Any] | None = None

    @property
    def is_private(self) -> bool:
        return self.type == "private"

    def allocate_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def to_api(self) -> dict[str, Any]:
        if self.is_private and self.user is not None:
            data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            return data
        data = {"id": self.id, "type": self.type, "title": self.title or ""}
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data

    def full_info(self) -> dict[str, Any]:
        data = {
            **self.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        }  # fmt: skip
        if not self.is_private:
            data["permissions"] = {"can_send_messages": True, "can_manage_topics": False}
        if self.pinned and self.pinned[-1] in self.messages:
            data["pinned_message"] = self.messages[self.pinned[-1]].snapshot()
        return data

    def member(self, user_id: int) -> MemberState | None:
        return self.members.get(user_id)

    def __repr__(self) -> str:
        return f"<Chat {self.id} {self.type} {self.title or (self.user and self.user.first_name)!r}>"


class EmuMessage:
    """A message as the emulator keeps it: the live Bot API object plus bookkeeping.

    ``data`` always holds the current state (edits applied). ``history`` keeps earlier versions.
    Deleted messages stay around with ``deleted = True`` so tests can see what happened.
    """

    def __init__(
        self,
        chat: ChatState,
        data: dict[str, Any],
        *,
        sender_id: int,
        from_bot: bool,
        thread_id: int | None,
        created_at: float,
        markup: dict[str, Any] | None,
    ) -> None:
        self.chat = chat
        self.data = data
        self.sender_id = sender_id
        self.from_bot = from_bot
        self.thread_id = thread_id
        self.created_at = created_at
        self.markup = markup  # whatever reply_markup came with it (inline, keyboard, remove, force reply)
        self.deleted = False
        self.history: list[dict[str, Any]] = []
        self.bot_reaction: list[dict[str, Any]] = []

    # --------------------------------------------------------------------------------- plain fields

    @property
    def message_id(self) -> int:
        return self.data["message_id"]

    id = message_id

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def text(self) -> str | None:
        """The text, or the caption of a media message."""
        return self.data.get("text", self.data.get("caption"))

    @property
    def caption(self) -> str | None:
        return self.data.get("caption")

    @property
    def entities(self) -> list[dict[str, Any]]:
        return self.data.get("entities", self.data.get("caption_entities", []))

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """The inline keyboard, if any (reply keyboards are in ``markup``)."""
        return self.data.get("reply_markup")

    @property
    def kind(self) -> str:
        for key in _KIND_ORDER:
            if key in self.data:
                return key
        return "unknown"

    @property
    def is_service(self) -> bool:
        return any(key in self.data for key in SERVICE_KEYS)

    @property
    def media_group_id(self) -> str | None:
        return self.data.get("media_group_id")

    @property
    def edited(self) -> bool:
        return bool(self.history)

    @property
    def file_id(self) -> str | None:
        kind = self.kind
        if kind == "photo":
            return self.data["photo"][-1]["file_id"]
        if kind in MEDIA_KINDS:
            return self.data[kind]["file_id"]
        return None

    @property
    def reply_to_message_id(self) -> int | None:
        reply = self.data.get("reply_to_message")
        return reply["message_id"] if reply else None

    # -------------------------------------------------------------------------------------- buttons

    def buttons(self) -> list[dict[str, Any]]:
        """Every inline button, row by row."""
        markup = self.data.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    def button_texts(self) -> list[str]:
        return [button["text"] for button in self.buttons()]

    def keyboard(self) -> list[list[dict[str, Any]]] | None:
        """The reply keyboard sent with this message, if any."""
        if self.markup and "keyboard" in self.markup:
            return self.markup["keyboard"]
        return None

    def find_button(self, label: str) -> dict[str, Any] | None:
        """An inline button by its text, else by its callback_data."""
        buttons = self.buttons()
        for button in buttons:
            if button.get("text") == label:
                return button
        for button in buttons:
            if button.get("callback_data") == label:
                return button
        return None

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)

    def __repr__(self) -> str:
        state = " deleted" if self.deleted else (" edited" if self.edited else "")
        who = "bot" if self.from_bot else self.sender_id
        thread = f" thread={self.thread_id}" if self.thread_id else ""
        where = f"chat={self.chat.id}{thread} from={who}"
        return f"<Message {self.message_id} {where} {self.kind}{state} {self.text!r}>"


# ---------------------------------------------------------------------------------------- queries


@dataclass(eq=False)
class CallbackRecord:
    """A callback query a test user made; ``answered`` flips when the bot calls answerCallbackQuery."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created_at: float
    answered: bool = False
    text: str | None = None
    show_alert: bool = False
    url: str | None = None
    answered_event: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    async def wait_answered(self, timeout: float = 5.0) -> CallbackRecord:
        try:
            await asyncio.wait_for(self.answered_event.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the bot did not answer callback query {self.id} (data={self.data!r}) within {timeout} s"
            ) from None
        return self


@dataclass(eq=False)
class InlineQueryRecord:
    id: str
    user_id: int
    query: str
    offset: str
    created_at: float
    answered: bool = False
    results: list[dict[str, Any]] = field(default_factory=list)
    next_offset: str | None = None
    cache_time: int | None = None
    is_personal: bool = False
    answered_event: asyncio.Event = field(default_factory=asyncio.Event, repr=False)


# -------------------------------------------------------------------------------------------- logs


@dataclass(frozen=True)
class SentRecord:
    """One successful bot call that created, changed or deleted a message."""

    method: str
    chat_id: int
    thread_id: int | None
    message_id: int | None
    text: str | None
    reply_markup: dict[str, Any] | None
    time: float
    kind: str | None = None


@dataclass(frozen=True)
class CallRecord:
    """One API call: the parameters (files as short descriptions) and the answer's status."""

    method: str
    params: dict[str, Any]
    status: int
    time: float
    bot_id: int
    description: str | None = None
    source: str = "http"  # or "webhook-reply" for a method returned in a webhook response

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Stats:
    requests: Counter[str] = field(default_factory=Counter)
    errors: Counter[tuple[str, int]] = field(default_factory=Counter)
    # 429 answers per (chat_id, method): flood limits and injected faults alike
    rate_limited: Counter[tuple[Any, str]] = field(default_factory=Counter)
    faults: Counter[tuple[str, str]] = field(default_factory=Counter)
    messages_created: int = 0
    updates_created: int = 0
    updates_filtered: int = 0
    webhook_deliveries: int = 0
    webhook_failures: int = 0

    @property
    def too_many_requests(self) -> int:
        return sum(self.rate_limited.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "errors": {f"{method} {code}": count for (method, code), count in self.errors.items()},
            "rate_limited": {f"{chat} {method}": count for (chat, method), count in self.rate_limited.items()},
            "faults": {f"{method} {kind}": count for (method, kind), count in self.faults.items()},
            "too_many_requests": self.too_many_requests,
            "messages_created": self.messages_created,
            "updates_created": self.updates_created,
            "updates_filtered": self.updates_filtered,
            "webhook_deliveries": self.webhook_deliveries,
            "webhook_failures": self.webhook_failures,
        }

    def summary(self) -> str:
        lines = [
            f"requests: {sum(self.requests.values())}, messages created: {self.messages_created}, "
            f"429 answers: {self.too_many_requests}"
        ]
        for (chat, method), count in sorted(self.rate_limited.items(), key=lambda item: -item[1]):
            lines.append(f"  429 x{count}: {method} to chat {chat}")
        for (method, code), count in sorted(self.errors.items()):
            if code != 429:
                lines.append(f"  {code} x{count}: {method}")
        return "\n".join(lines)


# -------------------------------------------------------------------------------------------- world


class World:
    def __init__(self, *, rng: random.Random, clock: Callable[[], float]) -> None:
        self.rng = rng
        self.clock = clock
        self.users: dict[int, UserState] = {}
        self.bots: dict[int, BotState] = {}
        self.bots_by_token: dict[str, BotState] = {}
        self.groups: dict[int, ChatState] = {}
        self.private_chats: dict[tuple[int, int], ChatState] = {}
        self.files = FileStore(rng)
        self.callbacks: dict[str, CallbackRecord] = {}
        self.inline_queries: dict[str, InlineQueryRecord] = {}
        self.sent_log: list[SentRecord] = []
        self.calls: list[CallRecord] = []
        self.stats = Stats()
        self.changed = Signal()
        self.subscribers: list[asyncio.Queue[dict[str, Any]]] = []
        self._media_group_counter = 0

    # ----------------------------------------------------------------------------------------- ids

    def new_user_id(self) -> int:
        while True:
            user_id = self.rng.randint(100_000_000, 999_999_999)
            if user_id not in self.users and user_id not in self.bots:
                return user_id

    def new_chat_id(self, supergroup: bool) -> int:
        while True:
            if supergroup:  # supergroup ids look like -100xxxxxxxxxx
                chat_id = -(1_000_000_000_000 + self.rng.randint(1_000_000_000, 9_999_999_999))
            else:
                chat_id = -self.rng.randint(100_000_000, 999_999_999)
            if chat_id not in self.groups:
                return chat_id

    def new_query_id(self) -> str:
        return str(self.rng.getrandbits(62))

    def new_media_group_id(self) -> str:
        self._media_group_counter += 1
        return str(13_000_000_000_000_000 + self._media_group_counter)

    def user_json(self, user_id: int) -> dict[str, Any] | None:
        """For text_mention entities: a user the emulator knows."""
        user = self.users.get(user_id) or (self.bots[user_id].user if user_id in self.bots else None)
        return user.to_api() if user else None

    # --------------------------------------------------------------------------------------- chats

    def private_chat(self, bot: BotState, user: UserState) -> ChatState:
        key = (bot.id, user.id)
        chat = self.private_chats.get(key)
        if chat is None:
            chat = ChatState(user.id, "private", user=user, bot_id=bot.id)
            self.private_chats[key] = chat
        return chat

    def find_chat(self, bot: BotState, chat_id: int | str, *, write: bool = True) -> ChatState:
        """The chat ``chat_id`` as ``bot`` sees it, or the error Telegram gives."""
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if isinstance(chat_id, str):
            wanted = chat_id.lstrip("@").lower()
            for group in self.groups.values():
                if group.username and group.username.lower() == wanted and group.member(bot.id):
                    return group
            raise bad_request("chat not found")
        group = self.groups.get(chat_id)
        if group is not None:
            if group.member(bot.id) is None:
                raise bad_request("chat not found")  # a bot never sees groups it was never in
            return group
        chat = self.private_chats.get((bot.id, chat_id))
        if chat is not None and (chat.started or not write):
            return chat
        if chat_id in self.users:
            if not write:
                return self.private_chat(bot, self.users[chat_id])
            raise forbidden("bot can't initiate conversation with a user")
        if chat_id in self.bots:
            raise forbidden("bot can't send messages to bots")
        raise bad_request("chat not found")

    def require_access(self, bot: BotState, chat: ChatState, *, write: bool = True) -> None:
        if chat.is_private:
            if write and chat.blocked:
                raise forbidden("bot was blocked by the user")
            return
        member = chat.member(bot.id)
        kind = "supergroup" if chat.type == "supergroup" else "group"
        if member is None or member.status == "left":
            raise forbidden(f"bot is not a member of the {kind} chat")
        if member.status == "kicked":
            raise forbidden(f"bot was kicked from the {kind} chat")

    def bots_in(self, chat: ChatState) -> list[BotState]:
        if chat.is_private:
            return [self.bots[chat.bot_id]] if chat.bot_id in self.bots else []
        return [bot for bot in self.bots.values() if (m := chat.member(bot.id)) is not None and m.present]

    def chat_instance(self, chat: ChatState) -> str:
        return str((chat.id * 7919 + 104729) % 10**18)

    # ------------------------------------------------------------------------------------ messages

    def add_message(
        self,
        chat: ChatState,
        *,
        sender: UserState,
        from_bot: bool,
        content: dict[str, Any],
        thread_id: int | None = None,
        reply_to: EmuMessage | None = None,
        markup: dict[str, Any] | None = None,
        message_id: int | None = None,
    ) -> EmuMessage:
        message_id = message_id if message_id is not None else chat.allocate_message_id()
        data: dict[str, Any] = {
            "message_id": message_id,
            "from": sender.to_api(),
            "chat": chat.to_api(),
            "date": now_unix(),
        }
        if thread_id is not None:
            data["message_thread_id"] = thread_id
            if chat.is_forum:
                data["is_topic_message"] = True
                if reply_to is None and thread_id != message_id:
                    # In a topic every message answers the topic's first (service) message.
                    reply_to = chat.messages.get(thread_id)
        if reply_to is not None:
            reply = reply_to.snapshot()
            reply.pop("reply_to_message", None)  # Telegram nests only one level
            data["reply_to_message"] = reply
        data.update(content)
        if markup and "inline_keyboard" in markup:
            data["reply_markup"] = copy.deepcopy(markup)
        message = EmuMessage(
            chat,
            data,
            sender_id=sender.id,
            from_bot=from_bot,
            thread_id=thread_id,
            created_at=self.clock(),
            markup=copy.deepcopy(markup),
        )
        chat.messages[message_id] = message
        if from_bot and markup:
            if "keyboard" in markup:
                chat.reply_keyboard = copy.deepcopy(markup)
            elif markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        self.publish(self._message_event("created", message))
        return message

    def edit_message(
        self, message: EmuMessage, changes: dict[str, Any], *, markup: dict[str, Any] | object | None = ...
    ) -> None:
        """Apply ``changes`` (a None value removes the field); ``markup=None`` removes the keyboard."""
        message.history.append(copy.deepcopy(message.data))
        for key, value in changes.items():
            if value is None or value == [] or value == "":
                message.data.pop(key, None)
            else:
                message.data[key] = copy.deepcopy(value)
        if markup is not ...:
            if markup:
                message.data["reply_markup"] = copy.deepcopy(markup)
            else:
                message.data.pop("reply_markup", None)
            message.markup = copy.deepcopy(markup)  # type: ignore[arg-type]
        message.data["edit_date"] = now_unix()
        self.publish(self._message_event("edited", message))

    def delete_message(self, message: EmuMessage) -> None:
        message.deleted = True
        self.publish(self._message_event("deleted", message))

    def messages_in(
        self,
        chat: ChatState,
        *,
        thread_id: int | object | None = ...,
        from_bot: bool | None = None,
        service: bool = True,
    ) -> list[EmuMessage]:
        """Messages of a chat in order; ``thread_id=None`` is the General topic, ``...`` all threads."""
        result = []
        for message in chat.messages.values():
            if thread_id is not ... and message.thread_id != thread_id:
                continue
            if from_bot is not None and message.from_bot != from_bot:
                continue
            if not service and message.is_service:
                continue
            result.append(message)
        return result

    def _message_event(self, action: str, message: EmuMessage) -> dict[str, Any]:
        return {
            "type": "message",
            "action": action,
            "chat_id": message.chat.id,
            "thread_id": message.thread_id,
            "message_id": message.message_id,
            "from_bot": message.from_bot,
            "message": message.snapshot(),
        }

    # ------------------------------------------------------------------------------------- updates

    def push_update(self, bot: BotState, kind: str, payload: dict[str, Any]) -> int | None:
        """Queue an update; like Telegram, types the bot didn't ask for are never created."""
        if kind not in bot.allowed_updates:
            self.stats.updates_filtered += 1
            return None
        update_id = bot.next_update_id
        bot.next_update_id += 1
        bot.pending.append({"update_id": update_id, kind: copy.deepcopy(payload)})
        self.stats.updates_created += 1
        bot.signal.notify()
        self.changed.notify()
        return update_id

    def deliver(
        self, chat: ChatState, kind: str, payload: dict[str, Any], bots: Iterable[BotState] | None = None
    ) -> None:
        """An update about something a human did in ``chat``, for every bot in it."""
        for bot in self.bots_in(chat) if bots is None else bots:
            if chat.is_private and chat.blocked:
                continue
            self.push_update(bot, kind, payload)

    # ---------------------------------------------------------------------------------------- logs

    def log_sent(self, method: str, message: EmuMessage) -> None:
        self.sent_log.append(
            SentRecord(
                method=method,
                chat_id=message.chat.id,
                thread_id=message.thread_id,
                message_id=message.message_id,
                text=message.text,
                reply_markup=copy.deepcopy(message.markup),
                time=self.clock(),
                kind=message.kind,
            )
        )

    def publish(self, event: dict[str, Any]) -> None:
        for queue in self.subscribers:
            queue.put_nowait(copy.deepcopy(event))
        self.changed.notify()
