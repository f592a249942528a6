"""A consultation desk for service-level tests: the real services and outbox sender on a MockedBot.

Each `as_person` / `as_staff` call runs in its own session and commits, like one update; `deliver`
runs the sender until nothing is due, like the background loop would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiogram.types import Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import I18n
from bot.outbox.actions import Action
from bot.outbox.queue import Outbox
from bot.outbox.sender import OutboxSender
from bot.services.consultations import ConsultationService, SubmitResult
from bot.services.staff_topics import StaffTopics
from db.enums import OutboxStatus
from db.identity import IdentityVault
from db.models import OutboxMessage, Ticket, TicketMessage, User
from db.repositories.users import UserRepository
from knowledge.crisis import CrisisDetector
from tests.service.mocked_bot import MockedBot

T = TypeVar("T")


@dataclass
class Desk:
    bot: MockedBot
    sessionmaker: async_sessionmaker[AsyncSession]
    vault: IdentityVault
    settings: Settings
    i18n: I18n
    crisis: CrisisDetector
    topics: StaffTopics
    sender: OutboxSender

    def service(self, session: AsyncSession) -> ConsultationService:
        return ConsultationService(session, self.vault, self.settings, self.i18n, self.crisis)

    def staff_text(self, key: str, **args: Any) -> str:
        return self.i18n.get(self.settings.staff_language)(key, **args)

    def text(self, lang: str, key: str, **args: Any) -> str:
        return self.i18n.get(lang)(key, **args)

    # -- acting, one transaction each -------------------------------------------------------------
    async def person(self, telegram_id: int, lang: str = "ru") -> int:
        """A person who picked a language; returns their user id."""
        async with self.sessionmaker() as session:
            users = UserRepository(session, self.vault)
            user, _ = await users.get_or_create(telegram_id)
            await users.set_language(user, lang)
            await session.commit()
            return user.id

    async def as_person(self, telegram_id: int, act: Callable[[ConsultationService, User], Awaitable[T]]) -> T:
        async with self.sessionmaker() as session:
            user = await UserRepository(session, self.vault).get_by_telegram_id(telegram_id)
            assert user is not None
            result = await act(self.service(session), user)
            await session.commit()
            return result

    async def as_staff(self, act: Callable[[ConsultationService], Awaitable[T]]) -> T:
        async with self.sessionmaker() as session:
            result = await act(self.service(session))
            await session.commit()
            return result

    async def open(self, telegram_id: int, role: str = "lawyer", lang: str = "ru") -> str:
        """The person chose a role; returns the ticket's code."""
        ticket = await self.as_person(telegram_id, lambda s, u: s.open(u, role, lang, None))
        return ticket.code

    async def writes(self, telegram_id: int, code: str, message: Message) -> SubmitResult:
        async def submit(service: ConsultationService, user: User) -> SubmitResult:
            ticket = await service.own_ticket(user, code)
            assert ticket is not None
            return await service.submit(user, ticket, message)

        return await self.as_person(telegram_id, submit)

    async def confirms_place(self, telegram_id: int, code: str, message: Message) -> SubmitResult:
        """The person said yes: staff may see this location or venue."""

        async def confirm(service: ConsultationService, user: User) -> SubmitResult:
            ticket = await service.own_ticket(user, code)
            assert ticket is not None
            return await service.submit_place(user, ticket, message.message_id, message.content_type)

        return await self.as_person(telegram_id, confirm)

    async def answers(self, message: Message) -> bool:
        """A consultant wrote in the staff group (what the staff handler does with it)."""

        async def relay(service: ConsultationService) -> bool:
            ticket = await service.ticket_for_staff_message(message, is_forum=message.chat.is_forum is True)
            return ticket is not None and await service.relay(ticket, message)

        return await self.as_staff(relay)

    async def on_ticket(self, code: str, act: Callable[[ConsultationService, Ticket], Awaitable[T]]) -> T:
        async def run(service: ConsultationService) -> T:
            ticket = await service.tickets.by_code(code)
            assert ticket is not None
            return await act(service, ticket)

        return await self.as_staff(run)

    # -- the sender -------------------------------------------------------------------------------
    async def deliver(self, max_rounds: int = 50) -> None:
        """Send until nothing is due (rows waiting for a later retry stay where they are)."""
        for _ in range(max_rounds):
            if await self.sender.send_due() == 0:
                return
        raise AssertionError("the outbox kept finding work")

    async def queue(self, *actions: Action) -> None:
        async with self.sessionmaker() as session:
            outbox = Outbox(session, self.vault)
            for action in actions:
                outbox.put(action)
            await session.commit()

    # -- looking at the database ------------------------------------------------------------------
    async def ticket(self, code: str) -> Ticket:
        async with self.sessionmaker() as session:
            ticket = await session.scalar(select(Ticket).where(Ticket.code == code))
            assert ticket is not None
            return ticket

    async def user(self, user_id: int) -> User | None:
        async with self.sessionmaker() as session:
            return await session.get(User, user_id)

    async def outbox(self) -> list[OutboxMessage]:
        async with self.sessionmaker() as session:
            return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())

    async def actions(self, status: OutboxStatus = OutboxStatus.PENDING) -> list[Action]:
        """The actions of the rows in one status, as the sender reads them (sent rows keep no payload)."""
        async with self.sessionmaker() as session:
            outbox = Outbox(session, self.vault)
            stmt = select(OutboxMessage).where(OutboxMessage.status == status).order_by(OutboxMessage.id)
            return [outbox.read(row) for row in (await session.execute(stmt)).scalars()]

    async def ticket_messages(self, code: str) -> list[TicketMessage]:
        ticket = await self.ticket(code)
        async with self.sessionmaker() as session:
            stmt = select(TicketMessage).where(TicketMessage.ticket_id == ticket.id).order_by(TicketMessage.id)
            return list((await session.execute(stmt)).scalars())
