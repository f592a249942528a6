"""What consultations do on their own, on a timer: remind about unanswered tickets, close idle ones,
purge closed ones after the retention period. And a person blocking or unblocking the bot (the
my_chat_member update, or a 403 reported by the outbox sender).

A part of ConsultationService (it inherits these), kept apart so that each file stays readable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.actions import CloseTopic
from bot.outbox.staff_group_actions import DeleteMessages, DeleteTopic
from bot.services.consult_core import ConsultationCore
from db.base import utcnow
from db.enums import TicketStatus
from db.models import Ticket, User

if TYPE_CHECKING:
    from bot.services.consultations import ConsultationService


class ConsultationDuties(ConsultationCore):
    """Needs the ConsultationService attributes (tickets, users, outbox, settings, notify_staff...)."""

    async def remind_unanswered(self) -> int:
        minutes = self.settings.sla_minutes
        tickets = await self.tickets.waiting_for_first_reply(utcnow() - timedelta(minutes=minutes))
        for ticket in tickets:
            ticket.sla_notified_at = utcnow()
            self.notify_staff(ticket, "staff-sla", minutes=minutes)
        return len(tickets)

    async def close_idle(self) -> int:
        days = self.settings.auto_close_days
        tickets = await self.tickets.idle_since(utcnow() - timedelta(days=days))
        for ticket in tickets:
            user = await self.users.get(ticket.user_id)
            ticket.status = TicketStatus.CLOSED
            ticket.closed_at = utcnow()
            self.notify_staff(ticket, "staff-auto-closed", days=days)
            self._retitle(ticket)
            self.outbox.put(CloseTopic(ticket_id=ticket.id))
            if user is not None:
                self._tell_person(
                    ticket, user, self.user_translator(user)("consult-auto-closed", code=ticket.code, days=days)
                )
        await self.tickets.delete_stale_drafts(created_before=utcnow() - timedelta(days=1))
        return len(tickets)

    async def purge_closed(self) -> int:
        tickets = await self.tickets.closed_before(utcnow() - timedelta(days=self.settings.retention_days))
        for ticket in tickets:
            await self._schedule_topic_removal(ticket)
            await self.tickets.delete(ticket)
        return len(tickets)

    async def _schedule_topic_removal(self, ticket: Ticket) -> None:
        if ticket.thread_id is not None:
            self.outbox.put(DeleteTopic(thread_id=ticket.thread_id, chat_id=ticket.staff_chat_id))
            return
        ids = await self.tickets.staff_message_ids(ticket.id)
        if ticket.header_message_id:
            ids.append(ticket.header_message_id)
        if ids:
            self.outbox.put(DeleteMessages(message_ids=tuple(ids), chat_id=ticket.staff_chat_id))

    async def set_blocked(self, user: User, blocked: bool) -> None:
        """The one place that records a person blocking or unblocking the bot: both the
        my_chat_member update and a 403 from the outbox sender come here.

        While blocked, what waits for them is held (and released when they unblock); the staff of
        their open tickets hear about each change once.
        """
        changed = (user.blocked_bot_at is None) == blocked
        if blocked:
            user.blocked_bot_at = user.blocked_bot_at or utcnow()
            await self.outbox.hold_for(user.id)
        else:
            user.blocked_bot_at = None
            await self.outbox.release_for(user.id)
        if changed:
            for ticket in await self.tickets.open_for_user(user.id):
                self.notify_staff(ticket, "staff-user-blocked" if blocked else "staff-user-unblocked")


class BlockedBotRecorder:
    """How the outbox sender reports a 403 from a person: through `ConsultationService.set_blocked`."""

    def __init__(self, consultations: Callable[[AsyncSession], ConsultationService]) -> None:
        self.consultations = consultations

    async def __call__(self, session: AsyncSession, user_id: int) -> None:
        service = self.consultations(session)
        user = await service.users.get(user_id)
        if user is not None:
            await service.set_blocked(user, blocked=True)
