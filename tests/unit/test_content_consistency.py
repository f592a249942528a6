"""Every language says the same thing: the same numbers, and English explains MVD and MFC."""

from __future__ import annotations

import re

import pytest

from knowledge.base import load_knowledge
from knowledge.content_checks import article_reading, lesson_reading
from knowledge.freshness import numbers_in
from knowledge.model import CONTENT_LANGUAGES

KB, _PROBLEMS = load_knowledge()
DOTTED_DATE = re.compile(r"(?<!\d)(?<!\d\.)(\d{1,2})\.\d{2}\.(\d{4})(?!\.?\d)")


def numbers(text: str) -> set[str]:
    """Numbers in a text; a date 27.03.1997 counts as its day and year (uz writes 1997-yil 27-mart)."""
    return numbers_in(DOTTED_DATE.sub(lambda m: f"{int(m.group(1))} {m.group(2)}", text)) - {"0"}


def units():
    assert KB is not None
    for article in KB.articles.values():
        yield (
            f"article {article.id}",
            {lang: article_reading(article, lang) for lang in CONTENT_LANGUAGES},  # title, short answer, text
        )
    for lesson in KB.course:
        yield f"lesson {lesson.id}", {lang: lesson_reading(lesson.translations[lang]) for lang in CONTENT_LANGUAGES}


@pytest.mark.parametrize(("unit", "texts"), list(units()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_language_has_the_same_numbers(unit: str, texts: dict[str, str]) -> None:
    reference = numbers(texts["ru"])
    for lang in CONTENT_LANGUAGES[1:]:
        found = numbers(texts[lang])
        assert found == reference, (
            f"{unit} [{lang}]: missing {sorted(reference - found)}, extra {sorted(found - reference)}"
        )


def short_answers():
    assert KB is not None
    for article in KB.articles.values():
        yield f"article {article.id}", {lang: article.translations[lang].short for lang in CONTENT_LANGUAGES}


@pytest.mark.parametrize(("unit", "shorts"), list(short_answers()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_short_answer_has_the_numbers_of_the_russian_one(unit: str, shorts: dict[str, str]) -> None:
    # The short answer is read first and alone: a figure missing from one language is missing for its readers.
    reference = numbers(shorts["ru"])
    for lang in CONTENT_LANGUAGES[1:]:
        if shorts[lang]:
            found = numbers(shorts[lang])
            assert found == reference, (
                f"{unit} short [{lang}]: missing {sorted(reference - found)}, extra {sorted(found - reference)}"
            )


def test_number_reading_ignores_the_separator_style() -> None:
    assert numbers("штраф 2 000–5 000 ₽, 1 200 × 2,842") == numbers("a fine of 2,000–5,000 ₽, 1,200 × 2.842")
    assert numbers("с 27.03.1997") == numbers("1997-yil 27-martdan")
    assert numbers("статьи 205, 281") == {"205", "281"}


EXPLAINED = {"MVD": r"Ministry of Internal Affairs|police", "MFC": r"public services centre|multifunctional"}


@pytest.mark.parametrize(("unit", "texts"), list(units()), ids=lambda v: v if isinstance(v, str) else "")
def test_english_explains_mvd_and_mfc_at_first_mention(unit: str, texts: dict[str, str]) -> None:
    text = texts["en"]
    for abbreviation, explanation in EXPLAINED.items():
        first = re.search(rf"\b{abbreviation}\b", text)
        if first is not None:
            around = text[max(0, first.start() - 60) : first.end() + 60]
            assert re.search(explanation, around), f"{unit}: explain {abbreviation} at its first mention: {around!r}"
