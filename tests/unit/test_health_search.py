"""Everyday health questions find `clinics-and-doctors` in every language (the cases issue 17 names)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.services.search import decide
from knowledge.base import require_knowledge

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return require_knowledge()


@pytest.mark.parametrize("query", ["vrach kerak", "ayollar konsultatsiyasi", "tish ogriyapti", "bolam kasal"])
def test_the_queries_that_used_to_fail_get_the_clinics_article_directly(kb, query):
    decision = decide(kb.search.search(query, top=3))
    assert decision.kind == "direct" and decision.article_ids == ["clinics-and-doctors"], decision


@pytest.mark.parametrize(
    "query",
    [
        "бачаам бемор",
        "балам ооруп жатат",
        "my child is ill",
        "духтур лозим",
        "дарыгер керек",
        "тиш ооруйт",
        "дандон дард мекунад",
        "toothache",
        "женская консультация",
        "детская поликлиника",
        "poliklinika qayerda",
    ],
)
def test_everyday_health_words_rank_the_clinics_article_first(kb, query):
    assert kb.search.search(query, top=3).hits[0].id == "clinics-and-doctors"


def test_every_clinics_query_of_the_dev_set_is_answered_first(kb):
    rows = [json.loads(line) for line in (DATA / "search_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    health = [r for r in rows if r["expected"] == "clinics-and-doctors"]
    assert len(health) >= 24 and {r["lang"] for r in health} == {"ru", "uz", "uz-Cyrl", "tg", "ky", "en"}
    wrong = [(r["query"], kb.search.search(r["query"], top=1).hits[:1]) for r in health
             if kb.search.search(r["query"], top=1).hits[:1][0].id != "clinics-and-doctors"]  # fmt: skip
    assert wrong == []


def test_pregnancy_questions_still_find_the_pregnancy_article(kb):
    for query in ("кош бойлуумун дарыгерге кайда барсам болот", "pregnancy check ups without oms"):
        assert kb.search.search(query, top=1).hits[0].id == "pregnancy", query
