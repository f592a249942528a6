"""Load the whole knowledge base from its content folder, validating as it goes."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from knowledge.answers import AnswerBook, load_answers
from knowledge.articles_loader import check_article_links, load_articles
from knowledge.content_checks import run_content_checks
from knowledge.course import Lesson, load_course
from knowledge.crisis import CrisisDetector, load_crisis
from knowledge.danger import Helpline, load_helplines
from knowledge.folding import _fold_word as fold_word
from knowledge.folding import _other_char as other_char
from knowledge.langdetect import _word_grams as word_grams
from knowledge.model import CATEGORIES, Article
from knowledge.places import PLACE_CATEGORIES, Place
from knowledge.places_loader import load_places
from knowledge.problems import Problem, ProblemLog, read_yaml_file
from knowledge.search import SearchIndex, token_features

CONTENT_DIR = Path(__file__).parent


@dataclass
class KnowledgeBase:
    root: Path
    articles: dict[str, Article]
    synonyms: list[list[str]]
    search: SearchIndex
    crisis: CrisisDetector
    helplines: dict[str, Helpline] = field(default_factory=dict)  # per danger category, after 112
    places: dict[str, Place] = field(default_factory=dict)
    course: list[Lesson] = field(default_factory=list)
    answers: AnswerBook = field(default_factory=AnswerBook)
    build_seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    def get(self, article_id: str) -> Article | None:
        return self.articles.get(article_id)

    def by_category(self, category: str) -> list[Article]:
        found = [a for a in self.articles.values() if a.category == category]
        return sorted(found, key=lambda a: (a.order, a.id))

    def categories(self) -> list[str]:
        return [c for c in CATEGORIES if any(a.category == c for a in self.articles.values())]

    def place_categories(self) -> list[str]:
        return [c for c in PLACE_CATEGORIES if any(p.category == c for p in self.places.values())]

    def places_in(self, category: str) -> list[Place]:
        return sorted((p for p in self.places.values() if p.category == category), key=lambda p: p.id)


class KnowledgeError(Exception):
    """The content has errors; the message lists them (file:line: message)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems if p.level == "error"))


def _load_synonyms(root: Path, log: ProblemLog) -> list[list[str]]:
    path = root / "synonyms.yaml"
    parsed = read_yaml_file(path, log) if path.exists() else None
    if parsed is None:
        return []
    data, lines = parsed
    groups = data.get("groups")
    if not isinstance(groups, list):
        log.error(path, 1, "synonyms.yaml must have a 'groups' list of word lists")
        return []
    result = []
    for index, group in enumerate(groups):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) for w in group):
            log.error(path, lines.get(f"groups[{index}]", 1), "each group must list at least two words")
            continue
        result.append([w.strip() for w in group if w.strip()])
    return result


def _check_course_links(course: list[Lesson], articles: dict[str, Article], root: Path, log: ProblemLog) -> None:
    for lesson in course:
        for related in lesson.related:
            if related not in articles:
                folder = next((root / "course").glob(f"*-{lesson.id}"), root / "course")
                log.error(folder / "meta.yaml", 1, f"unknown related article id '{related}'")


def _load_stopwords(root: Path, log: ProblemLog) -> list[str]:
    path = root / "stopwords.yaml"
    parsed = read_yaml_file(path, log) if path.exists() else None
    if parsed is None:
        return []
    data, lines = parsed
    words: list[str] = []
    for lang, items in data.items():
        if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
            log.error(path, lines.get(str(lang), 1), f"'{lang}' must be a list of words")
            continue
        words.extend(items)
    return words


def load_knowledge(root: Path | None = None, today: date | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Return (knowledge base, problems); the base is None when there are errors."""
    root = (root or CONTENT_DIR).resolve()
    today = today or date.today()
    log = ProblemLog(root)
    articles = load_articles(root, log, today)
    places = load_places(root, log, today)
    course = load_course(root, log, today)
    synonyms = _load_synonyms(root, log)
    stopwords = _load_stopwords(root, log)
    crisis = load_crisis(root, log)
    helplines = load_helplines(root / "danger" / "helplines.yaml", log)
    check_article_links(articles, place_ids=set(places), root=root, log=log)
    _check_course_links(course, articles, root, log)
    run_content_checks(root, articles, course, log, today)
    answers = load_answers(root, log, today, articles)
    for article in articles.values():  # places link back to the articles that mention them
        for place_id in article.places:
            if place_id in places:
                places[place_id].articles.append(article.id)
    if log.errors:
        return None, log.items
    started = time.perf_counter()
    index = SearchIndex(articles, synonyms, stopwords)
    kb = KnowledgeBase(
        root=root,
        articles=articles,
        synonyms=synonyms,
        search=index,
        crisis=crisis,
        helplines=helplines,
        places=places,
        course=course,
        answers=answers,
        build_seconds=time.perf_counter() - started,
        problems=log.items,
    )
    release_build_memory()
    return kb, log.items


def release_build_memory() -> None:
    """Give back what building the base used: the word caches and the freed heap.

    Loading passes every word of the content through the per-word caches that make queries fast;
    those entries are cleared (queries fill them again with the words people type). The C heap
    keeps freed memory for reuse; trimming it returns tens of MiB to the system (glibc only).
    """
    for cached in (token_features, word_grams, fold_word, other_char):
        cached.cache_clear()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def require_knowledge(root: Path | None = None) -> KnowledgeBase:
    kb, problems = load_knowledge(root)
    if kb is None:
        raise KnowledgeError(problems)
    return kb
