"""Outbox claims between replicas: a lane's head has one owner with a lease, renewed while it works.

On SQLite and PostgreSQL (the `database_url` fixture), with the schema the migrations build.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import SendMessage, TelegramMethod
from sqlalchemy import update

from bot.config import Settings
from bot.i18n import I18n
from bot.outbox.actions import SendText
from db.base import utcnow
from db.engine import create_engine, create_sessionmaker
from db.enums import OutboxStatus
from db.identity import IdentityVault
from db.migrate import upgrade_async
from db.models import OutboxMessage, Ticket
from db.repositories.outbox import OutboxRepository
from knowledge.crisis import CrisisDetector
from tests.conftest import STAFF_CHAT_ID
from tests.service.conftest import build_desk
from tests.service.desk import Desk
from tests.service.mocked_bot import MockedBot

FIRST_PERSON = 7770001
# room for a loaded machine: at 0.6 s a busy test worker let the lease run out before the second replica looked
SHORT_LEASE = timedelta(seconds=2)

MakeReplica = Callable[..., Desk]
Around = Callable[[TelegramMethod[Any], Callable[[], Awaitable[Any]]], Awaitable[Any]]


@pytest.fixture
async def replica(
    database_url: str, vault: IdentityVault, settings: Settings, i18n: I18n, crisis: CrisisDetector
) -> AsyncIterator[MakeReplica]:
    """Builds senders as separate replicas would run them: their own bot, their own name, one database."""
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)

    def make(name: str, **options: Any) -> Desk:
        bot = MockedBot()
        bot.make_forum(STAFF_CHAT_ID)
        options.setdefault("album_grace", timedelta(0))
        return build_desk(bot, sessionmaker, vault, settings, i18n, crisis, owner=name, single_process=False, **options)

    yield make
    await engine.dispose()


async def tickets(desk: Desk, count: int) -> list[tuple[int, Ticket]]:
    """`count` people with an open ticket whose opening rows are sent: (telegram id, ticket)."""
    made = []
    for n in range(count):
        telegram_id = FIRST_PERSON + n
        await desk.person(telegram_id)
        made.append((telegram_id, await desk.ticket(await desk.open(telegram_id))))
    await desk.deliver()
    desk.bot.calls.clear()
    return made


def texts(*desks: Desk, chat_id: int) -> list[str]:
    return [call.text for desk in desks for call in desk.bot.calls_of(SendMessage) if call.chat_id == chat_id]


def intercept(desk: Desk, around: Around) -> None:
    """Run every Bot API call of this replica through `around(method, call)`."""
    session = desk.bot.session
    original = session.make_request

    async def make_request(bot: Any, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        return await around(method, lambda: original(bot, method, timeout))

    session.make_request = make_request  # type: ignore[method-assign]


async def test_a_row_in_flight_waits_for_its_lease_then_goes_again_flagged_uncertain(replica: MakeReplica) -> None:
    first, second = replica("first", lease=SHORT_LEASE), replica("second", lease=SHORT_LEASE)
    [(person, ticket)] = await tickets(first, 1)
    await first.queue(_answer(ticket))

    async def then_killed(method: TelegramMethod[Any], call: Callable[[], Awaitable[Any]]) -> Any:
        await call()
        raise asyncio.CancelledError  # the replica dies before it records the result

    intercept(first, then_killed)
    with pytest.raises(asyncio.CancelledError):
        await first.sender.send_due()
    assert (await first.outbox())[-1].status == OutboxStatus.INFLIGHT
    assert await second.sender.send_due() == 0  # the lease still runs: not another replica's to take
    await asyncio.sleep(SHORT_LEASE.total_seconds() + 0.1)
    assert await second.sender.send_due() == 1
    row = (await second.outbox())[-1]
    assert row.status == OutboxStatus.SENT and row.uncertain and row.claimed_by is None
    assert texts(first, second, chat_id=person) == ["answer", "answer"]  # a repeat, flagged; never a loss


async def test_a_claim_that_lapsed_before_the_call_is_taken_over_without_a_flag(replica: MakeReplica) -> None:
    first, second = replica("first"), replica("second")
    [(person, ticket)] = await tickets(first, 1)
    await first.queue(_answer(ticket))
    async with first.sessionmaker() as session:  # claimed, and the replica died before the call
        assert len(await OutboxRepository(session, first.vault).claim_heads("first", SHORT_LEASE)) == 1
        await session.commit()
    assert await second.sender.send_due() == 0
    await asyncio.sleep(SHORT_LEASE.total_seconds() + 0.1)
    assert await second.sender.send_due() == 1
    row = (await second.outbox())[-1]
    assert row.status == OutboxStatus.SENT and not row.uncertain
    assert texts(first, second, chat_id=person) == ["answer"]


async def test_another_replica_starting_does_not_resend_what_one_is_sending(replica: MakeReplica) -> None:
    first, second = replica("first"), replica("second")
    [(person, ticket)] = await tickets(first, 1)
    await first.queue(_answer(ticket))
    in_call, finish = asyncio.Event(), asyncio.Event()

    async def slow(method: TelegramMethod[Any], call: Callable[[], Awaitable[Any]]) -> Any:
        in_call.set()
        await finish.wait()
        return await call()

    intercept(first, slow)
    sending = asyncio.create_task(first.sender.send_due())
    await in_call.wait()
    running = asyncio.create_task(second.sender.run())  # a replica starts while the row is in flight
    await asyncio.sleep(0.5)
    finish.set()
    await sending
    second.sender.stop()
    await asyncio.wait_for(running, timeout=10)
    row = (await first.outbox())[-1]
    assert row.status == OutboxStatus.SENT and not row.uncertain
    assert texts(first, second, chat_id=person) == ["answer"]


async def test_the_owner_renews_its_lease_while_a_send_takes_long(replica: MakeReplica) -> None:
    # renewed every 1 s; at 1.5 s a test run sharing two cores with model training let a renewal come late
    lease = timedelta(seconds=3)
    first, second = replica("first", lease=lease), replica("second", lease=lease)
    [(person, ticket)] = await tickets(first, 1)
    await first.queue(_answer(ticket))

    async def slow(method: TelegramMethod[Any], call: Callable[[], Awaitable[Any]]) -> Any:
        await asyncio.sleep(lease.total_seconds() * 2)  # e.g. waiting in the flood limiter: two leases long
        return await call()

    intercept(first, slow)
    loops = [asyncio.create_task(first.sender.run()), asyncio.create_task(second.sender.run())]
    await asyncio.sleep(lease.total_seconds() * 3)
    await first.sender.drain(timeout=10)
    for desk in (first, second):
        desk.sender.stop()
    await asyncio.wait_for(asyncio.gather(*loops), timeout=10)
    row = (await first.outbox())[-1]
    assert row.status == OutboxStatus.SENT and not row.uncertain
    assert texts(first, second, chat_id=person) == ["answer"]


async def test_two_replicas_send_every_row_once_and_each_lane_in_order(replica: MakeReplica) -> None:
    # Left to chance, one replica can claim every lane's head and re-claim each lane the moment its
    # head is sent, before the other polls again, and send everything. So: the second replica, which
    # holds at most half of the 12 lanes at once, starts alone and claims first; the first starts
    # once the second has a message in hand, finds the other lanes free, and the second sends
    # nothing until the first has a message in hand too.
    first, second = replica("first"), replica("second", concurrency=6)
    made = await tickets(first, 12)
    sent: list[tuple[int, str]] = []
    in_hand = {"first": asyncio.Event(), "second": asyncio.Event()}
    never: set[str] = set()  # what waited in vain (then it waits no more, and the test fails)

    def recorder(name: str, waits_for: str | None) -> Around:
        async def record(method: TelegramMethod[Any], call: Callable[[], Awaitable[Any]]) -> Any:
            in_hand[name].set()
            if waits_for and not never and not await within(in_hand[waits_for], 20):
                never.add(f"{waits_for} had a message in hand")
            await asyncio.sleep(0.002)  # let the other replica run in between
            result = await call()
            if isinstance(method, SendMessage):
                sent.append((int(method.chat_id), method.text))
            return result

        return record

    intercept(first, recorder("first", None))
    intercept(second, recorder("second", "first"))
    loops = [asyncio.create_task(second.sender.run())]
    for part in range(4):
        await first.queue(*(_answer(ticket, f"{person}:{part}") for person, ticket in made))
        first.sender.notify()
        second.sender.notify()
        if part == 0:
            if not await within(in_hand["second"], 20):
                never.add("second had a message in hand")
            loops.append(asyncio.create_task(first.sender.run()))
    await first.sender.drain(timeout=60)
    for desk in (first, second):
        desk.sender.stop()
    await asyncio.wait_for(asyncio.gather(*loops), timeout=10)
    assert not never, f"never: {never}"
    for person, _ in made:
        assert [text for chat, text in sent if chat == person] == [f"{person}:{part}" for part in range(4)]
    assert first.bot.calls_of(SendMessage) and second.bot.calls_of(SendMessage)  # both did some of the work
    rows = await first.outbox()
    assert all(row.status == OutboxStatus.SENT and not row.uncertain and row.claimed_by is None for row in rows)


async def test_the_next_due_time_is_when_this_replica_could_take_a_held_head(replica: MakeReplica) -> None:
    first = replica("first")
    made = await tickets(first, 2)
    for _, ticket in made:
        await first.queue(_answer(ticket, "1"), _answer(ticket, "2"))  # each "2" is due, behind its head
    async with first.sessionmaker() as session:
        repo = OutboxRepository(session, first.vault)
        [long] = await repo.claim_heads("other", timedelta(seconds=60), limit=1)
        [short] = await repo.claim_heads("other", timedelta(seconds=40), limit=1)
        await session.commit()
        assert long.lane != short.lane and short.lease_until is not None
        assert await repo.next_due_time() == short.lease_until  # not now: held heads, rows behind them
        # A held head whose retry comes after its lease is due at the retry.
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == short.id)
            .values(lease_until=utcnow() + timedelta(seconds=5), next_attempt_at=utcnow() + timedelta(seconds=50))
        )
        await session.commit()
        later = await session.get(OutboxMessage, short.id, populate_existing=True)
        assert later is not None and await repo.next_due_time() == later.next_attempt_at
        # A lapsed lease is due at once: the head is another replica's to take.
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.id == long.id).values(lease_until=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
        assert await repo.next_due_time() == long.next_attempt_at
        assert len(await repo.claim_heads("second", timedelta(seconds=30))) == 1


async def test_an_idle_replica_waits_for_the_lease_of_a_held_lane_then_takes_it_over(replica: MakeReplica) -> None:
    first, second = replica("first"), replica("second")
    made = await tickets(first, 2)
    for _, ticket in made:
        await first.queue(_answer(ticket, "1"), _answer(ticket, "2"))
    lease = timedelta(seconds=2)
    async with first.sessionmaker() as session:  # the first replica holds both lanes (and stops)
        held = await OutboxRepository(session, first.vault).claim_heads("first", lease)
        await session.commit()
    lapses = min(row.lease_until for row in held if row.lease_until is not None)
    assert len(held) == 2
    assert await second.sender._seconds_to_next_due() >= 0.5  # not the floor: nothing it may claim now
    polls: list[datetime] = []
    dispatch = second.sender._dispatch_due

    async def counted() -> int:
        polls.append(utcnow())
        return await dispatch()

    second.sender._dispatch_due = counted  # type: ignore[method-assign]
    all_sent = asyncio.Event()

    async def record(method: TelegramMethod[Any], call: Callable[[], Awaitable[Any]]) -> Any:
        result = await call()
        if len(second.bot.calls_of(SendMessage)) == 4:
            all_sent.set()
        return result

    intercept(second, record)
    running = asyncio.create_task(second.sender.run())
    taken_over = await within(all_sent, 30)  # the lease lapses: the second replica takes over
    second.sender.stop()
    await asyncio.wait_for(running, timeout=10)
    assert taken_over
    while_held = [at for at in polls if at < lapses]
    assert while_held and len(while_held) <= 8, f"{len(while_held)} polls while the lanes were held"
    for person, _ in made:
        assert texts(second, chat_id=person) == ["1", "2"]
    assert all(row.status == OutboxStatus.SENT and not row.uncertain for row in await second.outbox())


async def test_a_sender_with_every_slot_busy_waits_for_one_to_free(replica: MakeReplica) -> None:
    # More lanes due than slots (an announcement): while the only slot sends, nothing is asked of the database.
    solo = replica("solo", concurrency=1)
    made = await tickets(solo, 2)
    await solo.queue(*(_answer(ticket) for _, ticket in made))
    asked: list[float] = []
    next_due = solo.sender._seconds_to_next_due

    async def counted() -> float:
        asked.append(1.0)
        return await next_due()

    solo.sender._seconds_to_next_due = counted  # type: ignore[method-assign]
    sending = asyncio.Event()

    async def slow(method: TelegramMethod[Any], call: Callable[[], Awaitable[Any]]) -> Any:
        sending.set()
        await asyncio.sleep(1.0)
        return await call()

    intercept(solo, slow)
    running = asyncio.create_task(solo.sender.run())
    assert await within(sending, 10)
    asked.clear()
    await asyncio.sleep(0.8)  # the first send is under way, the second lane is due and waits for the slot
    while_busy = len(asked)
    await solo.sender.drain(timeout=30)
    solo.sender.stop()
    await asyncio.wait_for(running, timeout=10)
    assert while_busy <= 2, f"asked {while_busy} times while every slot was busy"
    assert len(solo.bot.calls_of(SendMessage)) == 2


async def within(event: asyncio.Event, seconds: float) -> bool:
    """Whether `event` is set within `seconds`."""
    try:
        await asyncio.wait_for(event.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


def _answer(ticket: Ticket, html: str = "answer") -> SendText:
    return SendText(ticket_id=ticket.id, user_id=ticket.user_id, html=html)
