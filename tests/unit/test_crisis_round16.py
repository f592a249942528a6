"""Round 16's terms: emergencies told plainly that cross-validation on the train split missed."""

from __future__ import annotations

import pytest

from knowledge.base import require_knowledge
from knowledge.crisis import CrisisDetector


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return require_knowledge().crisis


@pytest.mark.parametrize(
    "text",
    [
        "друг выпил антифриз из бутылки из под воды",
        "ukam adashib antifriz ichib qoydi",
        "бародарам антифриз нӯшид, дилаш беҳузур",
        "балам антифриз ичип алды",
        "he drank antifreeze by mistake",
        "упал с лесов, кость торчит из ноги",
        "slab fell, bone sticking out of his leg",
        "сын упал с балкона третьего этажа",
        "qizim derazadan yiqildi",
        "писарам аз тиреза афтод",
        "уулум терезеден кулап кетти",
        "my son fell out of the window",
        "нафас ололмаяпман, лабларим кўкарди",
        "дем ала албай жатам, эриндерим көгөрдү",
    ],
)
def test_an_emergency_told_plainly_is_a_term(detector, text):
    assert "medical" in detector.detect_by_terms(text)


@pytest.mark.parametrize(
    "text",
    [
        "как помыть окна на балконе зимой",
        "balkondan kiyimlarni olib kirish kerak",
        "терезеден кар жаап жатат, сулуу",
        "where to buy antifreeze for the car in Kazan",
        "антифриз для машины где дешевле",
        "my window fell out of the frame, who fixes it",
    ],
)
def test_their_everyday_words_alone_are_not(detector, text):
    assert detector.detect_by_terms(text) == set()
