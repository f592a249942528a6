"""People who stopped using the bot are forgotten after RETENTION_DAYS, with their FSM rows."""

from __future__ import annotations

from datetime import timedelta

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select, update

from bot.fsm_storage import SqlStorage
from bot.services.retention import purge_inactive_people
from db.base import utcnow
from db.enums import Role
from db.models import FsmRecord, User
from db.repositories.tickets import TicketRepository
from db.repositories.users import UserRepository
from tests.conftest import TEST_TOKEN

BOT_ID = int(TEST_TOKEN.split(":")[0])
GONE, ACTIVE, WITH_TICKET = 7100001, 7100002, 7100003


def private_key(telegram_id: int) -> StorageKey:
    return StorageKey(bot_id=BOT_ID, chat_id=telegram_id, user_id=telegram_id)


async def test_inactive_people_and_their_fsm_rows_are_purged(sessionmaker, vault, settings) -> None:
    storage = SqlStorage(sessionmaker, vault)
    async with sessionmaker() as session:
        users = UserRepository(session, vault)
        for telegram_id in (GONE, ACTIVE, WITH_TICKET):
            await users.get_or_create(telegram_id)
        with_ticket = await users.get_by_telegram_id(WITH_TICKET)
        await TicketRepository(session).create(with_ticket.id, Role.LAWYER, "ru", None)
        await session.commit()
    for telegram_id in (GONE, ACTIVE, WITH_TICKET):
        await storage.set_state(private_key(telegram_id), "consult:writing")
    long_ago = utcnow() - timedelta(days=settings.retention_days + 1)
    async with sessionmaker() as session:
        for telegram_id in (GONE, WITH_TICKET):
            await session.execute(
                update(User).where(User.tg_hash == vault.hash_id(telegram_id)).values(last_seen_at=long_ago)
            )
        await session.commit()

    async with sessionmaker() as session:
        assert await purge_inactive_people(session, vault, settings) == 1
        await session.commit()

    async with sessionmaker() as session:
        users = UserRepository(session, vault)
        assert await users.get_by_telegram_id(GONE) is None
        assert await users.get_by_telegram_id(ACTIVE) is not None
        assert await users.get_by_telegram_id(WITH_TICKET) is not None  # its ticket's own retention comes first
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 2
    assert await storage.get_state(private_key(GONE)) is None
    assert await storage.get_state(private_key(ACTIVE)) == "consult:writing"


async def test_a_visit_marks_the_person_active_again(sessionmaker, vault, settings) -> None:
    long_ago = utcnow() - timedelta(days=settings.retention_days + 1)
    async with sessionmaker() as session:
        user, _ = await UserRepository(session, vault).get_or_create(GONE)
        user.last_seen_at = long_ago
        await session.commit()
    async with sessionmaker() as session:
        user, created = await UserRepository(session, vault).get_or_create(GONE)  # the person writes again
        assert not created and user.last_seen_at > utcnow() - timedelta(minutes=1)
        await session.commit()
        assert await purge_inactive_people(session, vault, settings) == 0
