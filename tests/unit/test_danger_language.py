"""Concept words count only in a message that can be in their language (after folding, words of
different languages meet: English "much" is Russian муж, "looked" is "locked")."""

from __future__ import annotations

import pytest

from knowledge.base import require_knowledge
from knowledge.danger_features import Featurizer
from knowledge.folding import fold_tokens
from knowledge.phrases import PhraseIndex


@pytest.fixture(scope="module")
def featurizer() -> Featurizer:
    model = require_knowledge().crisis.model
    assert model is not None
    return model.featurizer


def concepts(featurizer: Featurizer, text: str) -> list[str]:
    return featurizer.concepts(fold_tokens(text), text)


def test_a_word_of_another_language_carries_no_concept(featurizer: Featurizer) -> None:
    assert "abuser" not in concepts(featurizer, "i work too much and my back hurts")  # муж
    assert "abuser" in concepts(featurizer, "муж опять пришёл пьяный")
    assert "abuser" in concepts(featurizer, "my husband came home drunk again")


def test_russian_words_count_in_uzbek_tajik_and_kyrgyz_messages(featurizer: Featurizer) -> None:
    for text in ["акам мени избил, ҳозир уйда ётибман", "akam meni izbil hozir uydaman"]:
        assert "uz" in (featurizer.languages(fold_tokens(text), text) or ()), text
        assert "beat" in concepts(featurizer, text), text


def test_without_language_samples_every_language_counts() -> None:
    lexicon = PhraseIndex()
    lexicon.add("муж", ("abuser", "ru"))
    assert Featurizer(lexicon).concepts(fold_tokens("too much"), "too much") == ["abuser"]
    guessing = Featurizer(lexicon, {"ru": ["муж пришёл домой поздно"], "en": ["this is too much work for me"]})
    assert guessing.concepts(fold_tokens("too much"), "too much") == []
