"""Nothing that identifies a person reaches the staff group or the database (service level).

Property-based, like tests/e2e/test_anonymity.py but without the emulator, so it can try many more
people: random names, usernames and ids write, are answered, edit, block the bot, get their
tickets closed. Every call that puts something in the staff group is scanned for their ids, names
and usernames (except copyMessage's `from_chat_id`, the source Telegram needs and never shows),
and so is every value stored in every table.
"""

from __future__ import annotations

import asyncio
import re
import string
from typing import Any

from aiogram.methods import SendMessage, TelegramMethod
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text
from sqlalchemy.pool import StaticPool

from bot.config import Settings
from bot.i18n import I18n
from db.base import Base
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault
from knowledge.crisis import CrisisDetector
from tests.conftest import STAFF_CHAT_ID
from tests.service.conftest import IN_MEMORY, build_desk
from tests.service.factories import edited, in_topic, person, private
from tests.service.mocked_bot import MockedBot

LETTERS = string.ascii_letters + "абвгдежзиклмнопрстуфхцчшщэюяқғҳўңөүҷӣӯ"
# A random core plus a random number: found only where something copied it, never by chance.
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
        "lang": st.sampled_from(["ru", "uz", "tg", "ky", "en"]),
        "role": st.sampled_from(["lawyer", "doctor", "social"]),
        "blocks": st.booleans(),
    }
)
STAFF_FIELDS_NEVER_SHOWN = {"from_chat_id"}  # copyMessage(s)' source: Telegram needs it, staff never see it


def staff_view(call: TelegramMethod[Any]) -> str:
    data = call.model_dump(exclude=STAFF_FIELDS_NEVER_SHOWN)
    return repr(data)


def identifiers(who: dict[str, Any]) -> list[str]:
    return [str(who["user_id"])] + [str(who[key]) for key in ("first_name", "last_name", "username") if who[key]]


async def stored_values(desk: Any) -> str:
    """Every value in every table, as text."""
    chunks: list[str] = []
    async with desk.sessionmaker() as session:
        connection = await session.connection()
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        for table in tables:
            for row in await session.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, bytes):  # both ways: a raw id's digits, or a name's UTF-8
                        chunks += [value.decode("latin-1"), value.decode("utf-8", errors="replace")]
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


async def scenario(people: list[dict[str, Any]], deps: tuple[Any, ...]) -> tuple[list[str], str, list[str]]:
    engine = create_engine(IN_MEMORY, poolclass=StaticPool, connect_args={"check_same_thread": False})
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    bot = MockedBot()
    bot.make_forum(STAFF_CHAT_ID)
    desk = build_desk(bot, create_sessionmaker(engine), *deps, concurrency=1)
    try:
        for who in people:
            sender = person(who["user_id"], who["first_name"], who["username"]) | {"last_name": who["last_name"]}
            await desk.person(who["user_id"], who["lang"])
            code = await desk.open(who["user_id"], who["role"], who["lang"])
            first = private(sender, "У меня вопрос о работе")
            for message in (first, private(sender, "документ", kind="photo"), private(sender, kind="voice")):
                await desk.writes(who["user_id"], code, message)
            await desk.deliver()
            await desk.as_person(who["user_id"], lambda s, u, m=first: s.user_edited(u, edited(m, "Вопрос о работе")))
            if who["blocks"]:
                bot.fail(SendMessage, 403, "Forbidden: bot was blocked by the user")
            ticket = await desk.ticket(code)
            await desk.answers(in_topic(ticket.thread_id, "Ответ консультанта"))
            await desk.deliver()
            await desk.on_ticket(code, lambda s, t: s.handover.take(t, s.users.vault.hash_id(700001)))
            await desk.on_ticket(code, lambda s, t: s.close_by_staff(t))
        await desk.deliver()
        staff_calls = [call for call in bot.calls if getattr(call, "chat_id", None) == STAFF_CHAT_ID]
        forwards = [type(call).__name__ for call in bot.calls if type(call).__name__.startswith("Forward")]
        return [staff_view(call) for call in staff_calls], await stored_values(desk), forwards
    finally:
        await engine.dispose()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(PERSON, min_size=1, max_size=3, unique_by=lambda p: p["user_id"]))
def test_staff_never_see_who_asked_and_the_database_does_not_say(
    people: list[dict[str, Any]],
    vault: IdentityVault,
    settings: Settings,
    i18n: I18n,
    crisis: CrisisDetector,
) -> None:
    seen, stored, forwards = asyncio.run(scenario(people, (vault, settings, i18n, crisis)))
    assert forwards == []
    assert len(seen) >= 4 * len(people)  # topics, headers, copies, notices: the scan had something to look at
    everything_seen = "\n".join(seen)
    for who in people:
        for identifier in identifiers(who):
            pattern = rf"(?<![\w]){re.escape(identifier)}(?![\w])"
            assert not re.search(pattern, everything_seen), f"the staff group got {identifier!r}"
            assert not re.search(pattern, stored), f"the database holds {identifier!r}"
