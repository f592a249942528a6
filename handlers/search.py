"""Free text is a question: search the knowledge base and answer in the user's language."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import ConsultAction, ConsultCb
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.services.search import decide
from bot.ui.articles import ArticleButtons, choices_keyboard
from bot.ui.danger import danger_text
from bot.ui.keyboards import home_button
from db.enums import GapKind
from db.repositories.feedback import FeedbackRepository
from handlers.knowledge import send_article

logger = logging.getLogger(__name__)


def nothing_keyboard(t: Translator, menu: MenuRegistry) -> InlineKeyboardMarkup:
    """Nothing found: a person can still ask a human, in one tap."""
    rows = []
    if "consult" in menu:
        rows.append(
            [InlineKeyboardButton(text=t("menu-consult"), callback_data=ConsultCb(action=ConsultAction.ROLE).pack())]
        )
    rows.append([home_button(t)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


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
    if decision.kind == "direct":
        await send_article(message, knowledge, decision.article_ids[0], lang, t, article_buttons)
    elif decision.kind == "choices":
        await message.answer(
            t("search-choices"),
            reply_markup=choices_keyboard(knowledge.kb, decision.article_ids, lang, t),
        )
    else:
        await feedback.record_gap(GapKind.NO_ANSWER, query, decision.lang)
        await message.answer(t("search-nothing"), reply_markup=nothing_keyboard(t, menu))


def create_router() -> Router:
    router = Router(name="search")
    router.message.filter(F.chat.type == "private")
    router.message.register(question, F.text & ~F.text.startswith("/"))
    return router
