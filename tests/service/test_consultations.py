"""Consultations at the service level: what each step queues, and what reaches Telegram."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from aiogram.methods import (
    CopyMessage,
    CopyMessages,
    EditForumTopic,
    EditMessageText,
    SendMessage,
)
from sqlalchemy import update

from bot.outbox.actions import (
    AlbumFromStaff,
    AlbumToStaff,
    CopyFromStaff,
    CopyToStaff,
    RetitleTopic,
    SendText,
    StaffNotice,
)
from bot.outbox.sender import ALBUM_WAIT_LIMIT
from bot.runtime.inbox import chat_ordering_key
from bot.services.consultations import ConsultationService, Submit, SubmitResult
from bot.ui.text import CAPTION_LIMIT, MESSAGE_LIMIT, utf16_len
from db.base import utcnow
from db.enums import Direction, Role, TicketStatus
from db.models import InboxUpdate, OutboxMessage, User
from tests.conftest import STAFF_CHAT_ID
from tests.service.consultation_helpers import PERSON, WHO, set_ticket, staff_texts, to_person
from tests.service.desk import Desk
from tests.service.factories import edited, in_topic, person, private


# -- the person's side ----------------------------------------------------------------------------
async def test_choosing_a_role_makes_a_draft_and_choosing_it_again_finds_it(desk: Desk) -> None:
    await desk.person(PERSON, "uz")
    first = await desk.as_person(PERSON, lambda s, u: s.open(u, "doctor", "uz", None))
    again = await desk.as_person(PERSON, lambda s, u: s.open(u, "doctor", "uz", "patent"))
    other = await desk.as_person(PERSON, lambda s, u: s.open(u, "lawyer", "uz", None))
    assert first.code == again.code != other.code
    ticket = await desk.ticket(first.code)
    assert (ticket.status, ticket.role, ticket.article_id) == (TicketStatus.DRAFT, Role.DOCTOR, "patent")
    assert isinstance(ticket.status, TicketStatus) and await desk.outbox() == []  # nothing goes out yet


async def test_the_first_message_opens_the_ticket_and_is_copied_never_forwarded(desk: Desk) -> None:
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    result = await desk.writes(PERSON, code, private(WHO, "Работодатель не платит"))
    assert result.status is Submit.SENT and result.first and not result.crisis
    second = await desk.writes(PERSON, code, private(WHO, "Уже два месяца"))
    assert second.status is Submit.SENT and not second.first
    queued = await desk.actions()
    assert [type(a) for a in queued] == [CopyToStaff, CopyToStaff]
    ticket = await desk.ticket(code)
    assert ticket.status == TicketStatus.OPEN and ticket.opened_at is not None
    await desk.deliver()
    copies = desk.bot.calls_of(CopyMessage)
    assert [c.from_chat_id for c in copies] == [PERSON, PERSON] and all(c.chat_id == STAFF_CHAT_ID for c in copies)
    assert [type(call).__name__ for call in desk.bot.calls].count("ForwardMessage") == 0
    messages = await desk.ticket_messages(code)
    assert [m.direction for m in messages] == [Direction.IN, Direction.IN]
    assert all(m.staff_message_id and m.user_chat_message_id for m in messages)


@pytest.mark.parametrize("kind", ["photo", "voice", "document", "video", "video_note", "location", "audio"])
async def test_media_kinds_are_relayed(desk: Desk, code: str, kind: str) -> None:
    message = private(WHO, kind=kind)
    result = await desk.writes(PERSON, code, message)
    if kind == "location":  # where the person is goes to staff only after they say yes
        assert result.status is Submit.CONFIRM_PLACE
        result = await desk.confirms_place(PERSON, code, message)
    assert result.status is Submit.SENT
    await desk.deliver()
    (copy,) = desk.bot.calls_of(CopyMessage)
    assert copy.chat_id == STAFF_CHAT_ID and (await desk.ticket_messages(code))[-1].kind == kind


@pytest.mark.parametrize(("kind", "status"), [("contact", Submit.CONTACT), ("sticker", Submit.UNSUPPORTED)])
async def test_contacts_and_unsupported_content_are_refused(desk: Desk, code: str, kind: str, status: Submit) -> None:
    before = len(await desk.outbox())
    assert (await desk.writes(PERSON, code, private(WHO, kind=kind))).status is status
    assert len(await desk.outbox()) == before


async def test_too_fast_banned_closed_and_foreign_tickets_refuse(desk: Desk, code: str) -> None:
    desk.settings.user_messages_per_minute = 2
    assert (await desk.writes(PERSON, code, private(WHO, "2"))).status is Submit.SENT
    assert (await desk.writes(PERSON, code, private(WHO, "3"))).status is Submit.TOO_FAST
    intruder = 7770099
    await desk.person(intruder)

    async def write_into_foreign(service: ConsultationService, user: User) -> SubmitResult:
        ticket = await service.tickets.by_code(code)
        assert ticket is not None
        return await service.submit(user, ticket, private(person(intruder), "hi"))

    assert (await desk.as_person(intruder, write_into_foreign)).status is Submit.CLOSED
    await desk.as_person(PERSON, lambda s, u: s.user_close(u, code))
    assert (await desk.writes(PERSON, code, private(WHO, "4"))).status is Submit.CLOSED
    await set_ticket(desk, code, status=TicketStatus.OPEN)
    async with desk.sessionmaker() as session:
        await session.execute(update(User).values(banned_at=utcnow()))
        await session.commit()
    assert (await desk.writes(PERSON, code, private(WHO, "5"))).status is Submit.BANNED


async def test_danger_signs_tell_staff_and_mark_the_ticket_urgent(desk: Desk, code: str) -> None:
    result = await desk.writes(PERSON, code, private(WHO, "я больше не хочу жить"))
    assert result.crisis == {"self-harm"}
    assert [type(a) for a in await desk.actions()] == [CopyToStaff, StaffNotice, RetitleTopic]
    await desk.deliver()
    category = desk.staff_text("staff-crisis-self-harm")
    assert staff_texts(desk) == [desk.staff_text("staff-urgent", code=code, categories=category)]
    (title,) = desk.bot.calls_of(EditForumTopic)
    assert title.name.startswith("🚨 ") and (await desk.ticket(code)).urgent


async def test_an_album_goes_to_staff_as_one_album(desk: Desk, code: str) -> None:
    for _ in range(3):
        await desk.writes(PERSON, code, private(WHO, "документы", kind="photo", media_group_id="alb"))
    assert [type(a) for a in await desk.actions()] == [AlbumToStaff] * 3
    await desk.deliver()
    (album,) = desk.bot.calls
    assert isinstance(album, CopyMessages) and len(album.message_ids) == 3 and album.from_chat_id == PERSON


async def test_an_album_waits_while_its_chat_has_updates_to_process(desk: Desk, code: str) -> None:
    """An item still in the inbox is part of the album's future: wait for it (but not for ever)."""
    for _ in range(2):
        await desk.writes(PERSON, code, private(WHO, "документы", kind="photo", media_group_id="alb"))
    async with desk.sessionmaker() as session:
        chat_key = desk.vault.hash_text(chat_ordering_key(PERSON))
        session.add(InboxUpdate(update_id=1, payload=b"stored", chat_key=chat_key))
        session.add(InboxUpdate(update_id=2, payload=b"stored", chat_key=desk.vault.hash_text("chat:1")))
        await session.commit()
    await desk.deliver()
    assert desk.bot.calls == []  # the third item may be update 1

    await desk.writes(PERSON, code, private(WHO, "документы", kind="photo", media_group_id="alb"))
    async with desk.sessionmaker() as session:  # update 1 was the third item; update 2 is another chat's
        await session.execute(update(InboxUpdate).where(InboxUpdate.update_id == 1).values(processed_at=utcnow()))
        await session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        await session.commit()
    await desk.deliver()
    (album,) = desk.bot.calls
    assert isinstance(album, CopyMessages) and len(album.message_ids) == 3


async def test_an_album_waits_for_a_stuck_chat_only_so_long(desk: Desk, code: str) -> None:
    await desk.writes(PERSON, code, private(WHO, "документы", kind="photo", media_group_id="alb"))
    await desk.writes(PERSON, code, private(WHO, "документы", kind="photo", media_group_id="alb"))
    async with desk.sessionmaker() as session:
        chat_key = desk.vault.hash_text(chat_ordering_key(PERSON))
        session.add(InboxUpdate(update_id=1, payload=b"stored", chat_key=chat_key))  # never processed
        long_ago = utcnow() - ALBUM_WAIT_LIMIT - timedelta(seconds=1)
        await session.execute(update(OutboxMessage).values(created_at=long_ago, next_attempt_at=long_ago))
        await session.commit()
    await desk.deliver()
    (album,) = desk.bot.calls
    assert isinstance(album, CopyMessages) and len(album.message_ids) == 2


async def test_the_persons_edit_reaches_the_staff_copy(desk: Desk, code: str) -> None:
    original = private(WHO, "долг 2 месяца")
    await desk.writes(PERSON, code, original)
    await desk.deliver()
    assert await desk.as_person(PERSON, lambda s, u: s.user_edited(u, edited(original, "долг 3 месяца")))
    stray = private(WHO, "never relayed")
    assert not await desk.as_person(PERSON, lambda s, u: s.user_edited(u, edited(stray, "x")))
    await desk.deliver()
    (edit,) = desk.bot.calls_of(EditMessageText)
    staff_copy = (await desk.ticket_messages(code))[-1].staff_message_id
    assert (edit.chat_id, edit.message_id, edit.text) == (STAFF_CHAT_ID, staff_copy, "долг 3 месяца")


# -- the consultant's side ----------------------------------------------------------------------
async def test_an_answer_reaches_the_person_under_the_role_never_the_name(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    consultant = person(700002, "Dilnoza", "dilnoza_lawyer")
    assert await desk.answers(in_topic(ticket.thread_id, "Идите в инспекцию труда.", consultant=consultant))
    await desk.deliver()
    (answer,) = to_person(desk)
    prefix = desk.text("ru", "consult-prefix-lawyer")
    assert answer.text == f"<b>{prefix}</b>\nИдите в инспекцию труда."
    assert "dilnoza" not in str(answer.model_dump()).lower()
    assert [b.text for row in answer.reply_markup.inline_keyboard for b in row] == [
        desk.text("ru", "consult-btn-reply")
    ]
    ticket = await desk.ticket(code)
    assert ticket.first_staff_reply_at is not None and ticket.last_staff_reply_at is not None
    out = (await desk.ticket_messages(code))[-1]
    assert out.direction == Direction.OUT and out.user_chat_message_id is not None  # for edits


async def test_a_long_answer_is_split_and_only_the_last_part_has_the_button(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    long_answer = " ".join(f"word{n}" for n in range(900))[:4090]
    await desk.answers(in_topic(ticket.thread_id, long_answer))
    await desk.deliver()
    parts = to_person(desk)
    assert len(parts) == 2 and all(len(re.sub("<[^>]+>", "", p.text)) <= MESSAGE_LIMIT for p in parts)
    assert parts[0].reply_markup is None and parts[1].reply_markup is not None
    assert "word0" in parts[0].text and long_answer.split()[-1] in parts[1].text


async def test_media_answers_carry_the_role_in_the_caption_and_the_rest_as_text(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    await desk.answers(in_topic(ticket.thread_id, "c" * 1100, kind="photo"))
    queued = await desk.actions()
    assert [type(a) for a in queued] == [CopyFromStaff, SendText]
    await desk.deliver()
    (copy,) = desk.bot.calls_of(CopyMessage)
    assert copy.chat_id == PERSON and copy.from_chat_id == STAFF_CHAT_ID
    assert utf16_len(html.unescape(re.sub("<[^>]+>", "", copy.caption))) <= CAPTION_LIMIT  # what Telegram counts
    assert copy.caption.startswith(f"<b>{desk.text('ru', 'consult-prefix-lawyer')}</b>")
    assert copy.caption.count("c") + to_person(desk)[0].text.count("c") == 1100


async def test_a_sticker_or_a_video_note_comes_after_the_role(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    await desk.answers(in_topic(ticket.thread_id, kind="video_note"))
    await desk.deliver()
    prefix, copy = desk.bot.calls
    assert isinstance(prefix, SendMessage) and prefix.text == f"<b>{desk.text('ru', 'consult-prefix-lawyer')}</b>"
    assert isinstance(copy, CopyMessage) and copy.caption is None and copy.reply_markup is not None


async def test_a_consultants_album_comes_as_the_role_then_one_album(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    for _ in range(2):
        await desk.answers(in_topic(ticket.thread_id, kind="photo", media_group_id="staff-album"))
    assert [type(a) for a in await desk.actions()] == [AlbumFromStaff, AlbumFromStaff]
    await desk.deliver()
    prefix, album = desk.bot.calls
    assert isinstance(prefix, SendMessage) and isinstance(album, CopyMessages) and len(album.message_ids) == 2
    assert all(m.user_chat_message_id for m in (await desk.ticket_messages(code))[-2:])


async def test_the_consultants_edit_reaches_the_persons_copy(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    answer = in_topic(ticket.thread_id, "Keep every message as proof.")
    await desk.answers(answer)
    await desk.deliver()
    assert await desk.as_staff(lambda s: s.staff_edited(edited(answer, "Keep every message and photo.")))
    await desk.deliver()
    (edit,) = desk.bot.calls_of(EditMessageText)
    assert (edit.chat_id, edit.message_id) == (PERSON, (await desk.ticket_messages(code))[-1].user_chat_message_id)
    assert edit.text.endswith("Keep every message and photo.") and edit.reply_markup is not None
    unknown = in_topic(ticket.thread_id, "never relayed")
    assert not await desk.as_staff(lambda s: s.staff_edited(edited(unknown, "x")))


async def test_answers_to_a_closed_ticket_are_not_relayed(desk: Desk, code: str) -> None:
    ticket = await desk.ticket(code)
    await desk.on_ticket(code, lambda s, t: s.close_by_staff(t))
    assert not await desk.answers(in_topic(ticket.thread_id, "too late"))
    assert await desk.on_ticket(code, lambda s, t: s.reopen(t))
    assert await desk.answers(in_topic(ticket.thread_id, "now it goes"))
    await desk.deliver()
    assert [call.text.endswith("too late") for call in to_person(desk)] == [False, False, False]
    assert to_person(desk)[-1].text.endswith("now it goes")
