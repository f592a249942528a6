"""With REDIS_URL, conversation state lives in Redis: it survives a restart and names no one."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from bot.callbacks import ConsultCb, LangCb, MenuCb

REDIS_URL = "redis://127.0.0.1:6379/0"


async def redis_or_skip() -> Redis:
    client = Redis.from_url(REDIS_URL)
    try:
        await asyncio.wait_for(client.ping(), timeout=2)
    except Exception as error:
        await client.aclose()
        pytest.skip(f"no Redis server answers at {REDIS_URL} ({type(error).__name__})")
    return client


@pytest.mark.redis
async def test_state_in_redis_survives_restart_and_keys_are_hashed(emulator, staff, running_bot):
    client = await redis_or_skip()
    try:
        before = set(await client.keys("fsm:*"))
        bot = await running_bot(redis_url=REDIS_URL)
        user = emulator.add_user(user_id=777123456789, language_code="ru")
        await user.send_command("/start")
        await bot.idle()
        await user.press(LangCb(code="ru").pack())
        await bot.idle()
        await user.press(MenuCb(section="consult").pack())
        await bot.idle()
        await user.press(ConsultCb(action="go", role="doctor").pack())
        await bot.idle()
        await bot.stop()

        new_keys = set(await client.keys("fsm:*")) - before
        assert new_keys, "the writing state was not stored in Redis"
        assert not any(b"777123456789" in key for key in new_keys)
        for key in new_keys:
            assert b"777123456789" not in repr(await client.dump(key)).encode()

        bot = await running_bot(redis_url=REDIS_URL)
        await user.send_text("вопрос после перезапуска")
        await bot.idle()
        assert staff.messages(thread_id=staff.topics()[0].id)[-1].text == "вопрос после перезапуска"
        await bot.stop()
        for key in set(await client.keys("fsm:*")) - before:
            await client.delete(key)
    finally:
        await client.aclose()


@pytest.mark.redis
async def test_state_in_redis_expires_after_the_retention_period(emulator, staff, running_bot):
    url = "redis://127.0.0.1:6379/11"  # a database of its own, emptied first: every key there is this test's
    client = await redis_or_skip()
    await client.aclose()
    client = Redis.from_url(url)
    await client.flushdb()
    try:
        bot = await running_bot(redis_url=url, retention_days=30)
        user = emulator.add_user(language_code="ru")
        await user.send_command("/start")
        await bot.idle()
        await user.press(LangCb(code="ru").pack())
        await bot.idle()
        await user.press(MenuCb(section="consult").pack())
        await bot.idle()
        await user.press(ConsultCb(action="go", role="doctor").pack())
        await bot.idle()
        await bot.stop()
        keys = await client.keys("fsm:*")
        assert keys
        for key in keys:
            assert 0 < await client.ttl(key) <= 30 * 86400  # like the database: gone after RETENTION_DAYS
    finally:
        await client.flushdb()
        await client.aclose()
