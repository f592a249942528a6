"""The statistical half of the danger check: labelled messages, a concept lexicon, a linear model.

People in danger rarely use the listed terms (crisis.yaml): "хочу чтобы всё закончилось", "мен жок
болсом эч ким байкабайт", "face drooping, can't speak". This module learns from `danger/*.tsv`
(labelled messages in every language, see danger/README.md) to recognise such messages.

How a message is read. Its folded words (knowledge/folding.py) give two groups of features:
  - concepts from danger/lexicon.yaml ("hang", "not-breathing", "passport", "locked-in", "abuser",
    ...), each alone and in pairs ("beat+abuser"). The lexicon maps every language to the same
    concepts with stems (`*`) for the inflected and agglutinative forms, so what the Russian
    examples teach also works in Kyrgyz, and a word the labelled messages never used still counts
    when the lexicon lists it;
  - the words themselves and their first 4 and 5 letters, for what the lexicon does not list.
Features are binary: a concept or a pair counts CONCEPT_WEIGHT, a word feature WORDS_WEIGHT (the
lexicon is the better evidence; the words catch what it does not list).

The model is one logistic regression per category (numpy, full-batch Adam, stopped early: a model
fitted further learns the wording of its messages and does worse on new wording). A category
learns from its own dangerous messages and from the harmless ones, not from the dangerous messages
of other categories (a threat in a trafficking message is no evidence against violence). Its
thresholds are set by 5-fold cross-validation on the train split, with translations of one
situation kept in one fold (`translation_groups`): for each category, the lowest score at which the
out-of-fold false alarms (harmless messages that the terms let through but the model would flag)
stay within OUT_OF_FOLD_FALSE_ALARMS. The test split is never used for training or for the
thresholds: `evaluate` measures it; `kb check` warns below issue 13's TARGET and fails below FLOOR.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from knowledge.folding import fold_tokens
from knowledge.phrases import PhraseIndex
from knowledge.problems import ProblemLog, read_yaml_file

CATEGORIES = ("self-harm", "violence", "trafficking", "medical")
LANGUAGE_FILES = ("ru", "uz", "uz-Cyrl", "tg", "ky", "en")
LEXICON_LANGUAGES = ("ru", "uz", "tg", "ky", "en")  # Uzbek in Cyrillic folds to the same letters as `uz`
COLUMNS = ("split", "label", "category", "who", "tags", "text")
SPLITS = ("train", "test")
LABELS = ("danger", "none")
WHO = ("self", "other")
TAGS = ("indirect", "mixed", "fresh", "batch2")


@dataclass(frozen=True)
class Bar:
    """What the test split must show: recall overall and in every language and category; false alarms."""

    recall: float
    recall_each: float
    false_alarms: float


# Issue 13's targets. The detector does not reach them yet (benchmarks/danger.py prints the gap):
# `kb check` shows them as warnings, and fails below FLOOR, which is what this data, lexicon and term
# list reach today on the test split (recall 281/328, the weakest language or category 66/85,
# false alarms 12/376), minus a margin of a few messages. Raise FLOOR as they improve.
TARGET = Bar(recall=0.95, recall_each=0.90, false_alarms=0.02)
FLOOR = Bar(recall=0.83, recall_each=0.73, false_alarms=0.045)

# Model settings, chosen by cross-validation on the train split (benchmarks/danger.py --cv).
CONCEPT_WEIGHT = 0.3
WORDS_WEIGHT = 0.15
L2 = 1e-5
ITERATIONS = 50
LEARNING_RATE = 0.4
FOLDS = 5
MIN_COUNT = 2
OUT_OF_FOLD_FALSE_ALARMS = 0.005  # per category, as a share of the harmless train messages


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    split: str
    label: str
    categories: tuple[str, ...]  # for "none": the category the harmless message looks like, if known
    who: str
    tags: tuple[str, ...]
    path: Path
    line: int

    @property
    def danger(self) -> bool:
        return self.label == "danger"

    @cached_property
    def tokens(self) -> list[str]:
        """The folded words (knowledge/folding.py), computed once: loading, training and measuring all read them."""
        return fold_tokens(self.text)

    @property
    def variant(self) -> str:
        """How it is typed: the language file, plus the script or the special letters used."""
        return f"{self.lang} {script_variant(self.lang, self.text)}"


_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-яёӣӯҳҷқғңөүўі]")
_SPECIAL_LETTERS = {"tg": "ӣӯҳҷқғ", "ky": "ңөү", "uz-Cyrl": "ўқғҳ"}
_UZBEK_APOSTROPHE = re.compile(r"[og]['ʻʼ’‘`]")


def script_variant(lang: str, text: str) -> str:
    low = text.lower()
    latin = len(_LATIN.findall(low)) > len(_CYRILLIC.findall(low))
    if lang == "en":
        return "latin"
    if lang == "uz":
        return "with oʻ gʻ" if _UZBEK_APOSTROPHE.search(low) else "without oʻ gʻ"
    if latin:
        return "latin"
    if lang in _SPECIAL_LETTERS:
        return "special letters" if any(c in low for c in _SPECIAL_LETTERS[lang]) else "plain letters"
    return "cyrillic"


def load_examples(folder: Path, log: ProblemLog) -> list[Example]:
    """The labelled messages of every language file; problems are logged with file and line."""
    examples: list[Example] = []
    seen: dict[str, tuple[Path, int]] = {}
    for lang in LANGUAGE_FILES:
        path = folder / f"{lang}.tsv"
        if not path.exists():
            log.error(path, 1, "missing: every language needs its labelled messages")
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        if not rows or tuple(rows[0]) != COLUMNS:
            log.error(path, 1, f"the first row must be the header: {' / '.join(COLUMNS)} (tab-separated)")
            continue
        for number, row in enumerate(rows[1:], start=2):
            if not row or (len(row) == 1 and not row[0].strip()) or row[0].startswith("#"):
                continue
            example = _parse_row(row, lang, path, number, log)
            if example is None:
                continue
            key = " ".join(example.tokens)
            if key in seen:
                other_path, other_line = seen[key]
                log.error(path, number, f"same message as {other_path.name}:{other_line} (after folding)")
                continue
            seen[key] = (path, number)
            examples.append(example)
    return examples


def _parse_row(row: list[str], lang: str, path: Path, number: int, log: ProblemLog) -> Example | None:
    if len(row) != len(COLUMNS):
        log.error(path, number, f"expected {len(COLUMNS)} tab-separated columns, found {len(row)}")
        return None
    split, label, category, who, tags, text = (cell.strip() for cell in row)
    categories = tuple(c.strip() for c in category.split(",") if c.strip())
    tag_list = () if tags in ("", "-") else tuple(t.strip() for t in tags.split(","))
    problems = []
    if split not in SPLITS:
        problems.append(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    if label not in LABELS:
        problems.append(f"label must be one of {', '.join(LABELS)}, not {label!r}")
    if not categories or any(c not in CATEGORIES for c in categories):
        problems.append(f"category must be one or more of {', '.join(CATEGORIES)}, not {category!r}")
    if label == "none" and len(categories) > 1:
        problems.append("a harmless message names the one category it looks like")
    if who not in WHO:
        problems.append(f"who must be one of {', '.join(WHO)}, not {who!r}")
    if any(t not in TAGS for t in tag_list):
        problems.append(f"tags must be '-' or some of {', '.join(TAGS)}, not {tags!r}")
    example = Example(text, lang, split, label, categories, who, tag_list, path, number)
    if not example.tokens:
        problems.append("the text is empty")
    for problem in problems:
        log.error(path, number, problem)
    return None if problems else example


def load_lexicon(path: Path, log: ProblemLog) -> PhraseIndex | None:
    """The concept lexicon as one phrase index whose labels are concept names."""
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return None
    data, lines = parsed
    index = PhraseIndex()
    for concept, by_language in data.items():
        line = lines.get(str(concept), 1)
        if not isinstance(by_language, dict):
            log.error(path, line, f"'{concept}' needs a map of language → list of words")
            continue
        for lang in LEXICON_LANGUAGES:
            words = by_language.get(lang)
            if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
                log.error(path, line, f"'{concept}' has no words for '{lang}'")
                continue
            for word in words:
                if index.add(word, str(concept)) is None:
                    log.error(path, line, f"'{concept}/{lang}': {word!r} has no letters")
        for unknown in sorted(set(by_language) - set(LEXICON_LANGUAGES)):
            log.error(path, line, f"'{concept}': unknown language '{unknown}'")
    return index


@dataclass(frozen=True)
class Helpline:
    category: str
    number: str
    name: str


_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,}[0-9]$")


def load_helplines(path: Path, log: ProblemLog) -> dict[str, Helpline]:
    """The helpline per danger category (danger/helplines.yaml); each must carry a source and a check date."""
    if not path.exists():
        log.warning(path, 1, "missing: only 112, 102 and 103 will be shown when danger is detected")
        return {}
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return {}
    data, lines = parsed
    helplines: dict[str, Helpline] = {}
    for category, entry in data.items():
        line = lines.get(str(category), 1)
        if category not in CATEGORIES:
            log.error(path, line, f"unknown category '{category}' (one of {', '.join(CATEGORIES)})")
            continue
        if not isinstance(entry, dict):
            log.error(path, line, f"'{category}' needs number, name, sources, checked and how to check")
            continue
        number, name, sources = entry.get("number"), entry.get("name"), entry.get("sources")
        problems = []
        if not isinstance(number, str) or not _PHONE.match(number):
            problems.append("'number' must be a phone number in quotes, like \"8-800-7000-600\"")
        if not isinstance(name, str) or not name.strip():
            problems.append("'name' is required")
        titled = isinstance(sources, list) and all(isinstance(s, dict) and s.get("title") for s in sources)
        if not sources or not titled:
            problems.append("'sources' needs at least one entry with a title (and a url)")
        if not hasattr(entry.get("checked"), "year"):
            problems.append("'checked' must be the date the number was last confirmed (YYYY-MM-DD)")
        if not isinstance(entry.get("how to check"), str):
            problems.append("'how to check' must say how an editor confirms the number again")
        for problem in problems:
            log.error(path, line, f"{category}: {problem}")
        if not problems:
            helplines[str(category)] = Helpline(str(category), str(number), str(name))
    return helplines


# -- features -------------------------------------------------------------------------------------


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
        positions = np.concatenate([np.arange(self.pointers[r], self.pointers[r + 1]) for r in rows] or [np.empty(0)])
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


def fit_logistic(rows: SparseRows, targets: np.ndarray, counted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One L2-regularised logistic regression per column of `targets`, positives weighted up to balance.

    `counted` (same shape) says which rows a column learns from: a category learns from its own
    dangerous messages and from the harmless ones, not from the dangerous messages of other
    categories (a threat in a trafficking message is no evidence against violence).
    """
    count = targets.shape[0]
    weights = np.zeros((targets.shape[1], rows.width), dtype=np.float32)
    bias = np.zeros(targets.shape[1], dtype=np.float32)
    positives = targets.sum(axis=0)
    negatives = counted.sum(axis=0) - positives
    balance = np.where(targets > 0, negatives / np.maximum(positives, 1), 1.0) * counted / count
    moment = np.zeros_like(weights)
    scale = np.zeros_like(weights)
    for step in range(1, ITERATIONS + 1):
        probability = 1.0 / (1.0 + np.exp(-(rows.dot(weights) + bias)))
        error = ((probability - targets) * balance).astype(np.float32)
        gradient = rows.transpose_dot(error) + L2 * weights
        moment = 0.9 * moment + 0.1 * gradient
        scale = 0.999 * scale + 0.001 * gradient * gradient
        weights -= LEARNING_RATE * (moment / (1 - 0.9**step)) / (np.sqrt(scale / (1 - 0.999**step)) + 1e-8)
        bias -= error.sum(axis=0) * 2.0  # plain gradient steps: the balanced error is already well scaled
    return weights, bias


def target_matrix(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    """Per category: the targets (1: a dangerous message of it) and which rows it learns from."""
    targets = np.zeros((len(examples), len(CATEGORIES)), dtype=np.float32)
    counted = np.ones_like(targets)
    for row, example in enumerate(examples):
        if example.danger:
            counted[row] = 0.0
            for category in example.categories:
                targets[row, CATEGORIES.index(category)] = 1.0
                counted[row, CATEGORIES.index(category)] = 1.0
    return targets, counted


def translation_groups(examples: Sequence[Example], concepts: Sequence[frozenset[str]]) -> list[int]:
    """A group id per example: messages that look like translations of each other share one.

    The data describes many situations in several languages; a fold that trains on the Russian
    message and tests on its Kyrgyz translation would flatter the model. Two messages are linked
    when they have the same label and category, come from different language files, are each
    other's closest match in that file (by the concepts they mention) and share at least half of
    their concepts.
    """
    parent = list(range(len(examples)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    names = sorted(set().union(*concepts)) if concepts else []
    column = {name: k for k, name in enumerate(names)}
    matrix = np.zeros((len(examples), max(len(names), 1)), dtype=np.float32)
    for row, found in enumerate(concepts):
        matrix[row, [column[c] for c in found]] = 1.0
    sizes = matrix.sum(axis=1)
    blocks: dict[tuple[str, str], dict[str, list[int]]] = {}
    for i, example in enumerate(examples):
        key = (example.label, (*example.categories, "")[0])
        blocks.setdefault(key, {}).setdefault(example.lang, []).append(i)
    for by_lang in blocks.values():
        langs = sorted(by_lang)
        rows = {lang: np.asarray(by_lang[lang]) for lang in langs}
        for a, b in itertools.combinations(langs, 2):
            left, right = rows[a], rows[b]
            shared = matrix[left] @ matrix[right].T
            union = sizes[left][:, None] + sizes[right][None, :] - shared
            similarity = np.where(union > 0, shared / np.maximum(union, 1), 0.0)
            best_right = similarity.argmax(axis=1)
            best_left = similarity.argmax(axis=0)
            for i, j in enumerate(best_right):
                if best_left[j] == i and similarity[i, j] >= 0.5:
                    parent[root(int(left[i]))] = root(int(right[j]))
    return [root(i) for i in range(len(examples))]


def assign_folds(examples: Sequence[Example], groups: Sequence[int]) -> np.ndarray:
    """A fold per example; a translation group stays in one fold. Independent of row order."""
    members: dict[int, list[Example]] = {}
    for example, group in zip(examples, groups, strict=True):
        members.setdefault(group, []).append(example)
    fold_of_group = {
        group: int(hashlib.sha1(min(" ".join(e.tokens) for e in items).encode()).hexdigest(), 16) % FOLDS
        for group, items in members.items()
    }
    return np.asarray([fold_of_group[g] for g in groups])


@dataclass
class DangerModel:
    vocabulary: dict[str, int]
    weights: np.ndarray  # categories × features
    bias: np.ndarray
    thresholds: np.ndarray  # per category: a score at or above it is danger
    featurizer: Featurizer
    out_of_fold: np.ndarray = field(repr=False)  # train split scores, for reports
    train_seconds: float = 0.0  # CPU time of training with cross-validation
    train: list[Example] = field(default_factory=list, repr=False)  # in the order of out_of_fold's rows
    test: Evaluation | None = None  # measured by load_crisis on the test split
    test_terms_only: Evaluation | None = None

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        features = self.featurizer.features(tokens)
        score = self.bias.astype(np.float64).copy()
        for group, weight in ((features.concepts, CONCEPT_WEIGHT), (features.words, WORDS_WEIGHT)):
            columns = [self.vocabulary[f] for f in group if f in self.vocabulary]
            if columns:
                score += self.weights[:, columns].sum(axis=1) * weight
        return score

    def categories(self, scores: np.ndarray) -> set[str]:
        return {c for c, s, t in zip(CATEGORIES, scores, self.thresholds, strict=True) if s >= t}


def train_model(
    examples: Sequence[Example],
    lexicon: PhraseIndex,
    term_categories: Callable[[Sequence[str]], set[str]],
) -> DangerModel:
    """Train on the train split; set each category's threshold by cross-validation on it.

    `term_categories` reads folded words: the categories the terms find in them.
    """
    started = time.process_time()
    train = [e for e in examples if e.split == "train"]
    featurizer = Featurizer(lexicon)
    features = [featurizer.features(e.tokens) for e in train]
    counts = Counter(itertools.chain.from_iterable(itertools.chain(row.concepts, row.words) for row in features))
    vocabulary: dict[str, int] = {}
    for name, count in counts.items():
        if count >= MIN_COUNT:  # a feature of one message only teaches that message
            vocabulary[name] = len(vocabulary)
    rows = SparseRows(features, vocabulary)
    targets, counted = target_matrix(train)
    concepts = [frozenset(f[2:] for f in row.concepts if f.startswith("c:")) for row in features]
    folds = assign_folds(train, translation_groups(train, concepts))
    out_of_fold = np.zeros_like(targets)
    for k in range(FOLDS):
        held_out = np.flatnonzero(folds == k)
        kept = np.flatnonzero(folds != k)
        weights, bias = fit_logistic(rows.take(kept), targets[kept], counted[kept])
        out_of_fold[held_out] = rows.take(held_out).dot(weights) + bias
    weights, bias = fit_logistic(rows, targets, counted)
    by_terms = [term_categories(e.tokens) for e in train]
    thresholds = np.asarray([
        choose_threshold(out_of_fold[:, k], train, by_terms, category) for k, category in enumerate(CATEGORIES)
    ])  # fmt: skip
    seconds = time.process_time() - started
    return DangerModel(vocabulary, weights, bias, thresholds, featurizer, out_of_fold, seconds, list(train))


def choose_threshold(
    scores: np.ndarray, train: Sequence[Example], by_terms: Sequence[set[str]], category: str
) -> float:
    """The score that catches the most of this category's messages the terms miss, within the false-alarm budget.

    Harmless messages that the terms already flag are not counted again; dangerous messages of
    other categories are neither positives nor false alarms.
    """
    harmless = [i for i, e in enumerate(train) if not e.danger]
    budget = int(OUT_OF_FOLD_FALSE_ALARMS * len(harmless))
    negatives = np.sort([scores[i] for i in harmless if not by_terms[i]])[::-1]
    floor = negatives[budget] if budget < len(negatives) else -np.inf  # the highest negative still excluded
    missed = [
        scores[i]
        for i, e in enumerate(train)
        if e.danger and category in e.categories and not by_terms[i] & set(e.categories)
    ]
    caught = sorted(s for s in missed if s > floor)
    if not caught:
        return float(negatives[0] + 1.0) if len(negatives) else 0.0
    return float((caught[0] + floor) / 2) if np.isfinite(floor) else float(caught[0])


# -- evaluation -----------------------------------------------------------------------------------


@dataclass
class Tally:
    caught: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.caught / self.total if self.total else 0.0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.caught += int(hit)


@dataclass
class Evaluation:
    recall: Tally = field(default_factory=Tally)
    false_alarms: Tally = field(default_factory=Tally)
    recall_by: dict[str, Tally] = field(default_factory=dict)  # "lang:ru", "category:medical", "variant:..."
    # "lang:ru", "looks-like:medical" (harmless messages that resemble it), "fired:medical" (share of all
    # harmless messages that raised this category)
    false_alarms_by: dict[str, Tally] = field(default_factory=dict)
    missed: list[Example] = field(default_factory=list)
    alarmed: list[tuple[Example, set[str]]] = field(default_factory=list)

    def failures(self, bar: Bar) -> list[str]:
        """What falls short of `bar`, one line each; empty when the detector meets it."""
        problems = []
        if self.recall.rate < bar.recall:
            problems.append(f"recall {self.recall.rate:.3f} < {bar.recall} ({self.recall.caught}/{self.recall.total})")
        for key, tally in sorted(self.recall_by.items()):
            if key.split(":")[0] in ("lang", "category") and tally.rate < bar.recall_each:
                problems.append(f"recall for {key} {tally.rate:.3f} < {bar.recall_each} ({tally.caught}/{tally.total})")
        if self.false_alarms.rate > bar.false_alarms:
            problems.append(f"false alarms {self.false_alarms.rate:.3f} > {bar.false_alarms} "
                            f"({self.false_alarms.caught}/{self.false_alarms.total})")  # fmt: skip
        return problems


def evaluate(detect: Callable[[str], set[str]], examples: Iterable[Example]) -> Evaluation:
    """Recall on dangerous messages (one of their categories found) and false alarms on harmless ones."""
    result = Evaluation()
    for example in examples:
        found = detect(example.text)
        keys = [f"lang:{example.lang}", f"category:{(*example.categories, 'any')[0]}", f"variant:{example.variant}"]
        if example.danger:
            hit = bool(found & set(example.categories))
            result.recall.add(hit)
            for key in keys:
                result.recall_by.setdefault(key, Tally()).add(hit)
            if not hit:
                result.missed.append(example)
        else:
            alarm = bool(found)
            result.false_alarms.add(alarm)
            looks_like = (*example.categories, "any")[0]
            for key in (f"lang:{example.lang}", f"looks-like:{looks_like}", f"variant:{example.variant}"):
                result.false_alarms_by.setdefault(key, Tally()).add(alarm)
            for category in CATEGORIES:
                result.false_alarms_by.setdefault(f"fired:{category}", Tally()).add(category in found)
            if alarm:
                result.alarmed.append((example, found))
    return result
