"""A voice note, a photo of a document or a file sent outside a consultation: offer it to a consultant.

Someone who cannot write sends a voice note; the bot cannot listen, but a consultant can. The answer
has two buttons: send it to a consultant (then choose who) or open the menu. The chosen role's
consultation (the open one, or a new one) gets the message as if it had been sent there: nothing
has to be recorded again. Inside a consultation these messages go straight to the consultant
(handlers/consult_user.py); this router only sees them outside one.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import BaseFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import HeldAction, HeldCb
from bot.i18n import Translator
from bot.services.consultations import ROLE_NAME_KEYS, ROLES, ConsultationService, Submit, content_kind
from bot.services.knowledge import KnowledgeHolder
from bot.services.staff_copy import html_for_staff, names_someone
from bot.ui.danger import danger_text
from bot.ui.keyboards import home_button, home_keyboard
from db.models import User
from handlers.consult_user import ACK_KEYS, Consult
from handlers.filters import Found, HasMessage, StillShown, shown_message

OFFERED_KINDS = ("voice", "audio", "video_note", "photo", "document", "video")
ALBUM_LIMIT = 10  # Telegram's largest album


class HeldTarget(BaseFilter):
    """The button names media a person may offer. It is always copied from the presser's own chat."""

    async def __call__(self, callback: CallbackQuery, callback_data: HeldCb) -> Found:
        if callback_data.kind not in OFFERED_KINDS or not 1 <= callback_data.n <= ALBUM_LIMIT:
            return False
        return callback_data.msg > 0 and (callback_data.action == HeldAction.ROLES or callback_data.role in ROLES)


def offer_keyboard(held: HeldCb, t: Translator) -> InlineKeyboardMarkup:
    roles = HeldCb(action=HeldAction.ROLES, msg=held.msg, n=held.n, kind=held.kind).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t("held-btn-send"), callback_data=roles)], [home_button(t)]]
    )


def roles_keyboard(held: HeldCb, t: Translator) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=t(ROLE_NAME_KEYS[role]),
                callback_data=HeldCb(action=HeldAction.SEND, msg=held.msg, n=held.n, kind=held.kind, role=role).pack(),
            )
        ]
        for role in ROLES
    ]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [home_button(t)]])


async def offer(
    message: Message, user: User, knowledge: KnowledgeHolder, t: Translator, state: FSMContext, bot: Bot
) -> None:
    """Media outside a consultation. An album gets one offer, which grows as its parts arrive."""
    if user.banned_at is not None:
        await message.answer(t("hint-media"), reply_markup=home_keyboard(t))
        return
    danger = knowledge.kb.crisis.detect(message.caption)
    if danger:  # danger first: the numbers come before anything else
        await message.answer(danger_text(t, danger, knowledge.kb.helplines))
    data = await state.get_data()
    if names_someone(message):  # copied later by id: keep the caption as staff may see it
        captions = {**(data.get("held_captions") or {}), str(message.message_id): html_for_staff(message)}
        await state.update_data(held_captions=captions)
    album = data.get("held_album") or {}
    if message.media_group_id and album.get("group") == message.media_group_id:
        count = min(album["n"] + 1, ALBUM_LIMIT)
        held = HeldCb(action=HeldAction.ROLES, msg=album["first"], n=count, kind=album["kind"])
        await state.update_data(held_album={**album, "n": held.n})
        await bot.edit_message_reply_markup(
            chat_id=message.chat.id, message_id=album["prompt"], reply_markup=offer_keyboard(held, t)
        )
        return
    held = HeldCb(action=HeldAction.ROLES, msg=message.message_id, kind=content_kind(message))
    prompt = await message.answer(t("held-offer"), reply_markup=offer_keyboard(held, t))
    if message.media_group_id:
        await state.update_data(
            held_album={"group": message.media_group_id, "prompt": prompt.message_id, "first": held.msg, "n": 1,
                        "kind": held.kind}
        )  # fmt: skip


async def choose_role(callback: CallbackQuery, callback_data: HeldCb, t: Translator) -> None:
    await callback.answer()
    await shown_message(callback).edit_text(t("held-choose-role"), reply_markup=roles_keyboard(callback_data, t))


async def send(
    callback: CallbackQuery,
    callback_data: HeldCb,
    consultations: ConsultationService,
    user: User,
    lang: str,
    t: Translator,
    state: FSMContext,
) -> None:
    """Into the role's open consultation (or a new one), as if sent there; then the person is writing there."""
    if user.banned_at is not None:
        await callback.answer(t("consult-banned"), show_alert=True)
        return
    ticket = await consultations.open(user, callback_data.role, lang, None)
    captions = {int(key): html for key, html in ((await state.get_data()).get("held_captions") or {}).items()}
    held = callback_data
    result = await consultations.submit_held(user, ticket, held.msg, held.n, held.kind, captions)
    await callback.answer()
    if result.status is not Submit.SENT:
        await shown_message(callback).edit_text(t(ACK_KEYS[result.status]), reply_markup=home_keyboard(t))
        return
    await state.set_state(Consult.writing)
    await state.update_data(ticket=ticket.code, held_album=None, held_captions=None)
    role = t(ROLE_NAME_KEYS[ticket.role])
    key = "consult-sent-first" if result.first else "held-sent-more"
    await shown_message(callback).edit_text(t(key, role=role, code=ticket.code), reply_markup=home_keyboard(t))


def create_router() -> Router:
    router = Router(name="consult_media")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(offer, F.content_type.in_(OFFERED_KINDS))
    # Once sent, the offer is replaced (StillShown): a replayed tap is stale and sends nothing twice.
    router.callback_query.register(
        choose_role, HeldCb.filter(F.action == HeldAction.ROLES), HasMessage(), HeldTarget(), StillShown()
    )
    router.callback_query.register(
        send, HeldCb.filter(F.action == HeldAction.SEND), HasMessage(), HeldTarget(), StillShown()
    )
    return router
