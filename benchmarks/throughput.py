"""Capacity, latency and memory of one bot process, against a bare aiogram echo bot.

    python benchmarks/throughput.py [--users 100] [--big] [--only echo,sqlite,postgres,limits]
                                    [--profile FOLDER]

Every bot runs as its own subprocess (so its memory is its own) against the local Bot API
emulator, which runs here. For each bot:

- quiet: one person sends 20 questions one after another, each once the previous one was answered:
  p50/p99 from the message to the bot's first reply; idle RSS is read before that, after start-up;
- backlog: N people × (/start + 4 questions) are waiting when the bot starts (a restart after an
  outage); drained from the first getUpdates to the last reply: updates/s, the ratio to the echo
  bot, p50/p99 from the moment the bot took an update (getUpdates) to its first reply, peak RSS,
  429s. `--big` uses 1,000 people.

Bots: the echo bot (one sendMessage per update, in this file: the baseline); mi-Help on SQLite and
on PostgreSQL (when TEST_POSTGRES_DSN or 127.0.0.1:5432 answers) with its flood limits lifted on
both sides; mi-Help on SQLite with Telegram's real limits (outbound messages/s, target ≥ 27, 0×429).
`--profile FOLDER` records each backlog run with py-spy (`pip install py-spy`, speedscope format).

Where the time went (py-spy on the bot process while draining the backlog, SQLite):

- Before: the event loop was idle 46% of the time; the 15 pooled SQLite connections spent 35–70%
  inside SQLite, sleeping in `busy_timeout` for the write lock. The lock was taken early (the
  search handler's `state.update_data`, a new person's INSERT) and held across `send_message`
  until the update committed, so updates queued behind each other's Telegram calls. aiogram's FSM
  middleware also read the state in a session of its own, before the update's session.
- With real limits, updates held a pooled connection while waiting for the flood limiter: the
  pool (5 + 10) ran dry and updates failed after 30 s (`QueuePool limit ... reached`).
- After those: aiogram runs every synchronous filter through `asyncio.to_thread`; the magic filters
  (`F.chat.type == "private"` on each router) and states made dozens of thread hops per update.
- Now, per update (inclusive share of the loop's busy time): the database middleware ~50% (own
  work: mark processed + commit ~10%), FSM read ~4%, person lookup ~8%, handlers ~27% (search
  ~5%, the rest building and sending answers); each database call is a hop to the connection's
  thread. The rest of the loop's time is aiohttp (getUpdates, sendMessage) and pydantic.
- Round 4: the bot is CPU-bound while draining (one core at 98 %, the emulator at 15 %), about 10 ms of
  CPU per update for one sendMessage and four statements and a commit. cProfile of the same backlog in
  one process: SQLAlchemy 20 % (cache keys 0.13 ms per statement), aiogram's routing 8 %, pydantic 7 %,
  aiohttp 5 %, the search 3 %. The hand-offs to aiosqlite's threads are gone for what cannot wait
  (db/sqlite_inline.py): 6-15 % less CPU per update in alternating in-process runs.
- Round 6, real limits: 24.5-28.0 messages/s between runs of the same code. The emulator's send log
  showed the drain's tail: chats raced for each free slot of the global window, some waited 9 s for
  their first message, and the last two or three were left alone at the end, paced by their own
  window (3 per 3 s). With sends served first come, first served (bot/telegram/limiter.py) the last
  chats finish within 0.5 s of each other: 27.3-28.1 messages/s over six runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from throughput_support import (  # noqa: E402
    BotProcess,
    Result,
    Sent,
    Variant,
    bot_messages,
    first_replies,
    new_emulator,
    percentile,
    postgres_url,
    prepare,
    send,
    settle,
    wait_ready,
)

LANGUAGES = ["ru", "uz", "tg", "ky", "en"]
QUIET_QUESTIONS = 20


def questions_by_language() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    with (ROOT / "tests" / "data" / "search_dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            found[row["lang"]].append(row["query"])
    return found


# ---------------------------------------------------------------------------------- the bots


def run_echo_bot() -> None:
    """The baseline: aiogram 3 polling, one send_message per update, nothing else."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    async def main() -> None:
        api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"])
        bot = Bot(os.environ["BOT_TOKEN"], session=AiohttpSession(api=api))
        dispatcher = Dispatcher()

        @dispatcher.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "…")

        await dispatcher.start_polling(bot)

    asyncio.run(main())


async def quiet_run(variant: Variant, folder: Path, database_url: str, questions: dict[str, list[str]]) -> Result:
    """Start-up time, idle memory, the steps' reply counts and one person's latency, in a quiet bot."""
    result = Result(variant.name)
    async with new_emulator(variant) as emulator:
        prepare(emulator)
        process = BotProcess(variant, emulator.base_url, folder, database_url)
        try:
            ready = await wait_ready(emulator, process)
            result.startup = ready - process.started
            await asyncio.sleep(3)  # whatever start-up allocates lazily has happened
            result.idle_rss = process.memory("VmRSS")
            person = emulator.add_user(language_code="ru")
            per_update = []
            script = ["/start", *questions["ru"][:4]]
            # Longer than a private chat's flood window: a reply held by the limiter still counts.
            quiet = 3.5 if variant.real_limits else 0.5
            for step in script:  # the step sizes used to pair replies in the backlog
                before = bot_messages(emulator, person)
                await send(emulator, person, step)
                await settle(emulator, quiet=quiet, timeout=30)
                per_update.append(bot_messages(emulator, person) - before)
            result.per_update = per_update
            for text in (questions["ru"] * 2)[4 : 4 + QUIET_QUESTIONS]:
                item = await send(emulator, person, text)
                before = bot_messages(emulator, person)
                await emulator.wait_for(lambda b=before: bot_messages(emulator, person) > b, timeout=30)
                first = min(
                    m.created_at
                    for m in person.chat.messages.values()
                    if m.from_bot and m.created_at >= item.created_at
                )
                result.quiet.append(first - item.created_at)
                await settle(emulator, quiet=quiet, timeout=30)
        finally:
            process.stop()
    return result


async def backlog_run(
    variant: Variant, folder: Path, database_url: str, users: int, questions: dict[str, list[str]],
    per_update: list[int], profile: Path | None,
) -> Result:  # fmt: skip
    result = Result(variant.name)
    async with new_emulator(variant) as emulator:
        prepare(emulator)
        sent: list[Sent] = []
        for number in range(users):
            lang = LANGUAGES[number % len(LANGUAGES)] if variant.kind == "mihelp" else "ru"
            person = emulator.add_user(language_code=lang)
            pool = questions["ru"] if number == 0 else questions[lang]
            script = ["/start", *(pool[(number + k) % len(pool)] for k in range(4))]
            if number == 0:
                script = ["/start", *questions["ru"][:4]]
            for text in script:
                sent.append(await send(emulator, person, text))
        process = BotProcess(variant, emulator.base_url, folder, database_url)
        spy = None
        try:
            start = await wait_ready(emulator, process)
            if profile is not None:
                spy = subprocess.Popen(  # noqa: ASYNC220 (a short fork, once per run)
                    ["py-spy", "record", "--idle", "--rate", "50", "--format", "speedscope", "-p",
                     str(process.process.pid), "-o", str(profile / f"{variant.name}.speedscope.json")],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            end = await settle(emulator, quiet=3.0, timeout=60 + users * 2)
            result.peak_rss = process.memory("VmHWM")
        finally:
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
            process.stop()
        result.updates = len(sent)
        result.seconds = end - start
        result.messages = len(emulator.sent())
        result.too_many = emulator.stats.too_many_requests
        result.latencies, unpaired = first_replies(emulator, sent, per_update)
        result.unpaired = len(unpaired)
    return result


# ------------------------------------------------------------------------------------ driver


async def fresh_database(variant: Variant, folder: Path, name: str) -> tuple[str, object] | None:
    """A new empty database for one run, and how to drop it (None: no PostgreSQL server)."""
    if variant.database == "sqlite":
        return f"sqlite+aiosqlite:///{folder}/{name}.sqlite3", None
    return await postgres_url()


async def measure(variant: Variant, args: argparse.Namespace, questions: dict[str, list[str]]) -> Result | None:
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        folder = Path(tmp)
        try:
            runs = []
            for name in ("quiet", "backlog"):
                found = await fresh_database(variant, folder, name)
                if found is None:
                    return None
                url, drop = found
                try:
                    if name == "quiet":
                        runs.append(await quiet_run(variant, folder, url, questions))
                    else:
                        per_update = runs[0].per_update
                        runs.append(
                            await backlog_run(variant, folder, url, args.users, questions, per_update, args.profile)
                        )
                finally:
                    if drop is not None:
                        await drop()  # type: ignore[operator]
        finally:
            if args.keep_logs:
                args.keep_logs.mkdir(parents=True, exist_ok=True)
                for log in folder.glob("*.log"):
                    shutil.copy(log, args.keep_logs / log.name)
        quiet, result = runs
        result.quiet, result.startup, result.idle_rss = quiet.quiet, quiet.startup, quiet.idle_rss
        return result


HEADER = (
    f"{'bot':<20}{'upd/s':>7}{'× echo':>8}{'msg/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'429':>5}"
    f"{'quiet p50':>10}{'p99':>6}{'start s':>8}{'idle MiB':>9}{'peak MiB':>9}"
)
LEGEND = """
upd/s: updates / (last reply − first getUpdates); msg/s: messages sent per second while draining;
p50/p99: the bot took the update (getUpdates) → its first reply; quiet: one person, 20 questions,
message → first reply; start: process start → first getUpdates; idle: RSS 3 s after start-up;
peak: VmHWM after the backlog."""


def row(r: Result, echo: Result | None) -> str:
    ratio = r.rate / echo.rate if echo and echo.rate else float("nan")
    return (
        f"{r.variant:<20}{r.rate:>7.1f}{ratio:>8.2f}{r.messages / r.seconds:>7.1f}"
        f"{percentile(r.latencies, 0.5) * 1000:>8.0f}{percentile(r.latencies, 0.99) * 1000:>8.0f}"
        f"{r.too_many:>5}{percentile(r.quiet, 0.5) * 1000:>10.0f}{percentile(r.quiet, 0.99) * 1000:>6.0f}"
        f"{r.startup:>8.1f}{r.idle_rss:>9.0f}{r.peak_rss:>9.0f}"
        + (f"   ({r.unpaired} chats unpaired)" if r.unpaired else "")
    )


async def main(args: argparse.Namespace) -> None:
    questions = questions_by_language()
    variants = [
        Variant("echo", "echo"),
        Variant("mihelp-sqlite", "mihelp"),
        Variant("mihelp-postgres", "mihelp", database="postgres"),
        Variant("mihelp-real-limits", "mihelp", real_limits=True),
    ]
    only = {
        "echo": "echo", "sqlite": "mihelp-sqlite", "postgres": "mihelp-postgres", "limits": "mihelp-real-limits"
    }  # fmt: skip
    chosen = {only[name] for name in args.only.split(",")} if args.only else None
    print(f"backlog: {args.users} people × 5 updates = {args.users * 5} updates, drained from a cold start\n")
    print(HEADER, flush=True)
    echo = None
    for variant in variants:
        if chosen is not None and variant.name not in chosen:
            continue
        result = await measure(variant, args, questions)
        if result is None:
            print(f"{variant.name:<20}skipped: no PostgreSQL server answers", flush=True)
            continue
        echo = result if variant.kind == "echo" else echo
        print(row(result, echo), flush=True)
    print(LEGEND)


if __name__ == "__main__":
    if "--echo-bot" in sys.argv:
        run_echo_bot()
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--big", action="store_true", help="1,000 people instead of --users")
    parser.add_argument("--only", help="comma-separated: echo,sqlite,postgres,limits")
    parser.add_argument("--profile", type=Path, help="record the mi-Help backlog runs with py-spy into FOLDER")
    parser.add_argument("--keep-logs", type=Path, help="copy the bots' logs into FOLDER")
    arguments = parser.parse_args()
    if arguments.big:
        arguments.users = 1000
    if arguments.profile is not None:
        arguments.profile.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(arguments))
