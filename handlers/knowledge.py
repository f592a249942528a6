"""Browsing the knowledge base: categories → articles → article, with feedback."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import ContentKind, KbAction, KbCb, MenuCb
from bot.deep_links import DeepLinks
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.ui.articles import (
    CATEGORY_LABELS,
    ArticleButtons,
    article_chunks,
    article_keyboard,
    categories_keyboard,
    category_keyboard,
)
from bot.ui.keyboards import home_keyboard
from db.enums import GapKind
from db.repositories.feedback import FeedbackRepository
from handlers.common import show_in_place
from handlers.filters import Found, HasMessage


class CategoryTarget(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeHolder) -> Found:
        return callback_data.cat in CATEGORY_LABELS and bool(knowledge.kb.by_category(callback_data.cat))


class ArticleTarget(BaseFilter):
    async def __call__(self, callback: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeHolder) -> Found:
        return knowledge.kb.get(callback_data.art) is not None


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
    chunks = article_chunks(article, lang, t)
    for chunk in chunks[:-1]:
        await message.answer(chunk)
    await message.answer(chunks[-1], reply_markup=article_keyboard(kb, article, lang, t, article_buttons))
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


async def categories(callback: CallbackQuery, knowledge: KnowledgeHolder, t: Translator) -> None:
    await callback.answer()
    await show_in_place(callback, t("kb-categories-title"), categories_keyboard(knowledge.kb, t))


async def category(
    callback: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeHolder, lang: str, t: Translator
) -> None:
    await callback.answer()
    title = t("kb-category-title", category=t(CATEGORY_LABELS[callback_data.cat]))
    keyboard = category_keyboard(knowledge.kb, callback_data.cat, callback_data.page, lang, t)
    await show_in_place(callback, title, keyboard)


async def article(
    callback: CallbackQuery,
    callback_data: KbCb,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    article_buttons: list[ArticleButtons],
) -> None:
    await callback.answer()
    await send_article(callback.message, knowledge, callback_data.art, lang, t, article_buttons)


async def article_feedback(
    callback: CallbackQuery,
    callback_data: KbCb,
    feedback: FeedbackRepository,
    state: FSMContext,
    lang: str,
    t: Translator,
) -> None:
    helpful = callback_data.value == 1
    await feedback.record_feedback(callback_data.art, lang, helpful)
    if not helpful:
        last_query = (await state.get_data()).get("last_query")
        await feedback.record_gap(GapKind.NOT_HELPFUL, last_query, lang, callback_data.art)
    await callback.answer(t("kb-feedback-thanks"))
    if not helpful and callback.message is not None:
        await callback.message.answer(t("kb-feedback-sorry"), reply_markup=home_keyboard(t))


def create_router(menu: MenuRegistry, deep_links: DeepLinks) -> Router:
    router = Router(name="knowledge")
    router.callback_query.filter(F.message.chat.type == "private")
    menu.add("kb", "menu-kb", order=10)
    deep_links.add(ContentKind.ARTICLE, open_article_link)

    router.callback_query.register(categories, MenuCb.filter(F.section == "kb"))
    router.callback_query.register(categories, KbCb.filter(F.action == KbAction.CATEGORIES))
    router.callback_query.register(category, KbCb.filter(F.action == KbAction.CATEGORY), CategoryTarget())
    router.callback_query.register(article, KbCb.filter(F.action == KbAction.ARTICLE), HasMessage(), ArticleTarget())
    router.callback_query.register(
        article_feedback, KbCb.filter((F.action == KbAction.FEEDBACK) & F.value.in_({0, 1})), ArticleTarget()
    )
    return router
