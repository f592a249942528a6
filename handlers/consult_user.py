"""The migrant's side of consultations: choose a role, write, see the status, close, rate, /forget.

A location or venue sent while writing is relayed only after the person says yes: staff would see
where they are (it may also have been sent by mistake, for instance from the map's location button).
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import BaseFilter, Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    Message,
    ReactionTypeEmoji,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ConsultAction, ConsultCb, MenuCb
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.consultations import (
    ROLE_NAME_KEYS,
    ROLES,
    ConsultationService,
    Submit,
    content_kind,
)
from bot.services.knowledge import KnowledgeHolder
from bot.ui.articles import ArticleView
from bot.ui.consult_keyboards import (
    close_confirm_keyboard,
    place_keyboard,
    roles_keyboard,
    ticket_line,
    writing_keyboard,
)
from bot.ui.danger import danger_text
from bot.ui.handoff import handoff_rows
from bot.ui.keyboards import home_keyboard
from db.models import Ticket, User
from handlers.filters import Found, HasMessage, StillShown
from knowledge.model import Article

ACK_KEYS = {
    Submit.TOO_FAST: "consult-too-fast",
    Submit.THROTTLED: "consult-too-fast",  # a button tap is always answered
    Submit.UNSUPPORTED: "consult-unsupported",
    Submit.CONTACT: "consult-no-contacts",
    Submit.BANNED: "consult-banned",
    Submit.CLOSED: "consult-closed-write-new",
}


class Consult(StatesGroup):
    writing = State()  # data: {"ticket": code, "place": {"id": message id, "kind": kind} | None}


PLACE = "place"  # state data: the location or venue waiting for the person's answer


def consult_button(article: Article, lang: str, t: Translator, view: ArticleView) -> list[list[InlineKeyboardButton]]:
    """Under every article: its consultant (a doctor for medical, a lawyer for legal), the article as context."""
    return handoff_rows(article, t)


async def show_roles(
    message: Message, t: Translator, consultations: ConsultationService, user: User, article_id: str = ""
) -> None:
    if user.banned_at is not None:
        await message.answer(t("consult-banned"), reply_markup=home_keyboard(t))
        return
    active = [ticket for ticket in await consultations.tickets.active_for_user(user.id) if ticket.status == "open"]
    text = t("consult-consent")
    builder = InlineKeyboardBuilder()
    if active:
        text += "\n\n" + t("consult-your-tickets") + "\n" + "\n".join(ticket_line(t, ticket) for ticket in active)
        for ticket in active:
            builder.row(
                InlineKeyboardButton(
                    text=t("consult-btn-continue", code=ticket.code, role=ROLES[ticket.role]),
                    callback_data=ConsultCb(action=ConsultAction.WRITE, ticket=ticket.code).pack(),
                )
            )
    for row in roles_keyboard(t, article_id).inline_keyboard:
        builder.row(*row)
    await message.answer(text, reply_markup=builder.as_markup())


class KnownRole(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: ConsultCb) -> Found:
        return callback_data.role in ROLES


class OwnTicket(BaseFilter):
    """The ticket a button names is the person's own; `closed` asks for a closed (True) or open (False) one."""

    def __init__(self, closed: bool | None = None) -> None:
        self.closed = closed

    async def __call__(
        self, callback: CallbackQuery, callback_data: ConsultCb, consultations: ConsultationService, user: User | None
    ) -> Found:
        if user is None:
            return False
        ticket = await consultations.own_ticket(user, callback_data.ticket)
        if ticket is None or (self.closed is not None and (ticket.status == "closed") != self.closed):
            return False
        return {"ticket": ticket}


class PendingPlace(BaseFilter):
    """The location a yes/no button names is the one still waiting, in the person's own open ticket."""

    async def __call__(
        self,
        callback: CallbackQuery,
        callback_data: ConsultCb,
        consultations: ConsultationService,
        user: User | None,
        state: FSMContext,
    ) -> Found:
        pending = (await state.get_data()).get(PLACE)
        if user is None or not pending or pending.get("id") != callback_data.value:
            return False
        ticket = await consultations.own_ticket(user, callback_data.ticket)
        if ticket is None or ticket.status == "closed":
            return False
        return {"ticket": ticket, "place_kind": pending["kind"]}


async def choose_role(
    callback: CallbackQuery,
    t: Translator,
    consultations: ConsultationService,
    user: User,
    callback_data: MenuCb | ConsultCb,
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        article_id = callback_data.art if isinstance(callback_data, ConsultCb) else ""
        await show_roles(callback.message, t, consultations, user, article_id)


async def consult_command(message: Message, t: Translator, consultations: ConsultationService, user: User) -> None:
    await show_roles(message, t, consultations, user)


async def role_chosen(
    callback: CallbackQuery,
    callback_data: ConsultCb,
    consultations: ConsultationService,
    user: User,
    lang: str,
    t: Translator,
    state: FSMContext,
    knowledge: KnowledgeHolder,
) -> None:
    if user.banned_at is not None:
        await callback.answer(t("consult-banned"), show_alert=True)
        return
    article_id = callback_data.art if knowledge.kb.get(callback_data.art) else None
    ticket = await consultations.open(user, callback_data.role, lang, article_id)
    await state.set_state(Consult.writing)
    await state.update_data(ticket=ticket.code)
    await callback.answer()
    if callback.message is not None:
        key = "consult-write-prompt" if ticket.status == "draft" else "consult-write-more"
        await callback.message.answer(
            t(key, role=t(ROLE_NAME_KEYS[ticket.role]), code=ticket.code),
            reply_markup=writing_keyboard(t, ticket),
        )


async def write_again(
    callback: CallbackQuery,
    callback_data: ConsultCb,
    consultations: ConsultationService,
    user: User,
    t: Translator,
    state: FSMContext,
) -> None:
    ticket = await consultations.own_ticket(user, callback_data.ticket)
    if ticket is None or ticket.status == "closed":  # a closed ticket is not stale: it has a next step
        await callback.answer(t("consult-closed-write-new"), show_alert=True)
        return
    await state.set_state(Consult.writing)
    await state.update_data(ticket=ticket.code)
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(
            t("consult-write-more", role=t(ROLE_NAME_KEYS[ticket.role]), code=ticket.code),
            reply_markup=writing_keyboard(t, ticket),
        )


async def writing(
    message: Message,
    consultations: ConsultationService,
    user: User,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    knowledge: KnowledgeHolder,
) -> None:
    code = (await state.get_data()).get("ticket", "")
    ticket = await consultations.own_ticket(user, code)
    if ticket is None:
        await state.clear()
        await message.answer(t("consult-closed-write-new"), reply_markup=home_keyboard(t))
        return
    result = await consultations.submit(user, ticket, message)
    if result.status is Submit.CONFIRM_PLACE:
        await state.update_data({PLACE: {"id": message.message_id, "kind": content_kind(message)}})
        await message.reply(t("consult-place-confirm"), reply_markup=place_keyboard(t, ticket, message.message_id))
        return
    if result.crisis:
        await message.answer(danger_text(t, result.crisis, knowledge.kb.helplines))
    if result.status is Submit.THROTTLED:  # told once already: answering each would spend the bot's quota
        return
    if result.status is not Submit.SENT:
        if result.status is Submit.CLOSED:
            await state.clear()
        await message.answer(t(ACK_KEYS[result.status]), reply_markup=home_keyboard(t))
        return
    if result.first:  # "sent" carries no close button: finishing is offered apart, under the prompts
        await message.answer(
            t("consult-sent-first", role=t(ROLE_NAME_KEYS[ticket.role]), code=ticket.code),
            reply_markup=home_keyboard(t),
        )
    else:
        with contextlib.suppress(TelegramAPIError):  # a quiet "received", not a message per line
            await bot.set_message_reaction(message.chat.id, message.message_id, [ReactionTypeEmoji(emoji="👍")])


async def place_answer(
    callback: CallbackQuery,
    callback_data: ConsultCb,
    ticket: Ticket,
    place_kind: str,
    consultations: ConsultationService,
    user: User,
    t: Translator,
    state: FSMContext,
) -> None:
    """Yes or no to relaying a location or venue; the question becomes its answer."""
    await state.update_data({PLACE: None})
    first = False
    if callback_data.action is ConsultAction.PLACE:
        result = await consultations.submit_place(user, ticket, callback_data.value, place_kind)
        key = "consult-place-sent" if result.status is Submit.SENT else ACK_KEYS[result.status]
        first = result.first
    else:
        key = "consult-place-kept"
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    with contextlib.suppress(TelegramBadRequest):
        await callback.message.edit_text(t(key), reply_markup=None)
    if first:
        await callback.message.answer(
            t("consult-sent-first", role=t(ROLE_NAME_KEYS[ticket.role]), code=ticket.code),
            reply_markup=writing_keyboard(t, ticket),
        )


async def edited(message: Message, consultations: ConsultationService, user: User, t: Translator) -> None:
    if not await consultations.user_edited(user, message):
        await message.answer(t("hint-edited"))


async def close(callback: CallbackQuery, ticket: Ticket, t: Translator) -> None:
    """Finishing a consultation is asked first: one slip of the finger must not end it."""
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(
            t("consult-close-confirm", code=ticket.code), reply_markup=close_confirm_keyboard(t, ticket)
        )


async def close_confirmed(
    callback: CallbackQuery,
    ticket: Ticket,
    consultations: ConsultationService,
    user: User,
    t: Translator,
    state: FSMContext,
) -> None:
    await consultations.user_close(user, ticket.code)
    if (await state.get_data()).get("ticket") == ticket.code:
        await state.clear()
    await callback.answer()
    if isinstance(callback.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await callback.message.edit_text(t("consult-closed-ok", code=ticket.code), reply_markup=home_keyboard(t))


async def keep_open(callback: CallbackQuery, ticket: Ticket, t: Translator) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await callback.message.edit_text(t("consult-kept-open", code=ticket.code), reply_markup=None)


async def rate(
    callback: CallbackQuery,
    callback_data: ConsultCb,
    ticket: Ticket,
    consultations: ConsultationService,
    user: User,
    t: Translator,
) -> None:
    """The stars go and the message says thank you: nothing is left to press twice."""
    await consultations.rate(user, ticket.code, callback_data.value)
    await callback.answer()
    if isinstance(callback.message, Message):
        text = t("consult-rated", code=ticket.code, stars="⭐" * callback_data.value)
        with contextlib.suppress(TelegramAPIError):
            await callback.message.edit_text(text, reply_markup=None)


async def blocked_or_unblocked(event: ChatMemberUpdated, consultations: ConsultationService, user: User | None) -> None:
    if user is None:
        return
    await consultations.set_blocked(user, blocked=event.new_chat_member.status == "kicked")


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="consult_user")
    router.message.filter(F.chat.type == "private")
    menu.add("consult", "menu-consult", order=20)

    router.callback_query.register(choose_role, MenuCb.filter(F.section == "consult"))
    router.callback_query.register(choose_role, ConsultCb.filter(F.action == ConsultAction.ROLE))
    router.message.register(consult_command, Command("consult"))
    router.callback_query.register(role_chosen, ConsultCb.filter(F.action == ConsultAction.GO), KnownRole())
    router.callback_query.register(write_again, ConsultCb.filter(F.action == ConsultAction.WRITE))
    router.message.register(writing, StateFilter(Consult.writing), ~F.text.startswith("/"))
    router.edited_message.register(edited, F.chat.type == "private")
    router.callback_query.register(
        place_answer,
        ConsultCb.filter(F.action.in_({ConsultAction.PLACE, ConsultAction.KEEP_PLACE})),
        HasMessage(),
        PendingPlace(),
    )
    router.callback_query.register(close, ConsultCb.filter(F.action == ConsultAction.CLOSE), OwnTicket(closed=False))
    router.callback_query.register(
        close_confirmed, ConsultCb.filter(F.action == ConsultAction.CLOSE_CONFIRMED), OwnTicket(closed=False)
    )
    router.callback_query.register(
        keep_open, ConsultCb.filter(F.action == ConsultAction.KEEP_OPEN), OwnTicket(closed=False)
    )
    # After rating, the stars are gone (StillShown): a replayed tap cannot change the rating.
    router.callback_query.register(
        rate,
        ConsultCb.filter((F.action == ConsultAction.RATE) & F.value.in_(range(1, 6))),
        OwnTicket(closed=True),
        StillShown(),
    )
    router.my_chat_member.register(blocked_or_unblocked, F.chat.type == "private")
    return router
