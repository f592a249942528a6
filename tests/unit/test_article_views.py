"""An article's views: the short answer first, and views that only ever grow at the end (what lets
More and Sources edit the message in place), for every article in every language."""

from __future__ import annotations

import pytest

from bot.i18n import I18n
from bot.ui.articles import ArticleView, article_pages, opening_view
from bot.ui.text import MESSAGE_LIMIT, utf16_len
from knowledge.base import load_knowledge
from knowledge.model import ALL_LANGUAGES
from tests.e2e.harness import plain

KB, _ = load_knowledge()
I18N = I18n()
GROWTH = [
    (ArticleView.SHORT, ArticleView.MORE),
    (ArticleView.SHORT, ArticleView.SOURCES),
    (ArticleView.MORE, ArticleView.whole()),
    (ArticleView.SOURCES, ArticleView.whole()),
]


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_views_grow_at_the_end_and_each_page_fits_a_message(lang):
    t = I18N.get(lang)
    for article in KB.articles.values():
        for shown, grown in GROWTH:
            before, after = article_pages(article, lang, t, shown), article_pages(article, lang, t, grown)
            kept = len(before) - 1
            assert after[:kept] == before[:kept], (article.id, lang, shown, grown)
            assert all(utf16_len(plain(page)) <= MESSAGE_LIMIT for page in after)


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_the_short_view_is_one_message_without_sources_and_the_others_are_whole(lang):
    t = I18N.get(lang)
    for article in KB.articles.values():
        text = article.text(lang)
        pages = article_pages(article, lang, t, opening_view(article, lang))
        if text.short:
            assert len(pages) == 1 and text.short_html in pages[0]
            assert not any(source.title in plain(pages[0]) for source in article.sources)
        else:  # no summary is made up: the whole article, with its sources, as before
            assert opening_view(article, lang) == ArticleView.whole()
            assert all(source.title in plain("".join(pages)) for source in article.sources)
