"""`kb check` names the file and line of every content error; `kb ask` and `kb export` keep their contract."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from knowledge.base import load_knowledge
from knowledge.markup import markdown_to_plain
from knowledge.telegram_text import utf16_len

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(root: Path) -> list[str]:
    _kb, problems = load_knowledge(root)
    return [str(p) for p in problems if p.level == "error"]


def kb_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "kb", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_the_real_content_has_no_errors():
    kb, problems = load_knowledge()
    assert kb is not None, [str(p) for p in problems if p.level == "error"]
    assert len(kb.articles) >= 33 and len(kb.course) >= 6


def test_missing_translation(content):
    (content / "articles" / "patent" / "ky.md").unlink()
    assert any(
        re.match(r"knowledge/articles/patent/ky\.md:1: error: missing translation 'ky'", e) for e in errors(content)
    )


def test_unknown_related_and_place_ids_point_at_the_line(content):
    meta = content / "articles" / "sim-card" / "meta.yaml"
    replace(meta, "related: [", "related: [no-such-article, ")
    replace(meta, "places: []", "places: [no-such-place]")
    found = errors(content)
    lines = meta.read_text().splitlines()
    related_line = next(i for i, line in enumerate(lines, 1) if line.startswith("related:"))
    places_line = next(i for i, line in enumerate(lines, 1) if line.startswith("places:"))
    assert (
        f"knowledge/articles/sim-card/meta.yaml:{related_line}: error: unknown related article id 'no-such-article'"
        in found
    )
    meta_path = "knowledge/articles/sim-card/meta.yaml"
    assert f"{meta_path}:{places_line}: error: unknown place id 'no-such-place' (see places.geojson)" in found


def test_empty_source_bad_date_and_oversized_text(content):
    meta = content / "articles" / "housing" / "meta.yaml"
    text = meta.read_text()
    text = re.sub(r"reviewed: .*", "reviewed: 27.11.2026", text)
    text = re.sub(r"(sources:\n  - )title: .*", r'\1title: ""', text, count=1)
    meta.write_text(text)
    body = content / "articles" / "housing" / "ru.md"
    body.write_text(body.read_text() + "\n\n" + "Очень длинный текст. " * 250)
    found = "\n".join(errors(content))
    assert "knowledge/articles/housing/meta.yaml" in found and "'reviewed' must be a date" in found
    assert "each source needs a non-empty 'title'" in found
    assert re.search(
        r"knowledge/articles/housing/ru\.md:\d+: error: the text is \d+ characters; Telegram's limit is 4096", found
    )


def test_warnings_for_old_review_and_long_text(content):
    meta = content / "articles" / "city-life" / "meta.yaml"
    meta.write_text(re.sub(r"reviewed: .*", "reviewed: 2024-01-10", meta.read_text()))
    _kb, problems = load_knowledge(content, today=date(2026, 11, 27))
    warnings = [str(p) for p in problems if p.level == "warning"]
    assert any("city-life/meta.yaml" in w and "more than 12 months ago" in w for w in warnings)
    assert any("very long text" in w for w in warnings)


def test_a_short_answer_longer_than_one_screen_fails_the_check(content):
    path = content / "articles" / "patent-payment" / "tg.md"
    text = path.read_text(encoding="utf-8")
    short_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("short:"))
    path.write_text(text.replace("Ҳамаи чекҳоро нигоҳ доред.", "Ҳамаи чекҳоро нигоҳ доред. " * 4), encoding="utf-8")
    found = errors(content)
    assert any(
        re.fullmatch(
            rf"knowledge/articles/patent-payment/tg\.md:{short_line}: error: the short answer is 4\d\d characters; "
            r"at most 400 \(one phone screen\)",
            error,
        )
        for error in found
    ), found
    broken = kb_cli("check", "--content", str(content))
    assert broken.returncode == 1 and "the short answer is" in broken.stderr


def test_short_answers_are_counted_in_what_the_reader_sees(content):
    # Bold markers do not count; an unpaired one is an error; a short answer without bold is a warning.
    path = content / "articles" / "emergency-care" / "en.md"
    text = path.read_text(encoding="utf-8")
    head, closing, body = text.partition("\n---\n")
    path.write_text(head.replace("**", "") + closing + body, encoding="utf-8")
    _kb, problems = load_knowledge(content)
    assert not [p for p in problems if p.level == "error"]
    assert any("emergency-care/en.md" in str(p) and "has no **bold**" in str(p) for p in problems)
    path.write_text(text.replace("**103**", "**103"), encoding="utf-8")
    assert any("emergency-care/en.md" in e and "unbalanced ** in the short answer" in e for e in errors(content))


def test_an_article_without_a_short_answer_fails_the_check(content):
    # Every article opens with its short answer: a language file without one is an error at the end of its header.
    path = content / "articles" / "registration" / "tg.md"
    text = path.read_text(encoding="utf-8")
    head, closing, body = text.partition("\n---\n")
    without = head.split("\nshort:", 1)[0] + closing + body
    path.write_text(without, encoding="utf-8")
    header_end = without.splitlines().index("---", 1) + 1
    found = errors(content)
    assert (
        f"knowledge/articles/registration/tg.md:{header_end}: error: 'short' is missing: write the short answer "
        "(at most 400 characters, the key rule in **bold**) as the last field of the header" in found
    ), found
    kb, _problems = load_knowledge(content)
    assert kb is None  # refused, like any content with an error: the bot keeps what it has
    broken = kb_cli("check", "--content", str(content))
    assert broken.returncode == 1 and "'short' is missing" in broken.stderr


def test_every_article_has_its_short_answer_in_every_language():
    kb, problems = load_knowledge()
    assert kb is not None and not [p for p in problems if p.level == "error"]
    for article in kb.articles.values():
        for lang in ("ru", "uz", "uz-Cyrl", "tg", "ky", "en"):  # the derived uz-Cyrl one fits the screen too
            short = article.text(lang).short
            assert short and utf16_len(markdown_to_plain(short)) <= 400, (article.id, lang)
    article = kb.get("patent-payment")
    assert "oyiga" in article.text("uz").short and "ойига" in article.text("uz-Cyrl").short  # derived, not written
    assert "<b>" in article.text("tg").short_html


def test_a_lesson_longer_than_two_minutes_of_reading_fails_the_check(content):
    path = next((content / "course").glob("03-*")) / "tg.md"
    text = path.read_text(encoding="utf-8")
    body_line = text.splitlines().index("---", 1) + 2
    # 700-odd characters pass; one more paragraph of a hundred does not, and bold markers do not count.
    assert not [e for e in errors(content) if "03-health/tg.md" in e]
    path.write_text(text.rstrip() + "\n\n**Сил табобат мешавад.** " + "Табобатро қатъ накунед. " * 4 + "\n")
    found = errors(content)
    assert any(
        re.fullmatch(
            rf"knowledge/course/03-health/tg\.md:{body_line}: error: the lesson is 8\d\d characters to read; at most "
            r"800 \(two minutes of reading; aim for about 700\): leave the rest to the articles in 'related'",
            e,
        )
        for e in found
    ), found


def test_every_lesson_reads_in_two_minutes_and_asks_one_or_two_questions():
    kb, _problems = load_knowledge()
    assert kb is not None
    for lesson in kb.course:
        for lang in ("ru", "uz", "uz-Cyrl", "tg", "ky", "en"):
            text = lesson.text(lang)
            assert len(markdown_to_plain(text.body)) <= 800, (lesson.id, lang)
            assert 1 <= len(text.quiz) <= 2, (lesson.id, lang)


def test_a_quiz_of_three_questions_fails_the_check(content):
    path = next((content / "course").glob("02-*")) / "ru.md"
    text = path.read_text(encoding="utf-8")
    first = text.index("  - question:")
    second = text.index("  - question:", first + 1)
    path.write_text(text[:second] + text[first:second] + text[second:], encoding="utf-8")
    assert any("02-work-rights/ru.md" in e and "'quiz' must list 1 to 2 questions" in e for e in errors(content))


def test_places_are_validated(content):
    path = content / "places.geojson"
    data = json.loads(path.read_text())
    data["features"][0]["geometry"] = {"type": "Point", "coordinates": [37.6173, 55.7558]}  # Moscow
    del data["features"][1]["properties"]["name"]["tg"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    found = "\n".join(errors(content))
    assert "are outside Kazan" in found
    assert "'name' is missing languages: tg" in found


def test_course_quiz_must_agree_across_languages(content):
    lesson = next((content / "course").glob("01-*")) / "en.md"
    text = lesson.read_text()
    first_answer = re.search(r"answer: (\d)", text)
    wrong = "1" if first_answer.group(1) != "1" else "2"
    lesson.write_text(text[: first_answer.start(1)] + wrong + text[first_answer.end(1) :])
    assert any("quiz differs from ru" in e for e in errors(content))


def test_crisis_examples_are_part_of_the_contract(content):
    path = content / "crisis.yaml"
    text = path.read_text()
    path.write_text(text.replace("negatives:", 'negatives:\n  - "я больше не хочу жить"', 1))
    assert any("negative triggers" in e for e in errors(content))


def test_check_command_prints_coverage_and_exits_1_on_errors(content):
    ok = kb_cli("check")
    assert ok.returncode == 0 and "complete in all 6 languages" in ok.stdout
    assert "danger check:" in ok.stdout and "test split: recall" in ok.stdout
    (content / "articles" / "patent" / "en.md").unlink()
    broken = kb_cli("check", "--content", str(content))
    assert broken.returncode == 1
    assert "knowledge/articles/patent/en.md:1: error: missing translation 'en'" in broken.stderr


def test_ask_json_reads_stdin_and_export_lists_every_language():
    asked = kb_cli("ask", "--json", "--top", "2", stdin="kak oplatit patent\nqayerda hiv test\nmuzh b'et menya\n")
    lines = [json.loads(line) for line in asked.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["kak oplatit patent", "qayerda hiv test", "muzh b'et menya"]
    assert [line["danger"] for line in lines] == [[], [], ["violence"]]
    assert lines[0]["lang"] == "ru" and lines[0]["results"][0]["id"] == "patent-payment"
    assert set(lines[0]["results"][0]) == {"id", "score"} and len(lines[0]["results"]) == 2
    exported = json.loads(kb_cli("export", "--json").stdout)
    assert {row["lang"] for row in exported} == {"ru", "uz", "uz-Cyrl", "tg", "ky", "en"}
    assert set(exported[0]) == {"id", "lang", "category", "title", "text", "questions"}
