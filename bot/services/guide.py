"""📄 The printable guide for a language: built once per content version, then sent by Telegram file id.

The layout itself is in bot/services/guide_pdf.py, imported only when a file has to be built.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from aiogram import Bot
from aiogram.enums import ChatAction
from aiogram.types import FSInputFile

from bot.i18n import I18n
from bot.services.guide_content import guide_signature
from bot.services.knowledge import KnowledgeHolder
from db.repositories.media import MediaRepository


class GuideFiles:
    """Where generated guides are kept, and one build at a time (it is CPU work in a worker thread)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = asyncio.Lock()


class GuideService:
    """📄 The guide for a language: built once per content version, then sent again by Telegram file id."""

    def __init__(self, files: GuideFiles, media: MediaRepository, knowledge: KnowledgeHolder, i18n: I18n) -> None:
        self.files = files
        self.media = media
        self.knowledge = knowledge
        self.i18n = i18n

    def cache_key(self, lang: str, bot_username: str) -> str:
        return f"guide:{lang}:{guide_signature(self.knowledge.kb, self.i18n, lang, bot_username)}"

    async def send(self, bot: Bot, chat_id: int, lang: str, caption: str) -> None:
        username = (await bot.me()).username or ""
        key = self.cache_key(lang, username)
        file_id = await self.media.file_id(key)
        if file_id is not None:
            await bot.send_document(chat_id, file_id, caption=caption)
            return
        await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        path = self.files.folder / f"{key.replace(':', '_')}.pdf"
        async with self.files.lock:
            if not path.exists():
                kb = self.knowledge.kb
                from bot.services.guide_pdf import build_guide  # reportlab is loaded only now

                await asyncio.to_thread(build_guide, kb, self.i18n, lang, username, path, date.today())
        document = FSInputFile(path, filename=f"mi-help-guide-{lang}.pdf")
        sent = await bot.send_document(chat_id, document, caption=caption)
        if sent.document is not None:
            await self.media.remember(key, sent.document.file_id)
