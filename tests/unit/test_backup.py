"""`python -m bot db backup` / `db restore`: a round trip on SQLite and PostgreSQL, through the CLI."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from db.backup import libpq_environment
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault
from db.migrate import upgrade_async
from db.models import Ticket
from db.repositories.tickets import TicketRepository
from db.repositories.users import UserRepository
from tests.conftest import DATA_KEY, TEST_TOKEN, create_postgres_database

PEOPLE = (812345678901, 700000000002, 5550001)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path):  # type: ignore[no-untyped-def]
    """`python -m bot ARGS` in this process (its exit code and output), with the given environment."""
    monkeypatch.chdir(tmp_path)  # no stray .env

    async def run(*args: str, database_url: str, folder: Path, **env: str) -> Ran:
        environment = {"BOT_TOKEN": TEST_TOKEN, "DATABASE_URL": database_url, "DATA_KEY": DATA_KEY,
                       "DATA_DIR": str(folder / "data"), **env}  # fmt: skip
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = await asyncio.to_thread(main, list(args))  # the CLI runs its own event loop
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


async def fill(database_url: str) -> dict[int, str]:
    """People and their consultations; returns each person's ticket code."""
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    vault = IdentityVault(DATA_KEY.encode())
    codes = {}
    try:
        async with create_sessionmaker(engine)() as session:
            users, tickets = UserRepository(session, vault), TicketRepository(session)
            for telegram_id in PEOPLE:
                user, _ = await users.get_or_create(telegram_id)
                await users.set_language(user, "uz")
                ticket = await tickets.create(user.id, "lawyer", "uz", None)
                ticket.status, ticket.thread_id = "open", telegram_id % 1000
                await tickets.add_message(ticket, "in", "text", user_chat_message_id=5, staff_message_id=9)
                codes[telegram_id] = ticket.code
            await session.commit()
    finally:
        await engine.dispose()
    return codes


async def people_and_tickets(database_url: str, key: str = DATA_KEY) -> dict[int, tuple[str, str, int | None]]:
    """What a restored bot sees: each person found by their Telegram id, with their ticket."""
    engine = create_engine(database_url)
    vault = IdentityVault(key.encode())
    found = {}
    try:
        async with create_sessionmaker(engine)() as session:
            users = UserRepository(session, vault)
            for telegram_id in PEOPLE:
                user = await users.get_by_telegram_id(telegram_id)
                if user is None:
                    continue
                assert users.telegram_id(user) == telegram_id  # the key decrypts the stored identity
                ticket = await session.scalar(select(Ticket).where(Ticket.user_id == user.id))
                found[telegram_id] = (ticket.code, ticket.status, ticket.thread_id)
    finally:
        await engine.dispose()
    return found


@pytest.fixture
async def second_database(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An empty database of the same kind as `database_url`, to restore into."""
    if database_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{tmp_path}/restored/mi-help.db"
        return
    url, drop = await create_postgres_database()
    try:
        yield url
    finally:
        await drop()


async def test_round_trip_keeps_people_tickets_and_readable_identities(cli, database_url, second_database, tmp_path):
    if not database_url.startswith("sqlite") and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not on PATH")
    codes = await fill(database_url)
    out = tmp_path / "backups" / "mi-help.backup"

    made = await cli("db", "backup", "--out", str(out), database_url=database_url, folder=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"({len(PEOPLE)} people, {len(PEOPLE)} consultations)" in made.stdout
    assert "Keep the key with it" in made.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(out.parent.glob("*.partial"))
    assert b"812345678901" not in out.read_bytes()  # identities are only hashed and encrypted

    if not second_database.startswith("sqlite"):
        await upgrade_async(second_database)  # a bot that started once: tables, but no data
    restored = await cli("db", "restore", str(out), database_url=second_database, folder=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "the key reads the identities restored" in restored.stdout
    expected = {telegram_id: (code, "open", telegram_id % 1000) for telegram_id, code in codes.items()}
    assert await people_and_tickets(second_database) == expected

    # Once it holds data, a restore needs --force, and the data is left alone without it.
    again = await cli("db", "restore", str(out), database_url=second_database, folder=tmp_path)
    assert again.returncode == 1
    assert again.stderr.strip().splitlines() == [
        "mi-help: restore failed: the database already holds data; add --force to replace it with the backup"
    ]
    engine = create_engine(second_database)
    async with create_sessionmaker(engine)() as session:
        await UserRepository(session, IdentityVault(DATA_KEY.encode())).get_or_create(42)  # written after
        await session.commit()
    await engine.dispose()
    forced = await cli("db", "restore", "--force", str(out), database_url=second_database, folder=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert f"{len(PEOPLE)} people" in forced.stdout
    assert await people_and_tickets(second_database) == expected

    # With another key the data comes back, but no one in it could be reached: the restore says so.
    other_key = "another-data-key-which-is-long-enough-000000"
    wrong = await cli("db", "restore", "--force", str(out), database_url=second_database, folder=tmp_path,
                      DATA_KEY=other_key)  # fmt: skip
    assert wrong.returncode == 1
    assert "this key does not read the identities restored" in wrong.stderr
    assert await people_and_tickets(second_database, key=other_key) == {}


async def test_missing_client_tools_and_mismatched_backups_are_one_clear_line(cli, tmp_path):
    postgres = "postgresql+asyncpg://mihelp:secret@127.0.0.1:1/mihelp"
    no_tools = await cli("db", "backup", "--out", str(tmp_path / "x.backup"), database_url=postgres,
                         folder=tmp_path, PATH=str(tmp_path / "empty"))  # fmt: skip
    assert no_tools.returncode == 1
    assert no_tools.stderr.strip().splitlines() == [
        "mi-help: backup failed: pg_dump is not on PATH: install the PostgreSQL client tools "
        "(Debian: apt install postgresql-client)"
    ]
    assert not (tmp_path / "x.backup").exists()

    sqlite_url = f"sqlite+aiosqlite:///{tmp_path}/db/mi-help.db"
    await fill(sqlite_url)
    made = await cli("db", "backup", "--out", str(tmp_path / "s.backup"), database_url=sqlite_url, folder=tmp_path)
    assert made.returncode == 0, made.stderr
    mismatch = await cli("db", "restore", str(tmp_path / "s.backup"), database_url=postgres, folder=tmp_path)
    assert mismatch.returncode == 1
    assert mismatch.stderr.strip().splitlines() == [
        f"mi-help: restore failed: {tmp_path / 's.backup'} is a SQLite backup, "
        "but DATABASE_URL is not a SQLite database"
    ]
    missing = await cli("db", "restore", str(tmp_path / "none.backup"), database_url=sqlite_url, folder=tmp_path)
    assert missing.returncode == 1 and "there is no backup file at" in missing.stderr


def test_the_password_goes_to_the_environment_not_the_command_line():
    env = libpq_environment("postgresql+asyncpg://mihelp:s%40cret@db.internal:5433/mihelp?ssl=require")
    assert env == {
        "PGHOST": "db.internal",
        "PGPORT": "5433",
        "PGUSER": "mihelp",
        "PGPASSWORD": "s@cret",
        "PGDATABASE": "mihelp",
        "PGSSLMODE": "require",
    }


@pytest.mark.postgres
async def test_a_plain_sql_dump_is_restored_with_psql(cli, postgres_skip_reason, tmp_path):
    if postgres_skip_reason:
        pytest.skip(postgres_skip_reason)
    if not (shutil.which("pg_dump") and shutil.which("psql")):
        pytest.skip("pg_dump and psql are not on PATH")
    source, drop_source = await create_postgres_database()
    target, drop_target = await create_postgres_database()
    try:
        codes = await fill(source)
        plain = tmp_path / "plain.sql"
        dumped = await asyncio.to_thread(
            subprocess.run,
            ["pg_dump", "--format=plain", "--no-owner", f"--file={plain}"],
            env={**os.environ, **libpq_environment(source)},
            capture_output=True,
        )
        assert dumped.returncode == 0, dumped.stderr
        restored = await cli("db", "restore", str(plain), database_url=target, folder=tmp_path)
        assert restored.returncode == 0, restored.stderr
        assert set(await people_and_tickets(target)) == set(codes)
    finally:
        await drop_source()
        await drop_target()
