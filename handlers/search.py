"""Free text is a question: search the knowledge base and answer in the user's language."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message

from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.services.search import decide
from bot.ui.articles import ArticleButtons, choices_keyboard
from bot.ui.danger import danger_text
from bot.ui.handoff import handoff_rows
from bot.ui.keyboards import home_button
from db.enums import GapKind
from db.repositories.feedback import FeedbackRepository
from handlers.knowledge import send_article

logger = logging.getLogger(__name__)


def nothing_keyboard(t: Translator, menu: MenuRegistry) -> InlineKeyboardMarkup:
    """Nothing found: a person can still ask a doctor or a lawyer, in one tap."""
    rows = handoff_rows(None, t) if "consult" in menu else []
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [home_button(t)]])


async def question(
    message: Message,
    knowledge: KnowledgeHolder,
    feedback: FeedbackRepository,
    state: FSMContext,
    lang: str,
    t: Translator,
    article_buttons: list[ArticleButtons],
    menu: MenuRegistry,
) -> None:
    query = message.text or ""
    danger = knowledge.kb.crisis.detect(query)
    if danger:  # danger first: the numbers come before any article
        await message.answer(danger_text(t, danger, knowledge.kb.helplines))
    result = knowledge.kb.search.search(query, top=3)
    decision = decide(result)
    logger.debug("search: %s, detected %s", decision.kind, decision.lang)
    # Kept (encrypted, with the state) so that a 👎 on the answer can say which question failed.
    await state.update_data(last_query=query[:500], last_query_lang=decision.lang)
    if decision.kind == "direct":  # the article's own buttons offer its consultant
        await send_article(message, knowledge, decision.article_ids[0], lang, t, article_buttons)
    elif decision.kind == "choices":
        top = knowledge.kb.get(decision.article_ids[0])
        # The top hit says who is likely needed; it may be the wrong article, so it is not the context.
        extra = handoff_rows(top, t, with_context=False) if "consult" in menu and top is not None else []
        await message.answer(
            t("search-choices"),
            reply_markup=choices_keyboard(knowledge.kb, decision.article_ids, lang, t, extra),
        )
    else:
        await feedback.record_gap(GapKind.NO_ANSWER, query, decision.lang)
        key = "search-nothing-ask" if "consult" in menu else "search-nothing"
        await message.answer(t(key), reply_markup=nothing_keyboard(t, menu))


def create_router() -> Router:
    router = Router(name="search")
    router.message.filter(F.chat.type == "private")
    router.message.register(question, F.text & ~F.text.startswith("/"))
    return router
