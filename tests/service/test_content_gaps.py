"""Unanswered questions (content gaps): what is kept of them, for how long, and what admins see."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from db.base import today_utc
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_async
from db.models import ContentGap
from db.repositories.feedback import MAX_QUERY_CHARS, FeedbackRepository
from tests.conftest import DATA_KEY, TEST_TOKEN

# (what a person typed, what must not survive, what must survive)
PERSONAL = [
    ("позвоните мне 8.917.555.01.99 вечером", ["917", "555"], ["позвоните", "вечером"]),
    ("номер 9 1 7 5 5 5 0 1 9 9 работодатель", ["9 1 7", "5 5 5"], ["работодатель"]),
    ("мой телефон +7 (917) 555-01-99 патент", ["917", "555", "01-99"], ["патент"]),
    ("тел 8-917-555-0199 не платят", ["917", "0199"], ["не платят"]),
    ("напишите на aziz.k@mail.ru про патент", ["aziz", "mail.ru"], ["патент"]),
    ("мой ник @aziz_kazan помогите", ["aziz_kazan"], ["помогите"]),
    ("паспорт AB1234567 забрали", ["1234567"], ["паспорт", "забрали"]),
    ("карта 4276 1600 1234 5678 заблокирована", ["4276", "5678"], ["карта", "заблокирована"]),
    ("живу ул. Баумана, д. 12, кв. 5 выселяют", ["баумана", "12", " 5 "], ["живу", "выселяют"]),
    ("проспект Победы 100 регистрация", ["победы", "100"], ["регистрация"]),
    ("Navoiy ko'chasi 12-uy ro'yxatdan", ["navoiy", "12"], ["ro"]),
    ("Ленин көчөсү 5-үй каттоо", ["ленин", "5"], ["каттоо"]),
    ("кӯчаи Айнӣ хонаи 7 бақайдгирӣ", ["айнӣ", "7"], ["бақайдгирӣ"]),
    ("I live at 12 Baker Street, apt 4 help", ["baker", "12", "apt 4"], ["help"]),
    ("смотри https://vk.com/aziz1990 тут", ["vk.com", "aziz1990"], ["смотри"]),
    ("индекс 420111 прописка", ["420111"], ["прописка"]),
]


@pytest.fixture
def feedback(session: AsyncSession) -> FeedbackRepository:
    return FeedbackRepository(session)


async def stored(session: AsyncSession) -> list[str]:
    return [gap.query or "" for gap in (await session.execute(select(ContentGap).order_by(ContentGap.id))).scalars()]


@pytest.mark.parametrize(("typed", "gone", "kept"), PERSONAL)
async def test_personal_details_are_scrubbed_before_storing(session, feedback, typed, gone, kept):
    await feedback.record_gap("no-answer", typed, "ru")
    await session.flush()
    [query] = await stored(session)
    for fragment in gone:
        assert fragment.casefold() not in f" {query} ", (fragment, query)
    for fragment in kept:
        assert fragment in query, (fragment, query)


async def test_a_long_question_is_capped(session, feedback):
    await feedback.record_gap("no-answer", "как продлить патент " * 60, "ru")
    await session.flush()
    [query] = await stored(session)
    assert len(query) <= MAX_QUERY_CHARS <= 160
    assert query.startswith("как продлить патент")


async def test_a_number_at_the_edge_of_a_long_message_is_not_half_kept(session, feedback):
    await feedback.record_gap("no-answer", "!" * 590 + " 9 1 7 5 5 5 0 1 9 9 патент", "ru")
    await session.flush()
    [query] = await stored(session)
    assert not any(digit in query for digit in "0123456789"), query


async def test_admins_see_counts_per_normalised_question_never_a_dated_line(session, feedback):
    for typed in ("Как оплатить патент?", "как  оплатить ПАТЕНТ", "как оплатить патент!!", "рецепт плова"):
        await feedback.record_gap("no-answer", typed, "ru")
    await feedback.record_gap("not-helpful", "Как оплатить патент", "ru", "patent-payment")
    await session.flush()
    top = await feedback.top_gaps()
    assert [(item.question, item.count) for item in top] == [("как оплатить патент", 4), ("рецепт плова", 1)]
    assert not hasattr(top[0], "created_on")
    assert await feedback.count_gaps() == 5


async def test_old_gaps_are_purged(session, feedback):
    await feedback.record_gap("no-answer", "старый вопрос", "ru")
    await feedback.record_gap("no-answer", "свежий вопрос", "ru")
    await session.flush()
    await session.execute(
        update(ContentGap)
        .where(ContentGap.query == "старый вопрос")
        .values(created_on=today_utc() - timedelta(days=91))
    )
    assert await feedback.purge_gaps(older_than_days=90) == 1
    assert await stored(session) == ["свежий вопрос"]


def test_the_report_lists_questions_with_counts_and_no_dates(monkeypatch, tmp_path, capsys):
    """`python -m bot report stats`: the NGO's report shows aggregated questions, never a dated line."""
    url = f"sqlite+aiosqlite:///{tmp_path}/report.db"

    async def seed() -> None:
        await upgrade_async(url)
        engine = create_engine(url)
        async with create_sessionmaker(engine)() as session:
            feedback = FeedbackRepository(session)
            for typed in ("Как оплатить патент?", "как оплатить патент", "мой тел 8.917.555.01.99"):
                await feedback.record_gap("no-answer", typed, "ru")
            await session.commit()
        await engine.dispose()

    asyncio.run(seed())
    monkeypatch.chdir(tmp_path)
    for name, value in {"BOT_TOKEN": TEST_TOKEN, "DATABASE_URL": url, "DATA_KEY": DATA_KEY}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert main(["report", "stats"]) == 0
    text = capsys.readouterr().out
    assert str(today_utc()) not in text and "917" not in text
    assert "2 × как оплатить патент" in text
    assert main(["report", "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["content_gaps"] == 3
    assert data["content_gaps_by_question"][0] == {"question": "как оплатить патент", "count": 2}
    assert str(today_utc()) not in json.dumps(data)
