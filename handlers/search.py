"""Free text is a question: search the knowledge base and answer in the user's language."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.i18n import Translator
from bot.services.knowledge import KnowledgeHolder
from bot.services.search import decide
from bot.ui.articles import ArticleButtons, choices_keyboard
from bot.ui.keyboards import home_keyboard
from db.repositories.feedback import FeedbackRepository
from handlers.knowledge import send_article

logger = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="search")
    router.message.filter(F.chat.type == "private")

    @router.message(F.text & ~F.text.startswith("/"))
    async def question(
        message: Message,
        knowledge: KnowledgeHolder,
        feedback: FeedbackRepository,
        state: FSMContext,
        lang: str,
        t: Translator,
        article_buttons: list[ArticleButtons],
    ) -> None:
        query = message.text or ""
        result = knowledge.kb.search.search(query, top=3)
        decision = decide(result)
        logger.debug("search: %s, detected %s", decision.kind, decision.lang)
        # Kept (encrypted, with the state) so that a 👎 on the answer can say which question failed.
        await state.update_data(last_query=query[:500], last_query_lang=decision.lang)
        if decision.kind == "direct":
            await send_article(message, knowledge, decision.article_ids[0], lang, t, article_buttons)
        elif decision.kind == "choices":
            await message.answer(
                t("search-choices"),
                reply_markup=choices_keyboard(knowledge.kb, decision.article_ids, lang, t),
            )
        else:
            await feedback.record_gap("no-answer", query, decision.lang)
            await message.answer(t("search-nothing"), reply_markup=home_keyboard(t))

    return router
