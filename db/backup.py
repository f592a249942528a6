"""Backups and restores: `python -m bot db backup --out FILE` and `python -m bot db restore FILE`.

SQLite is copied with its online backup API (consistent while the bot runs). PostgreSQL is dumped
with `pg_dump` in its custom format and restored with `pg_restore` (a plain SQL dump with `psql`).
A backup holds identities only hashed and encrypted: without the key (`DATA_KEY`, or
`DATA_DIR/data.key`) no one, the NGO included, can tell who the people in it are, so the key must
be kept too, apart from the backup. A restore refuses to overwrite a database that holds data
unless it is forced, and reports whether the key it is given can read the identities restored.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from db.identity import IdentityVault
from db.models import Ticket, User

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
CLIENT_TOOLS_HINT = "install the PostgreSQL client tools (Debian: apt install postgresql-client)"


class BackupError(Exception):
    """A backup or restore could not be done; the message is one line for the operator."""


@dataclass(frozen=True)
class Contents:
    users: int
    tickets: int
    # True: the key reads the identities; False: it does not; None: no key given, or no one stored.
    key_reads_identities: bool | None


def is_sqlite(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "sqlite"


def sqlite_file(database_url: str) -> Path:
    path = make_url(database_url).database
    if not path or path == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(path).expanduser()


# -- backup --------------------------------------------------------------------------------------
async def backup(database_url: str, out: Path) -> None:
    """Write a consistent copy of the database to `out` (replaced only once the copy is complete)."""
    partial = out.with_name(out.name + ".partial")
    out.parent.mkdir(parents=True, exist_ok=True)
    _private_empty_file(partial)
    try:
        if is_sqlite(database_url):
            await asyncio.to_thread(_sqlite_copy, sqlite_file(database_url), partial, must_exist=True)
        else:
            await _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
                       database_url)  # fmt: skip
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def _private_empty_file(path: Path) -> None:
    """A backup holds encrypted identities and consultation metadata: readable by its owner only."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_copy(source: Path, destination: Path, must_exist: bool) -> None:
    if must_exist and not source.is_file():
        raise BackupError(f"there is no database at {source}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)  # page by page, consistent even while the bot writes
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source}: {error}") from None
    finally:
        dst.close()
        src.close()


# -- restore -------------------------------------------------------------------------------------
async def restore(database_url: str, dump: Path, *, force: bool = False) -> None:
    """Replace the database's contents with the backup `dump`."""
    if not dump.is_file():
        raise BackupError(f"there is no backup file at {dump}")
    with dump.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    sqlite_target = is_sqlite(database_url)
    if head.startswith(SQLITE_MAGIC) != sqlite_target:
        made_for = "SQLite" if head.startswith(SQLITE_MAGIC) else "PostgreSQL"
        raise BackupError(f"{dump} is a {made_for} backup, but DATABASE_URL is not a {made_for} database")
    if await has_data(database_url) and not force:
        raise BackupError("the database already holds data; add --force to replace it with the backup")
    if sqlite_target:
        await asyncio.to_thread(_check_sqlite_backup, dump)
        await asyncio.to_thread(_sqlite_copy, dump, sqlite_file(database_url), must_exist=False)
    elif head.startswith(PG_CUSTOM_MAGIC):
        # One transaction: a restore that fails half-way leaves the database as it was.
        await _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                    "--single-transaction", f"--dbname={make_url(database_url).database}", str(dump)],
                   database_url)  # fmt: skip
    else:  # a plain SQL dump
        await _run(["psql", "--quiet", "--no-psqlrc", "--single-transaction", "--set=ON_ERROR_STOP=1",
                    f"--file={dump}"], database_url)  # fmt: skip


def _check_sqlite_backup(dump: Path) -> None:
    connection = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"{dump} is damaged (SQLite quick_check failed)")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{dump} is not a readable SQLite database: {error}") from None
    finally:
        connection.close()
    if "alembic_version" not in tables:
        raise BackupError(f"{dump} is not a mi-Help database (no alembic_version table)")


# -- looking inside ------------------------------------------------------------------------------
async def has_data(database_url: str) -> bool:
    """True when any table other than Alembic's holds a row."""
    if is_sqlite(database_url) and not sqlite_file(database_url).exists():
        return False
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
            for name in names:
                if name != "alembic_version" and await connection.scalar(select(1).select_from(table(name)).limit(1)):
                    return True
        return False
    finally:
        await engine.dispose()


async def contents(database_url: str, vault: IdentityVault | None) -> Contents:
    """How many people and consultations the database holds, and whether `vault`'s key reads them."""
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            users = int(await connection.scalar(select(func.count()).select_from(User)) or 0)
            tickets = int(await connection.scalar(select(func.count()).select_from(Ticket)) or 0)
            sample = await connection.execute(select(User.tg_hash, User.tg_enc).order_by(User.id).limit(20))
            rows = sample.all()
    except SQLAlchemyError as error:
        raise BackupError(f"the database has no mi-Help tables to read ({type(error).__name__})") from None
    finally:
        await engine.dispose()
    readable: bool | None = None
    if vault is not None and rows:
        readable = all(_reads(vault, tg_hash, tg_enc) for tg_hash, tg_enc in rows)
    return Contents(users=users, tickets=tickets, key_reads_identities=readable)


def _reads(vault: IdentityVault, tg_hash: str, tg_enc: str) -> bool:
    """The key decrypts the stored id, and the id hashes back to the stored look-up hash."""
    try:
        return vault.hash_id(vault.decrypt_id(tg_enc)) == tg_hash
    except Exception:
        return False


# -- PostgreSQL client tools ---------------------------------------------------------------------
def libpq_environment(database_url: str) -> dict[str, str]:
    """Connection settings for pg_dump and friends, as environment (a password never shows in `ps`)."""
    url: URL = make_url(database_url)
    env = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        "PGSSLMODE": url.query.get("sslmode") or url.query.get("ssl"),
    }
    return {key: str(value) for key, value in env.items() if value}


async def _run(command: list[str], database_url: str) -> None:
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not on PATH: {CLIENT_TOOLS_HINT}")
    env = {**os.environ, **libpq_environment(database_url)}
    result = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()] or lines or [f"exit code {result.returncode}"]
        raise BackupError(f"{program} failed: {errors[0]}")
