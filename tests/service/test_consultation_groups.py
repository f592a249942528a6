"""A staff group per role (STAFF_CHATS): where tickets' topics live, where answers come from, and the
outbox's actions in both set-ups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from aiogram.methods import CopyMessage, CreateForumTopic, SendMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import I18n
from db.identity import IdentityVault
from knowledge.crisis import CrisisDetector
from tests.conftest import STAFF_CHAT_ID
from tests.service.conftest import IN_MEMORY, build_desk
from tests.service.desk import Desk
from tests.service.factories import in_topic, person, private
from tests.service.mocked_bot import MockedBot

DOCTORS = -1002000000002
LAWYER_PERSON, DOCTOR_PERSON = 7770011, 7770012


@pytest.fixture
def group_desk(
    make_settings: Callable[..., Settings],
    bot: MockedBot,
    sessionmaker: async_sessionmaker[AsyncSession],
    vault: IdentityVault,
    i18n: I18n,
    crisis: CrisisDetector,
) -> Desk:
    bot.make_forum(DOCTORS)
    settings = make_settings(database_url=IN_MEMORY, staff_chats=f"doctor:{DOCTORS}")
    return build_desk(bot, sessionmaker, vault, settings, i18n, crisis, concurrency=1, album_grace=timedelta(0))


async def test_each_role_writes_and_answers_in_its_own_group(group_desk: Desk) -> None:
    desk = group_desk
    codes = {}
    for telegram_id, role in ((LAWYER_PERSON, "lawyer"), (DOCTOR_PERSON, "doctor")):
        await desk.person(telegram_id)
        codes[role] = await desk.open(telegram_id, role)
        await desk.writes(telegram_id, codes[role], private(person(telegram_id), f"вопрос {role}"))
    await desk.deliver()
    created = {call.chat_id for call in desk.bot.calls_of(CreateForumTopic)}
    assert created == {STAFF_CHAT_ID, DOCTORS}
    copies = {call.chat_id for call in desk.bot.calls_of(CopyMessage)}
    assert copies == {STAFF_CHAT_ID, DOCTORS}
    lawyer, doctor = await desk.ticket(codes["lawyer"]), await desk.ticket(codes["doctor"])
    assert (lawyer.staff_chat_id, doctor.staff_chat_id) == (STAFF_CHAT_ID, DOCTORS)

    # Thread ids are per group: the doctor's thread number in the lawyers' group is not the doctor's ticket.
    assert not await desk.answers(in_topic(doctor.thread_id + 1000, "мимо", chat_id=DOCTORS))
    assert await desk.answers(in_topic(doctor.thread_id, "ответ врача", chat_id=DOCTORS))
    assert await desk.answers(in_topic(doctor.thread_id, "рецепт", kind="photo", chat_id=DOCTORS))
    await desk.deliver()
    assert desk.bot.calls_of(SendMessage)[-1].chat_id == DOCTOR_PERSON
    (copied,) = [call for call in desk.bot.calls_of(CopyMessage) if call.from_chat_id == DOCTORS]
    assert copied.chat_id == DOCTOR_PERSON  # the photo is copied from the doctors' group

    # A ticket's notice goes to the ticket's group.
    async def notice(service, ticket) -> None:  # type: ignore[no-untyped-def]
        service.notify_staff(ticket, "staff-sla", minutes=5)

    await desk.on_ticket(codes["doctor"], notice)
    await desk.deliver()
    assert desk.bot.calls_of(SendMessage)[-1].chat_id == DOCTORS
