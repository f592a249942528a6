"""Free-text search over the knowledge base, robust to how migrants really type.

Why this design (and not a library as-is): the KB is small (tens to a few thousand articles × 6
languages), so an in-memory index built at start-up is enough. The hard part is not ranking but
*matching*: the same word arrives in Cyrillic or Latin, without special letters, without Uzbek
apostrophes, with typos and with agglutinative suffixes. So:

1. Both the query and the content are folded to one Latin skeleton (`knowledge.folding.fold`).
2. Each folded word becomes its character 3- and 4-grams (with word-boundary marks) plus the whole
   word: suffixes and typos still share most n-grams with the dictionary form.
3. TF-IDF weights, cosine similarity. An article's score is its best-matching short text (title,
   an example question, its keywords: people ask short questions, and the example questions carry
   most of the recall) plus a smaller share of its body's similarity.
4. Synonym groups (`synonyms.yaml`) add the other words of a group to the query at half weight.

A plain BM25 over whitespace tokens (rank-bm25) is the baseline in `benchmarks/search.py`; it
cannot match across scripts or spelling variants, which is why n-grams over folded text win.
The index is a feature → postings array layout in numpy, so a query touches only the postings of
its own n-grams; very common n-grams (present in over 10% of texts) are skipped, they carry almost
no information and cost the most time.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from knowledge.folding import fold_tokens
from knowledge.langdetect import LanguageDetector
from knowledge.markup import markdown_to_plain
from knowledge.model import CONTENT_LANGUAGES, Article

BODY_SHARE = 0.35
SYNONYM_WEIGHT = 0.5
MAX_DF_RATIO = 0.10
QUERY_CHAR_LIMIT = 600  # a longer message is a story, not a query: its start carries the topic
STEM_LENGTH = 5  # a crude stem: agglutinative suffixes follow the first letters of the root


@lru_cache(maxsize=200_000)
def token_features(token: str) -> tuple[str, ...]:
    """The whole word, its crude stem and its character 3- and 4-grams (cached: words repeat)."""
    features = ["w" + token]
    if len(token) > STEM_LENGTH:
        features.append("p" + token[:STEM_LENGTH])
    marked = f"^{token}$"
    for size in (3, 4):
        if len(marked) < size:
            features.append(marked)
            continue
        features.extend(marked[start : start + size] for start in range(len(marked) - size + 1))
    return tuple(features)


def text_features(text: str, stopwords: frozenset[str] = frozenset()) -> Counter[str]:
    features: Counter[str] = Counter()
    for token in fold_tokens(text):
        if token not in stopwords:
            features.update(token_features(token))
    return features


@dataclass(frozen=True)
class Hit:
    id: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    lang: str
    hits: list[Hit]


class _Postings:
    """Sparse TF-IDF vectors of many texts, stored per feature for fast query-time lookup.

    All postings live in two flat arrays sorted by feature; a feature maps to its slice.
    """

    def __init__(self, texts: list[Counter[str]], owners: list[int]) -> None:
        self.owners = np.asarray(owners, dtype=np.int32)
        self.size = max(1, len(texts))
        df: Counter[str] = Counter()
        for features in texts:
            df.update(features.keys())
        self.df = df
        self.idf = {f: math.log((1 + self.size) / (1 + n)) + 1.0 for f, n in df.items()}
        self.max_df = max(2, int(MAX_DF_RATIO * self.size))
        feature_ids = {feature: index for index, feature in enumerate(df)}
        idf_array = np.fromiter(self.idf.values(), dtype=np.float64, count=len(self.idf))
        column: list[int] = []
        row: list[int] = []
        counts: list[int] = []
        for index, features in enumerate(texts):
            column.extend(map(feature_ids.__getitem__, features))
            counts.extend(features.values())
            row.extend([index] * len(features))
        rows = np.asarray(row, dtype=np.int32)
        weights = (1 + np.log(np.asarray(counts, dtype=np.float64))) * idf_array[column]
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=self.size))
        value = weights / np.where(norms > 0, norms, 1.0)[rows]
        columns = np.asarray(column, dtype=np.int32)
        order = np.argsort(columns, kind="stable")
        self._rows = rows[order]
        self._values = np.asarray(value, dtype=np.float32)[order]
        bounds = np.searchsorted(columns[order], np.arange(len(feature_ids) + 1))
        self._slices = {f: (int(bounds[i]), int(bounds[i + 1])) for f, i in feature_ids.items()}

    def query_vector(self, features: Mapping[str, float]) -> dict[str, float]:
        weights = {f: (1 + math.log(n)) * self.idf[f] if n >= 1 else n * self.idf[f]
                   for f, n in features.items() if f in self.idf}  # fmt: skip
        informative = {f: w for f, w in weights.items() if self.df[f] <= self.max_df}
        weights = informative or weights  # a query made only of common n-grams still gets an answer
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {f: w / norm for f, w in weights.items()}

    def scores(self, vector: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(text indices, cosine scores) for texts sharing at least one feature with the query."""
        if not vector:
            return np.empty(0, np.int32), np.empty(0, np.float32)
        rows = []
        values = []
        for feature, weight in vector.items():
            start, end = self._slices[feature]
            rows.append(self._rows[start:end])
            values.append(self._values[start:end] * np.float32(weight))
        all_rows = np.concatenate(rows)
        sums = np.bincount(all_rows, weights=np.concatenate(values), minlength=self.size)
        touched = np.unique(all_rows)
        return touched, sums[touched]


class SearchIndex:
    def __init__(
        self,
        articles: Mapping[str, Article],
        synonyms: Iterable[Iterable[str]] = (),
        stopwords: Iterable[str] = (),
    ) -> None:
        self.stopwords = frozenset(token for word in stopwords for token in fold_tokens(word))
        self.article_ids = sorted(articles)
        position = {article_id: i for i, article_id in enumerate(self.article_ids)}
        short_texts: list[Counter[str]] = []
        short_owner: list[int] = []
        bodies: list[Counter[str]] = []
        body_owner: list[int] = []
        training: dict[str, list[str]] = defaultdict(list)
        for article_id in self.article_ids:
            article = articles[article_id]
            owner = position[article_id]
            for lang in CONTENT_LANGUAGES:  # uz-Cyrl folds to the same skeleton as uz
                text = article.translations[lang]
                for short in (text.title, *text.questions, " ".join(text.keywords)):
                    if short.strip():
                        short_texts.append(text_features(short, self.stopwords))
                        short_owner.append(owner)
                plain = markdown_to_plain(text.body)
                bodies.append(text_features(f"{text.title} {plain}", self.stopwords))
                body_owner.append(owner)
                training[lang].extend([text.title, *text.questions, plain])
        self._short = _Postings(short_texts, short_owner)
        self._body = _Postings(bodies, body_owner)
        self._synonyms = self._build_synonyms(synonyms)
        self.detector = LanguageDetector(training)

    @staticmethod
    def _build_synonyms(groups: Iterable[Iterable[str]]) -> dict[str, list[str]]:
        table: dict[str, list[str]] = defaultdict(list)
        for group in groups:
            folded = [" ".join(fold_tokens(term)) for term in group]
            folded = [term for term in folded if term]
            for term in folded:
                table[term].extend(other for other in folded if other != term)
        return dict(table)

    def _query_features(self, query: str) -> Counter[str] | dict[str, float]:
        features: dict[str, float] = dict(text_features(query, self.stopwords))
        tokens = fold_tokens(query)
        phrases = set(tokens) | {" ".join(pair) for pair in pairwise(tokens)}
        for phrase in phrases:
            for other in self._synonyms.get(phrase, ()):
                for feature, count in text_features(other, self.stopwords).items():
                    features[feature] = features.get(feature, 0.0) + SYNONYM_WEIGHT * count
        return features

    def search(self, query: str, top: int = 5, lang: str | None = None) -> SearchResult:
        query = query[:QUERY_CHAR_LIMIT]
        detected = lang or self.detector.detect(query)
        features = self._query_features(query)
        totals = np.zeros(len(self.article_ids), dtype=np.float32)
        short_idx, short_scores = self._short.scores(self._short.query_vector(features))
        if short_idx.size:
            np.maximum.at(totals, self._short.owners[short_idx], short_scores.astype(np.float32))
        body_idx, body_scores = self._body.scores(self._body.query_vector(features))
        if body_idx.size:
            body_totals = np.zeros_like(totals)
            np.maximum.at(body_totals, self._body.owners[body_idx], body_scores.astype(np.float32))
            totals = totals * (1 - BODY_SHARE) + body_totals * BODY_SHARE
        best = np.argsort(-totals)[:top]
        hits = [Hit(self.article_ids[i], round(float(totals[i]), 4)) for i in best if totals[i] > 0]
        return SearchResult(lang=detected, hits=hits)
