"""Apply Alembic migrations programmatically (used by `python -m bot db upgrade` and at start-up).

Alembic (with Mako and Pygments) costs about 11 MiB of memory once imported, for the life of the
process. A bot restarting on a database that is already current does not need it: the newest
revision is read from the migration files, the stored one with one query, and Alembic is imported
only when there is something to apply.
"""

from __future__ import annotations

import ast
import asyncio
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import ensure_sqlite_folder

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    from alembic import command

    ensure_sqlite_folder(database_url)
    command.upgrade(alembic_config(database_url), revision)


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    # env.py runs its own event loop, so Alembic goes to a worker thread.
    await asyncio.to_thread(upgrade, database_url, revision)


async def upgrade_if_behind(engine: AsyncEngine, database_url: str) -> bool:
    """Bring the database to the newest revision, loading Alembic only when it is behind; True if it was."""
    if await stored_revision(engine) == head_revision():
        return False
    await upgrade_async(database_url)
    return True


@functools.cache
def head_revision() -> str | None:
    """The newest revision: the one no migration names as its `down_revision` (read, not imported)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            value = getattr(node, "value", None)
            names = {target.id for target in targets if isinstance(target, ast.Name)}
            if "revision" in names and isinstance(value, ast.Constant) and isinstance(value.value, str):
                revisions.add(value.value)
            if "down_revision" in names and value is not None:  # one parent, or a merge's tuple of them
                elements = value.elts if isinstance(value, ast.Tuple | ast.List) else [value]
                parents.update(e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str))
    heads = revisions - parents
    if len(heads) > 1:
        raise RuntimeError(f"the migrations have several heads: {sorted(heads)}")
    return next(iter(heads), None)


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync_conn: MigrationContext.configure(sync_conn).get_current_revision())


async def stored_revision(engine: AsyncEngine) -> str | None:
    """The revision recorded in the database, read without Alembic's log lines (for health probes)."""
    async with engine.connect() as connection:
        if not await connection.run_sync(lambda sync_conn: inspect(sync_conn).has_table("alembic_version")):
            return None
        revision: str | None = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        return revision
