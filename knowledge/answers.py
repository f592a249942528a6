"""Vetted answers: `answers/<id>/` canned replies a consultant sends with `/a ID` (see knowledge/README.md).

An answer is written once per content language and reviewed like an article. The bot sends the
text in the person's language after the consultant's role prefix; staff see the Russian text.
uz-Cyrl is derived from uz. Validation names the file and line of every problem: missing languages,
a text that would not fit one Telegram message with the role prefix, numbers that differ between
languages (a deadline or an amount must never change in translation), unknown related articles,
sources without a `checked` date, and Latin words left in the derived Uzbek Cyrillic text.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from knowledge.articles_loader import ID_RE, load_language_files
from knowledge.markup import markdown_to_html
from knowledge.model import CONTENT_LANGUAGES, Article
from knowledge.problems import ProblemLog, read_front_matter, read_yaml_file
from knowledge.telegram_text import MESSAGE_LIMIT, utf16_len
from knowledge.translit import KEEP_WORDS, uz_latin_to_cyrillic

ROLES: tuple[str, ...] = ("lawyer", "doctor", "social")
KINDS: tuple[str, ...] = ("legal", "medical", "info")  # legal and medical answers state rules: sources required
# Room kept for the role prefix ("🤝 Социальный работник:" and a line break) in front of the text.
ROLE_PREFIX_RESERVE = 64
ANSWER_LIMIT = MESSAGE_LIMIT - ROLE_PREFIX_RESERVE
LONG_ANSWER = 1200  # one phone screen: a chat reply longer than this is better sent as the article
STALE_AFTER = timedelta(days=365)

_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"\]\([^)\s]*\)|https?://\S+|www\.\S+|\b[\w.-]+\.(?:ru|рф|uz|kg|tj|com|org|net)\b\S*", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")


@dataclass(frozen=True)
class AnswerSource:
    title: str
    url: str | None
    checked: date  # when an editor last compared the answer with this source


@dataclass(frozen=True)
class AnswerText:
    title: str  # what staff see in the `/a` list
    body: str  # light Markdown as written
    body_html: str  # Telegram HTML


@dataclass(frozen=True)
class Answer:
    id: str
    roles: tuple[str, ...]
    kind: str
    related: tuple[str, ...]
    sources: tuple[AnswerSource, ...]
    translations: dict[str, AnswerText] = field(hash=False, compare=False)

    def text(self, lang: str) -> AnswerText:
        """The text in `lang` (uz-Cyrl included); Russian for a language without a text."""
        return self.translations.get(lang) or self.translations["ru"]

    def suits(self, role: str) -> bool:
        return role in self.roles

    def message_html(self, lang: str, prefix_html: str) -> str:
        """What the person receives: the role prefix (already HTML), a line break, the answer."""
        return f"{prefix_html}\n{self.text(lang).body_html}"

    @property
    def checked(self) -> date | None:
        """The oldest `checked` date of its sources: the answer is as fresh as its stalest rule."""
        return min((source.checked for source in self.sources), default=None)


class AnswerBook:
    """All vetted answers, looked up by the name a consultant types after `/a`."""

    def __init__(self, answers: Mapping[str, Answer] | None = None) -> None:
        self._answers = dict(sorted((answers or {}).items()))

    def __len__(self) -> int:
        return len(self._answers)

    def __iter__(self) -> Iterator[Answer]:
        return iter(self._answers.values())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    @staticmethod
    def normalise(name: str) -> str:
        """`/a Wages-Letter`, `wages_letter` and ` wages-letter ` all name the same answer."""
        return name.strip().lstrip("/").lower().replace("_", "-")

    def get(self, name: str) -> Answer | None:
        return self._answers.get(self.normalise(name))

    def names(self, role: str | None = None) -> list[str]:
        """Answer ids in alphabetical order; with `role`, only those that suit it."""
        return [a.id for a in self._answers.values() if role is None or a.suits(role)]

    def for_role(self, role: str) -> list[Answer]:
        return [a for a in self._answers.values() if a.suits(role)]

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Close names for a mistyped one ("did you mean …"), best first."""
        wanted = self.normalise(name)
        close = difflib.get_close_matches(wanted, list(self._answers), n=limit, cutoff=0.6)
        starts = [n for n in self._answers if wanted and n.startswith(wanted) and n not in close]
        return (close + starts)[:limit]


def visible_length(body_html: str) -> int:
    """Characters Telegram counts: the text after its HTML tags are parsed, in UTF-16 units."""
    return utf16_len(html.unescape(_TAG.sub("", body_html)))


def numbers_in(text: str) -> Counter[int]:
    """Every number in a text (web addresses excluded). 8 697, 8,697 and 8.697 all give 8 and 697."""
    return Counter(int(n) for n in _NUMBER.findall(_URL.sub(" ", text)))


def stray_latin_words(text: str) -> list[str]:
    """Latin-letter words left in an Uzbek Cyrillic text, apart from web addresses and brand words."""
    cleaned = _URL.sub(" ", text)
    for word in sorted(KEEP_WORDS, key=len, reverse=True):
        cleaned = re.sub(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", " ", cleaned)
    return _LATIN_WORD.findall(cleaned)


@dataclass(frozen=True)
class _Loaded:
    text: AnswerText
    body_line: int
    body_lines: tuple[str, ...]


def _load_text(path: Path, log: ProblemLog) -> _Loaded | None:
    parsed = read_front_matter(path, log)
    if parsed is None:
        return None
    header, lines, body, body_line = parsed
    ok = True
    title = header.get("title")
    if not isinstance(title, str) or not title.strip():
        log.error(path, lines.get("title", 2), "'title' is missing or empty (staff see it in the /a list)")
        ok = False
    for unknown in sorted(set(header) - {"title"}):
        log.warning(path, lines.get(unknown, 2), f"unknown field '{unknown}' is ignored")
    # Line numbers stay those of the file: skip the blank lines before the text, keep the rest.
    raw_lines = body.splitlines()
    while raw_lines and not raw_lines[0].strip():
        raw_lines.pop(0)
        body_line += 1
    body = body.strip()
    if not body:
        log.error(path, body_line, "the text is empty")
        return None
    if body.count("**") % 2:
        log.error(path, body_line, "unbalanced ** (bold markers must come in pairs)")
        ok = False
    body_html = markdown_to_html(body)
    size = visible_length(body_html)
    if size > ANSWER_LIMIT:
        log.error(
            path,
            body_line,
            f"the text is {size} characters; with the role prefix it must fit one Telegram message "
            f"({ANSWER_LIMIT} characters)",
        )
        ok = False
    elif size > LONG_ANSWER:
        log.warning(path, body_line, f"long answer ({size} characters); a reply should fit one screen (about 1,200)")
    if not ok:
        return None
    return _Loaded(AnswerText(str(title).strip(), body, body_html), body_line, tuple(raw_lines))


def _derive_uz_cyrl(latin: AnswerText) -> AnswerText:
    body = uz_latin_to_cyrillic(latin.body)
    return AnswerText(uz_latin_to_cyrillic(latin.title), body, markdown_to_html(body))


def _string_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    return None


def _load_meta(
    path: Path, expected_id: str, log: ProblemLog, today: date, known_articles: set[str]
) -> dict[str, Any] | None:
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
        fail("id", "answer ids use lowercase letters, digits and '-' (the name typed after /a)")
    roles = _string_list(meta.get("roles"))
    if not roles or any(role not in ROLES for role in roles):
        fail("roles", f"'roles' must list one or more of: {', '.join(ROLES)}")
    if meta.get("kind") not in KINDS:
        fail("kind", f"'kind' must be one of: {', '.join(KINDS)}")
    related = _string_list(meta.get("related"))
    if related is None:
        fail("related", "'related' must be a list of article ids")
    for article_id in related or []:
        if article_id not in known_articles:
            fail("related", f"unknown related article id '{article_id}'")
    sources = meta.get("sources")
    if sources is None:
        sources = []
    if not isinstance(sources, list):
        fail("sources", "'sources' must be a list")
        sources = []
    if not sources and meta.get("kind") in ("legal", "medical"):
        fail("sources", "a legal or medical answer states rules: list at least one source with its 'checked' date")
    for index, source in enumerate(sources):
        key = f"sources[{index}]"
        if not isinstance(source, dict) or not str(source.get("title") or "").strip():
            fail(key, "each source needs a non-empty 'title'")
            continue
        if source.get("url") is not None and not re.match(r"^https?://\S+$", str(source["url"])):
            fail(key, "a source 'url' must start with http:// or https://")
        checked = source.get("checked")
        if not isinstance(checked, date):
            fail(key, "each source needs 'checked': the date you compared the answer with it, like 2026-12-06")
        elif checked > today:
            fail(key, "'checked' is in the future")
        elif today - checked > STALE_AFTER:
            log.warning(path, lines.get(key, 1), f"checked {checked}: more than 12 months ago, check the rule again")
    for unknown in sorted(set(meta) - {"id", "roles", "kind", "related", "sources"}):
        log.warning(path, lines.get(unknown, 1), f"unknown field '{unknown}' is ignored")
    meta["_lines"] = lines
    meta["_sources"] = sources
    return meta if ok else None


def _check_numbers(folder: Path, texts: dict[str, _Loaded], log: ProblemLog) -> bool:
    """Every language states the same numbers as ru.md (as many times, in any order)."""
    reference = numbers_in(texts["ru"].text.body)
    ok = True
    for lang, loaded in texts.items():
        if lang == "ru":
            continue
        found = numbers_in(loaded.text.body)
        if found == reference:
            continue
        ok = False
        missing = sorted((reference - found).elements())
        extra = sorted((found - reference).elements())
        line = loaded.body_line
        for offset, text in enumerate(loaded.body_lines):  # point at the first line with an extra number
            if extra and extra[0] in numbers_in(text):
                line = loaded.body_line + offset
                break
        details = "; ".join(
            part
            for part in (
                f"missing {', '.join(map(str, missing))}" if missing else "",
                f"not in ru.md: {', '.join(map(str, extra))}" if extra else "",
            )
            if part
        )
        log.error(
            folder / f"{lang}.md",
            line,
            f"numbers differ from ru.md ({details}); write every number, amount and date the same way "
            "in every language (dates as 01.09.2025)",
        )
    return ok


def _check_uz_cyrl(folder: Path, loaded: _Loaded, derived: AnswerText, log: ProblemLog) -> bool:
    stray = stray_latin_words(derived.title + "\n" + derived.body)
    if stray:
        line = 2 if stray_latin_words(derived.title) else loaded.body_line
        for offset, text in enumerate(loaded.body_lines):  # the first line whose Cyrillic keeps a Latin word
            if stray_latin_words(uz_latin_to_cyrillic(text)):
                line = loaded.body_line + offset
                break
        log.error(
            folder / "uz.md",
            line,
            f"stays in Latin letters in the derived uz-Cyrl text: {', '.join(sorted(set(stray)))} "
            "(use an Uzbek word, a web address, or a brand the transliteration keeps)",
        )
        return False
    return True


def _article_ids(root: Path, articles: Mapping[str, Article]) -> set[str]:
    """Articles that exist, loaded or not (an article with its own errors is reported there, not here)."""
    folder = root / "articles"
    on_disk = {p.name for p in folder.iterdir() if p.is_dir()} if folder.exists() else set()
    return set(articles) | on_disk


def load_answers(root: Path, log: ProblemLog, today: date, articles: Mapping[str, Article]) -> AnswerBook:
    """Load and check `answers/<id>/`; problems go to `log` (file:line), valid answers into the book."""
    folder_root = root / "answers"
    known_articles = _article_ids(root, articles)
    answers: dict[str, Answer] = {}
    for folder in sorted(p for p in folder_root.iterdir() if p.is_dir()) if folder_root.exists() else []:
        meta_path = folder / "meta.yaml"
        meta = _load_meta(meta_path, folder.name, log, today, known_articles)
        texts = load_language_files(folder, _load_text, log)
        if meta is None or len(texts) != len(CONTENT_LANGUAGES):
            continue
        lines = meta["_lines"]
        related = tuple(_string_list(meta.get("related")) or ())
        ok = True
        sources = tuple(AnswerSource(str(s["title"]).strip(), s.get("url"), s["checked"]) for s in meta["_sources"])
        oldest = min((s.checked for s in sources), default=None)
        for article_id in related:
            article = articles.get(article_id)
            if oldest is not None and article is not None and article.reviewed > oldest:
                log.warning(
                    meta_path,
                    lines.get("related", 1),
                    f"article '{article_id}' was reviewed on {article.reviewed}, after this answer was checked "
                    f"({oldest}): read the answer against it again",
                )
        if not _check_numbers(folder, texts, log):
            ok = False
        derived = _derive_uz_cyrl(texts["uz"].text)
        if not _check_uz_cyrl(folder, texts["uz"], derived, log):
            ok = False
        if not ok:
            continue
        translations = {lang: loaded.text for lang, loaded in texts.items()}
        translations["uz-Cyrl"] = derived
        answers[folder.name] = Answer(
            id=folder.name,
            roles=tuple(meta["roles"]),
            kind=meta["kind"],
            related=related,
            sources=sources,
            translations=translations,
        )
    return AnswerBook(answers)


def summary(book: AnswerBook) -> str:
    """One line for `kb check`: how many answers, and how many suit each role."""
    per_role = ", ".join(f"{role} {len(book.for_role(role))}" for role in ROLES)
    return f"{len(book)} vetted answers ({per_role})"
