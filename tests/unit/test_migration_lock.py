"""Replicas starting together on one PostgreSQL database: one migrates, the others wait for it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from db.engine import create_engine
from db.migrate import current_revision, head_revision
from tests.conftest import create_postgres_database

ROOT = Path(__file__).resolve().parents[2]


async def upgrading(url: str, folder: Path) -> asyncio.subprocess.Process:
    """`python -m bot db upgrade`, started (not awaited), away from any .env file."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "db", "upgrade", "--database-url", url, cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


@pytest.mark.postgres
async def test_three_processes_upgrading_at_once_all_succeed(postgres_skip_reason, tmp_path: Path) -> None:
    if postgres_skip_reason:
        pytest.skip(postgres_skip_reason)
    url, drop = await create_postgres_database()
    try:
        processes = [await upgrading(url, tmp_path) for _ in range(3)]
        results = [await asyncio.wait_for(process.communicate(), timeout=120) for process in processes]
        assert [process.returncode for process in processes] == [0, 0, 0], [err[-500:] for _, err in results]
        engine = create_engine(url)
        try:
            assert await current_revision(engine) == head_revision()
        finally:
            await engine.dispose()
    finally:
        await drop()
