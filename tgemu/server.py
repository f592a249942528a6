"""The emulator: an aiohttp server speaking the Bot API, plus the in-process test-side API."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from aiohttp import web

from .actors import BotHandle, GroupHandle, UserHandle
from .errors import ApiError, EmulatorError
from .faults import Fault, FaultRegistry
from .flood import FloodControl, FloodLimits
from .guard import refusal
from .methods import BotApi, Described, member_update
from .params import Params
from .state import (
    ADMIN_RIGHTS,
    BotState,
    CallRecord,
    ChatState,
    EmuMessage,
    MemberState,
    SentRecord,
    Stats,
    TopicState,
    UserState,
    WebhookState,
    World,
    now_unix,
)
from .webhook import WebhookSender

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024 + 1024 * 1024  # Telegram takes uploads up to 50 MB
_UNAUTHORIZED = {"ok": False, "error_code": 401, "description": "Unauthorized"}
_NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}


class Emulator:
    """A local Telegram Bot API. Everything lives in the instance; several can run side by side."""

    def __init__(
        self,
        *,
        limits: FloodLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
        seed: int = 0,
        strict_html_entities: bool = False,
        callback_timeout: float = 15.0,
        webhook_backoff: tuple[float, float] = (0.1, 5.0),
        webhook_timeout: float = 10.0,
        allowed_hosts: Collection[str] | None = None,
    ) -> None:
        self.clock = clock
        # When set, only requests whose Host is one of these names (and with no Origin from another
        # site) are answered: for a server a browser can reach (the sandbox). Off for tests.
        self.allowed_hosts = frozenset(allowed_hosts) if allowed_hosts is not None else None
        self.world = World(rng=random.Random(seed), clock=clock)
        self.flood = FloodControl(limits or FloodLimits(), clock)
        self.faults = FaultRegistry()
        # Real Telegram keeps an unknown "&name;" as text; strict mode rejects it to catch unescaped input.
        self.strict_html_entities = strict_html_entities
        self.callback_timeout = callback_timeout
        self.webhook_backoff = webhook_backoff
        self.webhook_timeout = webhook_timeout
        self.api = BotApi(self)
        self.webhooks = WebhookSender(self)
        self.stopping = False
        self.internal_errors: list[BaseException] = []
        self._runner: web.AppRunner | None = None
        self._stop_event: asyncio.Event | None = None
        self._base_url: str | None = None
        self._default_bot: BotState | None = None

    # ===================================================================================== server

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> Emulator:
        self.stopping = False
        self._stop_event = asyncio.Event()
        middlewares = [self._host_guard] if self.allowed_hosts is not None else []
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES, middlewares=middlewares)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self._base_url = f"http://{bound_host}:{bound_port}"
        return self

    async def stop(self) -> None:
        self.stopping = True
        if self._stop_event is not None:
            self._stop_event.set()  # releases held "timeout" requests and sleeping retries
        for bot in self.world.bots.values():
            bot.signal.notify()  # long polls return at once
        self.world.changed.notify()
        await self.webhooks.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the emulator is not started; await emu.start() first")
        return self._base_url

    async def sleep(self, seconds: float) -> None:
        """Sleep, but wake up when the emulator stops."""
        if self._stop_event is None:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop_event.wait(), seconds)

    # ------------------------------------------------------------------------------------- HTTP

    @staticmethod
    def _respond(status: int, body: dict[str, Any]) -> web.Response:
        return web.Response(status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json")

    @web.middleware
    async def _host_guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        assert self.allowed_hosts is not None
        reason = refusal(request, self.allowed_hosts)
        if reason is not None:
            return self._respond(403, {"ok": False, "error_code": 403, "description": f"Forbidden: {reason}"})
        return await handler(request)

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return self._respond(404, _NOT_FOUND)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] not in self.world.bots_by_token:
            return self._respond(401, _UNAUTHORIZED)
        record = self.world.files.by_path(request.match_info["path"])
        if record is None:
            return self._respond(404, _NOT_FOUND)
        return web.Response(body=record.data, content_type=record.mime_type or "application/octet-stream")

    async def _handle_api(self, request: web.Request) -> web.Response:
        bot = self.world.bots_by_token.get(request.match_info["token"])
        if bot is None:
            return self._respond(401, _UNAUTHORIZED)
        entry = self.api.handlers.get(request.match_info["method"].lower())
        if entry is None:
            return self._respond(404, _NOT_FOUND)
        try:
            params = await Params.from_request(request)
        except ApiError as error:
            return self._respond(error.code, error.to_body())
        except web.HTTPRequestEntityTooLarge:
            return self._respond(413, {"ok": False, "error_code": 413, "description": "Request Entity Too Large"})
        fault = self.faults.take(entry[0], params.raw("chat_id"))
        if fault is not None:
            self.world.stats.faults[(entry[0], fault.kind)] += 1
            if fault.kind == "timeout":
                # Never answer and never process: hold the connection until the client gives up.
                self._log_call(bot, entry[0], params, 0, "no answer (injected timeout)", "http")
                assert self._stop_event is not None
                await self._stop_event.wait()
                return self._respond(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
        status, body = await self.execute(bot, entry[0], params, fault=fault)
        return self._respond(status, body)

    async def execute(
        self,
        bot: BotState,
        method: str,
        params: Params,
        *,
        fault: Fault | None = None,
        source: str = "http",
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API method: (HTTP status, response body)."""
        entry = self.api.handlers.get(method.lower())
        if entry is None:
            return 404, dict(_NOT_FOUND)
        name, handler = entry
        self.world.stats.requests[name] += 1
        try:
            if fault is not None:
                await self._apply_fault(fault)
            if fault is not None and fault.kind == "malformed":  # 200, but no client can parse it
                result: Any = {"malformed": True}
            else:
                result = await handler(bot, params)
            if isinstance(result, Described):
                status, body = 200, {"ok": True, "result": result.result, "description": result.description}
            else:
                status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.code, error.to_body()
        except Exception as error:  # an emulator bug: answer like a broken server, keep it for the tests
            log.exception("emulator failure in %s", name)
            self.internal_errors.append(error)
            status = 500
            body = {"ok": False, "error_code": 500, "description": f"Internal Server Error: {error!r}"}
        self._log_call(bot, name, params, status, body.get("description") if status != 200 else None, source)
        return status, body

    async def _apply_fault(self, fault: Fault) -> None:
        if fault.kind == "slow":
            await self.sleep(fault.delay)  # then processed normally, even if the client gave up
            return
        if fault.kind == "429":
            retry_after = max(1, int(fault.retry_after))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        if fault.kind == "500":
            raise ApiError(500, "Internal Server Error")
        if fault.kind == "502":
            raise ApiError(502, "Bad Gateway")
        if fault.kind == "403":
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    def _log_call(
        self, bot: BotState, method: str, params: Params, status: int, description: str | None, source: str
    ) -> None:
        self.world.calls.append(
            CallRecord(
                method=method,
                params=params.public(),
                status=status,
                time=self.clock(),
                bot_id=bot.id,
                description=description,
                source=source,
            )
        )
        if status != 200:
            self.world.stats.errors[(method, status)] += 1
        if status == 429:
            raw = params.raw("chat_id")
            try:
                chat: Any = int(raw)
            except (TypeError, ValueError):
                chat = raw
            self.world.stats.rate_limited[(chat, method)] += 1
        self.world.changed.notify()

    # ============================================================================ setting up a world

    def add_bot(
        self, token: str = "123456:TEST-TOKEN", username: str = "mihelp_bot", first_name: str = "mi-Help"
    ) -> BotHandle:
        """Register a bot; its id is the number before ":" in the token."""
        try:
            bot_id = int(token.split(":", 1)[0])
        except ValueError:
            raise ValueError(f"a bot token looks like '123456:ABC...', got {token!r}") from None
        if token in self.world.bots_by_token:
            raise ValueError(f"bot {token!r} is already registered")
        state = BotState(UserState(bot_id, first_name, username=username, is_bot=True), token)
        self.world.bots[bot_id] = state
        self.world.bots_by_token[token] = state
        if self._default_bot is None:
            self._default_bot = state
        return BotHandle(self, state)

    def inject_update(self, kind: str, payload: dict[str, Any], *, bot: BotHandle | None = None) -> int | None:
        """Queue an update exactly as given, even one a client cannot parse (fault injection)."""
        return self.world.push_update(self._bot_state(bot), kind, payload)

    def _bot_state(self, bot: BotHandle | None) -> BotState:
        if bot is not None:
            return bot.state
        if self._default_bot is None:
            raise EmulatorError("add a bot first: emu.add_bot(token=...)")
        return self._default_bot

    @property
    def bot(self) -> BotHandle:
        """The first bot added."""
        return BotHandle(self, self._bot_state(None))

    def add_user(
        self,
        user_id: int | None = None,
        first_name: str = "Aziz",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "uz",
        *,
        started: bool = False,
        bot: BotHandle | None = None,
    ) -> UserHandle:
        """A Telegram user. Like in Telegram the bot can't write first: the user must have sent
        something (``/start``) before, or be created with ``started=True``."""
        if user_id is None:
            user_id = self.world.new_user_id()
        if user_id in self.world.users or user_id in self.world.bots:
            raise ValueError(f"user {user_id} already exists")
        state = UserState(user_id, first_name, last_name, username, language_code)
        self.world.users[user_id] = state
        handle = UserHandle(self, state, self._bot_state(bot))
        if started:
            handle.chat.started = True
        return handle

    def user(self, user_id: int, *, bot: BotHandle | None = None) -> UserHandle:
        state = self.world.users.get(user_id)
        if state is None:
            raise EmulatorError(f"no user {user_id}")
        return UserHandle(self, state, self._bot_state(bot))

    def _new_group(
        self,
        chat_type: str,
        chat_id: int | None,
        title: str,
        *,
        is_forum: bool,
        username: str | None,
        bot_is_admin: bool,
        bot: BotHandle | None,
        owner: UserHandle | None,
    ) -> GroupHandle:
        if chat_id is None:
            chat_id = self.world.new_chat_id(chat_type == "supergroup")
        if chat_id in self.world.groups:
            raise ValueError(f"chat {chat_id} already exists")
        chat = ChatState(chat_id, chat_type, title=title, username=username, is_forum=is_forum)
        self.world.groups[chat_id] = chat
        if owner is None:
            owner = self.add_user(first_name="Owner", language_code="ru", bot=bot)
        chat.members[owner.id] = MemberState(owner.state, "creator")
        bot_state = self._bot_state(bot)
        chat.members[bot_state.id] = MemberState(
            bot_state.user,
            "administrator" if bot_is_admin else "member",
            dict(ADMIN_RIGHTS) if bot_is_admin else {},
        )
        return GroupHandle(self, chat, owner, bot_state)

    def add_supergroup(
        self,
        chat_id: int | None = None,
        title: str = "Staff",
        is_forum: bool = True,
        bot_is_admin: bool = True,
        *,
        username: str | None = None,
        owner: UserHandle | None = None,
        notify_bot: bool = False,
        bot: BotHandle | None = None,
    ) -> GroupHandle:
        """A supergroup that already has the bot in it (``notify_bot``: also send the "added" updates)."""
        group = self._new_group(
            "supergroup",
            chat_id,
            title,
            is_forum=is_forum,
            username=username,
            bot_is_admin=bot_is_admin,
            bot=bot,
            owner=owner,
        )
        if notify_bot:
            self._announce_bot(group)
        return group

    def add_group(
        self,
        chat_id: int | None = None,
        title: str = "Group",
        *,
        bot_is_admin: bool = False,
        added_by: UserHandle | None = None,
        notify_bot: bool = True,
        bot: BotHandle | None = None,
    ) -> GroupHandle:
        """A plain group someone just added the bot to: by default the bot gets my_chat_member and the
        new_chat_members message, as when a stranger adds it to their group."""
        group = self._new_group(
            "group",
            chat_id,
            title,
            is_forum=False,
            username=None,
            bot_is_admin=bot_is_admin,
            bot=bot,
            owner=added_by,
        )
        if notify_bot:
            self._announce_bot(group)
        return group

    def _announce_bot(self, group: GroupHandle) -> None:
        bot = group.bot
        member = group.chat.members[bot.id]
        payload = member_update(
            group.chat, group.owner.to_api(), MemberState(bot.user, "left").to_api(), member.to_api()
        )
        self.world.push_update(bot, "my_chat_member", payload)
        message = self.world.add_message(
            group.chat,
            sender=group.owner.state,
            from_bot=False,
            content={"new_chat_members": [bot.user.to_api()]},
        )
        self.world.push_update(bot, "message", message.snapshot())

    def group(self, chat_id: int) -> GroupHandle:
        chat = self.world.groups.get(chat_id)
        if chat is None:
            raise EmulatorError(f"no group {chat_id}")
        creator = next((m for m in chat.members.values() if m.status == "creator"), None)
        owner = UserHandle(self, creator.user, self._bot_state(None)) if creator else self.add_user(first_name="Owner")
        return GroupHandle(self, chat, owner, self._bot_state(None))

    # ======================================================================= shared state changes

    def new_webhook(self, url: str, secret_token: str | None, max_connections: int) -> WebhookState:
        return WebhookState(url=url, secret_token=secret_token, max_connections=max_connections)

    def remove_topic(self, chat: ChatState, topic: TopicState) -> None:
        """Delete a topic and every message in it."""
        topic.deleted = True
        for message in list(chat.messages.values()):
            if message.thread_id == topic.thread_id and not message.deleted:
                self.world.delete_message(message)
        self.world.publish(
            {
                "type": "topic",
                "action": "deleted",
                "chat_id": chat.id,
                "thread_id": topic.thread_id,
                "topic": {**topic.to_api(), "closed": topic.closed, "deleted": True},
            }
        )

    def change_member_status(
        self,
        chat: ChatState,
        user: UserState,
        status: str,
        *,
        by: UserState,
        rights: dict[str, bool] | None = None,
    ) -> None:
        """Change a member's status; bots get my_chat_member about themselves (and chat_member about
        others, if they asked for it)."""
        member = chat.members.get(user.id)
        old = member.to_api() if member else MemberState(user, "left").to_api()
        if member is None:
            member = chat.members[user.id] = MemberState(user, status)
        member.status = status
        member.rights = dict(rights or {}) if status == "administrator" else {}
        member.until_date = 0
        payload = member_update(chat, by.to_api(), old, member.to_api())
        if user.id in self.world.bots:
            self.world.push_update(self.world.bots[user.id], "my_chat_member", payload)
        for bot in self.world.bots_in(chat):
            if bot.id != user.id:
                self.world.push_update(bot, "chat_member", payload)
        self.world.publish({"type": "member", "chat_id": chat.id, "user_id": user.id, "status": status})

    def block(self, user_id: int, *, bot: BotHandle | None = None) -> None:
        """The user blocks the bot: sends to them get 403 and the bot gets my_chat_member (kicked)."""
        self._set_blocked(user_id, True, bot)

    def unblock(self, user_id: int, *, bot: BotHandle | None = None) -> None:
        self._set_blocked(user_id, False, bot)

    def _set_blocked(self, user_id: int, blocked: bool, bot: BotHandle | None) -> None:
        bot_state = self._bot_state(bot)
        user = self.world.users.get(user_id)
        if user is None:
            raise EmulatorError(f"no user {user_id}")
        chat = self.world.private_chat(bot_state, user)
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        member = MemberState(bot_state.user, "member").to_api()
        kicked = MemberState(bot_state.user, "kicked").to_api()
        old, new = (member, kicked) if blocked else (kicked, member)
        payload = {
            "chat": chat.to_api(),
            "from": user.to_api(),
            "date": now_unix(),
            "old_chat_member": old,
            "new_chat_member": new,
        }
        self.world.push_update(bot_state, "my_chat_member", payload)
        self.world.publish({"type": "member", "chat_id": chat.id, "user_id": bot_state.id, "status": new["status"]})

    # ================================================================================ observing

    @property
    def stats(self) -> Stats:
        return self.world.stats

    @property
    def calls(self) -> list[CallRecord]:
        """Every API call (getUpdates too), oldest first."""
        return self.world.calls

    @property
    def limits(self) -> FloodLimits:
        return self.flood.limits

    @limits.setter
    def limits(self, limits: FloodLimits) -> None:
        self.flood.reset(limits)

    def find_calls(self, method: str | None = None, **params: Any) -> list[CallRecord]:
        """Calls of ``method`` whose parameters include ``params`` (compared as text)."""
        result = []
        for call in self.world.calls:
            if method is not None and call.method.lower() != method.lower():
                continue
            if all(str(call.params.get(key)) == str(value) for key, value in params.items()):
                result.append(call)
        return result

    def sent(
        self, chat_id: int | None = None, thread_id: int | None = None, method: str | None = None
    ) -> list[SentRecord]:
        """Every successful bot call that created, changed or deleted a message (None = any)."""
        return [
            record
            for record in self.world.sent_log
            if (chat_id is None or record.chat_id == chat_id)
            and (thread_id is None or record.thread_id == thread_id)
            and (method is None or record.method.lower() == method.lower())
        ]

    def message(self, chat_id: int, message_id: int, *, bot: BotHandle | None = None) -> EmuMessage | None:
        chat = self.world.groups.get(chat_id) or self.world.private_chats.get((self._bot_state(bot).id, chat_id))
        return chat.messages.get(message_id) if chat else None

    def file_bytes(self, file_id: str) -> bytes:
        record = self.world.files.get(file_id)
        if record is None:
            raise EmulatorError(f"no file {file_id!r}")
        return record.data

    def pending_updates(self, bot: BotHandle | None = None) -> list[dict[str, Any]]:
        return list(self._bot_state(bot).pending)

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        """A queue of small JSON-able dicts, one per change (messages, topics, answers...)."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.world.subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        if queue in self.world.subscribers:
            self.world.subscribers.remove(queue)

    async def wait_for(
        self,
        predicate: Callable[[], Any],
        timeout: float = 5.0,
        *,
        message: str | None = None,
        poll_interval: float = 0.1,
    ) -> Any:
        """Wait until ``predicate()`` is truthy and return its value.

        Re-checks on every change in the emulator, and every ``poll_interval`` for conditions that
        depend on something else (the bot's database, for example).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_report(predicate, timeout, message))
            await self.world.changed.wait(min(remaining, poll_interval))

    def _timeout_report(self, predicate: Callable[[], Any], timeout: float, message: str | None) -> str:
        try:
            source = inspect.getsource(predicate).strip()
        except (OSError, TypeError):
            source = getattr(predicate, "__qualname__", repr(predicate))
        lines = [f"{message or 'condition not met'} after {timeout} s: {source}"]
        lines.append("last messages the bot sent or changed:")
        lines += [
            f"  {r.method} chat={r.chat_id} thread={r.thread_id} id={r.message_id}: {r.text!r}"
            for r in self.world.sent_log[-8:]
        ] or ["  (none)"]
        lines.append("last API calls:")
        lines += [
            f"  {c.method} -> {c.status}{' ' + c.description if c.description else ''}"
            for c in [c for c in self.world.calls if c.method != "getUpdates"][-8:]
        ] or ["  (none)"]
        if self.internal_errors:
            lines.append(f"emulator internal errors: {self.internal_errors!r}")
        return "\n".join(lines)
