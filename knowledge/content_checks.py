"""Checks that read the whole content at once: glossary terms, source dates, the watch list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from knowledge.course import Lesson, LessonText
from knowledge.freshness import Unit, check_freshness
from knowledge.glossary import check_terms, load_glossary
from knowledge.model import CONTENT_LANGUAGES, Article
from knowledge.problems import ProblemLog, YamlError, load_yaml
from knowledge.watch import check_watch, load_watch


def lesson_reading(text: LessonText) -> str:
    """Everything a reader sees in a lesson: title, summary, text and quiz."""
    quiz = [part for q in text.quiz for part in (q.question, *q.options, q.explain)]
    return "\n".join([text.title, text.summary, text.body, *quiz])


def article_reading(article: Article, lang: str) -> str:
    """Everything a reader sees of an article: title, short answer, text."""
    text = article.translations[lang]
    return "\n".join(part for part in (text.title, text.short, text.body) if part)


def units(root: Path, articles: dict[str, Article], course: list[Lesson]) -> list[Unit]:
    found = [
        Unit("article", a.id, root / "articles" / a.id / "meta.yaml", a.reviewed, a.sources, a.yearly,
             {lang: article_reading(a, lang) for lang in CONTENT_LANGUAGES})
        for a in articles.values()
    ]  # fmt: skip
    for lesson in course:
        folder = next((root / "course").glob(f"*-{lesson.id}"), root / "course")
        bodies = {lang: lesson_reading(lesson.translations[lang]) for lang in CONTENT_LANGUAGES}
        found.append(
            Unit("lesson", lesson.id, folder / "meta.yaml", lesson.reviewed, lesson.sources, lesson.yearly, bodies)
        )
    return found


def _lines(path: Path) -> dict[str, int]:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))[1]
    except (YamlError, OSError):
        return {}


def run_content_checks(
    root: Path, articles: dict[str, Article], course: list[Lesson], log: ProblemLog, today: date
) -> None:
    glossary = load_glossary(root, log)
    if glossary is not None:
        check_terms(root, glossary, log)
    all_units = units(root, articles, course)
    check_freshness(all_units, log, today, {u.meta_path: _lines(u.meta_path) for u in all_units})
    texts = {kind: {u.id: dict(u.bodies) for u in all_units if u.kind == kind} for kind in ("article", "lesson")}
    check_watch(load_watch(root, log, today), texts["article"], texts["lesson"], root, log, today)
