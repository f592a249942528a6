"""Vetted answers (`knowledge/answers/`): the shipped content holds the contract, and every broken
answer is reported with its file and line."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from knowledge.answers import (
    ANSWER_LIMIT,
    ROLE_PREFIX_RESERVE,
    ROLES,
    AnswerBook,
    numbers_in,
    stray_latin_words,
    visible_length,
)
from knowledge.base import load_knowledge, require_knowledge
from knowledge.model import ALL_LANGUAGES, CONTENT_LANGUAGES
from knowledge.telegram_text import MESSAGE_LIMIT, utf16_len

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return require_knowledge()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def errors(root: Path) -> list[str]:
    _kb, problems = load_knowledge(root)
    return [str(p) for p in problems if p.level == "error"]


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the shipped answers ------------------------------------------------------------------------


def test_at_least_15_answers_in_every_language_for_every_role(kb):
    book = kb.answers
    assert len(book) >= 15
    for answer in book:
        assert set(answer.translations) == set(ALL_LANGUAGES), answer.id
        assert all(answer.text(lang).body.strip() and answer.text(lang).title.strip() for lang in ALL_LANGUAGES)
    for role in ROLES:
        assert len(book.for_role(role)) >= 5, role


def test_rules_carry_their_sources_and_check_dates(kb):
    for answer in kb.answers:
        if answer.kind in ("legal", "medical"):
            assert answer.sources, answer.id
        for source in answer.sources:
            assert source.title and source.checked <= date.today(), answer.id
        for article_id in answer.related:
            assert kb.get(article_id) is not None, (answer.id, article_id)


def test_numbers_are_identical_in_every_language(kb):
    for answer in kb.answers:
        reference = numbers_in(answer.text("ru").body)
        for lang in ALL_LANGUAGES:
            assert numbers_in(answer.text(lang).body) == reference, (answer.id, lang)


def test_derived_uzbek_cyrillic_has_no_stray_latin_words(kb):
    for answer in kb.answers:
        text = answer.text("uz-Cyrl")
        assert stray_latin_words(text.title + "\n" + text.body) == [], answer.id
    article = kb.get("clinics-and-doctors").text("uz-Cyrl")
    shown = "\n".join((article.title, article.body, *article.questions, *article.keywords))
    assert stray_latin_words(shown) == []


def test_stray_latin_detector_spares_links_and_brands():
    assert stray_latin_words("Сайт: nalog.gov.ru, [ҳавола](https://upch.tatarstan.ru) ва SIM-карта, QR") == []
    assert stray_latin_words("Ф.I.Ш. ва WhatsApp") == ["I", "WhatsApp"]


def _longest_role_prefix() -> int:
    longest = 0
    for ftl in (ROOT / "locales").glob("*/consult.ftl"):
        for match in re.finditer(r"^consult-prefix-\w+ = (.+)$", ftl.read_text(encoding="utf-8"), re.MULTILINE):
            longest = max(longest, utf16_len(match.group(1).strip()))
    return longest


def test_every_answer_fits_one_message_after_the_longest_role_prefix(kb):
    longest = _longest_role_prefix()
    assert 0 < longest + 1 <= ROLE_PREFIX_RESERVE  # the prefix and its line break
    assert ANSWER_LIMIT + ROLE_PREFIX_RESERVE == MESSAGE_LIMIT
    for answer in kb.answers:
        for lang in ALL_LANGUAGES:
            assert visible_length(answer.text(lang).body_html) + longest + 1 <= MESSAGE_LIMIT, (answer.id, lang)


def test_no_answer_asks_for_identity(kb):
    """Answers may tell people to hide a passport number, never to send one."""
    asking = re.compile(r"(пришлите|напишите|укажите|сообщите)\s+(ваш\s+|свой\s+)?(номер паспорта|адрес)", re.I)
    for answer in kb.answers:
        assert not asking.search(answer.text("ru").body), answer.id


# -- the API the bot's /a command builds on -------------------------------------------------------


def test_lookup_is_forgiving_and_suggests_close_names(kb):
    book = kb.answers
    assert book.get("wages-letter") is book.get(" /Wages_Letter ") is not None
    assert "wages-letter" in book and "no-such-answer" not in book
    assert book.get("no-such-answer") is None
    assert book.suggest("wages")[0] == "wages-letter"
    assert book.suggest("detaned")[0] == "detained"
    assert book.names() == sorted(book.names())
    assert set(book.names("doctor")) == {a.id for a in book if "doctor" in a.roles}
    assert "patent-pay" in book.names("lawyer") and "patent-pay" not in book.names("doctor")


def test_message_is_the_prefix_then_the_text_in_the_persons_language(kb):
    answer = kb.answers.get("call-112")
    tg = answer.message_html("tg", "<b>🩺 Духтур:</b>")
    assert tg.startswith("<b>🩺 Духтур:</b>\n") and answer.text("tg").body_html in tg
    assert answer.text("uz-Cyrl").body != answer.text("uz").body  # derived, not a copy
    assert answer.text("xx") is answer.text("ru")  # unknown language: staff's Russian text
    assert answer.checked is not None and answer.checked <= date.today()


def test_empty_book_is_usable():
    book = AnswerBook()
    assert len(book) == 0 and book.names() == [] and book.suggest("x") == [] and book.get("x") is None


# -- errors name the file and the line ----------------------------------------------------------


def test_missing_language(content):
    (content / "answers" / "detained" / "ky.md").unlink()
    assert "knowledge/answers/detained/ky.md:1: error: missing translation 'ky'" in errors(content)


def test_a_number_changed_in_translation_points_at_its_line(content):
    path = content / "answers" / "detained" / "ky.md"
    replace(path, "**48 саатка чейин**", "**24 саатка чейин**")
    line = line_of(path, "24 саатка")
    found = errors(content)
    assert any(
        e.startswith(f"knowledge/answers/detained/ky.md:{line}: error: numbers differ from ru.md (missing 48; ")
        and "not in ru.md: 24" in e
        for e in found
    ), found


def test_oversized_answer(content):
    path = content / "answers" / "received" / "en.md"
    path.write_text(path.read_text() + "\n" + "A very long reply. " * 250)
    line = line_of(path, "Thank you, we have your question")
    assert any(
        e.startswith(f"knowledge/answers/received/en.md:{line}: error: the text is ")
        and f"must fit one Telegram message ({ANSWER_LIMIT} characters)" in e
        for e in errors(content)
    )


def test_meta_problems_point_at_their_keys(content):
    meta = content / "answers" / "detained" / "meta.yaml"
    replace(meta, "related: [detention,", "related: [no-such-article, detention,")
    replace(meta, "roles: [lawyer]", "roles: [lawyer, judge]")
    replace(meta, "    checked: 2026-12-06\n", "")  # the first source loses its date
    found = errors(content)
    prefix = "knowledge/answers/detained/meta.yaml"
    assert f"{prefix}:{line_of(meta, 'related:')}: error: unknown related article id 'no-such-article'" in found
    assert any(e.startswith(f"{prefix}:{line_of(meta, 'roles:')}: error: 'roles' must list") for e in found)
    first_source = line_of(meta, "  - title:")
    assert any(e.startswith(f"{prefix}:{first_source}: error: each source needs 'checked'") for e in found)


def test_a_legal_answer_without_sources_and_a_bad_folder_name(content):
    meta = content / "answers" / "patent-pay" / "meta.yaml"
    text = meta.read_text()
    meta.write_text(text[: text.index("sources:")] + "sources: []\n")
    shutil.copytree(content / "answers" / "received", content / "answers" / "Bad_Name")
    found = errors(content)
    sources_line = line_of(meta, "sources:")
    assert any(e.startswith(f"knowledge/answers/patent-pay/meta.yaml:{sources_line}: error: a legal") for e in found)
    assert any(e.startswith("knowledge/answers/Bad_Name/meta.yaml:1: error: 'id' must be 'Bad_Name'") for e in found)


def test_a_word_the_transliteration_cannot_carry_is_refused(content):
    path = content / "answers" / "received" / "uz.md"
    replace(path, "- agar xavf hozir", "- WhatsApp orqali emas; agar xavf hozir")
    line = line_of(path, "WhatsApp")
    assert any(
        e.startswith(f"knowledge/answers/received/uz.md:{line}: error: stays in Latin letters") and "WhatsApp" in e
        for e in errors(content)
    )


def test_front_matter_errors_name_the_line(content):
    path = content / "answers" / "received" / "tg.md"
    replace(path, "title: Савол қабул шуд, ҷавоб медиҳем", "title: Савол: қабул шуд")
    # The wording after "not allowed" differs between PyYAML's C and pure-Python parsers.
    prefix = "knowledge/answers/received/tg.md:2: error: invalid YAML: mapping values are not allowed"
    assert any(error.startswith(prefix) for error in errors(content))


def test_a_broken_answer_blocks_the_reload_like_any_content_error(content):
    (content / "answers" / "call-112" / "en.md").write_text("no front matter\n")
    kb, problems = load_knowledge(content)
    assert kb is None
    assert "knowledge/answers/call-112/en.md:1: error: must start with a '---' front matter block" in "\n".join(
        str(p) for p in problems
    )


def test_answers_folder_is_optional(content):
    shutil.rmtree(content / "answers")
    kb, _problems = load_knowledge(content)
    assert kb is not None and len(kb.answers) == 0


def test_warnings_for_stale_checks_and_newer_articles(content):
    meta = content / "answers" / "detained" / "meta.yaml"
    meta.write_text(meta.read_text().replace("checked: 2026-12-06", "checked: 2025-01-10"))
    _kb, problems = load_knowledge(content, today=date(2026, 12, 6))
    warnings = [str(p) for p in problems if p.level == "warning" and "answers/detained" in p.path]
    assert any("more than 12 months ago" in w for w in warnings)
    assert any("article 'detention' was reviewed on" in w for w in warnings)


def test_check_command_reports_the_answers():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^\d+ vetted answers \(lawyer \d+, doctor \d+, social \d+\)$", done.stdout, re.MULTILINE)


def test_every_content_language_is_written_by_hand_and_uz_cyrl_is_not():
    for folder in (ROOT / "knowledge" / "answers").iterdir():
        if folder.is_dir():
            assert {p.stem for p in folder.glob("*.md")} == set(CONTENT_LANGUAGES), folder.name
