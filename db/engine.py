"""Engine and session factory; the same code runs on SQLite (default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from db.sqlite_inline import InlineSqliteConnection, connect_inline


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    journal = cursor.fetchone()
    driver = getattr(dbapi_connection, "_connection", None)  # the dialect's get_driver_connection reads the same
    if isinstance(driver, InlineSqliteConnection):
        driver.reads_inline = bool(journal) and str(journal[0]).lower() == "wal"
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _connect_inline(dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
    """The dialect's own connect, with its arguments, making an InlineSqliteConnection (db/sqlite_inline.py)."""
    return dialect.dbapi.connect(*cargs, async_creator_fn=connect_inline, **cparams)


def ensure_sqlite_folder(database_url: str) -> None:
    """The SQLite file's folder exists, and the file is readable by its owner only.

    The file holds encrypted identities and consultation metadata. SQLite gives its -wal and -shm
    files the database file's permissions, so creating (or fixing) the file 0600 covers all three.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(0o600)


# Updates processed at once (bot/runtime/inbox.py) and outbox lanes sent at once each hold a
# connection until they commit, also while they wait for Telegram or its flood limits. So the pool
# size sets how much work runs at once (`work_shares`), and updates wait in the inbox's queue rather
# than time out waiting for a connection. On SQLite a connection is a thread, opened on first use;
# on PostgreSQL every replica's pool counts against the server's max_connections (100 by default).
SQLITE_POOL = 96
POSTGRES_POOL = 24


def pool_size_for(database_url: str, configured: int | None = None) -> int:
    """The connections one process keeps: `configured` (DATABASE_POOL_SIZE), or the backend's default."""
    if configured is not None:
        return configured
    return SQLITE_POOL if database_url.startswith("sqlite") else POSTGRES_POOL


def work_shares(pool_size: int) -> tuple[int, int]:
    """How many updates and how many outbox lanes may run at once with `pool_size` connections,
    leaving a few for the periodic jobs, the leases and the readiness check."""
    return max(2, pool_size * 2 // 3), max(1, pool_size // 4)


def create_engine(database_url: str, pool_size: int | None = None, **kwargs: Any) -> AsyncEngine:
    ensure_sqlite_folder(database_url)
    size = pool_size_for(database_url, pool_size)
    if database_url.startswith("sqlite"):
        if make_url(database_url).database not in (None, "", ":memory:") and "poolclass" not in kwargs:
            kwargs.setdefault("pool_size", size)  # one thread each, started on first use
            kwargs.setdefault("max_overflow", 0)
        engine = create_async_engine(database_url, **kwargs)
        if make_url(database_url).get_driver_name() == "aiosqlite":
            event.listen(engine.sync_engine, "do_connect", _connect_inline)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # Opened as needed and then kept: overflow connections would be closed after each use, and a
    # backlog would open and close dozens of them a second.
    kwargs.setdefault("pool_size", size)
    kwargs.setdefault("max_overflow", 0)
    return create_async_engine(database_url, **kwargs)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


class WriteGate:
    """Lets the short write at the end of each update take SQLite's one write lock in turn.

    SQLite admits one writer at a time; the others retry on `busy_timeout`, sleeping up to 100 ms
    between tries, so under load the process mostly waits. Writers that queue here wait in order
    and wake as soon as the previous one committed. On PostgreSQL (row locks) it does nothing.
    """

    def __init__(self, sqlite: bool) -> None:
        self._lock = asyncio.Lock() if sqlite else None

    @asynccontextmanager
    async def turn(self, session: AsyncSession) -> AsyncIterator[None]:
        # A session that already holds the lock (it wrote early) must not queue behind the ones
        # waiting for that lock.
        if self._lock is None or await _holds_sqlite_write_lock(session):
            yield
            return
        async with self._lock:
            yield


async def _holds_sqlite_write_lock(session: AsyncSession) -> bool:
    if not session.in_transaction():
        return False
    connection = await (await session.connection()).get_raw_connection()
    return bool(connection.driver_connection.in_transaction)  # type: ignore[union-attr]


_gates: WeakKeyDictionary[Any, WriteGate] = WeakKeyDictionary()


def write_gate(sessionmaker: async_sessionmaker[AsyncSession]) -> WriteGate:
    """The gate shared by every session of this sessionmaker's engine."""
    engine: AsyncEngine = sessionmaker.kw["bind"]
    gate = _gates.get(engine.sync_engine)
    if gate is None:
        gate = _gates[engine.sync_engine] = WriteGate(engine.dialect.name == "sqlite")
    return gate
