"""The orientation course: lessons, a quiz with instant feedback, saved progress and a summary."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import CourseCb, KbCb, MenuCb
from bot.i18n import Translator
from bot.menu import MenuRegistry
from bot.services.knowledge import KnowledgeHolder
from bot.ui.keyboards import ReachButtons, home_button
from bot.ui.text import split_text
from db.base import utcnow
from db.models import CourseProgress, User
from db.repositories.course import CourseRepository
from knowledge.course import Lesson


def lesson_text(lesson: Lesson, index: int, total: int, lang: str, t: Translator) -> str:
    text = lesson.text(lang)
    sources = "; ".join(html.escape(s.title) for s in lesson.sources[:4])
    return (
        f"🎓 {t('course-lesson-number', number=index + 1, total=total)}\n"
        f"<b>{html.escape(text.title)}</b>\n\n{text.body_html}\n\n"
        f"📚 {t('kb-sources')} {sources}\n🗓 {t('kb-reviewed', date=lesson.reviewed)}"
    )


def overview(
    progress: CourseProgress, lessons: list[Lesson], lang: str, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    if progress.finished_at is not None:
        text = t("course-finished-before", total=len(lessons))
        builder.row(InlineKeyboardButton(text=t("course-btn-summary"), callback_data=CourseCb(action="summary").pack()))
    elif progress.lesson == 0 and progress.question < 0:
        text = t("course-intro", total=len(lessons))
        builder.row(InlineKeyboardButton(text=t("course-btn-start"), callback_data=CourseCb(action="open").pack()))
    else:
        current = lessons[min(progress.lesson, len(lessons) - 1)]
        text = t("course-progress", number=progress.lesson + 1, total=len(lessons))
        builder.row(
            InlineKeyboardButton(
                text=t("course-btn-continue", title=current.text(lang).title),
                callback_data=CourseCb(action="open", lesson=progress.lesson).pack(),
            )
        )
    for index, lesson in enumerate(lessons):
        done = progress.finished_at is not None or index < progress.lesson
        builder.row(
            InlineKeyboardButton(
                text=f"{'✅' if done else '▫️'} {index + 1}. {lesson.text(lang).title}",
                callback_data=CourseCb(action="open", lesson=index).pack(),
            )
        )
    if progress.lesson > 0 or progress.finished_at is not None:
        builder.row(InlineKeyboardButton(text=t("course-btn-restart"), callback_data=CourseCb(action="restart").pack()))
    builder.row(home_button(t))
    return text, builder.as_markup()


def question_markup(lesson_index: int, question_index: int, options: tuple[str, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=option,
                    callback_data=CourseCb(action="ans", lesson=lesson_index, q=question_index, option=number).pack(),
                )
            ]
            for number, option in enumerate(options)
        ]
    )


async def send_lesson(
    message: Message,
    user: User,
    knowledge: KnowledgeHolder,
    index: int,
    lang: str,
    t: Translator,
    course: CourseRepository,
    reach: ReachButtons | None = None,
) -> None:
    """Show a lesson and remember the place (jumping ahead is allowed; going back keeps the place)."""
    lessons = knowledge.kb.course
    progress = await course.get(user.id)
    if progress.finished_at is None and index >= progress.lesson:
        progress.lesson = index
        progress.question = -1
    lesson = lessons[index]
    rows = [
        [InlineKeyboardButton(text=t("course-btn-quiz"), callback_data=CourseCb(action="quiz", lesson=index).pack())]
    ]
    if reach is not None:
        rows += reach("l", lesson.id, t)
    rows.append(
        [InlineKeyboardButton(text=t("btn-back"), callback_data=CourseCb(action="home").pack()), home_button(t)]
    )
    chunks = split_text(lesson_text(lesson, index, len(lessons), lang, t))
    for chunk in chunks[:-1]:
        await message.answer(chunk)
    await message.answer(chunks[-1], reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


def create_router(menu: MenuRegistry) -> Router:
    router = Router(name="course")
    router.message.filter(F.chat.type == "private")
    menu.add("course", "menu-course", order=40)

    async def send_overview(
        message: Message, user: User, knowledge: KnowledgeHolder, lang: str, t: Translator, repo: CourseRepository
    ) -> None:
        progress = await repo.get(user.id)
        text, markup = overview(progress, knowledge.kb.course, lang, t)
        await message.answer(text, reply_markup=markup)

    @router.message(Command("course"))
    async def course_command(
        message: Message, user: User, knowledge: KnowledgeHolder, lang: str, t: Translator, course: CourseRepository
    ) -> None:
        await send_overview(message, user, knowledge, lang, t, course)

    @router.callback_query(MenuCb.filter(F.section == "course"))
    @router.callback_query(CourseCb.filter(F.action == "home"))
    async def course_menu(
        callback: CallbackQuery,
        user: User,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        course: CourseRepository,
    ) -> None:
        await callback.answer()
        if callback.message is not None:
            await send_overview(callback.message, user, knowledge, lang, t, course)

    @router.callback_query(CourseCb.filter(F.action == "open"))
    async def open_lesson(
        callback: CallbackQuery,
        callback_data: CourseCb,
        user: User,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        course: CourseRepository,
        reach: ReachButtons,
    ) -> None:
        lessons = knowledge.kb.course
        if not 0 <= callback_data.lesson < len(lessons) or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        await send_lesson(callback.message, user, knowledge, callback_data.lesson, lang, t, course, reach)

    @router.callback_query(CourseCb.filter(F.action == "quiz"))
    async def start_quiz(
        callback: CallbackQuery,
        callback_data: CourseCb,
        user: User,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        course: CourseRepository,
    ) -> None:
        lessons = knowledge.kb.course
        if not 0 <= callback_data.lesson < len(lessons) or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        progress = await course.get(user.id)
        quiz_length = len(lessons[callback_data.lesson].text(lang).quiz)
        if progress.finished_at is None and callback_data.lesson == progress.lesson:
            progress.question = max(progress.question, 0)  # the saved place: no skipping questions
            question_index = progress.question
        else:
            question_index = callback_data.q  # revising an earlier lesson: progress stays as it is
        if not 0 <= question_index < quiz_length:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        await ask(callback.message, lessons[callback_data.lesson], callback_data.lesson, question_index, lang, t)

    async def ask(
        message: Message, lesson: Lesson, lesson_index: int, question_index: int, lang: str, t: Translator
    ) -> None:
        question = lesson.text(lang).quiz[question_index]
        total = len(lesson.text(lang).quiz)
        number = t("course-question-number", number=question_index + 1, total=total)
        text = f"❓ {number}\n<b>{html.escape(question.question)}</b>"
        await message.answer(text, reply_markup=question_markup(lesson_index, question_index, question.options))

    @router.callback_query(CourseCb.filter(F.action == "ans"))
    async def answer(
        callback: CallbackQuery,
        callback_data: CourseCb,
        user: User,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        course: CourseRepository,
    ) -> None:
        lessons = knowledge.kb.course
        index, q = callback_data.lesson, callback_data.q
        if (
            not 0 <= index < len(lessons)
            or not 0 <= q < len(lessons[index].text(lang).quiz)
            or callback.message is None
        ):
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        lesson = lessons[index]
        quiz = lesson.text(lang).quiz
        question = quiz[q]
        if not 0 <= callback_data.option < len(question.options):
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        progress = await course.get(user.id)
        counts = progress.finished_at is None and progress.lesson == index and progress.question == q
        right = callback_data.option == question.answer
        if counts:  # only the first answer to the current question moves progress and the score
            progress.answered += 1
            progress.correct += int(right)
            progress.question = q + 1
            if q + 1 >= len(quiz):
                progress.lesson = index + 1
                progress.question = -1
                if index + 1 >= len(lessons):
                    progress.finished_at = utcnow()
        await callback.answer()
        verdict = t("course-right") if right else t("course-wrong", answer=question.options[question.answer])
        feedback = f"{verdict}\n{html.escape(question.explain)}"
        builder = InlineKeyboardBuilder()
        if q + 1 < len(quiz):
            next_question = CourseCb(action="quiz", lesson=index, q=q + 1).pack()
            builder.row(InlineKeyboardButton(text=t("course-btn-next-question"), callback_data=next_question))
        elif index + 1 < len(lessons):
            builder.row(
                InlineKeyboardButton(
                    text=t("course-btn-next-lesson"), callback_data=CourseCb(action="open", lesson=index + 1).pack()
                )
            )
        else:
            builder.row(
                InlineKeyboardButton(text=t("course-btn-summary"), callback_data=CourseCb(action="summary").pack())
            )
        builder.row(
            InlineKeyboardButton(text=t("btn-back"), callback_data=CourseCb(action="home").pack()), home_button(t)
        )
        await callback.message.answer(feedback, reply_markup=builder.as_markup())

    @router.callback_query(CourseCb.filter(F.action == "summary"))
    async def summary(
        callback: CallbackQuery,
        user: User,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        course: CourseRepository,
    ) -> None:
        progress = await course.get(user.id)
        if progress.finished_at is None or callback.message is None:
            await callback.answer(t("error-stale-button"), show_alert=True)
            return
        await callback.answer()
        lessons = knowledge.kb.course
        learned = "\n".join(f"• {html.escape(lesson.text(lang).summary)}" for lesson in lessons)
        text = t("course-summary", correct=progress.correct, answered=progress.answered) + "\n\n" + learned
        builder = InlineKeyboardBuilder()
        seen: list[str] = []
        for lesson in lessons:
            for article_id in lesson.related:
                if article_id not in seen and knowledge.kb.get(article_id) is not None:
                    seen.append(article_id)
        for article_id in seen[:8]:
            article = knowledge.kb.get(article_id)
            builder.row(
                InlineKeyboardButton(
                    text=f"📄 {article.text(lang).title}", callback_data=KbCb(action="art", art=article_id).pack()
                )
            )
        builder.row(
            InlineKeyboardButton(text=t("course-btn-restart"), callback_data=CourseCb(action="restart").pack()),
            home_button(t),
        )
        for chunk in split_text(text)[:-1]:
            await callback.message.answer(chunk)
        await callback.message.answer(split_text(text)[-1], reply_markup=builder.as_markup())

    @router.callback_query(CourseCb.filter(F.action == "restart"))
    async def restart(
        callback: CallbackQuery,
        user: User,
        knowledge: KnowledgeHolder,
        lang: str,
        t: Translator,
        course: CourseRepository,
    ) -> None:
        progress = await course.get(user.id)
        course.restart(progress)
        await callback.answer(t("course-restarted"))
        if callback.message is not None:
            text, markup = overview(progress, knowledge.kb.course, lang, t)
            await callback.message.answer(text, reply_markup=markup)

    return router
