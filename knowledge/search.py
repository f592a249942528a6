"""Free-text search over the knowledge base, robust to how migrants really type.

Why this design (and not a library as-is): the KB is small (tens to a few thousand articles × 6
languages), so an in-memory index built at start-up is enough. The hard part is not ranking but
*matching*: the same word arrives in Cyrillic or Latin, without special letters, without Uzbek
apostrophes, with typos and with agglutinative suffixes. So:

1. Both the query and the content are folded to one Latin skeleton (`knowledge.folding.fold`).
2. Each folded word becomes its character 3- and 4-grams (with word-boundary marks) plus the whole
   word: suffixes and typos still share most n-grams with the dictionary form.
3. TF-IDF weights, cosine similarity. Document frequency counts articles, not texts, so a word
   that fills one article's example questions stays that article's signature. An article's score
   is its best-matching short text (title, an example question, its keywords: people ask short
   questions, and the example questions carry most of the recall) plus a smaller share of its
   body's similarity.
4. Synonym groups (`synonyms.yaml`) add the other words of a group to the query at half weight,
   each new feature once.

A plain BM25 over whitespace tokens (rank-bm25) is the baseline in `benchmarks/search.py`; it
cannot match across scripts or spelling variants, which is why n-grams over folded text win.
The index is a feature → postings array layout in numpy, impact-ordered, so a query touches only
the strongest postings of its own n-grams (all of them on a KB of this size; a bounded number on a
KB a hundred times larger, which keeps p99 latency within a few milliseconds).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, repeat

import numpy as np

from knowledge.feature_table import FeatureTable, feature_hashes
from knowledge.folding import fold_tokens
from knowledge.langdetect import LanguageDetector
from knowledge.markup import markdown_to_plain
from knowledge.model import CONTENT_LANGUAGES, Article

BODY_SHARE = 0.3
SYNONYM_WEIGHT = 0.5
WORD_SHARE = 0.5  # weight of the word-level BM25 signal against the n-gram signal
QUERY_CHAR_LIMIT = 600  # a longer message is a story, not a query: its start carries the topic
MAX_POSTINGS = 600  # per feature and query; see _Postings.best_per_owner
MAX_QUERY_FEATURES = 150
STEM_LENGTH = 5  # a crude stem: agglutinative suffixes follow the first letters of the root


@lru_cache(maxsize=200_000)
def token_features(token: str) -> tuple[str, ...]:
    """The whole word, its crude stem and its character 3- and 4-grams (cached: words repeat)."""
    features = ["#" + token]  # "#" and "~" never occur in n-grams of folded text
    if len(token) > STEM_LENGTH:
        features.append("~" + token[:STEM_LENGTH])
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

    def __init__(self, texts: list[Counter[str]], owners: list[int], owner_count: int) -> None:
        self.owners = np.asarray(owners, dtype=np.int32)
        # Texts come grouped by owner (article), so an article's texts are one contiguous run.
        self._owner_starts = np.searchsorted(self.owners, np.arange(owner_count))
        self.size = max(1, len(texts))
        # Document frequency counts ARTICLES, not texts: a word that fills one article's example
        # questions is that article's signature, not a common word.
        owner_features: dict[int, set[str]] = defaultdict(set)
        for owner, features in zip(owners, texts, strict=True):
            owner_features[owner].update(features)
        df: Counter[str] = Counter()
        for features_of_owner in owner_features.values():
            df.update(features_of_owner)
        documents = max(1, owner_count)
        # A feature is a number in a table of hashes; its idf and its slice of the postings live in arrays.
        self._table, number_of = FeatureTable.numbered(list(df))  # number_of: while building only
        self._idf = np.zeros(len(self._table), dtype=np.float64)
        self._idf[list(number_of.values())] = [math.log((1 + documents) / (1 + n)) + 1.0 for n in df.values()]
        del df, owner_features
        column = array("i")
        row = array("i")
        counts = array("i")
        for index, features in enumerate(texts):
            column.extend(map(number_of.__getitem__, features))
            counts.extend(features.values())
            row.extend(repeat(index, len(features)))
        rows = np.frombuffer(row, dtype=np.int32)
        columns = np.frombuffer(column, dtype=np.int32)
        weights = (1 + np.log(np.frombuffer(counts, dtype=np.int32).astype(np.float64))) * self._idf[columns]
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=self.size))
        value = weights / np.where(norms > 0, norms, 1.0)[rows]
        order = np.lexsort((-value, columns))  # by feature, then strongest first ("impact order")
        self._rows = rows[order]
        self._values = value.astype(np.float32)[order]
        self._bounds = np.searchsorted(columns[order], np.arange(len(self._table) + 1)).astype(np.int32)

    def query_vector(self, features: Mapping[str, float], hashes: np.ndarray) -> dict[int, float]:
        """The query's features that the texts have (as feature numbers), TF-IDF weighted, unit length.

        `hashes` are the features' hashes, in the same order (`feature_hashes(list(features))`).
        """
        weights: dict[int, float] = {}
        numbers = self._table.numbers_of_hashes(hashes).tolist()
        for index, n in zip(numbers, features.values(), strict=True):
            if index >= 0:
                idf = float(self._idf[index])
                weights[index] = (1 + math.log(n)) * idf if n >= 1 else n * idf
        if len(weights) > MAX_QUERY_FEATURES:  # a long story: its most telling features are enough
            weights = dict(sorted(weights.items(), key=lambda item: -item[1])[:MAX_QUERY_FEATURES])
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {f: w / norm for f, w in weights.items()}

    def best_per_owner(self, vector: Mapping[int, float]) -> np.ndarray:
        """For every owner (article), the cosine similarity of its best-matching text.

        Each feature contributes at most MAX_POSTINGS of its strongest postings: on a small KB that
        is all of them; on a huge one it bounds the work per query (the weakest matches of a
        common n-gram cannot change the top results).
        """
        owner_count = len(self._owner_starts)
        if not vector:
            return np.zeros(owner_count, dtype=np.float64)
        # One gather for all the query's features (a slice per feature cost more than the sums).
        features = np.fromiter(vector.keys(), dtype=np.int64, count=len(vector))
        weights = np.fromiter(vector.values(), dtype=np.float64, count=len(vector)).astype(np.float32)
        starts = self._bounds[features].astype(np.int64)
        lengths = np.minimum(self._bounds[features + 1] - starts, MAX_POSTINGS)
        ends = np.cumsum(lengths)
        positions = np.arange(ends[-1]) + np.repeat(starts - (ends - lengths), lengths)
        values = self._values[positions] * np.repeat(weights, lengths)
        sums = np.bincount(self._rows[positions], weights=values, minlength=self.size)
        return np.maximum.reduceat(sums, self._owner_starts)


class _WordBm25:
    """Okapi BM25 over folded words and their stems, one document per article (all languages).

    The n-gram cosine is good at matching spelling variants; whole-word evidence is better at
    telling apart neighbouring topics that share many n-grams. The final score fuses both.
    """

    K1 = 1.5
    B = 0.75
    EPSILON = 0.25  # floor for the idf of words present in most articles, as in Okapi BM25 implementations

    def __init__(self, documents: list[Counter[str]]) -> None:
        count = len(documents)
        lengths = np.asarray([sum(doc.values()) for doc in documents], dtype=np.float64)
        average = lengths.mean() if count else 1.0
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(doc.keys())
        raw_idf = {term: math.log((count - n + 0.5) / (n + 0.5)) for term, n in df.items()}
        floor = self.EPSILON * (sum(raw_idf.values()) / len(raw_idf)) if raw_idf else 0.0
        idf = {term: value if value > 0 else floor for term, value in raw_idf.items()}
        # All postings in flat arrays grouped by term (documents in order); a term maps to a number.
        self._table, number_of = FeatureTable.numbered(list(df))  # number_of: while building only
        term_of = array("i")
        documents_of = array("i")
        weights = array("d")
        for index, doc in enumerate(documents):
            norm = self.K1 * (1 - self.B + self.B * lengths[index] / average)
            for term, tf in doc.items():
                term_of.append(number_of[term])
                documents_of.append(index)
                weights.append(idf[term] * tf * (self.K1 + 1) / (tf + norm))
        terms = np.frombuffer(term_of, dtype=np.int32)
        order = np.argsort(terms, kind="stable")
        self._rows = np.frombuffer(documents_of, dtype=np.int32)[order]
        self._weights = np.frombuffer(weights, dtype=np.float64)[order]
        self._bounds = np.searchsorted(terms[order], np.arange(len(self._table) + 1)).astype(np.int32)
        self.count = count

    @staticmethod
    def terms(text: str, stopwords: frozenset[str]) -> list[str]:
        """Each folded word, and its stem (its first letters)."""
        terms: list[str] = []
        for token in fold_tokens(text):
            if token not in stopwords:
                terms += ("#" + token, "~" + token[:STEM_LENGTH])
        return terms

    def scores(self, terms: list[str]) -> np.ndarray:
        found = [number for number in self._table.numbers(terms).tolist() if number >= 0]
        if not found:
            return np.zeros(self.count, dtype=np.float64)
        bounds = self._bounds
        rows = np.concatenate([self._rows[bounds[i] : bounds[i + 1]] for i in found])
        weights = np.concatenate([self._weights[bounds[i] : bounds[i + 1]] for i in found])
        return np.bincount(rows, weights=weights, minlength=self.count)


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
        word_documents: list[Counter[str]] = []
        for article_id in self.article_ids:
            article = articles[article_id]
            owner = position[article_id]
            words: Counter[str] = Counter()
            for lang in CONTENT_LANGUAGES:  # uz-Cyrl folds to the same skeleton as uz
                text = article.translations[lang]
                for short in (text.title, *text.questions, " ".join(text.keywords)):
                    if short.strip():
                        short_texts.append(text_features(short, self.stopwords))
                        short_owner.append(owner)
                short_words = _WordBm25.terms(" ".join((text.title, *text.questions, *text.keywords)), self.stopwords)
                words.update(short_words * 2)  # the questions and keywords weigh double, as in the n-gram score
                plain = markdown_to_plain(text.body)
                words.update(_WordBm25.terms(plain, self.stopwords))
                bodies.append(text_features(f"{text.title} {plain}", self.stopwords))
                body_owner.append(owner)
                training[lang].extend([text.title, *text.questions, plain])
            word_documents.append(words)
        self._words = _WordBm25(word_documents)
        self._short = _Postings(short_texts, short_owner, len(self.article_ids))
        self._body = _Postings(bodies, body_owner, len(self.article_ids))
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

    def _query_features(self, query: str) -> dict[str, float]:
        features: dict[str, float] = dict(text_features(query, self.stopwords))
        tokens = fold_tokens(query)
        phrases = set(tokens) | {" ".join(pair) for pair in pairwise(tokens)}
        expansion: set[str] = set()
        for phrase in phrases:
            for other in self._synonyms.get(phrase, ()):
                expansion.update(text_features(other, self.stopwords))
        # Each new feature of a synonym counts once, at a discount; words the person typed are not
        # boosted again (a group that repeats "patent" in five terms must not weigh "patent" 5x).
        for feature in expansion - features.keys():
            features[feature] = SYNONYM_WEIGHT
        return features

    def search(self, query: str, top: int = 5, lang: str | None = None) -> SearchResult:
        query = query[:QUERY_CHAR_LIMIT]
        detected = lang or self.detector.detect(query)
        features = self._query_features(query)
        hashes = feature_hashes(list(features))
        short = self._short.best_per_owner(self._short.query_vector(features, hashes))
        body = self._body.best_per_owner(self._body.query_vector(features, hashes))
        ngram = short * (1 - BODY_SHARE) + body * BODY_SHARE
        words = self._words.scores(_WordBm25.terms(query, self.stopwords))
        # Fusion: each signal scaled to its best article; the n-gram score keeps its absolute scale,
        # which the answer thresholds (bot/services/search.py) rely on.
        top_words = words.max(initial=0.0)
        totals = ngram + WORD_SHARE * ngram.max(initial=0.0) * (words / top_words if top_words > 0 else words)
        best = np.argpartition(-totals, top)[:top] if len(totals) > top else np.arange(len(totals))
        best = best[np.argsort(-totals[best])]
        hits = [Hit(self.article_ids[i], round(float(totals[i]), 4)) for i in best if totals[i] > 0]
        return SearchResult(lang=detected, hits=hits)
