"""CourseService: where the place moves, what counts, the summary (the rules the course screens show)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.course import AfterAnswer, CourseService
from bot.services.knowledge import KnowledgeHolder
from db.identity import IdentityVault
from db.models import User
from db.repositories.course import CourseRepository
from db.repositories.users import UserRepository

LANG = "ru"


@pytest.fixture
async def person(session: AsyncSession, vault: IdentityVault) -> User:
    user, _ = await UserRepository(session, vault).get_or_create(555001)
    return user


@pytest.fixture
def course(session: AsyncSession, knowledge: KnowledgeHolder) -> CourseService:
    service = CourseService(CourseRepository(session), knowledge)
    assert len(service.lessons) >= 3, "the bundled course is what these tests walk through"
    return service


def right_option(course: CourseService, lesson: int, q: int) -> int:
    return course.lessons[lesson].text(LANG).quiz[q].answer


def wrong_option(course: CourseService, lesson: int, q: int) -> int:
    return (right_option(course, lesson, q) + 1) % len(course.lessons[lesson].text(LANG).quiz[q].options)


async def finish_lesson(course: CourseService, user: User, lesson: int, *, right: bool = True) -> None:
    for q in range(len(course.lessons[lesson].text(LANG).quiz)):
        asked = await course.question_to_ask(user, lesson, 0, LANG)
        assert asked == q  # the current lesson always asks the saved question
        await course.start_quiz(user, lesson)
        option = right_option(course, lesson, q) if right else wrong_option(course, lesson, q)
        await course.answer(user, lesson, q, option, LANG)


async def test_a_new_person_starts_at_the_first_lesson_reading(course: CourseService, person: User) -> None:
    progress = await course.progress(person)
    assert (progress.lesson, progress.question, progress.correct, progress.answered) == (0, -1, 0, 0)
    assert progress.finished_at is None


async def test_jumping_ahead_moves_the_place_going_back_keeps_it(course: CourseService, person: User) -> None:
    await course.open_lesson(person, 2)
    assert (await course.progress(person)).lesson == 2
    await course.open_lesson(person, 0)
    progress = await course.progress(person)
    assert (progress.lesson, progress.question) == (2, -1)


async def test_the_current_lesson_asks_the_saved_question_and_revision_the_named_one(
    course: CourseService, person: User
) -> None:
    await course.start_quiz(person, 0)
    await course.answer(person, 0, 0, right_option(course, 0, 0), LANG)
    # A button for question 0 (or one past the end) of the current lesson leads to the saved place: no skipping.
    assert await course.question_to_ask(person, 0, 0, LANG) == 1
    assert await course.question_to_ask(person, 0, 2, LANG) == 1
    # Another lesson is being revised (or looked at ahead): the button decides.
    assert await course.question_to_ask(person, 1, 1, LANG) == 1
    assert await course.question_to_ask(person, 1, 99, LANG) is None
    assert await course.question_to_ask(person, len(course.lessons), 0, LANG) is None


async def test_only_the_first_answer_to_the_current_question_counts(course: CourseService, person: User) -> None:
    await course.start_quiz(person, 0)
    first = await course.answer(person, 0, 0, wrong_option(course, 0, 0), LANG)
    assert first.counted and not first.right and first.then is AfterAnswer.NEXT_QUESTION
    again = await course.answer(person, 0, 0, right_option(course, 0, 0), LANG)  # a replayed button
    assert again.right and not again.counted
    progress = await course.progress(person)
    assert (progress.question, progress.answered, progress.correct) == (1, 1, 0)
    ahead = await course.answer(person, 1, 0, right_option(course, 1, 0), LANG)  # not the current lesson
    assert ahead.right and not ahead.counted
    assert (await course.progress(person)).answered == 1


async def test_the_last_answer_of_a_lesson_moves_to_the_next_lesson(course: CourseService, person: User) -> None:
    quiz_length = len(course.lessons[0].text(LANG).quiz)
    await finish_lesson(course, person, 0)
    progress = await course.progress(person)
    assert (progress.lesson, progress.question) == (1, -1)
    assert progress.answered == progress.correct == quiz_length
    last = await course.answer(person, 0, quiz_length - 1, 0, LANG)
    assert last.then is AfterAnswer.NEXT_LESSON and not last.counted


async def test_finishing_the_course_gives_a_summary(course: CourseService, person: User) -> None:
    assert await course.summary(person) is None
    for index in range(len(course.lessons)):
        await course.open_lesson(person, index)
        await finish_lesson(course, person, index, right=index % 2 == 0)
    progress = await course.progress(person)
    assert progress.finished_at is not None
    summary = await course.summary(person)
    assert summary is not None
    total = sum(len(lesson.text(LANG).quiz) for lesson in course.lessons)
    right = sum(len(lesson.text(LANG).quiz) for i, lesson in enumerate(course.lessons) if i % 2 == 0)
    assert (summary.answered, summary.correct) == (total, right)
    assert summary.lessons == course.lessons
    assert summary.article_ids and len(summary.article_ids) == len(set(summary.article_ids)) <= 8
    assert all(course.knowledge.kb.get(article_id) for article_id in summary.article_ids)
    related = [a for lesson in course.lessons for a in lesson.related if course.knowledge.kb.get(a)]
    assert summary.article_ids == list(dict.fromkeys(related))[:8]  # the lessons' order, first mention wins
    # After the end, answers and lessons no longer move anything.
    after = await course.answer(person, 0, 0, right_option(course, 0, 0), LANG)
    assert not after.counted and (await course.progress(person)).correct == right
    await course.open_lesson(person, 0)
    assert (await course.progress(person)).lesson == progress.lesson


async def test_restart_clears_the_place_and_the_score(course: CourseService, person: User) -> None:
    await finish_lesson(course, person, 0)
    progress = await course.restart(person)
    assert (progress.lesson, progress.question, progress.correct, progress.answered) == (0, -1, 0, 0)
    assert progress.finished_at is None


async def test_progress_is_saved_with_the_session(
    course: CourseService, person: User, session: AsyncSession, sessionmaker, knowledge: KnowledgeHolder
) -> None:
    await course.open_lesson(person, 1)
    await session.commit()
    async with sessionmaker() as other:
        again = CourseService(CourseRepository(other), knowledge)
        assert (await again.progress(person)).lesson == 1


def test_lookups_refuse_what_does_not_exist(course: CourseService) -> None:
    assert course.lesson(-1) is None and course.lesson(len(course.lessons)) is None
    assert course.lesson_index(course.lessons[1].id) == 1 and course.lesson_index("no-such-lesson") is None
    assert course.question(0, 0, LANG) is not None and course.question(0, -1, LANG) is None
