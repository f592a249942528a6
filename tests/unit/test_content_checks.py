"""kb check: glossary variants, source dates, expiring yearly amounts and the watch list; kb due."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from knowledge.base import load_knowledge
from knowledge.due import due_report, render

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 6)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path, today: date = TODAY, level: str = "error") -> list[str]:
    _kb, found = load_knowledge(root, today=today)
    return [str(p) for p in found if p.level == level]


def line_of(path: Path, needle: str) -> int:
    return next(
        number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


def test_the_real_content_passes_every_new_check():
    assert problems(ROOT / "knowledge") == []


# --- glossary ---------------------------------------------------------------------------------


def test_a_variant_in_the_text_is_an_error_with_its_line(content):
    body = content / "articles" / "housing" / "tg.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nБа полис занг занед, он кумак мекунад.\n", encoding="utf-8")
    found = "\n".join(problems(content))
    line = line_of(body, "Ба полис занг")
    assert f"knowledge/articles/housing/tg.md:{line}: error: 'полис' (tg): use «политсия»" in found
    assert f"knowledge/articles/housing/tg.md:{line}: error: 'кумак' (tg): use «кӯмак»" in found


def test_glosses_questions_and_allowed_phrases_are_not_flagged(content):
    body = content / "articles" / "housing" / "tg.md"
    replace(body, "questions:\n", "questions:\n  - регистратсия чӣ тавр кунам\n")
    body.write_text(
        body.read_text(encoding="utf-8") + "\nҚайди муҳоҷиратӣ («регистрация») ва полиси ДМС.\n", encoding="utf-8"
    )
    assert problems(content) == []


def test_a_latin_gloss_in_english_is_not_a_russian_gloss(content):
    body = content / "articles" / "scams" / "en.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nIt is a crime (UK RF, art. 159).\n", encoding="utf-8")
    assert any("'UK RF' (en): use «Russian Criminal Code»" in e for e in problems(content))


def test_known_mistakes_are_caught_even_inside_glosses(content):
    body = content / "articles" / "registration" / "uz.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nTalon (otrivnoy talon) saqlang.\n", encoding="utf-8")
    assert any("'otrivnoy' (uz): write «отрывной талон»" in e for e in problems(content))


def test_places_and_bot_texts_are_checked(content):
    replace(content / "places.geojson", '"uz": "Tatariston Respublikasi', '"uz": "Tatarston Respublikasi')
    locales = content.parent / "locales" / "ky"
    locales.mkdir(parents=True)
    (locales / "x.ftl").write_text("# comment: консультант\nhello = Консультанттан сураңыз\n", encoding="utf-8")
    found = "\n".join(problems(content))
    assert "knowledge/places.geojson" in found and "'Tatarston' (uz)" in found
    assert "locales/ky/x.ftl:2: error: 'Консультанттан' (ky): use «кеңешчи»" in found
    assert "x.ftl:1" not in found


def test_a_variant_that_matches_its_own_preferred_term_is_refused(content):
    replace(content / "glossary.yaml", "tg: [кумак*]", "tg: [кӯмак*]")
    assert any("matches the preferred term" in e for e in problems(content))


# --- source dates -------------------------------------------------------------------------------


def test_every_source_needs_a_checked_date_not_in_the_future(content):
    meta = content / "articles" / "housing" / "meta.yaml"
    text = meta.read_text(encoding="utf-8")
    first, second = [m.start() for m in re.finditer(r"    checked: .*", text)][:2]
    text = text[:second] + "    checked: 2099-01-01" + text[text.index("\n", second) :]
    text = text[:first] + text[text.index("\n", first) + 1 :]
    meta.write_text(text, encoding="utf-8")
    found = "\n".join(problems(content))
    assert "housing/meta.yaml" in found and "each source needs 'checked: YYYY-MM-DD'" in found
    assert "'checked' 2099-01-01 is in the future" in found


def test_old_source_checks_warn_after_6_months_and_fail_after_12(content):
    meta = content / "articles" / "housing" / "meta.yaml"
    newest = max(date.fromisoformat(d) for d in re.findall(r"checked: (\S+)", meta.read_text(encoding="utf-8")))
    in_seven_months = date(newest.year + (newest.month + 7 > 12), (newest.month + 6) % 12 + 1, 1)
    warnings = problems(content, today=in_seven_months, level="warning")
    assert any("housing/meta.yaml" in w and "more than 6 months ago" in w for w in warnings)
    assert not any("housing/meta.yaml" in e and "12 months" in e for e in problems(content, today=in_seven_months))
    a_year_and_more = date(newest.year + 1, newest.month, 28)
    assert any(
        "housing/meta.yaml" in e and "no source was confirmed in the last 12 months" in e
        for e in problems(content, today=a_year_and_more)
    )


def test_reviewed_may_not_claim_more_than_the_sources(content):
    meta = content / "articles" / "housing" / "meta.yaml"
    meta.write_text(re.sub(r"checked: \S+", "checked: 2026-02-22", meta.read_text(encoding="utf-8")), encoding="utf-8")
    meta.write_text(
        re.sub(r"reviewed: \S+", "reviewed: 2026-11-27", meta.read_text(encoding="utf-8")), encoding="utf-8"
    )
    assert any(
        "housing/meta.yaml" in e and "'reviewed' 2026-11-27 is later than the newest source check (2026-02-22)" in e
        for e in problems(content)
    )


def test_a_yearly_amount_fails_the_day_after_valid_until(content):
    assert problems(content, today=date(2026, 12, 31)) == []
    found = problems(content, today=date(2027, 1, 1))
    assert any("patent-payment/meta.yaml" in e and "8 700 ₽ was valid until 2026-12-31" in e for e in found)


def test_a_yearly_amount_must_be_in_every_language(content):
    path = content / "articles" / "patent-payment" / "ky.md"  # in the short answer and in the text
    path.write_text(path.read_text(encoding="utf-8").replace("8 700", "8 600"), encoding="utf-8")
    assert any("yearly amount 8 700 ₽ is not in the text of: ky" in e for e in problems(content))


# --- watch list ---------------------------------------------------------------------------------


def test_a_pending_bill_must_show_its_status_date_in_every_language(content):
    body = content / "articles" / "medical-exam" / "en.md"
    body.write_text(body.read_text(encoding="utf-8").replace("06.12.2026", "December 2026"), encoding="utf-8")
    assert any(
        "watch item 'bill-medical-exam': the article 'medical-exam' must say when the status was last checked "
        "(06.12.2026) in: en" in e
        for e in problems(content)
    )


def test_watch_items_name_real_articles_and_are_printed_when_due(content):
    replace(content / "watch.yaml", "articles: [patent]\n", "articles: [patent, no-such-article]\n")
    assert any("unknown article id 'no-such-article'" in e for e in problems(content))
    replace(content / "watch.yaml", "articles: [patent, no-such-article]\n", "articles: [patent]\n")
    due = problems(content, today=date(2026, 12, 21), level="warning")
    assert any("watch.yaml" in w and "due for re-check since 2026-12-20" in w for w in due)


def test_kb_due_lists_watch_items_expiring_amounts_and_old_sources_with_what_to_open(content):
    report = due_report(content, 2026, 12, TODAY)
    text = render(report, content)
    assert "Законопроект о медосвидетельствовании" in text and "https://sozd.duma.gov.ru" in text
    assert "article patent-payment: 8 700 ₽, valid until 2026-12-31" in text
    assert "article patent-payment: newest check 2026-02-22" in text  # not re-checked since the February audit
    later = render(due_report(content, 2027, 1, TODAY), content)
    assert "Телефон доверия для взрослых" in later  # recheck 2027-01-15


def test_kb_due_still_works_when_kb_check_fails(content):
    (content / "articles" / "housing" / "en.md").unlink()
    assert problems(content)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "due", "--month", "2026-12", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Due for re-check by 2026-12-31:")
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "due", "--month", "12/2026"], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "--month must look like 2026-12" in bad.stderr
