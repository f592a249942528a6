"""Load and validate `articles/<id>/` folders (meta.yaml + one Markdown file per language)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from knowledge.freshness import check_source_dates, parse_yearly
from knowledge.markup import markdown_to_html, markdown_to_plain
from knowledge.model import CATEGORIES, CONTENT_LANGUAGES, KINDS, SHORT_LIMIT, Article, Source, Translation
from knowledge.problems import ProblemLog, YamlError, load_yaml, read_front_matter, read_yaml_file
from knowledge.telegram_text import MESSAGE_LIMIT, utf16_len
from knowledge.translit import uz_latin_to_cyrillic

T = TypeVar("T")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LONG_BODY = 1800  # characters; over this the article no longer fits one phone screen or two
STALE_AFTER = timedelta(days=365)


def _string_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return [str(item).strip() for item in value if str(item).strip()]
    return None


def _load_translation(path: Path, log: ProblemLog) -> Translation | None:
    parsed = read_front_matter(path, log)
    if parsed is None:
        return None
    header, lines, body, body_line = parsed
    ok = True
    title = header.get("title")
    if not isinstance(title, str) or not title.strip():
        log.error(path, lines.get("title", 2), "'title' is missing or empty")
        ok = False
    questions = _string_list(header.get("questions"))
    if questions is None or not questions:
        log.error(path, lines.get("questions", 2), "'questions' must be a non-empty list of example questions")
        ok = False
    elif len(questions) < 3:
        log.warning(path, lines.get("questions", 2), "fewer than 3 example questions: search will find it less often")
    keywords = _string_list(header.get("keywords"))
    if keywords is None:
        log.error(path, lines.get("keywords", 2), "'keywords' must be a list of words")
        ok = False
    short = _load_short(path, header, lines, body_line - 1, log)
    if short is None:
        ok = False
    for unknown in sorted(set(header) - {"title", "questions", "keywords", "short"}):
        log.warning(path, lines.get(unknown, 2), f"unknown field '{unknown}' is ignored")
    body = body.strip()
    if not body:
        log.error(path, body_line, "the text is empty")
        ok = False
    size = utf16_len(body)
    if size > MESSAGE_LIMIT:
        log.error(path, body_line, f"the text is {size} characters; Telegram's limit is {MESSAGE_LIMIT}")
        ok = False
    elif size > LONG_BODY:
        log.warning(path, body_line, f"very long text ({size} characters); one screen is about 1,200")
    if body.count("**") % 2:
        log.error(path, body_line, "unbalanced ** (bold markers must come in pairs)")
        ok = False
    if not ok or not isinstance(title, str):
        return None
    return Translation(
        title=title.strip(),
        questions=tuple(questions or ()),
        keywords=tuple(keywords or ()),
        body=body,
        body_html=markdown_to_html(body),
        short=short or "",
        short_html=markdown_to_html(short) if short else "",
    )


def _load_short(
    path: Path, header: dict[str, Any], lines: dict[str, int], header_end: int, log: ProblemLog
) -> str | None:
    """The short answer shown first; None when it is missing or wrong (every article opens with one)."""
    short = header.get("short")
    if short is None:
        log.error(
            path, header_end, "'short' is missing: write the short answer (at most "
            f"{SHORT_LIMIT} characters, the key rule in **bold**) as the last field of the header",
        )  # fmt: skip
        return None
    line = lines.get("short", 2)
    if not isinstance(short, str) or not short.strip():
        log.error(path, line, "'short' must be the short answer: a few sentences of text")
        return None
    short = short.strip()
    ok = True
    size = utf16_len(markdown_to_plain(short))
    if size > SHORT_LIMIT:
        log.error(path, line, f"the short answer is {size} characters; at most {SHORT_LIMIT} (one phone screen)")
        ok = False
    if short.count("**") % 2:
        log.error(path, line, "unbalanced ** in the short answer (bold markers must come in pairs)")
        ok = False
    elif "**" not in short:
        log.warning(path, line, "the short answer has no **bold**: make the key rule, deadline or amount bold")
    return short if ok else None


def derive_uz_cyrl(latin: Translation) -> Translation:
    body = uz_latin_to_cyrillic(latin.body)
    short = uz_latin_to_cyrillic(latin.short)
    return Translation(
        title=uz_latin_to_cyrillic(latin.title),
        questions=tuple(uz_latin_to_cyrillic(q) for q in latin.questions),
        keywords=tuple(uz_latin_to_cyrillic(k) for k in latin.keywords),
        body=body,
        body_html=markdown_to_html(body),
        short=short,
        short_html=markdown_to_html(short) if short else "",
    )


def _load_meta_common(path: Path, expected_id: str, log: ProblemLog, today: date) -> dict[str, Any] | None:
    """Checks shared by articles and lessons: id, related ids list, review date, sources."""
    if not path.exists():
        log.error(path, 1, "meta.yaml is missing")
        return None
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return None
    meta, lines = parsed
    ok = True

    def fail(key: str, message: str) -> None:
        nonlocal ok
        ok = False
        log.error(path, lines.get(key, 1), message)

    if meta.get("id") != expected_id:
        fail("id", f"'id' must be '{expected_id}' (the folder name)")
    if not ID_RE.match(expected_id):
        fail("id", "ids use lowercase letters, digits and '-'")
    if not isinstance(meta.get("order", 0), int):
        fail("order", "'order' must be a whole number")
    if _string_list(meta.get("related")) is None:
        fail("related", "'related' must be a list of ids")
    reviewed = meta.get("reviewed")
    if not isinstance(reviewed, date):
        fail("reviewed", "'reviewed' must be a date like 2026-11-27")
    elif reviewed > today:
        fail("reviewed", "'reviewed' is in the future")
    elif today - reviewed > STALE_AFTER:
        log.warning(path, lines.get("reviewed", 1), f"reviewed {reviewed}: more than 12 months ago, check the facts")
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources:
        fail("sources", "'sources' must list at least one source (a law with its article, or an official page)")
    else:
        for index, source in enumerate(sources):
            key = f"sources[{index}]"
            if not isinstance(source, dict) or not str(source.get("title") or "").strip():
                fail(key, "each source needs a non-empty 'title'")
            elif source.get("url") is not None and not re.match(r"^https?://\S+$", str(source["url"])):
                fail(key, "a source 'url' must start with http:// or https://")
        if not check_source_dates(sources, lines, path, log, today):
            ok = False
    yearly = parse_yearly(meta.get("yearly"), lines, path, log)
    if yearly is None:
        ok = False
    meta["_yearly"] = yearly or ()
    meta["_lines"] = lines
    return meta if ok else None


def _load_meta(folder: Path, log: ProblemLog, today: date) -> dict[str, Any] | None:
    path = folder / "meta.yaml"
    meta = _load_meta_common(path, folder.name, log, today)
    if meta is None:
        return None
    lines = meta["_lines"]
    ok = True
    if meta.get("category") not in CATEGORIES:
        log.error(path, lines.get("category", 1), f"'category' must be one of: {', '.join(CATEGORIES)}")
        ok = False
    if meta.get("kind") not in KINDS:
        log.error(path, lines.get("kind", 1), f"'kind' must be one of: {', '.join(KINDS)}")
        ok = False
    if _string_list(meta.get("places")) is None:
        log.error(path, lines.get("places", 1), "'places' must be a list of ids")
        ok = False
    return meta if ok else None


def load_language_files(folder: Path, load: Callable[[Path, ProblemLog], T | None], log: ProblemLog) -> dict[str, T]:
    """Load `<lang>.md` for every content language of an article or lesson folder."""
    loaded: dict[str, T] = {}
    for lang in CONTENT_LANGUAGES:
        path = folder / f"{lang}.md"
        if not path.exists():
            log.error(path, 1, f"missing translation '{lang}'")
            continue
        item = load(path, log)
        if item is not None:
            loaded[lang] = item
    for extra in sorted(folder.glob("*.md")):
        if extra.stem not in CONTENT_LANGUAGES:
            log.error(extra, 1, f"unknown language file '{extra.name}' (uz-Cyrl is derived from uz.md)")
    return loaded


def load_articles(root: Path, log: ProblemLog, today: date) -> dict[str, Article]:
    folder_root = root / "articles"
    articles: dict[str, Article] = {}
    for folder in sorted(p for p in folder_root.iterdir() if p.is_dir()) if folder_root.exists() else []:
        meta = _load_meta(folder, log, today)
        translations = load_language_files(folder, _load_translation, log)
        if meta is None or len(translations) != len(CONTENT_LANGUAGES):
            continue
        translations["uz-Cyrl"] = derive_uz_cyrl(translations["uz"])
        articles[folder.name] = Article(
            id=folder.name,
            category=meta["category"],
            kind=meta["kind"],
            order=int(meta.get("order", 0)),
            related=tuple(_string_list(meta.get("related")) or ()),
            places=tuple(_string_list(meta.get("places")) or ()),
            reviewed=meta["reviewed"],
            sources=sources_of(meta),
            translations=translations,
            yearly=meta["_yearly"],
        )
    return articles


def sources_of(meta: dict[str, Any]) -> tuple[Source, ...]:
    return tuple(Source(str(s["title"]).strip(), s.get("url"), s.get("checked")) for s in meta["sources"])


def check_article_links(articles: dict[str, Article], place_ids: set[str], root: Path, log: ProblemLog) -> None:
    for article in articles.values():
        path = root / "articles" / article.id / "meta.yaml"
        lines = _meta_lines(path)
        for related in article.related:
            if related == article.id:
                log.error(path, lines.get("related", 1), "an article cannot be related to itself")
            elif related not in articles:
                log.error(path, lines.get("related", 1), f"unknown related article id '{related}'")
        for place in article.places:
            if place not in place_ids:
                log.error(path, lines.get("places", 1), f"unknown place id '{place}' (see places.geojson)")


def _meta_lines(path: Path) -> dict[str, int]:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))[1]
    except (YamlError, OSError):
        return {}
