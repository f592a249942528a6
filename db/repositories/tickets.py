from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.enums import Direction, Role, TicketStatus
from db.models import ForgottenTicket, Ticket, TicketMessage
from db.repositories import changed_rows

# No 0/O, 1/I, 2/Z, 5/S, 6/G, 8/B: codes are read aloud and retyped by people.
CODE_ALPHABET = "ACDEFHJKLMNPQRTUVWXY3479"
NOT_CLOSED = (TicketStatus.DRAFT, TicketStatus.OPEN)


def new_code(length: int = 4) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class TicketRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, user_id: int, role: Role, language: str, article_id: str | None) -> Ticket:
        for attempt in range(20):
            code = new_code(4 if attempt < 10 else 5)
            taken = await self.session.scalar(select(Ticket.id).where(Ticket.code == code))
            if taken is None:
                break
        ticket = Ticket(code=code, user_id=user_id, role=role, language=language, article_id=article_id)
        self.session.add(ticket)
        await self.session.flush()
        return ticket

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self.session.get(Ticket, ticket_id)

    async def by_code(self, code: str) -> Ticket | None:
        return await self.session.scalar(select(Ticket).where(Ticket.code == code))

    @staticmethod
    def _in_chat(chat_id: int, default_chat_id: int | None) -> ColumnElement[bool]:
        """Tickets whose topic lives in this staff group (None is the default group, STAFF_CHAT_ID)."""
        if chat_id == default_chat_id:
            return or_(Ticket.staff_chat_id == chat_id, Ticket.staff_chat_id.is_(None))
        return Ticket.staff_chat_id == chat_id

    async def by_thread(self, thread_id: int, chat_id: int, default_chat_id: int | None) -> Ticket | None:
        return await self.session.scalar(
            select(Ticket)
            .where(Ticket.thread_id == thread_id, self._in_chat(chat_id, default_chat_id))
            .order_by(Ticket.id.desc())
            .limit(1)
        )

    async def by_staff_message(self, staff_message_id: int, chat_id: int, default_chat_id: int | None) -> Ticket | None:
        """The ticket a staff-chat message belongs to (a copy, a header, or a relayed reply)."""
        in_chat = self._in_chat(chat_id, default_chat_id)
        ticket = await self.session.scalar(
            select(Ticket).where(Ticket.header_message_id == staff_message_id, in_chat).limit(1)
        )
        if ticket is not None:
            return ticket
        return await self.session.scalar(
            select(Ticket)
            .join(TicketMessage, TicketMessage.ticket_id == Ticket.id)
            .where(TicketMessage.staff_message_id == staff_message_id, in_chat)
            .limit(1)
        )

    async def active_for_role(self, user_id: int, role: Role) -> Ticket | None:
        return await self.session.scalar(
            select(Ticket)
            .where(Ticket.user_id == user_id, Ticket.role == role, Ticket.status.in_(NOT_CLOSED))
            .order_by(Ticket.id.desc())
            .limit(1)
        )

    async def active_for_user(self, user_id: int) -> list[Ticket]:
        stmt = (
            select(Ticket)
            .where(Ticket.user_id == user_id, Ticket.status.in_(NOT_CLOSED))
            .order_by(Ticket.selected_at.desc())
        )
        return list((await self.session.execute(stmt)).scalars())

    async def open_for_user(self, user_id: int) -> list[Ticket]:
        stmt = select(Ticket).where(Ticket.user_id == user_id, Ticket.status == TicketStatus.OPEN).order_by(Ticket.id)
        return list((await self.session.execute(stmt)).scalars())

    async def earlier_for_user(self, ticket: Ticket) -> list[Ticket]:
        """The same person's consultations opened before this one, oldest first."""
        stmt = (
            select(Ticket)
            .where(Ticket.user_id == ticket.user_id, Ticket.id < ticket.id, Ticket.opened_at.is_not(None))
            .order_by(Ticket.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def all_for_user(self, user_id: int) -> list[Ticket]:
        return list((await self.session.execute(select(Ticket).where(Ticket.user_id == user_id))).scalars())

    async def add_message(
        self,
        ticket: Ticket,
        direction: Direction,
        kind: str,
        *,
        user_chat_message_id: int | None = None,
        staff_message_id: int | None = None,
        media_group_id: str | None = None,
    ) -> TicketMessage:
        row = TicketMessage(
            ticket_id=ticket.id,
            direction=direction,
            kind=kind,
            user_chat_message_id=user_chat_message_id,
            staff_message_id=staff_message_id,
            media_group_id=media_group_id,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def message(self, ticket_message_id: int) -> TicketMessage | None:
        return await self.session.get(TicketMessage, ticket_message_id)

    async def message_by_user_chat_id(self, ticket_ids: Sequence[int], message_id: int) -> TicketMessage | None:
        if not ticket_ids:
            return None
        return await self.session.scalar(
            select(TicketMessage).where(
                TicketMessage.ticket_id.in_(list(ticket_ids)),
                TicketMessage.direction == Direction.IN,
                TicketMessage.user_chat_message_id == message_id,
            )
        )

    async def message_by_staff_id(
        self, staff_message_id: int, direction: Direction, chat_id: int, default_chat_id: int | None
    ) -> TicketMessage | None:
        return await self.session.scalar(
            select(TicketMessage)
            .join(Ticket, Ticket.id == TicketMessage.ticket_id)
            .where(
                TicketMessage.staff_message_id == staff_message_id,
                TicketMessage.direction == direction,
                self._in_chat(chat_id, default_chat_id),
            )
            .limit(1)
        )

    async def history(self, ticket_id: int, limit: int) -> list[TicketMessage]:
        stmt = (
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id.desc())
            .limit(limit)
        )
        return list(reversed(list((await self.session.execute(stmt)).scalars())))

    async def user_messages_since(self, user_id: int, since: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(TicketMessage)
            .join(Ticket, Ticket.id == TicketMessage.ticket_id)
            .where(
                Ticket.user_id == user_id,
                TicketMessage.direction == Direction.IN,
                TicketMessage.created_at >= since,
            )
        )
        return int(await self.session.scalar(stmt) or 0)

    async def waiting_for_first_reply(self, opened_before: datetime) -> list[Ticket]:
        stmt = select(Ticket).where(
            Ticket.status == TicketStatus.OPEN,
            Ticket.first_staff_reply_at.is_(None),
            Ticket.sla_notified_at.is_(None),
            Ticket.opened_at <= opened_before,
        )
        return list((await self.session.execute(stmt)).scalars())

    async def idle_since(self, before: datetime) -> list[Ticket]:
        stmt = select(Ticket).where(Ticket.status == TicketStatus.OPEN, Ticket.last_activity_at <= before)
        return list((await self.session.execute(stmt)).scalars())

    async def delete_stale_drafts(self, created_before: datetime) -> int:
        """Drafts nobody wrote in (a role was chosen, then nothing): deleted, and counted."""
        result = await self.session.execute(
            delete(Ticket).where(Ticket.status == TicketStatus.DRAFT, Ticket.created_at <= created_before)
        )
        return changed_rows(result)

    async def closed_before(self, before: datetime) -> list[Ticket]:
        stmt = select(Ticket).where(Ticket.status == TicketStatus.CLOSED, Ticket.closed_at <= before)
        return list((await self.session.execute(stmt)).scalars())

    async def delete(self, ticket: Ticket) -> None:
        await self.session.delete(ticket)

    async def staff_message_ids(self, ticket_id: int) -> list[int]:
        stmt = select(TicketMessage.staff_message_id).where(
            TicketMessage.ticket_id == ticket_id, TicketMessage.staff_message_id.is_not(None)
        )
        return [value for value in (await self.session.execute(stmt)).scalars() if value is not None]

    async def add_forgotten(self, ticket: Ticket) -> None:
        """Keep a consultation's figures when its person deletes their data (the ticket goes)."""
        assert ticket.opened_at is not None
        self.session.add(
            ForgottenTicket(
                role=ticket.role,
                language=ticket.language,
                opened_at=ticket.opened_at,
                first_staff_reply_at=ticket.first_staff_reply_at,
                closed_at=ticket.closed_at or utcnow(),
                closed_by_forget=ticket.closed_at is None,
            )
        )

    # -- statistics -----------------------------------------------------------------------
    async def opened_closed_counts(self, since: datetime | None) -> tuple[int, int]:
        """Consultations opened and closed, those of people who deleted their data included."""
        opened, closed = 0, 0
        for model in (Ticket, ForgottenTicket):
            opened_q = select(func.count()).select_from(model).where(model.opened_at.is_not(None))
            closed_q = select(func.count()).select_from(model).where(model.closed_at.is_not(None))
            if since is not None:
                opened_q = opened_q.where(model.opened_at >= since)
                closed_q = closed_q.where(model.closed_at >= since)
            opened += int(await self.session.scalar(opened_q) or 0)
            closed += int(await self.session.scalar(closed_q) or 0)
        return opened, closed

    async def forgotten_count(self, since: datetime | None) -> int:
        """Consultations closed because their person deleted their data."""
        stmt = select(func.count()).select_from(ForgottenTicket).where(ForgottenTicket.closed_by_forget.is_(True))
        if since is not None:
            stmt = stmt.where(ForgottenTicket.closed_at >= since)
        return int(await self.session.scalar(stmt) or 0)

    async def first_reply_delays(self, since: datetime | None) -> list[float]:
        delays: list[float] = []
        for model in (Ticket, ForgottenTicket):
            stmt = select(model.opened_at, model.first_staff_reply_at).where(
                model.first_staff_reply_at.is_not(None), model.opened_at.is_not(None)
            )
            if since is not None:
                stmt = stmt.where(model.opened_at >= since)
            rows = (await self.session.execute(stmt)).all()
            delays += [(replied - opened).total_seconds() for opened, replied in rows if opened and replied]
        return delays

    async def open_by_role(self) -> dict[Role, int]:
        stmt = select(Ticket.role, func.count()).where(Ticket.status == TicketStatus.OPEN).group_by(Ticket.role)
        return {role: count for role, count in await self.session.execute(stmt)}

    async def ratings(self, since: datetime | None) -> dict[int, int]:
        stmt = select(Ticket.rating, func.count()).where(Ticket.rating.is_not(None)).group_by(Ticket.rating)
        if since is not None:
            stmt = stmt.where(or_(Ticket.closed_at >= since, Ticket.closed_at.is_(None)))
        return {rating: count for rating, count in await self.session.execute(stmt) if rating is not None}
