"""Search quality on the development set (labelled real-looking queries, written independently of
the articles' example questions), and the behaviours the issue names."""

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


def dev_rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / "search_dev.jsonl").read_text(encoding="utf-8").splitlines()]


def test_dev_set_is_big_and_varied_enough():
    rows = dev_rows()
    assert len(rows) >= 200
    for lang in ("ru", "uz", "tg", "ky", "en"):
        assert sum(r["lang"] == lang for r in rows) >= 25, lang
    assert sum(bool(r["noise"]) for r in rows) >= 40


def test_top1_accuracy_on_the_dev_set(kb):
    rows = dev_rows()
    correct = sum(kb.search.search(str(r["query"]), top=1).hits[:1] == [] or
                  kb.search.search(str(r["query"]), top=1).hits[0].id == r["expected"] for r in rows)  # fmt: skip
    assert correct / len(rows) >= 0.90, f"top-1 accuracy fell to {correct / len(rows):.3f}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("patent qancha turadi", {"patent", "patent-payment"}),
        ("патнет как получит", {"patent"}),
        ("хуччатхо барои патент", {"patent"}),
        ("kak poluchit patent", {"patent"}),
        ("регестрация сколько дней", {"registration"}),
        ("royxatdan otish muddati", {"registration"}),
        ("zarplata ne platyat", {"unpaid-wages"}),
    ],
)
def test_how_migrants_type_finds_the_answer_in_one_step(kb, query, expected):
    decision = decide(kb.search.search(query, top=3))
    assert decision.kind == "direct" and decision.article_ids[0] in expected, decision


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("как оплатить патент", "ru"),
        ("kak oplatit patent", "ru"),
        ("patent uchun qancha toʻlanadi", "uz"),
        ("патент учун қанча тўланади", "uz-Cyrl"),
        ("барои патент чӣ ҳуҷҷат лозим", "tg"),
        ("патент үчүн эмне керек", "ky"),
        ("how do I pay for the patent", "en"),
    ],
)
def test_language_is_detected_whatever_the_script(kb, query, lang):
    assert kb.search.search(query).lang == lang


def test_off_topic_messages_are_not_answered_with_a_random_article(kb):
    lines = [line.strip() for line in (DATA / "search_offtopic.txt").read_text(encoding="utf-8").splitlines()]
    queries = [line for line in lines if line and not line.startswith("#")]
    direct = [q for q in queries if decide(kb.search.search(q, top=3)).kind == "direct"]
    assert len(direct) <= len(queries) // 10, f"answered off-topic messages directly: {direct}"
