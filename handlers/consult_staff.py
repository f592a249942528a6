"""The staff group: consultants answer in the ticket's topic; commands manage the ticket.

Only messages from STAFF_CHAT_ID are ever relayed. `/note` and messages starting with `//` are
internal and never leave the group.
"""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject
from aiogram.types import Message

from bot.config import Settings
from bot.i18n import Translator
from bot.services.consultations import ConsultationService
from db.identity import IdentityVault

INTERNAL_PREFIX = "//"
SERVICE_CONTENT = {
    "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
    "general_forum_topic_hidden", "general_forum_topic_unhidden", "new_chat_members", "left_chat_member",
    "pinned_message", "new_chat_title", "new_chat_photo", "delete_chat_photo",
    "message_auto_delete_timer_changed",
    "video_chat_started", "video_chat_ended", "video_chat_scheduled", "video_chat_participants_invited",
}  # fmt: skip


class StaffChat(BaseFilter):
    async def __call__(self, message: Message, settings: Settings) -> bool:
        return settings.staff_chat_id is not None and message.chat.id == settings.staff_chat_id


def create_router() -> Router:
    router = Router(name="consult_staff")
    router.message.filter(StaffChat())
    router.edited_message.filter(StaffChat())

    async def ticket_or_hint(message: Message, consultations: ConsultationService, t: Translator):  # type: ignore[no-untyped-def]
        ticket = await consultations.ticket_for_staff_message(message, is_forum=bool(message.chat.is_forum))
        if ticket is None:
            await message.reply(t("staff-not-a-ticket"))
        return ticket

    @router.message(Command("take"))
    async def take(message: Message, consultations: ConsultationService, vault: IdentityVault, t: Translator) -> None:
        ticket = await ticket_or_hint(message, consultations, t)
        if ticket is None or message.from_user is None:
            return
        await consultations.take(ticket, vault.hash_id(message.from_user.id))
        # Staff see each other's first names; the migrant never does.
        await message.reply(t("staff-taken", code=ticket.code, name=html.escape(message.from_user.first_name)))

    @router.message(Command("close"))
    async def close(message: Message, consultations: ConsultationService, t: Translator) -> None:
        ticket = await ticket_or_hint(message, consultations, t)
        if ticket is not None and not await consultations.close_by_staff(ticket):
            consultations.notify_staff(ticket, "staff-already-closed")

    @router.message(Command("reopen"))
    async def reopen(message: Message, consultations: ConsultationService, t: Translator) -> None:
        ticket = await ticket_or_hint(message, consultations, t)
        if ticket is not None and not await consultations.reopen(ticket):
            consultations.notify_staff(ticket, "staff-cannot-reopen")

    @router.message(Command("ban"))
    async def ban(message: Message, command: CommandObject, consultations: ConsultationService, t: Translator) -> None:
        ticket = await ticket_or_hint(message, consultations, t)
        if ticket is not None and not await consultations.ban(ticket, command.args or ""):
            consultations.notify_staff(ticket, "staff-user-gone")

    @router.message(Command("note"))
    async def note(message: Message) -> None:
        """Internal: stays in the group."""

    @router.message(F.text.startswith(INTERNAL_PREFIX) | F.caption.startswith(INTERNAL_PREFIX))
    async def internal(message: Message) -> None:
        """Internal: stays in the group."""

    @router.message(F.text.startswith("/"))
    async def other_command(message: Message) -> None:
        """Unknown commands in the staff group are never relayed."""

    @router.message(F.content_type.in_(SERVICE_CONTENT))
    async def service_message(message: Message) -> None:
        """Topic created/closed, members joined...: nothing to relay."""

    @router.message()
    async def reply(message: Message, consultations: ConsultationService) -> None:
        if message.from_user is None or message.from_user.is_bot:
            return
        ticket = await consultations.ticket_for_staff_message(message, is_forum=bool(message.chat.is_forum))
        if ticket is None:
            return  # a conversation among staff, outside any ticket
        if ticket.status == "closed":
            consultations.notify_staff(ticket, "staff-ticket-closed")
            return
        if not await consultations.relay(ticket, message):
            consultations.notify_staff(ticket, "staff-user-gone")

    @router.edited_message()
    async def edited(message: Message, consultations: ConsultationService) -> None:
        if message.text is not None and message.text.startswith(INTERNAL_PREFIX):
            return
        await consultations.staff_edited(message)

    return router
