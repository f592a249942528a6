"""Webhook with several replicas: a delivery another replica stored a moment earlier is dropped."""

from __future__ import annotations

import aiohttp

from db.repositories.inbox import InboxRepository
from tests.e2e.harness import started


async def test_a_delivery_stored_by_another_replica_just_before_is_answered_200_and_dropped(
    emulator, staff, running_bot, monkeypatch
):
    bot = await running_bot("webhook")
    user = await started(emulator, bot, "ru")
    update = {
        "update_id": 4343,
        "message": {"message_id": 78, "date": 0, "chat": {"id": user.id, "type": "private"},
                    "from": {"id": user.id, "is_bot": False, "first_name": "x"}, "text": "/help"},
    }  # fmt: skip
    headers = {"X-Telegram-Bot-Api-Secret-Token": bot.settings.webhook_secret.get_secret_value()}
    async with aiohttp.ClientSession() as http:
        async with http.post(bot.settings.webhook_url, json=update, headers=headers) as response:
            assert response.status == 200
        await bot.idle()
        answers = len(user.messages())

        # Two replicas got the same delivery at once: neither saw the other's row before inserting.
        async def sees_nothing(self, update_ids):  # type: ignore[no-untyped-def]
            return set()

        monkeypatch.setattr(InboxRepository, "known_ids", sees_nothing)
        async with http.post(bot.settings.webhook_url, json=update, headers=headers) as response:
            assert response.status == 200  # not 500: Telegram would deliver it again and again
    await bot.idle()
    assert len(user.messages()) == answers  # processed once
