"""Shared fixtures: settings, databases (SQLite and PostgreSQL), the Bot API emulator, a running bot."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.config import Settings, load_settings

TEST_TOKEN = "123456789:TEST-token-for-the-local-emulator-only"
POSTGRES_ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://127.0.0.1:5432/test")
DATA_KEY = "test-data-key-which-is-long-enough-0123456789"
STAFF_CHAT_ID = -1001234567890
ADMIN_ID = 900000001


_owned_cache: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """One trained danger model for the whole run, in a folder of its own (never a user's cache):
    the first knowledge load trains it, the others (in-process, bot subprocesses and pytest-xdist
    workers, which inherit the variable) read it."""
    global _owned_cache
    if "KNOWLEDGE_CACHE_DIR" not in os.environ:
        _owned_cache = tempfile.mkdtemp(prefix="mi-help-test-cache-")
        os.environ["KNOWLEDGE_CACHE_DIR"] = _owned_cache
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        from knowledge.base import load_knowledge

        load_knowledge()  # train once, before the pytest-xdist workers start, rather than in each of them


def pytest_unconfigure(config: pytest.Config) -> None:
    if _owned_cache is not None:
        shutil.rmtree(_owned_cache, ignore_errors=True)
        os.environ.pop("KNOWLEDGE_CACHE_DIR", None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _postgres_available() -> str | None:
    try:
        import asyncpg

        connection = await asyncio.wait_for(asyncpg.connect(POSTGRES_ADMIN_DSN), timeout=3)
        await connection.close()
        return None
    except Exception as error:
        return f"no PostgreSQL server answers at {POSTGRES_ADMIN_DSN} ({type(error).__name__})"


@pytest.fixture(scope="session")
def postgres_skip_reason() -> str | None:
    return asyncio.run(_postgres_available())


async def create_postgres_database() -> tuple[str, Callable[[], object]]:
    import asyncpg

    name = f"mihelp_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")

    async def drop() -> None:
        admin = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.close()

    return f"{base}/{name}", drop


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request, tmp_path: Path, postgres_skip_reason) -> AsyncIterator[str]:
    """Each test gets a fresh, empty database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/db/mi-help.db"
        return
    if postgres_skip_reason:
        pytest.skip(postgres_skip_reason)
    url, drop = await create_postgres_database()
    try:
        yield url
    finally:
        await drop()


@pytest.fixture
def make_settings(tmp_path: Path, monkeypatch) -> Callable[..., Settings]:
    monkeypatch.chdir(tmp_path)  # never read a developer's .env

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "bot_token": TEST_TOKEN,
            "database_url": f"sqlite+aiosqlite:///{tmp_path}/data/mi-help.db",
            "data_key": DATA_KEY,
            "data_dir": tmp_path / "data",
            "staff_chat_id": STAFF_CHAT_ID,
            "admin_ids": str(ADMIN_ID),
        }
        values.update(overrides)
        return load_settings(**values)

    return make
