"""Reach: 🔊 Listen, 📤 Share (deep links) and inline mode.

Shared links are opened by /start through bot.deep_links, where each feature registers its kind
of content; the buttons themselves are bot.ui.keyboards.reach_buttons.
"""

from __future__ import annotations

import html

from aiogram import Bot, Router
from aiogram.filters import BaseFilter
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultUnion,
    InputTextMessageContent,
)

from bot.callbacks import ContentKind, ListenCb, ShareCb
from bot.i18n import I18n, Translator
from bot.services.knowledge import KnowledgeHolder
from bot.services.reach import ListenService, content_of, deep_link, inline_article_ids
from handlers.filters import Found, HasMessage, shown_message
from knowledge.markup import markdown_to_html, markdown_to_plain


class Readable(BaseFilter):
    """The item exists, in a language the bot speaks (the button may name another language)."""

    async def __call__(
        self, callback: CallbackQuery, callback_data: ListenCb, listening: ListenService, lang: str
    ) -> Found:
        language = callback_data.lang or lang
        return {"language": language} if listening.can_read(callback_data.kind, callback_data.item, language) else False


class Shareable(BaseFilter):
    async def __call__(
        self, callback: CallbackQuery, callback_data: ShareCb, knowledge: KnowledgeHolder, lang: str
    ) -> Found:
        content = content_of(knowledge.kb, callback_data.kind, callback_data.item, lang)
        return {"title": content[0]} if content is not None else False


async def listen(
    callback: CallbackQuery,
    callback_data: ListenCb,
    language: str,
    listening: ListenService,
    t: Translator,
    bot: Bot,
) -> None:
    await callback.answer()
    chat_id = shown_message(callback).chat.id
    reading = listening.reading(callback_data.kind, callback_data.item, language)
    if reading is None:  # no voice for this language (Tajik): say so, and offer the Russian one
        russian = ListenCb(kind=callback_data.kind, item=callback_data.item, lang="ru").pack()
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text=t("btn-listen-russian"), callback_data=russian)]]
        )
        await bot.send_message(chat_id, t("listen-no-voice"), reply_markup=markup)
        return
    if not await listening.send(bot, chat_id, reading):
        await bot.send_message(chat_id, t("listen-unavailable"))


async def share(callback: CallbackQuery, callback_data: ShareCb, title: str, t: Translator, bot: Bot) -> None:
    await callback.answer()
    me = await bot.me()
    link = deep_link(me.username or "", callback_data.kind, callback_data.item)
    rows = [[InlineKeyboardButton(text=t("share-open"), url=link)]]
    if callback_data.kind is ContentKind.ARTICLE:
        rows.append([InlineKeyboardButton(text=t("share-inline"), switch_inline_query=title)])
    await shown_message(callback).answer(
        f"{t('share-text')}\n\n<b>{html.escape(title)}</b>\n{link}",
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )


async def inline(query: InlineQuery, knowledge: KnowledgeHolder, i18n: I18n, lang: str, bot: Bot) -> None:
    """`@bot patent` in any chat: matching articles as cards, each opening the full answer."""
    kb = knowledge.kb
    t = i18n.get(lang)
    me = await bot.me()
    results: list[InlineQueryResultUnion] = []
    for article_id in inline_article_ids(kb, query.query):
        text = kb.articles[article_id].text(lang)
        first = text.short or text.body.split("\n\n")[0]  # the answer first, when it is written
        link = deep_link(me.username or "", ContentKind.ARTICLE, article_id)
        results.append(
            InlineQueryResultArticle(
                id=article_id,
                title=text.title,
                description=markdown_to_plain(first)[:120],
                input_message_content=InputTextMessageContent(
                    message_text=f"<b>{html.escape(text.title)}</b>\n\n{markdown_to_html(first)}\n\n"
                    f"{t('inline-footer')}",
                    parse_mode="HTML",
                ),
                reply_markup=InlineKeyboardMarkup(
                    inline_keyboard=[[InlineKeyboardButton(text=t("share-open"), url=link)]]
                ),
            )
        )
    await query.answer(results, cache_time=60, is_personal=True)


def create_router() -> Router:
    router = Router(name="reach")
    router.callback_query.register(listen, ListenCb.filter(), HasMessage(), Readable())
    router.callback_query.register(share, ShareCb.filter(), HasMessage(), Shareable())
    router.inline_query.register(inline)
    return router
