"""How knowledge-base content looks in Telegram: article text with its sources, and its buttons.

An article with a short answer opens with it (ArticleView.SHORT): the title, the short answer, the
review date and the disclaimer, and a few buttons, so that the point fits one phone screen. "More"
and "Sources" add the rest to the same message. An article without one is shown whole, as it
always was: the bot never makes a summary up.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from enum import IntFlag

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import KbAction, KbCb
from bot.i18n import Translator
from bot.ui.builder import KeyboardBuilder
from bot.ui.keyboards import home_button
from bot.ui.text import split_text
from knowledge.base import KnowledgeBase
from knowledge.model import Article, Source

PAGE_SIZE = 8
CATEGORY_LABELS = {
    "documents": "kb-cat-documents",
    "work": "kb-cat-work",
    "police": "kb-cat-police",
    "health": "kb-cat-health",
    "life": "kb-cat-life",
}
DISCLAIMERS = {"legal": "kb-disclaimer-legal", "medical": "kb-disclaimer-medical"}
# Under the short answer: the first sentence of the disclaimer (and, for medical, the numbers to call).
SHORT_DISCLAIMERS = {"legal": "kb-disclaimer-legal-short", "medical": "kb-disclaimer-medical-short"}


class ArticleView(IntFlag):
    """What of an article a message shows, besides the title, the short answer and the review date."""

    SHORT = 0
    MORE = 1  # the whole text
    SOURCES = 2  # the list of sources (legal titles stay in Russian: that is how laws are cited)

    @classmethod
    def whole(cls) -> ArticleView:
        return cls.MORE | cls.SOURCES


# Features add rows of buttons under every article (ask a consultant, listen, share, places...);
# `view` says how much of the article the message shows.
ArticleButtons = Callable[[Article, str, Translator, ArticleView], list[list[InlineKeyboardButton]]]


def opening_view(article: Article, lang: str) -> ArticleView:
    """The short answer first when the article has one; otherwise the whole article."""
    return ArticleView.SHORT if article.text(lang).short else ArticleView.whole()


def _source_html(title: str, url: str | None) -> str:
    text = html.escape(title, quote=False)
    return f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text


def sources_block(sources: tuple[Source, ...] | list[Source], t: Translator) -> str:
    return f"📚 {t('kb-sources')}\n" + "\n".join("• " + _source_html(s.title, s.url) for s in sources)


def article_pages(article: Article, lang: str, t: Translator, view: ArticleView) -> list[str]:
    """The article as one or more HTML messages (the buttons go under the last one).

    Parts only ever get added at the end, so a view's pages begin with the pages of any view it
    grows from: that is what lets "More" and "Sources" edit the message in place.
    """
    text = article.text(lang)
    if not text.short:
        view = ArticleView.whole()
    parts = [f"<b>{html.escape(text.title, quote=False)}</b>"]
    if text.short:
        parts.append(text.short_html)
    if view & ArticleView.MORE:
        parts.append(text.body_html)
    if view & ArticleView.SOURCES:
        parts.append(sources_block(article.sources, t))
    reviewed = f"🗓 {t('kb-reviewed', date=article.reviewed)}"
    if not view & ArticleView.MORE:  # one screen: the date and a one-line disclaimer together
        disclaimer = SHORT_DISCLAIMERS.get(article.kind)
        parts.append(reviewed + (f"\n<i>{t(disclaimer)}</i>" if disclaimer else ""))
    else:
        parts.append(reviewed)
        if article.kind in DISCLAIMERS:
            parts.append(f"<i>{t(DISCLAIMERS[article.kind])}</i>")
    return split_text("\n\n".join(parts))


def article_keyboard(
    kb: KnowledgeBase,
    article: Article,
    lang: str,
    t: Translator,
    view: ArticleView,
    extra_buttons: Sequence[ArticleButtons] = (),
) -> InlineKeyboardMarkup:
    """Short answer: a few rows (More, Sources, listen, ask, 👍👎, back). The whole text adds related articles."""
    if not article.text(lang).short:
        view = ArticleView.whole()
    builder = KeyboardBuilder()
    unfold = []
    if not view & ArticleView.MORE:
        unfold.append(
            InlineKeyboardButton(
                text=t("kb-btn-more"), callback_data=KbCb(action=KbAction.MORE, art=article.id, value=view).pack()
            )
        )
    if not view & ArticleView.SOURCES:
        unfold.append(
            InlineKeyboardButton(
                text=t("kb-btn-sources"),
                callback_data=KbCb(action=KbAction.SOURCES, art=article.id, value=view).pack(),
            )
        )
    if unfold:
        builder.row(*unfold)
    if view & ArticleView.MORE:
        for related_id in article.related[:4]:
            related = kb.get(related_id)
            if related is not None:
                builder.row(
                    InlineKeyboardButton(
                        text=f"📄 {related.text(lang).title}",
                        callback_data=KbCb(action=KbAction.ARTICLE, art=related_id).pack(),
                    )
                )
    for make_rows in extra_buttons:
        for row in make_rows(article, lang, t, view):
            builder.row(*row)
    builder.row(
        InlineKeyboardButton(text="👍", callback_data=KbCb(action=KbAction.FEEDBACK, art=article.id, value=1).pack()),
        InlineKeyboardButton(text="👎", callback_data=KbCb(action=KbAction.FEEDBACK, art=article.id, value=0).pack()),
    )
    builder.row(
        InlineKeyboardButton(text=t("btn-back"), callback_data=KbCb(action=KbAction.LIST, cat=article.category).pack()),
        home_button(t),
    )
    return builder.as_markup()


def categories_keyboard(kb: KnowledgeBase, t: Translator) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for category in kb.categories():
        builder.button(text=t(CATEGORY_LABELS[category]), callback_data=KbCb(action=KbAction.CATEGORY, cat=category))
    builder.adjust(1)
    builder.row(home_button(t))
    return builder.as_markup()


def category_keyboard(
    kb: KnowledgeBase,
    category: str,
    page: int,
    lang: str,
    t: Translator,
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    """A category's articles, a page at a time; `extra_rows` (such as "ask a doctor") before the way back."""
    articles = kb.by_category(category)
    pages = max(1, -(-len(articles) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    builder = KeyboardBuilder()
    for article in articles[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        builder.row(
            InlineKeyboardButton(
                text=article.text(lang).title, callback_data=KbCb(action=KbAction.ARTICLE, art=article.id).pack()
            )
        )
    navigation = []
    if page > 0:
        navigation.append(
            InlineKeyboardButton(
                text="◀️", callback_data=KbCb(action=KbAction.CATEGORY, cat=category, page=page - 1).pack()
            )
        )
    if pages > 1:
        navigation.append(
            InlineKeyboardButton(
                text=t("kb-page", page=page + 1, pages=pages),
                callback_data=KbCb(action=KbAction.CATEGORY, cat=category, page=page).pack(),
            )
        )
    if page < pages - 1:
        navigation.append(
            InlineKeyboardButton(
                text="▶️", callback_data=KbCb(action=KbAction.CATEGORY, cat=category, page=page + 1).pack()
            )
        )
    if navigation:
        builder.row(*navigation)
    for row in extra_rows or []:
        builder.row(*row)
    builder.row(
        InlineKeyboardButton(text=t("btn-back"), callback_data=KbCb(action=KbAction.CATEGORIES).pack()),
        home_button(t),
    )
    return builder.as_markup()


def choices_keyboard(
    kb: KnowledgeBase,
    article_ids: list[str],
    lang: str,
    t: Translator,
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for article_id in article_ids:
        article = kb.get(article_id)
        if article is not None:
            builder.row(
                InlineKeyboardButton(
                    text=f"📄 {article.text(lang).title}",
                    callback_data=KbCb(action=KbAction.ARTICLE, art=article_id).pack(),
                )
            )
    for row in extra_rows or []:
        builder.row(*row)
    builder.row(home_button(t))
    return builder.as_markup()
