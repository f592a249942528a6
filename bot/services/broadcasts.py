"""Announcements: who gets one, starting it, and keeping the admin's progress message current.

An announcement is one queued copy (bot/outbox/actions.py BroadcastCopy) per recipient, written in
the same transaction as the broadcast itself; the outbox sender delivers them inside Telegram's
limits. This service reports how far it got, every few seconds, until it is done.
"""

from __future__ import annotations

import contextlib
import html
import logging
from dataclasses import dataclass
from typing import TypedDict

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from bot.callbacks import BroadcastAction, BroadcastCb
from bot.config import LANGUAGES
from bot.i18n import I18n, Translator
from bot.outbox.actions import BroadcastCopy
from bot.outbox.keyboards import Button, Keyboard, keyboard_markup
from bot.outbox.queue import Outbox
from bot.ui.text import CAPTION_LIMIT, MESSAGE_LIMIT, utf16_len
from db.base import utcnow
from db.enums import BroadcastStatus
from db.models import Broadcast, User
from db.repositories.broadcasts import BroadcastRepository
from db.repositories.outbox import OutboxRepository
from db.repositories.users import UserRepository

logger = logging.getLogger(__name__)

EVERYONE = "all"
AUDIENCES = (EVERYONE, *LANGUAGES)


class LabelledFields(TypedDict, total=False):
    """The fields of BroadcastCopy that carry the label and the turn-off button."""

    keyboard: Keyboard
    html: str
    caption_html: str


@dataclass(frozen=True)
class Audience:
    recipients: int  # people who will get it
    skipped: int  # people known to have blocked the bot
    turned_off: int = 0  # people who turned announcements off (/notifications): never sent


# Media whose caption can carry the label; other kinds (stickers, video notes...) get only the button.
CAPTIONED = ("photo", "video", "document", "audio", "animation", "voice")


@dataclass(frozen=True)
class Announcement:
    """What the admin sent, as the announcement is built from it for each person's language."""

    text_html: str | None = None  # a text message
    caption_html: str | None = None  # a captioned media message ("" when it has no caption)

    @classmethod
    def of(cls, message: Message) -> Announcement:
        if message.text is not None:
            return cls(text_html=message.html_text)
        if message.content_type in CAPTIONED:
            return cls(caption_html=message.html_text if message.caption else "")
        return cls()

    def labelled(self, t: Translator) -> LabelledFields:
        """The announcement's label first, and the one-tap "🔕 Turn off" under it, in `t`'s language
        (the fields of BroadcastCopy). Too long to label: sent as written, with the button."""
        label = f"<b>{html.escape(t('announcement-label'))}</b>"
        turn_off = BroadcastCb(action=BroadcastAction.TURN_OFF).pack()
        fields: LabelledFields = {"keyboard": ((Button(t("announcement-turn-off"), turn_off),),)}
        if self.text_html is not None and utf16_len(label + self.text_html) + 2 <= MESSAGE_LIMIT:
            fields["html"] = f"{label}\n\n{self.text_html}"
        elif self.caption_html is not None and utf16_len(label + self.caption_html) + 2 <= CAPTION_LIMIT:
            fields["caption_html"] = f"{label}\n\n{self.caption_html}" if self.caption_html else label
        return fields


@dataclass(frozen=True)
class Progress:
    sent: int
    total: int
    blocked: int
    skipped: int
    failed: int
    active: int

    @property
    def done(self) -> bool:
        return self.active == 0


class BroadcastService:
    def __init__(
        self,
        broadcasts: BroadcastRepository,
        outbox: Outbox,
        deliveries: OutboxRepository,
        users: UserRepository,
        i18n: I18n,
    ) -> None:
        self.broadcasts = broadcasts
        self.outbox = outbox
        self.deliveries = deliveries
        self.users = users
        self.i18n = i18n

    @staticmethod
    def set_notifications(user: User, enabled: bool) -> None:
        """A person turns announcements on or off (/notifications)."""
        user.announcements = enabled

    async def audience(self, audience: str) -> Audience:
        recipients, skipped = await self.broadcasts.count_audience(audience)
        turned_off = await self.broadcasts.count_turned_off(audience)
        return Audience(recipients=recipients, skipped=skipped, turned_off=turned_off)

    async def audience_sizes(self) -> dict[str, int]:
        """How many people each audience button reaches ("all" and each language)."""
        return await self.broadcasts.audience_sizes()

    async def start(
        self, admin_chat_id: int, from_chat_id: int, message_id: int, audience: str, content: Announcement
    ) -> Broadcast:
        """Queue the message for everyone in the audience, labelled in each person's language (it looks
        exactly like the preview in the admin's)."""
        broadcast, recipients = await self.broadcasts.create(admin_chat_id, audience)
        labelled = {lang: content.labelled(self.i18n.get(lang)) for lang in {lang for _, lang in recipients}}
        for user_id, lang in recipients:
            self.outbox.put(
                BroadcastCopy(
                    broadcast_id=broadcast.id,
                    user_id=user_id,
                    from_chat_id=from_chat_id,
                    message_id=message_id,
                    **labelled[lang],
                )
            )
        return broadcast

    @staticmethod
    async def preview(bot: Bot, chat_id: int, message_id: int, content: Announcement, t: Translator) -> None:
        """Exactly what people get (in the admin's language), the way BroadcastCopy sends it."""
        fields = content.labelled(t)
        markup = keyboard_markup(fields["keyboard"])
        if "html" in fields:
            await bot.send_message(chat_id, fields["html"], reply_markup=markup)
        else:
            caption = fields.get("caption_html")
            await bot.copy_message(chat_id, chat_id, message_id, caption=caption, reply_markup=markup)

    @staticmethod
    def show_progress_in(broadcast: Broadcast, message_id: int) -> None:
        """The admin's message that the progress reports edit."""
        broadcast.progress_message_id = message_id

    async def progress(self, broadcast: Broadcast) -> Progress:
        counts = await self.deliveries.broadcast_counts(broadcast.id)
        return Progress(
            sent=counts["sent"],
            total=broadcast.total,
            blocked=counts["blocked"],
            skipped=broadcast.skipped,
            failed=counts["failed"],
            active=counts["active"],
        )

    async def report(self, bot: Bot) -> None:
        """Edit each running announcement's progress message; when one is done, mark it and send the summary."""
        for broadcast in await self.broadcasts.sending():
            progress = await self.progress(broadcast)
            admin_chat = self.broadcasts.vault.decrypt_id(broadcast.admin_enc)
            admin = await self.users.get_by_telegram_id(admin_chat)
            t = self.i18n.get(admin.language if admin else None)
            args = {"sent": progress.sent, "total": progress.total, "blocked": progress.blocked,
                    "skipped": progress.skipped}  # fmt: skip
            if progress.done:
                broadcast.status = BroadcastStatus.DONE
                broadcast.finished_at = utcnow()
                seconds = max(0.001, (broadcast.finished_at - broadcast.created_at).total_seconds())
                text = t("broadcast-done", failed=progress.failed, seconds=round(seconds, 1),
                         rate=round(progress.sent / seconds, 1), **args)  # fmt: skip
                await self._final_report(bot, admin_chat, broadcast.progress_message_id, text)
            elif broadcast.progress_message_id is not None:
                with contextlib.suppress(TelegramAPIError):  # "not modified" between two reports is fine
                    await bot.edit_message_text(
                        t("broadcast-progress", **args), chat_id=admin_chat, message_id=broadcast.progress_message_id
                    )

    @staticmethod
    async def _final_report(bot: Bot, admin_chat: int, progress_message_id: int | None, text: str) -> None:
        """The progress message becomes the report (no stale "sent 0 of 1" above it); a new message
        only when there is none to edit, or it can no longer be edited."""
        if progress_message_id is not None:
            try:
                await bot.edit_message_text(text, chat_id=admin_chat, message_id=progress_message_id)
                return
            except TelegramAPIError as error:
                logger.info("could not edit an announcement's progress into its report: %s", type(error).__name__)
        try:
            await bot.send_message(admin_chat, text)
        except TelegramAPIError as error:
            logger.info("could not send an announcement's summary: %s", type(error).__name__)
