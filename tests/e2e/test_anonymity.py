"""Nothing the staff group sees identifies a person, and the database does not reveal who asked.

Property-based: people with random names and usernames open consultations and write; everything
that reached the staff group is scanned for their ids, names and usernames.
"""

from __future__ import annotations

import asyncio
import json
import re
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.callbacks import ConsultCb, LangCb, MenuCb
from bot.config import load_settings
from tests.conftest import DATA_KEY, STAFF_CHAT_ID, TEST_TOKEN
from tests.e2e.conftest import TEST_LIMITS, limit_settings
from tests.e2e.harness import RunningBot
from tgemu import Emulator

LETTERS = string.ascii_letters + "абвгдежзиклмнопрстуфхцчшщэюяқғҳўңөүҷӣӯ"
# Random letters plus a random number: a name that can only be found where the bot copied it, never
# by chance inside JSON ("false"), a file id or ciphertext ("AAAAA").
NAME = st.builds(lambda core, tag: f"{core}{tag}", st.text(alphabet=LETTERS, min_size=3, max_size=10),
                 st.integers(min_value=100_000, max_value=999_999))  # fmt: skip
USERNAME = st.builds(lambda core, tag: f"{core}_{tag}", st.text(alphabet=string.ascii_lowercase, min_size=3,
                     max_size=12), st.integers(min_value=100_000, max_value=999_999))  # fmt: skip
PERSON = st.fixed_dictionaries(
    {
        "first_name": NAME,
        "last_name": st.one_of(st.none(), NAME),
        "username": st.one_of(st.none(), USERNAME),
        "user_id": st.integers(min_value=10_000_000, max_value=8_999_999_999),
        "language_code": st.sampled_from(["ru", "uz", "tg", "ky", "en", None]),
        "role": st.sampled_from(["lawyer", "doctor", "social"]),
    }
)
MESSAGES = ["У меня вопрос о работе", "Patent haqida savol bor", "Where do I get help?"]


def what_staff_sees(emulator: Emulator, staff_id: int) -> str:
    group = emulator.group(staff_id)
    seen = [json.dumps(message.data, ensure_ascii=False) for message in group.history()]
    seen += [topic.name for topic in group.topics()]
    return "\n".join(seen)


def identifiers(person: dict[str, object]) -> list[str]:
    found = [str(person["user_id"]), str(person["first_name"])]
    if person["last_name"]:
        found.append(str(person["last_name"]))
    if person["username"]:
        found.append(str(person["username"]))
    return found


async def scenario(people: list[dict[str, object]], workdir: Path) -> tuple[str, bytes]:
    async with Emulator(limits=TEST_LIMITS) as emulator:
        emulator.add_bot(token=TEST_TOKEN, username="mihelp_test_bot")
        staff = emulator.add_supergroup(chat_id=STAFF_CHAT_ID, title="Staff", is_forum=True)
        consultant = staff.add_member()
        settings_ = load_settings(
            bot_token=TEST_TOKEN,
            telegram_api_base=emulator.base_url,
            database_url=f"sqlite+aiosqlite:///{workdir}/db.sqlite",
            data_key=DATA_KEY,
            data_dir=workdir,
            staff_chat_id=STAFF_CHAT_ID,
            **limit_settings(TEST_LIMITS),
        )
        bot = await RunningBot(settings_, emulator=emulator).start()
        try:
            for person in people:
                fields = {k: person[k] for k in ("user_id", "first_name", "last_name", "username", "language_code")}
                user = emulator.add_user(**fields)
                await user.send_command("/start")
                await bot.idle()
                await user.press(LangCb(code="ru").pack())
                await bot.idle()
                await user.press(MenuCb(section="consult").pack())
                await bot.idle()
                await user.press(ConsultCb(action="go", role=str(person["role"])).pack())
                await bot.idle()
                for text in MESSAGES:
                    await user.send_text(text)
                await user.send_photo(caption="документ")
                await user.send_voice()
                await bot.idle()
            for topic in staff.topics():
                await staff.post(consultant, "Ответ консультанта", thread_id=topic.id)
            await bot.idle()
            await bot.app.run_consultation_duties()
            await bot.idle()
            seen = what_staff_sees(emulator, staff.id)
        finally:
            await bot.stop()
    raw = b"".join(path.read_bytes() for path in workdir.glob("db.sqlite*"))
    return seen, raw


# Few examples here: tests/service/test_anonymity.py tries many more people without the emulator.
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PERSON, min_size=2, max_size=4, unique_by=lambda p: p["user_id"]))
def test_staff_never_sees_who_asked_and_the_database_does_not_say(people):
    with tempfile.TemporaryDirectory() as folder:
        seen, raw = asyncio.run(scenario(people, Path(folder)))
    assert seen.count("Ответ консультанта") >= 1
    texts = [line for line in seen.splitlines()]
    assert any("У меня вопрос о работе" in line for line in texts)  # the content did arrive
    raw_text = raw.decode("latin-1")
    for person in people:
        for identifier in identifiers(person):
            # Whole tokens only: a 9-digit id may occur inside a 10-digit timestamp by chance.
            assert not re.search(rf"(?<![\w]){re.escape(identifier)}(?![\w])", seen), f"staff group saw {identifier!r}"
        assert not re.search(rf"(?<!\d){person['user_id']}(?!\d)", raw_text), "a Telegram id is in the database file"
        for name in (person["first_name"], person["last_name"], person["username"]):
            if name:
                assert str(name).encode("utf-8") not in raw, "a name is stored in the database file"
