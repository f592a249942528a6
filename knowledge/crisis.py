"""Signs of danger in a message: self-harm, violence, trafficking, a medical emergency.

Terms come from `crisis.yaml`, per language; they are matched on folded words (any script,
with or without special letters). A trailing `*` on a word matches any ending.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.folding import fold_tokens

CATEGORIES = ("self-harm", "violence", "trafficking", "medical")


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    prefix_last: tuple[bool, ...]


def compile_term(raw: str) -> _Term | None:
    words: list[str] = []
    prefix: list[bool] = []
    for part in raw.split():
        star = part.endswith("*")
        tokens = fold_tokens(part.rstrip("*"))
        if not tokens:
            continue
        words.extend(tokens)
        prefix.extend([False] * (len(tokens) - 1) + [star])
    return _Term(tuple(words), tuple(prefix)) if words else None


class CrisisDetector:
    def __init__(self, terms: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
        self._terms: list[tuple[str, _Term]] = []
        for category, by_language in terms.items():
            for words in by_language.values():
                for raw in words:
                    term = compile_term(raw)
                    if term is not None:
                        self._terms.append((category, term))

    def __len__(self) -> int:
        return len(self._terms)

    def detect(self, text: str | None) -> set[str]:
        if not text:
            return set()
        tokens = fold_tokens(text)
        found: set[str] = set()
        for category, term in self._terms:
            if category in found:
                continue
            if _contains(tokens, term):
                found.add(category)
        return found


def _contains(tokens: list[str], term: _Term) -> bool:
    size = len(term.words)
    for start in range(len(tokens) - size + 1):
        for offset, word in enumerate(term.words):
            token = tokens[start + offset]
            if term.prefix_last[offset]:
                if not token.startswith(word):
                    break
            elif token != word:
                break
        else:
            return True
    return False
