"""A Bot whose session answers in-process, for service-level tests (in the spirit of aiogram's MockedBot).

Every call is recorded. Answers are built as raw Bot API JSON and parsed by aiogram exactly like a
real response, so services see the same types; failures go through aiogram's own error mapping, so
they raise the same exceptions (TelegramBadRequest, TelegramRetryAfter, TelegramForbiddenError...).

    bot = MockedBot()
    bot.fail(SendMessage, 403, "Forbidden: bot was blocked by the user")   # next sendMessage only
    await service_under_test(bot)
    assert [type(call) for call in bot.calls] == [SendMessage, ...]
    assert bot.calls_of(CopyMessage)[0].chat_id == STAFF_CHAT_ID
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.methods import (
    CopyMessage,
    CopyMessages,
    CreateForumTopic,
    ForwardMessage,
    GetChat,
    GetMe,
    SendMediaGroup,
    TelegramMethod,
)

BOT_ID = 42
TOKEN = f"{BOT_ID}:SERVICE-TEST-token"

Answer = Callable[[TelegramMethod[Any]], Any]


@dataclass
class _Failure:
    method: type[TelegramMethod[Any]]
    error_code: int
    description: str
    retry_after: int | None
    times: int


class MockedSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[TelegramMethod[Any]] = []
        self.answers: dict[type[TelegramMethod[Any]], Answer] = {}
        self.failures: list[_Failure] = []
        self.forum_chats: set[int] = set()
        self._ids = itertools.count(1000)

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.calls.append(method)
        failure = next((f for f in self.failures if isinstance(method, f.method)), None)
        if failure is not None:
            failure.times -= 1
            if failure.times <= 0:
                self.failures.remove(failure)
            body: dict[str, Any] = {"ok": False, "error_code": failure.error_code, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            self.check_response(bot, method, failure.error_code, json.dumps(body))
        answer = self.answers.get(type(method), self._default_answer)
        content = json.dumps({"ok": True, "result": answer(method)})
        return self.check_response(bot, method, 200, content).result

    # -- plausible answers, shaped like the Bot API's JSON -----------------------------------
    def _message(self, chat_id: Any, **extra: Any) -> dict[str, Any]:
        chat_type = "private" if isinstance(chat_id, int) and chat_id > 0 else "supergroup"
        message = {"message_id": next(self._ids), "date": int(time.time()), "chat": {"id": chat_id, "type": chat_type}}
        message.update({key: value for key, value in extra.items() if value is not None})
        return message

    def _default_answer(self, method: TelegramMethod[Any]) -> Any:
        chat_id = getattr(method, "chat_id", None)
        if isinstance(method, GetMe):
            return {"id": BOT_ID, "is_bot": True, "first_name": "mi-Help", "username": "mihelp_test_bot"}
        if isinstance(method, GetChat):
            return {
                "id": chat_id,
                "type": "supergroup" if isinstance(chat_id, int) and chat_id < 0 else "private",
                "is_forum": chat_id in self.forum_chats or None,
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        if isinstance(method, CreateForumTopic):
            return {"message_thread_id": next(self._ids), "name": method.name, "icon_color": 7322096}
        if isinstance(method, CopyMessage):
            return {"message_id": next(self._ids)}
        if isinstance(method, CopyMessages):
            return [{"message_id": next(self._ids)} for _ in method.message_ids]
        if isinstance(method, SendMediaGroup):
            return [self._message(chat_id) for _ in method.media]
        if isinstance(method, ForwardMessage):
            return self._message(chat_id)
        returning = getattr(method, "__returning__", None)
        if returning is bool:
            return True
        thread = getattr(method, "message_thread_id", None)
        text = getattr(method, "text", None)
        return self._message(chat_id, message_thread_id=thread, text=text if isinstance(text, str) else None)


class MockedBot(Bot):
    """A real aiogram Bot (same defaults as production) on a session that never leaves the process."""

    session: MockedSession

    def __init__(self) -> None:
        super().__init__(
            TOKEN,
            session=MockedSession(),
            default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
        )

    @property
    def calls(self) -> list[TelegramMethod[Any]]:
        return self.session.calls

    def calls_of(self, method: type[TelegramMethod[Any]]) -> list[Any]:
        return [call for call in self.session.calls if isinstance(call, method)]

    def answer(self, method: type[TelegramMethod[Any]], answer: Answer) -> None:
        """Answer every call of this method with `answer(call)` (raw Bot API JSON)."""
        self.session.answers[method] = answer

    def fail(
        self,
        method: type[TelegramMethod[Any]],
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` calls of this method fail the way Telegram fails them."""
        self.session.failures.append(_Failure(method, error_code, description, retry_after, times))

    def make_forum(self, chat_id: int) -> None:
        """getChat on this chat reports a supergroup with topics turned on."""
        self.session.forum_chats.add(chat_id)
