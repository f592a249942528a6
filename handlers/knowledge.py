"""Browsing the knowledge base: categories → articles → article (short answer first), with feedback."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.callbacks import ContentKind, KbAction, KbCb, MenuCb
from bot.deep_links import DeepLinks
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.ui.articles import (
    CATEGORY_LABELS,
    ArticleButtons,
    ArticleView,
    article_keyboard,
    article_pages,
    categories_keyboard,
    category_keyboard,
    opening_view,
)
from bot.ui.handoff import ask_role_button, handoff_rows
from bot.ui.keyboards import home_button
from db.enums import GapKind
from db.repositories.feedback import FeedbackRepository
from handlers.common import grow_in_place, send_pages, show_in_place
from handlers.filters import Found, HasMessage, shown_message
from knowledge.model import Article

# Categories whose list offers a consultant straight away.
CATEGORY_CONSULTANTS = {"health": "doctor"}


class CategoryTarget(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeHolder) -> Found:
        return callback_data.cat in CATEGORY_LABELS and bool(knowledge.kb.by_category(callback_data.cat))


class ArticleTarget(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeHolder) -> Found:
        article = knowledge.kb.get(callback_data.art)
        return {"article": article} if article is not None else False


class Unfold(BaseFilter):
    """More or Sources on an article: the view the message shows now, and the one it grows to."""

    async def __call__(self, callback: CallbackQuery, callback_data: KbCb) -> Found:
        if not 0 <= callback_data.value <= ArticleView.whole():
            return False
        shown = ArticleView(callback_data.value)
        added = ArticleView.MORE if callback_data.action == KbAction.MORE else ArticleView.SOURCES
        return {"shown": shown, "view": shown | added} if not shown & added else False


async def send_article(
    message: Message,
    knowledge: KnowledgeHolder,
    article_id: str,
    lang: str,
    t: Translator,
    article_buttons: list[ArticleButtons],
) -> bool:
    kb = knowledge.kb
    article = kb.get(article_id)
    if article is None:
        return False
    view = opening_view(article, lang)
    markup = article_keyboard(kb, article, lang, t, view, article_buttons)
    await send_pages(message, article_pages(article, lang, t, view), markup)
    return True


async def open_article_link(
    message: Message,
    item: str,
    *,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    article_buttons: list[ArticleButtons],
    **_: Any,
) -> bool:
    """A shared link to an article (a-<id>)."""
    return await send_article(message, knowledge, item, lang, t, article_buttons)


def category_view(
    knowledge: KnowledgeHolder, category: str, page: int, lang: str, t: Translator, menu: MenuRegistry
) -> tuple[str, InlineKeyboardMarkup]:
    title = t("kb-category-title", category=t(CATEGORY_LABELS[category]))
    role = CATEGORY_CONSULTANTS.get(category)
    extra = [[ask_role_button(role, t)]] if role and "consult" in menu else []
    return title, category_keyboard(knowledge.kb, category, page, lang, t, extra)


async def categories(callback: CallbackQuery, knowledge: KnowledgeHolder, t: Translator) -> None:
    await callback.answer()
    await show_in_place(callback, t("kb-categories-title"), categories_keyboard(knowledge.kb, t))


async def category(
    callback: CallbackQuery,
    callback_data: KbCb,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    menu: MenuRegistry,
) -> None:
    await callback.answer()
    title, keyboard = category_view(knowledge, callback_data.cat, callback_data.page, lang, t, menu)
    await show_in_place(callback, title, keyboard)


async def category_below(
    callback: CallbackQuery,
    callback_data: KbCb,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    menu: MenuRegistry,
) -> None:
    """ "Back" under an article: the list comes as a new message and the article stays readable above."""
    await callback.answer()
    title, keyboard = category_view(knowledge, callback_data.cat, 0, lang, t, menu)
    await shown_message(callback).answer(title, reply_markup=keyboard)


async def article(
    callback: CallbackQuery,
    callback_data: KbCb,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    article_buttons: list[ArticleButtons],
) -> None:
    await callback.answer()
    await send_article(shown_message(callback), knowledge, callback_data.art, lang, t, article_buttons)


async def unfold(
    callback: CallbackQuery,
    article: Article,
    shown: ArticleView,
    view: ArticleView,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    article_buttons: list[ArticleButtons],
) -> None:
    """More / Sources: the same message grows (split when the whole article is longer than one)."""
    await callback.answer()
    markup = article_keyboard(knowledge.kb, article, lang, t, view, article_buttons)
    await grow_in_place(
        shown_message(callback), article_pages(article, lang, t, shown), article_pages(article, lang, t, view), markup
    )


def not_helpful_keyboard(article: Article, t: Translator, menu: MenuRegistry) -> InlineKeyboardMarkup:
    """After 👎: a person can still ask a human (when consultations exist), or open the menu."""
    rows = handoff_rows(article, t) if "consult" in menu else []
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [home_button(t)]])


async def article_feedback(
    callback: CallbackQuery,
    callback_data: KbCb,
    article: Article,
    feedback: FeedbackRepository,
    state: FSMContext,
    lang: str,
    t: Translator,
    menu: MenuRegistry,
) -> None:
    helpful = callback_data.value == 1
    await feedback.record_feedback(article.id, lang, helpful)
    if not helpful:
        last_query = (await state.get_data()).get("last_query")
        await feedback.record_gap(GapKind.NOT_HELPFUL, last_query, lang, article.id)
    await callback.answer(t("kb-feedback-thanks"))
    if not helpful and callback.message is not None:
        key = "kb-feedback-sorry-ask" if "consult" in menu else "kb-feedback-sorry"
        await callback.message.answer(t(key), reply_markup=not_helpful_keyboard(article, t, menu))


def create_router(menu: MenuRegistry, deep_links: DeepLinks) -> Router:
    router = Router(name="knowledge")
    router.callback_query.filter(F.message.chat.type == "private")
    menu.add("kb", "menu-kb", order=10)
    deep_links.add(ContentKind.ARTICLE, open_article_link)

    router.callback_query.register(categories, MenuCb.filter(F.section == "kb"))
    router.callback_query.register(categories, KbCb.filter(F.action == KbAction.CATEGORIES))
    router.callback_query.register(category, KbCb.filter(F.action == KbAction.CATEGORY), CategoryTarget())
    router.callback_query.register(
        category_below, KbCb.filter(F.action == KbAction.LIST), HasMessage(), CategoryTarget()
    )
    router.callback_query.register(article, KbCb.filter(F.action == KbAction.ARTICLE), HasMessage(), ArticleTarget())
    router.callback_query.register(
        unfold,
        KbCb.filter(F.action.in_({KbAction.MORE, KbAction.SOURCES})),
        HasMessage(),
        ArticleTarget(),
        Unfold(),
    )
    router.callback_query.register(
        article_feedback, KbCb.filter((F.action == KbAction.FEEDBACK) & F.value.in_({0, 1})), ArticleTarget()
    )
    return router
