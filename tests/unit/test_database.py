"""Migrations, repositories and identity at rest, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from bot.fsm_storage import SqlStorage, current_session
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault
from db.migrate import current_revision, head_revision, upgrade_async
from db.repositories.users import UserRepository

TELEGRAM_ID = 987654321123


async def test_migrations_create_every_table(database_url):
    await upgrade_async(database_url)
    await upgrade_async(database_url)  # idempotent
    engine = create_engine(database_url)
    try:
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        from db.base import Base

        assert set(Base.metadata.tables) <= tables
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/new/folder/db.sqlite"
    await upgrade_async(url)  # creates the folder
    engine = create_engine(url)
    async with engine.connect() as connection:
        mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
    await engine.dispose()
    assert mode == "wal"


async def test_user_repository_round_trip(database_url):
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    vault = IdentityVault(b"k" * 32)
    async with sessionmaker() as session:
        users = UserRepository(session, vault)
        user, created = await users.get_or_create(TELEGRAM_ID)
        assert created
        await users.set_language(user, "tg")
        await session.commit()
    async with sessionmaker() as session:
        users = UserRepository(session, vault)
        again, created = await users.get_or_create(TELEGRAM_ID)
        assert not created and again.language == "tg"
        assert users.telegram_id(again) == TELEGRAM_ID
        assert again.created_at.tzinfo is not None
    await engine.dispose()


async def raw_database_text(database_url: str) -> str:
    """Everything stored, as text: the SQLite files' bytes, or every PostgreSQL row."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        blobs = [p.read_bytes() for p in path.parent.glob(path.name + "*")]
        return b"".join(blobs).decode("latin-1")
    engine = create_engine(database_url)
    chunks = []
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        for table in tables:
            rows = await connection.execute(text(f'SELECT t::text FROM "{table}" t'))
            chunks.extend(row[0] for row in rows)
    await engine.dispose()
    return "\n".join(chunks)


async def test_no_raw_telegram_id_at_rest(database_url):
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    vault = IdentityVault(b"k" * 32)
    storage = SqlStorage(sessionmaker, vault)
    async with sessionmaker() as session:
        await UserRepository(session, vault).get_or_create(TELEGRAM_ID)
        token = current_session.set(session)
        key = StorageKey(bot_id=1, chat_id=TELEGRAM_ID, user_id=TELEGRAM_ID)
        await storage.set_state(key, "Some:state")
        await storage.set_data(key, {"note": "x"})
        current_session.reset(token)
        await session.commit()
    assert await storage.get_state(key) == "Some:state"
    assert await storage.get_data(key) == {"note": "x"}
    await engine.dispose()
    raw = await raw_database_text(database_url)
    assert str(TELEGRAM_ID) not in raw
    assert TELEGRAM_ID.to_bytes(8, "big").decode("latin-1") not in raw


def test_the_newest_revision_read_from_the_files_is_alembics_head():
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://")).get_current_head()


async def test_a_current_database_is_left_alone_without_loading_alembic(database_url, monkeypatch):
    from db import migrate

    engine = create_engine(database_url)
    try:
        assert await migrate.upgrade_if_behind(engine, database_url)  # a new database: migrated
        assert await current_revision(engine) == head_revision()

        async def must_not_run(*args: object) -> None:
            raise AssertionError("Alembic ran on a current database")

        monkeypatch.setattr(migrate, "upgrade_async", must_not_run)
        assert not await migrate.upgrade_if_behind(engine, database_url)
    finally:
        await engine.dispose()


def test_starting_the_bot_does_not_import_alembic_redis_or_reportlab():
    """What a bot that needs none of them keeps out of its memory (Alembic alone is ~11 MiB)."""
    import subprocess
    import sys

    code = "import sys, bot.runtime.app, bot.cli; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("alembic", "mako", "pygments", "redis", "reportlab"):
        assert f"'{heavy}'" not in loaded, heavy


def test_a_merge_migration_is_read_as_the_one_head(tmp_path, monkeypatch):
    from db import migrate

    versions = tmp_path / "versions"
    versions.mkdir()
    for name, body in {
        "a": "revision = 'a'\ndown_revision = None\n",
        "b": "revision: str = 'b'\ndown_revision: str | None = 'a'\n",
        "c": "revision = 'c'\ndown_revision = 'a'\n",
        "d": "revision = 'd'\ndown_revision = ('b', 'c')\n",
    }.items():
        (versions / f"{name}.py").write_text(body)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path)
    migrate.head_revision.cache_clear()
    try:
        assert migrate.head_revision() == "d"
        (versions / "d.py").unlink()
        migrate.head_revision.cache_clear()
        with pytest.raises(RuntimeError, match="several heads"):
            migrate.head_revision()
    finally:
        migrate.head_revision.cache_clear()
