"""A database written before states were enums and outbox rows were actions still works.

The rows are written with plain SQL at revision 0005, in the shapes the bot used then (status
strings, payload dicts without a version, `tickets.user_blocked`). After the upgrade they read as
enums and as typed actions, nothing is lost, and the waiting rows are delivered. On SQLite and on
PostgreSQL; the last migration is also undone and redone.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from aiogram.methods import (
    CloseForumTopic,
    CopyMessage,
    CopyMessages,
    DeleteForumTopic,
    DeleteMessage,
    EditForumTopic,
    EditMessageCaption,
    EditMessageText,
    ReopenForumTopic,
    SendMessage,
)
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from bot.outbox.actions import (
    AlbumFromStaff,
    AlbumToStaff,
    BroadcastCopy,
    CloseTopic,
    CopyFromStaff,
    CopyToStaff,
    EditCopy,
    EditRelay,
    ReopenTopic,
    RetitleTopic,
    SendText,
    StaffNotice,
)
from bot.outbox.keyboards import Button
from bot.outbox.queue import Outbox
from bot.outbox.staff_group_actions import DeleteMessages, DeleteTopic
from db.base import Base, UTCDateTime, utcnow
from db.engine import create_engine, create_sessionmaker
from db.enums import BroadcastStatus, Direction, GapKind, OutboxStatus, OutboxTarget, Role, TicketStatus
from db.migrate import alembic_config, upgrade_async
from db.models import Broadcast, ContentGap, OutboxMessage, Ticket, TicketMessage
from tests.conftest import STAFF_CHAT_ID
from tests.service.conftest import build_desk
from tests.service.mocked_bot import MockedBot

PERSON = 8880001
ADMIN = 900000001
BUTTONS = {"buttons": [[{"text": "Ответить", "callback_data": "c:write::T3ST:0:"}]]}
NOW = utcnow()


def table(name: str, **columns: sa.types.TypeEngine[Any]) -> sa.TableClause:
    return sa.table(name, *(sa.column(column, kind) for column, kind in columns.items()))


TEXT, INT, BOOL, TIME = sa.String(), sa.BigInteger(), sa.Boolean(), UTCDateTime()
USERS = table("users", id=INT, tg_hash=TEXT, tg_enc=TEXT, language=TEXT, created_at=TIME, updated_at=TIME,
              announcements=BOOL)  # fmt: skip
TICKETS = table("tickets", id=INT, code=TEXT, user_id=INT, role=TEXT, language=TEXT, status=TEXT, urgent=BOOL,
                thread_id=INT, header_message_id=INT, topic_title=TEXT, user_blocked=BOOL, created_at=TIME,
                selected_at=TIME, opened_at=TIME, last_activity_at=TIME, closed_at=TIME)  # fmt: skip
MESSAGES = table("ticket_messages", id=INT, ticket_id=INT, direction=TEXT, kind=TEXT, user_chat_message_id=INT,
                 staff_message_id=INT, created_at=TIME)  # fmt: skip
OUTBOX = table("outbox", id=INT, lane=TEXT, target=TEXT, action=TEXT, ticket_id=INT, user_id=INT,
               ticket_message_id=INT, broadcast_id=INT, media_group_id=TEXT, payload=sa.LargeBinary(), status=TEXT,
               attempts=INT, uncertain=BOOL, next_attempt_at=TIME, created_at=TIME)  # fmt: skip
BROADCASTS = table("broadcasts", id=INT, admin_enc=TEXT, audience=TEXT, status=TEXT, total=INT, skipped=INT,
                   created_at=TIME)  # fmt: skip
GAPS = table("content_gaps", id=INT, created_on=sa.Date(), kind=TEXT, query=TEXT, lang=TEXT)

# (action, lane, target, ticket_id, user_id, ticket_message_id, broadcast_id, media_group_id, payload) as written
# before, and the action each row must read as.
LEGACY_ROWS: list[tuple[tuple[Any, ...], Any]] = [
    (("copy", "t1:staff", "staff", 1, 1, 1, None, None, {"message_id": 11}),
     CopyToStaff(ticket_id=1, user_id=1, message_id=11, ticket_message_id=1)),
    (("copy", "t1:staff", "staff", 1, 1, 2, None, "g1", {"message_id": 12}),
     AlbumToStaff(ticket_id=1, user_id=1, media_group_id="g1", message_id=12, ticket_message_id=2)),
    (("notice", "t1:staff", "staff", 1, None, None, None, None, {"html": "note"}),
     StaffNotice(ticket_id=1, html="note")),
    (("notice", "staff", "staff", None, None, None, None, None, {"html": "general"}), StaffNotice(html="general")),
    (("edit_copy", "t1:staff", "staff", 1, None, 1, None, None, {"html": "fixed", "caption": False}),
     EditCopy(ticket_id=1, ticket_message_id=1, html="fixed", is_caption=False)),
    (("topic_title", "t1:staff", "staff", 1, None, None, None, None, {}), RetitleTopic(ticket_id=1)),
    (("close_topic", "t1:staff", "staff", 1, None, None, None, None, {}), CloseTopic(ticket_id=1)),
    (("reopen_topic", "t1:staff", "staff", 1, None, None, None, None, {}), ReopenTopic(ticket_id=1)),
    (("send_text", "t1:user", "user", 1, 1, 3, None, None, {"html": "<b>Юрист:</b>\nответ", "keyboard": BUTTONS}),
     SendText(ticket_id=1, user_id=1, html="<b>Юрист:</b>\nответ", ticket_message_id=3,
              keyboard=((Button("Ответить", "c:write::T3ST:0:"),),))),
    (("copy_from_staff", "t1:user", "user", 1, 1, 4, None, None,
      {"message_id": 21, "caption_html": "<b>Юрист:</b>", "keyboard": BUTTONS}),
     CopyFromStaff(ticket_id=1, user_id=1, message_id=21, ticket_message_id=4, caption_html="<b>Юрист:</b>",
                   keyboard=((Button("Ответить", "c:write::T3ST:0:"),),))),
    (("copy_from_staff", "t1:user", "user", 1, 1, 5, None, "g2", {"message_id": 22, "prefix_html": "<b>Юрист:</b>"}),
     AlbumFromStaff(ticket_id=1, user_id=1, media_group_id="g2", message_id=22, ticket_message_id=5,
                    prefix_html="<b>Юрист:</b>")),
    (("edit_relay", "t1:user", "user", 1, 1, 3, None, None,
      {"html": "<b>Юрист:</b>\nисправлено", "caption": True, "keyboard": BUTTONS}),
     EditRelay(ticket_id=1, user_id=1, ticket_message_id=3, html="<b>Юрист:</b>\nисправлено", is_caption=True,
               keyboard=((Button("Ответить", "c:write::T3ST:0:"),),))),
    (("broadcast_copy", "b1:1", "user", None, 1, None, 1, None, {"from_chat_id": ADMIN, "message_id": 31}),
     BroadcastCopy(broadcast_id=1, user_id=1, from_chat_id=ADMIN, message_id=31)),
    (("delete_topic", "staff", "staff", None, None, None, None, None, {"thread_id": 99}), DeleteTopic(thread_id=99)),
    (("delete_messages", "staff", "staff", None, None, None, None, None, {"message_ids": [7, 8]}),
     DeleteMessages(message_ids=(7, 8))),
]  # fmt: skip


async def write_old_rows(url: str, vault: Any) -> None:
    engine = create_engine(url)
    old = NOW - timedelta(minutes=5)
    async with engine.begin() as db:
        person = {"tg_hash": vault.hash_id(PERSON), "tg_enc": vault.encrypt_id(PERSON), "language": "ru"}
        await db.execute(USERS.insert().values(id=1, **person, created_at=old, updated_at=old, announcements=True))
        await db.execute(TICKETS.insert().values(
            id=1, code="T3ST", user_id=1, role="lawyer", language="ru", status="open", urgent=False, thread_id=555,
            header_message_id=556, topic_title="T3ST", user_blocked=True, created_at=old, selected_at=old,
            opened_at=old, last_activity_at=old, closed_at=None))  # fmt: skip
        for row_id, direction, user_copy, staff_copy in [(1, "in", 41, 51), (2, "in", 42, None), (3, "out", 43, 53),
                                                         (4, "out", None, 54), (5, "out", None, 55)]:  # fmt: skip
            await db.execute(MESSAGES.insert().values(id=row_id, ticket_id=1, direction=direction, kind="text",
                             user_chat_message_id=user_copy, staff_message_id=staff_copy, created_at=old))  # fmt: skip
        await db.execute(BROADCASTS.insert().values(id=1, admin_enc=vault.encrypt_id(ADMIN), audience="all",
                                                    status="sending", total=1, skipped=0, created_at=old))  # fmt: skip
        await db.execute(GAPS.insert().values(id=1, created_on=old.date(), kind="no-answer", query="q", lang="ru"))
        for index, ((action, lane, target, ticket, user, linked, broadcast, group, payload), _) in enumerate(
            LEGACY_ROWS
        ):
            await db.execute(OUTBOX.insert().values(
                id=index + 1, lane=lane, target=target, action=action, ticket_id=ticket, user_id=user,
                ticket_message_id=linked, broadcast_id=broadcast, media_group_id=group,
                payload=vault.encrypt(json.dumps(payload, ensure_ascii=False).encode()), status="pending",
                attempts=0, uncertain=False, next_attempt_at=old, created_at=old))  # fmt: skip
    await engine.dispose()


async def test_an_existing_database_upgrades_reads_and_delivers(database_url, vault, settings, i18n, crisis) -> None:
    await upgrade_async(database_url, "0005")
    await write_old_rows(database_url, vault)
    await upgrade_async(database_url)
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "0005")  # 0006 can be undone...
    await upgrade_async(database_url)  # ...and redone, with every row still there
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with engine.connect() as connection:
            columns = await connection.run_sync(lambda sync: {c["name"] for c in inspect(sync).get_columns("tickets")})
        assert "user_blocked" not in columns and "taken_by" in columns
        async with sessionmaker() as session:
            ticket = await session.get(Ticket, 1)
            assert (ticket.status, ticket.role) == (TicketStatus.OPEN, Role.LAWYER)
            assert isinstance(ticket.status, TicketStatus) and isinstance(ticket.role, Role)
            directions = (await session.execute(select(TicketMessage.direction).order_by(TicketMessage.id))).scalars()
            assert list(directions) == [Direction.IN] * 2 + [Direction.OUT] * 3
            assert (await session.get(Broadcast, 1)).status is BroadcastStatus.SENDING
            assert (await session.get(ContentGap, 1)).kind is GapKind.NO_ANSWER
            rows = list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())
            assert len(rows) == len(LEGACY_ROWS)  # nothing cascaded away with the dropped column
            assert {row.status for row in rows} == {OutboxStatus.PENDING}
            assert {row.target for row in rows} == {OutboxTarget.STAFF, OutboxTarget.USER}
            outbox = Outbox(session, vault)
            assert [outbox.read(row) for row in rows] == [expected for _, expected in LEGACY_ROWS]

        bot = MockedBot()
        bot.make_forum(STAFF_CHAT_ID)
        desk = build_desk(bot, sessionmaker, vault, settings, i18n, crisis, album_grace=timedelta(0))
        for _ in range(30):
            if not await desk.sender.send_due():
                break
        rows = await desk.outbox()
        assert [row.status for row in rows] == [OutboxStatus.SENT] * len(LEGACY_ROWS), [r.result for r in rows]
        called = {type(call) for call in bot.calls}
        assert called >= {CopyMessage, CopyMessages, SendMessage, EditMessageText, EditMessageCaption, EditForumTopic,
                          CloseForumTopic, ReopenForumTopic, DeleteForumTopic, DeleteMessage}  # fmt: skip
        album = next(call for call in bot.calls_of(CopyMessages) if call.chat_id == STAFF_CHAT_ID)
        assert album.message_ids == [12] and album.message_thread_id == 555  # the topic the old rows knew
    finally:
        await engine.dispose()


async def test_the_migrations_build_exactly_the_models(database_url) -> None:
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
    finally:
        await engine.dispose()
    assert differences == []
