"""Anonymous consultations: what happens when a migrant or a consultant writes.

Every relay is an outbox row written in the same transaction as the ticket change, so it is sent
exactly once even across crashes (see bot/services/outbox.py). Nothing that identifies the person
ever goes to the staff group: their messages are *copied* (copyMessage), never forwarded, and the
ticket is known there only by its random code, its role and its language.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ConsultCb
from bot.config import Settings
from bot.i18n import I18n, Translator
from bot.ui.text import CAPTION_LIMIT, MESSAGE_LIMIT, split_text
from db.base import utcnow
from db.identity import IdentityVault
from db.models import Ticket, User
from db.repositories.outbox import OutboxRepository
from db.repositories.tickets import TicketRepository
from db.repositories.users import UserRepository
from knowledge.crisis import CrisisDetector

ROLES: dict[str, str] = {"lawyer": "⚖️", "doctor": "🩺", "social": "🤝"}
ROLE_NAME_KEYS = {
    "lawyer": "consult-role-lawyer",
    "doctor": "consult-role-doctor",
    "social": "consult-role-social",
}
ROLE_PREFIX_KEYS = {
    "lawyer": "consult-prefix-lawyer",
    "doctor": "consult-prefix-doctor",
    "social": "consult-prefix-social",
}
CRISIS_KEYS = {
    "self-harm": "staff-crisis-self-harm",
    "violence": "staff-crisis-violence",
    "trafficking": "staff-crisis-trafficking",
    "medical": "staff-crisis-medical",
}
# What a person may send to a consultant. Contacts are refused: they carry a phone number.
RELAYABLE = {
    "text",
    "photo",
    "voice",
    "document",
    "video",
    "video_note",
    "location",
    "venue",
    "audio",
    "animation",
}
MEDIA_WITH_CAPTION = {"photo", "document", "video", "audio", "animation", "voice"}
# Where the person is: shown to staff only after the person confirms (see submit_place).
SHARES_PLACE = {"location", "venue"}


def content_kind(message: Message) -> str:
    kind = message.content_type
    return kind.value if isinstance(kind, Enum) else str(kind)


class Submit(Enum):
    SENT = "sent"
    UNSUPPORTED = "unsupported"
    CONTACT = "contact"
    TOO_FAST = "too-fast"
    BANNED = "banned"
    CLOSED = "closed"
    CONFIRM_PLACE = "confirm-place"  # a location or venue: ask the person before relaying it


@dataclass
class SubmitResult:
    status: Submit
    ticket: Ticket | None = None
    first: bool = False
    crisis: set[str] = field(default_factory=set)


def staff_lane(ticket: Ticket) -> str:
    return f"t{ticket.id}:staff"


def user_lane(ticket: Ticket) -> str:
    return f"t{ticket.id}:user"


STAFF_ADMIN_LANE = "staff"  # topic deletions after /forget and retention purges


def topic_title(ticket: Ticket) -> str:
    title = f"#{ticket.code} · {ROLES.get(ticket.role, '?')} · {ticket.language}"
    if ticket.urgent:
        title = "🚨 " + title
    if ticket.status == "closed":
        title = "✅ " + title
    return title


def ticket_status_key(ticket: Ticket) -> str:
    if ticket.status == "closed":
        return "consult-status-closed"
    if ticket.status == "draft":
        return "consult-status-draft"
    replied = ticket.last_staff_reply_at
    if replied is not None and (ticket.last_user_message_at is None or replied >= ticket.last_user_message_at):
        return "consult-status-answered"
    return "consult-status-waiting"


def reply_button(t: Translator, ticket: Ticket) -> dict[str, object]:
    return {
        "buttons": [
            [
                {
                    "text": t("consult-btn-reply"),
                    "callback_data": ConsultCb(action="write", ticket=ticket.code).pack(),
                }
            ]
        ]
    }


def rating_keyboard(ticket: Ticket) -> dict[str, object]:
    stars = [
        {
            "text": "⭐" * value,
            "callback_data": ConsultCb(action="rate", ticket=ticket.code, value=value).pack(),
        }
        for value in range(1, 6)
    ]
    return {"buttons": [stars[:3], stars[3:]]}


class ConsultationService:
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
        self.outbox = OutboxRepository(session, vault)
        self.users = UserRepository(session, vault)
        self.staff_t = i18n.get(settings.staff_language)

    # -- helpers ----------------------------------------------------------------------------
    def _staff_notice(self, ticket: Ticket | None, text: str, lane: str | None = None) -> None:
        self.outbox.add(
            lane=lane or (staff_lane(ticket) if ticket else STAFF_ADMIN_LANE),
            target="staff",
            action="notice",
            payload={"html": text},
            ticket_id=ticket.id if ticket else None,
        )

    def _user_notice(self, ticket: Ticket, user: User, text: str, keyboard: dict[str, object] | None = None) -> None:
        payload: dict[str, object] = {"html": text}
        if keyboard:
            payload["keyboard"] = keyboard
        self.outbox.add(
            lane=user_lane(ticket), target="user", action="send_text", payload=payload, ticket_id=ticket.id,
            user_id=user.id,
        )  # fmt: skip

    def _retitle(self, ticket: Ticket) -> None:
        if ticket.thread_id is not None or ticket.status != "draft":
            self.outbox.add(
                lane=staff_lane(ticket), target="staff", action="topic_title", payload={}, ticket_id=ticket.id
            )

    def notify_staff(self, ticket: Ticket, key: str, **args: object) -> None:
        """A note in the ticket's topic, queued after the ticket's other staff messages."""
        self._staff_notice(ticket, self.staff_t(key, code=ticket.code, **args))

    def user_translator(self, user: User | None) -> Translator:
        return self.i18n.get(user.language if user else None)

    # -- the migrant's side -----------------------------------------------------------------
    async def open(self, user: User, role: str, lang: str, article_id: str | None) -> Ticket:
        """Select (or start) the person's consultation with this role."""
        ticket = await self.tickets.active_for_role(user.id, role)
        if ticket is None:
            ticket = await self.tickets.create(user.id, role, lang, article_id)
        elif article_id and ticket.status == "draft":
            ticket.article_id = article_id
        ticket.selected_at = utcnow()
        return ticket

    async def current(self, user: User) -> Ticket | None:
        active = await self.tickets.active_for_user(user.id)
        return active[0] if active else None

    async def submit(self, user: User, ticket: Ticket, message: Message) -> SubmitResult:
        kind = content_kind(message)
        refused = await self._refused(user, ticket, kind)
        if refused is not None:
            return refused
        if kind in SHARES_PLACE:
            return SubmitResult(Submit.CONFIRM_PLACE, ticket)
        return await self._accept(
            user, ticket, kind, message.message_id, message.media_group_id, message.text or message.caption
        )

    async def submit_place(self, user: User, ticket: Ticket, message_id: int, kind: str) -> SubmitResult:
        """The person confirmed that staff may see this location or venue (their message_id)."""
        if kind not in SHARES_PLACE:
            return SubmitResult(Submit.UNSUPPORTED, ticket)
        refused = await self._refused(user, ticket, kind)
        return refused or await self._accept(user, ticket, kind, message_id, None, None)

    async def _refused(self, user: User, ticket: Ticket, kind: str) -> SubmitResult | None:
        if user.banned_at is not None:
            return SubmitResult(Submit.BANNED, ticket)
        if ticket.status == "closed" or ticket.user_id != user.id:
            return SubmitResult(Submit.CLOSED, ticket)
        if kind == "contact":
            return SubmitResult(Submit.CONTACT, ticket)
        if kind not in RELAYABLE:
            return SubmitResult(Submit.UNSUPPORTED, ticket)
        since = utcnow() - timedelta(minutes=1)
        if await self.tickets.user_messages_since(user.id, since) >= self.settings.user_messages_per_minute:
            return SubmitResult(Submit.TOO_FAST, ticket)
        return None

    async def _accept(
        self, user: User, ticket: Ticket, kind: str, message_id: int, media_group_id: str | None, text: str | None
    ) -> SubmitResult:
        first = ticket.status == "draft"
        now = utcnow()
        if first:
            ticket.status = "open"
            ticket.opened_at = now
        ticket.last_user_message_at = now
        ticket.last_activity_at = now
        ticket.selected_at = now
        row = await self.tickets.add_message(
            ticket, "in", kind, user_chat_message_id=message_id, media_group_id=media_group_id
        )
        self.outbox.add(
            lane=staff_lane(ticket),
            target="staff",
            action="copy",
            payload={"message_id": message_id},
            ticket_id=ticket.id,
            user_id=user.id,
            ticket_message_id=row.id,
            media_group_id=media_group_id,
        )
        crisis = self.crisis.detect(text)
        if crisis:
            categories = ", ".join(self.staff_t(CRISIS_KEYS[c]) for c in sorted(crisis))
            self._staff_notice(ticket, self.staff_t("staff-urgent", code=ticket.code, categories=categories))
            if not ticket.urgent:
                ticket.urgent = True
                self._retitle(ticket)
        return SubmitResult(Submit.SENT, ticket, first=first, crisis=crisis)

    async def user_edited(self, user: User, message: Message) -> bool:
        tickets = await self.tickets.open_for_user(user.id)
        row = await self.tickets.message_by_user_chat_id([t.id for t in tickets], message.message_id)
        if row is None:
            return False
        ticket = next(t for t in tickets if t.id == row.ticket_id)
        is_caption = message.text is None
        body = message.html_text if (message.text or message.caption) else ""
        self.outbox.add(
            lane=staff_lane(ticket),
            target="staff",
            action="edit_copy",
            payload={"html": body, "caption": is_caption},
            ticket_id=ticket.id,
            ticket_message_id=row.id,
        )
        return True

    async def user_close(self, user: User, code: str) -> Ticket | None:
        ticket = await self.tickets.by_code(code)
        if ticket is None or ticket.user_id != user.id or ticket.status == "closed":
            return None
        await self._close(ticket, user, by_user=True)
        return ticket

    async def rate(self, user: User, code: str, value: int) -> Ticket | None:
        ticket = await self.tickets.by_code(code)
        if ticket is None or ticket.user_id != user.id or ticket.status != "closed" or not 1 <= value <= 5:
            return None
        first_rating = ticket.rating is None
        ticket.rating = value
        if first_rating:
            self._staff_notice(ticket, self.staff_t("staff-rated", code=ticket.code, stars="⭐" * value))
        return ticket

    async def own_ticket(self, user: User, code: str) -> Ticket | None:
        ticket = await self.tickets.by_code(code)
        return ticket if ticket is not None and ticket.user_id == user.id else None

    async def set_blocked(self, user: User, blocked: bool) -> None:
        """The person blocked or unblocked the bot (my_chat_member)."""
        user.blocked_bot_at = utcnow() if blocked else None
        key = "staff-user-blocked" if blocked else "staff-user-unblocked"
        for ticket in await self.tickets.open_for_user(user.id):
            ticket.user_blocked = blocked
            self._staff_notice(ticket, self.staff_t(key, code=ticket.code))
        if not blocked:
            await self.outbox.release_held(user.id)

    async def forget(self, user: User) -> int:
        """Delete everything about the person. Their topics are deleted in the staff group too."""
        tickets = await self.tickets.all_for_user(user.id)
        for ticket in tickets:
            await self._schedule_topic_removal(ticket)
        await self.session.delete(user)
        await self.session.flush()
        return len(tickets)

    async def _schedule_topic_removal(self, ticket: Ticket) -> None:
        if ticket.thread_id is not None:
            payload: dict[str, object] = {"thread_id": ticket.thread_id}
            action = "delete_topic"
        else:
            ids = await self.tickets.staff_message_ids(ticket.id)
            if ticket.header_message_id:
                ids.append(ticket.header_message_id)
            if not ids:
                return
            payload = {"message_ids": ids}
            action = "delete_messages"
        self.outbox.add(lane=STAFF_ADMIN_LANE, target="staff", action=action, payload=payload)

    # -- the staff side ---------------------------------------------------------------------
    async def ticket_for_staff_message(self, message: Message, is_forum: bool) -> Ticket | None:
        if is_forum and message.is_topic_message and message.message_thread_id:
            return await self.tickets.by_thread(message.message_thread_id)
        if message.reply_to_message is not None:
            return await self.tickets.by_staff_message(message.reply_to_message.message_id)
        return None

    async def relay(self, ticket: Ticket, message: Message) -> bool:
        """A consultant wrote in the ticket's topic: queue it for the person, with the role prefix."""
        user = await self.users.get(ticket.user_id)
        if user is None or ticket.status == "closed":
            return False
        t = self.user_translator(user)
        kind = content_kind(message)
        now = utcnow()
        row = await self.tickets.add_message(
            ticket, "out", kind, staff_message_id=message.message_id, media_group_id=message.media_group_id
        )
        prefix = f"<b>{html.escape(t(ROLE_PREFIX_KEYS[ticket.role]))}</b>"
        keyboard = reply_button(t, ticket)
        common = {"lane": user_lane(ticket), "target": "user", "ticket_id": ticket.id, "user_id": user.id}
        if message.text is not None:
            parts = split_text(f"{prefix}\n{message.html_text}", MESSAGE_LIMIT)
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                self.outbox.add(
                    **common,
                    action="send_text",
                    payload={"html": part, **({"keyboard": keyboard} if last else {})},
                    ticket_message_id=row.id if index == 0 else None,
                )
        elif message.media_group_id is not None:
            self.outbox.add(
                **common,
                action="copy_from_staff",
                payload={"message_id": message.message_id, "prefix_html": prefix},
                ticket_message_id=row.id,
                media_group_id=message.media_group_id,
            )
        elif kind not in MEDIA_WITH_CAPTION:  # a sticker, video note, location...: the role comes first
            self.outbox.add(**common, action="send_text", payload={"html": prefix})
            self.outbox.add(
                **common,
                action="copy_from_staff",
                payload={"message_id": message.message_id, "keyboard": keyboard},
                ticket_message_id=row.id,
            )
        else:
            caption = f"{prefix}\n{message.html_text}" if message.caption else prefix
            head, *rest = split_text(caption, CAPTION_LIMIT)  # a caption too long goes on as text
            self.outbox.add(
                **common,
                action="copy_from_staff",
                payload={"message_id": message.message_id, "caption_html": head, "keyboard": keyboard},
                ticket_message_id=row.id,
            )
            for part in split_text("\n".join(rest), MESSAGE_LIMIT) if rest else []:
                self.outbox.add(**common, action="send_text", payload={"html": part})
        ticket.first_staff_reply_at = ticket.first_staff_reply_at or now
        ticket.last_staff_reply_at = now
        ticket.last_activity_at = now
        return True

    async def staff_edited(self, message: Message) -> bool:
        row = await self.tickets.message_by_staff_id(message.message_id, "out")
        if row is None:
            return False
        ticket = await self.tickets.get(row.ticket_id)
        user = await self.users.get(ticket.user_id) if ticket else None
        if ticket is None or user is None:
            return False
        t = self.user_translator(user)
        prefix = f"<b>{html.escape(t(ROLE_PREFIX_KEYS[ticket.role]))}</b>"
        body = message.html_text if (message.text or message.caption) else ""
        text = f"{prefix}\n{body}" if body else prefix
        is_caption = message.text is None
        limit = CAPTION_LIMIT if is_caption else MESSAGE_LIMIT
        self.outbox.add(
            lane=user_lane(ticket),
            target="user",
            action="edit_relay",
            payload={
                "html": split_text(text, limit)[0],
                "caption": is_caption,
                "keyboard": reply_button(t, ticket),
            },
            ticket_id=ticket.id,
            user_id=user.id,
            ticket_message_id=row.id,
        )
        return True

    async def take(self, ticket: Ticket, consultant_hash: str) -> None:
        ticket.taken_by = consultant_hash

    async def close_by_staff(self, ticket: Ticket) -> bool:
        if ticket.status == "closed":
            return False
        user = await self.users.get(ticket.user_id)
        await self._close(ticket, user, by_user=False)
        return True

    async def _close(self, ticket: Ticket, user: User | None, by_user: bool) -> None:
        ticket.status = "closed"
        ticket.closed_at = utcnow()
        ticket.last_activity_at = ticket.closed_at
        key = "staff-closed-by-user" if by_user else "staff-closed-by-staff"
        self._staff_notice(ticket, self.staff_t(key, code=ticket.code))
        self._retitle(ticket)
        if ticket.thread_id is not None or ticket.opened_at is not None:
            self.outbox.add(
                lane=staff_lane(ticket), target="staff", action="close_topic", payload={}, ticket_id=ticket.id
            )
        if user is not None and ticket.opened_at is not None:
            t = self.user_translator(user)
            text = t("consult-closed-by-user" if by_user else "consult-closed-by-staff", code=ticket.code)
            self._user_notice(ticket, user, text + "\n\n" + t("consult-rate-ask"), rating_keyboard(ticket))

    async def reopen(self, ticket: Ticket) -> bool:
        if ticket.status != "closed":
            return False
        user = await self.users.get(ticket.user_id)
        if user is None:
            return False
        ticket.status = "open"
        ticket.closed_at = None
        ticket.last_activity_at = utcnow()
        self.outbox.add(lane=staff_lane(ticket), target="staff", action="reopen_topic", payload={}, ticket_id=ticket.id)
        self._retitle(ticket)
        self.notify_staff(ticket, "staff-reopened")
        t = self.user_translator(user)
        self._user_notice(ticket, user, t("consult-reopened", code=ticket.code), reply_button(t, ticket))
        return True

    async def ban(self, ticket: Ticket, reason: str) -> bool:
        user = await self.users.get(ticket.user_id)
        if user is None:
            return False
        user.banned_at = utcnow()
        for other in await self.tickets.active_for_user(user.id):
            if other.status == "open":
                await self._close(other, None, by_user=False)
            else:
                await self.session.delete(other)
        t = self.user_translator(user)
        self._user_notice(ticket, user, t("consult-banned"))
        self._staff_notice(ticket, self.staff_t("staff-banned", code=ticket.code, reason=html.escape(reason or "—")))
        return True

    # -- background duties ------------------------------------------------------------------
    async def remind_unanswered(self) -> int:
        before = utcnow() - timedelta(minutes=self.settings.sla_minutes)
        tickets = await self.tickets.waiting_for_first_reply(before)
        for ticket in tickets:
            ticket.sla_notified_at = utcnow()
            self._staff_notice(ticket, self.staff_t("staff-sla", code=ticket.code, minutes=self.settings.sla_minutes))
        return len(tickets)

    async def close_idle(self) -> int:
        before = utcnow() - timedelta(days=self.settings.auto_close_days)
        tickets = await self.tickets.idle_since(before)
        for ticket in tickets:
            user = await self.users.get(ticket.user_id)
            ticket.status = "closed"
            ticket.closed_at = utcnow()
            self._staff_notice(
                ticket,
                self.staff_t("staff-auto-closed", code=ticket.code, days=self.settings.auto_close_days),
            )
            self._retitle(ticket)
            self.outbox.add(
                lane=staff_lane(ticket), target="staff", action="close_topic", payload={}, ticket_id=ticket.id
            )
            if user is not None:
                t = self.user_translator(user)
                self._user_notice(
                    ticket,
                    user,
                    t("consult-auto-closed", code=ticket.code, days=self.settings.auto_close_days),
                )
        await self.tickets.stale_drafts(utcnow() - timedelta(days=1))
        return len(tickets)

    async def purge_closed(self) -> int:
        before = utcnow() - timedelta(days=self.settings.retention_days)
        tickets = await self.tickets.closed_before(before)
        for ticket in tickets:
            await self._schedule_topic_removal(ticket)
            await self.tickets.delete(ticket)
        return len(tickets)
