"""The orientation course: lessons, a quiz with instant feedback, saved progress and a summary.

The rules (what counts, where the place moves) are CourseService's; this module shows them.
"""

from __future__ import annotations

import html
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import BaseFilter, Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ContentKind, CourseAction, CourseCb, KbAction, KbCb, MenuCb
from bot.deep_links import DeepLinks
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.course import AfterAnswer, AnswerResult, CourseService, CourseSummary
from bot.services.knowledge import KnowledgeHolder
from bot.ui.articles import sources_block
from bot.ui.keyboards import ReachButtons, home_button
from bot.ui.text import split_text
from db.models import CourseProgress, User
from handlers.common import grow_in_place, send_pages
from handlers.filters import Found, HasMessage, StillShown, shown_message
from knowledge.course import Lesson, QuizQuestion

LESSON_ARTICLES = 3  # the lesson is short; these articles say the rest

# -- button targets ------------------------------------------------------------------------------


class LessonTarget(BaseFilter):
    """The lesson a button names exists (the course may have changed since the button was sent)."""

    async def __call__(self, callback: CallbackQuery, callback_data: CourseCb, course: CourseService) -> Found:
        lesson = course.lesson(callback_data.lesson)
        return {"lesson": lesson} if lesson is not None else False


class QuizTarget(BaseFilter):
    """The question a quiz button leads to: the saved place in the current lesson, else the one named."""

    async def __call__(
        self, callback: CallbackQuery, callback_data: CourseCb, course: CourseService, user: User, lang: str
    ) -> Found:
        lesson = course.lesson(callback_data.lesson)
        if lesson is None:
            return False
        question_index = await course.question_to_ask(user, callback_data.lesson, callback_data.q, lang)
        return {"lesson": lesson, "question_index": question_index} if question_index is not None else False


class AnswerTarget(BaseFilter):
    """The lesson, the question and the option an answer button names all exist."""

    async def __call__(
        self, callback: CallbackQuery, callback_data: CourseCb, course: CourseService, lang: str
    ) -> Found:
        question = course.question(callback_data.lesson, callback_data.q, lang)
        return question is not None and 0 <= callback_data.option < len(question.options)


class FinishedCourse(BaseFilter):
    """The summary exists only for a person who finished the course."""

    async def __call__(self, callback: CallbackQuery, course: CourseService, user: User) -> Found:
        summary = await course.summary(user)
        return {"summary": summary} if summary is not None else False


# -- rendering -----------------------------------------------------------------------------------


def lesson_text(lesson: Lesson, index: int, total: int, lang: str, t: Translator, with_sources: bool = False) -> str:
    """The lesson: short text (about two minutes), the review date; sources folded behind a button."""
    text = lesson.text(lang)
    footer = f"🗓 {t('kb-reviewed', date=lesson.reviewed)}"
    if with_sources:
        footer = sources_block(lesson.sources, t) + "\n\n" + footer
    return (
        f"🎓 {t('course-lesson-number', number=index + 1, total=total)}\n"
        f"<b>{html.escape(text.title)}</b>\n\n{text.body_html}\n\n{footer}"
    )


def course_button(text: str, **data: Any) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=CourseCb(**data).pack())


def back_row(t: Translator) -> list[InlineKeyboardButton]:
    return [course_button(t("btn-back"), action=CourseAction.HOME), home_button(t)]


def overview(
    progress: CourseProgress, lessons: list[Lesson], lang: str, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    if progress.finished_at is not None:
        text = t("course-finished-before", total=len(lessons))
        builder.row(course_button(t("course-btn-summary"), action=CourseAction.SUMMARY))
    elif progress.lesson == 0 and progress.question < 0:
        text = t("course-intro", total=len(lessons))
        builder.row(course_button(t("course-btn-start"), action=CourseAction.OPEN))
    else:
        current = lessons[min(progress.lesson, len(lessons) - 1)]
        text = t("course-progress", number=progress.lesson + 1, total=len(lessons))
        builder.row(
            course_button(
                t("course-btn-continue", title=current.text(lang).title),
                action=CourseAction.OPEN,
                lesson=progress.lesson,
            )
        )
    for index, lesson in enumerate(lessons):
        done = progress.finished_at is not None or index < progress.lesson
        label = f"{'✅' if done else '▫️'} {index + 1}. {lesson.text(lang).title}"
        builder.row(course_button(label, action=CourseAction.OPEN, lesson=index))
    if progress.lesson > 0 or progress.finished_at is not None:
        builder.row(course_button(t("course-btn-restart"), action=CourseAction.RESTART))
    builder.row(home_button(t))
    return text, builder.as_markup()


def question_markup(lesson_index: int, question_index: int, options: tuple[str, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [course_button(option, action=CourseAction.ANSWER, lesson=lesson_index, q=question_index, option=number)]
            for number, option in enumerate(options)
        ]
    )


def question_text(question: QuizQuestion, number: int, total: int, t: Translator) -> str:
    return f"❓ {t('course-question-number', number=number + 1, total=total)}\n<b>{html.escape(question.question)}</b>"


def after_lesson_markup(result: AnswerResult, index: int, t: Translator) -> InlineKeyboardMarkup | None:
    """Under the last answer of a lesson: the next lesson or the summary. Between questions: nothing."""
    builder = InlineKeyboardBuilder()
    if result.then is AfterAnswer.NEXT_QUESTION:
        return None
    if result.then is AfterAnswer.NEXT_LESSON:
        builder.row(course_button(t("course-btn-next-lesson"), action=CourseAction.OPEN, lesson=index + 1))
    else:
        builder.row(course_button(t("course-btn-summary"), action=CourseAction.SUMMARY))
    builder.row(*back_row(t))
    return builder.as_markup()


def summary_message(summary: CourseSummary, knowledge: KnowledgeHolder, lang: str, t: Translator) -> tuple[str, Any]:
    learned = "\n".join(f"• {html.escape(lesson.text(lang).summary)}" for lesson in summary.lessons)
    text = t("course-summary", correct=summary.correct, answered=summary.answered) + "\n\n" + learned
    builder = InlineKeyboardBuilder()
    for article_id in summary.article_ids:
        article = knowledge.kb.articles[article_id]
        callback_data = KbCb(action=KbAction.ARTICLE, art=article_id).pack()
        builder.row(InlineKeyboardButton(text=f"📄 {article.text(lang).title}", callback_data=callback_data))
    builder.row(course_button(t("course-btn-restart"), action=CourseAction.RESTART), home_button(t))
    return text, builder.as_markup()


def lesson_markup(
    lesson: Lesson,
    index: int,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons | None,
    with_sources: bool = False,
) -> InlineKeyboardMarkup:
    """The quiz first; then the articles that say more (the lesson itself stays short); listen, share."""
    rows = [[course_button(t("course-btn-quiz"), action=CourseAction.QUIZ, lesson=index)]]
    for article_id in lesson.related[:LESSON_ARTICLES]:
        article = knowledge.kb.get(article_id)
        if article is not None:
            data = KbCb(action=KbAction.ARTICLE, art=article_id).pack()
            rows.append([InlineKeyboardButton(text=f"📄 {article.text(lang).title}", callback_data=data)])
    if reach is not None:
        rows += reach(ContentKind.LESSON, lesson.id, t)
    if not with_sources:
        rows.append([course_button(t("kb-btn-sources"), action=CourseAction.SOURCES, lesson=index)])
    rows.append(back_row(t))
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def send_lesson(
    message: Message,
    lesson: Lesson,
    index: int,
    total: int,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons | None,
) -> None:
    pages = split_text(lesson_text(lesson, index, total, lang, t))
    await send_pages(message, pages, lesson_markup(lesson, index, knowledge, lang, t, reach))


async def send_overview(message: Message, user: User, course: CourseService, lang: str, t: Translator) -> None:
    text, markup = overview(await course.progress(user), course.lessons, lang, t)
    await message.answer(text, reply_markup=markup)


async def open_lesson_link(
    message: Message,
    item: str,
    *,
    user: User,
    course: CourseService,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons | None = None,
    **_: Any,
) -> bool:
    """A shared link to a lesson (l-<id>)."""
    index = course.lesson_index(item)
    if index is None:
        return False
    await course.open_lesson(user, index)
    await send_lesson(message, course.lessons[index], index, len(course.lessons), knowledge, lang, t, reach)
    return True


# -- handlers ------------------------------------------------------------------------------------


async def course_command(message: Message, user: User, course: CourseService, lang: str, t: Translator) -> None:
    await send_overview(message, user, course, lang, t)


async def course_menu(callback: CallbackQuery, user: User, course: CourseService, lang: str, t: Translator) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await send_overview(callback.message, user, course, lang, t)


async def open_lesson(
    callback: CallbackQuery,
    callback_data: CourseCb,
    lesson: Lesson,
    user: User,
    course: CourseService,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons,
) -> None:
    await callback.answer()
    await course.open_lesson(user, callback_data.lesson)
    total = len(course.lessons)
    await send_lesson(shown_message(callback), lesson, callback_data.lesson, total, knowledge, lang, t, reach)


async def lesson_sources(
    callback: CallbackQuery,
    callback_data: CourseCb,
    lesson: Lesson,
    course: CourseService,
    knowledge: KnowledgeHolder,
    lang: str,
    t: Translator,
    reach: ReachButtons,
) -> None:
    """The lesson's sources, unfolded in the lesson's message."""
    await callback.answer()
    index, total = callback_data.lesson, len(course.lessons)
    shown = split_text(lesson_text(lesson, index, total, lang, t))
    pages = split_text(lesson_text(lesson, index, total, lang, t, with_sources=True))
    markup = lesson_markup(lesson, index, knowledge, lang, t, reach, with_sources=True)
    await grow_in_place(shown_message(callback), shown, pages, markup)


async def start_quiz(
    callback: CallbackQuery,
    callback_data: CourseCb,
    lesson: Lesson,
    question_index: int,
    user: User,
    course: CourseService,
    lang: str,
    t: Translator,
) -> None:
    await course.start_quiz(user, callback_data.lesson)
    await callback.answer()
    quiz = lesson.text(lang).quiz
    question = quiz[question_index]
    await shown_message(callback).answer(
        question_text(question, question_index, len(quiz), t),
        reply_markup=question_markup(callback_data.lesson, question_index, question.options),
    )


async def answer(
    callback: CallbackQuery, callback_data: CourseCb, user: User, course: CourseService, lang: str, t: Translator
) -> None:
    """The explanation replaces the answer buttons, so a second tap finds nothing to press; the next
    question follows at once (no extra tap), or the way to the next lesson."""
    index, q = callback_data.lesson, callback_data.q
    result = await course.answer(user, index, q, callback_data.option, lang)
    await callback.answer()
    question = result.question
    quiz = course.lessons[index].text(lang).quiz
    chosen = question.options[callback_data.option]
    right_answer = html.escape(question.options[question.answer])
    verdict = t("course-right") if result.right else t("course-wrong", answer=right_answer)
    text = (
        f"{question_text(question, q, len(quiz), t)}\n{t('course-your-answer', answer=html.escape(chosen))}\n\n"
        f"{verdict}\n{html.escape(question.explain)}"
    )
    try:
        await shown_message(callback).edit_text(text, reply_markup=after_lesson_markup(result, index, t))
    except TelegramBadRequest as error:
        if "not modified" in str(error):  # the same answer tapped twice before the buttons went
            return
        await shown_message(callback).answer(text, reply_markup=after_lesson_markup(result, index, t))
    if result.then is AfterAnswer.NEXT_QUESTION:
        following = quiz[q + 1]
        await shown_message(callback).answer(
            question_text(following, q + 1, len(quiz), t),
            reply_markup=question_markup(index, q + 1, following.options),
        )


async def show_summary(
    callback: CallbackQuery, summary: CourseSummary, knowledge: KnowledgeHolder, lang: str, t: Translator
) -> None:
    await callback.answer()
    text, markup = summary_message(summary, knowledge, lang, t)
    chunks = split_text(text)
    for chunk in chunks[:-1]:
        await shown_message(callback).answer(chunk)
    await shown_message(callback).answer(chunks[-1], reply_markup=markup)


async def restart(callback: CallbackQuery, user: User, course: CourseService, lang: str, t: Translator) -> None:
    progress = await course.restart(user)
    await callback.answer(t("course-restarted"))
    if callback.message is not None:
        text, markup = overview(progress, course.lessons, lang, t)
        await callback.message.answer(text, reply_markup=markup)


def create_router(menu: MenuRegistry, deep_links: DeepLinks) -> Router:
    router = Router(name="course")
    router.message.filter(F.chat.type == "private")
    menu.add("course", "menu-course", order=40)
    deep_links.add(ContentKind.LESSON, open_lesson_link)

    router.message.register(course_command, Command("course"))
    router.callback_query.register(course_menu, MenuCb.filter(F.section == "course"))
    router.callback_query.register(course_menu, CourseCb.filter(F.action == CourseAction.HOME))
    router.callback_query.register(
        open_lesson, CourseCb.filter(F.action == CourseAction.OPEN), HasMessage(), LessonTarget()
    )
    router.callback_query.register(
        lesson_sources, CourseCb.filter(F.action == CourseAction.SOURCES), HasMessage(), LessonTarget()
    )
    router.callback_query.register(
        start_quiz, CourseCb.filter(F.action == CourseAction.QUIZ), HasMessage(), QuizTarget()
    )
    # Once answered, a question's buttons are gone (StillShown): a replayed tap is stale.
    router.callback_query.register(
        answer, CourseCb.filter(F.action == CourseAction.ANSWER), HasMessage(), AnswerTarget(), StillShown()
    )
    router.callback_query.register(
        show_summary, CourseCb.filter(F.action == CourseAction.SUMMARY), HasMessage(), FinishedCourse()
    )
    router.callback_query.register(restart, CourseCb.filter(F.action == CourseAction.RESTART))
    return router
