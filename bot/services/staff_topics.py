"""A ticket's place in the staff group: its forum topic (or, without topics, its header message).

Owned by consultations; the outbox sender calls it through `bot.outbox.delivery.StaffTopics` when
an action needs the topic, and when Telegram says the topic was deleted or closed by hand. The
staff group knows a ticket only by its random code, its role and its language: the header and the
title never carry anything about the person.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram.exceptions import TelegramBadRequest

from bot.config import Settings
from bot.i18n import I18n
from bot.outbox.actions import CloseTopic, StaffNotice
from bot.outbox.delivery import Delivery, Place
from bot.outbox.errors import Failure, PermanentFailure, is_one_of
from bot.outbox.queue import Outbox
from bot.services.roles import ROLE_NAME_KEYS, ROLES
from db.enums import Direction, TicketStatus
from db.identity import IdentityVault
from db.models import Ticket, User
from db.repositories.tickets import TicketRepository

HISTORY_ON_RECREATE = 20  # messages copied into a topic that replaces a deleted one
TAKEN_MARK = "🙋"  # a consultant said /take


def topic_title(ticket: Ticket) -> str:
    title = f"#{ticket.code} · {ROLES.get(ticket.role, '?')} · {ticket.language}"
    if ticket.taken_by is not None:
        title += f" · {TAKEN_MARK}"
    if ticket.urgent:
        title = "🚨 " + title
    if ticket.status == TicketStatus.CLOSED:
        title = "✅ " + title
    return title


def needs_retitle(ticket: Ticket) -> bool:
    """Whether a title change must reach Telegram (a draft has no topic yet: it gets the new title)."""
    return ticket.thread_id is not None or ticket.status != TicketStatus.DRAFT


class StaffTopics:
    def __init__(self, settings: Settings, i18n: I18n, vault: IdentityVault) -> None:
        self.t = i18n.get(settings.staff_language)
        self.vault = vault
        self._is_forum: bool | None = None

    async def is_forum(self, delivery: Delivery) -> bool:
        if self._is_forum is None:
            chat = await delivery.bot.get_chat(delivery.staff_chat())
            self._is_forum = bool(chat.is_forum)
        return self._is_forum

    def not_a_forum(self) -> None:
        self._is_forum = False

    def header(self, ticket: Ticket, recreated: bool) -> str:
        t = self.t
        lines = [t("staff-header", code=ticket.code, role=t(ROLE_NAME_KEYS[ticket.role]), language=ticket.language)]
        if ticket.article_id:
            lines.append(t("staff-header-article", article=ticket.article_id))
        if ticket.urgent:
            lines.append(t("staff-header-urgent"))
        if recreated:
            lines.append(t("staff-topic-recreated"))
        lines.append(t("staff-header-help"))
        return "\n".join(lines)

    async def _ticket(self, delivery: Delivery, ticket_id: int) -> Ticket:
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is None:
            raise PermanentFailure("the ticket no longer exists")
        return ticket

    # -- where messages go ----------------------------------------------------------------------
    async def place(self, delivery: Delivery, ticket_id: int) -> Place:
        ticket = await self._ticket(delivery, ticket_id)
        staff = delivery.staff_chat()
        bot, session = delivery.bot, delivery.session
        if await self.is_forum(delivery):
            if ticket.thread_id is None:
                recreated = ticket.opened_at is not None and await self._had_topic_before(delivery.tickets, ticket)
                title = topic_title(ticket)
                topic = await bot.create_forum_topic(staff, title)
                ticket.thread_id, ticket.topic_title = topic.message_thread_id, title
                await session.commit()  # remember the topic at once: never create it twice
                header = await bot.send_message(
                    staff, self.header(ticket, recreated), message_thread_id=ticket.thread_id
                )
                ticket.header_message_id = header.message_id
                if recreated:
                    await self._copy_history(delivery, ticket)
                await session.commit()
            return Place(thread_id=ticket.thread_id)
        if ticket.header_message_id is None:
            header = await bot.send_message(staff, self.header(ticket, False))
            ticket.header_message_id = header.message_id
            await session.commit()
        return Place(reply_to=ticket.header_message_id)

    async def _had_topic_before(self, tickets: TicketRepository, ticket: Ticket) -> bool:
        return any(m.staff_message_id for m in await tickets.history(ticket.id, HISTORY_ON_RECREATE))

    async def _copy_history(self, delivery: Delivery, ticket: Ticket) -> None:
        """The topic was deleted by hand: copy the recent conversation into the new one."""
        user = await delivery.session.get(User, ticket.user_id)
        if user is None:
            return
        user_chat = self.vault.decrypt_id(user.tg_enc)
        for message in await delivery.tickets.history(ticket.id, HISTORY_ON_RECREATE):
            if message.user_chat_message_id is None or message.staff_message_id is None:
                continue  # not delivered yet: its own outbox row will bring it
            try:
                copied = await delivery.bot.copy_message(
                    delivery.staff_chat(), user_chat, message.user_chat_message_id, message_thread_id=ticket.thread_id
                )
            except TelegramBadRequest:
                continue  # deleted by the person in the meantime
            if message.direction == Direction.IN:
                message.staff_message_id = copied.message_id

    # -- the topic's state ----------------------------------------------------------------------
    async def _topic_call(
        self, delivery: Delivery, ticket_id: int, call: Callable[[int, Ticket], Awaitable[object]]
    ) -> None:
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is None or ticket.thread_id is None or not await self.is_forum(delivery):
            return
        try:
            await call(ticket.thread_id, ticket)
        except TelegramBadRequest as error:  # already so, or gone (the next message recreates it)
            if not is_one_of(error, Failure.NOT_MODIFIED, Failure.TOPIC_CLOSED, Failure.THREAD_NOT_FOUND):
                raise

    async def close(self, delivery: Delivery, ticket_id: int) -> None:
        staff = delivery.staff_chat()
        await self._topic_call(delivery, ticket_id, lambda thread, _: delivery.bot.close_forum_topic(staff, thread))

    async def reopen(self, delivery: Delivery, ticket_id: int) -> None:
        staff = delivery.staff_chat()
        await self._topic_call(delivery, ticket_id, lambda thread, _: delivery.bot.reopen_forum_topic(staff, thread))

    async def retitle(self, delivery: Delivery, ticket_id: int) -> None:
        async def edit(thread: int, ticket: Ticket) -> None:
            title = topic_title(ticket)
            if title != ticket.topic_title:
                await delivery.bot.edit_forum_topic(delivery.staff_chat(), thread, name=title)
                ticket.topic_title = title

        await self._topic_call(delivery, ticket_id, edit)

    # -- what Telegram told the sender ----------------------------------------------------------
    async def topic_deleted(self, delivery: Delivery, ticket_id: int) -> bool:
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is None:
            return False
        ticket.thread_id = ticket.header_message_id = ticket.topic_title = None
        return True

    async def topic_closed(self, delivery: Delivery, ticket_id: int) -> bool:
        """Closed by hand, or a note for a closed ticket: open it, deliver, close it again."""
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is None or ticket.thread_id is None:
            return False
        await delivery.bot.reopen_forum_topic(delivery.staff_chat(), ticket.thread_id)
        if ticket.status == TicketStatus.CLOSED:
            Outbox(delivery.session, self.vault).put(CloseTopic(ticket_id=ticket.id))
        return True

    async def copy_failed(self, delivery: Delivery, ticket_id: int) -> None:
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is not None:
            notice = StaffNotice(ticket_id=ticket.id, html=self.t("staff-message-gone", code=ticket.code))
            Outbox(delivery.session, self.vault).put(notice)

    async def relay_failed(self, delivery: Delivery, ticket_id: int) -> None:
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is not None:
            notice = StaffNotice(ticket_id=ticket.id, html=self.t("staff-relay-failed", code=ticket.code))
            Outbox(delivery.session, self.vault).put(notice)
