"""Shared by the consultation end-to-end tests: a person writing to a consultant, the ticket, its topic."""

from __future__ import annotations

from sqlalchemy import select

from bot.callbacks import ConsultCb, MenuCb
from db.models import Ticket
from tests.e2e.harness import started


async def writing_to(emulator, bot, role: str = "lawyer", lang: str = "ru", user=None):  # type: ignore[no-untyped-def]
    user = user or await started(emulator, bot, lang)
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role=role).pack())
    await bot.idle()
    return user


async def only_ticket(bot) -> Ticket:  # type: ignore[no-untyped-def]
    async with bot.context.sessionmaker() as session:
        return (await session.execute(select(Ticket).order_by(Ticket.id.desc()))).scalars().first()


def topic_of(staff, ticket: Ticket):  # type: ignore[no-untyped-def]
    return next(topic for topic in staff.topics() if topic.id == ticket.thread_id)
