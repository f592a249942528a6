"""Keyboards are built without aiogram's deep copies, and look exactly as aiogram's builder makes them."""

from __future__ import annotations

import pytest
from aiogram.types import InlineKeyboardButton
from aiogram.utils import keyboard as aiogram_keyboard
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import MenuCb
from bot.i18n import I18n
from bot.menu import MenuRegistry
from bot.ui.builder import KeyboardBuilder
from bot.ui.keyboards import language_picker, main_menu


def fill(builder: InlineKeyboardBuilder) -> InlineKeyboardBuilder:
    for n in range(7):
        builder.button(text=f"b{n}", callback_data=MenuCb(section=f"s{n}"))
    builder.adjust(1, 2)
    builder.row(InlineKeyboardButton(text="x", callback_data="x"), InlineKeyboardButton(text="y", url="https://t.me"))
    builder.add(InlineKeyboardButton(text="z", callback_data="z"))
    return builder


def test_the_markup_is_the_one_aiograms_builder_makes() -> None:
    assert fill(KeyboardBuilder()).as_markup() == fill(InlineKeyboardBuilder()).as_markup()


def test_building_a_keyboard_copies_no_button(monkeypatch: pytest.MonkeyPatch) -> None:
    def deepcopy(_value: object) -> object:
        raise AssertionError("a keyboard was deep-copied")

    monkeypatch.setattr(aiogram_keyboard, "deepcopy", deepcopy)
    menu = MenuRegistry()
    for order, key in enumerate(("rights", "health", "places", "course", "consult")):
        menu.add(key, "btn-home", order)
    markup = main_menu(I18n().get("ru"), menu)
    assert [len(row) for row in markup.inline_keyboard] == [1, 2, 2]
    assert language_picker(("ru", "uz", "tg"), "uz").inline_keyboard[0][0].callback_data == "lang:uz"
    assert len(fill(KeyboardBuilder()).as_markup().inline_keyboard) == 5


def test_limits_are_still_aiogram_s() -> None:
    builder = KeyboardBuilder()
    with pytest.raises(ValueError, match="not allowed"):
        builder.row(*[InlineKeyboardButton(text=str(n), callback_data=str(n)) for n in range(9)], width=9)
