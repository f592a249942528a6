"""Stored updates are never stranded: a restart replays every unprocessed one, not only a first page."""

from __future__ import annotations

import time

from aiogram.types import Update

from tests.e2e.harness import started, t, wait_until

STRANDED = 600  # more than one page of the inbox


def channel_post(update_id: int) -> Update:
    """An update no handler answers: cheap filler that still has to pass through the inbox."""
    return Update.model_validate(
        {
            "update_id": update_id,
            "channel_post": {
                "message_id": update_id,
                "date": int(time.time()),
                "chat": {"id": -1009876543210, "type": "channel", "title": "noise"},
                "text": "noise",
            },
        }
    )


def sos_from(update_id: int, user_id: int) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": user_id, "is_bot": False, "first_name": "x"},
                "text": "/sos",
                "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
            },
        }
    )


async def test_restart_replays_more_than_one_page_of_stored_updates(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    before = len(user.messages())
    # A flood was stored but not processed when the bot stopped; the last update is a person's /sos.
    first = 10_000_000
    flood = [channel_post(first + number) for number in range(STRANDED)]
    assert bot.app is not None
    await bot.app.inbox.store([*flood, sos_from(first + STRANDED, user.id)])
    await bot.stop()

    bot = await running_bot()
    await wait_until(lambda: len(user.messages()) > before, timeout=60, message="the /sos answer")
    assert user.last_message().text == t("ru", "sos-text")
    await bot.idle(timeout=60)


async def test_a_stored_update_that_no_longer_parses_is_quarantined_not_a_crash_loop(emulator, staff, running_bot):
    import json

    from sqlalchemy import select

    from db.models import InboxUpdate, QuarantinedUpdate
    from db.repositories.inbox import InboxRepository

    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    before = len(user.messages())
    broken = {"update_id": 30_000_001, "message": {"message_id": 1, "text": "no chat, no date"}}
    async with bot.context.sessionmaker() as session:  # e.g. stored by an older release
        await InboxRepository(session).add(30_000_001, bot.context.vault.encrypt(json.dumps(broken).encode()))
        await session.commit()
    assert bot.app is not None
    await bot.app.inbox.store([sos_from(30_000_002, user.id)])
    await bot.stop()

    bot = await running_bot()  # starts despite the broken row, and replays the one after it
    await wait_until(lambda: len(user.messages()) > before, timeout=30, message="the /sos answer")
    assert user.last_message().text == t("ru", "sos-text")
    await bot.idle()
    async with bot.context.sessionmaker() as session:
        kept = (await session.execute(select(QuarantinedUpdate.update_id))).scalars().all()
        row = await session.get(InboxUpdate, 30_000_001)
    assert kept == [30_000_001] and row.processed_at is not None and row.payload is None
