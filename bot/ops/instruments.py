"""Where the metrics are measured, from outside the code that does the work.

- `TelegramMetrics`: a request middleware on the bot's HTTP session; it sits inside the flood
  control middleware, so it sees every attempt, retries after a 429 included.
- `UpdateMetrics`: a dispatcher middleware around the handlers of each update.
- `FirstReplyObserver`: SQLAlchemy session events; a consultation's first consultant reply is
  observed when the transaction that saved it commits (a rolled-back or replayed update counts once).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject, Update
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.ops.metrics import Children, Metrics
from bot.telegram.middleware import MESSAGE_METHODS, message_count
from db.models import Ticket

FIRST_REPLIES = "ops_first_replies"  # session.info: delays flushed in the open transaction


class TelegramMetrics(BaseRequestMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.requests = Children(metrics.telegram_requests)
        self.messages_sent = Children(metrics.telegram_messages_sent)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        try:
            response = await make_request(bot, method)
        except TelegramRetryAfter:
            self.requests(name, "429").inc()
            raise
        except TelegramNetworkError:
            self.requests(name, "network").inc()
            raise
        except Exception:
            self.requests(name, "error").inc()
            raise
        self.requests(name, "ok").inc()
        if isinstance(method, MESSAGE_METHODS):
            self.messages_sent(name).inc(message_count(method))
        return response


class UpdateMetrics(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.processed = Children(metrics.updates_processed)
        self.seconds = Children(metrics.handler_seconds)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = update_type(event)
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "handled"
            return result
        finally:
            self.seconds(kind).observe(time.perf_counter() - started)
            self.processed(kind, outcome).inc()


def update_type(event: TelegramObject) -> str:
    if not isinstance(event, Update):
        return type(event).__name__.lower()
    try:
        return event.event_type
    except Exception:  # a type newer than this aiogram
        return "unknown"


class FirstReplyObserver:
    """Observes `Ticket.first_staff_reply_at - opened_at` once the reply is committed.

    Session events can only be listened to on the Session class, so the observer filters on its
    own engine: several Applications in one process each count their own replies.
    """

    def __init__(self, engine: Engine, metrics: Metrics) -> None:
        self.engine = engine
        self.metrics = metrics
        self._listening = False

    def start(self) -> None:
        if not self._listening:
            event.listen(Session, "after_flush", self._after_flush)
            event.listen(Session, "after_commit", self._after_commit)
            event.listen(Session, "after_rollback", self._after_rollback)
            self._listening = True

    def stop(self) -> None:
        if self._listening:
            event.remove(Session, "after_flush", self._after_flush)
            event.remove(Session, "after_commit", self._after_commit)
            event.remove(Session, "after_rollback", self._after_rollback)
            self._listening = False

    def _ours(self, session: Session) -> bool:
        return session.bind is self.engine

    def _after_flush(self, session: Session, _context: Any) -> None:
        if not self._ours(session):
            return
        for instance in session.dirty:
            if not isinstance(instance, Ticket):
                continue
            state = inspect(instance)  # read without loading: this runs inside a flush
            opened = state.dict.get("opened_at")
            history = state.attrs.first_staff_reply_at.history
            replied = history.added[0] if history.added else None
            before = history.deleted[0] if history.deleted else None
            if isinstance(opened, datetime) and isinstance(replied, datetime) and before is None:
                delay = max(0.0, (replied - opened).total_seconds())
                session.info.setdefault(FIRST_REPLIES, []).append(delay)

    def _after_commit(self, session: Session) -> None:
        if self._ours(session):
            for delay in session.info.pop(FIRST_REPLIES, ()):
                self.metrics.first_reply_seconds.observe(delay)

    def _after_rollback(self, session: Session) -> None:
        if self._ours(session):
            session.info.pop(FIRST_REPLIES, None)
