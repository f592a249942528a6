"""The staff group: consultants answer in the ticket's topic; commands manage the ticket.

Only messages from STAFF_CHAT_ID are ever relayed, and only from consultants (who counts as one:
bot/services/staff_access.py). `/note` and messages starting with `//` are internal and never
leave the group.
"""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import BaseFilter, Command, CommandObject
from aiogram.types import Message

from bot.config import Settings
from bot.i18n import Translator
from bot.services.consultations import ConsultationService
from bot.services.staff_access import StaffAccess
from db.identity import IdentityVault
from db.models import Ticket

INTERNAL_PREFIX = "//"
TICKET_COMMANDS = ("take", "close", "reopen", "ban")
SERVICE_CONTENT = {
    "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
    "general_forum_topic_hidden", "general_forum_topic_unhidden", "new_chat_members", "left_chat_member",
    "pinned_message", "new_chat_title", "new_chat_photo", "delete_chat_photo",
    "message_auto_delete_timer_changed",
    "video_chat_started", "video_chat_ended", "video_chat_scheduled", "video_chat_participants_invited",
}  # fmt: skip


class StaffChat(BaseFilter):
    async def __call__(self, message: Message, settings: Settings) -> bool:
        return settings.is_staff_chat(message.chat.id, message.chat.type)


class Consultant(BaseFilter):
    """The sender may answer and manage tickets (CONSULTANT_IDS, when set)."""

    async def __call__(self, message: Message, staff_access: StaffAccess) -> bool:
        return staff_access.is_consultant(message)


class MayBan(BaseFilter):
    """A consultant on the list; without a list, an admin of the staff group."""

    async def __call__(self, message: Message, bot: Bot, staff_access: StaffAccess) -> bool:
        return await staff_access.may_ban(bot, message)


class StaffTicket(BaseFilter):
    """The ticket a staff message belongs to: its forum topic, or the message it replies to."""

    async def __call__(self, message: Message, consultations: ConsultationService) -> bool | dict[str, Ticket]:
        ticket = await consultations.ticket_for_staff_message(message, is_forum=bool(message.chat.is_forum))
        return {"ticket": ticket} if ticket is not None else False


async def take(
    message: Message, ticket: Ticket, consultations: ConsultationService, vault: IdentityVault, t: Translator
) -> None:
    if message.from_user is None:
        return
    await consultations.take(ticket, vault.hash_id(message.from_user.id))
    # Staff see each other's first names; the migrant never does.
    await message.reply(t("staff-taken", code=ticket.code, name=html.escape(message.from_user.first_name)))


async def close(message: Message, ticket: Ticket, consultations: ConsultationService) -> None:
    if not await consultations.close_by_staff(ticket):
        consultations.notify_staff(ticket, "staff-already-closed")


async def reopen(message: Message, ticket: Ticket, consultations: ConsultationService) -> None:
    if not await consultations.reopen(ticket):
        consultations.notify_staff(ticket, "staff-cannot-reopen")


async def ban(message: Message, command: CommandObject, ticket: Ticket, consultations: ConsultationService) -> None:
    if not await consultations.ban(ticket, command.args or ""):
        consultations.notify_staff(ticket, "staff-user-gone")


async def refused(message: Message, staff_access: StaffAccess, t: Translator) -> None:
    """Someone who may not do this, in a ticket: nothing reaches the person; say why, once."""
    if message.from_user is None or not staff_access.should_notice(message.from_user.id):
        return
    await message.reply(t("staff-ban-admins-only" if staff_access.is_consultant(message) else "staff-not-consultant"))


async def not_a_ticket(message: Message, t: Translator) -> None:
    """A ticket command outside any ticket's topic (and not a reply to one)."""
    await message.reply(t("staff-not-a-ticket"))


async def internal(message: Message) -> None:
    """/note, `//` messages, unknown commands, service messages, talk outside tickets: never relayed."""


async def reply(message: Message, ticket: Ticket, consultations: ConsultationService) -> None:
    if ticket.status == "closed":
        consultations.notify_staff(ticket, "staff-ticket-closed")
        return
    if not await consultations.relay(ticket, message):
        consultations.notify_staff(ticket, "staff-user-gone")


async def edited(message: Message, consultations: ConsultationService) -> None:
    if message.text is not None and message.text.startswith(INTERNAL_PREFIX):
        return
    await consultations.staff_edited(message)


def create_router() -> Router:
    router = Router(name="consult_staff")
    router.message.filter(StaffChat())
    router.edited_message.filter(StaffChat())

    router.message.register(take, Command("take"), Consultant(), StaffTicket())
    router.message.register(close, Command("close"), Consultant(), StaffTicket())
    router.message.register(reopen, Command("reopen"), Consultant(), StaffTicket())
    router.message.register(ban, Command("ban"), MayBan(), StaffTicket())
    router.message.register(refused, Command(*TICKET_COMMANDS), StaffTicket())
    router.message.register(not_a_ticket, Command(*TICKET_COMMANDS))
    router.message.register(internal, Command("note"))
    router.message.register(internal, F.text.startswith(INTERNAL_PREFIX) | F.caption.startswith(INTERNAL_PREFIX))
    router.message.register(internal, F.text.startswith("/"))
    router.message.register(internal, F.content_type.in_(SERVICE_CONTENT))
    router.message.register(reply, F.from_user.is_bot.is_(False), Consultant(), StaffTicket())
    router.message.register(refused, F.from_user.is_bot.is_(False), StaffTicket())
    router.message.register(internal)
    router.edited_message.register(edited, Consultant())
    return router
