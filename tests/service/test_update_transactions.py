"""How an update uses the database: one short write at the end, none while talking to Telegram.

The real dispatcher (every middleware and router) and the durable inbox run on a SQLite file with
a MockedBot; each Telegram call checks whether the update's session holds SQLite's write lock.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import SendMessage
from aiogram.types import Message, TelegramObject, Update
from sqlalchemy import event, func, select

from bot.config import Settings
from bot.context import AppContext
from bot.factory import create_context, create_dispatcher
from bot.fsm_storage import current_session
from bot.runtime.inbox import Inbox
from bot.services.knowledge import KnowledgeHolder
from db import engine as engine_module
from db.engine import POSTGRES_POOL, SQLITE_POOL, _holds_sqlite_write_lock, create_engine, work_shares
from db.migrate import upgrade_async
from db.models import InboxUpdate
from tests.service.mocked_bot import BOT_ID, MockedBot

QUESTION = "какие документы нужны на патент"


@dataclass
class Rig:
    context: AppContext
    inbox: Inbox
    bot: MockedBot
    locked_calls: list[str]
    update_ids: Any

    def update(self, person: int, text: str) -> Update:
        message: dict[str, Any] = {
            "message_id": next(self.update_ids),
            "date": 0,
            "chat": {"id": person, "type": "private"},
            "from": {"id": person, "is_bot": False, "first_name": "A", "language_code": "ru"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return Update.model_validate(
            {"update_id": message["message_id"], "message": message}, context={"bot": self.bot}
        )

    async def deliver(self, updates: list[Update]) -> None:
        for update in await self.inbox.store(updates):
            self.inbox.schedule(update)
        assert await self.inbox.serializer.drain(timeout=60)


async def build_rig(settings: Settings, knowledge: KnowledgeHolder) -> Rig:
    await upgrade_async(settings.database_url)
    context = create_context(settings, knowledge=knowledge)
    dispatcher = create_dispatcher(context)
    bot = MockedBot()
    locked_calls: list[str] = []
    original = bot.session.make_request

    async def probing(bot_: Any, method: Any, timeout: int | None = None) -> Any:
        session = current_session.get()
        if session is not None and await _holds_sqlite_write_lock(session):
            locked_calls.append(type(method).__name__)
        return await original(bot_, method, timeout)

    bot.session.make_request = probing  # type: ignore[method-assign]
    inbox = Inbox(dispatcher, bot, context.sessionmaker, context.vault)
    return Rig(context, inbox, bot, locked_calls, itertools.count(1))


@pytest.fixture
async def rig(make_settings: Callable[..., Settings], knowledge: KnowledgeHolder) -> AsyncIterator[Rig]:
    built = await build_rig(make_settings(), knowledge)
    yield built
    await built.context.close()


async def fsm_data(rig: Rig, person: int) -> dict[str, Any]:
    return await rig.inbox.dispatcher.storage.get_data(StorageKey(bot_id=BOT_ID, chat_id=person, user_id=person))


async def test_no_write_lock_is_held_while_the_handlers_talk_to_telegram(rig: Rig) -> None:
    person = 7001
    await rig.deliver([rig.update(person, "/start")])  # a new person: their row is created
    await rig.deliver([rig.update(person, QUESTION)])  # the question is kept in the FSM data
    assert rig.bot.calls_of(SendMessage), "the bot answered"
    assert rig.locked_calls == [], f"SQLite's write lock was held during {rig.locked_calls}"
    assert (await fsm_data(rig, person))["last_query"] == QUESTION  # written with the update
    async with rig.context.sessionmaker() as session:
        unprocessed = await session.scalar(
            select(func.count()).select_from(InboxUpdate).where(InboxUpdate.processed_at.is_(None))
        )
    assert unprocessed == 0


async def test_state_kept_after_a_new_persons_row_was_committed_early(rig: Rig) -> None:
    """A new person's row is committed before the handler runs; what the handler then keeps in the
    FSM (a shared link to open once the language is chosen) must still be written."""
    person = 7005
    await rig.deliver([rig.update(person, "/start a-patent-payment")])
    assert (await fsm_data(rig, person)).get("pending_start") == "a-patent-payment"


async def test_a_state_that_did_not_change_is_not_written_again(rig: Rig) -> None:
    person = 7002
    await rig.deliver([rig.update(person, "/start"), rig.update(person, QUESTION)])
    writes: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "fsm_records" in statement and not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    engine = rig.context.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        await rig.deliver([rig.update(person, QUESTION)])  # the same question: the same data
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert writes == []


async def test_fifty_chats_at_once_keep_their_own_order(rig: Rig) -> None:
    """Every chat's updates are handled in the order they came, however the chats interleave."""
    seen: dict[int, list[int]] = defaultdict(list)
    rng = random.Random(11)

    async def record(
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]], event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        assert isinstance(event, Message)
        seen[event.chat.id].append(event.message_id)
        await asyncio.sleep(rng.uniform(0, 0.02))  # chats overtake each other
        return await handler(event, data)

    rig.inbox.dispatcher.message.outer_middleware(record)
    people = [8000 + n for n in range(50)]
    texts = ["/start", QUESTION, "паспорт потеряли что делать", QUESTION, "/menu"]
    updates = [rig.update(person, text) for text in texts for person in people]  # rounds, all chats
    rng.shuffle(people)
    await rig.deliver(updates)

    expected: dict[int, list[int]] = defaultdict(list)
    for update in updates:
        assert update.message is not None
        expected[update.message.chat.id].append(update.message.message_id)
    assert dict(seen) == dict(expected)
    answered = {call.chat_id for call in rig.bot.calls_of(SendMessage)}
    assert answered == set(people)
    async with rig.context.sessionmaker() as session:
        unprocessed = await session.scalar(
            select(func.count()).select_from(InboxUpdate).where(InboxUpdate.processed_at.is_(None))
        )
    assert unprocessed == 0


async def test_the_pool_holds_every_update_processed_at_once(tmp_path: Path) -> None:
    """Updates in flight each hold a connection (also while waiting for flood limits): none may wait."""
    url = f"sqlite+aiosqlite:///{tmp_path}/pool.sqlite"
    await upgrade_async(url)
    engine = create_engine(url, pool_timeout=1)
    updates_at_once, lanes_at_once = work_shares(SQLITE_POOL)
    connections = []
    try:
        for _ in range(updates_at_once + lanes_at_once):
            connections.append(await engine.connect())
    finally:
        for connection in connections:
            await connection.close()
        await engine.dispose()


@pytest.mark.parametrize("pool", [4, SQLITE_POOL, POSTGRES_POOL, 100])
def test_updates_and_lanes_leave_connections_for_the_background_jobs(pool: int) -> None:
    updates_at_once, lanes_at_once = work_shares(pool)
    assert updates_at_once >= 2 and lanes_at_once >= 1
    assert updates_at_once + lanes_at_once < pool


def test_three_postgresql_replicas_fit_the_servers_default_connections() -> None:
    assert 3 * POSTGRES_POOL < 100  # PostgreSQL's default max_connections


async def test_filters_are_checked_without_a_thread_hop(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    """Magic filters and states only read the update: no trip to a worker thread for each."""
    hops: list[Any] = []
    to_thread = asyncio.to_thread

    async def counting(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        hops.append(function)
        return await to_thread(function, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counting)
    person = 7003
    await rig.deliver([rig.update(person, "/start"), rig.update(person, QUESTION), rig.update(person, "/menu")])
    assert rig.bot.calls_of(SendMessage)
    assert hops == []


async def test_a_new_person_needs_no_second_connection(
    make_settings: Callable[..., Settings], knowledge: KnowledgeHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every connection held by an update, creating a person's row must not wait for another."""
    monkeypatch.setattr(engine_module, "SQLITE_POOL", 1)
    one_connection = await build_rig(make_settings(), knowledge)
    try:
        await asyncio.wait_for(one_connection.deliver([one_connection.update(7004, "/start")]), timeout=10)
        assert one_connection.bot.calls_of(SendMessage)
    finally:
        await one_connection.context.close()
