"""The knowledge base as immutable data, loaded from the content files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CONTENT_LANGUAGES: tuple[str, ...] = ("ru", "uz", "tg", "ky", "en")  # written by people
ALL_LANGUAGES: tuple[str, ...] = ("ru", "uz", "uz-Cyrl", "tg", "ky", "en")  # uz-Cyrl is derived
CATEGORIES: tuple[str, ...] = ("documents", "work", "police", "health", "life")
KINDS: tuple[str, ...] = ("legal", "medical", "info")
SHORT_LIMIT = 400  # characters a reader sees in an article's short answer (what fits one phone screen)


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None
    checked: date | None = None  # when someone last confirmed the source says this (articles and lessons)


@dataclass(frozen=True)
class YearlyAmount:
    """An amount that depends on a yearly coefficient: true only until `valid_until`."""

    amount: str  # as written in the text, e.g. "8 697 ₽"
    valid_until: date
    note: str = ""


@dataclass(frozen=True)
class Translation:
    title: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    body: str  # light Markdown as written
    body_html: str  # Telegram HTML
    short: str = ""  # the answer first: at most SHORT_LIMIT characters, the key rule in bold (required)
    short_html: str = ""


@dataclass(frozen=True)
class Article:
    id: str
    category: str
    kind: str
    order: int
    related: tuple[str, ...]
    places: tuple[str, ...]
    reviewed: date
    sources: tuple[Source, ...]
    translations: dict[str, Translation] = field(hash=False, compare=False)
    yearly: tuple[YearlyAmount, ...] = ()

    def text(self, lang: str) -> Translation:
        return self.translations.get(lang) or self.translations["ru"]
