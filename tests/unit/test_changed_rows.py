"""`changed_rows`: the count of an UPDATE or DELETE, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_async
from db.models import BotState
from db.repositories import changed_rows


async def test_changed_rows_counts_an_update_or_delete_and_refuses_a_select(database_url):
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            session.add_all([BotState(key="first", value="1"), BotState(key="second", value="2")])
            await session.flush()
            assert changed_rows(await session.execute(delete(BotState).where(BotState.key == "first"))) == 1
            assert changed_rows(await session.execute(delete(BotState).where(BotState.key == "none"))) == 0
            with pytest.raises(TypeError):
                changed_rows(await session.execute(select(BotState)))
    finally:
        await engine.dispose()
