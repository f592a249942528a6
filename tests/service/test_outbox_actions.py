"""Every outbox action: it survives its row, and its `execute()` makes the right Telegram call."""

from __future__ import annotations

import pytest
from aiogram.methods import (
    CloseForumTopic,
    CopyMessage,
    CopyMessages,
    CreateForumTopic,
    DeleteForumTopic,
    DeleteMessage,
    EditForumTopic,
    EditMessageCaption,
    EditMessageText,
    ReopenForumTopic,
    SendMessage,
)
from sqlalchemy import update

from bot.outbox.actions import (
    Action,
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
from bot.outbox.delivery import Delivery
from bot.outbox.errors import PermanentFailure
from bot.outbox.keyboards import Button
from bot.outbox.lanes import STAFF_ADMIN_LANE
from bot.outbox.queue import Outbox
from bot.outbox.registry import ACTIONS
from bot.outbox.staff_group_actions import DeleteMessages, DeleteTopic, LastWord
from bot.services.staff_header import TAKEN_MARK, topic_title
from db.enums import Direction, OutboxTarget
from db.models import Ticket, TicketMessage
from tests.conftest import STAFF_CHAT_ID
from tests.service.desk import Desk
from tests.service.factories import person, private

PERSON = 5550001
KEYBOARD = ((Button("Reply", "c:write:::0:"),), (Button("⭐", "c:rate"), Button("⭐⭐", "c:rate2")))


async def execute(desk: Desk, action: Action) -> str | None:
    async with desk.sessionmaker() as session:
        delivery = Delivery(desk.bot, session, desk.vault, desk.settings.staff_chat_id, desk.topics)
        result = await action.execute(delivery)
        await session.commit()
        return result


@pytest.fixture
async def ticket(desk: Desk) -> Ticket:
    """An open ticket with its topic, the person's first message copied in; no calls recorded yet."""
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    await desk.writes(PERSON, code, private(person(PERSON), "first question"))
    await desk.deliver()
    desk.bot.calls.clear()
    return await desk.ticket(code)


async def message_row(desk: Desk, ticket: Ticket, direction: Direction, **ids: int) -> int:
    async with desk.sessionmaker() as session:
        row = TicketMessage(ticket_id=ticket.id, direction=direction, kind="text", **ids)
        session.add(row)
        await session.commit()
        return row.id


def samples() -> list[Action]:
    who = {"ticket_id": 3, "user_id": 4}
    return [
        SendText(**who, html="<b>Юрист</b>\nответ", keyboard=KEYBOARD, ticket_message_id=9),
        CopyFromStaff(**who, message_id=11, ticket_message_id=9, caption_html="<b>Врач</b>", keyboard=KEYBOARD),
        AlbumFromStaff(**who, media_group_id="g1", message_id=12, ticket_message_id=9, prefix_html="<b>Юрист</b>"),
        EditRelay(**who, ticket_message_id=9, html="new", is_caption=True, keyboard=None),
        BroadcastCopy(broadcast_id=2, user_id=4, from_chat_id=900000001, message_id=13),
        CopyToStaff(**who, message_id=14, ticket_message_id=9),
        AlbumToStaff(**who, media_group_id="g2", message_id=15, ticket_message_id=9),
        StaffNotice(ticket_id=3, html="note"),
        EditCopy(ticket_id=3, ticket_message_id=9, html="", is_caption=False),
        CloseTopic(ticket_id=3),
        ReopenTopic(ticket_id=3),
        RetitleTopic(ticket_id=3),
        DeleteTopic(thread_id=77),
        DeleteMessages(message_ids=(5, 6, 7)),
        LastWord(thread_id=77, header_message_id=5, html="<b>gone</b>", title="✅ #T3ST"),
    ]


async def test_every_action_is_read_back_from_its_row_unchanged(desk: Desk) -> None:
    actions = samples()
    assert {action.kind for action in actions} == set(ACTIONS)  # a new action needs a sample here
    async with desk.sessionmaker() as session:
        outbox = Outbox(session, desk.vault)
        rows = [outbox.put(action) for action in actions]
        for action, row in zip(actions, rows, strict=True):
            payload = outbox.rows.payload(row)
            assert payload["v"] == 1 and not {"ticket_id", "user_id", "ticket_message_id"} & set(payload)
            assert (row.lane, row.target, row.action) == (action.lane, action.target, action.kind)
            assert outbox.read(row) == action
            assert b"ticket_id" not in row.payload  # encrypted, like everything in the payload


def test_lanes_keep_one_ticket_direction_in_order() -> None:
    assert SendText(ticket_id=3, user_id=4, html="x").lane == "t3:user"
    assert CopyToStaff(ticket_id=3, user_id=4, message_id=1).lane == "t3:staff"
    assert StaffNotice(ticket_id=3, html="x").lane == "t3:staff"
    assert StaffNotice(html="x").lane == DeleteTopic(thread_id=1).lane == STAFF_ADMIN_LANE
    assert BroadcastCopy(broadcast_id=2, user_id=4, from_chat_id=1, message_id=1).lane == "b2:4"
    assert {SendText.target, BroadcastCopy.target} == {OutboxTarget.USER}


# -- to the person -----------------------------------------------------------------------------------
async def test_send_text_goes_to_the_person_with_its_keyboard_and_is_linked(desk: Desk, ticket: Ticket) -> None:
    linked = await message_row(desk, ticket, Direction.OUT, staff_message_id=500)
    action = SendText(
        ticket_id=ticket.id, user_id=ticket.user_id, html="<b>A</b>", keyboard=KEYBOARD, ticket_message_id=linked
    )
    result = await execute(desk, action)
    (call,) = desk.bot.calls_of(SendMessage)
    assert call.chat_id == PERSON and call.text == "<b>A</b>"
    assert [[b.text for b in row] for row in call.reply_markup.inline_keyboard] == [["Reply"], ["⭐", "⭐⭐"]]
    rows = await desk.ticket_messages(ticket.code)
    assert rows[-1].user_chat_message_id == int(result)


async def test_copy_from_staff_copies_the_consultants_message_with_the_role_caption(desk: Desk, ticket: Ticket) -> None:
    linked = await message_row(desk, ticket, Direction.OUT, staff_message_id=501)
    action = CopyFromStaff(
        ticket_id=ticket.id, user_id=ticket.user_id, message_id=501, ticket_message_id=linked, caption_html="<b>R</b>"
    )
    result = await execute(desk, action)
    (call,) = desk.bot.calls_of(CopyMessage)
    assert (call.chat_id, call.from_chat_id, call.message_id, call.caption) == (PERSON, STAFF_CHAT_ID, 501, "<b>R</b>")
    assert (await desk.ticket_messages(ticket.code))[-1].user_chat_message_id == int(result)


async def test_album_from_staff_sends_the_role_then_one_album(desk: Desk, ticket: Ticket) -> None:
    first = await message_row(desk, ticket, Direction.OUT, staff_message_id=601)
    second = await message_row(desk, ticket, Direction.OUT, staff_message_id=602)
    parts = [
        AlbumFromStaff(ticket_id=ticket.id, user_id=ticket.user_id, media_group_id="g", message_id=601,
                       ticket_message_id=first, prefix_html="<b>R</b>"),
        AlbumFromStaff(ticket_id=ticket.id, user_id=ticket.user_id, media_group_id="g", message_id=602,
                       ticket_message_id=second, prefix_html="<b>R</b>"),
    ]  # fmt: skip
    async with desk.sessionmaker() as session:
        delivery = Delivery(desk.bot, session, desk.vault, STAFF_CHAT_ID, desk.topics)
        result = await AlbumFromStaff.execute_album(delivery, parts)
        await session.commit()
    assert [type(call) for call in desk.bot.calls] == [SendMessage, CopyMessages]
    assert desk.bot.calls[0].text == "<b>R</b>" and desk.bot.calls[1].message_ids == [601, 602]
    copies = [m.user_chat_message_id for m in (await desk.ticket_messages(ticket.code))[-2:]]
    assert ",".join(map(str, copies)) == result


async def test_edit_relay_edits_the_persons_copy_text_or_caption(desk: Desk, ticket: Ticket) -> None:
    linked = await message_row(desk, ticket, Direction.OUT, staff_message_id=502, user_chat_message_id=77)
    who = {"ticket_id": ticket.id, "user_id": ticket.user_id, "ticket_message_id": linked}
    await execute(desk, EditRelay(**who, html="<b>R</b>\nnew", is_caption=False, keyboard=KEYBOARD))
    await execute(desk, EditRelay(**who, html="<b>R</b>\ncap", is_caption=True))
    (text,) = desk.bot.calls_of(EditMessageText)
    (caption,) = desk.bot.calls_of(EditMessageCaption)
    assert (text.chat_id, text.message_id, text.text) == (PERSON, 77, "<b>R</b>\nnew")
    assert text.reply_markup is not None
    assert (caption.chat_id, caption.message_id, caption.caption) == (PERSON, 77, "<b>R</b>\ncap")


async def test_an_edit_of_a_message_never_delivered_cannot_succeed(desk: Desk, ticket: Ticket) -> None:
    linked = await message_row(desk, ticket, Direction.OUT, staff_message_id=503)
    who = {"ticket_id": ticket.id, "user_id": ticket.user_id, "ticket_message_id": linked}
    with pytest.raises(PermanentFailure):
        await execute(desk, EditRelay(**who, html="x", is_caption=False))
    with pytest.raises(PermanentFailure):
        await execute(desk, EditCopy(ticket_id=ticket.id, ticket_message_id=linked + 1000, html="x", is_caption=False))
    assert desk.bot.calls == []


async def test_broadcast_copy_copies_the_admins_message(desk: Desk, ticket: Ticket) -> None:
    await execute(desk, BroadcastCopy(broadcast_id=1, user_id=ticket.user_id, from_chat_id=900000001, message_id=8))
    (call,) = desk.bot.calls_of(CopyMessage)
    assert (call.chat_id, call.from_chat_id, call.message_id) == (PERSON, 900000001, 8)


async def test_a_person_whose_data_is_gone_cannot_be_sent_to(desk: Desk, ticket: Ticket) -> None:
    with pytest.raises(PermanentFailure):
        await execute(desk, SendText(ticket_id=ticket.id, user_id=ticket.user_id + 99, html="x"))


# -- to the staff group ------------------------------------------------------------------------------
async def test_copy_to_staff_copies_into_the_topic_and_links_the_copy(desk: Desk, ticket: Ticket) -> None:
    linked = await message_row(desk, ticket, Direction.IN, user_chat_message_id=42)
    action = CopyToStaff(ticket_id=ticket.id, user_id=ticket.user_id, message_id=42, ticket_message_id=linked)
    result = await execute(desk, action)
    (call,) = desk.bot.calls
    assert isinstance(call, CopyMessage)
    assert (call.chat_id, call.from_chat_id, call.message_id) == (STAFF_CHAT_ID, PERSON, 42)
    assert call.message_thread_id == ticket.thread_id
    assert (await desk.ticket_messages(ticket.code))[-1].staff_message_id == int(result)


async def test_album_to_staff_is_one_copy_messages_into_the_topic(desk: Desk, ticket: Ticket) -> None:
    parts = [
        AlbumToStaff(ticket_id=ticket.id, user_id=ticket.user_id, media_group_id="g", message_id=n)
        for n in (43, 44, 45)
    ]
    async with desk.sessionmaker() as session:
        delivery = Delivery(desk.bot, session, desk.vault, STAFF_CHAT_ID, desk.topics)
        await AlbumToStaff.execute_album(delivery, parts)
    (call,) = desk.bot.calls
    assert isinstance(call, CopyMessages) and call.message_ids == [43, 44, 45]
    assert (call.from_chat_id, call.message_thread_id) == (PERSON, ticket.thread_id)


async def test_staff_notice_goes_to_the_topic_or_to_the_group(desk: Desk, ticket: Ticket) -> None:
    await execute(desk, StaffNotice(ticket_id=ticket.id, html="in topic"))
    await execute(desk, StaffNotice(html="in the group"))
    in_topic, in_group = desk.bot.calls_of(SendMessage)
    assert (in_topic.text, in_topic.message_thread_id) == ("in topic", ticket.thread_id)
    assert (in_group.text, in_group.message_thread_id) == ("in the group", None)


async def test_edit_copy_edits_the_staff_copy(desk: Desk, ticket: Ticket) -> None:
    linked = await message_row(desk, ticket, Direction.IN, user_chat_message_id=46, staff_message_id=88)
    await execute(desk, EditCopy(ticket_id=ticket.id, ticket_message_id=linked, html="fixed", is_caption=False))
    await execute(desk, EditCopy(ticket_id=ticket.id, ticket_message_id=linked, html="", is_caption=True))
    (text,) = desk.bot.calls_of(EditMessageText)
    (caption,) = desk.bot.calls_of(EditMessageCaption)
    assert (text.chat_id, text.message_id, text.text) == (STAFF_CHAT_ID, 88, "fixed")
    assert (caption.message_id, caption.caption) == (88, None)  # a caption removed


async def test_topic_actions_close_reopen_and_retitle_only_when_the_title_changed(desk: Desk, ticket: Ticket) -> None:
    await execute(desk, CloseTopic(ticket_id=ticket.id))
    await execute(desk, ReopenTopic(ticket_id=ticket.id))
    await execute(desk, RetitleTopic(ticket_id=ticket.id))  # nothing changed: no call
    assert [type(call) for call in desk.bot.calls] == [CloseForumTopic, ReopenForumTopic]
    async with desk.sessionmaker() as session:
        await session.execute(
            update(Ticket).where(Ticket.id == ticket.id).values(taken_by="hash", taken_by_name="Aziz", urgent=True)
        )
        await session.commit()
    await execute(desk, RetitleTopic(ticket_id=ticket.id))
    (edit,) = desk.bot.calls_of(EditForumTopic)
    assert (
        edit.name
        == f"🚨 #{ticket.code} · ⚖️ · Русский · {TAKEN_MARK} Aziz"
        == topic_title(await desk.ticket(ticket.code))
    )
    assert (await desk.ticket(ticket.code)).topic_title == edit.name


async def test_topic_actions_accept_a_topic_already_so_or_gone(desk: Desk, ticket: Ticket) -> None:
    desk.bot.fail(CloseForumTopic, 400, "Bad Request: TOPIC_NOT_MODIFIED")
    desk.bot.fail(ReopenForumTopic, 400, "Bad Request: message thread not found")
    await execute(desk, CloseTopic(ticket_id=ticket.id))
    await execute(desk, ReopenTopic(ticket_id=ticket.id))
    desk.bot.fail(CloseForumTopic, 400, "Bad Request: CHAT_ADMIN_REQUIRED")
    with pytest.raises(Exception, match="CHAT_ADMIN_REQUIRED"):
        await execute(desk, CloseTopic(ticket_id=ticket.id))


async def test_delete_topic_and_messages_ignore_what_is_already_gone(desk: Desk) -> None:
    desk.bot.fail(DeleteMessage, 400, "Bad Request: message to delete not found")
    await execute(desk, DeleteTopic(thread_id=321))
    await execute(desk, DeleteMessages(message_ids=(1, 2)))
    assert [type(call) for call in desk.bot.calls] == [DeleteForumTopic, DeleteMessage, DeleteMessage]
    assert desk.bot.calls_of(DeleteForumTopic)[0].message_thread_id == 321


async def test_the_first_staff_message_creates_the_topic_with_a_header(desk: Desk) -> None:
    await desk.person(PERSON, "uz")
    code = await desk.open(PERSON, "doctor", "uz")
    await desk.writes(PERSON, code, private(person(PERSON), "savol"))
    await desk.deliver()
    created, header, copy = desk.bot.calls[1:]  # after getChat
    assert isinstance(created, CreateForumTopic) and created.name == f"#{code} · 🩺 · Oʻzbekcha"
    assert header.text.startswith(
        desk.staff_text("staff-header", code=code, role=desk.staff_text("consult-role-doctor"), language="Oʻzbekcha")
    )
    assert desk.staff_text("staff-header-not-russian", language="Oʻzbekcha") in header.text
    assert isinstance(copy, CopyMessage) and copy.message_thread_id == (await desk.ticket(code)).thread_id
