"""What consultants do with a ticket besides answering it: take it, give it back, pass it to another
role, send a vetted answer. Everything the person receives goes through the outbox, in their language.
"""

from __future__ import annotations

import html
from enum import Enum
from typing import TYPE_CHECKING

from bot.outbox.actions import RetitleTopic, SendText, StaffNotice
from bot.outbox.staff_group_actions import LastWord
from bot.services.roles import ROLE_NAME_KEYS
from bot.services.staff_header import language_name, topic_title
from bot.services.staff_topics import needs_retitle
from bot.ui.consult import reply_button, role_prefix
from bot.ui.text import MESSAGE_LIMIT, split_text
from db.base import utcnow
from db.enums import Direction, Role, TicketStatus
from db.models import Ticket
from knowledge.answers import Answer

if TYPE_CHECKING:
    from bot.services.consultations import ConsultationService

ANSWER_KIND = "answer"  # a ticket message that is a vetted answer (sent by the bot, not copied)


class Pass(Enum):
    PASSED = "passed"
    SAME_ROLE = "same-role"
    CLOSED = "closed"
    BUSY = "busy"  # the person already has an open consultation with that role
    GONE = "gone"


class Handover:
    def __init__(self, consultations: ConsultationService) -> None:
        self.c = consultations
        self.tickets = consultations.tickets
        self.outbox = consultations.outbox

    def _retitle(self, ticket: Ticket) -> None:
        if needs_retitle(ticket):
            self.outbox.put(RetitleTopic(ticket_id=ticket.id))

    async def take(self, ticket: Ticket, consultant_hash: str, name: str | None = None) -> bool:
        """A consultant takes the ticket: its topic title shows who. False if they already had it."""
        if ticket.taken_by == consultant_hash and ticket.taken_by_name == name:
            return False
        ticket.taken_by, ticket.taken_by_name = consultant_hash, name
        self._retitle(ticket)
        return True

    async def untake(self, ticket: Ticket) -> bool:
        """Give the ticket back to everyone; False if nobody had taken it."""
        if ticket.taken_by is None:
            return False
        ticket.taken_by = ticket.taken_by_name = None
        self._retitle(ticket)
        return True

    async def pass_to(self, ticket: Ticket, role: Role) -> tuple[Pass, Ticket | None]:
        """Move the ticket to another role; the person is told, in their language, who answers now.
        Returns the outcome and, when the person already talks to that role, that other ticket."""
        if ticket.role == role:
            return Pass.SAME_ROLE, None
        if ticket.status == TicketStatus.CLOSED:
            return Pass.CLOSED, None
        user = await self.c.users.get(ticket.user_id)
        if user is None:
            return Pass.GONE, None
        other = await self.tickets.active_for_role(user.id, role)
        if other is not None and other.status == TicketStatus.DRAFT:
            await self.tickets.delete(other)  # chosen, never written in: this ticket takes its place
            await self.c.session.flush()
        elif other is not None and other.id != ticket.id:
            return Pass.BUSY, other
        before = ticket.role
        staff_t = self.c.staff_t
        roles = {"before": staff_t(ROLE_NAME_KEYS[before]), "after": staff_t(ROLE_NAME_KEYS[role])}
        ticket.role = role
        ticket.taken_by = ticket.taken_by_name = None
        ticket.last_activity_at = utcnow()
        self._move_to_the_role_group(ticket, roles)
        self.c.notify_staff(ticket, "staff-passed", **roles)
        self._retitle(ticket)
        t = self.c.user_translator(user)
        text = t("consult-passed", code=ticket.code, role=t(ROLE_NAME_KEYS[role]))
        self.outbox.put(SendText(ticket_id=ticket.id, user_id=user.id, html=text, keyboard=reply_button(t, ticket)))
        return Pass.PASSED, None

    def _move_to_the_role_group(self, ticket: Ticket, roles: dict[str, str]) -> None:
        """When the new role has its own group, the ticket leaves its topic (a last note, closed) and the
        next message opens a topic there, with the recent conversation copied in (see StaffTopics.place)."""
        settings = self.c.settings
        here = ticket.staff_chat_id or settings.staff_chat_id
        there = settings.staff_chat_for(ticket.role)
        if here == there or (ticket.thread_id is None and ticket.header_message_id is None):
            ticket.staff_chat_id = None if ticket.thread_id is None and ticket.header_message_id is None else here
            return
        note = self.c.staff_t("staff-passed-away", code=ticket.code, **roles)
        title = f"➡️ {topic_title(ticket)}" if ticket.thread_id is not None else None
        where = {"thread_id": ticket.thread_id, "header_message_id": ticket.header_message_id}
        self.outbox.put(LastWord(**where, html=note, title=title, chat_id=here))
        ticket.staff_chat_id = ticket.thread_id = ticket.header_message_id = ticket.topic_title = None

    async def send_answer(self, ticket: Ticket, answer: Answer) -> bool:
        """Send a vetted answer in the person's language, under the role; staff see the Russian text."""
        user = await self.c.users.get(ticket.user_id)
        if user is None or ticket.status == TicketStatus.CLOSED:
            return False
        t = self.c.user_translator(user)
        row = await self.tickets.add_message(ticket, Direction.OUT, ANSWER_KIND)
        parts = split_text(answer.message_html(t.lang, role_prefix(t, ticket)), MESSAGE_LIMIT)
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            self.outbox.put(
                SendText(
                    ticket_id=ticket.id,
                    user_id=user.id,
                    html=part,
                    keyboard=reply_button(t, ticket) if last else None,
                    ticket_message_id=row.id if index == 0 else None,
                )
            )
        now = utcnow()
        ticket.first_staff_reply_at = ticket.first_staff_reply_at or now
        ticket.last_staff_reply_at = ticket.last_activity_at = now
        russian = answer.text("ru")
        head = self.c.staff_t(
            "staff-answer-sent",
            code=ticket.code,
            title=html.escape(russian.title),
            language=language_name(t.lang),
        )
        for part in split_text(f"{head}\n\n{russian.body_html}", MESSAGE_LIMIT):
            self.outbox.put(StaffNotice(ticket_id=ticket.id, html=part))
        return True
