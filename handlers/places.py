"""The guide map: category → place list → place; and "nearest to me" from a shared location.

The shared location is used for one answer and never stored. What the screens look like is in
bot/ui/places.py. The button that sends the location lives only as long as the question that
showed it (LocationRequestGuard).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot, F, Router
from aiogram.filters import BaseFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Location, Message, TelegramObject

from bot.callbacks import ContentKind, MapAction, MapCb, MenuCb
from bot.deep_links import DeepLinks
from bot.i18n import I18n, Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.ui.keyboards import ReachButtons, persistent_keyboard
from bot.ui.places import (
    categories_keyboard,
    category_keyboard,
    category_title,
    location_keyboard,
    nearest_answer,
    place_card,
    place_keyboard,
    send_place,
)
from handlers.common import grow_in_place, show_in_place
from handlers.filters import Found, HasMessage, LocalizedText, shown_message
from knowledge.places import NEAREST_MIN_POINTS, Place, nearest_available, points_in


class MapStates(StatesGroup):
    awaiting_location = State()  # data: {"cat": category}


class LocationRequestGuard(BaseMiddleware):
    """Takes the location button away when the map's question ends anywhere but in its own answers.

    A reply keyboard stays on screen until another one replaces it. Left up after the person went
    elsewhere (a button, a command), "📍 Send where I am" would send their location to whatever they
    do next, a consultation included. A button or a command ends the question (pressing "nearest"
    again simply asks again); the location itself and ❌ Cancel put the usual keyboard back in their
    handlers; every other exit gets a short note with the usual keyboard, after the handler's own
    answer (so /sos still comes first).
    """

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        state: FSMContext | None = data.get("state")
        asking = MapStates.awaiting_location.state
        if state is None or data.get("raw_state") != asking:
            return await handler(event, data)
        if isinstance(event, CallbackQuery) or (isinstance(event, Message) and (event.text or "").startswith("/")):
            await state.clear()
        result = await handler(event, data)
        if await state.get_state() == asking or _answers_the_question(event, data["i18n"]):
            return result
        chat_id = _private_chat_id(event)
        if chat_id is not None:
            t: Translator = data["t"]
            bot: Bot = data["bot"]
            await bot.send_message(chat_id, t("map-location-closed"), reply_markup=persistent_keyboard(t))
        return result


def _answers_the_question(event: TelegramObject, i18n: I18n) -> bool:
    """A location, or ❌ Cancel: got_location and cancel restore the usual keyboard themselves."""
    return isinstance(event, Message) and (event.location is not None or event.text in i18n.values("map-cancel"))


def _private_chat_id(event: TelegramObject) -> int | None:
    if isinstance(event, Message):
        return event.chat.id if event.chat.type == "private" else None
    if isinstance(event, CallbackQuery):
        if event.message is not None:
            return event.message.chat.id if event.message.chat.type == "private" else None
        return event.from_user.id  # an inline message's button: the state is the private chat's
    return None


class PlaceCategoryTarget(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: MapCb, knowledge: KnowledgeHolder) -> Found:
        return bool(knowledge.kb.places_in(callback_data.cat))


class PlaceTarget(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: MapCb, knowledge: KnowledgeHolder) -> Found:
        place = knowledge.kb.places.get(callback_data.place)
        return {"place": place} if place is not None else False


async def open_place_link(
    message: Message,
    item: str,
    *,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons | None = None,
    **_: Any,
) -> bool:
    """A shared link to a place (p-<id>)."""
    place = knowledge.kb.places.get(item)
    if place is None:
        return False
    await send_place(message, place, lang, t, knowledge.kb, reach)
    return True


async def categories(callback: CallbackQuery, knowledge: KnowledgeHolder, t: Translator) -> None:
    await callback.answer()
    await show_in_place(callback, t("map-title"), categories_keyboard(knowledge.kb, t))


async def category(
    callback: CallbackQuery, callback_data: MapCb, knowledge: KnowledgeHolder, lang: str, t: Translator
) -> None:
    await callback.answer()
    title = category_title(knowledge.kb, callback_data.cat, t)
    await show_in_place(callback, title, category_keyboard(knowledge.kb, callback_data.cat, lang, t))


async def show_place(
    callback: CallbackQuery,
    place: Place,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons | None = None,
) -> None:
    await callback.answer()
    await send_place(shown_message(callback), place, lang, t, knowledge.kb, reach)


async def place_sources(
    callback: CallbackQuery,
    place: Place,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons | None = None,
) -> None:
    """The card's sources, unfolded in the card itself."""
    await callback.answer()
    kb = knowledge.kb
    shown = [place_card(place, lang, t, kb)]
    pages = [place_card(place, lang, t, kb, with_sources=True)]
    await grow_in_place(
        shown_message(callback), shown, pages, place_keyboard(place, lang, t, kb, reach, with_sources=True)
    )


async def ask_location(
    callback: CallbackQuery, callback_data: MapCb, knowledge: KnowledgeHolder, t: Translator, state: FSMContext
) -> None:
    places = knowledge.kb.places_in(callback_data.cat)
    if not nearest_available(places):  # too few coordinates: say why instead of asking for a location
        count = len(points_in(places))
        await callback.answer(t("map-near-unavailable", needed=NEAREST_MIN_POINTS, count=count), show_alert=True)
        return
    await callback.answer()
    await state.set_state(MapStates.awaiting_location)
    await state.update_data(cat=callback_data.cat)
    await shown_message(callback).answer(t("map-ask-location"), reply_markup=location_keyboard(t))


async def got_location(
    message: Message, location: Location, knowledge: KnowledgeHolder, lang: str, t: Translator, state: FSMContext
) -> None:
    category = (await state.get_data()).get("cat", "")
    await state.clear()
    answer = nearest_answer(knowledge.kb, category, location.latitude, location.longitude, lang, t)
    await message.answer(t("map-location-not-stored"), reply_markup=persistent_keyboard(t))
    await message.answer(answer.text, reply_markup=answer.keyboard)


async def cancel(message: Message, t: Translator, state: FSMContext) -> None:
    await state.clear()
    await message.answer(t("map-cancelled"), reply_markup=persistent_keyboard(t))


async def not_a_location(message: Message, t: Translator) -> None:
    await message.answer(t("map-ask-location"), reply_markup=location_keyboard(t))


def create_router(menu: MenuRegistry, deep_links: DeepLinks) -> Router:
    router = Router(name="places")
    router.message.filter(F.chat.type == "private")
    menu.add("map", "menu-map", order=30)
    deep_links.add(ContentKind.PLACE, open_place_link)

    router.callback_query.register(categories, MenuCb.filter(F.section == "map"))
    router.callback_query.register(categories, MapCb.filter(F.action == MapAction.CATEGORIES))
    router.callback_query.register(category, MapCb.filter(F.action == MapAction.CATEGORY), PlaceCategoryTarget())
    router.callback_query.register(show_place, MapCb.filter(F.action == MapAction.PLACE), HasMessage(), PlaceTarget())
    router.callback_query.register(
        place_sources, MapCb.filter(F.action == MapAction.SOURCES), HasMessage(), PlaceTarget()
    )
    router.callback_query.register(
        ask_location, MapCb.filter(F.action == MapAction.NEAREST), HasMessage(), PlaceCategoryTarget()
    )
    router.message.register(got_location, MapStates.awaiting_location, F.location.as_("location"))
    router.message.register(cancel, MapStates.awaiting_location, LocalizedText("map-cancel"))
    router.message.register(not_a_location, MapStates.awaiting_location)
    return router
