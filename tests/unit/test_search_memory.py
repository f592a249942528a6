"""Loading the knowledge base leaves no build-time word caches behind (queries fill them again)."""

from __future__ import annotations

from knowledge.base import load_knowledge
from knowledge.folding import _fold_word
from knowledge.langdetect import _word_grams
from knowledge.search import token_features


def test_the_word_caches_are_empty_after_loading_and_refill_on_queries() -> None:
    kb, _problems = load_knowledge()
    assert kb is not None
    caches = (token_features, _word_grams, _fold_word)
    assert [cache.cache_info().currsize for cache in caches] == [0, 0, 0]
    hits = kb.search.search("какие документы нужны на патент", top=3).hits
    assert hits and hits[0].id == "patent"
    assert all(cache.cache_info().currsize > 0 for cache in caches)
