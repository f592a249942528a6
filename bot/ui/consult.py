"""What a person sees of a consultation that the relay sends: the role prefix and the buttons under
answers and closing notes. Built as outbox keyboards, since they travel through the outbox."""

from __future__ import annotations

import html

from bot.callbacks import ConsultAction, ConsultCb
from bot.i18n import Translator
from bot.outbox.keyboards import Button, Keyboard
from bot.services.roles import ROLE_PREFIX_KEYS
from db.enums import TicketStatus
from db.models import Ticket


def role_prefix(t: Translator, ticket: Ticket) -> str:
    """An answer's first line: the role, never the consultant's name."""
    return f"<b>{html.escape(t(ROLE_PREFIX_KEYS[ticket.role]))}</b>"


def reply_button(t: Translator, ticket: Ticket) -> Keyboard:
    return ((Button(t("consult-btn-reply"), ConsultCb(action=ConsultAction.WRITE, ticket=ticket.code).pack()),),)


def rating_keyboard(ticket: Ticket) -> Keyboard:
    stars = [
        Button("⭐" * v, ConsultCb(action=ConsultAction.RATE, ticket=ticket.code, value=v).pack()) for v in range(1, 6)
    ]
    return (tuple(stars[:3]), tuple(stars[3:]))


def ticket_status_key(ticket: Ticket) -> str:
    if ticket.status == TicketStatus.CLOSED:
        return "consult-status-closed"
    if ticket.status == TicketStatus.DRAFT:
        return "consult-status-draft"
    replied = ticket.last_staff_reply_at
    if replied is not None and (ticket.last_user_message_at is None or replied >= ticket.last_user_message_at):
        return "consult-status-answered"
    return "consult-status-waiting"
