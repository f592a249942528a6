"""Browsing the knowledge base: categories → articles → article, with feedback."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import KbCb, MenuCb
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
from db.repositories.feedback import FeedbackRepository
from handlers.common import show_in_place


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


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="knowledge")
    router.callback_query.filter(F.message.chat.type == "private")
    menu.add("kb", "menu-kb", order=10)

    @router.callback_query(MenuCb.filter(F.section == "kb"))
    @router.callback_query(KbCb.filter(F.action == "cats"))
    async def categories(callback: CallbackQuery, knowledge: KnowledgeHolder, t: Translator) -> None:
        await callback.answer()
        await show_in_place(callback, t("kb-categories-title"), categories_keyboard(knowledge.kb, t))

    @router.callback_query(KbCb.filter(F.action == "cat"))
    async def category(
        callback: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeHolder, lang: str, t: Translator
    ) -> None:
        if callback_data.cat not in CATEGORY_LABELS or not knowledge.kb.by_category(callback_data.cat):
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        title = t("kb-category-title", category=t(CATEGORY_LABELS[callback_data.cat]))
        await show_in_place(
            callback, title, category_keyboard(knowledge.kb, callback_data.cat, callback_data.page, lang, t)
        )

    @router.callback_query(KbCb.filter(F.action == "art"))
    async def article(
        callback: CallbackQuery,
        callback_data: KbCb,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        article_buttons: list[ArticleButtons],
    ) -> None:
        if callback.message is None or knowledge.kb.get(callback_data.art) is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        await send_article(callback.message, knowledge, callback_data.art, lang, t, article_buttons)

    @router.callback_query(KbCb.filter(F.action == "fb"))
    async def feedback(
        callback: CallbackQuery,
        callback_data: KbCb,
        knowledge: KnowledgeHolder,
        feedback: FeedbackRepository,
        state: FSMContext,
        lang: str,
        t: Translator,
    ) -> None:
        if knowledge.kb.get(callback_data.art) is None or callback_data.value not in (0, 1):
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        helpful = callback_data.value == 1
        await feedback.record_feedback(callback_data.art, lang, helpful)
        if not helpful:
            last_query = (await state.get_data()).get("last_query")
            await feedback.record_gap("not-helpful", last_query, lang, callback_data.art)
        await callback.answer(t("kb-feedback-thanks"))
        if not helpful and callback.message is not None:
            await callback.message.answer(t("kb-feedback-sorry"), reply_markup=home_keyboard(t))

    return router
