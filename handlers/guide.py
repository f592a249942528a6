"""📄 The printable guide as a PDF document, generated once per language and content, then cached."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command
from aiogram.types import CallbackQuery, FSInputFile, Message

from bot.callbacks import MenuCb
from bot.config import Settings
from bot.i18n import I18n, Translator
from bot.menu import MenuRegistry
from bot.services.guide import build_guide, guide_signature
from bot.services.knowledge import KnowledgeHolder
from db.repositories.media import MediaRepository


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="guide")
    router.message.filter(F.chat.type == "private")
    menu.add("guide", "menu-guide", order=45)
    build_lock = asyncio.Lock()  # one build at a time: it is CPU work in a worker thread

    async def send_guide(
        chat_id: int, bot: Bot, knowledge: KnowledgeHolder, i18n: I18n, lang: str, t: Translator,
        media: MediaRepository, settings: Settings,
    ) -> None:  # fmt: skip
        username = (await bot.me()).username or ""
        key = f"guide:{lang}:{guide_signature(knowledge.kb, i18n, lang, username)}"
        file_id = await media.file_id(key)
        if file_id is not None:
            await bot.send_document(chat_id, file_id, caption=t("guide-caption"))
            return
        await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        path = Path(settings.data_dir) / "guides" / f"{key.replace(':', '_')}.pdf"
        async with build_lock:
            if not path.exists():
                await asyncio.to_thread(build_guide, knowledge.kb, i18n, lang, username, path, date.today())
        sent = await bot.send_document(
            chat_id, FSInputFile(path, filename=f"mi-help-guide-{lang}.pdf"), caption=t("guide-caption")
        )
        if sent.document is not None:
            await media.remember(key, sent.document.file_id)

    @router.message(Command("guide"))
    async def guide_command(message: Message, **data) -> None:  # type: ignore[no-untyped-def]
        await send_guide(message.chat.id, data["bot"], data["knowledge"], data["i18n"], data["lang"], data["t"],
                         data["media"], data["settings"])  # fmt: skip

    @router.callback_query(MenuCb.filter(F.section == "guide"))
    async def guide_button(callback: CallbackQuery, **data) -> None:  # type: ignore[no-untyped-def]
        await callback.answer()
        if callback.message is not None:
            await send_guide(callback.message.chat.id, data["bot"], data["knowledge"], data["i18n"], data["lang"],
                             data["t"], data["media"], data["settings"])  # fmt: skip

    return router
