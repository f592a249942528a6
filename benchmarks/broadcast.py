"""Announcements: sending rate, 429s and losses for a broadcast to thousands of people.

    python benchmarks/broadcast.py [--users 3000] [--blocked 30]

Runs the real bot against the local Bot API emulator with Telegram's real flood limits (about 30
messages per second overall). People are created directly in the database (creating 3,000 through
/start would only measure the set-up). The admin then uses /broadcast exactly as in Telegram:
message → audience → preview → confirm. A few people have blocked the bot without the bot knowing.

Target: at least 27 messages/s sustained (90% of Telegram's 30/s), no 429 and no loss.
Baseline in the same run: a plain loop that sends to everyone as fast as it can, with no limiter
and no retry (what a naive announcement script does).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.exceptions import TelegramAPIError  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.callbacks import BroadcastCb, LangCb  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.runtime.embedded import RunningBot  # noqa: E402
from db.models import User  # noqa: E402
from db.repositories.users import UserRepository  # noqa: E402
from tgemu import Emulator, FloodLimits  # noqa: E402

TOKEN = "123456789:BENCHMARK-token-for-the-local-emulator"
ADMIN = 900000001
TEXT = "Важно: с 1 января меняются правила оплаты патента. Подробности в боте."


async def create_people(bot: RunningBot, emulator: Emulator, count: int) -> list[int]:
    ids = [5_000_000_000 + n for n in range(count)]
    languages = ["ru", "uz", "tg", "ky", "en", "uz-Cyrl"]
    async with bot.context.sessionmaker() as session:
        users = UserRepository(session, bot.context.vault)
        for number, telegram_id in enumerate(ids):
            emulator.add_user(user_id=telegram_id, language_code="ru", started=True)
            user, _ = await users.get_or_create(telegram_id)
            user.language = languages[number % len(languages)]
        await session.commit()
    return ids


def received(emulator: Emulator, telegram_id: int) -> int:
    return sum(1 for m in emulator.user(telegram_id).messages() if "Важно:" in (m.text or ""))


async def run_mi_help(users: int, blocked: int, folder: Path) -> None:
    async with Emulator(limits=FloodLimits()) as emulator:
        emulator.add_bot(token=TOKEN, username="mihelp_bench_bot")
        settings = load_settings(
            bot_token=TOKEN,
            telegram_api_base=emulator.base_url,
            database_url=f"sqlite+aiosqlite:///{folder}/broadcast.db",
            data_key="benchmark-data-key-which-is-long-enough-000",
            data_dir=folder,
            admin_ids=str(ADMIN),
            log_level="WARNING",
        )
        bot = await RunningBot(settings, emulator=emulator).start()
        ids = await create_people(bot, emulator, users)
        blocked_ids = set(ids[:: max(1, users // blocked)][:blocked])
        for telegram_id in blocked_ids:
            emulator.block(telegram_id)
        emulator.world.bots[emulator.bot.id].pending.clear()  # the bot does not hear about the blocks
        admin = emulator.add_user(user_id=ADMIN, language_code="ru")
        await admin.send_command("/start")
        await bot.idle()
        await admin.press(LangCb(code="ru").pack())
        await bot.idle()
        await admin.send_command("/broadcast")
        await bot.idle()
        await admin.send_text(TEXT)
        await bot.idle()
        await admin.press(BroadcastCb(action="aud", audience="all").pack())
        await bot.idle()
        emulator.stats.rate_limited.clear()
        started = time.monotonic()
        await admin.press(BroadcastCb(action="send").pack())
        expected = users - len(blocked_ids)
        await emulator.wait_for(
            lambda: sum(received(emulator, u) for u in ids) >= expected, timeout=users, poll_interval=1.0
        )
        seconds = time.monotonic() - started
        await bot.idle(timeout=120)
        await bot.app.report_broadcasts()
        counts = [received(emulator, u) for u in ids if u not in blocked_ids]
        losses = sum(1 for c in counts if c == 0)
        duplicates = sum(c - 1 for c in counts if c > 1)
        async with bot.context.sessionmaker() as session:
            recorded = await session.scalar(
                select(func.count()).select_from(User).where(User.blocked_bot_at.is_not(None))
            )
        print(
            f"mi-Help    {expected} delivered in {seconds:.1f} s = {expected / seconds:.1f} msg/s  "
            f"429s {sum(emulator.stats.rate_limited.values())}  losses {losses}  duplicates {duplicates}  "
            f"blocked people recorded {recorded}/{len(blocked_ids)}"
        )
        # The progress message is edited into the report (the admin may also get the announcement itself).
        report = next((m.text for m in reversed(admin.messages()) if (m.text or "").startswith("✅")), "—")
        print(f"           admin's final report: {report.splitlines()[0]}")
        await bot.stop()


async def run_baseline(users: int, blocked: int) -> None:
    async with Emulator(limits=FloodLimits()) as emulator:
        emulator.add_bot(token=TOKEN, username="naive_bench_bot")
        ids = [5_000_000_000 + n for n in range(users)]
        for telegram_id in ids:
            emulator.add_user(user_id=telegram_id, language_code="ru", started=True)
        blocked_ids = set(ids[:: max(1, users // blocked)][:blocked])
        for telegram_id in blocked_ids:
            emulator.block(telegram_id)
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
        semaphore = asyncio.Semaphore(32)

        async def send(telegram_id: int) -> None:
            async with semaphore:
                with contextlib.suppress(TelegramAPIError):  # naive: a refused message is not delivered
                    await bot.send_message(telegram_id, TEXT)

        started = time.monotonic()
        await asyncio.gather(*(send(u) for u in ids))
        seconds = time.monotonic() - started
        delivered = sum(received(emulator, u) for u in ids if u not in blocked_ids)
        expected = users - len(blocked_ids)
        print(
            f"baseline   {delivered}/{expected} delivered in {seconds:.1f} s = {delivered / seconds:.1f} msg/s  "
            f"429s {sum(emulator.stats.rate_limited.values())}  losses {expected - delivered}"
        )
        await bot.session.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--blocked", type=int, default=30, help="people who blocked the bot")
    args = parser.parse_args()
    print(f"{args.users} people ({args.blocked} blocked the bot), Telegram's real limits (30 msg/s overall)")
    with tempfile.TemporaryDirectory() as folder:
        await run_mi_help(args.users, args.blocked, Path(folder))
    await run_baseline(args.users, args.blocked)


if __name__ == "__main__":
    asyncio.run(main())
