"""Deciding what to answer to a free-text question."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.search import SearchResult

# Calibrated on the development set and tests/data/search_offtopic.txt: above DIRECT_SCORE with a
# clear lead the top article is answered directly (about 9 in 10 dev questions, almost never a wrong
# one); above SUGGEST_SCORE the best three are offered; below it nothing is shown.
DIRECT_SCORE = 0.40
DIRECT_LEAD = 0.08
SUGGEST_SCORE = 0.25


@dataclass(frozen=True)
class SearchDecision:
    kind: str  # "direct" | "choices" | "none"
    article_ids: list[str]
    lang: str


def decide(result: SearchResult) -> SearchDecision:
    hits = result.hits
    if not hits or hits[0].score < SUGGEST_SCORE:
        return SearchDecision("none", [], result.lang)
    second = hits[1].score if len(hits) > 1 else 0.0
    if hits[0].score >= DIRECT_SCORE and hits[0].score - second >= DIRECT_LEAD:
        return SearchDecision("direct", [hits[0].id], result.lang)
    return SearchDecision("choices", [hit.id for hit in hits[:3] if hit.score >= SUGGEST_SCORE], result.lang)
