"""The guide map: category → place list → place; and "nearest to me" from a shared location.

The shared location is used for one answer and never stored.
"""

from __future__ import annotations

import html
from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ContentKind, KbAction, KbCb, MapAction, MapCb, MenuCb
from bot.deep_links import DeepLinks
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.ui.keyboards import ReachButtons, home_button, persistent_keyboard
from handlers.common import show_in_place
from handlers.filters import Found, HasMessage, LocalizedText
from knowledge.base import KnowledgeBase
from knowledge.model import Article
from knowledge.places import Place, nearest

CATEGORY_KEYS = {
    "migration": "map-cat-migration",
    "medical-exam": "map-cat-medical-exam",
    "fingerprinting": "map-cat-fingerprinting",
    "hiv": "map-cat-hiv",
    "sti": "map-cat-sti",
    "hospital": "map-cat-hospital",
    "consulate": "map-cat-consulate",
    "ngo": "map-cat-ngo",
    "legal-aid": "map-cat-legal-aid",
    "labour-inspection": "map-cat-labour-inspection",
    "ombudsman": "map-cat-ombudsman",
}
NEAREST_COUNT = 5


class MapStates(StatesGroup):
    awaiting_location = State()  # data: {"cat": category}


def place_button(place: Place, lang: str, prefix: str = "📍 ") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=prefix + place.text(place.name, lang), callback_data=MapCb(action=MapAction.PLACE, place=place.id).pack()
    )


def place_buttons(article: Article, lang: str, t: Translator, kb: KnowledgeBase) -> list[list[InlineKeyboardButton]]:
    """Under an article: the places it names (articles link to places, places link back)."""
    return [[place_button(kb.places[p], lang)] for p in article.places[:4] if p in kb.places]


def distance_text(t: Translator, metres: float) -> str:
    if metres < 1000:
        return t("map-distance-m", metres=int(round(metres, -1)))
    return t("map-distance-km", km=round(metres / 1000, 1))


def place_card(place: Place, lang: str, t: Translator, kb: KnowledgeBase) -> str:
    lines = [f"<b>{html.escape(place.text(place.name, lang))}</b>", html.escape(place.text(place.description, lang))]
    details = []
    address = place.address_for(lang)
    details.append(f"📍 {html.escape(address)}" if address else f"📍 {t('map-no-address')}")
    if place.phone:
        details.append(f"☎️ {html.escape(place.phone)}")
    if place.hours:
        details.append(f"🕘 {html.escape(place.text(place.hours, lang))}")
    if place.bring:
        details.append(f"🎒 {t('map-bring')} {html.escape(place.text(place.bring, lang))}")
    if place.website:
        details.append(f'🌐 <a href="{html.escape(place.website, quote=True)}">{html.escape(place.website)}</a>')
    if place.check:
        details.append(f"⚠️ {html.escape(place.text(place.check, lang))}")
    if not place.has_point:
        details.append(f"<i>{t('map-no-point')}</i>")
    sources = "; ".join(html.escape(s.title) for s in place.sources[:3])
    footer = f"📚 {t('kb-sources')} {sources}\n🗓 {t('kb-reviewed', date=place.reviewed)}"
    return "\n".join(lines) + "\n\n" + "\n".join(details) + "\n\n" + footer


def place_keyboard(
    place: Place, lang: str, t: Translator, kb: KnowledgeBase, reach: ReachButtons | None = None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    links = place.map_links()
    if links:
        builder.row(
            InlineKeyboardButton(text=t("map-open-yandex"), url=links["yandex"]),
            InlineKeyboardButton(text=t("map-open-2gis"), url=links["2gis"]),
            InlineKeyboardButton(text=t("map-open-osm"), url=links["osm"]),
        )
    for article_id in place.articles[:4]:
        article = kb.get(article_id)
        if article is not None:
            builder.row(
                InlineKeyboardButton(
                    text=f"📄 {article.text(lang).title}",
                    callback_data=KbCb(action=KbAction.ARTICLE, art=article_id).pack(),
                )
            )
    for row in reach(ContentKind.PLACE, place.id, t) if reach is not None else []:
        builder.row(*row)
    builder.row(
        InlineKeyboardButton(
            text=t("btn-back"), callback_data=MapCb(action=MapAction.CATEGORY, cat=place.category).pack()
        ),
        home_button(t),
    )
    return builder.as_markup()


def categories_keyboard(kb: KnowledgeBase, t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in kb.place_categories():
        builder.row(
            InlineKeyboardButton(
                text=t(CATEGORY_KEYS[category]), callback_data=MapCb(action=MapAction.CATEGORY, cat=category).pack()
            )
        )
    builder.row(home_button(t))
    return builder.as_markup()


def category_keyboard(kb: KnowledgeBase, category: str, lang: str, t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for place in kb.places_in(category):
        builder.row(place_button(place, lang, prefix=""))
    builder.row(
        InlineKeyboardButton(text=t("map-nearest"), callback_data=MapCb(action=MapAction.NEAREST, cat=category).pack())
    )
    builder.row(
        InlineKeyboardButton(text=t("btn-back"), callback_data=MapCb(action=MapAction.CATEGORIES).pack()),
        home_button(t),
    )
    return builder.as_markup()


def location_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("map-share-location"), request_location=True)],
            [KeyboardButton(text=t("map-cancel"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def send_place(
    message: Message, place: Place, lang: str, t: Translator, kb: KnowledgeBase, reach: ReachButtons | None = None
) -> None:
    if place.has_point:
        await message.answer_venue(
            latitude=place.latitude,
            longitude=place.longitude,
            title=place.text(place.name, lang)[:128],
            address=(place.address_for(lang) or "")[:256] or t("map-no-address"),
        )
    await message.answer(place_card(place, lang, t, kb), reply_markup=place_keyboard(place, lang, t, kb, reach))


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
    title = t("map-category-title", category=t(CATEGORY_KEYS[callback_data.cat]))
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
    await send_place(callback.message, place, lang, t, knowledge.kb, reach)


async def ask_location(callback: CallbackQuery, callback_data: MapCb, t: Translator, state: FSMContext) -> None:
    await callback.answer()
    await state.set_state(MapStates.awaiting_location)
    await state.update_data(cat=callback_data.cat)
    await callback.message.answer(t("map-ask-location"), reply_markup=location_keyboard(t))


async def got_location(
    message: Message, knowledge: KnowledgeHolder, lang: str, t: Translator, state: FSMContext
) -> None:
    category = (await state.get_data()).get("cat", "")
    await state.clear()
    places = knowledge.kb.places_in(category)
    found = nearest(places, message.location.latitude, message.location.longitude, NEAREST_COUNT)
    if not found:
        builder = InlineKeyboardBuilder()
        for place_item in places[:NEAREST_COUNT]:
            builder.row(place_button(place_item, lang))
        builder.row(home_button(t))
        await message.answer(t("map-near-none"), reply_markup=persistent_keyboard(t))
        await message.answer(t("map-near-addresses"), reply_markup=builder.as_markup())
        return
    lines = [t("map-near-title")]
    builder = InlineKeyboardBuilder()
    for rank, (place_item, metres) in enumerate(found, 1):
        lines.append(f"{rank}. {html.escape(place_item.text(place_item.name, lang))} — {distance_text(t, metres)}")
        builder.row(place_button(place_item, lang, prefix=f"{rank}. "))
    builder.row(home_button(t))
    await message.answer(t("map-location-not-stored"), reply_markup=persistent_keyboard(t))
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())


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
        ask_location, MapCb.filter(F.action == MapAction.NEAREST), HasMessage(), PlaceCategoryTarget()
    )
    router.message.register(got_location, MapStates.awaiting_location, F.location)
    router.message.register(cancel, MapStates.awaiting_location, LocalizedText("map-cancel"))
    router.message.register(not_a_location, MapStates.awaiting_location)
    return router
