"""The danger check on the test split of knowledge/danger/, against the terms alone, in the same run.

    python benchmarks/danger.py [--cv] [--misses]

Prints recall (dangerous messages whose category is found) and false alarms (harmless messages
that raise anything) per language, per category and per way of typing, for the full detector
(terms + model) and for the terms of crisis.yaml alone (the baseline); the same on the `fresh`
messages (written after the model and lexicon were settled); the gap to issue 13's targets; the
training time; and the latency p50/p99 per message, also for a 4 KB message of "1 1 1 ...".
`--cv` adds the cross-validated figures on the train split (what the thresholds are chosen on);
`--misses` lists the test messages it gets wrong. One CPU core, nothing downloaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from knowledge.crisis import CrisisDetector, load_crisis  # noqa: E402
from knowledge.danger import (  # noqa: E402
    CATEGORIES,
    FLOOR,
    LANGUAGE_FILES,
    TARGET,
    DangerModel,
    Evaluation,
    evaluate,
    load_examples,
)
from knowledge.problems import ProblemLog  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"


def row(name: str, full: Evaluation, base: Evaluation, recall_key: str | None, alarm_key: str | None) -> str:
    def cell(evaluation: Evaluation, key: str | None, recall: bool) -> str:
        tally = (evaluation.recall if recall else evaluation.false_alarms) if key is None else (
            (evaluation.recall_by if recall else evaluation.false_alarms_by).get(key)
        )  # fmt: skip
        return f"{tally.rate:6.3f} ({tally.caught:3}/{tally.total:3})" if tally and tally.total else " " * 16

    return (f"{name:<28}{cell(full, recall_key, True)}  {cell(base, recall_key, True)}    "
            f"{cell(full, alarm_key, False)}  {cell(base, alarm_key, False)}")  # fmt: skip


def table(title: str, full: Evaluation, base: Evaluation) -> None:
    print(f"\n{title}")
    print(f"{'':<28}{'recall':<18}{'terms only':<22}{'false alarms':<18}{'terms only'}")
    print(row("all", full, base, None, None))
    for lang in LANGUAGE_FILES:
        print(row(f"  {lang}", full, base, f"lang:{lang}", f"lang:{lang}"))
    for category in CATEGORIES:
        print(row(f"  {category} (looks like it)", full, base, f"category:{category}", f"looks-like:{category}"))
    variants = sorted({k.split(":", 1)[1] for k in full.recall_by if k.startswith("variant:")})
    for variant in variants:
        print(row(f"  {variant}", full, base, f"variant:{variant}", f"variant:{variant}"))
    fired = "  ".join(f"{c} {full.false_alarms_by[f'fired:{c}'].caught}" for c in CATEGORIES)
    print(f"{'':<28}false alarms by the category raised: {fired}")


def latency(detect: Callable[[str], set[str]], texts: Sequence[str], rounds: int = 3) -> tuple[float, float]:
    timings = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            detect(text)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="also cross-validated figures on the train split")
    parser.add_argument("--misses", action="store_true", help="list the test messages it gets wrong")
    args = parser.parse_args()

    log = ProblemLog(KNOWLEDGE)
    cpu = time.process_time()
    detector = load_crisis(KNOWLEDGE, log)
    load_cpu = time.process_time() - cpu
    for problem in log.errors:
        print(problem, file=sys.stderr)
    model = detector.model
    if model is None:
        print("no model: knowledge/danger/ is missing or has errors", file=sys.stderr)
        return 1
    examples = load_examples(KNOWLEDGE / "danger", ProblemLog(KNOWLEDGE))
    test = [e for e in examples if e.split == "test"]
    train = [e for e in examples if e.split == "train"]
    print(f"messages: {len(train)} train (+ crisis.yaml examples and negatives), {len(test)} test "
          f"({sum(e.danger for e in test)} dangerous, {sum(not e.danger for e in test)} harmless)")  # fmt: skip
    thresholds = {c: round(float(t), 2) for c, t in zip(CATEGORIES, model.thresholds, strict=True)}
    print(f"model: {len(model.vocabulary)} features; trained with 5-fold cross-validation in "
          f"{model.train_seconds * 1000:.0f} ms CPU; crisis.yaml + danger/ loaded in {load_cpu * 1000:.0f} ms CPU; "
          f"thresholds {thresholds}")  # fmt: skip

    full = evaluate(detector.detect, test)
    base = evaluate(detector.detect_by_terms, test)
    table("TEST SPLIT: detector (terms + model) vs terms only", full, base)
    fresh = [e for e in test if "fresh" in e.tags]
    if fresh:
        table(
            "FRESH TEST MESSAGES (written after the model and lexicon were settled)",
            evaluate(detector.detect, fresh),
            evaluate(detector.detect_by_terms, fresh),
        )
    print("\nissue 13's targets:", "met" if not full.failures(TARGET) else "")
    for failure in full.failures(TARGET):
        print(f"  ✗ {failure}")
    print("kb check floor:", "met" if not full.failures(FLOOR) else "")
    for failure in full.failures(FLOOR):
        print(f"  ✗ {failure}")

    texts = [e.text for e in examples]
    p50, p99 = latency(detector.detect, texts)
    base_p50, base_p99 = latency(detector.detect_by_terms, texts)
    flood = "1 " * 2048
    flood_p50, flood_p99 = latency(detector.detect, [flood] * 20)
    print(f"\nlatency per message (ms): detector p50 {p50:.3f} p99 {p99:.3f}; terms only p50 {base_p50:.3f} "
          f"p99 {base_p99:.3f} (x{p50 / base_p50:.1f}); "
          f"4 KB of '1 1 1 ...' p50 {flood_p50:.2f} p99 {flood_p99:.2f}")  # fmt: skip

    if args.cv:
        cross_validated(detector, model)
    if args.misses:
        print("\nmissed:")
        for example in full.missed:
            print(f"  {example.path.name}:{example.line} {example.categories} {example.text}")
        print("false alarms:")
        for example, found in full.alarmed:
            print(f"  {example.path.name}:{example.line} {sorted(found)} {example.text}")
    return 0


def cross_validated(detector: CrisisDetector, model: DangerModel) -> None:
    """Out-of-fold scores of the train split, with the thresholds: what the thresholds were chosen on."""
    found: dict[str, set[str]] = {}
    for index, example in enumerate(model.train):
        flagged = {c for k, c in enumerate(CATEGORIES) if model.out_of_fold[index, k] >= model.thresholds[k]}
        found[example.text] = detector.detect_by_terms(example.text) | flagged
    cv = evaluate(lambda text: found[text], [e for e in model.train if e.lang in LANGUAGE_FILES])
    print(f"\ncross-validated on the train split (translations kept in one fold): recall {cv.recall.rate:.3f} "
          f"({cv.recall.caught}/{cv.recall.total}), false alarms {cv.false_alarms.rate:.3f} "
          f"({cv.false_alarms.caught}/{cv.false_alarms.total})")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
