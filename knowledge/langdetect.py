"""Which language a query is written in, whatever script it was typed in.

A multinomial naive Bayes over character n-grams of *folded* text (so "kak poluchit" and "как
получить" look the same), trained at start-up on the knowledge base's own texts in each language.
Letters that exist in only one language's alphabet settle the question directly. Uzbek typed in
Cyrillic is reported as uz-Cyrl.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from knowledge.folding import fold

_ONLY_TAJIK = re.compile(r"[ҷӣӯҶӢӮ]")
_ONLY_KYRGYZ = re.compile(r"[ңөүҢӨҮ]")
_ONLY_UZBEK_CYRILLIC = re.compile(r"[ўЎ]")
# oʻ/gʻ with any apostrophe, or a q not followed by u (qancha, qayerda; English q is nearly always qu)
_UZBEK_LATIN_MARKS = re.compile(r"[oOgG][ʻ'`’‘ʼ]|[qQ](?![uU])")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z]")


@lru_cache(maxsize=100_000)
def _word_grams(word: str) -> tuple[str, ...]:
    marked = f" {word} "
    return tuple(marked[start : start + size] for size in (1, 2, 3) for start in range(len(marked) - size + 1))


def _grams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in fold(text).split():
        grams.update(_word_grams(word))
    return grams


class LanguageDetector:
    def __init__(self, samples: Mapping[str, Sequence[str]]) -> None:
        self.languages = sorted(samples)
        self._log_prob: dict[str, dict[str, float]] = {}
        self._unknown: dict[str, float] = {}
        vocabulary: set[str] = set()
        counts: dict[str, Counter[str]] = {}
        for lang in self.languages:
            counts[lang] = Counter()
            for text in samples[lang]:
                counts[lang].update(_grams(text))
            vocabulary |= set(counts[lang])
        size = len(vocabulary) or 1
        for lang, grams in counts.items():
            total = sum(grams.values()) + size
            self._log_prob[lang] = {g: math.log((n + 1) / total) for g, n in grams.items()}
            self._unknown[lang] = math.log(1 / total)

    def scores(self, text: str) -> dict[str, float]:
        grams = _grams(text)
        return {
            lang: sum(n * self._log_prob[lang].get(g, self._unknown[lang]) for g, n in grams.items())
            for lang in self.languages
        }

    def detect(self, text: str) -> str:
        if _ONLY_TAJIK.search(text):
            lang = "tg"
        elif _ONLY_KYRGYZ.search(text):
            lang = "ky"
        elif _ONLY_UZBEK_CYRILLIC.search(text) or _UZBEK_LATIN_MARKS.search(text):
            lang = "uz"
        else:
            scores = self.scores(text)
            lang = max(scores, key=scores.__getitem__) if scores and any(scores.values()) else "ru"
        if lang == "uz" and len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
            return "uz-Cyrl"
        return lang
