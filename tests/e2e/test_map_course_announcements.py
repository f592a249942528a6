"""End to end: the guide map, the orientation course (with a restart) and announcements."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.callbacks import BroadcastCb, CourseCb, MapCb, MenuCb
from bot.services.knowledge import KnowledgeHolder
from db.models import CourseProgress, User
from tests.conftest import ADMIN_ID
from tests.e2e.harness import started, t

ROOT = Path(__file__).resolve().parents[2]


# Fictional places with map points, only for testing distances (the real file has no verified points).
TEST_PLACES = [
    ("test-clinic-centre", 55.7963, 49.1088),  # near the Kremlin
    ("test-clinic-north", 55.8400, 49.0800),
    ("test-clinic-south", 55.7300, 49.1500),
]


@pytest.fixture(scope="module")
def knowledge_with_points(tmp_path_factory) -> KnowledgeHolder:  # type: ignore[no-untyped-def]
    content = tmp_path_factory.mktemp("content") / "knowledge"
    shutil.copytree(ROOT / "knowledge", content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    data = json.loads((content / "places.geojson").read_text())
    template = next(f for f in data["features"] if f["properties"]["category"] == "hospital")
    for place_id, lat, lon in TEST_PLACES:
        feature = json.loads(json.dumps(template))
        feature["properties"]["id"] = place_id
        feature["properties"]["name"] = {lang: place_id for lang in ("ru", "uz", "tg", "ky", "en")}
        feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
        data["features"].append(feature)
    (content / "places.geojson").write_text(json.dumps(data, ensure_ascii=False))
    return KnowledgeHolder(content)


async def test_browse_map_category_place(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "uz")
    await user.press(MenuCb(section="map").pack())
    await bot.idle()
    assert user.last_message().text == t("uz", "map-title")
    await user.press(MapCb(action="cat", cat="consulate").pack())
    await bot.idle()
    names = user.last_message().button_texts()
    place = bot.context.knowledge.kb.places["consulate-kazakhstan"]
    assert place.name["uz"] in names
    await user.press(MapCb(action="place", place="consulate-kazakhstan").pack())
    await bot.idle()
    card = user.last_message()
    assert place.name["uz"] in card.text
    assert "Карла Маркса" in card.text  # the verified address
    links = [button for row in card.reply_markup["inline_keyboard"] for button in row if "url" in button]
    assert [b["url"].split("/")[2] for b in links] == ["yandex.ru", "2gis.ru", "www.openstreetmap.org"]
    # No verified point: no venue is sent, and the buttons search the address instead of a guessed point.
    assert not emulator.find_calls("sendVenue")
    assert "text=" in links[0]["url"]


async def test_place_with_point_is_sent_as_venue_and_nearest_to_me(emulator, staff, running_bot, knowledge_with_points):
    bot = await running_bot(knowledge_holder=knowledge_with_points)
    user = await started(emulator, bot, "ru")
    await user.press(MenuCb(section="map").pack())
    await bot.idle()
    await user.press(MapCb(action="cat", cat="hospital").pack())
    await bot.idle()
    category_message = user.last_message()
    await user.press(MapCb(action="place", place="test-clinic-north").pack())
    await bot.idle()
    venues = emulator.find_calls("sendVenue")
    assert venues and float(venues[-1].params["latitude"]) == pytest.approx(55.84)
    assert user.messages()[-2].kind == "venue"

    await user.press(MapCb(action="near", cat="hospital").pack(), message_id=category_message)
    await bot.idle()
    assert t("ru", "map-share-location") in user.reply_keyboard_texts()
    await user.send_location(55.7950, 49.1100)  # a few hundred metres from the centre clinic
    await bot.idle()
    answer = user.last_message().text
    lines = answer.splitlines()
    assert lines[0] == t("ru", "map-near-title")
    assert lines[1].startswith("1. test-clinic-centre") and lines[1].endswith(" м")
    assert lines[2].startswith("2. test-clinic-south") or lines[2].startswith("2. test-clinic-north")
    assert "км" in lines[2]
    # The location was used once: nothing of it is in the database.
    async with bot.context.sessionmaker() as session:
        rows = (await session.execute(select(User))).scalars().all()
    assert all("55.795" not in str(vars(row)) for row in rows)


async def test_full_course_with_quiz_and_resume_after_restart(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "tg")
    lessons = bot.context.knowledge.kb.course
    await user.press(MenuCb(section="course").pack())
    await bot.idle()
    await user.press(CourseCb(action="open").pack())
    await bot.idle()
    wrong_given = 0
    for index, lesson in enumerate(lessons):
        if index == 2:  # stop in the middle of the course, restart the bot, and resume
            await bot.stop()
            bot = await running_bot()
            await user.send_command("/course")
            await bot.idle()
            assert user.last_message().text == t("tg", "course-progress", number=3, total=len(lessons))
            await user.press(CourseCb(action="open", lesson=2).pack())
            await bot.idle()
        assert lesson.text("tg").title in user.last_message().text
        await user.press(CourseCb(action="quiz", lesson=index).pack())
        await bot.idle()
        quiz = lesson.text("tg").quiz
        for number, question in enumerate(quiz):
            asked = user.last_message()
            assert question.question in asked.text
            # Answer the first question of each lesson wrongly, to see the explanation.
            option = (question.answer + 1) % len(question.options) if number == 0 else question.answer
            wrong_given += number == 0
            await user.press(CourseCb(action="ans", lesson=index, q=number, option=option).pack(), message_id=asked)
            await bot.idle()
            # The explanation replaces the answer buttons in the question's own message.
            answered = next(m for m in user.messages() if m.message_id == asked.message_id)
            assert question.explain in answered.text
            assert not any(b.get("callback_data", "").startswith("co:ans") for b in answered.buttons())
            if number == 0:
                assert t("tg", "course-wrong", answer=question.options[question.answer]) in answered.text
            else:
                assert t("tg", "course-right") in answered.text
            if number + 1 < len(quiz):  # the next question follows without another tap
                assert quiz[number + 1].question in user.last_message().text
        if index + 1 < len(lessons):
            await user.press(CourseCb(action="open", lesson=index + 1).pack())
            await bot.idle()
    await user.press(CourseCb(action="summary").pack())
    await bot.idle()
    total = sum(len(lesson.text("tg").quiz) for lesson in lessons)
    summary = user.last_message().text
    assert t("tg", "course-summary", correct=total - wrong_given, answered=total).splitlines()[0] in summary
    assert all(lesson.text("tg").summary in summary for lesson in lessons)
    async with bot.context.sessionmaker() as session:
        progress = (await session.execute(select(CourseProgress))).scalar_one()
    assert progress.finished_at is not None and progress.correct == total - wrong_given
    # A replayed answer button cannot change the score.
    await user.press_forged(user.messages()[-1], CourseCb(action="ans", lesson=0, q=0, option=0).pack())
    await bot.idle()
    async with bot.context.sessionmaker() as session:
        assert (await session.execute(select(CourseProgress))).scalar_one().correct == total - wrong_given


async def test_broadcast_in_two_languages_with_one_blocked_user(emulator, staff, running_bot):
    bot = await running_bot()
    uzbeks = [await started(emulator, bot, "uz") for _ in range(3)]
    tajiks = [await started(emulator, bot, "tg") for _ in range(2)]
    quiet = await started(emulator, bot, "uz")
    await quiet.send_command("/notifications")
    await bot.idle()
    assert quiet.last_message().text == t("uz", "notifications-off")
    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    emulator.block(uzbeks[0].id)
    await bot.idle()

    await admin.send_command("/broadcast")
    await bot.idle()
    await admin.send_text("С 1 января меняются правила оплаты патента. Подробности в боте.")
    await bot.idle()
    buttons = admin.last_message().button_texts()  # how many each audience reaches (the admin is "ru")
    assert f"{t('ru', 'broadcast-audience-all')} · 5" in buttons
    assert "🇺🇿 Oʻzbekcha · 2" in buttons and "🇹🇯 Тоҷикӣ · 2" in buttons and "🇰🇬 Кыргызча · 0" in buttons
    await admin.press(BroadcastCb(action="aud", audience="uz").pack())
    await bot.idle()
    preview = admin.messages()[-2:]
    text = "С 1 января меняются правила оплаты патента. Подробности в боте."
    assert preview[0].text == t("ru", "announcement-label") + "\n\n" + text  # exactly what people get
    assert preview[0].button_texts() == [t("ru", "announcement-turn-off")]
    assert preview[1].text == t(
        "ru", "broadcast-preview", audience="🇺🇿 Oʻzbekcha", recipients=2, skipped=1, off=1
    )  # the person who turned announcements off is counted
    await admin.press(BroadcastCb(action="send").pack())
    await bot.idle()
    await bot.app.report_broadcasts()
    await bot.idle()
    for person in uzbeks[1:]:  # labelled, with a one-tap "turn off", in their language
        assert person.last_message().text == t("uz", "announcement-label") + "\n\n" + text
        assert person.last_message().button_texts() == [t("uz", "announcement-turn-off")]
    for person in (*tajiks, quiet, uzbeks[0]):
        assert text not in (person.last_message().text or "")
    done = admin.last_message().text
    assert done.startswith(t("ru", "broadcast-done", sent=2, total=2, blocked=0, skipped=1, failed=0, seconds=0,
                             rate=0).splitlines()[0])  # fmt: skip
    progress = t("ru", "broadcast-progress", sent=0, total=2, blocked=0, skipped=1)
    assert all(message.text != progress for message in admin.messages())  # edited into the report

    # One tap under the announcement turns announcements off (and the button goes).
    announcement = uzbeks[1].last_message()
    record = await uzbeks[1].press(t("uz", "announcement-turn-off"), message_id=announcement)
    await bot.idle()
    assert record.text == t("uz", "notifications-off") and not announcement.buttons()
    async with bot.context.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User).where(User.announcements.is_(False))) == 2


async def test_blocked_during_broadcast_is_recorded(emulator, staff, running_bot):
    bot = await running_bot()
    people = [await started(emulator, bot, "ky") for _ in range(3)]
    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    emulator.block(people[1].id)  # Telegram knows; the bot learns only from the 403
    emulator.world.bots[emulator.bot.id].pending.clear()  # the bot misses the my_chat_member update
    await admin.send_command("/broadcast")
    await bot.idle()
    await admin.send_text("Жаңылык")
    await bot.idle()
    await admin.press(BroadcastCb(action="aud", audience="ky").pack())
    await bot.idle()
    await admin.press(BroadcastCb(action="send").pack())
    await bot.idle()
    await bot.app.report_broadcasts()
    await bot.idle()
    assert admin.last_message().text.startswith(t("ru", "broadcast-done", sent=2, total=3, blocked=1, skipped=0,
                                                  failed=0, seconds=0, rate=0).splitlines()[0])  # fmt: skip
    async with bot.context.sessionmaker() as session:
        blocked = (await session.execute(select(User).where(User.blocked_bot_at.is_not(None)))).scalars().all()
    assert len(blocked) == 1
