"""SQLite calls that cannot wait run on the event loop's thread instead of aiosqlite's.

aiosqlite runs every call (cursor, execute, fetch, close) on the connection's own thread and wakes
the event loop when it is done: about 25 µs of CPU per call, and four calls per statement. SQLite
answers most of them in about 1 µs. Under a backlog, those hand-offs were the largest single cost of
an update (py-spy, `benchmarks/throughput.py --profile`).

A call may run inline only when it cannot wait for another connection, since a wait would stop the
whole loop (and with it the connection that holds the lock). In WAL mode:

- a read never waits for the writer (it reads the last committed snapshot);
- a connection that is in a transaction already holds the write lock: Python's sqlite3 begins a
  transaction only before a statement that writes (INSERT, UPDATE, DELETE, REPLACE), and the
  project never issues BEGIN itself;
- fetching rows and closing a cursor never wait.

Everything else goes to the thread as before: the first write of a transaction (it may wait up to
`busy_timeout` for the lock), COMMIT (a checkpoint may write and sync the file), and any call on a
database that is not in WAL mode (there, readers and writers block each other).

Nothing runs inline while the connection's thread has work queued or running. A task cancelled
while awaiting the thread (a timeout, a shutdown) leaves that work running, and the pool's rollback
or close that follows would otherwise use the same sqlite3 connection from two threads at once,
which can crash the process. Such calls queue behind the thread's work instead.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite

# The sqlite3 cursor and connection methods that never wait for a lock; `execute` is decided per statement.
_NEVER_WAIT = frozenset({"fetchone", "fetchmany", "fetchall", "close", "cursor", "rollback"})
_STATEMENTS = frozenset({"execute", "executemany"})


class InlineSqliteConnection(aiosqlite.Connection):
    """An aiosqlite connection that runs on the loop's thread what cannot block (see the module)."""

    # Set once the connection is known to be in WAL mode (db.engine sets it after its PRAGMAs).
    reads_inline = False

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._in_thread = 0  # calls handed to the thread and not finished there yet
        self._count_lock = threading.Lock()

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            return await super()._execute(fn, *args, **kwargs)  # type: ignore[no-untyped-call]  # "closed"
        if self.reads_inline and not self._in_thread and self._cannot_wait(fn, args):
            return fn(*args, **kwargs)
        with self._count_lock:
            self._in_thread += 1
        return await super()._execute(self._counted(fn), *args, **kwargs)  # type: ignore[no-untyped-call]

    def _counted(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn`, telling this connection when the thread has finished it (even if its caller is gone)."""

        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._count_lock:
                    self._in_thread -= 1

        run.__name__ = getattr(fn, "__name__", "call")
        return run

    def _cannot_wait(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> bool:
        name = getattr(fn, "__name__", "")
        if name in _NEVER_WAIT:
            return True
        if name not in _STATEMENTS or not args or not isinstance(args[0], str):
            return False
        return self._conn.in_transaction or is_read(args[0])


def is_read(sql: str) -> bool:
    """A plain SELECT (a WITH may end in a write, a PRAGMA may change the journal)."""
    return sql.lstrip()[:6].upper() == "SELECT"


def connect_inline(database: str | bytes | Path, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineSqliteConnection:
    """`aiosqlite.connect` with the same arguments, returning an InlineSqliteConnection."""
    location = database.decode() if isinstance(database, bytes) else str(database)

    def connector() -> sqlite3.Connection:
        connection: sqlite3.Connection = sqlite3.connect(location, **kwargs)
        return connection

    connection = InlineSqliteConnection(connector, iter_chunk_size)
    connection._thread.daemon = True  # as the dialect does for aiosqlite.connect: a thread never holds up exit
    return connection
