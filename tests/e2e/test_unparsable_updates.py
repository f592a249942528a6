"""An update the bot cannot parse is quarantined and skipped; polling and start-up go on."""

from __future__ import annotations

import json
import logging
import time

from sqlalchemy import select

from db.models import QuarantinedUpdate
from tests.e2e.harness import started, t, wait_until

SECRET_WORDS = "Rustam-owes-me-salary"


def broken_message(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A message whose mention carries a user object without its required fields."""
    text = f"{SECRET_WORDS} please"
    return {
        "message_id": 999_001,
        "date": int(time.time()),
        "chat": {"id": user.id, "type": "private"},
        "from": user.to_api(),
        "text": text,
        "entities": [{"type": "text_mention", "offset": 0, "length": 6, "user": {"id": 1}}],
    }


async def test_an_unparsable_update_is_quarantined_and_the_next_one_answered(
    emulator, staff, running_bot, mode, caplog
):
    caplog.set_level(logging.DEBUG)
    bot = await running_bot(mode)
    user = await started(emulator, bot, "ru")
    broken_id = emulator.inject_update("message", broken_message(user))
    await user.send_command("/sos")
    await wait_until(lambda: user.last_message().text == t("ru", "sos-text"), timeout=20, message="the /sos answer")
    await bot.idle()
    async with bot.context.sessionmaker() as session:
        kept = (await session.execute(select(QuarantinedUpdate))).scalars().all()
    assert [row.update_id for row in kept] == [broken_id]
    assert SECRET_WORDS.encode() not in kept[0].payload  # stored encrypted
    assert json.loads(bot.context.vault.decrypt(kept[0].payload))["message"]["text"].startswith(SECRET_WORDS)
    assert SECRET_WORDS not in caplog.text  # logged by number only
    assert f"update {broken_id} could not be parsed" in caplog.text

    # A restart does not meet the same update again: the offset moved past it.
    await bot.stop()
    bot = await running_bot(mode)
    await user.send_command("/help")
    await bot.idle()
    assert user.last_message().text == t("ru", "help-text")


async def test_a_start_up_call_that_cannot_be_decoded_is_logged_and_the_bot_runs(emulator, staff, running_bot):
    emulator.faults.add(method="setMyCommands", kind="malformed", times=10)
    emulator.faults.add(method="getUpdates", kind="malformed", times=1)  # not even a list: retried
    bot = await running_bot()
    user = emulator.add_user(language_code="ru")
    await user.send_command("/start")
    await bot.idle()
    assert user.last_message() is not None
