"""Several bot replicas in webhook mode, as processes, behind a round-robin proxy that duplicates.

The topology of `compose.yaml` without Docker: one PostgreSQL database, one Redis, N `python -m bot
run` processes on their own webhook ports, and a proxy in front (Caddy's place) that the emulator
posts to. The proxy passes each update to the next replica in turn, skips a replica that does not
answer (as a proxy with health checks does), and sends every `duplicate_every`-th update to a second
replica as well, like a retried delivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from pathlib import Path

import aiohttp
from aiohttp import web

from tests.conftest import DATA_KEY, STAFF_CHAT_ID, TEST_TOKEN, free_port
from tests.e2e.harness import BotSubprocess

SECRET = "replica-test-secret-0123456789-abcdefghij"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class RoundRobinProxy:
    def __init__(self, targets: list[str], duplicate_every: int = 0) -> None:
        self.targets = targets
        self.duplicate_every = duplicate_every
        self.port = free_port()
        self.forwarded = 0
        self.duplicated = 0
        self.skipped = 0  # deliveries that found a replica down and went to the next one
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram/webhook"

    async def start(self) -> None:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        app = web.Application()
        app.router.add_post("/telegram/webhook", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    async def _post(self, target: str, body: bytes, headers: dict[str, str]) -> int | None:
        assert self._http is not None
        try:
            async with self._http.post(target, data=body, headers=headers) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return None

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {"Content-Type": "application/json", SECRET_HEADER: request.headers.get(SECRET_HEADER, "")}
        turn = next(self._turn)
        order = [self.targets[(turn + step) % len(self.targets)] for step in range(len(self.targets))]
        status, index = None, 0
        while status is None and index < len(order):
            status = await self._post(order[index], body, headers)
            if status is None:
                self.skipped += 1
                index += 1
        if status is None:
            return web.Response(status=502)
        self.forwarded += 1
        if self.duplicate_every and turn % self.duplicate_every == 0:
            for target in order[index + 1 :] + order[:index]:
                if await self._post(target, body, headers) is not None:
                    self.duplicated += 1
                    break
        return web.Response(status=status)


class Cluster:
    def __init__(
        self,
        folder: Path,
        *,
        replicas: int,
        api_base: str,
        database_url: str,
        redis_url: str | None,
        env: dict[str, str] | None = None,
        duplicate_every: int = 4,
    ) -> None:
        self.folder = folder
        self.ports = [free_port() for _ in range(replicas)]
        self.proxy = RoundRobinProxy(
            [f"http://127.0.0.1:{port}/telegram/webhook" for port in self.ports], duplicate_every
        )
        self.processes: list[BotSubprocess] = []
        for number, port in enumerate(self.ports):
            data = folder / f"replica{number}"
            data.mkdir(parents=True, exist_ok=True)
            values = {
                "BOT_TOKEN": TEST_TOKEN,
                "TELEGRAM_API_BASE": api_base,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url or "",
                "DATA_KEY": DATA_KEY,
                "DATA_DIR": str(data),
                "STAFF_CHAT_ID": str(STAFF_CHAT_ID),
                "WEBHOOK_URL": self.proxy.url,
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_HOST": "127.0.0.1",
                "WEBHOOK_PORT": str(port),
                "METRICS_PORT": "",
                "LOG_LEVEL": "WARNING",
                **(env or {}),
            }
            self.processes.append(BotSubprocess(values, folder / f"replica{number}.log"))

    async def start(self, timeout: float = 120) -> None:
        await self.proxy.start()
        for process in self.processes:
            process.start()
        for port in self.ports:
            await self.wait_healthy(port, timeout)

    @staticmethod
    async def wait_healthy(port: int, timeout: float) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
            while True:
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            return
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError(f"the replica on port {port} did not start")
                await asyncio.sleep(0.2)

    def kill(self, number: int) -> None:
        self.processes[number].kill()

    async def stop(self) -> list[int]:
        codes = await asyncio.gather(*(asyncio.to_thread(process.terminate) for process in self.processes))
        await self.proxy.stop()
        return list(codes)

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.folder.glob("replica*.log")) if path.is_file()
        )
