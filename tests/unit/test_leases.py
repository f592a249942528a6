"""Leases between replicas (the poller, periodic jobs), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.replica import died_on_this_host, replica_name
from bot.runtime.leases import POLLER, AnotherPoller, Leases
from db.base import utcnow
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_async
from db.models import Lease
from tests.conftest import DATA_KEY, TEST_TOKEN

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def hold(sessionmaker: async_sessionmaker[AsyncSession], name: str, owner: str, seconds: float) -> None:
    async with sessionmaker() as session:
        session.add(Lease(name=name, owner=owner, expires_at=utcnow() + timedelta(seconds=seconds)))
        await session.commit()


async def test_one_holder_at_a_time_and_anyone_after_expiry(sessionmaker) -> None:
    first, second = Leases(sessionmaker, "a:1:x"), Leases(sessionmaker, "b:2:y")
    assert await first.take("thing", timedelta(seconds=0.4))
    assert not await second.take("thing", timedelta(seconds=0.4))
    assert await first.take("thing", timedelta(seconds=0.4))  # the holder renews
    assert (await second.holder("thing"))[0] == "a:1:x"
    await asyncio.sleep(0.5)
    assert await second.holder("thing") is None
    assert await second.take("thing", timedelta(seconds=5))
    await second.release("thing")
    assert await first.take("thing", timedelta(seconds=5))


async def test_a_periodic_job_runs_once_per_period_across_replicas(sessionmaker) -> None:
    replicas = [Leases(sessionmaker, f"host{n}:{n}:z") for n in range(3)]
    rounds = []
    for _ in range(3):  # every replica asks several times within one period
        rounds.append(await asyncio.gather(*(replica.due("duties", 0.6) for replica in replicas)))
    assert sum(sum(answers) for answers in rounds) == 1
    await asyncio.sleep(0.6)
    assert sum(await asyncio.gather(*(replica.due("duties", 0.6) for replica in replicas))) == 1


async def test_polling_is_refused_while_another_process_holds_the_lease(sessionmaker) -> None:
    await hold(sessionmaker, POLLER, "elsewhere:4242:abcd", 30)
    with pytest.raises(AnotherPoller) as refused:
        await Leases(sessionmaker, replica_name()).take_poller()
    message = str(refused.value)
    assert "elsewhere:4242:abcd" in message and "\n" not in message


async def test_a_poller_that_died_on_this_host_is_not_waited_out(sessionmaker) -> None:
    dead = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await dead.wait()
    owner = replica_name().rsplit(":", 2)[0] + f":{dead.pid}:dead0000"
    assert died_on_this_host(owner)
    assert not died_on_this_host(replica_name().rsplit(":", 2)[0] + f":{os.getppid()}:alive000")
    await hold(sessionmaker, POLLER, owner, 30)
    me = Leases(sessionmaker, replica_name())
    await me.take_poller()
    assert (await me.holder(POLLER))[0] == me.owner


async def test_the_bot_refuses_to_poll_with_one_line_and_exit_code_2(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/db.sqlite"
    await upgrade_async(url)
    engine = create_engine(url)
    await hold(create_sessionmaker(engine), POLLER, "elsewhere:4242:abcd", 60)
    await engine.dispose()
    env = {
        **os.environ,
        "BOT_TOKEN": TEST_TOKEN,
        "DATABASE_URL": url,
        "DATA_KEY": DATA_KEY,
        "DATA_DIR": str(tmp_path),
        "TELEGRAM_API_BASE": "http://127.0.0.1:9",  # never reached: the refusal comes first
        "WEBHOOK_URL": "",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    lines = stderr.decode().strip().splitlines()
    refusals = [line for line in lines if line.startswith("mi-help:")]  # the rest: start-up logs
    assert refusals == lines[-1:] and "another process (elsewhere:4242:abcd) is polling" in lines[-1], lines
    assert not any("Traceback" in line for line in lines)
