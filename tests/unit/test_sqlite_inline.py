"""SQLite calls that cannot wait run on the loop's thread; the ones that may wait still go to aiosqlite's."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text

from db.engine import create_engine
from db.sqlite_inline import InlineSqliteConnection, is_read


@pytest.fixture
async def engine(tmp_path: Path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/inline.db")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def thread_calls(monkeypatch) -> list[str]:
    """The names of the calls that went to the connection's thread."""
    calls: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return calls


async def test_a_file_database_in_wal_mode_runs_what_cannot_wait_inline(engine, thread_calls):
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.driver_connection, InlineSqliteConnection)
        assert raw.driver_connection.reads_inline
        thread_calls.clear()
        assert (await connection.execute(text("SELECT count(*) FROM notes"))).scalar() == 0
        assert thread_calls == []  # cursor, execute, fetch and close: all on the loop's thread
        await connection.execute(text("INSERT INTO notes (body) VALUES ('a')"))  # takes the write lock: may wait
        await connection.execute(text("INSERT INTO notes (body) VALUES ('b')"))  # the lock is held: cannot wait
        assert (await connection.execute(text("SELECT count(*) FROM notes"))).scalar() == 2
        await connection.commit()  # a checkpoint may write the file: on the thread
    assert thread_calls == ["execute", "commit"]


async def test_a_write_that_waits_for_the_lock_does_not_stop_the_loop(engine, tmp_path):
    # Another connection (another process, a backup) holds SQLite's write lock for 0.4 s.
    holder = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    ticks: list[float] = []

    async def heartbeat() -> None:
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.01)

    async def release_later() -> None:
        await asyncio.sleep(0.4)
        holder.execute("COMMIT")

    beating = asyncio.create_task(heartbeat())
    releasing = asyncio.create_task(release_later())
    started = time.monotonic()
    async with engine.begin() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM notes"))).scalar() == 0  # a read does not wait
        await connection.execute(text("INSERT INTO notes (body) VALUES ('after the lock')"))
    waited = time.monotonic() - started
    beating.cancel()
    await releasing
    holder.close()
    assert waited >= 0.35  # the write waited for the lock...
    during = [t for t in ticks if started < t < started + waited]
    assert len(during) >= 15  # ...and the loop went on meanwhile (a blocked loop would not tick at all)


async def test_a_database_not_in_wal_mode_keeps_every_call_on_the_thread(thread_calls):
    engine = create_engine("sqlite+aiosqlite://")  # in memory: the journal cannot be WAL
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            assert not raw.driver_connection.reads_inline
            thread_calls.clear()
            assert (await connection.execute(text("SELECT 1"))).scalar() == 1
            assert "execute" in thread_calls
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("sql", "read"),
    [
        ("SELECT 1", True),
        ("  select * from notes", True),
        ("WITH x AS (SELECT 1) DELETE FROM notes", False),
        ("PRAGMA journal_mode=DELETE", False),
        ("INSERT INTO notes (body) VALUES ('x') RETURNING id", False),
        ("UPDATE notes SET body = 'y'", False),
    ],
)
def test_only_a_plain_select_counts_as_a_read(sql, read):
    assert is_read(sql) is read


async def test_nothing_runs_inline_while_a_cancelled_call_still_runs_on_the_thread(engine, tmp_path):
    """A cancelled await leaves its call running on the thread; the calls after it must queue behind it.

    Run on the loop's thread at the same time, they would use one sqlite3 connection from two threads.
    """
    holder = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write below waits for this lock on the connection's thread
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert isinstance(raw, InlineSqliteConnection)
        await raw._execute(raw._conn.create_function, "thread_id", 0, threading.get_ident)
        writing = asyncio.create_task(raw.execute("INSERT INTO notes (body) VALUES ('waits')"))
        await asyncio.sleep(0.1)
        writing.cancel()  # a timeout: the INSERT goes on waiting on the thread
        with pytest.raises(asyncio.CancelledError):
            await writing
        assert raw._in_thread == 1
        asyncio.get_running_loop().call_later(0.3, holder.execute, "ROLLBACK")
        started = time.monotonic()
        cursor = await raw.execute("SELECT thread_id()")
        (ran_on,) = await cursor.fetchone()
        assert ran_on != threading.get_ident()  # queued behind the INSERT on the connection's thread...
        assert time.monotonic() - started >= 0.25  # ...so it waited for it
        await cursor.close()
        await raw.rollback()
        assert raw._in_thread == 0
        cursor = await raw.execute("SELECT thread_id()")
        assert (await cursor.fetchone())[0] == threading.get_ident()  # idle again: inline again
        await cursor.close()
    holder.close()
