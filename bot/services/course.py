"""The orientation course: where a person is, what the next question is, and how answers count.

Rules: a person may jump ahead to any lesson (the place moves forward) or go back to revise (the
place stays). Only the first answer to the current question counts towards the score and moves the
place; answers while revising, or replayed buttons, change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.services.knowledge import KnowledgeHolder
from db.base import utcnow
from db.models import CourseProgress, User
from db.repositories.course import CourseRepository
from knowledge.course import Lesson, QuizQuestion

SUMMARY_ARTICLES = 8


class AfterAnswer(StrEnum):
    """What the person is offered once a question is answered."""

    NEXT_QUESTION = "next-question"
    NEXT_LESSON = "next-lesson"
    SUMMARY = "summary"


@dataclass(frozen=True)
class AnswerResult:
    right: bool
    question: QuizQuestion
    counted: bool  # the first answer to the current question: it moved the place and the score
    then: AfterAnswer


@dataclass(frozen=True)
class CourseSummary:
    correct: int
    answered: int
    lessons: list[Lesson]
    article_ids: list[str]  # articles the lessons point to, first ones first, without repeats


class CourseService:
    def __init__(self, repository: CourseRepository, knowledge: KnowledgeHolder) -> None:
        self.repository = repository
        self.knowledge = knowledge

    @property
    def lessons(self) -> list[Lesson]:
        return self.knowledge.kb.course

    def lesson(self, index: int) -> Lesson | None:
        return self.lessons[index] if 0 <= index < len(self.lessons) else None

    def lesson_index(self, lesson_id: str) -> int | None:
        return next((i for i, lesson in enumerate(self.lessons) if lesson.id == lesson_id), None)

    def question(self, index: int, q: int, lang: str) -> QuizQuestion | None:
        lesson = self.lesson(index)
        if lesson is None:
            return None
        quiz = lesson.text(lang).quiz
        return quiz[q] if 0 <= q < len(quiz) else None

    async def progress(self, user: User) -> CourseProgress:
        return await self.repository.get(user.id)

    async def open_lesson(self, user: User, index: int) -> CourseProgress:
        """Reading a lesson: jumping ahead moves the place there; going back keeps it."""
        progress = await self.progress(user)
        if progress.finished_at is None and index >= progress.lesson:
            progress.lesson = index
            progress.question = -1
        return progress

    async def question_to_ask(self, user: User, index: int, requested: int, lang: str) -> int | None:
        """The question a quiz button leads to, or None when there is no such question.

        In the current lesson it is the saved place (no skipping questions); in a lesson being
        revised, the one the button names.
        """
        progress = await self.progress(user)
        if progress.finished_at is None and index == progress.lesson:
            requested = max(progress.question, 0)
        return requested if self.question(index, requested, lang) is not None else None

    async def start_quiz(self, user: User, index: int) -> None:
        """The quiz of the current lesson has begun: the place moves from reading to the questions."""
        progress = await self.progress(user)
        if progress.finished_at is None and index == progress.lesson:
            progress.question = max(progress.question, 0)

    async def answer(self, user: User, index: int, q: int, option: int, lang: str) -> AnswerResult:
        """Check an answer (the caller made sure the lesson, question and option exist)."""
        quiz = self.lessons[index].text(lang).quiz
        question = quiz[q]
        right = option == question.answer
        progress = await self.progress(user)
        counted = progress.finished_at is None and progress.lesson == index and progress.question == q
        if counted:
            progress.answered += 1
            progress.correct += int(right)
            progress.question = q + 1
            if q + 1 >= len(quiz):
                progress.lesson = index + 1
                progress.question = -1
                if index + 1 >= len(self.lessons):
                    progress.finished_at = utcnow()
        if q + 1 < len(quiz):
            then = AfterAnswer.NEXT_QUESTION
        elif index + 1 < len(self.lessons):
            then = AfterAnswer.NEXT_LESSON
        else:
            then = AfterAnswer.SUMMARY
        return AnswerResult(right=right, question=question, counted=counted, then=then)

    async def summary(self, user: User) -> CourseSummary | None:
        """What a person who finished the course learned; None before they finish."""
        progress = await self.progress(user)
        if progress.finished_at is None:
            return None
        kb = self.knowledge.kb
        article_ids: list[str] = []
        for lesson in self.lessons:
            for article_id in lesson.related:
                if article_id not in article_ids and kb.get(article_id) is not None:
                    article_ids.append(article_id)
        return CourseSummary(
            correct=progress.correct,
            answered=progress.answered,
            lessons=list(self.lessons),
            article_ids=article_ids[:SUMMARY_ARTICLES],
        )

    async def restart(self, user: User) -> CourseProgress:
        progress = await self.progress(user)
        progress.lesson = 0
        progress.question = -1
        progress.correct = 0
        progress.answered = 0
        progress.finished_at = None
        return progress
