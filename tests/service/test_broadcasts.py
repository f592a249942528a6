"""BroadcastService: who gets an announcement, what is queued, and the admin's progress reports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import I18n
from bot.outbox.actions import BroadcastCopy
from bot.outbox.queue import Outbox
from bot.services.broadcasts import Announcement, BroadcastService
from db.base import utcnow
from db.identity import IdentityVault
from db.models import Broadcast, OutboxMessage, User
from db.repositories.broadcasts import BroadcastRepository
from db.repositories.outbox import OutboxRepository
from db.repositories.users import UserRepository
from tests.conftest import ADMIN_ID
from tests.service.mocked_bot import MockedBot

PREVIEW_MESSAGE_ID = 77
TEXT = Announcement(text_html="Patent narxi <b>oʻzgaradi</b>")


@pytest.fixture
def broadcasts(session: AsyncSession, vault: IdentityVault, i18n: I18n) -> BroadcastService:
    users = UserRepository(session, vault)
    return BroadcastService(
        BroadcastRepository(session, vault), Outbox(session, vault), OutboxRepository(session, vault), users, i18n
    )


async def add_person(
    session: AsyncSession, vault: IdentityVault, telegram_id: int, language: str | None, **fields: object
) -> User:
    user, _ = await UserRepository(session, vault).get_or_create(telegram_id)
    user.language = language
    for name, value in fields.items():
        setattr(user, name, value)
    await session.flush()
    return user


@pytest.fixture
async def people(session: AsyncSession, vault: IdentityVault) -> None:
    await add_person(session, vault, ADMIN_ID, "en")
    for number in range(3):
        await add_person(session, vault, 1000 + number, "uz")
    await add_person(session, vault, 1010, "uz", blocked_bot_at=utcnow())  # known to have blocked the bot
    await add_person(session, vault, 1011, "uz", announcements=False)  # turned them off
    await add_person(session, vault, 1020, "tg")
    await add_person(session, vault, 1030, None)  # never chose a language: not reachable yet


async def rows_of(session: AsyncSession, broadcast: Broadcast) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.broadcast_id == broadcast.id).order_by(OutboxMessage.id)
    return list((await session.execute(stmt)).scalars())


async def test_the_audience_counts_who_gets_it_and_who_is_skipped(broadcasts: BroadcastService, people: None) -> None:
    uzbek = await broadcasts.audience("uz")
    assert (uzbek.recipients, uzbek.skipped) == (3, 1)
    everyone = await broadcasts.audience("all")
    assert (everyone.recipients, everyone.skipped) == (5, 1)  # the admin too, but nobody without a language
    assert (await broadcasts.audience("ky")).recipients == 0
    assert (uzbek.turned_off, everyone.turned_off) == (1, 1)
    # What the audience buttons show: the same recipients, per language and for everyone.
    assert await broadcasts.audience_sizes() == {"all": 5, "en": 1, "uz": 3, "tg": 1}


async def test_starting_queues_one_labelled_copy_per_recipient(
    broadcasts: BroadcastService, people: None, session: AsyncSession, vault: IdentityVault, i18n: I18n
) -> None:
    broadcast = await broadcasts.start(ADMIN_ID, ADMIN_ID, PREVIEW_MESSAGE_ID, "uz", TEXT)
    assert (broadcast.total, broadcast.skipped, broadcast.status) == (3, 1, "sending")
    rows = await rows_of(session, broadcast)
    assert len(rows) == 3 and len({row.user_id for row in rows}) == 3
    actions = [Outbox(session, vault).read(row) for row in rows]
    uz = i18n.get("uz")
    assert all(
        action == BroadcastCopy(broadcast_id=broadcast.id, user_id=row.user_id, from_chat_id=ADMIN_ID,
                                message_id=PREVIEW_MESSAGE_ID, **TEXT.labelled(uz))
        for action, row in zip(actions, rows, strict=True)
    )  # fmt: skip
    # Each person gets the label and the one-tap "turn off", in their language.
    assert actions[0].html == f"<b>{uz('announcement-label')}</b>\n\nPatent narxi <b>oʻzgaradi</b>"
    assert actions[0].keyboard[0][0].text == uz("announcement-turn-off")
    assert all(row.status == "pending" for row in rows)
    broadcasts.show_progress_in(broadcast, 500)
    assert broadcast.progress_message_id == 500


async def test_reports_edit_the_progress_message_into_the_summary(
    broadcasts: BroadcastService, people: None, session: AsyncSession, bot: MockedBot, i18n: I18n
) -> None:
    broadcast = await broadcasts.start(ADMIN_ID, ADMIN_ID, PREVIEW_MESSAGE_ID, "uz", TEXT)
    broadcasts.show_progress_in(broadcast, 500)
    rows = await rows_of(session, broadcast)
    rows[0].status = "sent"
    await session.flush()
    t = i18n.get("en")  # the admin's language

    await broadcasts.report(bot)
    edit = bot.calls_of(EditMessageText)
    assert len(edit) == 1 and edit[0].chat_id == ADMIN_ID and edit[0].message_id == 500
    assert edit[0].text == t("broadcast-progress", sent=1, total=3, blocked=0, skipped=1)
    assert broadcast.status == "sending" and not bot.calls_of(SendMessage)

    rows[1].status = "sent"
    rows[2].status, rows[2].result = "failed", "blocked"
    broadcast.created_at = utcnow() - timedelta(seconds=4)
    await session.flush()
    await broadcasts.report(bot)
    assert broadcast.status == "done" and broadcast.finished_at is not None
    assert not bot.calls_of(SendMessage)  # no stale "sent 1 of 3" above a new message: it becomes the report
    summary = bot.calls_of(EditMessageText)[1:]
    assert len(summary) == 1 and summary[0].chat_id == ADMIN_ID and summary[0].message_id == 500
    seconds = round((broadcast.finished_at - broadcast.created_at).total_seconds(), 1)
    rate = round(2 / max(0.001, (broadcast.finished_at - broadcast.created_at).total_seconds()), 1)
    expected = t("broadcast-done", sent=2, total=3, blocked=1, skipped=1, failed=0, seconds=seconds, rate=rate)
    assert summary[0].text == expected

    await broadcasts.report(bot)  # done: nothing more is sent
    assert len(bot.calls) == 2


async def test_the_summary_is_sent_anew_when_the_progress_message_cannot_be_edited(
    broadcasts: BroadcastService, people: None, session: AsyncSession, bot: MockedBot, i18n: I18n
) -> None:
    broadcast = await broadcasts.start(ADMIN_ID, ADMIN_ID, PREVIEW_MESSAGE_ID, "tg", TEXT)
    broadcasts.show_progress_in(broadcast, 500)
    for row in await rows_of(session, broadcast):
        row.status = "sent"
    await session.flush()
    bot.fail(EditMessageText, 400, "Bad Request: message to edit not found")
    await broadcasts.report(bot)
    assert broadcast.status == "done"
    (summary,) = bot.calls_of(SendMessage)
    assert summary.chat_id == ADMIN_ID and summary.text.startswith(i18n.get("en")("broadcast-done", sent=1,
        total=1, blocked=0, skipped=0, failed=0, seconds=0, rate=0).splitlines()[0])  # fmt: skip


async def test_a_failed_report_does_not_stop_the_announcement_from_finishing(
    broadcasts: BroadcastService, people: None, session: AsyncSession, bot: MockedBot
) -> None:
    broadcast = await broadcasts.start(ADMIN_ID, ADMIN_ID, PREVIEW_MESSAGE_ID, "tg", TEXT)
    for row in await rows_of(session, broadcast):
        row.status = "sent"
    await session.flush()
    bot.fail(SendMessage, 403, "Forbidden: bot was blocked by the user")
    await broadcasts.report(bot)
    assert broadcast.status == "done"


async def test_notifications_can_be_turned_off_and_on(
    broadcasts: BroadcastService, session: AsyncSession, vault: IdentityVault
) -> None:
    person = await add_person(session, vault, 2000, "ky")
    broadcasts.set_notifications(person, False)
    await session.flush()
    assert (await broadcasts.audience("ky")).recipients == 0
    broadcasts.set_notifications(person, True)
    await session.flush()
    assert (await broadcasts.audience("ky")).recipients == 1


def test_media_get_the_label_in_their_caption_and_other_kinds_only_the_button(i18n: I18n) -> None:
    t = i18n.get("ru")
    label = f"<b>{t('announcement-label')}</b>"
    assert Announcement(caption_html="фото").labelled(t)["caption_html"] == f"{label}\n\nфото"
    assert Announcement(caption_html="").labelled(t)["caption_html"] == label
    sticker = Announcement().labelled(t)
    assert set(sticker) == {"keyboard"}
    too_long = Announcement(text_html="а" * 4090).labelled(t)  # no room for the label: sent as written
    assert set(too_long) == {"keyboard"}
