"""Shared by the consultation service tests: one person with an open ticket, and what they see."""

from __future__ import annotations

from aiogram.methods import SendMessage
from sqlalchemy import update

from db.models import Ticket
from tests.conftest import STAFF_CHAT_ID
from tests.service.desk import Desk
from tests.service.factories import person

PERSON = 7770001
WHO = person(PERSON, "Malika")


def to_person(desk: Desk) -> list[SendMessage]:
    return [call for call in desk.bot.calls_of(SendMessage) if call.chat_id == PERSON]


def staff_texts(desk: Desk) -> list[str]:
    return [call.text for call in desk.bot.calls_of(SendMessage) if call.chat_id == STAFF_CHAT_ID]


async def set_ticket(desk: Desk, code: str, **values: object) -> None:
    async with desk.sessionmaker() as session:
        await session.execute(update(Ticket).where(Ticket.code == code).values(**values))
        await session.commit()
