"""Reach: 🔊 Listen, 📤 Share (deep links), inline mode, and opening deep links from /start."""

from __future__ import annotations

import html
import logging

from aiogram import Bot, Router
from aiogram.enums import ChatAction
from aiogram.types import (
    CallbackQuery,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
)

from bot.callbacks import ListenCb, ShareCb
from bot.i18n import I18n, Translator
from bot.services.knowledge import KnowledgeHolder
from bot.services.voice import SpeechUnavailable, Synthesizer, reading_for, spoken
from bot.ui.keyboards import ReachButtons
from db.repositories.media import MediaRepository
from knowledge.markup import markdown_to_html, markdown_to_plain
from knowledge.model import ALL_LANGUAGES

logger = logging.getLogger(__name__)
INLINE_RESULTS = 5
INLINE_DEFAULT = ("patent", "registration", "patent-payment", "emergency-care", "detention")


def deep_link(username: str, kind: str, item: str) -> str:
    return f"https://t.me/{username}?start={kind}-{item}"


def make_reach_buttons(listen: bool) -> ReachButtons:
    def rows(kind: str, item: str, t: Translator) -> list[list[InlineKeyboardButton]]:
        buttons = []
        if listen and kind in ("a", "l"):
            buttons.append(
                InlineKeyboardButton(text=t("btn-listen"), callback_data=ListenCb(kind=kind, item=item).pack())
            )
        buttons.append(InlineKeyboardButton(text=t("btn-share"), callback_data=ShareCb(kind=kind, item=item).pack()))
        return [buttons]

    return rows


def _title_and_text(knowledge: KnowledgeHolder, kind: str, item: str, lang: str) -> tuple[str, str] | None:
    """(title, Markdown text) of an article, lesson or place, in a language."""
    kb = knowledge.kb
    if kind == "a" and (article := kb.get(item)) is not None:
        text = article.text(lang)
        return text.title, text.body
    if kind == "l":
        lesson = next((lesson for lesson in kb.course if lesson.id == item), None)
        if lesson is not None:
            text = lesson.text(lang)
            return text.title, text.body
    if kind == "p" and (place := kb.places.get(item)) is not None:
        return place.text(place.name, lang) or item, place.text(place.description, lang) or ""
    return None


def create_router(synthesizer: Synthesizer | None) -> Router:
    router = Router(name="reach")

    @router.callback_query(ListenCb.filter())
    async def listen(
        callback: CallbackQuery,
        callback_data: ListenCb,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        media: MediaRepository,
        bot: Bot,
    ) -> None:
        language = callback_data.lang or lang
        content = _title_and_text(knowledge, callback_data.kind, callback_data.item, language)
        if content is None or language not in ALL_LANGUAGES or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return

        def text_of(content_lang: str) -> str:
            title, body = _title_and_text(knowledge, callback_data.kind, callback_data.item, content_lang) or ("", "")
            return spoken(title, body)

        reading = reading_for(callback_data.kind, callback_data.item, language, text_of)
        chat_id = callback.message.chat.id
        if reading is None:  # no voice for this language (Tajik): say so, and offer the Russian one
            await callback.answer()
            russian = ListenCb(kind=callback_data.kind, item=callback_data.item, lang="ru").pack()
            markup = InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text=t("btn-listen-russian"), callback_data=russian)]]
            )
            await bot.send_message(chat_id, t("listen-no-voice"), reply_markup=markup)
            return
        await callback.answer()
        file_id = await media.file_id(reading.key)
        if file_id is not None:
            await bot.send_voice(chat_id, file_id)
            return
        if synthesizer is None:
            await bot.send_message(chat_id, t("listen-unavailable"))
            return
        await bot.send_chat_action(chat_id, ChatAction.RECORD_VOICE)
        try:
            path = await synthesizer.file(reading)
        except SpeechUnavailable as error:
            logger.warning("voice reading failed: %s", error)
            await bot.send_message(chat_id, t("listen-unavailable"))
            return
        sent = await bot.send_voice(chat_id, FSInputFile(path, filename="mi-help.ogg"))
        if sent.voice is not None:
            await media.remember(reading.key, sent.voice.file_id)

    @router.callback_query(ShareCb.filter())
    async def share(
        callback: CallbackQuery, callback_data: ShareCb, knowledge: KnowledgeHolder, lang: str, t: Translator, bot: Bot
    ) -> None:
        content = _title_and_text(knowledge, callback_data.kind, callback_data.item, lang)
        if content is None or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        me = await bot.me()
        link = deep_link(me.username or "", callback_data.kind, callback_data.item)
        title = html.escape(content[0])
        rows = [[InlineKeyboardButton(text=t("share-open"), url=link)]]
        if callback_data.kind == "a":
            rows.append([InlineKeyboardButton(text=t("share-inline"), switch_inline_query=content[0])])
        await callback.message.answer(
            f"{t('share-text')}\n\n<b>{title}</b>\n{link}", reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
        )

    @router.inline_query()
    async def inline(query: InlineQuery, knowledge: KnowledgeHolder, i18n: I18n, lang: str, bot: Bot) -> None:
        """`@bot patent` in any chat: matching articles as cards, each opening the full answer."""
        kb = knowledge.kb
        t = i18n.get(lang)
        if query.query.strip():
            ids = [hit.id for hit in kb.search.search(query.query, top=INLINE_RESULTS).hits]
        else:
            ids = [article_id for article_id in INLINE_DEFAULT if kb.get(article_id)]
        me = await bot.me()
        results = []
        for article_id in ids:
            text = kb.articles[article_id].text(lang)
            first = text.body.split("\n\n")[0]
            link = deep_link(me.username or "", "a", article_id)
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

    return router


async def open_deep_link(message: Message, payload: str, **data) -> bool:  # type: ignore[no-untyped-def]
    """/start a-<article>, l-<lesson>, p-<place>: open it. False when the payload means nothing."""
    from handlers.course import send_lesson
    from handlers.knowledge import send_article
    from handlers.places import send_place

    kind, _, item = payload.partition("-")
    knowledge: KnowledgeHolder = data["knowledge"]
    lang, t = data["lang"], data["t"]
    if kind == "a" and knowledge.kb.get(item):
        await send_article(message, knowledge, item, lang, t, data["article_buttons"])
        return True
    if kind == "l":
        index = next((i for i, lesson in enumerate(knowledge.kb.course) if lesson.id == item), None)
        if index is not None:
            await send_lesson(message, data["user"], knowledge, index, lang, t, data["course"], data.get("reach"))
            return True
    if kind == "p" and item in knowledge.kb.places:
        await send_place(message, knowledge.kb.places[item], lang, t, knowledge.kb, data.get("reach"))
        return True
    return False
