"""SIGKILL the bot process under traffic, restart it, and check that nothing was lost or reordered.

The bot runs as a real `python -m bot run` subprocess against the emulator. Migrants and a
consultant keep writing while the process is killed three times at random moments.

What "exactly once" can mean with the Bot API: Telegram has no idempotency key, so a message whose
call reached Telegram just before the kill, but whose success was not yet recorded, is sent again
after the restart. The outbox marks such rows `uncertain`; the test allows a repeat only for them
(there are usually none) and demands no loss and the right order everywhere.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from pathlib import Path

import pytest

from bot.callbacks import ConsultCb, LangCb, MenuCb
from tests.conftest import DATA_KEY, STAFF_CHAT_ID, TEST_TOKEN
from tests.e2e.conftest import TEST_LIMITS, limit_settings
from tests.e2e.harness import BotSubprocess, press_when_ready
from tgemu import Emulator

PEOPLE = 4
MESSAGES_EACH = 12
KILLS = 3

pytestmark = pytest.mark.slow


def bot_env(emulator: Emulator, folder: Path) -> dict[str, str]:
    env = {
        "BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_API_BASE": emulator.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder}/db.sqlite",
        "DATA_KEY": DATA_KEY,
        "DATA_DIR": str(folder),
        "STAFF_CHAT_ID": str(STAFF_CHAT_ID),
        "LOG_LEVEL": "WARNING",
    }
    env.update({key.upper(): value for key, value in limit_settings(TEST_LIMITS).items()})
    return env


def texts(messages) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.text for m in messages if m.text]


async def test_sigkill_under_traffic_loses_and_reorders_nothing(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    async with Emulator(limits=TEST_LIMITS) as emulator:
        emulator.add_bot(token=TEST_TOKEN, username="mihelp_test_bot")
        staff = emulator.add_supergroup(chat_id=STAFF_CHAT_ID, title="Staff", is_forum=True)
        consultant = staff.add_member()
        process = BotSubprocess(bot_env(emulator, tmp_path), tmp_path / "bot.log")
        process.start()
        try:
            people = [emulator.add_user(language_code="ru") for _ in range(PEOPLE)]
            for person in people:
                await person.send_command("/start")
                await press_when_ready(emulator, person, LangCb(code="ru").pack())
                await press_when_ready(emulator, person, MenuCb(section="consult").pack())
                await press_when_ready(emulator, person, ConsultCb(action="go", role="lawyer").pack())
                await emulator.wait_for(lambda p=person: len(p.messages()) >= 5, timeout=30)
            for number, person in enumerate(people):
                await person.send_text(f"p{number}-q00")
            await emulator.wait_for(
                lambda: (
                    len(staff.topics()) == PEOPLE
                    and all(
                        any((m.text or "").startswith("p") for m in staff.messages(thread_id=topic.id))
                        for topic in staff.topics()
                    )
                ),
                timeout=60,
            )
            thread_of = {}
            for topic in staff.topics():
                first = next(m.text for m in staff.messages(thread_id=topic.id) if (m.text or "").startswith("p"))
                thread_of[int(first[1 : first.index("-")])] = topic.id

            async def traffic() -> None:
                for step in range(1, MESSAGES_EACH):
                    for number, person in enumerate(people):
                        await person.send_text(f"p{number}-q{step:02d}")
                        await staff.post(consultant, f"p{number}-a{step:02d}", thread_id=thread_of[number])
                    await asyncio.sleep(rng.uniform(0.05, 0.25))

            async def killer() -> None:
                for _ in range(KILLS):
                    await asyncio.sleep(rng.uniform(0.4, 1.5))
                    process.kill()
                    await asyncio.sleep(rng.uniform(0.1, 0.6))
                    process.start()

            await asyncio.gather(traffic(), killer())

            def complete() -> bool:
                for number, person in enumerate(people):
                    seen_staff = set(texts(staff.messages(thread_id=thread_of[number])))
                    seen_user = set(texts(person.messages()))
                    questions = {f"p{number}-q{step:02d}" for step in range(MESSAGES_EACH)}
                    answers = {f"p{number}-a{step:02d}" for step in range(1, MESSAGES_EACH)}
                    if not questions <= seen_staff or not all(
                        any(text.endswith(a) for text in seen_user) for a in answers
                    ):
                        return False
                return True

            await emulator.wait_for(complete, timeout=180, poll_interval=0.5)
            await asyncio.sleep(2)  # anything extra (a duplicate) would arrive now
        finally:
            process.terminate()

        with sqlite3.connect(tmp_path / "db.sqlite") as connection:
            uncertain = connection.execute("SELECT count(*) FROM outbox WHERE uncertain").fetchone()[0]
            pending = connection.execute(
                "SELECT count(*) FROM outbox WHERE status IN ('pending','inflight')"
            ).fetchone()[0]
            unprocessed = connection.execute(
                "SELECT count(*) FROM inbox_updates WHERE processed_at IS NULL"
            ).fetchone()[0]
        assert pending == 0 and unprocessed == 0

        repeats = 0
        for number, person in enumerate(people):
            relayed = [t for t in texts(staff.messages(thread_id=thread_of[number])) if t.startswith(f"p{number}-")]
            expected = [f"p{number}-q{step:02d}" for step in range(MESSAGES_EACH)]
            deduplicated = list(dict.fromkeys(relayed))
            assert deduplicated == expected, "a message to the consultant was lost or reordered"
            repeats += len(relayed) - len(deduplicated)
            answers = [t.rsplit("\n", 1)[-1] for t in texts(person.messages()) if f"p{number}-a" in t]
            expected_answers = [f"p{number}-a{step:02d}" for step in range(1, MESSAGES_EACH)]
            assert list(dict.fromkeys(answers)) == expected_answers, "a reply was lost or reordered"
            repeats += len(answers) - len(set(answers))
        assert repeats <= uncertain, f"{repeats} repeated messages but only {uncertain} uncertain deliveries"
