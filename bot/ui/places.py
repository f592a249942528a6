"""How the guide map looks in Telegram: category lists, a place's card and buttons, "nearest to me".

Places with coordinates are sent as a venue (a pin), then the card. Places with only a verified
address get buttons that search that address in Kazan in Yandex Maps, 2GIS and OpenStreetMap.
Places without an address say how to find them (phone, official page, what to check).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.callbacks import ContentKind, KbAction, KbCb, MapAction, MapCb
from bot.i18n import Translator
from bot.ui.articles import ArticleView
from bot.ui.builder import KeyboardBuilder
from bot.ui.keyboards import ReachButtons, home_button
from knowledge.base import KnowledgeBase
from knowledge.model import Article
from knowledge.places import NEAREST_MIN_POINTS, Place, nearest, nearest_available, points_in

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
OSM_ATTRIBUTION = "© OpenStreetMap contributors"  # geocoded points come from OSM data (ODbL)


def place_button(place: Place, lang: str, prefix: str = "📍 ") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=prefix + place.text(place.name, lang), callback_data=MapCb(action=MapAction.PLACE, place=place.id).pack()
    )


def place_buttons(
    article: Article, lang: str, t: Translator, kb: KnowledgeBase, view: ArticleView
) -> list[list[InlineKeyboardButton]]:
    """Under an article's whole text: the places it names (articles link to places, places link back)."""
    if not view & ArticleView.MORE:
        return []
    return [[place_button(kb.places[p], lang)] for p in article.places[:4] if p in kb.places]


def distance_text(t: Translator, metres: float) -> str:
    if metres < 1000:
        return t("map-distance-m", metres=int(round(metres, -1)))
    return t("map-distance-km", km=round(metres / 1000, 1))


def address_line(place: Place, lang: str, t: Translator) -> str:
    address = place.address_for(lang)
    if not address:
        return f"📍 {t('map-no-address')}"
    note = place.text(place.address_note, lang)
    return f"📍 {html.escape(address)}" + (f" ({html.escape(note)})" if note else "")


def place_card(place: Place, lang: str, t: Translator, kb: KnowledgeBase, with_sources: bool = False) -> str:
    lines = [f"<b>{html.escape(place.text(place.name, lang))}</b>", html.escape(place.text(place.description, lang))]
    details = [address_line(place, lang, t)]
    if place.approximate:
        details.append(f"<i>{t('map-approximate')}</i>")
    if place.phone:
        details.append(f"☎️ {html.escape(place.phone)}")
    if place.hours:
        details.append(f"🕘 {html.escape(place.text(place.hours, lang))}")
    if place.bring:
        details.append(f"🎒 {t('map-bring')} {html.escape(place.text(place.bring, lang))}")
    if place.website:
        details.append(f'🌐 <a href="{html.escape(place.website, quote=True)}">{html.escape(place.website)}</a>')
    if place.check:
        label = t("map-how-to-find") + " " if not place.address and not place.has_point else ""
        details.append(f"⚠️ {label}{html.escape(place.text(place.check, lang))}")
    if place.address and not place.has_point:
        details.append(f"<i>{t('map-no-point')}</i>")
    footer = f"🗓 {t('kb-reviewed', date=place.reviewed)}"
    if place.geocoded is not None:  # the point's data licence asks for visible attribution
        footer += f" · {OSM_ATTRIBUTION}"
    if with_sources:  # folded behind a button: the titles are Russian, as the sources write them
        sources = "\n".join(f"• {html.escape(s.title)}" for s in place.sources[:3])
        footer = f"📚 {t('kb-sources')}\n{sources}\n\n{footer}"
    return "\n".join(lines) + "\n\n" + "\n".join(details) + "\n\n" + footer


def place_keyboard(
    place: Place,
    lang: str,
    t: Translator,
    kb: KnowledgeBase,
    reach: ReachButtons | None = None,
    with_sources: bool = False,
) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    links = place.map_links()
    if links:
        builder.row(
            InlineKeyboardButton(text=t("map-open-yandex"), url=links["yandex"]),
            InlineKeyboardButton(text=t("map-open-2gis"), url=links["2gis"]),
            InlineKeyboardButton(text=t("map-open-osm"), url=links["osm"]),
        )
    elif place.website:  # no address: the official page is where to ask
        builder.row(InlineKeyboardButton(text=t("map-open-website"), url=place.website))
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
    if not with_sources and place.sources:
        sources = MapCb(action=MapAction.SOURCES, place=place.id).pack()
        builder.row(InlineKeyboardButton(text=t("kb-btn-sources"), callback_data=sources))
    builder.row(
        InlineKeyboardButton(
            text=t("btn-back"), callback_data=MapCb(action=MapAction.CATEGORY, cat=place.category).pack()
        ),
        home_button(t),
    )
    return builder.as_markup()


def categories_keyboard(kb: KnowledgeBase, t: Translator) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for category in kb.place_categories():
        builder.row(
            InlineKeyboardButton(
                text=t(CATEGORY_KEYS[category]), callback_data=MapCb(action=MapAction.CATEGORY, cat=category).pack()
            )
        )
    builder.row(home_button(t))
    return builder.as_markup()


def category_title(kb: KnowledgeBase, category: str, t: Translator) -> str:
    """The category's heading; when "nearest" is not offered, one line says why."""
    title = t("map-category-title", category=t(CATEGORY_KEYS[category]))
    places = kb.places_in(category)
    if nearest_available(places):
        return title
    return title + "\n\n" + t("map-near-unavailable", needed=NEAREST_MIN_POINTS, count=len(points_in(places)))


def category_keyboard(kb: KnowledgeBase, category: str, lang: str, t: Translator) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    places = kb.places_in(category)
    for place in places:
        builder.row(place_button(place, lang, prefix=""))
    if nearest_available(places):
        builder.row(
            InlineKeyboardButton(
                text=t("map-nearest"), callback_data=MapCb(action=MapAction.NEAREST, cat=category).pack()
            )
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
    """A pin (only for a place with coordinates), then the card with its buttons."""
    if place.latitude is not None and place.longitude is not None:
        title = place.text(place.name, lang)
        if place.approximate:
            title = f"{title} ({t('map-approximate-short')})"
        await message.answer_venue(
            latitude=place.latitude,
            longitude=place.longitude,
            title=title[:128],
            address=(place.address_for(lang) or "")[:256] or t("map-no-address"),
        )
    await message.answer(place_card(place, lang, t, kb), reply_markup=place_keyboard(place, lang, t, kb, reach))


@dataclass(frozen=True)
class NearestAnswer:
    text: str
    keyboard: InlineKeyboardMarkup


def nearest_answer(kb: KnowledgeBase, category: str, lat: float, lon: float, lang: str, t: Translator) -> NearestAnswer:
    """The places of a category with coordinates, nearest first; or, if too few have them, the list."""
    places = kb.places_in(category)
    builder = KeyboardBuilder()
    if not nearest_available(places):  # coordinates were removed since the button was shown
        for place in places[:NEAREST_COUNT]:
            builder.row(place_button(place, lang))
        builder.row(home_button(t))
        text = t("map-near-none") + "\n" + t("map-near-addresses")
        return NearestAnswer(text, builder.as_markup())
    lines = [t("map-near-title")]
    for rank, (place, metres) in enumerate(nearest(places, lat, lon, NEAREST_COUNT), 1):
        mark = f" ({t('map-approximate-short')})" if place.approximate else ""
        lines.append(f"{rank}. {html.escape(place.text(place.name, lang))} — {distance_text(t, metres)}{mark}")
        builder.row(place_button(place, lang, prefix=f"{rank}. "))
    without_point = len(places) - len(points_in(places))
    if without_point:
        lines.append("")
        lines.append(t("map-near-not-counted", count=without_point))
    builder.row(
        InlineKeyboardButton(text=t("btn-back"), callback_data=MapCb(action=MapAction.CATEGORY, cat=category).pack()),
        home_button(t),
    )
    return NearestAnswer("\n".join(lines), builder.as_markup())
