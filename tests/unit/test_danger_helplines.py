"""Helplines shown after 112 when a message shows danger: real numbers with sources, doubtful ones
flagged, withdrawn ones never shown, and the right number for each situation."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import I18n
from bot.ui.danger import danger_text
from knowledge.base import require_knowledge
from knowledge.danger import load_helplines
from knowledge.problems import ProblemLog
from tests.unit.knowledge_copy import copy_of_knowledge, errors


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_of_knowledge(tmp_path)


def test_a_helpline_needs_a_real_number_and_a_source(content):
    path = content / "danger" / "helplines.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('number: "8-800-7000-600"', 'number: "call us"').replace("  sources:", "  links:", 1))
    found = errors(content)
    assert any("helplines.yaml" in e and "violence: 'number' must be a phone number" in e for e in found)
    assert any("helplines.yaml" in e and "self-harm: 'sources' needs at least one entry" in e for e in found)


def test_a_doubtful_helpline_is_a_warning_and_a_withdrawn_one_is_not_shown(tmp_path):
    path = tmp_path / "helplines.yaml"
    entry = """  number: "8-800-000-00-00"
  name: "a line"
  sources: [{title: "a page", url: "https://example.org"}]
  checked: 2026-12-06
  how to check: "call it"
"""
    path.write_text(
        f"violence:\n{entry}  status: needs human check\n  why: one weak source\n"
        f"self-harm:\n{entry}  status: withdrawn\n  why: a paid Moscow number\n"
        f"medical:\n{entry}  status: maybe\n",
        encoding="utf-8",
    )
    log = ProblemLog(tmp_path)
    helplines = load_helplines(path, log)
    assert set(helplines) == {"violence"}
    warnings = [str(p) for p in log.items if p.level == "warning"]
    assert any("violence: needs human check: one weak source" in w for w in warnings), warnings
    assert any("self-harm: withdrawn: a paid Moscow number" in w for w in warnings), warnings
    assert any("medical: 'status' must be one of" in str(e) for e in log.errors)


def test_the_numbers_for_each_situation_come_after_112():
    i18n = I18n()
    helplines = require_knowledge().helplines
    t = i18n.get("ru")
    both = danger_text(t, {"violence", "medical"}, helplines).split("\n")
    assert both[:2] == [t("danger-intro"), t("danger-call-112")]
    assert set(both[2:4]) == {t("danger-call-102"), t("danger-call-103")}
    assert both[4] == t("danger-helpline-violence", number=helplines["violence"].number)
    self_harm = danger_text(t, {"self-harm"}, helplines)
    # a free Tatarstan line with a source (the paid Moscow MChS number was withdrawn)
    assert helplines["self-harm"].number == "8-800-555-22-20"
    assert self_harm.split("\n") == [
        t("danger-intro"),
        t("danger-call-112"),
        t("danger-call-103"),
        t("danger-helpline-self-harm", number="8-800-555-22-20"),
    ]
    assert "8-800-2000-122" not in self_harm  # the children's line does not serve adults
    trafficking = danger_text(t, {"trafficking"}, helplines).split("\n")
    assert trafficking == [t("danger-intro"), t("danger-call-112"), t("danger-call-102")]
    for lang in i18n.languages:
        assert helplines["violence"].number in danger_text(i18n.get(lang), {"violence"}, helplines)
