"""Feature strings numbered through their 64-bit hashes, without keeping the strings.

The search index numbers some 60,000 letter pieces and words. A dict from each string to its
number costs about 100 bytes a feature (the string, its hash and the dict's slot); a sorted array
of 64-bit hashes costs 8, and a lookup is one binary search. Two features with the same hash
would share a number: at this size, about one chance in 10^10.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import numpy as np


def feature_hash(feature: str) -> int:
    """Stable across processes (the index is built in a child process), unlike `hash()`."""
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")


def feature_hashes(features: Sequence[str]) -> np.ndarray:
    return np.fromiter(map(feature_hash, features), dtype=np.uint64, count=len(features))


class FeatureTable:
    def __init__(self, features: Iterable[str]) -> None:
        # Sorted and unique: a feature's number is the position of its hash.
        self._hashes = np.unique(feature_hashes(list(features)))

    @classmethod
    def numbered(cls, features: Sequence[str]) -> tuple[FeatureTable, dict[str, int]]:
        """A table of `features` and each one's number, hashing each feature once (to build an index)."""
        table = cls(())
        table._hashes, numbers = np.unique(feature_hashes(features), return_inverse=True)
        return table, dict(zip(features, numbers.tolist(), strict=True))

    def __len__(self) -> int:
        return len(self._hashes)

    def numbers(self, features: Sequence[str]) -> np.ndarray:
        """Each feature's number, or -1 for a feature the table does not have."""
        return self.numbers_of_hashes(feature_hashes(features))

    def numbers_of_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """`numbers()` for features already hashed (one query looks in several tables)."""
        if not len(hashes):
            return np.zeros(0, dtype=np.int64)
        positions = np.searchsorted(self._hashes, hashes)
        inside = positions < len(self._hashes)
        found = np.zeros(len(hashes), dtype=bool)
        found[inside] = self._hashes[positions[inside]] == hashes[inside]
        return np.where(found, positions, -1)
