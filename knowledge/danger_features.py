"""What the danger model reads in a message: concepts of the lexicon, words, and their sparse rows."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.phrases import PhraseIndex

CONCEPT_WEIGHT = 0.3
WORDS_WEIGHT = 0.15


@dataclass(frozen=True)
class Features:
    concepts: tuple[str, ...]  # concept names and pairs
    words: tuple[str, ...]  # folded words and their first letters


class Featurizer:
    def __init__(self, lexicon: PhraseIndex) -> None:
        self.lexicon = lexicon

    def concepts(self, tokens: Sequence[str]) -> list[str]:
        return sorted({str(label) for label in self.lexicon.labels(tokens)})

    def features(self, tokens: Sequence[str]) -> Features:
        found = self.concepts(tokens)
        concepts = [f"c:{c}" for c in found]
        concepts.extend(f"p:{a}+{b}" for a, b in itertools.combinations(found, 2))
        words: set[str] = set()
        for token in tokens:
            words.add(f"w:{token}")
            if len(token) > 4:
                words.add(f"4:{token[:4]}")
            if len(token) > 5:
                words.add(f"5:{token[:5]}")
        return Features(tuple(concepts), tuple(sorted(words)))


class SparseRows:
    """Rows of feature columns with their values (CSR), built for a fixed vocabulary."""

    def __init__(self, rows: Sequence[Features], vocabulary: Mapping[str, int]) -> None:
        indices: list[int] = []
        values: list[float] = []
        pointers = [0]
        for features in rows:
            for group, weight in ((features.concepts, CONCEPT_WEIGHT), (features.words, WORDS_WEIGHT)):
                columns = [vocabulary[f] for f in group if f in vocabulary]
                indices.extend(columns)
                values.extend([weight] * len(columns))
            pointers.append(len(indices))
        self.pointers = np.asarray(pointers, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.int64)
        self.values = np.asarray(values, dtype=np.float32)
        self.count = len(rows)
        self.width = len(vocabulary)
        self._index()

    def _index(self) -> None:
        lengths = np.diff(self.pointers)
        self.row_of_value = np.repeat(np.arange(self.count), lengths)
        self.nonempty = lengths > 0
        self.starts = self.pointers[:-1][self.nonempty]

    def take(self, rows: np.ndarray) -> SparseRows:
        taken = object.__new__(SparseRows)
        lengths = np.diff(self.pointers)[rows]
        taken.pointers = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        positions = np.concatenate([np.arange(self.pointers[r], self.pointers[r + 1]) for r in rows] or [[]])
        positions = positions.astype(np.int64)
        taken.indices = self.indices[positions]
        taken.values = self.values[positions]
        taken.count = len(rows)
        taken.width = self.width
        taken._index()
        return taken

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """(rows × categories) scores for (categories × width) weights."""
        out = np.zeros((self.count, weights.shape[0]), dtype=np.float32)
        if not len(self.indices):
            return out
        for k in range(weights.shape[0]):
            out[self.nonempty, k] = np.add.reduceat(weights[k][self.indices] * self.values, self.starts)
        return out

    def transpose_dot(self, gradient: np.ndarray) -> np.ndarray:
        """(categories × width) for a (rows × categories) gradient."""
        return np.stack([
            np.bincount(self.indices, weights=gradient[self.row_of_value, k] * self.values, minlength=self.width)
            for k in range(gradient.shape[1])
        ]).astype(np.float32)  # fmt: skip
