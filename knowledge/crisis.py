"""Signs of danger in a message: self-harm, violence, trafficking, a medical emergency.

Two parts decide together; a category is found when either finds it:
  - the terms (crisis.yaml): phrases that must never be missed ("не хочу жить", "qon to'xtamayapti"),
    matched on folded words (any script, with or without special letters; `*` matches any ending).
    A category's `except` phrases cancel a term they contain ("не хочу жить в общежитии");
  - the model (knowledge/danger.py), trained on labelled messages, for the ways people really write
    ("хочу чтобы всё закончилось", "face drooping, can't speak").

Only the first MAX_INPUT_CHARS characters are read (Telegram's own limit for a message), and both
parts look words up in an index (knowledge/phrases.py), so a message costs time in proportion to
its length, never to the number of terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.danger import (
    CATEGORIES,
    FLOOR,
    LANGUAGE_FILES,
    TARGET,
    DangerModel,
    Example,
    evaluate,
    load_examples,
    load_lexicon,
    message_tokens,
)
from knowledge.danger_cache import cached_decisions, fingerprint, trained_model
from knowledge.model import CONTENT_LANGUAGES
from knowledge.phrases import PhraseIndex
from knowledge.problems import ProblemLog, read_yaml_file

__all__ = [
    "CATEGORIES",
    "MAX_INPUT_CHARS",
    "Assessment",
    "CrisisDetector",
    "TermMatcher",
    "load_crisis",
]

MAX_INPUT_CHARS = 4096


@dataclass(frozen=True)
class Assessment:
    categories: frozenset[str]
    by_terms: frozenset[str]
    by_model: frozenset[str]
    scores: Mapping[str, float] = field(default_factory=dict)  # model score minus threshold: ≥ 0 is danger


class Frame:
    """Words that set a message's terms in a frame where they are not an emergency now (years ago, a joke,
    a film), unless the message also says otherwise ("не шучу", "я тоже"). Such a message is left to the model."""

    def __init__(
        self, name: str, phrases: Mapping[str, Sequence[str]], unless: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self.name = name
        self._phrases = PhraseIndex()
        self._unless = PhraseIndex()
        for words in phrases.values():
            self._phrases.add_all(words, name)
        for words in (unless or {}).values():
            self._unless.add_all(words, name)

    def applies(self, tokens: Sequence[str]) -> bool:
        return bool(self._phrases.labels(tokens)) and not self._unless.labels(tokens)


class TermMatcher:
    """The curated terms of crisis.yaml, with their exceptions, per category."""

    def __init__(
        self,
        terms: Mapping[str, Mapping[str, Sequence[str]]],
        exceptions: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
        frames: Sequence[Frame] = (),
    ) -> None:
        self._terms = PhraseIndex()
        self._exceptions = PhraseIndex()
        self.frames = list(frames)
        for category, by_language in terms.items():
            for words in by_language.values():
                self._terms.add_all(words, category)
        for category, by_language in (exceptions or {}).items():
            for words in by_language.values():
                self._exceptions.add_all(words, category)

    def __len__(self) -> int:
        return len(self._terms)

    @property
    def comparisons(self) -> int:
        """Multi-word phrases compared past their first word so far (the work counter tests look at)."""
        return self._terms.comparisons + self._exceptions.comparisons

    def categories(self, tokens: Sequence[str]) -> set[str]:
        """The categories whose terms the folded words contain, outside their exceptions.

        A message in a frame (`Frame`: long past, "my mother had a stroke two years ago, where is free
        rehab"; a joke; a film, a song, the news) is left to the model, which weighs the term's words
        with the rest of the message.
        """
        found: set[str] = set()
        excepted: list[tuple[object, int, int]] | None = None
        matches = list(self._terms.find(tokens))
        if matches and any(frame.applies(tokens) for frame in self.frames):
            return found
        for category, start, end in matches:
            if category in found:
                continue
            if excepted is None:
                excepted = list(self._exceptions.find(tokens))
            if any(c == category and s <= start and end <= e for c, s, e in excepted):
                continue
            found.add(str(category))
        return found


class CrisisDetector:
    """`detect(text)` → the danger categories of a message (empty: no danger found)."""

    def __init__(
        self,
        terms: Mapping[str, Mapping[str, Sequence[str]]] | TermMatcher,
        model: DangerModel | None = None,
    ) -> None:
        self.terms = terms if isinstance(terms, TermMatcher) else TermMatcher(terms)
        self.model = model

    def __len__(self) -> int:
        return len(self.terms)

    def assess(self, text: str | None) -> Assessment:
        if not text:
            return Assessment(frozenset(), frozenset(), frozenset())
        read = text[:MAX_INPUT_CHARS]
        tokens = message_tokens(read)
        by_terms = self.terms.categories(tokens)
        by_model: set[str] = set()
        scores: dict[str, float] = {}
        if self.model is not None and tokens:
            raw = self.model.scores(tokens, read)
            by_model = self.model.categories(raw)
            margin = raw - self.model.thresholds
            scores = {c: round(float(m), 3) for c, m in zip(CATEGORIES, margin, strict=True)}
        return Assessment(frozenset(by_terms | by_model), frozenset(by_terms), frozenset(by_model), scores)

    def detect(self, text: str | None) -> set[str]:
        return set(self.assess(text).categories)

    def detect_by_terms(self, text: str | None) -> set[str]:
        """The terms alone: the baseline the model is measured against."""
        if not text:
            return set()
        return self.terms.categories(message_tokens(text[:MAX_INPUT_CHARS]))


def load_crisis(root: Path, log: ProblemLog) -> CrisisDetector:
    """The detector of a content folder: crisis.yaml's terms, and the model trained on danger/.

    Problems go to `log` with file and line: a term list in the wrong shape, an example that does
    not trigger or a negative that does, a malformed labelled message, and a test split below FLOOR.
    """
    path = root / "crisis.yaml"
    if not path.exists():
        log.warning(path, 1, "crisis.yaml is missing: danger signs will not be detected")
        return CrisisDetector({})
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return CrisisDetector({})
    data, lines = parsed
    terms: dict[str, dict[str, list[str]]] = {}
    exceptions: dict[str, dict[str, list[str]]] = {}
    for category in CATEGORIES:
        section = data.get(category)
        line = lines.get(category, 1)
        if not isinstance(section, dict) or not isinstance(section.get("terms"), dict):
            log.error(path, line, f"'{category}' needs a 'terms' map of language → list of words")
            continue
        terms[category] = {}
        for lang in CONTENT_LANGUAGES:
            words = section["terms"].get(lang)
            if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
                log.error(path, line, f"'{category}' has no terms for '{lang}'")
                continue
            terms[category][lang] = words
        excepted = section.get("except") or {}
        if not isinstance(excepted, dict) or not all(
            isinstance(words, list) and all(isinstance(w, str) for w in words) for words in excepted.values()
        ):
            log.error(path, line, f"'{category}': 'except' must be a map of language → list of phrases")
            excepted = {}
        exceptions[category] = excepted
    # a frame, and what undoes it
    framing = {"long-ago": None, "joking": "not-joking", "story": "not-story", "recovered": "not-recovered"}
    sections = {"negatives", *framing, *(unless for unless in framing.values() if unless)}
    for unknown in sorted(set(data) - set(CATEGORIES) - sections):
        log.error(path, lines.get(unknown, 1), f"unknown category '{unknown}'")
    frames = [
        Frame(
            name,
            _phrase_map(data, name, path, lines, log),
            _phrase_map(data, unless, path, lines, log) if unless else None,
        )
        for name, unless in framing.items()
    ]
    matcher = TermMatcher(terms, exceptions, frames)
    detector = CrisisDetector(matcher, _train_danger_model(root, matcher, _yaml_examples(data, path, lines), log))
    # The examples are part of the content contract: an edit that stops one from triggering is an error.
    for category in terms:
        for lang, examples in (data[category].get("examples") or {}).items():
            for example in examples or []:
                if category not in detector.detect(str(example)):
                    log.error(
                        path,
                        lines.get(category, 1),
                        f"{category}/{lang} example does not trigger: {example!r}",
                    )
    for negative in data.get("negatives") or []:
        found = detector.detect(str(negative))
        if found:
            log.error(path, lines.get("negatives", 1), f"negative triggers {sorted(found)}: {negative!r}")
    return detector


def _phrase_map(
    data: dict[str, Any], name: str, path: Path, lines: dict[str, int], log: ProblemLog
) -> dict[str, list[str]]:
    """A frame's section of phrases per language (long-ago, joking, not-joking...); {} with an error if malformed."""
    phrases = data.get(name) or {}
    if not isinstance(phrases, dict) or not all(
        isinstance(words, list) and all(isinstance(w, str) for w in words) for words in phrases.values()
    ):
        log.error(path, lines.get(name, 1), f"'{name}' must be a map of language → list of phrases")
        return {}
    return phrases


def _yaml_examples(data: dict[str, Any], path: Path, lines: dict[str, int]) -> list[Example]:
    """crisis.yaml's examples and negatives, as more train messages for the model."""
    found = []
    for category in CATEGORIES:
        section = found_section if isinstance(found_section := data.get(category), dict) else {}
        for lang, examples in (section.get("examples") or {}).items():
            for text in examples or []:
                found.append(Example(str(text), str(lang), "train", "danger", (category,), "self", (), path,
                                     lines.get(category, 1)))  # fmt: skip
    for number, text in enumerate(data.get("negatives") or []):
        line = lines.get(f"negatives[{number}]", 1)
        found.append(Example(str(text), "any", "train", "none", (), "self", (), path, line))
    return found


def _train_danger_model(root: Path, terms: TermMatcher, extra: list[Example], log: ProblemLog) -> DangerModel | None:
    """Train the model on danger/*.tsv (and `extra`); measure it on their test split against the release targets."""
    folder = root / "danger"
    if not folder.is_dir():
        log.warning(folder, 1, "danger/ is missing: only the terms of crisis.yaml detect danger")
        return None
    errors_before = len(log.errors)
    examples = load_examples(folder, log)
    lexicon = load_lexicon(folder / "lexicon.yaml", log)
    if lexicon is None or len(log.errors) > errors_before:
        return None
    inputs = [*(folder / f"{lang}.tsv" for lang in LANGUAGE_FILES), folder / "lexicon.yaml", root / "crisis.yaml"]
    key = fingerprint(inputs)  # once: the model and the test split's decisions are both kept under it
    model = trained_model([*examples, *extra], lexicon, terms.categories, key)
    detector = CrisisDetector(terms, model)
    test = [e for e in examples if e.split == "test"]

    def decide(text: str) -> tuple[frozenset[str], frozenset[str]]:  # the full detector and the terms alone
        assessment = detector.assess(text)
        return assessment.categories, assessment.by_terms

    decided = cached_decisions(key, [e.text for e in test], decide)
    result = model.test = evaluate(lambda text: set(decided[text][0]), test)
    model.test_terms_only = evaluate(lambda text: set(decided[text][1]), test)
    for failure in result.failures(FLOOR):
        log.error(folder, 1, f"the danger check got worse on the test split: {failure} (see benchmarks/danger.py)")
    for failure in result.failures(TARGET):
        log.warning(folder, 1, f"below issue 13's target on the test split: {failure}")
    return model
