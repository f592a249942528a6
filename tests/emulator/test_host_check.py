"""The emulator's optional host/origin check (DNS rebinding, other sites): off by default, on in the sandbox."""

from __future__ import annotations

import aiohttp

from tests.emulator.conftest import TOKEN, new_bot
from tgemu import Emulator

LOCAL = frozenset({"127.0.0.1", "localhost", "::1"})


async def get_me(emu: Emulator, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as http, http.post(f"{emu.base_url}/bot{TOKEN}/getMe", headers=headers) as r:
        return r.status


async def test_any_host_is_answered_by_default():
    async with Emulator() as emu:
        emu.add_bot(token=TOKEN, username="t_bot")
        port = emu.base_url.rsplit(":", 1)[1]
        assert await get_me(emu, {"Host": f"rebound.example:{port}", "Origin": "http://other.example"}) == 200


async def test_local_only_refuses_other_hosts_and_origins():
    async with Emulator(allowed_hosts=LOCAL) as emu:
        emu.add_bot(token=TOKEN, username="t_bot")
        port = emu.base_url.rsplit(":", 1)[1]
        assert await get_me(emu, {"Host": f"rebound.example:{port}"}) == 403
        assert await get_me(emu, {"Origin": "http://other.example"}) == 403
        assert await get_me(emu, {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"}) == 200
        assert await get_me(emu, {}) == 200
        file_url = f"{emu.base_url}/file/bot{TOKEN}/x"  # files too, with Telegram's error shape
        async with aiohttp.ClientSession() as http, http.get(file_url, headers={"Host": "a.example"}) as response:
            assert response.status == 403
            assert (await response.json())["error_code"] == 403
        bot = new_bot(emu)  # a real client against 127.0.0.1 is unaffected
        try:
            assert (await bot.get_me()).username == "t_bot"
        finally:
            await bot.session.close()
