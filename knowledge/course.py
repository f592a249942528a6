"""The orientation course: `course/<NN>-<id>/` lessons with a short quiz (see course/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.articles_loader import _load_meta_common, load_language_files, sources_of
from knowledge.markup import markdown_to_html, markdown_to_plain
from knowledge.model import CONTENT_LANGUAGES, Source, YearlyAmount
from knowledge.problems import ProblemLog, read_front_matter
from knowledge.telegram_text import utf16_len
from knowledge.translit import uz_latin_to_cyrillic

FOLDER_RE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
MAX_OPTION = 40
MAX_QUESTIONS = 2  # each question is two taps (answer, then the next one): a short quiz after a short lesson
# About two minutes of reading for people who read slowly; the rest goes into the linked articles.
LESSON_TARGET = 700
LESSON_LIMIT = 800  # characters a reader sees in the lesson text (quiz excluded); longer is refused


@dataclass(frozen=True)
class QuizQuestion:
    question: str
    options: tuple[str, ...]
    answer: int  # index from 0
    explain: str


@dataclass(frozen=True)
class LessonText:
    title: str
    summary: str
    body: str
    body_html: str
    quiz: tuple[QuizQuestion, ...]


@dataclass(frozen=True)
class Lesson:
    id: str
    order: int
    related: tuple[str, ...]
    reviewed: date
    sources: tuple[Source, ...]
    translations: dict[str, LessonText]
    yearly: tuple[YearlyAmount, ...] = ()

    def text(self, lang: str) -> LessonText:
        return self.translations.get(lang) or self.translations["ru"]


def _load_text(path: Path, log: ProblemLog) -> LessonText | None:
    parsed = read_front_matter(path, log)
    if parsed is None:
        return None
    header, lines, body, body_line = parsed
    ok = True
    for key in ("title", "summary"):
        if not isinstance(header.get(key), str) or not header[key].strip():
            log.error(path, lines.get(key, 2), f"'{key}' is missing or empty")
            ok = False
    quiz_raw = header.get("quiz")
    quiz: list[QuizQuestion] = []
    if not isinstance(quiz_raw, list) or not 1 <= len(quiz_raw) <= MAX_QUESTIONS:
        log.error(path, lines.get("quiz", 2), f"'quiz' must list 1 to {MAX_QUESTIONS} questions")
        ok = False
    else:
        for number, item in enumerate(quiz_raw, 1):
            line = lines.get(f"quiz[{number - 1}]", lines.get("quiz", 2))
            question = _quiz_question(item, number, line, path, log)
            if question is None:
                ok = False
            else:
                quiz.append(question)
    body = body.strip()
    if not body:
        log.error(path, body_line, "the lesson text is empty")
        ok = False
    elif (size := utf16_len(markdown_to_plain(body))) > LESSON_LIMIT:
        log.error(
            path, body_line, f"the lesson is {size} characters to read; at most {LESSON_LIMIT} (two minutes of "
            f"reading; aim for about {LESSON_TARGET}): leave the rest to the articles in 'related'",
        )  # fmt: skip
        ok = False
    if not ok:
        return None
    return LessonText(
        title=header["title"].strip(),
        summary=header["summary"].strip(),
        body=body,
        body_html=markdown_to_html(body),
        quiz=tuple(quiz),
    )


def _quiz_question(item: Any, number: int, line: int, path: Path, log: ProblemLog) -> QuizQuestion | None:
    if not isinstance(item, dict):
        log.error(path, line, f"quiz question {number} must have question, options, answer, explain")
        return None
    options = item.get("options")
    answer = item.get("answer")
    problems = []
    if not str(item.get("question") or "").strip():
        problems.append("'question' is empty")
    if not isinstance(options, list) or not 2 <= len(options) <= 4:
        problems.append("'options' must list 2 to 4 answers")
    elif any(len(str(option)) > MAX_OPTION for option in options):
        problems.append(f"an option is longer than {MAX_OPTION} characters (it is a button)")
    if not isinstance(answer, int) or not isinstance(options, list) or not 1 <= answer <= len(options):
        problems.append("'answer' must be the number of the right option, from 1")
    if not str(item.get("explain") or "").strip():
        problems.append("'explain' is empty")
    if problems or not isinstance(options, list) or not isinstance(answer, int):
        log.error(path, line, f"quiz question {number}: " + "; ".join(problems))
        return None
    return QuizQuestion(
        question=str(item["question"]).strip(),
        options=tuple(str(option).strip() for option in options),
        answer=answer - 1,
        explain=str(item["explain"]).strip(),
    )


def _derive_uz_cyrl(text: LessonText) -> LessonText:
    convert = uz_latin_to_cyrillic
    body = convert(text.body)
    return LessonText(
        title=convert(text.title),
        summary=convert(text.summary),
        body=body,
        body_html=markdown_to_html(body),
        quiz=tuple(
            QuizQuestion(convert(q.question), tuple(convert(o) for o in q.options), q.answer, convert(q.explain))
            for q in text.quiz
        ),
    )


def load_course(root: Path, log: ProblemLog, today: date) -> list[Lesson]:
    folder_root = root / "course"
    lessons: list[Lesson] = []
    if not folder_root.exists():
        return lessons
    for folder in sorted(p for p in folder_root.iterdir() if p.is_dir()):
        match = FOLDER_RE.match(folder.name)
        if match is None:
            log.error(folder / "meta.yaml", 1, "lesson folders are named NN-id, e.g. 01-first-30-days")
            continue
        meta = _load_meta_common(folder / "meta.yaml", match.group(2), log, today)
        translations = load_language_files(folder, _load_text, log)
        if meta is None or len(translations) != len(CONTENT_LANGUAGES):
            continue
        if not _same_quiz_shape(translations, folder, log):
            continue
        translations["uz-Cyrl"] = _derive_uz_cyrl(translations["uz"])
        lessons.append(
            Lesson(
                id=match.group(2),
                order=int(meta.get("order", int(match.group(1)))),
                related=tuple(str(r) for r in meta.get("related") or ()),
                reviewed=meta["reviewed"],
                sources=sources_of(meta),
                translations=translations,
                yearly=meta["_yearly"],
            )
        )
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))


def _same_quiz_shape(translations: dict[str, LessonText], folder: Path, log: ProblemLog) -> bool:
    """Every language asks the same questions, with the same number of options and the same answer."""
    reference = [(len(q.options), q.answer) for q in translations["ru"].quiz]
    for lang, text in translations.items():
        shape = [(len(q.options), q.answer) for q in text.quiz]
        if shape != reference:
            log.error(
                folder / f"{lang}.md",
                2,
                f"quiz differs from ru (options or right answers): {shape} vs {reference}",
            )
            return False
    return True
