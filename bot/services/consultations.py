"""Anonymous consultations: what happens when a migrant or a consultant writes.

Every relay is an outbox action queued in the same transaction as the ticket change, so it is sent
exactly once even across crashes (see bot/outbox/). Nothing that identifies the person ever goes to
the staff group: their messages are *copied* (copyMessage), never forwarded, and the ticket is known
there only by its random code, its role and its language (bot/services/staff_topics.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from aiogram.enums import ContentType
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import I18n, Translator
from bot.outbox.actions import AlbumToStaff, CloseTopic, CopyToStaff, EditCopy, EditRelay, ReopenTopic
from bot.outbox.staff_group_actions import LastWord
from bot.services.answers import answer_actions, answer_edit
from bot.services.consult_duties import BlockedBotRecorder, ConsultationDuties
from bot.services.handover import Handover
from bot.services.roles import ROLE_NAME_KEYS, ROLES
from bot.services.staff_copy import html_for_staff, staff_copy_overrides
from bot.services.staff_header import CRISIS_KEYS, merge_danger, topic_title
from bot.ui.consult import rating_keyboard, reply_button, ticket_status_key
from db.base import utcnow
from db.enums import Direction, Role, TicketStatus
from db.identity import IdentityVault
from db.models import Ticket, User
from db.repositories.bans import BanRepository
from knowledge.crisis import CrisisDetector

__all__ = [
    "ROLES",
    "ROLE_NAME_KEYS",
    "BlockedBotRecorder",
    "ConsultationService",
    "Submit",
    "SubmitResult",
    "ticket_status_key",
]

C = ContentType
# What a person may send to a consultant. Contacts are refused: they carry a phone number.
RELAYABLE = {C.TEXT, C.PHOTO, C.VOICE, C.DOCUMENT, C.VIDEO, C.VIDEO_NOTE, C.LOCATION, C.VENUE, C.AUDIO, C.ANIMATION}
# Where the person is: shown to staff only after the person confirms (see submit_place).
SHARES_PLACE = {C.LOCATION, C.VENUE}
RATING_KIND = "rating"  # the ticket message that is the rating question under a closing notice


def content_kind(message: Message) -> str:
    kind = message.content_type
    return kind.value if isinstance(kind, Enum) else str(kind)


class Submit(Enum):
    SENT = "sent"
    UNSUPPORTED = "unsupported"
    CONTACT = "contact"
    TOO_FAST = "too-fast"
    THROTTLED = "throttled"  # too fast again, within the window the person was told about
    BANNED = "banned"
    CLOSED = "closed"
    CONFIRM_PLACE = "confirm-place"  # a location or venue: ask the person before relaying it


@dataclass
class SubmitResult:
    status: Submit
    ticket: Ticket | None = None
    first: bool = False
    crisis: set[str] = field(default_factory=set)


class ConsultationService(ConsultationDuties):
    def __init__(
        self,
        session: AsyncSession,
        vault: IdentityVault,
        settings: Settings,
        i18n: I18n,
        crisis: CrisisDetector,
    ) -> None:
        super().__init__(session, vault, settings, i18n, crisis)
        self.handover = Handover(self)

    # -- the migrant's side -----------------------------------------------------------------
    async def open(self, user: User, role: str, lang: str, article_id: str | None) -> Ticket:
        """Select (or start) the person's consultation with this role."""
        ticket = await self.tickets.active_for_role(user.id, Role(role))
        if ticket is None:
            ticket = await self.tickets.create(user.id, Role(role), lang, article_id)
        elif article_id and ticket.status == TicketStatus.DRAFT:
            ticket.article_id = article_id
        ticket.selected_at = utcnow()
        return ticket

    async def submit(self, user: User, ticket: Ticket, message: Message) -> SubmitResult:
        kind = content_kind(message)
        refused = await self._refused(user, ticket, kind)
        if refused is not None:
            if refused.status in (Submit.TOO_FAST, Submit.THROTTLED):  # not relayed, but danger is never ignored
                refused.crisis = self.crisis.detect(message.text or message.caption)
            return refused
        if kind in SHARES_PLACE:
            return SubmitResult(Submit.CONFIRM_PLACE, ticket)
        rebuilt = staff_copy_overrides(message)  # an album item that needs it goes alone
        album = None if rebuilt else message.media_group_id
        return await self._accept(
            user, ticket, kind, message.message_id, album, message.text or message.caption, rebuilt
        )

    async def submit_place(self, user: User, ticket: Ticket, message_id: int, kind: str) -> SubmitResult:
        """The person confirmed that staff may see this location or venue (their message_id)."""
        if kind not in SHARES_PLACE:
            return SubmitResult(Submit.UNSUPPORTED, ticket)
        refused = await self._refused(user, ticket, kind)
        return refused or await self._accept(user, ticket, kind, message_id, None, None)

    async def submit_held(
        self, user: User, ticket: Ticket, first_id: int, count: int, kind: str, captions: dict[int, str] | None = None
    ) -> SubmitResult:
        """Media the person sent before choosing a consultant (a voice note, photos of a document): the
        `count` messages from `first_id` in their own chat go to the ticket as if sent there.
        `captions`: rebuilt captions of those that name someone (staff_copy), by message id."""
        if kind in SHARES_PLACE:  # a location needs its own confirmation (submit_place)
            return SubmitResult(Submit.UNSUPPORTED, ticket)
        album = f"held:{first_id}" if count > 1 else None
        first = False
        for message_id in range(first_id, first_id + count):
            refused = await self._refused(user, ticket, kind)
            if refused is not None:
                return refused
            rebuilt = {"caption_html": captions[message_id]} if captions and message_id in captions else None
            result = await self._accept(user, ticket, kind, message_id, None if rebuilt else album, None, rebuilt)
            first = first or result.first
        return SubmitResult(Submit.SENT, ticket, first=first)

    async def _refused(self, user: User, ticket: Ticket, kind: str) -> SubmitResult | None:
        if user.banned_at is not None:
            return SubmitResult(Submit.BANNED, ticket)
        if ticket.status == TicketStatus.CLOSED or ticket.user_id != user.id:
            return SubmitResult(Submit.CLOSED, ticket)
        if kind == ContentType.CONTACT:
            return SubmitResult(Submit.CONTACT, ticket)
        if kind not in RELAYABLE:
            return SubmitResult(Submit.UNSUPPORTED, ticket)
        since = utcnow() - timedelta(minutes=1)
        if await self.tickets.user_messages_since(user.id, since) >= self.settings.user_messages_per_minute:
            told = user.slowed_down_at is not None and user.slowed_down_at > since  # once per window
            user.slowed_down_at = user.slowed_down_at if told else utcnow()
            return SubmitResult(Submit.THROTTLED if told else Submit.TOO_FAST, ticket)
        return None

    async def _accept(
        self,
        user: User,
        ticket: Ticket,
        kind: str,
        message_id: int,
        media_group_id: str | None,
        text: str | None,
        rebuilt: dict[str, str] | None = None,
    ) -> SubmitResult:
        first = ticket.status == TicketStatus.DRAFT
        now = utcnow()
        if first:
            ticket.status = TicketStatus.OPEN
            ticket.opened_at = now
        ticket.last_user_message_at = ticket.last_activity_at = ticket.selected_at = now
        row = await self.tickets.add_message(
            ticket, Direction.IN, kind, user_chat_message_id=message_id, media_group_id=media_group_id
        )
        where = {"ticket_id": ticket.id, "user_id": user.id, "ticket_message_id": row.id, "message_id": message_id}
        if media_group_id is not None:
            self.outbox.put(AlbumToStaff(**where, media_group_id=media_group_id))
        else:
            rebuilt = rebuilt or {}
            self.outbox.put(
                CopyToStaff(**where, text_html=rebuilt.get("text_html"), caption_html=rebuilt.get("caption_html"))
            )
        crisis = self.crisis.detect(text)
        if crisis:
            categories = ", ".join(self.staff_t(CRISIS_KEYS[c]) for c in sorted(crisis))
            self.notify_staff(ticket, "staff-urgent", categories=categories)
            if merge_danger(ticket, crisis) or not ticket.urgent:
                ticket.urgent = True
                self._retitle(ticket)
        return SubmitResult(Submit.SENT, ticket, first=first, crisis=crisis)

    async def user_edited(self, user: User, message: Message) -> bool:
        tickets = await self.tickets.open_for_user(user.id)
        row = await self.tickets.message_by_user_chat_id([t.id for t in tickets], message.message_id)
        if row is None:
            return False
        body = html_for_staff(message)
        edit = EditCopy(ticket_id=row.ticket_id, ticket_message_id=row.id, html=body, is_caption=message.text is None)
        self.outbox.put(edit)
        return True

    async def user_close(self, user: User, code: str) -> Ticket | None:
        ticket = await self.own_ticket(user, code)
        if ticket is None or ticket.status == TicketStatus.CLOSED:
            return None
        await self._close(ticket, user, by_user=True)
        return ticket

    async def rate(self, user: User, code: str, value: int) -> Ticket | None:
        ticket = await self.own_ticket(user, code)
        if ticket is None or ticket.status != TicketStatus.CLOSED or not 1 <= value <= 5:
            return None
        first_rating = ticket.rating is None
        ticket.rating = value
        if first_rating:
            self.notify_staff(ticket, "staff-rated", stars="⭐" * value)
        return ticket

    async def own_ticket(self, user: User, code: str) -> Ticket | None:
        ticket = await self.tickets.by_code(code)
        return ticket if ticket is not None and ticket.user_id == user.id else None

    async def forget(self, user: User) -> int:
        """Delete everything about the person. Their topics stay for the consultants, closed, with a
        last note; what is left of each consultation is its figures (for /stats), nothing more."""
        tickets = await self.tickets.all_for_user(user.id)
        for ticket in tickets:
            if ticket.opened_at is None:
                continue  # a draft: nothing was said, nothing to count
            await self.tickets.add_forgotten(ticket)
            if ticket.thread_id is None and ticket.header_message_id is None:
                continue
            ticket.status = TicketStatus.CLOSED
            note = self.staff_t("staff-person-forgot", code=ticket.code)
            title = topic_title(ticket) if ticket.thread_id is not None else None
            where = {"thread_id": ticket.thread_id, "header_message_id": ticket.header_message_id}
            self.outbox.put(LastWord(**where, html=note, title=title, chat_id=ticket.staff_chat_id))
        await self.session.delete(user)
        await self.session.flush()
        return len(tickets)

    # -- the staff side ---------------------------------------------------------------------
    async def ticket_for_staff_message(self, message: Message, is_forum: bool) -> Ticket | None:
        where = (message.chat.id, self.settings.staff_chat_id)  # thread and message ids are per group
        if is_forum and message.is_topic_message and message.message_thread_id:
            return await self.tickets.by_thread(message.message_thread_id, *where)
        if message.reply_to_message is not None:
            return await self.tickets.by_staff_message(message.reply_to_message.message_id, *where)
        return None

    async def relay(self, ticket: Ticket, message: Message) -> bool:
        """A consultant wrote in the ticket's topic: queue it for the person, with the role prefix."""
        user = await self.users.get(ticket.user_id)
        if user is None or ticket.status == TicketStatus.CLOSED:
            return False
        t = self.user_translator(user)
        row = await self.tickets.add_message(
            ticket,
            Direction.OUT,
            content_kind(message),
            staff_message_id=message.message_id,
            media_group_id=message.media_group_id,
        )
        for action in answer_actions(t, ticket, row, message):
            self.outbox.put(action)
        now = utcnow()
        ticket.first_staff_reply_at = ticket.first_staff_reply_at or now
        ticket.last_staff_reply_at = ticket.last_activity_at = now
        return True

    async def staff_edited(self, message: Message) -> bool:
        row = await self.tickets.message_by_staff_id(
            message.message_id, Direction.OUT, message.chat.id, self.settings.staff_chat_id
        )
        ticket = await self.tickets.get(row.ticket_id) if row is not None else None
        user = await self.users.get(ticket.user_id) if ticket is not None else None
        if row is None or ticket is None or user is None:
            return False
        self.outbox.put(answer_edit(self.user_translator(user), ticket, row, message))
        return True

    async def close_by_staff(self, ticket: Ticket) -> bool:
        if ticket.status == TicketStatus.CLOSED:
            return False
        user = await self.users.get(ticket.user_id)
        await self._close(ticket, user, by_user=False)
        return True

    async def _close(self, ticket: Ticket, user: User | None, by_user: bool) -> None:
        ticket.status = TicketStatus.CLOSED
        ticket.closed_at = ticket.last_activity_at = utcnow()
        self.notify_staff(ticket, "staff-closed-by-user" if by_user else "staff-closed-by-staff")
        self._retitle(ticket)
        if ticket.thread_id is not None or ticket.opened_at is not None:
            self.outbox.put(CloseTopic(ticket_id=ticket.id))
        if user is not None and ticket.opened_at is not None:
            t = self.user_translator(user)
            text = t("consult-closed-by-user" if by_user else "consult-closed-by-staff", code=ticket.code)
            # Recorded, so that /reopen can take the stars away again (the outbox notes the message id).
            stars = await self.tickets.add_message(ticket, Direction.OUT, RATING_KIND)
            self._tell_person(
                ticket, user, text + "\n\n" + t("consult-rate-ask"), rating_keyboard(ticket), ticket_message_id=stars.id
            )

    async def reopen(self, ticket: Ticket) -> bool:
        if ticket.status != TicketStatus.CLOSED:
            return False
        user = await self.users.get(ticket.user_id)
        if user is None:
            return False
        ticket.status = TicketStatus.OPEN
        ticket.closed_at = None
        ticket.last_activity_at = utcnow()
        self.outbox.put(ReopenTopic(ticket_id=ticket.id))
        self._retitle(ticket)
        self.notify_staff(ticket, "staff-reopened")
        t = self.user_translator(user)
        await self._remove_stars(ticket, user, t)
        self._tell_person(ticket, user, t("consult-reopened", code=ticket.code), reply_button(t, ticket))
        return True

    async def _remove_stars(self, ticket: Ticket, user: User, t: Translator) -> None:
        """An open consultation cannot be rated: the unused stars of its last closing go (a rated one
        has none left: the rating replaced them with a thank-you)."""
        if ticket.rating is not None:
            return
        recent = await self.tickets.history(ticket.id, 5)
        stars = next((row for row in reversed(recent) if row.kind == RATING_KIND), None)
        if stars is None:
            return
        self.outbox.put(
            EditRelay(
                ticket_id=ticket.id,
                user_id=user.id,
                ticket_message_id=stars.id,
                html=t("consult-closed-ok", code=ticket.code),
                is_caption=False,
            )
        )

    async def ban(self, ticket: Ticket, reason: str) -> bool:
        user = await self.users.get(ticket.user_id)
        if user is None:
            return False
        await BanRepository(self.session).ban(user)
        for other in await self.tickets.active_for_user(user.id):
            if other.status == TicketStatus.OPEN:
                await self._close(other, None, by_user=False)
            else:
                await self.session.delete(other)
        self._tell_person(ticket, user, self.user_translator(user)("consult-banned"))
        self.notify_staff(ticket, "staff-banned", reason=html.escape(reason or "—"))
        return True
