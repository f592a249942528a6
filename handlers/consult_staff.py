"""The staff group: consultants answer in the ticket's topic; commands manage the ticket.

Only messages from the staff groups (STAFF_CHAT_ID, and STAFF_CHATS per role) are ever relayed, and
only from consultants (who counts as one: bot/services/staff_access.py). `/note` and messages starting
with `//` are internal and never leave the group: they get a ✍ reaction, so staff see they stayed
inside. Every command answers:
`/help` lists them, an unknown or mistyped one says it was not sent and what was probably meant.
"""

from __future__ import annotations

import contextlib
import difflib
import html

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import BaseFilter, Command, CommandObject
from aiogram.types import Message, ReactionTypeEmoji

from bot.config import Settings
from bot.i18n import Translator
from bot.services.consultations import ConsultationService
from bot.services.handover import Pass
from bot.services.knowledge import KnowledgeHolder
from bot.services.roles import ROLE_NAME_KEYS
from bot.services.staff_access import StaffAccess
from bot.ui.text import split_text
from db.enums import Role
from db.identity import IdentityVault
from db.models import Ticket

INTERNAL_PREFIX = "//"
INTERNAL_MARK = "✍"  # a reaction Telegram allows to bots: "written here, kept here"
TICKET_COMMANDS = ("take", "untake", "close", "reopen", "pass", "a", "ban")
STAFF_COMMANDS = (*TICKET_COMMANDS, "note", "help")
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
    name = message.from_user.first_name
    await consultations.handover.take(ticket, vault.hash_id(message.from_user.id), name)
    # Staff see each other's first names; the migrant never does.
    await message.reply(t("staff-taken", code=ticket.code, name=html.escape(name)))


async def untake(message: Message, ticket: Ticket, consultations: ConsultationService, t: Translator) -> None:
    given_back = await consultations.handover.untake(ticket)
    await message.reply(t("staff-untaken" if given_back else "staff-not-taken", code=ticket.code))


async def pass_to(
    message: Message, command: CommandObject, ticket: Ticket, consultations: ConsultationService, t: Translator
) -> None:
    wanted = (command.args or "").strip().lower()
    if wanted not in {role.value for role in Role}:
        await message.reply(t("staff-pass-usage", roles=" | ".join(role.value for role in Role)))
        return
    outcome, other = await consultations.handover.pass_to(ticket, Role(wanted))
    if outcome is Pass.PASSED:
        return  # the topic gets the note through the outbox, after what is already queued
    role = t(ROLE_NAME_KEYS[Role(wanted)])
    keys = {
        Pass.SAME_ROLE: "staff-pass-same",
        Pass.CLOSED: "staff-ticket-closed",
        Pass.BUSY: "staff-pass-busy",
        Pass.GONE: "staff-user-gone",
    }
    await message.reply(t(keys[outcome], code=ticket.code, role=role, other=other.code if other else "—"))


async def vetted_answer(
    message: Message,
    command: CommandObject,
    ticket: Ticket,
    consultations: ConsultationService,
    knowledge: KnowledgeHolder,
    t: Translator,
) -> None:
    """`/a` lists the vetted answers for the ticket's role; `/a NAME` sends one in the person's language."""
    book = knowledge.kb.answers
    name = (command.args or "").strip()
    if not name:
        lines = [t("staff-answers-list", code=ticket.code)]
        lines += [f"<code>/a {a.id}</code> — {html.escape(a.text('ru').title)}" for a in book.for_role(ticket.role)]
        others = [a.id for a in book if not a.suits(ticket.role)]
        if others:
            lines.append(t("staff-answers-other", names=", ".join(others)))
        for chunk in split_text("\n".join(lines)):
            await message.reply(chunk)
        return
    answer = book.get(name)
    if answer is None:
        suggestions = ", ".join(f"<code>/a {n}</code>" for n in book.suggest(name)) or "—"
        await message.reply(t("staff-answer-unknown", name=html.escape(name), suggestions=suggestions))
        return
    if not await consultations.handover.send_answer(ticket, answer):
        await message.reply(
            t("staff-ticket-closed" if ticket.status == "closed" else "staff-user-gone", code=ticket.code)
        )


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


async def staff_help(message: Message, t: Translator) -> None:
    await message.reply(t("staff-help"))


async def unknown_command(message: Message, t: Translator) -> None:
    """A command the bot does not know: nothing was sent to anyone; say so, and what was meant."""
    typed = (message.text or "").split(maxsplit=1)[0].lstrip("/").split("@", 1)[0].lower()
    close = difflib.get_close_matches(typed, STAFF_COMMANDS, n=2, cutoff=0.5)
    if close:
        guesses = ", ".join(f"/{name}" for name in close)
        await message.reply(t("staff-unknown-command", command=html.escape(typed), suggestions=guesses))
    else:
        await message.reply(t("staff-unknown-command-no-guess", command=html.escape(typed)))


async def noted(message: Message) -> None:
    """/note and `//`: kept in the group, and marked so that staff can see it stayed there."""
    with contextlib.suppress(TelegramAPIError):  # the mark is a courtesy; the note is safe anyway
        await message.react([ReactionTypeEmoji(emoji=INTERNAL_MARK)])


async def internal(message: Message) -> None:
    """Service messages, talk outside tickets: never relayed."""


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

    router.message.register(staff_help, Command("help"))
    router.message.register(take, Command("take"), Consultant(), StaffTicket())
    router.message.register(untake, Command("untake"), Consultant(), StaffTicket())
    router.message.register(close, Command("close"), Consultant(), StaffTicket())
    router.message.register(reopen, Command("reopen"), Consultant(), StaffTicket())
    router.message.register(pass_to, Command("pass"), Consultant(), StaffTicket())
    router.message.register(vetted_answer, Command("a"), Consultant(), StaffTicket())
    router.message.register(ban, Command("ban"), MayBan(), StaffTicket())
    router.message.register(refused, Command(*TICKET_COMMANDS), StaffTicket())
    router.message.register(not_a_ticket, Command(*TICKET_COMMANDS))
    router.message.register(noted, Command("note"))
    router.message.register(noted, F.text.startswith(INTERNAL_PREFIX) | F.caption.startswith(INTERNAL_PREFIX))
    router.message.register(unknown_command, F.text.regexp(r"^/[A-Za-z]"))
    router.message.register(internal, F.text.startswith("/"))
    router.message.register(internal, F.content_type.in_(SERVICE_CONTENT))
    router.message.register(reply, F.from_user.is_bot.is_(False), Consultant(), StaffTicket())
    router.message.register(refused, F.from_user.is_bot.is_(False), StaffTicket())
    router.message.register(internal)
    router.edited_message.register(edited, Consultant())
    return router
