"""uz-Cyrl is derived from the Latin text, so the Latin text must be written so that it derives well.

A Russian word typed in Latin letters («otrivnoy») comes out misspelled in Cyrillic, and a word the
transliteration leaves alone («MFC») stays Latin in the middle of Cyrillic text. Either way a reader
of uz-Cyrl sees a broken word: the derived text may keep Latin only in URLs, handles and the brands
and codes listed here.
"""

from __future__ import annotations

import re

import pytest

from knowledge.base import load_knowledge
from knowledge.content_checks import article_reading, lesson_reading

LATIN_ALLOWED = {
    "SIM", "SMS", "QR", "ID", "PDF", "SOS", "RuID", "eSIM", "Google", "YouTube", "WhatsApp", "iPhone", "mi", "Help",
}  # fmt: skip
ROMAN = re.compile(r"^[IVXLC]+$")
NOT_WORDS = re.compile(
    r"https?://\S+|www\.\S+|t\.me/\S*|(?<![\w@])@\w+|\]\([^)]*\)"
    r"|\b(?:[A-Za-z0-9-]+\.)+(?:ru|uz|tj|kg|kz|su|com|org|net|info|gov|io|me)\b\S*"
)

KB, _PROBLEMS = load_knowledge()


def latin_words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"[A-Za-z]+", NOT_WORDS.sub(" ", text)) if w not in LATIN_ALLOWED and not ROMAN.match(w)
    }


def readings():
    assert KB is not None
    for article in KB.articles.values():
        yield f"article {article.id}", article_reading(article, "uz-Cyrl")  # the short answer too
    for lesson in KB.course:
        yield f"lesson {lesson.id}", lesson_reading(lesson.translations["uz-Cyrl"])


@pytest.mark.parametrize(
    ("unit", "text"), list(readings()), ids=lambda v: v if isinstance(v, str) and len(v) < 60 else ""
)
def test_derived_uzbek_cyrillic_has_no_stray_latin(unit: str, text: str) -> None:
    assert latin_words(text) == set(), f"{unit}: Latin words in the derived uz-Cyrl text"


def test_the_check_catches_what_it_is_for() -> None:
    from knowledge.translit import uz_latin_to_cyrillic

    assert latin_words(uz_latin_to_cyrillic("MFC orqali, (otrivnoy talon)")) == {"MFC"}
    assert (
        latin_words(uz_latin_to_cyrillic("МФЦ orqali, «Госуслуги RuID», https://mvd.ru/x, @mi_help_bot, I guruh"))
        == set()
    )
    assert uz_latin_to_cyrillic("otrivnoy") == "отривной"  # why Russian glosses are written in Cyrillic
