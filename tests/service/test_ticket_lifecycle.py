"""Consultations at the service level: taking, passing, closing, banning, forgetting, and the timed duties."""

from __future__ import annotations

from datetime import timedelta

from aiogram.methods import (
    CloseForumTopic,
    DeleteForumTopic,
    DeleteMessage,
    EditForumTopic,
    ReopenForumTopic,
    SendMessage,
)
from sqlalchemy import func, select

from bot.outbox.actions import (
    CloseTopic,
    RetitleTopic,
    SendText,
    StaffNotice,
)
from bot.services.handover import Pass
from bot.services.staff_header import TAKEN_MARK
from bot.services.stats import StatsService
from db.base import utcnow
from db.enums import Role, TicketStatus
from db.models import OutboxMessage, Ticket, TicketMessage, User
from tests.service.consultation_helpers import PERSON, WHO, set_ticket, staff_texts, to_person
from tests.service.desk import Desk
from tests.service.factories import private


async def test_take_shows_who_in_the_topic_title_and_untake_takes_it_away(desk: Desk, code: str) -> None:
    await desk.on_ticket(code, lambda s, t: s.handover.take(t, "consultant-hash", "Dilnoza"))
    await desk.deliver()
    assert desk.bot.calls_of(EditForumTopic)[-1].name == f"#{code} · ⚖️ · Русский · {TAKEN_MARK} Dilnoza"
    assert not await desk.on_ticket(code, lambda s, t: s.handover.take(t, "consultant-hash", "Dilnoza"))
    await desk.on_ticket(code, lambda s, t: s.handover.take(t, "another-consultant", "Aziz"))
    await desk.deliver()
    assert desk.bot.calls_of(EditForumTopic)[-1].name == f"#{code} · ⚖️ · Русский · {TAKEN_MARK} Aziz"
    assert (await desk.ticket(code)).taken_by == "another-consultant"
    assert await desk.on_ticket(code, lambda s, t: s.handover.untake(t))
    assert not await desk.on_ticket(code, lambda s, t: s.handover.untake(t))
    await desk.deliver()
    assert desk.bot.calls_of(EditForumTopic)[-1].name == f"#{code} · ⚖️ · Русский"
    assert len(desk.bot.calls_of(EditForumTopic)) == 3


async def test_pass_replaces_a_draft_but_not_an_open_consultation_with_that_role(desk: Desk, code: str) -> None:
    draft = await desk.open(PERSON, "doctor")  # chosen, never written in
    outcome, _ = await desk.on_ticket(code, lambda s, t: s.handover.pass_to(t, Role.DOCTOR))
    assert outcome is Pass.PASSED
    async with desk.sessionmaker() as session:
        assert await session.scalar(select(Ticket).where(Ticket.code == draft)) is None
    assert (await desk.ticket(code)).role == Role.DOCTOR
    other = await desk.open(PERSON, "lawyer")
    await desk.writes(PERSON, other, private(WHO, "и ещё вопрос юристу"))
    outcome, busy = await desk.on_ticket(code, lambda s, t: s.handover.pass_to(t, Role.LAWYER))
    assert outcome is Pass.BUSY and busy.code == other
    assert (await desk.ticket(code)).role == Role.DOCTOR


# -- closing, reopening, rating, banning, forgetting ---------------------------------------------
async def test_the_person_closes_and_rates_and_staff_hear_both_once(desk: Desk, code: str) -> None:
    closed = await desk.as_person(PERSON, lambda s, u: s.user_close(u, code))
    assert closed is not None and await desk.as_person(PERSON, lambda s, u: s.user_close(u, code)) is None
    assert [type(a) for a in await desk.actions()] == [StaffNotice, RetitleTopic, CloseTopic, SendText]
    assert await desk.as_person(PERSON, lambda s, u: s.rate(u, code, 5)) is not None
    assert await desk.as_person(PERSON, lambda s, u: s.rate(u, code, 4)) is not None  # changed, not announced
    assert await desk.as_person(PERSON, lambda s, u: s.rate(u, code, 9)) is None
    await desk.deliver()
    assert staff_texts(desk) == [
        desk.staff_text("staff-closed-by-user", code=code),
        desk.staff_text("staff-rated", code=code, stars="⭐" * 5),
    ]
    (goodbye,) = to_person(desk)
    assert goodbye.text.startswith(desk.text("ru", "consult-closed-by-user", code=code))
    assert sum(len(row) for row in goodbye.reply_markup.inline_keyboard) == 5
    assert desk.bot.calls_of(CloseForumTopic) and desk.bot.calls_of(EditForumTopic)[0].name.startswith("✅ ")
    assert (await desk.ticket(code)).rating == 4


async def test_staff_close_and_reopen(desk: Desk, code: str) -> None:
    assert await desk.on_ticket(code, lambda s, t: s.close_by_staff(t))
    assert not await desk.on_ticket(code, lambda s, t: s.close_by_staff(t))
    assert await desk.on_ticket(code, lambda s, t: s.reopen(t))
    assert not await desk.on_ticket(code, lambda s, t: s.reopen(t))
    await desk.deliver()
    assert (await desk.ticket(code)).status == TicketStatus.OPEN
    assert [type(c) for c in desk.bot.calls if isinstance(c, CloseForumTopic | ReopenForumTopic)] == [
        CloseForumTopic,
        ReopenForumTopic,
    ]
    assert to_person(desk)[-1].text == desk.text("ru", "consult-reopened", code=code)
    assert staff_texts(desk)[-1] == desk.staff_text("staff-reopened", code=code)


async def test_a_ban_closes_open_tickets_drops_drafts_and_tells_both_sides(desk: Desk, code: str) -> None:
    draft = await desk.open(PERSON, "doctor")
    assert await desk.on_ticket(code, lambda s, t: s.ban(t, "spam <b>"))
    await desk.deliver()
    assert (await desk.ticket(code)).status == TicketStatus.CLOSED
    async with desk.sessionmaker() as session:
        assert await session.scalar(select(Ticket).where(Ticket.code == draft)) is None
        assert (await session.scalar(select(User))).banned_at is not None
    assert to_person(desk)[-1].text == desk.text("ru", "consult-banned")
    assert staff_texts(desk)[-1] == desk.staff_text("staff-banned", code=code, reason="spam &lt;b&gt;")


async def test_forget_keeps_the_topic_closed_with_a_last_note_and_the_figures(desk: Desk, code: str) -> None:
    earlier = await desk.open(PERSON, "doctor")  # closed by staff before: counted, but not as "deleted"
    await desk.writes(PERSON, earlier, private(WHO, "болит зуб"))
    await desk.on_ticket(earlier, lambda s, t: s.close_by_staff(t))
    await desk.on_ticket(code, lambda s, t: s.handover.take(t, "consultant-hash", "Dilnoza"))
    await desk.deliver()
    thread = (await desk.ticket(code)).thread_id
    await desk.as_person(PERSON, lambda s, u: s.forget(u))
    await desk.deliver()
    async with desk.sessionmaker() as session:
        for model in (User, Ticket, TicketMessage):
            assert await session.scalar(select(func.count()).select_from(model)) == 0
        pending = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status != "sent")
        assert await session.scalar(pending) == 0
        figures = StatsService.for_session(session, desk.vault)
        stats = await figures.compute(days=30)
    assert (stats.opened, stats.closed, stats.forgotten) == (2, 2, 1)
    assert not desk.bot.calls_of(DeleteForumTopic)  # the consultant keeps the ground: the topic stays
    note = desk.bot.calls_of(SendMessage)[-1]
    assert note.message_thread_id == thread and note.text == desk.staff_text("staff-person-forgot", code=code)
    assert desk.bot.calls_of(EditForumTopic)[-1].name == f"✅ #{code} · ⚖️ · Русский · {TAKEN_MARK} Dilnoza"
    assert desk.bot.calls_of(CloseForumTopic)[-1].message_thread_id == thread


async def test_forget_in_a_group_without_topics_leaves_a_note_under_the_header(desk: Desk) -> None:
    desk.bot.session.forum_chats.clear()
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    await desk.writes(PERSON, code, private(WHO, "вопрос"))
    await desk.deliver()
    ticket = await desk.ticket(code)
    assert ticket.thread_id is None and ticket.header_message_id is not None
    await desk.as_person(PERSON, lambda s, u: s.forget(u))
    await desk.deliver()
    assert not desk.bot.calls_of(DeleteMessage)
    note = desk.bot.calls_of(SendMessage)[-1]
    assert note.text == desk.staff_text("staff-person-forgot", code=code)
    assert note.reply_parameters.message_id == ticket.header_message_id


# -- blocking ------------------------------------------------------------------------------------
async def test_blocking_and_unblocking_are_told_once_each(desk: Desk, code: str) -> None:
    for blocked in (True, True, False, False):
        await desk.as_person(PERSON, lambda s, u, b=blocked: s.set_blocked(u, blocked=b))
    await desk.deliver()
    assert staff_texts(desk) == [
        desk.staff_text("staff-user-blocked", code=code),
        desk.staff_text("staff-user-unblocked", code=code),
    ]


# -- background duties ---------------------------------------------------------------------------
async def test_an_unanswered_ticket_reminds_staff_once(desk: Desk, code: str) -> None:
    desk.settings.sla_minutes = 30
    assert await desk.as_staff(lambda s: s.remind_unanswered()) == 0
    await set_ticket(desk, code, opened_at=utcnow() - timedelta(minutes=31))
    assert await desk.as_staff(lambda s: s.remind_unanswered()) == 1
    assert await desk.as_staff(lambda s: s.remind_unanswered()) == 0
    await desk.deliver()
    assert staff_texts(desk) == [desk.staff_text("staff-sla", code=code, minutes=30)]


async def test_idle_tickets_close_and_old_drafts_go(desk: Desk, code: str) -> None:
    desk.settings.auto_close_days = 7
    draft = await desk.open(PERSON, "social")
    await set_ticket(desk, draft, created_at=utcnow() - timedelta(days=2))
    await set_ticket(desk, code, last_activity_at=utcnow() - timedelta(days=8))
    assert await desk.as_staff(lambda s: s.close_idle()) == 1
    await desk.deliver()
    assert (await desk.ticket(code)).status == TicketStatus.CLOSED
    async with desk.sessionmaker() as session:
        assert await session.scalar(select(Ticket).where(Ticket.code == draft)) is None
    assert to_person(desk)[-1].text == desk.text("ru", "consult-auto-closed", code=code, days=7)
    assert staff_texts(desk) == [desk.staff_text("staff-auto-closed", code=code, days=7)]
    assert desk.bot.calls_of(CloseForumTopic)


async def test_closed_tickets_are_purged_after_the_retention_period(desk: Desk, code: str) -> None:
    desk.settings.retention_days = 90
    thread = (await desk.ticket(code)).thread_id
    await desk.on_ticket(code, lambda s, t: s.close_by_staff(t))
    await desk.deliver()
    assert await desk.as_staff(lambda s: s.purge_closed()) == 0
    await set_ticket(desk, code, closed_at=utcnow() - timedelta(days=91))
    assert await desk.as_staff(lambda s: s.purge_closed()) == 1
    await desk.deliver()
    async with desk.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ticket)) == 0
        assert await session.scalar(select(func.count()).select_from(User)) == 1  # the person stays
    assert desk.bot.calls_of(DeleteForumTopic)[0].message_thread_id == thread
