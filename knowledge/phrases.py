"""Find listed words and phrases in a message, in time proportional to the message, not to the list.

A phrase is one or more words, matched on folded text (`knowledge.folding`): whole words in a row,
and a word ending in `*` matches any word that starts with it ("суицид*" matches "суициде"). The
danger terms (crisis.yaml) and the concept lexicon (danger/lexicon.yaml) both use this syntax.

The index keys every phrase by its first word: exact first words in one dictionary, prefix first
words in another. For each token of the message, the exact look-up is one dictionary access and
the prefix look-up at most one access per letter of the token (it stops at the first beginning
that no prefix starts with), so a message costs O(characters),
however many phrases there are; only phrases whose first word matches are compared further.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from knowledge.folding import fold_tokens


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    prefix: tuple[bool, ...]  # per word: True when the word ends in "*" (matches any ending)

    def matches_at(self, tokens: Sequence[str], start: int) -> bool:
        if start + len(self.words) > len(tokens):
            return False
        for offset, word in enumerate(self.words):
            token = tokens[start + offset]
            if not (token.startswith(word) if self.prefix[offset] else token == word):
                return False
        return True


def compile_phrase(raw: str) -> Phrase | None:
    """The folded words of `raw`; None when nothing is left (only punctuation or stars)."""
    words: list[str] = []
    prefix: list[bool] = []
    for part in raw.split():
        star = part.endswith("*")
        tokens = fold_tokens(part.rstrip("*"))
        if not tokens:
            continue
        words.extend(tokens)
        prefix.extend([False] * (len(tokens) - 1) + [star])
    return Phrase(tuple(words), tuple(prefix)) if words else None


CACHE_SIZE = 20_000  # distinct words remembered per index (about 2 MB at most)


class PhraseIndex:
    """Phrases, each with a label (a category, a concept); `find` says which labels a text has."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[Phrase, Hashable]]] = {}
        self._prefix: dict[str, list[tuple[Phrase, Hashable]]] = {}
        self._stems: set[str] = set()  # every beginning of a prefix key, to stop looking early
        self._cache: dict[str, tuple[tuple[Phrase, Hashable], ...]] = {}
        self._size = 0
        self.comparisons = 0  # phrases compared beyond their first word: a work counter for tests

    def __len__(self) -> int:
        return self._size

    def add(self, raw: str, label: Hashable) -> Phrase | None:
        self._cache.clear()
        phrase = compile_phrase(raw)
        if phrase is None:
            return None
        first = phrase.words[0]
        if phrase.prefix[0]:
            self._prefix.setdefault(first, []).append((phrase, label))
            self._stems.update(first[:end] for end in range(1, len(first) + 1))
        else:
            self._exact.setdefault(first, []).append((phrase, label))
        self._size += 1
        return phrase

    def add_all(self, raws: Iterable[str], label: Hashable) -> None:
        for raw in raws:
            self.add(raw, label)

    def _candidates(self, token: str) -> tuple[tuple[Phrase, Hashable], ...]:
        """The phrases whose first word matches `token`; cached, since words repeat across messages."""
        found = self._cache.get(token)
        if found is None:
            matches = list(self._exact.get(token, ()))
            for end in range(1, len(token) + 1):
                beginning = token[:end]
                if beginning not in self._stems:
                    break
                matches.extend(self._prefix.get(beginning, ()))
            found = tuple(matches)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[token] = found
        return found

    def find(self, tokens: Sequence[str]) -> Iterator[tuple[Hashable, int, int]]:
        """(label, first token, end token) of every phrase found in the folded `tokens`."""
        for start, token in enumerate(tokens):
            for phrase, label in self._candidates(token):
                if len(phrase.words) == 1:
                    yield label, start, start + 1
                    continue
                self.comparisons += 1
                if phrase.matches_at(tokens, start):
                    yield label, start, start + len(phrase.words)

    def labels(self, tokens: Sequence[str]) -> set[Hashable]:
        return {label for label, _, _ in self.find(tokens)}
