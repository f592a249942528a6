"""Injected faults: each kind, matching by method and chat, and how many requests they affect."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)


async def test_429_fault(emu, bot):
    user = emu.add_user(started=True)
    fault = emu.faults.add(method="sendMessage", kind="429", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(user.id, "rejected")
    assert error.value.retry_after == 7
    assert user.messages() == []  # not processed
    await bot.send_message(user.id, "times=1: the next request goes through")
    assert fault.hits == 1 and not fault.active
    assert emu.stats.rate_limited[(user.id, "sendMessage")] == 1
    assert emu.stats.faults[("sendMessage", "429")] == 1


@pytest.mark.parametrize(("kind", "description"), [("500", "Internal Server Error"), ("502", "Bad Gateway")])
async def test_server_error_faults(emu, bot, raw, kind, description):
    user = emu.add_user(started=True)
    emu.faults.add(method="sendMessage", kind=kind)
    with pytest.raises(TelegramServerError, match=description):
        await bot.send_message(user.id, "lost")
    emu.faults.add(method="sendMessage", kind=kind)
    status, body = await raw.call("sendMessage", chat_id=user.id, text="lost")
    assert (status, body) == (int(kind), {"ok": False, "error_code": int(kind), "description": description})
    assert user.messages() == []


async def test_403_fault(emu, bot):
    user = emu.add_user(started=True)
    emu.faults.add(kind="403", chat_id=user.id)
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(user.id, "x")
    assert user.messages() == []


async def test_slow_fault_delays_then_processes(emu, bot):
    user = emu.add_user(started=True)
    emu.faults.add(method="sendMessage", kind="slow", delay=1.0)
    sending = asyncio.create_task(bot.send_message(user.id, "late"))
    # Observed, not timed: once the request has taken the fault, it is held and nothing is sent yet.
    await emu.wait_for(lambda: len(emu.faults) == 0)
    assert not sending.done() and user.messages() == [] and not emu.find_calls("sendMessage")
    message = await asyncio.wait_for(sending, 10)
    assert message.text == "late" and user.last_message().text == "late"


async def test_slow_fault_is_processed_even_if_the_client_gives_up(emu, make_bot):
    bot = make_bot(emu, timeout=0.2)
    user = emu.add_user(started=True)
    emu.faults.add(method="sendMessage", kind="slow", delay=0.4)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(user.id, "sent twice?")
    # the server still sends it: the classic duplicate when a bot retries after a timeout
    await emu.wait_for(lambda: user.messages(), timeout=2)
    assert user.last_message().text == "sent twice?"


async def test_timeout_fault_never_answers_and_never_processes(emu, make_bot):
    bot = make_bot(emu, timeout=0.3)
    user = emu.add_user(started=True)
    emu.faults.add(method="sendMessage", kind="timeout")
    with pytest.raises(TelegramNetworkError, match="Request timeout error"):
        await bot.send_message(user.id, "into the void")
    assert user.messages() == []
    (call,) = emu.find_calls("sendMessage")
    assert call.status == 0 and "timeout" in call.description
    await bot.send_message(user.id, "the next one works")


async def test_faults_match_method_and_chat(emu, bot):
    first, second = emu.add_user(started=True), emu.add_user(started=True)
    emu.faults.add(method="sendmessage", chat_id=first.id, kind="500", times=None)  # case-insensitive method
    await bot.send_message(second.id, "other chat: fine")
    await bot.send_chat_action(first.id, "typing")  # other method: fine
    for _ in range(3):
        with pytest.raises(TelegramServerError):
            await bot.send_message(first.id, "always fails")
    emu.faults.clear()
    await bot.send_message(first.id, "cleared")
    assert [m.text for m in first.messages()] == ["cleared"]


async def test_any_method_fault_and_counting(emu, bot):
    emu.faults.add(kind="502", times=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.get_me()
    assert (await bot.get_me()).id == bot.id
    assert len(emu.faults) == 0
    with pytest.raises(ValueError, match="unknown fault kind"):
        emu.faults.add(kind="418")
