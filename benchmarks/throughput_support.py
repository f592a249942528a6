"""The bots as subprocesses, and the figures read from the emulator (see throughput.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from tgemu import Emulator, FloodLimits

ROOT = Path(__file__).resolve().parents[1]
ECHO_BOT = Path(__file__).with_name("throughput.py")
TOKEN = "123456789:BENCHMARK-token-for-the-local-emulator"
STAFF = -1001000000001
DATA_KEY = "benchmark-data-key-which-is-long-enough-0123456789"
LIFTED = "100000/1"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass
class Variant:
    name: str
    kind: str  # "echo" or "mihelp"
    database: str = "sqlite"
    real_limits: bool = False


class BotProcess:
    """A bot as a subprocess: started, measured from /proc, stopped with SIGTERM."""

    def __init__(self, variant: Variant, base_url: str, folder: Path, database_url: str) -> None:
        self.variant = variant
        env = {**os.environ, "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": base_url, "LOG_LEVEL": "WARNING"}
        if variant.kind == "echo":
            command = [sys.executable, str(ECHO_BOT), "--echo-bot"]
        else:
            command = [sys.executable, "-m", "bot", "run"]
            env.update(DATABASE_URL=database_url, DATA_KEY=DATA_KEY, DATA_DIR=str(folder), STAFF_CHAT_ID=str(STAFF))
            if not variant.real_limits:
                env.update(LIMIT_GLOBAL=LIFTED, LIMIT_PRIVATE=LIFTED, LIMIT_GROUP=LIFTED)
            # A restart, as most starts are: the database is already current, so the bot does not
            # load Alembic (the first start after an upgrade keeps about 11 MiB more until the next).
            subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        self.log = (folder / f"{variant.name}.log").open("ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.started = time.monotonic()

    def memory(self, field_name: str) -> float:
        """VmRSS (now) or VmHWM (peak) in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


# ----------------------------------------------------------------------------- measurements


@dataclass
class Sent:
    chat_id: int
    update_id: int
    created_at: float


@dataclass
class Result:
    variant: str
    updates: int = 0
    seconds: float = float("nan")
    messages: int = 0
    per_update: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    quiet: list[float] = field(default_factory=list)
    startup: float = float("nan")
    idle_rss: float = float("nan")
    peak_rss: float = float("nan")
    too_many: int = 0
    unpaired: int = 0

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else float("nan")


def taken_at(emulator: Emulator) -> callable:  # type: ignore[valid-type]
    """When the bot took update u: the getUpdates answered just before the first one confirming u."""
    polls = [(call.time, int(call.params.get("offset") or 0)) for call in emulator.find_calls("getUpdates")]

    def when(update_id: int) -> float:
        for index, (_time, offset) in enumerate(polls):
            if offset > update_id:
                return polls[index - 1][0] if index else _time
        return polls[-1][0] if polls else float("nan")

    return when


def first_replies(emulator: Emulator, sent: list[Sent], per_update: list[int]) -> tuple[list[float], list[float]]:
    """Per update: (arrival → first reply) using the number of bot messages each step produces.

    Updates of one chat are answered in order, so the bot's messages in a chat split into groups
    of the sizes measured on the quiet run. A chat whose count differs is left out (counted)."""
    when = taken_at(emulator)
    by_chat: dict[int, list[Sent]] = defaultdict(list)
    for item in sent:
        by_chat[item.chat_id].append(item)
    latencies: list[float] = []
    unpaired: list[float] = []
    for chat_id, items in by_chat.items():
        replies = sorted(m.created_at for m in emulator.user(chat_id).chat.messages.values() if m.from_bot)
        if len(replies) != sum(per_update[: len(items)]):
            unpaired.append(chat_id)
            continue
        position = 0
        for item, count in zip(items, per_update, strict=False):
            latencies.append(replies[position] - max(when(item.update_id), item.created_at))
            position += count
    return latencies, unpaired


async def send(emulator: Emulator, user, text: str) -> Sent:  # type: ignore[no-untyped-def]
    message = await (user.send_command(text) if text.startswith("/") else user.send_text(text))
    update_id = emulator.pending_updates()[-1]["update_id"]
    return Sent(user.id, update_id, message.created_at)


def bot_messages(emulator: Emulator, user) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for m in user.chat.messages.values() if m.from_bot)


async def settle(emulator: Emulator, quiet: float, timeout: float) -> float:
    """Wait until no update is waiting and no new message came for `quiet` s; the last one's time."""
    deadline = time.monotonic() + timeout
    last_count, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(emulator.sent())
        if count != last_count or emulator.pending_updates():
            last_count, last_change = count, time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            break
        await asyncio.sleep(0.05)
    return max((record.time for record in emulator.sent()), default=float("nan"))


async def wait_ready(emulator: Emulator, process: BotProcess, timeout: float = 120) -> float:
    """When the bot's first getUpdates arrived (a long poll is logged only when it returns)."""
    deadline = time.monotonic() + timeout
    while not emulator.stats.requests.get("getUpdates"):
        if process.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{process.variant.name} did not start (see its log)")
        await asyncio.sleep(0.01)
    return time.monotonic()


@contextlib.asynccontextmanager
async def new_emulator(variant: Variant) -> AsyncIterator[Emulator]:
    emulator = Emulator(limits=FloodLimits() if variant.real_limits else FloodLimits(enabled=False))
    await emulator.start()
    try:
        yield emulator
    finally:
        with contextlib.suppress(TimeoutError):  # a connection left open must not hold the run
            await asyncio.wait_for(emulator.stop(), timeout=15)


def prepare(emulator: Emulator) -> None:
    emulator.add_bot(token=TOKEN, username="mihelp_bench_bot", first_name="mi-Help")
    emulator.add_supergroup(chat_id=STAFF, title="Staff", is_forum=True)


async def postgres_url() -> tuple[str, object] | None:
    dsn = os.environ.get("TEST_POSTGRES_DSN", "postgresql://127.0.0.1:5432/postgres")
    try:
        import asyncpg

        admin = await asyncio.wait_for(asyncpg.connect(dsn), timeout=3)
    except Exception:
        return None
    name = f"mihelp_bench_{uuid.uuid4().hex[:10]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()

    async def drop() -> None:
        admin = await asyncpg.connect(dsn)
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.close()

    base = dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return f"{base}/{name}", drop
