"""Replicas: 1, 2 and 3 bot processes in webhook mode on one PostgreSQL and one Redis.

    python benchmarks/replicas.py [--replicas 1 2 3] [--visitors 40] [--rounds 3] [--migrants 10] [--people 300]

Each set-up runs real `python -m bot run` processes against the local Bot API emulator, behind a
round-robin proxy that sends every fourth update to two replicas. Telegram's 30 messages/s overall;
per-chat windows 10 times shorter (the staff group's 20 a minute would otherwise set the pace).
Printed per set-up:
- updates/s: a burst of /start from `--visitors` people, `--rounds` each, until every one answered;
- the outbound rate of an announcement to `--people` people (bounded by the shared 30/s);
- p99 relay latency: a consultant's answer, from the post in the topic to the copy at the person;
- 429s, duplicates and losses.
The one-replica run is the baseline: the other rows give their ratio to it.

Needs PostgreSQL on 127.0.0.1:5432 (TEST_POSTGRES_DSN) and `redis-server` on PATH (a private one is
started on a free port).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.callbacks import BroadcastCb, ConsultCb, LangCb, MenuCb  # noqa: E402
from db.identity import IdentityVault  # noqa: E402
from db.migrate import upgrade_async  # noqa: E402
from tests.conftest import ADMIN_ID, DATA_KEY, STAFF_CHAT_ID, TEST_TOKEN, create_postgres_database  # noqa: E402
from tests.e2e.conftest import limit_settings  # noqa: E402
from tests.e2e.replica_cluster import Cluster  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402
from tgemu import Emulator, FloodLimits  # noqa: E402

ANNOUNCEMENT = "Объявление: замер рассылки."
SENDING = ("send", "copy", "forward")
# Telegram's limits: 30 messages/s overall as in Telegram; the per-chat windows 10 times shorter, so
# the staff group's 20 messages a minute does not make the whole run wait for minutes.
LIMITS = FloodLimits().scaled(0.1)


@dataclass
class Figures:
    replicas: int
    updates_per_second: float
    outbound_per_second: float
    p99_relay_ms: float
    too_many_requests: int
    duplicates: int
    losses: int


async def press_when_ready(emulator: Emulator, user, data: str) -> None:  # type: ignore[no-untyped-def]
    await emulator.wait_for(
        lambda: any(b.get("callback_data") == data for m in user.messages() for b in m.buttons()), timeout=120
    )
    await user.press(data)


async def seed_people(database_url: str, emulator: Emulator, count: int) -> list[int]:
    from db.engine import create_engine, create_sessionmaker
    from db.repositories.users import UserRepository

    ids = [7_000_000_000 + n for n in range(count)]
    engine = create_engine(database_url)
    async with create_sessionmaker(engine)() as session:
        users = UserRepository(session, IdentityVault(DATA_KEY.encode()))
        for telegram_id in ids:
            emulator.add_user(user_id=telegram_id, language_code="ru", started=True)
            user, _ = await users.get_or_create(telegram_id)
            user.language = "ru"
        await session.commit()
    await engine.dispose()
    return ids


def relay_copies(staff, prefix: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Text -> when its first copy appeared in the staff group (emulator clock)."""
    seen: dict[str, float] = {}
    for topic in staff.topics():
        for message in staff.messages(thread_id=topic.id):
            if (message.text or "").startswith(prefix):
                seen.setdefault(message.text, message.created_at)
    return seen


async def run(replicas: int, migrants: int, visitors: int, rounds: int, people: int, folder: Path) -> Figures:
    database_url, drop = await create_postgres_database()
    redis = RedisServer()
    await redis.start()
    try:
        await upgrade_async(database_url)
        async with Emulator(limits=LIMITS) as emulator:
            emulator.add_bot(token=TEST_TOKEN, username="mihelp_bench_bot")
            staff = emulator.add_supergroup(chat_id=STAFF_CHAT_ID, title="Staff", is_forum=True)
            consultant = staff.add_member()
            audience = await seed_people(database_url, emulator, people)
            env = {"ADMIN_IDS": str(ADMIN_ID), **{key.upper(): value for key, value in limit_settings(LIMITS).items()}}
            cluster = Cluster(
                folder, replicas=replicas, api_base=emulator.base_url, database_url=database_url,
                redis_url=redis.url, env=env,
            )  # fmt: skip
            await cluster.start()
            try:
                return await measure(emulator, staff, consultant, replicas, migrants, visitors, rounds, audience)
            finally:
                await cluster.stop()
    finally:
        await redis.stop()
        await drop()


async def measure(emulator, staff, consultant, replicas, migrants, visitors, rounds, audience) -> Figures:  # type: ignore[no-untyped-def]
    people = [emulator.add_user(language_code="ru") for _ in range(migrants)]

    async def open_consultation(person) -> None:  # type: ignore[no-untyped-def]
        await person.send_command("/start")
        await press_when_ready(emulator, person, LangCb(code="ru").pack())
        await press_when_ready(emulator, person, MenuCb(section="consult").pack())
        await press_when_ready(emulator, person, ConsultCb(action="go", role="lawyer").pack())
        await emulator.wait_for(lambda: len(person.messages()) >= 5, timeout=120)

    await asyncio.gather(*(open_consultation(person) for person in people))
    for number, person in enumerate(people):  # opens each ticket's topic
        await person.send_text(f"w{number}-first")
    await emulator.wait_for(lambda: len(relay_copies(staff, "w")) == migrants, timeout=300, poll_interval=0.5)
    thread_of = {}
    for text in relay_copies(staff, "w"):
        topic = next(t for t in staff.topics() if any(m.text == text for m in staff.messages(thread_id=t.id)))
        thread_of[int(text[1 : text.index("-")])] = topic.id
    emulator.stats.rate_limited.clear()

    # Updates/s: a burst of /start from people who are not in a consultation (answered in private).
    crowd = [emulator.add_user(language_code="ru") for _ in range(visitors)]
    started = time.monotonic()
    for _ in range(rounds):
        for visitor in crowd:
            await visitor.send_command("/start")
    await emulator.wait_for(lambda: all(len(v.messages()) >= rounds for v in crowd), timeout=600, poll_interval=0.2)
    updates_per_second = visitors * rounds / (time.monotonic() - started)

    # Relay latency: each consultant answer, from the post in the topic to the copy in the person's chat.
    posted: dict[str, float] = {}
    for step in range(3):
        for number in range(migrants):
            text = f"a{number}-{step}"
            posted[text] = emulator.world.clock()
            await staff.post(consultant, text, thread_id=thread_of[number])

    def arrived() -> dict[str, float]:
        seen: dict[str, float] = {}
        for person in people:
            for message in person.messages():
                for text in posted:
                    if (message.text or "").endswith(text):
                        seen.setdefault(text, message.created_at)
        return seen

    await emulator.wait_for(lambda: len(arrived()) == len(posted), timeout=600, poll_interval=0.5)
    relays = arrived()
    latencies = sorted((relays[text] - sent) * 1000 for text, sent in posted.items())

    admin = emulator.add_user(user_id=ADMIN_ID, language_code="ru")
    await admin.send_command("/start")
    await press_when_ready(emulator, admin, LangCb(code="ru").pack())
    before = len(admin.messages())
    await admin.send_command("/broadcast")
    await emulator.wait_for(lambda: len(admin.messages()) > before, timeout=60)
    await admin.send_text(ANNOUNCEMENT)
    await press_when_ready(emulator, admin, BroadcastCb(action="aud", audience="all").pack())
    await press_when_ready(emulator, admin, BroadcastCb(action="send").pack())
    began = len(emulator.world.sent_log)

    def got(telegram_id: int) -> int:
        return sum(1 for m in emulator.user(telegram_id).messages() if ANNOUNCEMENT in (m.text or ""))

    await emulator.wait_for(lambda: all(got(u) for u in audience), timeout=600, poll_interval=0.5)
    await asyncio.sleep(2)  # a repeat would arrive now
    announcement_times = [
        record.time for record in emulator.world.sent_log[began:]
        if record.method.startswith(SENDING) and ANNOUNCEMENT in (record.text or "")
    ]  # fmt: skip
    span = max(announcement_times) - min(announcement_times)

    answers = [
        m.text for person in people for m in person.messages() if any((m.text or "").endswith(t) for t in posted)
    ]
    counts = [got(u) for u in audience]
    duplicates = len(answers) - len(set(answers)) + sum(c - 1 for c in counts if c > 1)
    losses = sum(1 for c in counts if c == 0)
    return Figures(
        replicas=replicas,
        updates_per_second=updates_per_second,
        outbound_per_second=len(announcement_times) / max(span, 0.001),
        p99_relay_ms=latencies[max(0, int(len(latencies) * 0.99) - 1)],
        too_many_requests=emulator.stats.too_many_requests,
        duplicates=duplicates,
        losses=losses,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--migrants", type=int, default=10, help="people in a consultation (relay latency)")
    parser.add_argument("--visitors", type=int, default=40, help="people sending /start at once (updates/s)")
    parser.add_argument("--rounds", type=int, default=3, help="/start commands each visitor sends")
    parser.add_argument("--people", type=int, default=300, help="recipients of the announcement")
    args = parser.parse_args()
    print(
        f"{args.visitors} visitors x {args.rounds} /start, {args.migrants} migrants x 3 answers, "
        f"an announcement to {args.people} people; 30 msg/s overall, per-chat windows 10x shorter; "
        "PostgreSQL + Redis; the proxy sends every 4th update twice"
    )
    results: list[Figures] = []
    for count in args.replicas:
        with tempfile.TemporaryDirectory() as folder:
            results.append(await run(count, args.migrants, args.visitors, args.rounds, args.people, Path(folder)))
        figures = results[-1]
        base = results[0]
        print(
            f"{figures.replicas} replica(s): {figures.updates_per_second:6.1f} updates/s "
            f"(x{figures.updates_per_second / base.updates_per_second:.2f})  "
            f"outbound {figures.outbound_per_second:5.1f} msg/s "
            f"(x{figures.outbound_per_second / base.outbound_per_second:.2f})  "
            f"p99 relay {figures.p99_relay_ms:7.0f} ms  429s {figures.too_many_requests}  "
            f"duplicates {figures.duplicates}  losses {figures.losses}",
            flush=True,
        )


if __name__ == "__main__":
    asyncio.run(main())
