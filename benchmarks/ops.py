"""What the operations instruments cost, against the same work without them, in the same run.

    python benchmarks/ops.py [--calls 2000] [--updates 20000] [--outbox 50000]

- Bot API calls: `getMe` round trips to the local emulator through the bot's HTTP session, with
  and without the metrics request middleware.
- Updates: updates fed to a Dispatcher with one trivial handler, with and without the metrics
  dispatcher middleware.
- Both middlewares around no-op work: their own cost per call, which the two lines above hide in
  the noise of a shared machine.
- A scrape: `/metrics` with the database gauges on a SQLite database holding `--outbox` outbox
  rows (a fifth still waiting, as during a large announcement), against rendering the in-process
  metrics alone.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.types import Update  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bot.ops.instruments import TelegramMetrics, UpdateMetrics  # noqa: E402
from bot.ops.metrics import DatabaseGauges, Metrics  # noqa: E402
from db.base import utcnow  # noqa: E402
from db.engine import create_engine, create_sessionmaker  # noqa: E402
from db.migrate import upgrade_async  # noqa: E402
from db.models import OutboxMessage  # noqa: E402
from tgemu import Emulator  # noqa: E402

TOKEN = "123456789:BENCHMARK-token-for-the-local-emulator"
SENDER = {"id": 1, "is_bot": False, "first_name": "x"}
MESSAGE_UPDATE = Update.model_validate(
    {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "from": SENDER}}
)


def line(name: str, baseline: float, measured: float, unit: str) -> None:
    print(f"{name:<34} baseline {baseline:9.1f} {unit}   with metrics {measured:9.1f} {unit}   "
          f"ratio {measured / baseline:5.3f}")  # fmt: skip


async def interleaved(measure, rounds: int = 7) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best of several alternating rounds: the machine is shared, the best round is the least disturbed."""
    without, with_ = [], []
    for round_ in range(rounds):
        for instrumented in (round_ % 2 == 1, round_ % 2 == 0):
            (with_ if instrumented else without).append(await measure(instrumented))
    return min(without), min(with_)


async def bot_api_calls(calls: int) -> None:
    async with Emulator() as emulator:
        emulator.add_bot(token=TOKEN, username="bench_bot")

        async def per_call(instrumented: bool) -> float:
            session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
            if instrumented:
                session.middleware(TelegramMetrics(Metrics()))
            bot = Bot(TOKEN, session=session)
            try:
                await bot.get_me()  # warm the connection
                started = time.perf_counter()
                for _ in range(calls):
                    await bot.get_me()
                return (time.perf_counter() - started) / calls * 1e6
            finally:
                await session.close()

        baseline, measured = await interleaved(per_call)
        line("Bot API call (getMe, emulator)", baseline, measured, "µs")


async def updates_through_dispatcher(count: int) -> None:
    bot = Bot(TOKEN)
    update = MESSAGE_UPDATE

    async def per_update(instrumented: bool) -> float:
        dispatcher = Dispatcher()
        if instrumented:
            dispatcher.update.outer_middleware(UpdateMetrics(Metrics()))

        @dispatcher.message()
        async def handle(_message: object) -> None:
            return None

        started = time.perf_counter()
        for _ in range(count):
            await dispatcher.feed_update(bot, update)
        return (time.perf_counter() - started) / count * 1e6

    baseline, measured = await interleaved(per_update)
    line("update through the dispatcher", baseline, measured, "µs")
    await bot.session.close()


async def middlewares_alone(count: int) -> None:
    """The instruments around work that costs nothing: their own price per call, without the noise."""
    from aiogram.methods import SendMessage

    metrics = Metrics()
    request_metrics, update_metrics = TelegramMetrics(metrics), UpdateMetrics(metrics)
    method = SendMessage(chat_id=1, text="x")
    update = MESSAGE_UPDATE

    async def make_request(_bot: object, _method: object) -> bool:
        return True

    async def handler(_event: object, _data: object) -> bool:
        return True

    async def per_call(instrumented: bool) -> float:
        started = time.perf_counter()
        for _ in range(count):
            if instrumented:
                await request_metrics(make_request, None, method)  # type: ignore[arg-type]
                await update_metrics(handler, update, {})
            else:
                await make_request(None, method)
                await handler(update, {})
        return (time.perf_counter() - started) / count * 1e6

    baseline, measured = await interleaved(per_call)
    print(f"{'both middlewares, no-op work':<34} baseline {baseline:9.2f} µs   with metrics {measured:9.2f} µs   "
          f"cost {measured - baseline:5.2f} µs per request + update")  # fmt: skip


async def scrape(outbox_rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await upgrade_async(url)
        engine = create_engine(url)
        now = utcnow()
        rows = [
            {"lane": f"b1:{n}", "target": "user", "action": "broadcast_copy", "payload": b"x", "broadcast_id": 1,
             "status": "pending" if n % 5 == 0 else "sent", "created_at": now - timedelta(seconds=n % 600)}
            for n in range(outbox_rows)
        ]  # fmt: skip
        async with engine.begin() as connection:
            for start in range(0, len(rows), 5000):
                await connection.execute(insert(OutboxMessage), rows[start : start + 5000])
        metrics = Metrics()

        def timed_render() -> float:
            started = time.perf_counter()
            metrics.exposition()
            return (time.perf_counter() - started) * 1000

        baseline = statistics.median(timed_render() for _ in range(20))
        gauges = DatabaseGauges(create_sessionmaker(engine))
        metrics.registry.register(gauges)
        samples = []
        for _ in range(20):
            started = time.perf_counter()
            assert await gauges.refresh()
            metrics.exposition()
            samples.append((time.perf_counter() - started) * 1000)
        await engine.dispose()
        line(f"/metrics, {outbox_rows} outbox rows", baseline, statistics.median(samples), "ms")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=20000)
    parser.add_argument("--outbox", type=int, default=50000)
    args = parser.parse_args()
    await bot_api_calls(args.calls)
    await updates_through_dispatcher(args.updates)
    await middlewares_alone(args.updates * 5)
    await scrape(args.outbox)


if __name__ == "__main__":
    asyncio.run(main())
