"""Per-chat leases between webhook replicas: every stored update processed once, each chat in order.

Two replicas here are two Inbox + ChatClaims pairs on one database (SQLite and PostgreSQL), each
with its own Dispatcher whose handler records what it processed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from aiogram import Dispatcher, Router
from aiogram.types import Message, Update
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.runtime.chat_claims import ChatClaims
from bot.runtime.inbox import Inbox
from bot.runtime.leases import Leases
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault
from db.migrate import upgrade_async
from db.models import InboxUpdate
from db.repositories.inbox_chats import CHAT_LEASE_PREFIX
from tests.service.mocked_bot import MockedBot

SHORT_LEASE = timedelta(seconds=0.8)
processed: list[tuple[str, int, int]] = []  # (replica, chat, update_id), in processing order


@dataclass
class Replica:
    name: str
    inbox: Inbox
    claims: ChatClaims
    seen: list[int] = field(default_factory=list)

    async def receive(self, update: Update) -> None:
        """What the webhook handler does: store, then ask for the chat."""
        for fresh in await self.inbox.store([update]):
            self.claims.kick(fresh)


def make_dispatcher(name: str) -> Dispatcher:
    router = Router()

    @router.message()
    async def record(message: Message, event_update: Update) -> None:
        await asyncio.sleep(0.005)  # long enough for the other replica to get a turn
        processed.append((name, message.chat.id, event_update.update_id))

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    processed.clear()
    yield create_sessionmaker(engine)
    await engine.dispose()


def replica(name: str, sessionmaker: async_sessionmaker[AsyncSession], vault: IdentityVault) -> Replica:
    bot = MockedBot()
    inbox = Inbox(make_dispatcher(name), bot, sessionmaker, vault)
    claims = ChatClaims(inbox, Leases(sessionmaker, name), sessionmaker, lease=SHORT_LEASE)
    return Replica(name, inbox, claims)


def text_update(update_id: int, chat_id: int) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_700_000_000,
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "P"},
                "text": f"m{update_id}",
            },
        }
    )


async def unprocessed(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        stmt = select(func.count()).select_from(InboxUpdate).where(InboxUpdate.processed_at.is_(None))
        return int(await session.scalar(stmt) or 0)


async def settle(sessionmaker: async_sessionmaker[AsyncSession], *replicas: Replica, timeout: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while await unprocessed(sessionmaker) or any(r.inbox.serializer.pending for r in replicas):
        assert asyncio.get_running_loop().time() < deadline, "updates were left unprocessed"
        await asyncio.sleep(0.05)


async def test_round_robin_with_duplicates_processes_each_update_once_in_chat_order(sessionmaker, vault) -> None:
    first, second = replica("first", sessionmaker, vault), replica("second", sessionmaker, vault)
    chats = [5550001 + n for n in range(6)]
    update_id = 100
    for _ in range(8):
        for chat in chats:
            update_id += 1
            update = text_update(update_id, chat)
            receiver, other = (first, second) if update_id % 2 else (second, first)
            await receiver.receive(update)
            if update_id % 3 == 0:
                await other.receive(update)  # the proxy delivered it twice
            await asyncio.sleep(0)
    await settle(sessionmaker, first, second)
    ids = [update for _, _, update in processed]
    assert sorted(ids) == list(range(101, update_id + 1))  # each once, none lost
    for chat in chats:
        in_chat = [update for _, c, update in processed if c == chat]
        assert in_chat == sorted(in_chat)
    assert {name for name, _, _ in processed} == {"first", "second"}


async def test_a_dead_replicas_chat_waits_for_its_lease_then_another_takes_it(sessionmaker, vault) -> None:
    survivor = replica("survivor", sessionmaker, vault)
    chat = 5559999
    await survivor.inbox.store([text_update(1, chat), text_update(2, chat)])  # stored by the one that died
    dead = Leases(sessionmaker, "dead:1:x")
    assert await dead.take(CHAT_LEASE_PREFIX + survivor.inbox.chat_key(text_update(1, chat)), SHORT_LEASE)
    assert await survivor.claims.sweep(grace=timedelta(0)) == 0  # its lease still runs
    await asyncio.sleep(0.3)
    assert processed == []
    await asyncio.sleep(SHORT_LEASE.total_seconds())
    assert await survivor.claims.sweep(grace=timedelta(0)) == 1
    await settle(sessionmaker, survivor)
    assert processed == [("survivor", chat, 1), ("survivor", chat, 2)]


async def test_an_update_stored_while_the_holder_lets_go_is_not_left_behind(sessionmaker, vault) -> None:
    first, second = replica("first", sessionmaker, vault), replica("second", sessionmaker, vault)
    chat = 5558888
    for number in range(1, 41):  # the two replicas keep handing the chat over to each other
        await (first if number % 2 else second).receive(text_update(number, chat))
        await asyncio.sleep(0.002 * (number % 4))
    await settle(sessionmaker, first, second, timeout=10)  # no sweep runs here: only the hand-over
    assert [update for _, _, update in processed] == list(range(1, 41))
