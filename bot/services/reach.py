"""Reach: content a person can listen to, share as a link, or find from any chat (inline mode).

Articles, lessons and places are each known by a kind (ContentKind) and an id; the same pair is
in 🔊 Listen and 📤 Share buttons, in deep links (t.me/<bot>?start=<kind>-<id>) and in the QR
codes of the printable guide.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.enums import ChatAction
from aiogram.types import FSInputFile

from bot.callbacks import ContentKind
from bot.services.knowledge import KnowledgeHolder
from bot.services.voice import Reading, SpeechUnavailable, Synthesizer, ogg_duration_seconds, reading_for, spoken
from db.repositories.media import MediaRepository
from knowledge.base import KnowledgeBase
from knowledge.model import ALL_LANGUAGES

logger = logging.getLogger(__name__)

INLINE_RESULTS = 5
INLINE_DEFAULT = ("patent", "registration", "patent-payment", "emergency-care", "detention")


def deep_link(username: str, kind: ContentKind | str, item: str) -> str:
    return f"https://t.me/{username}?start={kind}-{item}"


def parse_deep_link(payload: str) -> tuple[ContentKind, str] | None:
    """`a-patent` → (ARTICLE, "patent"); None when the payload names no kind."""
    kind, _, item = payload.partition("-")
    try:
        return ContentKind(kind), item
    except ValueError:
        return None


def content_of(kb: KnowledgeBase, kind: ContentKind, item: str, lang: str) -> tuple[str, str] | None:
    """(title, Markdown text) of an article, lesson or place, in a language; None if it does not exist."""
    if kind is ContentKind.ARTICLE and (article := kb.get(item)) is not None:
        text = article.text(lang)
        return text.title, text.body
    if kind is ContentKind.LESSON:
        lesson = next((lesson for lesson in kb.course if lesson.id == item), None)
        if lesson is not None:
            lesson_text = lesson.text(lang)
            return lesson_text.title, lesson_text.body
    if kind is ContentKind.PLACE and (place := kb.places.get(item)) is not None:
        return place.text(place.name, lang) or item, place.text(place.description, lang) or ""
    return None


def inline_article_ids(kb: KnowledgeBase, query: str) -> list[str]:
    """`@bot patent` in any chat: the best matching articles; a few key ones for an empty query."""
    if query.strip():
        return [hit.id for hit in kb.search.search(query, top=INLINE_RESULTS).hits]
    return [article_id for article_id in INLINE_DEFAULT if kb.get(article_id)]


class ListenService:
    """🔊 Listen: a spoken reading, made once (espeak-ng) and then sent again by Telegram file id."""

    def __init__(self, media: MediaRepository, knowledge: KnowledgeHolder, synthesizer: Synthesizer | None) -> None:
        self.media = media
        self.knowledge = knowledge
        self.synthesizer = synthesizer

    def can_read(self, kind: ContentKind, item: str, lang: str) -> bool:
        return lang in ALL_LANGUAGES and content_of(self.knowledge.kb, kind, item, lang) is not None

    def reading(self, kind: ContentKind, item: str, lang: str) -> Reading | None:
        """What would be read for a reader of `lang`; None when there is no voice for that language."""
        kb = self.knowledge.kb

        def text_of(content_lang: str) -> str:
            title, body = content_of(kb, kind, item, content_lang) or ("", "")
            article = kb.get(item) if kind is ContentKind.ARTICLE else None
            return spoken(title, body, article.text(content_lang).short if article is not None else "")

        return reading_for(kind, item, lang, text_of)

    def _duration(self, reading: Reading) -> int | None:
        """Seconds, from the file on disk, so that Telegram shows the real length (not 0:00)."""
        if self.synthesizer is None:
            return None
        path = self.synthesizer.path_for(reading)
        return max(1, round(ogg_duration_seconds(path))) if path.exists() else None

    async def send(self, bot: Bot, chat_id: int, reading: Reading) -> bool:
        """Send the reading as a voice message. False when it cannot be made on this server."""
        file_id = await self.media.file_id(reading.key)
        if file_id is not None:
            await bot.send_voice(chat_id, file_id, duration=self._duration(reading))
            return True
        if self.synthesizer is None:
            return False
        await bot.send_chat_action(chat_id, ChatAction.RECORD_VOICE)
        try:
            path = await self.synthesizer.file(reading)
        except SpeechUnavailable as error:
            logger.warning("voice reading failed: %s", error)
            return False
        sent = await bot.send_voice(
            chat_id, FSInputFile(path, filename="mi-help.ogg"), duration=self._duration(reading)
        )
        if sent.voice is not None:
            await self.media.remember(reading.key, sent.voice.file_id)
        return True
