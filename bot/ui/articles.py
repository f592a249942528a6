"""How knowledge-base content looks in Telegram: article text with its sources, and its buttons."""

from __future__ import annotations

import html
from collections.abc import Callable

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import KbCb
from bot.i18n import Translator
from bot.ui.keyboards import home_button
from bot.ui.text import split_text
from knowledge.base import KnowledgeBase
from knowledge.model import Article

PAGE_SIZE = 8
CATEGORY_LABELS = {
    "documents": "kb-cat-documents",
    "work": "kb-cat-work",
    "police": "kb-cat-police",
    "health": "kb-cat-health",
    "life": "kb-cat-life",
}
DISCLAIMERS = {"legal": "kb-disclaimer-legal", "medical": "kb-disclaimer-medical"}

# Features add rows of buttons under every article (ask a consultant, listen, share, places...).
ArticleButtons = Callable[[Article, str, Translator], list[list[InlineKeyboardButton]]]


def _source_html(title: str, url: str | None) -> str:
    text = html.escape(title, quote=False)
    return f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text


def article_chunks(article: Article, lang: str, t: Translator) -> list[str]:
    """The article as one or more HTML messages: title, text, sources, review date, disclaimer."""
    text = article.text(lang)
    sources = "\n".join("• " + _source_html(s.title, s.url) for s in article.sources)
    footer = [f"📚 {t('kb-sources')}\n{sources}", f"🗓 {t('kb-reviewed', date=article.reviewed)}"]
    if article.kind in DISCLAIMERS:
        footer.append(f"<i>{t(DISCLAIMERS[article.kind])}</i>")
    message = f"<b>{html.escape(text.title, quote=False)}</b>\n\n{text.body_html}\n\n" + "\n\n".join(footer)
    return split_text(message)


def article_keyboard(
    kb: KnowledgeBase,
    article: Article,
    lang: str,
    t: Translator,
    extra_buttons: list[ArticleButtons] = (),  # type: ignore[assignment]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for related_id in article.related[:4]:
        related = kb.get(related_id)
        if related is not None:
            builder.row(
                InlineKeyboardButton(
                    text=f"📄 {related.text(lang).title}",
                    callback_data=KbCb(action="art", art=related_id).pack(),
                )
            )
    for make_rows in extra_buttons:
        for row in make_rows(article, lang, t):
            builder.row(*row)
    builder.row(
        InlineKeyboardButton(text="👍", callback_data=KbCb(action="fb", art=article.id, value=1).pack()),
        InlineKeyboardButton(text="👎", callback_data=KbCb(action="fb", art=article.id, value=0).pack()),
    )
    builder.row(
        InlineKeyboardButton(text=t("btn-back"), callback_data=KbCb(action="cat", cat=article.category).pack()),
        home_button(t),
    )
    return builder.as_markup()


def categories_keyboard(kb: KnowledgeBase, t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in kb.categories():
        builder.button(text=t(CATEGORY_LABELS[category]), callback_data=KbCb(action="cat", cat=category))
    builder.adjust(1)
    builder.row(home_button(t))
    return builder.as_markup()


def category_keyboard(kb: KnowledgeBase, category: str, page: int, lang: str, t: Translator) -> InlineKeyboardMarkup:
    articles = kb.by_category(category)
    pages = max(1, -(-len(articles) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    builder = InlineKeyboardBuilder()
    for article in articles[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        builder.row(
            InlineKeyboardButton(text=article.text(lang).title, callback_data=KbCb(action="art", art=article.id).pack())
        )
    navigation = []
    if page > 0:
        navigation.append(
            InlineKeyboardButton(text="◀️", callback_data=KbCb(action="cat", cat=category, page=page - 1).pack())
        )
    if pages > 1:
        navigation.append(
            InlineKeyboardButton(
                text=t("kb-page", page=page + 1, pages=pages),
                callback_data=KbCb(action="cat", cat=category, page=page).pack(),
            )
        )
    if page < pages - 1:
        navigation.append(
            InlineKeyboardButton(text="▶️", callback_data=KbCb(action="cat", cat=category, page=page + 1).pack())
        )
    if navigation:
        builder.row(*navigation)
    builder.row(
        InlineKeyboardButton(text=t("btn-back"), callback_data=KbCb(action="cats").pack()),
        home_button(t),
    )
    return builder.as_markup()


def choices_keyboard(kb: KnowledgeBase, article_ids: list[str], lang: str, t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for article_id in article_ids:
        article = kb.get(article_id)
        if article is not None:
            builder.row(
                InlineKeyboardButton(
                    text=f"📄 {article.text(lang).title}",
                    callback_data=KbCb(action="art", art=article_id).pack(),
                )
            )
    builder.row(home_button(t))
    return builder.as_markup()
