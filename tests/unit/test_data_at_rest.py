"""Files at rest: the database (and its -wal/-shm) readable by its owner only; a loose key file is reported."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from sqlalchemy import text

from db.engine import create_engine
from db.identity import KEY_FILE_NAME, load_or_create_master_key


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def write_something(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
        await connection.execute(text("INSERT INTO t VALUES (1)"))
    return engine


async def test_a_new_sqlite_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: files would be 0644
    try:
        path = tmp_path / "data" / "mi-help.db"
        engine = await write_something(f"sqlite+aiosqlite:///{path}")
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert all(file.exists() for file in files)
        assert [mode(file) for file in files] == [0o600, 0o600, 0o600]
        await engine.dispose()
    finally:
        os.umask(old)


async def test_an_existing_database_readable_by_others_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "mi-help.db"
    path.touch()
    path.chmod(0o644)
    engine = await write_something(f"sqlite+aiosqlite:///{path}")
    assert mode(path) == 0o600
    await engine.dispose()


def test_a_key_file_readable_by_others_is_reported_at_start_up(tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.WARNING)
    key = load_or_create_master_key(None, tmp_path)
    assert mode(tmp_path / KEY_FILE_NAME) == 0o600 and not caplog.records
    load_or_create_master_key(None, tmp_path)
    assert not caplog.records  # a private key file is quiet
    (tmp_path / KEY_FILE_NAME).chmod(0o644)
    assert load_or_create_master_key(None, tmp_path) == key  # still used
    (warning,) = caplog.records
    assert "readable by others" in warning.getMessage() and "chmod 600" in warning.getMessage()
    assert key.decode() not in caplog.text
