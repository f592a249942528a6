"""The outbox sender: delivers queued relays and announcements to Telegram.

- Rows of one lane (one direction of one ticket, or one recipient of a broadcast) go strictly in
  order; lanes run in parallel. The flood limiter on the bot's session keeps every chat inside
  Telegram's limits, so a warm sender does not meet 429s.
- A row is marked in flight (committed) before the call and sent (with the resulting message id)
  right after it. A crash between the two is the only case that can repeat a message: at start-up
  such rows are sent again and flagged `uncertain`. A repeat is better than a loss, and the Bot API
  has no idempotency key that could close this gap.
- 429: wait `retry_after`. 5xx, timeouts, network errors: exponential backoff. 403 from a person:
  their messages are held until they unblock the bot, and staff are told. A deleted forum topic is
  recreated (with the recent history copied in), a closed one is reopened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup, ReplyParameters
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import I18n
from bot.services.consultations import ROLE_NAME_KEYS, topic_title
from bot.telegram.middleware import retry_on_429
from db.base import utcnow
from db.identity import IdentityVault
from db.models import OutboxMessage, Ticket, User
from db.repositories.outbox import OutboxRepository
from db.repositories.tickets import TicketRepository

logger = logging.getLogger(__name__)

ALBUM_GRACE = timedelta(seconds=1.5)  # album items arrive as separate updates; wait for the rest
MAX_BACKOFF = 300.0
HISTORY_ON_RECREATE = 20


class PermanentFailure(Exception):
    """The row can never be delivered (e.g. the person deleted the message before it was copied)."""


def _backoff(attempts: int) -> float:
    return min(MAX_BACKOFF, 2.0 ** max(0, attempts - 1))


def _keyboard(spec: dict[str, Any] | None) -> InlineKeyboardMarkup | None:
    if not spec:
        return None
    return InlineKeyboardMarkup(inline_keyboard=spec["buttons"])


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        vault: IdentityVault,
        settings: Settings,
        i18n: I18n,
        wakeup: asyncio.Event | None = None,
        concurrency: int = 32,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.vault = vault
        self.settings = settings
        self.i18n = i18n
        self.staff_t = i18n.get(settings.staff_language)
        self.concurrency = concurrency
        self.wakeup = wakeup or asyncio.Event()
        self._lanes: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._staff_is_forum: bool | None = None
        self._stopping = False
        self.delivered = 0

    def notify(self) -> None:
        self.wakeup.set()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    async def pending(self) -> int:
        async with self.sessionmaker() as session:
            return await OutboxRepository(session, self.vault).active_count()

    # -- main loop ----------------------------------------------------------------------------
    async def run(self) -> None:
        retry_on_429.set(False)  # this loop schedules its own retries, durably
        async with self.sessionmaker() as session:
            recovered = await OutboxRepository(session, self.vault).recover_inflight()
            await session.commit()
        if recovered:
            logger.warning("%d outbox messages were in flight at the last stop; sending them again", recovered)
        try:
            while not self._stopping:
                self.wakeup.clear()
                started = await self._dispatch_due()
                if started:
                    await self._wait(0.05)
                else:
                    await self._wait(await self._seconds_to_next_due())
        finally:
            # Let deliveries in progress record their result: a row cut off mid-send is resent later.
            _done, hanging = await asyncio.wait(self._tasks, timeout=10) if self._tasks else (set(), set())
            for task in hanging:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def stop(self) -> None:
        self._stopping = True
        self.wakeup.set()

    async def _wait(self, seconds: float) -> None:
        waiter = asyncio.create_task(self.wakeup.wait())
        waiters: set[asyncio.Future[Any]] = {waiter, *self._tasks}
        try:
            await asyncio.wait(waiters, timeout=max(0.01, seconds), return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()

    async def _seconds_to_next_due(self) -> float:
        async with self.sessionmaker() as session:
            when = await OutboxRepository(session, self.vault).next_due_time()
        if when is None:
            return 1.0
        return min(1.0, max(0.01, (when - utcnow()).total_seconds()))

    async def _dispatch_due(self) -> int:
        free = self.concurrency - len(self._tasks)
        if free <= 0:
            return 0
        async with self.sessionmaker() as session:
            heads = await OutboxRepository(session, self.vault).due_heads(
                utcnow(), limit=free, exclude_lanes=sorted(self._lanes)
            )
        for head in heads:
            self._lanes.add(head.lane)
            task = asyncio.create_task(self._deliver_lane_head(head.id, head.lane))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(heads)

    async def drain(self, timeout: float = 60.0) -> None:
        """Send everything that is due now (tests and benchmarks)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            if not self._tasks and await self.pending() == 0:
                return
            self.notify()
            await asyncio.sleep(0.05)
        raise TimeoutError("the outbox did not drain")

    # -- one delivery -------------------------------------------------------------------------
    async def _deliver_lane_head(self, row_id: int, lane: str) -> None:
        try:
            async with self.sessionmaker() as session:
                await self._deliver(session, row_id)
        except Exception as error:
            logger.error("outbox row %s: unexpected %s", row_id, type(error).__name__)
            await self._reschedule_after_crash(row_id)
        finally:
            self._lanes.discard(lane)
            self.wakeup.set()

    async def _reschedule_after_crash(self, row_id: int) -> None:
        async with self.sessionmaker() as session:
            row = await session.get(OutboxMessage, row_id)
            if row is not None and row.status in ("pending", "inflight"):
                OutboxRepository.reschedule([row], _backoff(row.attempts), "internal-error")
                await session.commit()

    async def _deliver(self, session: AsyncSession, row_id: int) -> None:
        repo = OutboxRepository(session, self.vault)
        head = await session.get(OutboxMessage, row_id)
        if head is None or head.status not in ("pending", "inflight"):
            return
        rows = [head]
        if head.media_group_id and head.action in ("copy", "copy_from_staff"):
            rows = await repo.album_rows(head)
            if utcnow() - max(r.created_at for r in rows) < ALBUM_GRACE:
                OutboxRepository.reschedule(rows, ALBUM_GRACE.total_seconds(), "waiting-for-album")
                await session.commit()
                return
        await repo.mark_inflight(rows)
        await session.commit()
        payloads = [repo.payload(row) for row in rows]
        try:
            result = await self._execute(session, rows, payloads)
        except TelegramRetryAfter as error:
            OutboxRepository.reschedule(rows, float(error.retry_after), "429")
        except TelegramForbiddenError as error:
            await self._on_forbidden(session, rows, str(error))
        except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
            OutboxRepository.reschedule(rows, _backoff(head.attempts), type(error).__name__)
        except (TelegramBadRequest, PermanentFailure) as error:
            await self._on_bad_request(session, rows, error)
        except TelegramAPIError as error:
            OutboxRepository.reschedule(rows, _backoff(head.attempts), type(error).__name__)
        else:
            OutboxRepository.mark_sent(rows, result)
            for row in rows:
                row.payload = b""  # the text is delivered: do not keep it
            self.delivered += len(rows)
        await session.commit()

    async def _on_forbidden(self, session: AsyncSession, rows: Sequence[OutboxMessage], description: str) -> None:
        head = rows[0]
        if head.target == "user" and head.user_id is not None:
            user = await session.get(User, head.user_id)
            if head.ticket_id is None:  # an announcement: skip this person and remember it
                OutboxRepository.fail(rows, "blocked")
                if user is not None and user.blocked_bot_at is None:
                    user.blocked_bot_at = utcnow()
                return
            for row in rows:
                row.status = "pending"
            await OutboxRepository(session, self.vault).hold_for_user(head.user_id)
            ticket = await session.get(Ticket, head.ticket_id)
            if user is not None and user.blocked_bot_at is None:
                user.blocked_bot_at = utcnow()
                for open_ticket in await TicketRepository(session).open_for_user(user.id):
                    open_ticket.user_blocked = True
                    OutboxRepository(session, self.vault).add(
                        lane=f"t{open_ticket.id}:staff",
                        target="staff",
                        action="notice",
                        payload={"html": self.staff_t("staff-user-blocked", code=open_ticket.code)},
                        ticket_id=open_ticket.id,
                    )
            elif ticket is not None:
                ticket.user_blocked = True
            return
        logger.error("the staff group refused a message (%s): is the bot still an admin there?", description[:80])
        OutboxRepository.reschedule(rows, MAX_BACKOFF, "forbidden-in-staff-group")

    async def _on_bad_request(self, session: AsyncSession, rows: Sequence[OutboxMessage], error: Exception) -> None:
        text = str(error).lower()
        head = rows[0]
        if "not modified" in text:
            OutboxRepository.mark_sent(rows, "not-modified")
            return
        if "thread not found" in text and head.ticket_id is not None:
            ticket = await session.get(Ticket, head.ticket_id)
            if ticket is not None:
                ticket.thread_id = None
                ticket.header_message_id = None
                ticket.topic_title = None
                OutboxRepository.reschedule(rows, 0, "topic-deleted")
                logger.warning("a ticket's forum topic was deleted by hand; recreating it")
                return
        if "topic_closed" in text and head.ticket_id is not None:
            ticket = await session.get(Ticket, head.ticket_id)
            if ticket is not None and ticket.thread_id is not None:
                # Closed by hand, or a note for a closed ticket: open it, deliver, close it again.
                await self.bot.reopen_forum_topic(self.settings.staff_chat_id, ticket.thread_id)
                OutboxRepository.reschedule(rows, 0, "topic-reopened")
                if ticket.status == "closed":
                    OutboxRepository(session, self.vault).add(
                        lane=head.lane, target="staff", action="close_topic", payload={}, ticket_id=ticket.id
                    )
                return
        if "not a forum" in text:
            self._staff_is_forum = False
            OutboxRepository.reschedule(rows, 0, "not-a-forum")
            return
        logger.warning("outbox %s (%s) refused: %s", head.action, head.target, type(error).__name__)
        OutboxRepository.fail(rows, f"400:{text[:150]}")
        if head.action == "copy" and head.ticket_id is not None and "copy" in text:
            ticket = await session.get(Ticket, head.ticket_id)
            if ticket is not None:
                OutboxRepository(session, self.vault).add(
                    lane=head.lane,
                    target="staff",
                    action="notice",
                    payload={"html": self.staff_t("staff-message-gone", code=ticket.code)},
                    ticket_id=ticket.id,
                )

    # -- the calls ----------------------------------------------------------------------------
    async def _execute(
        self, session: AsyncSession, rows: Sequence[OutboxMessage], payloads: list[dict[str, Any]]
    ) -> str | None:
        head, payload = rows[0], payloads[0]
        tickets = TicketRepository(session)
        ticket = await session.get(Ticket, head.ticket_id) if head.ticket_id is not None else None
        if head.target == "staff":
            return await self._execute_staff(session, tickets, ticket, rows, payloads)
        user = await session.get(User, head.user_id) if head.user_id is not None else None
        if user is None:
            raise PermanentFailure("the person's data was deleted")
        chat_id = self.vault.decrypt_id(user.tg_enc)
        action = head.action
        if action == "send_text":
            sent = await self.bot.send_message(
                chat_id, payload["html"], reply_markup=_keyboard(payload.get("keyboard"))
            )
            await self._link_user_copy(tickets, head, sent.message_id)
            return str(sent.message_id)
        if action == "copy_from_staff":
            if len(rows) > 1 or head.media_group_id:
                if payload.get("prefix_html"):
                    await self.bot.send_message(chat_id, payload["prefix_html"])
                copied = await self.bot.copy_messages(
                    chat_id, self.settings.staff_chat_id, [p["message_id"] for p in payloads]
                )
                for row, message_id in zip(rows, copied, strict=False):
                    await self._link_user_copy(tickets, row, message_id.message_id)
                return ",".join(str(m.message_id) for m in copied)
            copied_one = await self.bot.copy_message(
                chat_id,
                self.settings.staff_chat_id,
                payload["message_id"],
                caption=payload.get("caption_html"),
                reply_markup=_keyboard(payload.get("keyboard")),
            )
            await self._link_user_copy(tickets, head, copied_one.message_id)
            return str(copied_one.message_id)
        if action == "edit_relay":
            linked = await tickets.message(head.ticket_message_id) if head.ticket_message_id else None
            if linked is None or linked.user_chat_message_id is None:
                raise PermanentFailure("nothing to edit")
            markup = _keyboard(payload.get("keyboard"))
            if payload.get("caption"):
                await self.bot.edit_message_caption(
                    chat_id=chat_id,
                    message_id=linked.user_chat_message_id,
                    caption=payload["html"],
                    reply_markup=markup,
                )
            else:
                await self.bot.edit_message_text(
                    payload["html"],
                    chat_id=chat_id,
                    message_id=linked.user_chat_message_id,
                    reply_markup=markup,
                )
            return str(linked.user_chat_message_id)
        if action == "broadcast_copy":
            sent_id = await self.bot.copy_message(chat_id, payload["from_chat_id"], payload["message_id"])
            return str(sent_id.message_id)
        raise PermanentFailure(f"unknown user action {action}")

    async def _link_user_copy(self, tickets: TicketRepository, row: OutboxMessage, message_id: int) -> None:
        if row.ticket_message_id is not None:
            linked = await tickets.message(row.ticket_message_id)
            if linked is not None and linked.user_chat_message_id is None:
                linked.user_chat_message_id = message_id

    async def staff_is_forum(self) -> bool:
        if self._staff_is_forum is None:
            chat = await self.bot.get_chat(self.settings.staff_chat_id)
            self._staff_is_forum = bool(chat.is_forum)
        return self._staff_is_forum

    async def _execute_staff(
        self,
        session: AsyncSession,
        tickets: TicketRepository,
        ticket: Ticket | None,
        rows: Sequence[OutboxMessage],
        payloads: list[dict[str, Any]],
    ) -> str | None:
        staff = self.settings.staff_chat_id
        if staff is None:
            raise PermanentFailure("STAFF_CHAT_ID is not set")
        head, payload = rows[0], payloads[0]
        action = head.action
        if action == "delete_topic":
            with contextlib.suppress(TelegramBadRequest):  # already gone
                await self.bot.delete_forum_topic(staff, payload["thread_id"])
            return None
        if action == "delete_messages":
            for message_id in payload["message_ids"]:
                with contextlib.suppress(TelegramBadRequest):
                    await self.bot.delete_message(staff, message_id)
            return None
        if ticket is None:
            if action == "notice":
                sent = await self.bot.send_message(staff, payload["html"])
                return str(sent.message_id)
            raise PermanentFailure("the ticket no longer exists")
        if action in ("close_topic", "reopen_topic", "topic_title"):
            return await self._topic_action(session, ticket, action)
        thread_id, reply_to = await self._ensure_place(session, tickets, ticket)
        where: dict[str, Any] = {"message_thread_id": thread_id}
        if reply_to is not None:
            where = {"reply_parameters": ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)}
        if action == "copy":
            user = await session.get(User, head.user_id) if head.user_id is not None else None
            if user is None:
                raise PermanentFailure("the person's data was deleted")
            from_chat = self.vault.decrypt_id(user.tg_enc)
            if len(rows) > 1 or head.media_group_id:
                copied = await self.bot.copy_messages(
                    staff, from_chat, [p["message_id"] for p in payloads], message_thread_id=thread_id
                )
                for row, message_id in zip(rows, copied, strict=False):
                    await self._link_staff_copy(tickets, row, message_id.message_id)
                return ",".join(str(m.message_id) for m in copied)
            copied_one = await self.bot.copy_message(staff, from_chat, payload["message_id"], **where)
            await self._link_staff_copy(tickets, head, copied_one.message_id)
            return str(copied_one.message_id)
        if action == "notice":
            sent = await self.bot.send_message(staff, payload["html"], **where)
            return str(sent.message_id)
        if action == "edit_copy":
            linked = await tickets.message(head.ticket_message_id) if head.ticket_message_id else None
            if linked is None or linked.staff_message_id is None:
                raise PermanentFailure("nothing to edit")
            if payload.get("caption"):
                await self.bot.edit_message_caption(
                    chat_id=staff, message_id=linked.staff_message_id, caption=payload["html"] or None
                )
            else:
                await self.bot.edit_message_text(payload["html"], chat_id=staff, message_id=linked.staff_message_id)
            return str(linked.staff_message_id)
        raise PermanentFailure(f"unknown staff action {action}")

    async def _link_staff_copy(self, tickets: TicketRepository, row: OutboxMessage, message_id: int) -> None:
        if row.ticket_message_id is not None:
            linked = await tickets.message(row.ticket_message_id)
            if linked is not None:
                linked.staff_message_id = message_id

    async def _topic_action(self, session: AsyncSession, ticket: Ticket, action: str) -> str | None:
        if ticket.thread_id is None or not await self.staff_is_forum():
            return None
        staff = self.settings.staff_chat_id
        try:
            if action == "close_topic":
                await self.bot.close_forum_topic(staff, ticket.thread_id)
            elif action == "reopen_topic":
                await self.bot.reopen_forum_topic(staff, ticket.thread_id)
            else:
                title = topic_title(ticket)
                if title != ticket.topic_title:
                    await self.bot.edit_forum_topic(staff, ticket.thread_id, name=title)
                    ticket.topic_title = title
        except TelegramBadRequest as error:
            text = str(error).lower()
            if "not modified" not in text and "topic_closed" not in text and "topic_not_modified" not in text:
                if "thread not found" in text:
                    return None  # the topic is gone; the next message recreates it
                raise
        return None

    async def _ensure_place(
        self, session: AsyncSession, tickets: TicketRepository, ticket: Ticket
    ) -> tuple[int | None, int | None]:
        """Where the ticket's messages go: its forum topic (created on first use), or, in a group
        without topics, replies to the ticket's header message."""
        staff = self.settings.staff_chat_id
        if await self.staff_is_forum():
            if ticket.thread_id is None:
                recreated = ticket.opened_at is not None and await self._had_topic_before(tickets, ticket)
                topic = await self.bot.create_forum_topic(staff, topic_title(ticket))
                ticket.thread_id = topic.message_thread_id
                ticket.topic_title = topic_title(ticket)
                await session.commit()  # remember the topic at once: never create it twice
                header = await self.bot.send_message(
                    staff, self._header(ticket, recreated), message_thread_id=ticket.thread_id
                )
                ticket.header_message_id = header.message_id
                if recreated:
                    await self._copy_history(session, tickets, ticket)
                await session.commit()
            return ticket.thread_id, None
        if ticket.header_message_id is None:
            header = await self.bot.send_message(staff, self._header(ticket, False))
            ticket.header_message_id = header.message_id
            await session.commit()
        return None, ticket.header_message_id

    async def _had_topic_before(self, tickets: TicketRepository, ticket: Ticket) -> bool:
        return any(m.staff_message_id for m in await tickets.history(ticket.id, HISTORY_ON_RECREATE))

    def _header(self, ticket: Ticket, recreated: bool) -> str:
        t = self.staff_t
        lines = [
            t(
                "staff-header",
                code=ticket.code,
                role=t(ROLE_NAME_KEYS[ticket.role]),
                language=ticket.language,
            ),
        ]
        if ticket.article_id:
            lines.append(t("staff-header-article", article=ticket.article_id))
        if ticket.urgent:
            lines.append(t("staff-header-urgent"))
        if recreated:
            lines.append(t("staff-topic-recreated"))
        lines.append(t("staff-header-help"))
        return "\n".join(lines)

    async def _copy_history(self, session: AsyncSession, tickets: TicketRepository, ticket: Ticket) -> None:
        """The topic was deleted by hand: copy the recent conversation into the new one."""
        user = await session.get(User, ticket.user_id)
        if user is None:
            return
        user_chat = self.vault.decrypt_id(user.tg_enc)
        for message in await tickets.history(ticket.id, HISTORY_ON_RECREATE):
            if message.user_chat_message_id is None or message.staff_message_id is None:
                continue  # not delivered yet: its own outbox row will bring it
            try:
                copied = await self.bot.copy_message(
                    self.settings.staff_chat_id,
                    user_chat,
                    message.user_chat_message_id,
                    message_thread_id=ticket.thread_id,
                )
            except TelegramBadRequest:
                continue  # deleted by the person in the meantime
            message.staff_message_id = copied.message_id if message.direction == "in" else message.staff_message_id
