"""The buttons a person sees while choosing a consultant and writing to one (handlers/consult_user.py)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ConsultAction, ConsultCb
from bot.i18n import Translator
from bot.services.roles import ROLE_NAME_KEYS, ROLES
from bot.ui.builder import KeyboardBuilder
from bot.ui.consult import ticket_status_key
from bot.ui.keyboards import home_button
from db.models import Ticket


def roles_keyboard(t: Translator, article_id: str = "") -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for role in ROLES:
        builder.row(
            InlineKeyboardButton(
                text=t(ROLE_NAME_KEYS[role]),
                callback_data=ConsultCb(action=ConsultAction.GO, role=role, art=article_id).pack(),
            )
        )
    builder.row(home_button(t))
    return builder.as_markup()


def writing_keyboard(t: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    """Under the "write here" prompts: the menu, and apart from it, finishing the consultation (asked first)."""
    finish = ConsultCb(action=ConsultAction.CLOSE, ticket=ticket.code).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [home_button(t)],
            [InlineKeyboardButton(text=t("consult-btn-close", code=ticket.code), callback_data=finish)],
        ]
    )


def close_confirm_keyboard(t: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    yes = ConsultCb(action=ConsultAction.CLOSE_CONFIRMED, ticket=ticket.code).pack()
    no = ConsultCb(action=ConsultAction.KEEP_OPEN, ticket=ticket.code).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=t("consult-btn-close-yes"), callback_data=yes)],
            [InlineKeyboardButton(text=t("consult-btn-close-no"), callback_data=no)],
        ]
    )


def place_keyboard(t: Translator, ticket: Ticket, message_id: int) -> InlineKeyboardMarkup:
    send = ConsultCb(action=ConsultAction.PLACE, ticket=ticket.code, value=message_id)
    keep = ConsultCb(action=ConsultAction.KEEP_PLACE, ticket=ticket.code, value=message_id)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=t("consult-place-send"), callback_data=send.pack())],
            [InlineKeyboardButton(text=t("consult-place-keep"), callback_data=keep.pack())],
        ]
    )


def ticket_line(t: Translator, ticket: Ticket) -> str:
    return t(
        "consult-ticket-line",
        code=ticket.code,
        role=t(ROLE_NAME_KEYS[ticket.role]),
        status=t(ticket_status_key(ticket)),
    )
