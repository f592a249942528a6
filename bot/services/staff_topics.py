"""A ticket's place in the staff group: its forum topic (or, without topics, its header message).

Owned by consultations; the outbox sender calls it through `bot.outbox.delivery.StaffTopics` when
an action needs the topic, and when Telegram says the topic was deleted or closed by hand. The
staff group knows a ticket only by its random code, its role and its language: the header and the
title never carry anything about the person.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ReplyParameters

from bot.config import Settings
from bot.i18n import I18n
from bot.outbox.actions import CloseTopic, StaffNotice
from bot.outbox.delivery import Delivery, Place
from bot.outbox.errors import Failure, PermanentFailure, is_one_of
from bot.outbox.queue import Outbox
from bot.services.knowledge import KnowledgeHolder
from bot.services.staff_header import CLOSED_MARK, HeaderFacts, header_html, topic_title
from db.enums import Direction, TicketStatus
from db.identity import IdentityVault
from db.models import Ticket, User
from db.repositories.tickets import TicketRepository

HISTORY_ON_RECREATE = 20  # messages copied into a topic that replaces a deleted one


def needs_retitle(ticket: Ticket) -> bool:
    """Whether a title change must reach Telegram (a draft has no topic yet: it gets the new title)."""
    return ticket.thread_id is not None or ticket.status != TicketStatus.DRAFT


class StaffTopics:
    def __init__(
        self, settings: Settings, i18n: I18n, vault: IdentityVault, knowledge: KnowledgeHolder | None = None
    ) -> None:
        self.settings = settings
        self.t = i18n.get(settings.staff_language)
        self.vault = vault
        self.knowledge = knowledge
        self._is_forum: dict[int, bool] = {}  # per staff group

    async def is_forum(self, delivery: Delivery, chat_id: int | None = None) -> bool:
        chat_id = chat_id or delivery.staff_chat()
        if chat_id not in self._is_forum:
            chat = await delivery.bot.get_chat(chat_id)
            self._is_forum[chat_id] = bool(chat.is_forum)
        return self._is_forum[chat_id]

    def not_a_forum(self) -> None:
        """Topics were turned off in a staff group: ask Telegram again about the groups that had them
        (place() already noted the group whose topic could not be created)."""
        self._is_forum = {chat: False for chat, forum in self._is_forum.items() if not forum}

    def chat_of(self, delivery: Delivery, ticket: Ticket) -> int:
        """The staff group of the ticket: where its topic is, or, for a new one, its role's group."""
        if ticket.staff_chat_id is not None:
            return ticket.staff_chat_id
        if ticket.thread_id is not None or ticket.header_message_id is not None:
            return delivery.staff_chat()  # placed before per-role groups existed
        return self.settings.staff_chat_for(ticket.role) or delivery.staff_chat()

    async def header(self, delivery: Delivery, ticket: Ticket, recreated: bool) -> str:
        article = self.knowledge.kb.get(ticket.article_id) if self.knowledge and ticket.article_id else None
        facts = HeaderFacts(
            article_title=article.text(self.t.lang).title if article else None,
            bot_username=(await delivery.bot.me()).username if article else None,
            earlier=await delivery.tickets.earlier_for_user(ticket),
            staff_chat_id=delivery.staff_chat(),  # for earlier tickets placed before per-role groups
            recreated=recreated,
        )
        return header_html(self.t, ticket, facts)

    async def _ticket(self, delivery: Delivery, ticket_id: int) -> Ticket:
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is None:
            raise PermanentFailure("the ticket no longer exists")
        return ticket

    # -- where messages go ----------------------------------------------------------------------
    async def place(self, delivery: Delivery, ticket_id: int) -> Place:
        ticket = await self._ticket(delivery, ticket_id)
        staff = ticket.staff_chat_id = self.chat_of(delivery, ticket)
        bot, session = delivery.bot, delivery.session
        if await self.is_forum(delivery, staff):
            if ticket.thread_id is None:
                recreated = ticket.opened_at is not None and await self._had_topic_before(delivery.tickets, ticket)
                title = topic_title(ticket)
                try:
                    topic = await bot.create_forum_topic(staff, title)
                except TelegramBadRequest as error:
                    if is_one_of(error, Failure.NOT_A_FORUM):
                        self._is_forum[staff] = False
                    raise
                ticket.thread_id, ticket.topic_title = topic.message_thread_id, title
                await session.commit()  # remember the topic at once: never create it twice
                header = await bot.send_message(
                    staff, await self.header(delivery, ticket, recreated), message_thread_id=ticket.thread_id
                )
                ticket.header_message_id = header.message_id
                if recreated:
                    await self._copy_history(delivery, ticket)
                await session.commit()
            return Place(thread_id=ticket.thread_id, chat_id=staff)
        if ticket.header_message_id is None:
            header = await bot.send_message(staff, await self.header(delivery, ticket, False))
            ticket.header_message_id = header.message_id
            await session.commit()
        return Place(reply_to=ticket.header_message_id, chat_id=staff)

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
                    self.chat_of(delivery, ticket),
                    user_chat,
                    message.user_chat_message_id,
                    message_thread_id=ticket.thread_id,
                )
            except TelegramBadRequest:
                continue  # deleted by the person in the meantime
            if message.direction == Direction.IN:
                message.staff_message_id = copied.message_id

    # -- the topic's state ----------------------------------------------------------------------
    async def _topic_call(
        self, delivery: Delivery, ticket_id: int, call: Callable[[int, int, Ticket], Awaitable[object]]
    ) -> None:
        ticket = await delivery.tickets.get(ticket_id)
        if ticket is None or ticket.thread_id is None:
            return
        chat = self.chat_of(delivery, ticket)
        if not await self.is_forum(delivery, chat):
            return
        try:
            await call(chat, ticket.thread_id, ticket)
        except TelegramBadRequest as error:  # already so, or gone (the next message recreates it)
            if not is_one_of(error, Failure.NOT_MODIFIED, Failure.TOPIC_CLOSED, Failure.THREAD_NOT_FOUND):
                raise

    async def close(self, delivery: Delivery, ticket_id: int) -> None:
        await self._topic_call(
            delivery, ticket_id, lambda chat, thread, _: delivery.bot.close_forum_topic(chat, thread)
        )

    async def reopen(self, delivery: Delivery, ticket_id: int) -> None:
        await self._topic_call(
            delivery, ticket_id, lambda chat, thread, _: delivery.bot.reopen_forum_topic(chat, thread)
        )

    async def retitle(self, delivery: Delivery, ticket_id: int) -> None:
        """The title follows the state; the header too when who took it or the urgency changed."""

        async def edit(chat: int, thread: int, ticket: Ticket) -> None:
            title, before = topic_title(ticket), ticket.topic_title
            if title != before:
                await delivery.bot.edit_forum_topic(chat, thread, name=title)
                ticket.topic_title = title
                opened_or_closed_only = title.removeprefix(CLOSED_MARK) == (before or "").removeprefix(CLOSED_MARK)
                if ticket.header_message_id and not opened_or_closed_only:
                    await self._refresh_header(delivery, chat, ticket)

        await self._topic_call(delivery, ticket_id, edit)

    async def last_word(
        self,
        delivery: Delivery,
        chat_id: int,
        thread_id: int | None,
        header_id: int | None,
        html: str,
        title: str | None,
    ) -> str | None:
        """The ticket leaves this topic for good (/forget, or handed to another role's group): the topic
        stays for the consultants, with a last note and its final title, closed."""
        bot = delivery.bot
        if thread_id is None:  # a group without topics: the note answers the ticket's header
            reply = ReplyParameters(message_id=header_id, allow_sending_without_reply=True) if header_id else None
            return str((await bot.send_message(chat_id, html, reply_parameters=reply)).message_id)
        try:
            try:
                sent = await bot.send_message(chat_id, html, message_thread_id=thread_id)
            except TelegramBadRequest as error:
                if not is_one_of(error, Failure.TOPIC_CLOSED):
                    raise
                await bot.reopen_forum_topic(chat_id, thread_id)  # closed by hand: open, write, close
                sent = await bot.send_message(chat_id, html, message_thread_id=thread_id)
            if title is not None:
                with contextlib.suppress(TelegramBadRequest):  # unchanged
                    await bot.edit_forum_topic(chat_id, thread_id, name=title)
            with contextlib.suppress(TelegramBadRequest):  # already closed
                await bot.close_forum_topic(chat_id, thread_id)
        except TelegramBadRequest as error:
            if is_one_of(error, Failure.THREAD_NOT_FOUND):  # deleted by hand: nothing left to close
                return None
            raise
        return str(sent.message_id)

    async def _refresh_header(self, delivery: Delivery, chat: int, ticket: Ticket) -> None:
        text = await self.header(delivery, ticket, recreated=False)
        with contextlib.suppress(TelegramBadRequest):  # unchanged, or deleted by hand: the title has it anyway
            await delivery.bot.edit_message_text(text, chat_id=chat, message_id=ticket.header_message_id)

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
        await delivery.bot.reopen_forum_topic(self.chat_of(delivery, ticket), ticket.thread_id)
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
