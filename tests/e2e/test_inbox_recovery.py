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
