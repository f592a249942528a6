"""The guide map: category → place list → place; and "nearest to me" from a shared location.

The shared location is used for one answer and never stored.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.callbacks import MapCb, MenuCb
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.ui.keyboards import ReachButtons, persistent_keyboard
from bot.ui.places import (  # noqa: F401  (place_buttons, send_place: used by the factory and reach)
    categories_keyboard,
    category_keyboard,
    category_title,
    location_keyboard,
    nearest_answer,
    place_buttons,
    send_place,
)
from handlers.common import show_in_place
from handlers.filters import LocalizedText
from knowledge.places import NEAREST_MIN_POINTS, nearest_available, points_in


class MapStates(StatesGroup):
    awaiting_location = State()  # data: {"cat": category}


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="places")
    router.message.filter(F.chat.type == "private")
    menu.add("map", "menu-map", order=30)

    @router.callback_query(MenuCb.filter(F.section == "map"))
    @router.callback_query(MapCb.filter(F.action == "cats"))
    async def categories(callback: CallbackQuery, knowledge: KnowledgeHolder, t: Translator) -> None:
        await callback.answer()
        await show_in_place(callback, t("map-title"), categories_keyboard(knowledge.kb, t))

    @router.callback_query(MapCb.filter(F.action == "cat"))
    async def category(
        callback: CallbackQuery, callback_data: MapCb, knowledge: KnowledgeHolder, lang: str, t: Translator
    ) -> None:
        if not knowledge.kb.places_in(callback_data.cat):
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        title = category_title(knowledge.kb, callback_data.cat, t)
        await show_in_place(callback, title, category_keyboard(knowledge.kb, callback_data.cat, lang, t))

    @router.callback_query(MapCb.filter(F.action == "place"))
    async def place(
        callback: CallbackQuery,
        callback_data: MapCb,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        reach: ReachButtons | None = None,
    ) -> None:
        found = knowledge.kb.places.get(callback_data.place)
        if found is None or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        await send_place(callback.message, found, lang, t, knowledge.kb, reach)

    @router.callback_query(MapCb.filter(F.action == "near"))
    async def ask_location(
        callback: CallbackQuery, callback_data: MapCb, knowledge: KnowledgeHolder, t: Translator, state: FSMContext
    ) -> None:
        places = knowledge.kb.places_in(callback_data.cat)
        if not places or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        if not nearest_available(places):
            count = len(points_in(places))
            await callback.answer(t("map-near-unavailable", needed=NEAREST_MIN_POINTS, count=count), show_alert=True)
            return
        await callback.answer()
        await state.set_state(MapStates.awaiting_location)
        await state.update_data(cat=callback_data.cat)
        await callback.message.answer(t("map-ask-location"), reply_markup=location_keyboard(t))

    @router.message(MapStates.awaiting_location, F.location)
    async def got_location(
        message: Message, knowledge: KnowledgeHolder, lang: str, t: Translator, state: FSMContext
    ) -> None:
        category = (await state.get_data()).get("cat", "")
        await state.clear()
        answer = nearest_answer(knowledge.kb, category, message.location.latitude, message.location.longitude, lang, t)
        await message.answer(t("map-location-not-stored"), reply_markup=persistent_keyboard(t))
        await message.answer(answer.text, reply_markup=answer.keyboard)

    @router.message(MapStates.awaiting_location, LocalizedText("map-cancel"))
    async def cancel(message: Message, t: Translator, state: FSMContext) -> None:
        await state.clear()
        await message.answer(t("map-cancelled"), reply_markup=persistent_keyboard(t))

    @router.message(MapStates.awaiting_location)
    async def not_a_location(message: Message, t: Translator) -> None:
        await message.answer(t("map-ask-location"), reply_markup=location_keyboard(t))

    return router
