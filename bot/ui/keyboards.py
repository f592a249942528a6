"""Keyboards shared by several features."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.callbacks import ContentKind, LangCb, ListenCb, MenuCb, ShareCb
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.menu import MenuRegistry
from bot.services.voice import FALLBACK_VOICE_LANGUAGE, VOICES
from bot.ui.builder import KeyboardBuilder

# Rows of 🔊 Listen / 📤 Share buttons for an article, a lesson or a place, when available.
ReachButtons = Callable[[ContentKind, str, Translator], list[list[InlineKeyboardButton]]]


def listen_button(kind: ContentKind, item: str, t: Translator) -> InlineKeyboardButton:
    """🔊 Listen; where there is no voice for the reader's language (Tajik) it says from the start that
    the reading is in Russian, instead of saying so only after the tap."""
    if VOICES.get(t.lang) is None:
        data = ListenCb(kind=kind, item=item, lang=FALLBACK_VOICE_LANGUAGE).pack()
        return InlineKeyboardButton(text=t("btn-listen-russian"), callback_data=data)
    return InlineKeyboardButton(text=t("btn-listen"), callback_data=ListenCb(kind=kind, item=item).pack())


def reach_buttons(listen: bool) -> ReachButtons:
    """🔊 Listen (articles and lessons, when voices are installed) and 📤 Share, for any feature to show."""

    def rows(kind: ContentKind, item: str, t: Translator) -> list[list[InlineKeyboardButton]]:
        buttons = []
        if listen and kind in (ContentKind.ARTICLE, ContentKind.LESSON):
            buttons.append(listen_button(kind, item, t))
        buttons.append(InlineKeyboardButton(text=t("btn-share"), callback_data=ShareCb(kind=kind, item=item).pack()))
        return [buttons]

    return rows


def language_picker(languages: tuple[str, ...], preselected: str | None) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    ordered = sorted(languages, key=lambda code: code != preselected)  # the likely choice first
    for code in ordered:
        mark = "✅ " if code == preselected else ""
        builder.button(text=f"{mark}{LANGUAGE_NAMES[code]}", callback_data=LangCb(code=code))
    builder.adjust(1, 2) if preselected else builder.adjust(2)
    return builder.as_markup()


def main_menu(t: Translator, menu: MenuRegistry) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for section in menu.sections():
        builder.button(text=t(section.label_key), callback_data=MenuCb(section=section.key))
    builder.adjust(1, 2)
    return builder.as_markup()


def persistent_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """Always-visible buttons: home and emergency numbers, one tap from anywhere."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("kbd-menu")), KeyboardButton(text=t("kbd-sos"))]],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=t("kbd-placeholder"),
    )


def home_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("btn-home"), callback_data=MenuCb(section="home").pack())


def home_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[home_button(t)]])
