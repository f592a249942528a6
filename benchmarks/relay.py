"""Consultation relay: latency, throughput, 429s, duplicates and losses, against a naive baseline.

    python benchmarks/relay.py [--tickets 12] [--messages 4] [--replies 3] [--scale 0.1]

Both runs use the local Bot API emulator with Telegram's flood limits (windows shortened by
`--scale`, the same for the emulator and the bot, so a minute-long group window costs 6 s).

- mi-Help: the real bot (durable inbox, outbox, flood limiter), N migrants writing to their
  tickets while consultants answer in the topics: once with one staff group for every role
  (STAFF_CHAT_ID), once with a group per role (STAFF_CHATS; tickets spread over the three roles).
  Telegram allows a bot about 20 messages a minute in one group: each group has its own budget.
- Baseline: the same traffic relayed naively: every message copied as soon as it arrives, no
  limiter, no outbox, no retry (what many relay bots do).

Printed: latency p50/p99 user → staff topic and staff reply → user, throughput, 429s, duplicates
and losses for each, and the user → staff p99 of one group against three.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.exceptions import TelegramAPIError  # noqa: E402

from bot.callbacks import ConsultCb, LangCb, MenuCb  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.runtime.embedded import RunningBot  # noqa: E402
from tgemu import Emulator, FloodLimits  # noqa: E402

TOKEN = "123456789:BENCHMARK-token-for-the-local-emulator"
STAFF = -1001000000001
ROLE_GROUPS = {"doctor": -1001000000002, "social": -1001000000003}  # lawyers stay in STAFF
ROLES = ("lawyer", "doctor", "social")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


class Traffic:
    """N migrants writing M messages each, consultants answering R times per ticket."""

    def __init__(self, tickets: int, messages: int, replies: int, seed: int = 11) -> None:
        self.tickets, self.messages, self.replies = tickets, messages, replies
        self.rng = random.Random(seed)

    def question(self, person: int, number: int) -> str:
        return f"q{person:03d}-{number:02d}"

    def answer(self, person: int, number: int) -> str:
        return f"a{person:03d}-{number:02d}"


def report(name: str, emulator: Emulator, groups, people, traffic: Traffic, seconds: float) -> dict:  # type: ignore[no-untyped-def]
    group_messages = [message for group in groups for message in group.chat.messages.values()]
    to_staff: list[float] = []
    to_user: list[float] = []
    duplicates = 0
    for index, person in enumerate(people):
        sent = {m.text: m.created_at for m in person.chat.messages.values() if not m.from_bot and m.text}
        staff_copies = Counter()
        staff_times = {}
        for message in group_messages:
            if message.from_bot and message.text and message.text.startswith(f"q{index:03d}-"):
                staff_copies[message.text] += 1
                staff_times.setdefault(message.text, message.created_at)
        for number in range(traffic.messages):
            text = traffic.question(index, number)
            if staff_copies[text]:
                duplicates += staff_copies[text] - 1
                to_staff.append(staff_times[text] - sent[text])
        posted = {m.text: m.created_at for m in group_messages if not m.from_bot and m.text}
        received = Counter()
        received_at = {}
        for message in person.chat.messages.values():
            if message.from_bot and message.text:
                for number in range(traffic.replies):
                    text = traffic.answer(index, number)
                    if message.text.endswith(text):
                        received[text] += 1
                        received_at.setdefault(text, message.created_at)
        for number in range(traffic.replies):
            text = traffic.answer(index, number)
            if text not in posted:
                continue  # the baseline may have lost the topic itself: counted below
            if received[text]:
                duplicates += received[text] - 1
                to_user.append(received_at[text] - posted[text])
    expected = len(people) * (traffic.messages + traffic.replies)
    rate_limited = sum(emulator.stats.rate_limited.values())
    delivered = len(to_staff) + len(to_user)
    print(
        f"{name:<17} delivered {delivered}/{expected} in {seconds:.1f} s ({delivered / seconds:.2f} msg/s)  "
        f"user→staff p50 {percentile(to_staff, 0.5):.2f} s p99 {percentile(to_staff, 0.99):.2f} s  "
        f"staff→user p50 {percentile(to_user, 0.5):.2f} s p99 {percentile(to_user, 0.99):.2f} s  "
        f"429s {rate_limited}  duplicates {duplicates}  losses {expected - delivered}"
    )
    return {
        "delivered": delivered,
        "expected": expected,
        "429": rate_limited,
        "duplicates": duplicates,
        "to_staff_p99": percentile(to_staff, 0.99),
    }


async def run_mi_help(traffic: Traffic, limits: FloodLimits, folder: Path, groups: int = 1) -> dict:
    """The real bot; `groups`: 1 (every role in STAFF_CHAT_ID) or 3 (a group per role, STAFF_CHATS)."""
    async with Emulator(limits=limits) as emulator:
        emulator.add_bot(token=TOKEN, username="mihelp_bench_bot")
        staff = emulator.add_supergroup(chat_id=STAFF, title="Staff", is_forum=True)
        group_of = {"lawyer": staff, "doctor": staff, "social": staff}
        if groups == 3:
            for role, chat_id in ROLE_GROUPS.items():
                group_of[role] = emulator.add_supergroup(chat_id=chat_id, title=f"Staff: {role}", is_forum=True)
        all_groups = list({id(g): g for g in group_of.values()}.values())
        consultant_in = {id(group): group.add_member(admin=True) for group in all_groups}
        settings = load_settings(
            bot_token=TOKEN,
            telegram_api_base=emulator.base_url,
            database_url=f"sqlite+aiosqlite:///{folder}/relay-{groups}.db",
            data_key="benchmark-data-key-which-is-long-enough-000",
            data_dir=folder,
            staff_chat_id=STAFF,
            staff_chats=",".join(f"{role}:{chat}" for role, chat in ROLE_GROUPS.items()) if groups == 3 else "",
            user_messages_per_minute=1000,
            limit_global=f"{limits.global_per_second}/1",
            limit_private=f"{limits.private[0]}/{limits.private[1]}",
            limit_group=f"{limits.group[0]}/{limits.group[1]}",
            log_level="WARNING",
        )
        bot = await RunningBot(settings, emulator=emulator).start()
        people = []
        role_of = [ROLES[index % len(ROLES)] for index in range(traffic.tickets)]  # the same mix in both runs
        for index in range(traffic.tickets):  # set-up, not measured: language, menu, role
            person = emulator.add_user(language_code="ru")
            await person.send_command("/start")
            await bot.idle()
            for data in (
                LangCb(code="ru").pack(),
                MenuCb(section="consult").pack(),
                ConsultCb(action="go", role=role_of[index]).pack(),
            ):
                await person.press(data)
                await bot.idle()
            people.append(person)
        emulator.stats.rate_limited.clear()
        started = time.monotonic()
        threads: dict[int, int] = {}

        async def migrant(index: int) -> None:
            for number in range(traffic.messages):
                await people[index].send_text(traffic.question(index, number))
                await asyncio.sleep(traffic.rng.uniform(0.05, 0.4))

        def first_question(group, topic_id: int) -> str | None:  # type: ignore[no-untyped-def]
            return next((m.text for m in group.messages(thread_id=topic_id) if (m.text or "").startswith("q")), None)

        async def consultants() -> None:
            def all_topics_have_a_question() -> bool:
                topics = [(group, topic) for group in all_groups for topic in group.topics()]
                return len(topics) == len(people) and all(first_question(g, topic.id) for g, topic in topics)

            await emulator.wait_for(all_topics_have_a_question, timeout=600, poll_interval=0.2)
            for group in all_groups:
                for topic in group.topics():
                    threads[int(first_question(group, topic.id)[1:4])] = topic.id

            async def answer(index: int, number: int) -> None:
                group = group_of[role_of[index]]
                await group.post(consultant_in[id(group)], traffic.answer(index, number), thread_id=threads[index])

            for number in range(traffic.replies):
                for index in range(len(people)):
                    await answer(index, number)
                await asyncio.sleep(0.2)

        await asyncio.gather(*(migrant(i) for i in range(len(people))), consultants())
        await bot.idle(timeout=1200)
        seconds = time.monotonic() - started
        name = "mi-Help 1 group" if groups == 1 else f"mi-Help {groups} groups"
        figures = report(name, emulator, all_groups, people, traffic, seconds)
        await bot.stop()
        return figures


async def run_baseline(traffic: Traffic, limits: FloodLimits) -> None:
    """Copy every message the moment it arrives: no limiter, no outbox, no retry."""
    async with Emulator(limits=limits) as emulator:
        emulator.add_bot(token=TOKEN, username="naive_bench_bot")
        staff = emulator.add_supergroup(chat_id=STAFF, title="Staff", is_forum=True)
        consultant = staff.add_member(admin=True)
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
        people = [emulator.add_user(language_code="ru", started=True) for _ in range(traffic.tickets)]
        topic_of: dict[int, int] = {}
        person_of: dict[int, int] = {}
        stop = asyncio.Event()

        async def relay() -> None:
            offset = None
            while not stop.is_set():
                updates = await bot.get_updates(offset=offset, timeout=1)
                for update in updates:
                    offset = update.update_id + 1
                    message = update.message
                    if message is None or not message.text:
                        continue
                    try:
                        if message.chat.type == "private":
                            if message.chat.id not in topic_of:
                                topic = await bot.create_forum_topic(STAFF, f"ticket {message.chat.id}")
                                topic_of[message.chat.id] = topic.message_thread_id
                                person_of[topic.message_thread_id] = message.chat.id
                            await bot.copy_message(STAFF, message.chat.id, message.message_id,
                                                   message_thread_id=topic_of[message.chat.id])  # fmt: skip
                        elif message.message_thread_id in person_of and not message.from_user.is_bot:
                            await bot.send_message(person_of[message.message_thread_id], f"Юрист:\n{message.text}")
                    except TelegramAPIError:
                        pass  # the naive relay: a failed call is a lost message

        relay_task = asyncio.create_task(relay())
        emulator.stats.rate_limited.clear()
        started = time.monotonic()

        async def migrant(index: int) -> None:
            for number in range(traffic.messages):
                await people[index].send_text(traffic.question(index, number))
                await asyncio.sleep(traffic.rng.uniform(0.05, 0.4))

        async def consultants() -> None:
            with contextlib.suppress(TimeoutError):  # some topics the naive relay never manages to create
                await emulator.wait_for(lambda: len(staff.topics()) >= len(people), timeout=20, poll_interval=0.2)
            for number in range(traffic.replies):
                for index, person in enumerate(people):
                    if person.id in topic_of:
                        await staff.post(consultant, traffic.answer(index, number), thread_id=topic_of[person.id])
                await asyncio.sleep(0.2)

        await asyncio.gather(*(migrant(i) for i in range(len(people))), consultants())
        await asyncio.sleep(3)
        stop.set()
        await relay_task
        seconds = time.monotonic() - started - 3
        report("baseline", emulator, [staff], people, traffic, seconds)
        await bot.session.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=12)
    parser.add_argument("--messages", type=int, default=4, help="messages per migrant")
    parser.add_argument("--replies", type=int, default=3, help="consultant replies per ticket")
    parser.add_argument("--scale", type=float, default=0.1, help="flood-limit windows × this (1 = real time)")
    args = parser.parse_args()
    limits = FloodLimits().scaled(args.scale)
    print(
        f"{args.tickets} tickets × ({args.messages} messages + {args.replies} replies); Telegram's limits with "
        f"windows × {args.scale}: group {limits.group[0]}/{limits.group[1]:.0f} s, private "
        f"{limits.private[0]}/{limits.private[1]:.1f} s, global {limits.global_per_second}/s"
    )
    with tempfile.TemporaryDirectory() as folder:
        one = await run_mi_help(Traffic(args.tickets, args.messages, args.replies), limits, Path(folder), groups=1)
        three = await run_mi_help(Traffic(args.tickets, args.messages, args.replies), limits, Path(folder), groups=3)
    await run_baseline(Traffic(args.tickets, args.messages, args.replies), limits)
    ratio = one["to_staff_p99"] / three["to_staff_p99"] if three["to_staff_p99"] else float("nan")
    print(
        f"user→staff p99: one group {one['to_staff_p99']:.2f} s, a group per role {three['to_staff_p99']:.2f} s "
        f"({ratio:.2f}× faster with three groups; windows × {args.scale})"
    )


if __name__ == "__main__":
    asyncio.run(main())
