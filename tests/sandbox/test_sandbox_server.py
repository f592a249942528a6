"""The sandbox without a browser: its JSON API, the live WebSocket stream, the guards, the command line."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.callbacks import LangCb
from bot.i18n import I18n
from bot.sandbox import PortBusyError, Sandbox, SandboxServer
from bot.sandbox.cli import port_is_busy
from tests.e2e.harness import plain

i18n = I18n()
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e5f1d40000000049454e44ae426082"
)


class Stream:
    """The page's WebSocket, read like the page does."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []

    async def until(self, predicate, timeout: float = 10.0) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        for update in self.seen:
            if predicate(update):
                return update
        async with asyncio.timeout(timeout):
            while True:
                update = json.loads((await self.ws.receive()).data)
                self.seen.append(update)
                if predicate(update):
                    return update


def bot_message(persona: int, text: str):  # type: ignore[no-untyped-def]
    return lambda u: (
        u["type"] == "message"
        and u.get("persona") == persona
        and u["message"]["from_bot"]
        and text in (u["message"]["text"] or "")
    )


async def test_the_page_api_and_the_live_stream(start_sandbox):
    sandbox, server = await start_sandbox()
    migrant = next(p for p in sandbox.personas.values() if p.role == "migrant")
    async with aiohttp.ClientSession(server.url) as http, http.ws_connect("/ws") as ws:
        stream = Stream(ws)
        snapshot = await stream.until(lambda u: u["type"] == "snapshot")
        assert [p["role"] for p in snapshot["personas"]] == ["migrant", "admin"]
        assert snapshot["staff"]["topics"] == [] and snapshot["staff"]["messages"] == []

        async def post(path: str, **body: Any) -> dict[str, Any]:
            async with http.post(path, json=body) as response:
                data = await response.json()
                assert response.status == 200, data
                return data

        await post("/api/start", persona=migrant.id)
        picker = await stream.until(bot_message(migrant.id, plain(i18n.get("uz")("lang-picker-prompt"))))
        labels = [button["text"] for row in picker["message"]["buttons"] for button in row]
        assert any("Oʻzbekcha" in label for label in labels)
        await post("/api/press", persona=migrant.id, message_id=picker["message"]["id"], data=LangCb(code="uz").pack())
        await stream.until(bot_message(migrant.id, plain(i18n.get("uz")("menu-title"))))
        keyboard = await stream.until(lambda u: u["type"] == "keyboard" and u["keyboard"])
        assert [b["text"] for b in keyboard["keyboard"]["rows"][0]] == [
            i18n.get("uz")("kbd-menu"),
            i18n.get("uz")("kbd-sos"),
        ]

        # A location and uploads become messages the page can render as cards.
        await post("/api/location", persona=migrant.id, latitude=55.7987, longitude=49.1054)
        location = await stream.until(lambda u: u["type"] == "message" and "location" in u["message"])
        assert location["message"]["location"] == {"latitude": 55.7987, "longitude": 49.1054}
        form = aiohttp.FormData()
        form.add_field("persona", str(migrant.id))
        form.add_field("kind", "photo")
        form.add_field("file", PNG, filename="dot.png", content_type="image/png")
        async with http.post("/api/upload", data=form) as response:
            assert response.status == 200
        photo = await stream.until(lambda u: u["type"] == "message" and u["message"].get("media"))
        async with http.get(f"/file/{photo['message']['media']['file_id']}") as response:
            assert await response.read() == PNG
            assert response.headers["X-Content-Type-Options"] == "nosniff"

        # A new persona is announced to the page.
        created = await post("/api/personas")
        await stream.until(lambda u: u["type"] == "persona" and u["persona"]["id"] == created["persona"]["id"])
        assert created["persona"]["name"] and created["persona"]["username"]

        # Mistakes are one readable error, never a traceback.
        async with http.post("/api/send", json={"persona": 1, "text": "hi"}) as response:
            assert response.status == 400 and "no persona" in (await response.json())["error"]
        async with http.post("/api/location", json={"persona": migrant.id, "latitude": 99, "longitude": 0}) as response:
            assert response.status == 400


async def test_other_sites_cannot_drive_the_sandbox(start_sandbox):
    sandbox, server = await start_sandbox()
    migrant = next(iter(sandbox.personas))
    async with aiohttp.ClientSession(server.url) as http:
        cross_site = {"Origin": "http://example.org"}
        async with http.post("/api/start", json={"persona": migrant}, headers=cross_site) as response:
            assert response.status == 403
        rebound = {"Host": f"attacker.example:{server.port}"}
        async with http.get("/api/state", headers=rebound) as response:
            assert response.status == 403
        async with http.get("/") as response:
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    # The emulator behind the page answers the same way: a rebound name or another site is refused.
    api = f"{sandbox.emulator.base_url}/bot{sandbox.emulator.bot.token}/getMe"
    port = sandbox.emulator.base_url.rsplit(":", 1)[1]
    async with aiohttp.ClientSession() as http:
        async with http.get(api, headers={"Host": f"attacker.example:{port}"}) as response:
            assert response.status == 403
        async with http.post(api, headers={"Origin": "http://example.org"}) as response:
            assert response.status == 403
        async with http.get(api) as response:
            assert response.status == 200
    assert not sandbox.personas[migrant].user.history()


async def test_a_busy_port_is_reported_before_anything_starts(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert port_is_busy(port)
        server = SandboxServer(Sandbox(tmp_path), port=port)
        with pytest.raises(PortBusyError):
            await server.bind()

        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "sandbox", "--port", str(port), "--data", str(tmp_path / "data")],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "busy" in lines[0] and str(port) in lines[0], result.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_stops_everything_cleanly(tmp_path: Path):
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", "0", "--data", str(tmp_path / "data")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert "running at http://127.0.0.1:" in line, line + process.stderr.read()  # type: ignore[union-attr]
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    errors = process.stderr.read()  # type: ignore[union-attr]
    assert code == 0, errors
    assert "Traceback" not in errors and errors.strip().endswith("stopped")
    assert (tmp_path / "data" / "sandbox.db").exists() and (tmp_path / "data" / "data.key").exists()
