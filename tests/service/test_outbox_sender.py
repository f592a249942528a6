"""The outbox sender: order, in-flight marking, retries, and what each Telegram error leads to."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import (
    CopyMessage,
    CopyMessages,
    CreateForumTopic,
    EditMessageText,
    ReopenForumTopic,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import Message
from sqlalchemy import select, update

from bot.outbox.actions import BroadcastCopy, SendText, StaffNotice
from bot.outbox.sender import MAX_BACKOFF
from bot.services.consultations import ConsultationService
from db.base import utcnow
from db.enums import OutboxStatus
from db.models import Broadcast, OutboxMessage, Ticket
from db.repositories.outbox import OutboxRepository
from tests.conftest import STAFF_CHAT_ID
from tests.service.desk import Desk
from tests.service.factories import edited, in_topic, person, private

PERSON = 6660001
BLOCKED = "Forbidden: bot was blocked by the user"


@pytest.fixture
async def code(desk: Desk) -> str:
    """An open ticket whose first message reached its topic; no calls recorded yet."""
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    await desk.writes(PERSON, code, private(person(PERSON), "first question"))
    await desk.deliver()
    desk.bot.calls.clear()
    return code


async def make_all_due(desk: Desk) -> None:
    async with desk.sessionmaker() as session:
        await session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        await session.commit()


async def deliver_timed(desk: Desk) -> tuple[datetime, datetime]:
    """Deliver, and the clock just before and just after: a retry time is checked within these."""
    before = utcnow()
    await desk.deliver()
    return before, utcnow()


def waits(row: OutboxMessage, seconds: float, window: tuple[datetime, datetime]) -> bool:
    """The row waits `seconds` from the moment it failed (somewhere inside `window`)."""
    before, after = window
    return before + timedelta(seconds=seconds) <= row.next_attempt_at <= after + timedelta(seconds=seconds)


def texts(desk: Desk, chat_id: int) -> list[str]:
    return [call.text for call in desk.bot.calls_of(SendMessage) if call.chat_id == chat_id]


async def test_a_lane_waits_for_its_head_and_nothing_is_sent_twice(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    await desk.queue(*(SendText(ticket_id=ticket.id, user_id=ticket.user_id, html=f"part {n}") for n in range(3)))
    desk.bot.fail(SendMessage, 429, "Too Many Requests: retry after 7", retry_after=7)
    window = await deliver_timed(desk)
    rows = [row for row in await desk.outbox() if row.lane.endswith(":user")]
    assert [row.status for row in rows] == [OutboxStatus.PENDING] * 3  # the head waits; the rest wait behind it
    assert rows[0].result == "429" and rows[0].attempts == 1 and rows[1].attempts == 0
    assert waits(rows[0], 7, window)
    await make_all_due(desk)
    await desk.deliver()
    assert texts(desk, PERSON) == ["part 0", "part 0", "part 1", "part 2"]  # the 429 was not delivered
    assert all(row.status == OutboxStatus.SENT and row.payload == b"" for row in await desk.outbox())


async def test_a_row_is_in_flight_during_the_call_and_sent_after_it(desk: Desk, code: str, monkeypatch) -> None:
    ticket = await desk.ticket(code)
    await desk.queue(SendText(ticket_id=ticket.id, user_id=ticket.user_id, html="answer"))
    seen: list[OutboxStatus] = []
    send = desk.bot.send_message

    async def looking(*args: Any, **kwargs: Any) -> Message:
        async with desk.sessionmaker() as session:
            seen.append(await session.scalar(select(OutboxMessage.status).order_by(OutboxMessage.id.desc())))
        return await send(*args, **kwargs)

    monkeypatch.setattr(desk.bot, "send_message", looking)
    await desk.deliver()
    row = (await desk.outbox())[-1]
    assert seen == [OutboxStatus.INFLIGHT]
    assert row.status == OutboxStatus.SENT and row.result is not None and not row.uncertain


async def test_a_crash_after_the_call_repeats_it_once_flagged_uncertain(desk: Desk, code: str, monkeypatch) -> None:
    ticket = await desk.ticket(code)
    await desk.queue(SendText(ticket_id=ticket.id, user_id=ticket.user_id, html="answer"))
    send = desk.bot.send_message

    async def then_killed(*args: Any, **kwargs: Any) -> Message:
        await send(*args, **kwargs)
        raise asyncio.CancelledError  # the process dies before the result is recorded

    monkeypatch.setattr(desk.bot, "send_message", then_killed)
    with pytest.raises(asyncio.CancelledError):
        await desk.sender.send_due()
    assert (await desk.outbox())[-1].status == OutboxStatus.INFLIGHT
    monkeypatch.setattr(desk.bot, "send_message", send)
    assert await desk.sender.recover() == 1  # the next start
    await desk.deliver()
    row = (await desk.outbox())[-1]
    assert texts(desk, PERSON) == ["answer", "answer"]  # a repeat, never a loss
    assert row.status == OutboxStatus.SENT and row.uncertain


async def test_5xx_and_timeouts_back_off_exponentially(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    await desk.queue(SendText(ticket_id=ticket.id, user_id=ticket.user_id, html="answer"))
    desk.bot.fail(SendMessage, 502, "Bad Gateway", times=2)
    for attempt, seconds in ((1, 1), (2, 2)):
        window = await deliver_timed(desk)
        row = (await desk.outbox())[-1]
        assert (row.status, row.result, row.attempts) == (OutboxStatus.PENDING, "TelegramServerError", attempt)
        assert waits(row, seconds, window)
        await make_all_due(desk)
    await desk.deliver()
    assert texts(desk, PERSON) == ["answer"] * 3


async def test_a_crash_inside_the_sender_reschedules_the_row(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    await desk.queue(SendText(ticket_id=ticket.id, user_id=ticket.user_id, html="answer"))

    def broken(_method: TelegramMethod) -> object:
        raise RuntimeError("a bug")

    desk.bot.answer(SendMessage, broken)
    window = await deliver_timed(desk)
    row = (await desk.outbox())[-1]
    assert (row.status, row.result, row.attempts) == (OutboxStatus.PENDING, "internal-error", 1)
    assert waits(row, 1, window)


async def test_403_holds_the_answers_tells_staff_once_and_unblocking_releases_them(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    desk.bot.fail(SendMessage, 403, BLOCKED)
    await desk.answers(in_topic(ticket.thread_id, "Вот адреса приютов."))
    await desk.deliver()
    assert (await desk.user(ticket.user_id)).blocked_bot_at is not None
    assert [row.status for row in await desk.outbox()][-2:] == [OutboxStatus.HELD, OutboxStatus.SENT]
    blocked_notice = desk.staff_text("staff-user-blocked", code=code)
    assert texts(desk, STAFF_CHAT_ID) == [blocked_notice]
    # my_chat_member "kicked" arrives too: no second notice.
    await desk.as_person(PERSON, lambda service, user: service.set_blocked(user, blocked=True))
    await desk.deliver()
    assert texts(desk, STAFF_CHAT_ID) == [blocked_notice]

    await desk.as_person(PERSON, lambda service, user: service.set_blocked(user, blocked=False))
    await desk.deliver()
    assert texts(desk, PERSON)[-1].endswith("Вот адреса приютов.")
    assert texts(desk, STAFF_CHAT_ID)[-1] == desk.staff_text("staff-user-unblocked", code=code)
    assert (await desk.user(ticket.user_id)).blocked_bot_at is None


async def test_403_on_an_announcement_skips_the_person_and_remembers_it(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    async with desk.sessionmaker() as session:
        broadcast = Broadcast(admin_enc=desk.vault.encrypt_id(900000001), audience="all", total=1)
        session.add(broadcast)
        await session.commit()
    await desk.queue(
        BroadcastCopy(broadcast_id=broadcast.id, user_id=ticket.user_id, from_chat_id=900000001, message_id=5)
    )
    desk.bot.fail(CopyMessage, 403, BLOCKED)
    await desk.deliver()
    row = (await desk.outbox())[-2]
    assert (row.status, row.result) == (OutboxStatus.FAILED, "blocked")
    assert (await desk.user(ticket.user_id)).blocked_bot_at is not None
    async with desk.sessionmaker() as session:
        counts = await OutboxRepository(session, desk.vault).broadcast_counts(broadcast.id)
    assert counts == {"sent": 0, "blocked": 1, "failed": 0, "active": 0}
    assert texts(desk, STAFF_CHAT_ID) == [desk.staff_text("staff-user-blocked", code=code)]


async def test_403_from_the_staff_group_waits_long(desk: Desk, code: str) -> None:
    desk.bot.fail(CopyMessage, 403, "Forbidden: bot was kicked from the supergroup chat")
    await desk.writes(PERSON, code, private(person(PERSON), "second"))
    window = await deliver_timed(desk)
    row = (await desk.outbox())[-1]
    assert (row.status, row.result) == (OutboxStatus.PENDING, "forbidden-in-staff-group")
    assert waits(row, MAX_BACKOFF, window)
    assert (await desk.user((await desk.ticket(code)).user_id)).blocked_bot_at is None


async def test_a_deleted_topic_is_recreated_with_the_recent_history(desk: Desk, code: str) -> None:
    old_thread = (await desk.ticket(code)).thread_id
    await desk.writes(PERSON, code, private(person(PERSON), "second"))
    await desk.deliver()
    old_copies = {m.staff_message_id for m in await desk.ticket_messages(code)}
    desk.bot.calls.clear()
    desk.bot.fail(CopyMessage, 400, "Bad Request: message thread not found")
    await desk.writes(PERSON, code, private(person(PERSON), "third"))
    await desk.deliver()
    ticket = await desk.ticket(code)
    assert ticket.thread_id != old_thread
    kinds = [type(call).__name__ for call in desk.bot.calls]
    assert kinds == ["CopyMessage", "CreateForumTopic", "SendMessage", "CopyMessage", "CopyMessage", "CopyMessage"]
    header = desk.bot.calls_of(SendMessage)[0]
    assert desk.staff_text("staff-topic-recreated") in header.text
    assert all(call.message_thread_id == ticket.thread_id for call in desk.bot.calls_of(CopyMessage)[1:])
    sources = [call.message_id for call in desk.bot.calls_of(CopyMessage)[1:]]
    messages = await desk.ticket_messages(code)
    assert sources == [m.user_chat_message_id for m in messages]  # the history, in order, then the new one
    new_copies = {m.staff_message_id for m in messages}
    assert (
        len(new_copies) == 3 and None not in new_copies and not new_copies & old_copies
    )  # replies map to the new topic


async def test_a_topic_closed_by_hand_is_reopened_and_a_closed_ticket_closed_again(desk: Desk, code: str) -> None:
    desk.bot.fail(CopyMessage, 400, "Bad Request: TOPIC_CLOSED")
    await desk.writes(PERSON, code, private(person(PERSON), "second"))
    await desk.deliver()
    assert [type(call) for call in desk.bot.calls] == [CopyMessage, ReopenForumTopic, CopyMessage]
    assert (await desk.outbox())[-1].status == OutboxStatus.SENT

    await desk.on_ticket(code, lambda service, ticket: service.close_by_staff(ticket))
    await desk.deliver()
    desk.bot.calls.clear()
    desk.bot.fail(SendMessage, 400, "Bad Request: TOPIC_CLOSED")
    await desk.on_ticket(code, notify_closed)
    await desk.deliver()
    names = [type(call).__name__ for call in desk.bot.calls]
    assert names == ["SendMessage", "ReopenForumTopic", "SendMessage", "CloseForumTopic"]


async def notify_closed(service: ConsultationService, ticket: Ticket) -> None:
    """What the staff handler does when someone writes in a closed ticket's topic."""
    service.notify_staff(ticket, "staff-ticket-closed")


async def test_a_group_without_topics_gets_replies_to_the_header(desk: Desk) -> None:
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    desk.bot.fail(CreateForumTopic, 400, "Bad Request: the chat is not a forum")
    await desk.writes(PERSON, code, private(person(PERSON), "question"))
    await desk.deliver()
    names = [type(call).__name__ for call in desk.bot.calls]
    assert names == ["GetChat", "CreateForumTopic", "SendMessage", "CopyMessage"]
    header, copy = desk.bot.calls[2:]
    ticket = await desk.ticket(code)
    assert ticket.thread_id is None and ticket.header_message_id is not None
    assert header.message_thread_id is None and copy.reply_parameters.message_id == ticket.header_message_id
    # A consultant answers by replying to the copy.
    copy_id = (await desk.ticket_messages(code))[0].staff_message_id
    assert await desk.answers(in_topic(None, "answer by reply", reply_to=copy_id))


async def test_a_message_deleted_before_its_copy_fails_and_staff_are_told(desk: Desk, code: str) -> None:
    desk.bot.fail(CopyMessage, 400, "Bad Request: message to copy not found")
    await desk.writes(PERSON, code, private(person(PERSON), "deleted soon"))
    await desk.deliver()
    failed = [row for row in await desk.outbox() if row.status == OutboxStatus.FAILED]
    assert len(failed) == 1 and failed[0].result.startswith("uncopyable:")
    assert texts(desk, STAFF_CHAT_ID) == [desk.staff_text("staff-message-gone", code=code)]


async def test_other_refusals_fail_the_row_without_retrying_and_staff_are_told(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    await desk.queue(SendText(ticket_id=ticket.id, user_id=ticket.user_id, html="<b>broken"))
    desk.bot.fail(SendMessage, 400, "Bad Request: can't parse entities")
    await desk.deliver()
    refused = next(row for row in await desk.outbox() if row.status == OutboxStatus.FAILED)
    assert refused.result == "refused:Bad Request: can't parse entities"
    # Tried once, never again; the topic hears that the person did not get it.
    assert len([call for call in desk.bot.calls_of(SendMessage) if call.chat_id != STAFF_CHAT_ID]) == 1
    assert texts(desk, STAFF_CHAT_ID) == [desk.staff_text("staff-relay-failed", code=code)]


async def test_an_edit_that_changes_nothing_counts_as_done(desk: Desk, code: str) -> None:
    first = (await desk.ticket_messages(code))[0]
    desk.bot.fail(EditMessageText, 400, "Bad Request: message is not modified: specified new message content")
    original = private(person(PERSON), "first question").model_copy(update={"message_id": first.user_chat_message_id})
    assert await desk.as_person(PERSON, lambda service, user: service.user_edited(user, edited(original, "same")))
    await desk.deliver()
    row = (await desk.outbox())[-1]
    assert (row.status, row.result) == (OutboxStatus.SENT, "not-modified")


async def test_album_items_wait_for_each_other_then_go_as_one(desk: Desk, code: str) -> None:
    desk.sender.album_grace = timedelta(seconds=30)
    for _ in range(3):
        await desk.writes(PERSON, code, private(person(PERSON), kind="photo", media_group_id="album-1"))
    await desk.deliver()
    assert desk.bot.calls == []
    assert {row.result for row in (await desk.outbox())[-3:]} == {"waiting-for-album"}
    async with desk.sessionmaker() as session:
        await session.execute(update(OutboxMessage).values(created_at=utcnow() - timedelta(minutes=1)))
        await session.commit()
    await make_all_due(desk)
    await desk.deliver()
    (call,) = desk.bot.calls
    assert isinstance(call, CopyMessages) and len(call.message_ids) == 3
    messages = await desk.ticket_messages(code)
    assert all(m.staff_message_id is not None for m in messages)


async def test_an_unreadable_row_fails_instead_of_blocking_its_lane(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    async with desk.sessionmaker() as session:
        OutboxRepository(session, desk.vault).add(
            lane=StaffNotice(ticket_id=ticket.id, html="").lane,
            target=StaffNotice.target,
            action="no-such",
            payload={"v": 1},
        )
        await session.commit()
    await desk.queue(StaffNotice(ticket_id=ticket.id, html="after it"))
    await desk.deliver()
    rows = await desk.outbox()
    assert [row.status for row in rows[-2:]] == [OutboxStatus.FAILED, OutboxStatus.SENT]
    assert texts(desk, STAFF_CHAT_ID) == ["after it"]


async def test_the_loop_sends_lanes_in_parallel_each_in_order_and_stops_cleanly(file_desk: Desk) -> None:
    desk = file_desk
    people = [PERSON + n for n in range(1, 5)]
    codes = []
    for telegram_id in people:
        await desk.person(telegram_id)
        codes.append(await desk.open(telegram_id))
    running = asyncio.create_task(desk.sender.run())
    for round_ in range(3):
        for telegram_id, code in zip(people, codes, strict=True):
            await desk.writes(telegram_id, code, private(person(telegram_id), f"{telegram_id}:{round_}"))
        desk.sender.notify()
    await desk.sender.drain(timeout=20)
    desk.sender.stop()
    await asyncio.wait_for(running, timeout=5)
    assert not desk.sender.busy and await desk.sender.pending() == 0
    for telegram_id in people:
        copied = [call.message_id for call in desk.bot.calls_of(CopyMessage) if call.from_chat_id == telegram_id]
        assert copied == sorted(copied) and len(copied) == 3  # each person's messages in the order written
