"""Flood limits: 429 with a sensible retry_after past a limit, none when paced."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import InputMediaPhoto

from tgemu import Emulator, FloodLimits


@pytest_asyncio.fixture
async def limited(clock) -> AsyncIterator[Emulator]:
    """Telegram's default limits on a fake clock: tests move time instead of waiting."""
    async with Emulator(limits=FloodLimits(), clock=clock) as emu:
        emu.add_bot()
        yield emu


async def test_private_chat_limit_and_retry_after(limited, clock, make_bot):
    emu, bot = limited, make_bot(limited)
    user = emu.add_user(started=True)
    for index in range(3):
        await bot.send_message(user.id, f"burst {index}")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(user.id, "too fast")
    assert error.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in error.value.message
    assert len(user.messages()) == 3  # the rejected request created nothing

    clock.advance(1.2)
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(user.id, "still too fast")
    assert error.value.retry_after == 2  # rounded up, never 0
    clock.advance(1.8)  # 3 s after the burst: it has left the window
    for index in range(3):
        await bot.send_message(user.id, f"again {index}")  # the rejected requests took no slots
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(user.id, "over the limit again")
    assert emu.stats.rate_limited[(user.id, "sendMessage")] == 3
    assert emu.stats.too_many_requests == 3


async def test_paced_sending_never_hits_the_limit(limited, clock, make_bot):
    emu, bot = limited, make_bot(limited)
    user = emu.add_user(started=True)
    for index in range(20):
        await bot.send_message(user.id, f"#{index}")
        clock.advance(1.0)
    assert emu.stats.too_many_requests == 0
    assert len(user.messages()) == 20


async def test_group_limit_is_per_minute_and_per_chat(limited, clock, make_bot):
    emu, bot = limited, make_bot(limited)
    staff, other = emu.add_supergroup(is_forum=False), emu.add_supergroup(is_forum=False)
    for index in range(20):
        await bot.send_message(staff.id, f"{index}")
        clock.advance(0.0625)  # stay under the global 30/s
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(staff.id, "21st")
    assert error.value.retry_after == 59  # the first message leaves the window 60 s after it was sent
    await bot.send_message(other.id, "another group is not affected")
    clock.advance(58.75)
    await bot.send_message(staff.id, "a slot is free again")


async def test_global_limit(limited, clock, make_bot):
    emu, bot = limited, make_bot(limited)
    users = [emu.add_user(started=True) for _ in range(31)]
    for user in users[:30]:
        await bot.send_message(user.id, "broadcast")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(users[30].id, "31st in one second")
    assert error.value.retry_after == 1
    clock.advance(1.0)
    await bot.send_message(users[30].id, "next second")


async def test_album_items_count_separately(limited, clock, make_bot):
    emu, bot = limited, make_bot(limited)
    user = emu.add_user(started=True)
    photo = (await user.send_photo()).file_id
    album = [InputMediaPhoto(media=photo) for _ in range(2)]
    await bot.send_media_group(user.id, album)
    await bot.send_message(user.id, "third")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_media_group(user.id, album)
    clock.advance(3)
    # an album bigger than the private window goes out when the window is empty, and fills it
    await bot.send_media_group(user.id, [InputMediaPhoto(media=photo) for _ in range(5)])
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(user.id, "after the big album")
    assert emu.stats.rate_limited[(user.id, "sendMediaGroup")] == 1


async def test_copies_and_forwards_count(limited, clock, make_bot):
    emu, bot = limited, make_bot(limited)
    user = emu.add_user(started=True)
    source = await user.send_text("forward me")
    await bot.forward_message(user.id, user.id, source.message_id)
    await bot.copy_message(user.id, user.id, source.message_id)
    await bot.send_message(user.id, "third")
    with pytest.raises(TelegramRetryAfter):
        await bot.copy_message(user.id, user.id, source.message_id)


async def test_edits_are_not_limited(limited, clock, make_bot):
    emu, bot = limited, make_bot(limited)
    user = emu.add_user(started=True)
    message = await bot.send_message(user.id, "v0")
    for index in range(1, 10):
        await bot.edit_message_text(f"v{index}", chat_id=user.id, message_id=message.message_id)
    assert emu.stats.too_many_requests == 0


async def test_limits_can_be_switched_off_and_changed(make_bot, clock):
    async with Emulator(limits=FloodLimits(enabled=False), clock=clock) as emu:
        emu.add_bot()
        bot = make_bot(emu)
        user = emu.add_user(started=True)
        for _ in range(50):
            await bot.send_message(user.id, "no limits")
        emu.limits = FloodLimits(private=(1, 10.0))
        await bot.send_message(user.id, "one")
        with pytest.raises(TelegramRetryAfter) as error:
            await bot.send_message(user.id, "two")
        assert error.value.retry_after == 10


async def test_scaled_limits_shrink_the_windows(clock):
    limits = FloodLimits(private=(2, 3.0)).scaled(0.1)  # 2 per 0.3 s
    assert limits.private == (2, pytest.approx(0.3))
    async with Emulator(limits=limits, clock=clock) as emu:
        emu.add_bot()
        user = emu.add_user(started=True)
        api = emu.api.handlers["sendmessage"][1]
        from tgemu.errors import ApiError
        from tgemu.params import Params

        bot_state = emu.world.bots[123456]
        for _ in range(2):
            await api(bot_state, Params({"chat_id": user.id, "text": "x"}))
        with pytest.raises(ApiError) as error:
            await api(bot_state, Params({"chat_id": user.id, "text": "x"}))
        assert error.value.code == 429 and error.value.parameters == {"retry_after": 1}
        clock.advance(0.25)  # still inside the scaled window
        with pytest.raises(ApiError):
            await api(bot_state, Params({"chat_id": user.id, "text": "x"}))
        clock.advance(0.1)  # 0.35 s after the burst: it has left the 0.3 s window
        await api(bot_state, Params({"chat_id": user.id, "text": "x"}))
