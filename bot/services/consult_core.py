"""What every part of a consultation needs: the repositories, the outbox, the texts, and the small
helpers that queue a note for staff or a message for the person. ConsultationService and its duties
(bot/services/consult_duties.py) build on it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import I18n, Translator
from bot.outbox.actions import RetitleTopic, SendText, StaffNotice
from bot.outbox.keyboards import Keyboard
from bot.outbox.queue import Outbox
from bot.services.staff_topics import needs_retitle
from db.identity import IdentityVault
from db.models import Ticket, User
from db.repositories.tickets import TicketRepository
from db.repositories.users import UserRepository
from knowledge.crisis import CrisisDetector


class ConsultationCore:
    def __init__(
        self,
        session: AsyncSession,
        vault: IdentityVault,
        settings: Settings,
        i18n: I18n,
        crisis: CrisisDetector,
    ) -> None:
        self.session = session
        self.settings = settings
        self.i18n = i18n
        self.crisis = crisis
        self.tickets = TicketRepository(session)
        self.outbox = Outbox(session, vault)
        self.users = UserRepository(session, vault)
        self.staff_t = i18n.get(settings.staff_language)

    # -- helpers ----------------------------------------------------------------------------
    def notify_staff(self, ticket: Ticket, key: str, **args: object) -> None:
        """A note in the ticket's topic, queued after the ticket's other staff messages."""
        self.outbox.put(StaffNotice(ticket_id=ticket.id, html=self.staff_t(key, code=ticket.code, **args)))

    def _tell_person(
        self,
        ticket: Ticket,
        user: User,
        text: str,
        keyboard: Keyboard | None = None,
        ticket_message_id: int | None = None,
    ) -> None:
        self.outbox.put(
            SendText(
                ticket_id=ticket.id, user_id=user.id, html=text, keyboard=keyboard, ticket_message_id=ticket_message_id
            )
        )

    def _retitle(self, ticket: Ticket) -> None:
        if needs_retitle(ticket):
            self.outbox.put(RetitleTopic(ticket_id=ticket.id))

    def user_translator(self, user: User | None) -> Translator:
        return self.i18n.get(user.language if user else None)
