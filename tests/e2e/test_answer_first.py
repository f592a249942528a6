"""End to end: an article opens with its short answer in one screen; More and Sources unfold it in the
same message; Back keeps it; every article has its short answer (`kb check` refuses one without)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.callbacks import KbCb, MenuCb
from bot.i18n import I18n
from bot.services.knowledge import KnowledgeHolder
from bot.ui.articles import ArticleView, article_pages
from knowledge.markup import markdown_to_plain
from tests.e2e.harness import plain, started, t

ROOT = Path(__file__).resolve().parents[2]
I18N = I18n()


async def open_article(user, bot, category: str, article_id: str):  # type: ignore[no-untyped-def]
    await user.press(MenuCb(section="kb").pack())
    await bot.idle()
    await user.press(KbCb(action="cat", cat=category).pack())
    await bot.idle()
    await user.press(KbCb(action="art", art=article_id).pack())
    await bot.idle()
    return user.last_message()


def pages(bot, article_id: str, lang: str, view: ArticleView) -> list[str]:  # type: ignore[no-untyped-def]
    article = bot.context.knowledge.kb.get(article_id)
    return [plain(page) for page in article_pages(article, lang, I18N.get(lang), view)]


@pytest.mark.parametrize("lang", ["tg", "uz"])
async def test_short_answer_first_then_more_and_sources_in_the_same_message(emulator, staff, running_bot, lang):
    bot = await running_bot()
    user = await started(emulator, bot, lang)
    article = bot.context.knowledge.kb.get("patent-payment")
    text = article.text(lang)
    opened = await open_article(user, bot, "documents", "patent-payment")
    count = len(user.messages())

    # The short answer, the review date and the disclaimer; not the body, not the Russian sources.
    assert opened.text == pages(bot, "patent-payment", lang, ArticleView.SHORT)[0]
    assert markdown_to_plain(text.short) in opened.text
    assert markdown_to_plain(text.body).splitlines()[-1] not in opened.text
    assert not any(source.title in opened.text for source in article.sources)
    bold = [e for e in opened.entities if e["type"] == "bold"]
    assert len(bold) >= 2  # the title and the key rule
    buttons = opened.button_texts()
    assert buttons[:2] == [t(lang, "kb-btn-more"), t(lang, "kb-btn-sources")]
    assert t(lang, "consult-ask-lawyer") in buttons  # a legal answer offers a lawyer
    assert len(opened.reply_markup["inline_keyboard"]) <= 5  # a few rows: they fit under the answer
    related = bot.context.knowledge.kb.get(article.related[0]).text(lang).title
    assert f"📄 {related}" not in buttons  # related articles come with the whole text

    # More: the same message, edited, now with the whole text; nothing new is sent.
    await user.press(t(lang, "kb-btn-more"))
    await bot.idle()
    assert len(user.messages()) == count
    more = user.messages()[-1]
    assert more.message_id == opened.message_id
    assert more.text == pages(bot, "patent-payment", lang, ArticleView.MORE)[0]
    assert markdown_to_plain(text.body).splitlines()[-1] in more.text
    assert t(lang, "kb-btn-more") not in more.button_texts()
    assert f"📄 {related}" in more.button_texts()

    # Sources: the titles (in Russian, as laws are cited) appear in the same message.
    await user.press(t(lang, "kb-btn-sources"))
    await bot.idle()
    assert len(user.messages()) == count
    whole = user.messages()[-1]
    assert all(source.title in whole.text for source in article.sources)
    assert t(lang, "kb-btn-sources") not in whole.button_texts()
    # A second tap on an old More button changes nothing and sends nothing.
    await user.press_forged(whole, KbCb(action="more", art="patent-payment", value=0).pack())
    await bot.idle()
    assert len(user.messages()) == count and user.messages()[-1].text == whole.text

    # Back: the list comes as a new message; the article stays as it was above it.
    await user.press(t(lang, "btn-back"), message_id=whole)
    await bot.idle()
    assert len(user.messages()) == count + 1
    assert user.messages()[-2].text == whole.text
    assert user.last_message().text == t(lang, "kb-category-title", category=t(lang, "kb-cat-documents"))


async def test_an_article_that_was_shown_whole_now_opens_with_its_short_answer(emulator, staff, running_bot):
    bot = await running_bot()
    article = bot.context.knowledge.kb.get("registration")
    user = await started(emulator, bot, "tg")
    opened = await open_article(user, bot, "documents", "registration")
    assert opened.text == pages(bot, "registration", "tg", ArticleView.SHORT)[0]
    assert markdown_to_plain(article.text("tg").short) in opened.text
    assert markdown_to_plain(article.text("tg").body).splitlines()[-1] not in opened.text
    assert not any(source.title in opened.text for source in article.sources)
    assert opened.button_texts()[:2] == [t("tg", "kb-btn-more"), t("tg", "kb-btn-sources")]


async def test_more_splits_cleanly_when_the_whole_article_is_longer_than_a_message(
    emulator, staff, running_bot, tmp_path
):
    content = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    uz = content / "articles" / "unpaid-wages" / "uz.md"
    text = uz.read_text(encoding="utf-8").rstrip()
    paragraph = "\n\nIsh haqi har oy toʻlanishi kerak, bu qonunda yozilgan va uni buzish mumkin emas."
    body = text.split("\n---\n", 1)[1]
    while len(body) + len(paragraph) < 4000:  # a body within Telegram's limit; with the short answer, two messages
        body += paragraph
        text += paragraph
    uz.write_text(text + "\n", encoding="utf-8")
    bot = await running_bot(knowledge_holder=KnowledgeHolder(content))
    whole = pages(bot, "unpaid-wages", "uz", ArticleView.MORE)
    assert len(whole) == 2, "the test article must need two messages"
    user = await started(emulator, bot, "uz")
    opened = await open_article(user, bot, "work", "unpaid-wages")
    count = len(user.messages())
    await user.press(t("uz", "kb-btn-more"))
    await bot.idle()
    first, second = user.messages()[-2:]
    assert first.message_id == opened.message_id and first.text == whole[0]
    assert first.reply_markup is None  # the buttons moved under the last part
    assert second.text == whole[1] and t("uz", "kb-btn-sources") in second.button_texts()
    assert len(user.messages()) == count + 1
    # Sources unfold in the last part (the first one stays as it is).
    await user.press(t("uz", "kb-btn-sources"))
    await bot.idle()
    unfolded = pages(bot, "unpaid-wages", "uz", ArticleView.whole())
    assert [m.text for m in user.messages()[-len(unfolded) :]] == unfolded
    assert user.messages()[-len(unfolded)].message_id == opened.message_id
