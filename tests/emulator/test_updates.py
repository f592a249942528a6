"""getUpdates semantics: offsets, limits, long polling, allowed_updates, conflicts; auth and routing."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import TelegramConflictError, TelegramNotFound, TelegramUnauthorizedError

from tgemu import Emulator


async def holding_a_poll(emu: Emulator) -> None:
    """Wait until the emulator holds a long poll: sleeping instead would race the request."""
    await emu.wait_for(lambda: any(bot.poller is not None for bot in emu.world.bots.values()), timeout=5)


async def test_get_me_and_routing(emu, bot, raw, http):
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "mihelp_bot", True)

    # method names are case-insensitive; GET with a query string works too
    async with http.get(f"{emu.base_url}/bot{raw.token}/GETME") as response:
        assert response.status == 200
        assert (await response.json())["result"]["id"] == 123456

    status, body = await raw.call("noSuchMethod")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})

    async with http.post(f"{emu.base_url}/bot999:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_aiogram_maps_auth_and_unknown_method_errors(emu, make_bot):
    stranger = make_bot(emu, token="999:UNKNOWN")
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()

    from aiogram.methods import GetMe

    class Unknown(GetMe):
        __api_method__ = "getNothing"

    with pytest.raises(TelegramNotFound):
        await make_bot(emu)(Unknown())


async def test_offset_confirms_earlier_updates(emu, bot):
    user = emu.add_user()
    for text in ("one", "two", "three"):
        await user.send_text(text)

    updates = await bot.get_updates()
    assert [u.message.text for u in updates] == ["one", "two", "three"]
    # nothing is confirmed until a later offset: the same updates come again
    assert [u.update_id for u in await bot.get_updates()] == [u.update_id for u in updates]

    rest = await bot.get_updates(offset=updates[1].update_id)
    assert [u.message.text for u in rest] == ["two", "three"]
    assert [u.message.text for u in await bot.get_updates()] == ["two", "three"]  # "one" is gone

    assert await bot.get_updates(offset=updates[-1].update_id + 1) == []
    assert emu.pending_updates() == []


async def test_limit_and_negative_offset(emu, bot):
    user = emu.add_user()
    for index in range(5):
        await user.send_text(f"m{index}")
    assert [u.message.text for u in await bot.get_updates(limit=2)] == ["m0", "m1"]
    # a negative offset keeps only the last -offset updates and forgets the rest
    assert [u.message.text for u in await bot.get_updates(offset=-2)] == ["m3", "m4"]
    assert [u.message.text for u in await bot.get_updates()] == ["m3", "m4"]


async def test_long_polling_returns_when_an_update_arrives(emu, bot):
    user = emu.add_user()
    poll = asyncio.create_task(bot.get_updates(timeout=50))
    await holding_a_poll(emu)
    assert not poll.done()
    await user.send_text("wake up")
    # A 50 s poll that ends within seconds was woken by the update, not by its timeout.
    updates = await asyncio.wait_for(poll, 10)
    assert [u.message.text for u in updates] == ["wake up"]


async def test_long_polling_times_out_with_an_empty_list(emu, bot):
    loop = asyncio.get_running_loop()
    started = loop.time()
    # Bounded by wait_for, not by a wall-clock assertion: a busy machine may answer late, never early.
    assert await asyncio.wait_for(bot.get_updates(timeout=1), 10) == []
    assert loop.time() - started >= 0.9


async def test_a_newer_get_updates_terminates_the_older_one(emu, raw):
    older = asyncio.create_task(raw.call("getUpdates", timeout=5))
    await holding_a_poll(emu)
    status, body = await raw.call("getUpdates", timeout=0)
    assert (status, body["result"]) == (200, [])
    status, body = await asyncio.wait_for(older, 2)
    assert status == 409
    assert body["description"] == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )


async def test_aiogram_sees_the_conflict(emu, bot):
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await holding_a_poll(emu)
    await bot.get_updates()
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(older, 2)


async def test_get_updates_conflicts_with_a_webhook(emu, bot):
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(TelegramConflictError) as error:
        await bot.get_updates()
    assert error.value.message == (
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    )
    await bot.delete_webhook()
    assert await bot.get_updates() == []


async def test_allowed_updates_filter_and_are_remembered(emu, bot):
    user = emu.add_user()
    await bot.get_updates(allowed_updates=["callback_query"])
    await user.send_text("ignored")  # the bot didn't ask for messages: no update is created
    await bot.send_message(user.id, "x", reply_markup={"inline_keyboard": [[{"text": "b", "callback_data": "d"}]]})
    await user.press("b")
    updates = await bot.get_updates()  # no allowed_updates: the previous choice stays
    assert [u.event_type for u in updates] == ["callback_query"]
    assert emu.stats.updates_filtered == 1

    await bot.get_updates(offset=updates[-1].update_id + 1, allowed_updates=[])  # empty list = default set
    await user.send_text("seen")
    assert [u.message.text for u in await bot.get_updates()] == ["seen"]


async def test_default_updates_exclude_chat_member(emu, bot):
    group = emu.add_supergroup()
    member = group.add_member()
    await group.remove_bot()
    await group.add_bot()
    kinds = [u.event_type for u in await bot.get_updates()]
    assert kinds == ["my_chat_member", "my_chat_member"]
    assert member.id in group.chat.members


async def test_stop_releases_a_long_poll(emu, raw):
    poll = asyncio.create_task(raw.call("getUpdates", timeout=30))
    await holding_a_poll(emu)
    await emu.stop()
    # A 30 s poll that ends within seconds was released by the stop.
    status, body = await asyncio.wait_for(poll, 10)
    assert (status, body["result"]) == (200, [])


async def test_request_formats(emu, raw, http):
    user = emu.add_user(started=True)
    # form-urlencoded, like curl -d
    status, body = await raw.form("sendMessage", chat_id=user.id, text="form")
    assert status == 200 and body["result"]["text"] == "form"
    # query string only
    async with http.get(raw.url("sendMessage"), params={"chat_id": user.id, "text": "query"}) as response:
        assert (await response.json())["result"]["text"] == "query"
    # JSON with native nested objects
    status, body = await raw.call(
        "sendMessage",
        chat_id=user.id,
        text="json",
        reply_markup={"inline_keyboard": [[{"text": "a", "url": "https://t.me"}]]},
    )
    assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://t.me"
    assert [m.text for m in user.messages()] == ["form", "query", "json"]


async def test_calls_are_logged(emu, bot):
    await bot.set_my_commands([{"command": "start", "description": "Start"}], language_code="uz")
    await bot.get_me()
    (call,) = emu.find_calls("setMyCommands", language_code="uz")
    assert call.ok and call.params["commands"] == [{"command": "start", "description": "Start"}]
    assert emu.bot.commands(language_code="uz") == [{"command": "start", "description": "Start"}]
    assert [c.method for c in emu.calls] == ["setMyCommands", "getMe"]
    assert emu.stats.requests["getMe"] == 1
