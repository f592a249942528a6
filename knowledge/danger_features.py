"""What the danger model reads in a message: concepts of the lexicon, words, and their sparse rows."""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from knowledge.langdetect import LanguageDetector
from knowledge.phrases import PhraseIndex

# Round 5, cross-validated on the train split (benchmarks/danger.py --cv): concepts at 0.3 outweighed
# the words, so one concept word (a "beat" in a football match) moved a message as much as its whole
# wording; at 0.15 recall 0.839 -> 0.850 and false alarms 0.032 -> 0.026, and the out-of-fold ranking
# improved in every category (violence AUC 0.9876 -> 0.9908). 0.1 and 0.2 were worse.
CONCEPT_WEIGHT = 0.15
WORDS_WEIGHT = 0.15
PIECES_WEIGHT = 0.05
CHAR_NGRAMS = (3, 4, 5)  # letters in a row inside a word (with its edges): typos, endings, compounds
# Letter n-grams and word pairs are many and mostly rare: they are hashed into a fixed number of
# columns (no vocabulary of strings to keep), which bounds the model's memory whatever the data.
PIECE_BUCKETS = 1 << 16


@dataclass(frozen=True)
class Features:
    concepts: tuple[str, ...]  # concept names and pairs
    words: tuple[str, ...]  # folded words and their first letters
    # hashed letter n-grams and word pairs, each < PIECE_BUCKETS: a compact array, not Python ints (a
    # few thousand messages of ~200 pieces each would otherwise hold tens of MiB during training)
    pieces: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))

    def columns(self, vocabulary: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """The model's columns for these features, and the value each takes."""
        concepts = [vocabulary[f] for f in self.concepts if f in vocabulary]
        words = [vocabulary[f] for f in self.words if f in vocabulary]
        known = np.asarray(concepts + words, dtype=np.int64)
        columns = np.concatenate([known, self.pieces.astype(np.int64) + len(vocabulary)])
        values = np.repeat(
            np.asarray([CONCEPT_WEIGHT, WORDS_WEIGHT, PIECES_WEIGHT], dtype=np.float32),
            [len(concepts), len(words), len(self.pieces)],
        )
        return columns, values


# After folding, a lexicon word of one language is often an everyday word of another (English "much"
# is Russian муж, Uzbek qon is Kyrgyz күн): a concept word counts only when the message can be in its
# language. Russian words are common inside Uzbek, Tajik and Kyrgyz messages, so they count there too.
# Round 6, cross-validated on the train split: recall 0.849 -> 0.858, false alarms 0.030 -> 0.028; the
# model alone at 0.5% out-of-fold false alarms per category catches 0.801 -> 0.821 of the earlier rows
# (equal at 2%). Russian words counted in English messages too: recall 0.834; each language only its
# own words: 0.840.
CONCEPT_LANGUAGES = {
    "ru": frozenset({"ru"}),
    "uz": frozenset({"uz", "ru"}),
    "tg": frozenset({"tg", "ru"}),
    "ky": frozenset({"ky", "ru"}),
    "en": frozenset({"en"}),
}

LANGUAGE_SAMPLE_CHARS = 600  # the language of a message shows in its beginning; a 4 KB message costs no more


def language_samples(texts: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """(language file, text) pairs grouped by the lexicon's languages (Uzbek in Cyrillic is `uz`)."""
    samples: dict[str, list[str]] = {}
    for lang, text in texts:
        lexicon_lang = "uz" if lang == "uz-Cyrl" else lang
        if lexicon_lang in CONCEPT_LANGUAGES:
            samples.setdefault(lexicon_lang, []).append(text)
    return samples


class Featurizer:
    """Reads a message as concepts, words and pieces; `samples` (texts per language) teach it to guess the language."""

    def __init__(self, lexicon: PhraseIndex, samples: Mapping[str, Sequence[str]] | None = None) -> None:
        self.lexicon = lexicon
        self.detector = LanguageDetector(samples) if samples else None

    def languages(self, tokens: Sequence[str], text: str | None = None) -> frozenset[str] | None:
        """The languages whose concept words count in this message; None: all of them."""
        if self.detector is None:
            return None
        typed = text if text is not None else " ".join(tokens)
        guess = self.detector.detect(typed[:LANGUAGE_SAMPLE_CHARS])
        return CONCEPT_LANGUAGES.get("uz" if guess == "uz-Cyrl" else guess)

    def concepts(self, tokens: Sequence[str], text: str | None = None) -> list[str]:
        """The concepts of the folded `tokens`; `text` (the message as typed) shows its script and letters."""
        allowed = self.languages(tokens, text)
        found = set()
        for label in self.lexicon.labels(tokens):
            concept, lang = label if isinstance(label, tuple) else (label, None)
            if allowed is None or lang is None or lang in allowed:
                found.add(str(concept))
        return sorted(found)

    def features(self, tokens: Sequence[str], text: str | None = None) -> Features:
        found = self.concepts(tokens, text)
        concepts = [f"c:{c}" for c in found]
        concepts.extend(f"p:{a}+{b}" for a, b in itertools.combinations(found, 2))
        words: set[str] = set()
        for token in tokens:
            words.add(f"w:{token}")
            if len(token) > 4:
                words.add(f"4:{token[:4]}")
            if len(token) > 5:
                words.add(f"5:{token[:5]}")
        return Features(tuple(concepts), tuple(sorted(words)), pieces(tokens) if PIECES_WEIGHT else _NO_PIECES)


_NO_PIECES = np.zeros(0, dtype=np.uint32)


def pieces(tokens: Sequence[str]) -> np.ndarray:
    """Hashed letter n-grams of each distinct word (with its edges) and pairs of neighbouring words."""
    found: set[str] = set()
    for token in set(tokens):  # a long message of one repeated word costs one word
        padded = f"<{token}>"
        for n in CHAR_NGRAMS:
            found.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    found.update(f"{a} {b}" for a, b in set(itertools.pairwise(tokens)))
    hashed = np.fromiter((zlib.crc32(piece.encode()) for piece in found), np.uint32, len(found))
    return np.unique(hashed % PIECE_BUCKETS)


class SparseRows:
    """Rows of binary feature columns (CSR), built for a fixed vocabulary.

    A column always takes the same value (its group's weight), so the rows keep only which columns
    are present and one weight per column: a product is then a gather and a sum, without a multiply
    per value (training does a few hundred of them at start-up).
    """

    def __init__(self, rows: Sequence[Features], vocabulary: Mapping[str, int]) -> None:
        parts: list[np.ndarray] = []
        self.width = len(vocabulary) + PIECE_BUCKETS
        self.column_weights = np.zeros(self.width, dtype=np.float32)
        for features in rows:
            columns, values = features.columns(vocabulary)
            parts.append(columns)
            self.column_weights[columns] = values
        lengths = [len(part) for part in parts]
        self.pointers = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.indices = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
        self.count = len(rows)
        self._index()

    def _index(self) -> None:
        self.lengths = np.diff(self.pointers)
        self.nonempty = self.lengths > 0
        self.starts = self.pointers[:-1][self.nonempty]

    def take(self, rows: np.ndarray) -> SparseRows:
        taken = object.__new__(SparseRows)
        lengths = np.diff(self.pointers)[rows]
        taken.pointers = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        # the positions of the taken rows' entries, without a Python loop per row
        starts = np.repeat(self.pointers[rows] - taken.pointers[:-1], lengths)
        taken.indices = self.indices[starts + np.arange(taken.pointers[-1])]
        taken.count = len(rows)
        taken.width = self.width
        taken.column_weights = self.column_weights
        taken._index()
        return taken

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """(rows × categories) scores for (categories × width) weights."""
        out = np.zeros((self.count, weights.shape[0]), dtype=np.float32)
        if len(self.indices):
            scaled = weights * self.column_weights
            for k in range(weights.shape[0]):
                out[self.nonempty, k] = np.add.reduceat(np.take(scaled[k], self.indices), self.starts)
        return out

    def transpose_dot(self, gradient: np.ndarray) -> np.ndarray:
        """(categories × width) for a (rows × categories) gradient."""
        return np.stack([
            np.bincount(self.indices, weights=np.repeat(gradient[:, k], self.lengths), minlength=self.width)
            * self.column_weights
            for k in range(gradient.shape[1])
        ]).astype(np.float32)  # fmt: skip
