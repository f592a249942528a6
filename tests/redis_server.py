"""A throw-away redis-server for tests that stop and restart Redis (never the shared server)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from redis.asyncio import Redis

from tests.conftest import free_port

# A test client's timeouts, in seconds: at 0.5 s a loaded test run timed out against a healthy server and the
# limiters fell back to windows of their own. A stopped server refuses at once, so outage tests lose nothing.
CLIENT_TIMEOUT = 2


class RedisServer:
    """A throw-away redis-server that a test may stop and start again.

    Without `persist_dir` it keeps nothing across a restart; with it, it writes an append-only file
    there on every change, as a production Redis configured for durability does.
    """

    def __init__(self, persist_dir: Path | None = None) -> None:
        self.persist_dir = persist_dir
        self.port = free_port()
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        durability = ["--appendonly", "no"]
        if self.persist_dir is not None:
            self.persist_dir.mkdir(parents=True, exist_ok=True)
            durability = ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.persist_dir)]
        self.process = await asyncio.create_subprocess_exec(
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", *durability,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        client = Redis.from_url(self.url)
        try:
            for _ in range(100):
                try:
                    await client.ping()
                    return
                except Exception:  # not listening yet
                    await asyncio.sleep(0.05)
            raise RuntimeError("redis-server did not start")
        finally:
            await client.aclose()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()
