"""The danger check on the test split of knowledge/danger/, against the terms alone, in the same run.

    python benchmarks/danger.py [--cv] [--misses]

Prints recall (dangerous messages whose category is found) and false alarms (harmless messages
that raise anything) per language, per category and per way of typing, for the full detector
(terms + model) and for the terms of crisis.yaml alone (the baseline); the same on the `fresh`
messages (written after the model and lexicon were settled) and on the round-3 messages
(batch3-8, whole situations split off before any training) and the round-4 ones (batch9-10); the
hard kinds of `danger/hard/` (never trained on); the gap to issue 13's targets; the training time;
the latency p50/p99 per message (wall time, and CPU time, which other processes on a busy machine
do not inflate), also for a 4 KB message of "1 1 1 ...", and the memory the model
and the danger content keep. `--cv` adds the cross-validated figures on the train split (what the
thresholds are chosen on), per language and category, next to the terms alone, and the same for
its `batch2`, `batch3-8`, `batch9-10`, `batch11` to `batch15` messages; `--misses` lists the test
messages it gets wrong. One CPU core, nothing downloaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
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
ROUND3 = {"batch3", "batch4", "batch5", "batch6", "batch7", "batch8"}
ROUND4 = {"batch9", "batch10"}
ROUND5 = {"batch11"}
ROUND6 = {"batch12"}
ROUND7 = {"batch13"}
ROUND8 = {"batch14"}
ROUND9 = {"batch15"}


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


def latency(detect: Callable[[str], set[str]], texts: Sequence[str], rounds: int = 3) -> dict[str, float]:
    """p50 and p99 per message in ms: wall time, and CPU time of this thread (not inflated by other processes)."""
    wall, cpu = [], []
    for _ in range(rounds):
        for text in texts:
            started, started_cpu = time.perf_counter_ns(), time.thread_time_ns()
            detect(text)
            cpu.append((time.thread_time_ns() - started_cpu) / 1e6)
            wall.append((time.perf_counter_ns() - started) / 1e6)
    wall.sort()
    cpu.sort()
    at = int(len(wall) * 0.99) - 1
    return {"p50": statistics.median(wall), "p99": wall[at], "cpu p50": statistics.median(cpu), "cpu p99": cpu[at]}


def model_bytes(model: DangerModel) -> int:
    """What the trained model keeps for detection: weights, bias, thresholds, the network and the feature vocabulary."""
    arrays = model.weights.nbytes + model.bias.nbytes + model.thresholds.nbytes
    if model.network is not None:
        arrays += sum(array.nbytes for array in vars(model.network).values())
    vocabulary = sys.getsizeof(model.vocabulary) + sum(sys.getsizeof(k) + 28 for k in model.vocabulary)
    return arrays + vocabulary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="also cross-validated figures on the train split")
    parser.add_argument("--misses", action="store_true", help="list the test messages it gets wrong")
    args = parser.parse_args()

    log = ProblemLog(KNOWLEDGE)
    cpu = time.process_time()
    detector = load_crisis(KNOWLEDGE, log)
    load_cpu = time.process_time() - cpu
    tracemalloc.start()  # a second load, traced: tracing slows it down, so it is not the one timed
    traced = load_crisis(KNOWLEDGE, ProblemLog(KNOWLEDGE))
    retained, peak = tracemalloc.get_traced_memory()
    del traced
    tracemalloc.stop()
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
    round3 = [e for e in test if ROUND3 & set(e.tags)]
    if round3:
        table(
            "ROUND 3 TEST MESSAGES (batch3-8: whole situations split off by a hash before any training)",
            evaluate(detector.detect, round3),
            evaluate(detector.detect_by_terms, round3),
        )
    round4 = [e for e in test if ROUND4 & set(e.tags)]
    if round4:
        table(
            "ROUND 4 TEST MESSAGES (batch9-10: look-alikes and indirect violence, split off before any training)",
            evaluate(detector.detect, round4),
            evaluate(detector.detect_by_terms, round4),
        )
    hard = load_examples(KNOWLEDGE / "danger" / "hard", ProblemLog(KNOWLEDGE))
    if hard:
        table(
            "HARD KINDS (danger/hard/: written from the train split's cross-validated misses, never trained on)",
            evaluate(detector.detect, hard),
            evaluate(detector.detect_by_terms, hard),
        )
    print("\nissue 13's targets:", "met" if not full.failures(TARGET) else "")
    for failure in full.failures(TARGET):
        print(f"  ✗ {failure}")
    print("kb check floor:", "met" if not full.failures(FLOOR) else "")
    for failure in full.failures(FLOOR):
        print(f"  ✗ {failure}")

    texts = [e.text for e in examples]
    full_time = latency(detector.detect, texts)
    base_time = latency(detector.detect_by_terms, texts)
    flood_time = latency(detector.detect, ["1 " * 2048] * 20)
    print(f"\nlatency per message (ms), p50 / p99: detector {full_time['p50']:.3f} / {full_time['p99']:.3f} wall, "
          f"{full_time['cpu p50']:.3f} / {full_time['cpu p99']:.3f} CPU; terms only {base_time['p50']:.3f} / "
          f"{base_time['p99']:.3f} wall (x{full_time['p50'] / base_time['p50']:.1f}); 4 KB of '1 1 1 ...' "
          f"{flood_time['cpu p50']:.2f} / {flood_time['cpu p99']:.2f} CPU")  # fmt: skip
    print(
        f"memory: the model {model_bytes(model) / 2**20:.2f} MiB (weights and vocabulary); crisis.yaml + danger/ "
        f"loaded and trained: {retained / 2**20:.1f} MiB kept, {peak / 2**20:.1f} MiB at the peak (tracemalloc)"
    )

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
    """Out-of-fold scores of the train split, with the thresholds: what the thresholds were chosen on.

    Translations of one situation are kept in one fold, so a message is scored by a model that saw
    neither it nor its translations. `batch2` are the messages written independently after round 1:
    the closest the train split has to new wording.
    """
    found: dict[str, set[str]] = {}
    for index, example in enumerate(model.train):
        flagged = {c for k, c in enumerate(CATEGORIES) if model.out_of_fold[index, k] >= model.thresholds[k]}
        found[example.text] = detector.detect_by_terms(example.text) | flagged
    labelled = [e for e in model.train if e.path.suffix == ".tsv"]
    for title, subset in (
        ("CROSS-VALIDATED ON THE TRAIN SPLIT (5 folds, translations kept in one fold)", labelled),
        ("  of which batch2 (written independently after round 1)", [e for e in labelled if "batch2" in e.tags]),
        ("  of which batch3-8 (written for round 3)", [e for e in labelled if ROUND3 & set(e.tags)]),
        ("  of which batch9-10 (written for round 4)", [e for e in labelled if ROUND4 & set(e.tags)]),
        ("  of which batch11 (written for round 5)", [e for e in labelled if ROUND5 & set(e.tags)]),
        ("  of which batch12 (written for round 6)", [e for e in labelled if ROUND6 & set(e.tags)]),
        ("  of which batch13 (written for round 7)", [e for e in labelled if ROUND7 & set(e.tags)]),
        ("  of which batch14 (written for round 8)", [e for e in labelled if ROUND8 & set(e.tags)]),
        ("  of which batch15 (written for round 9)", [e for e in labelled if ROUND9 & set(e.tags)]),
    ):
        table(title, evaluate(lambda text: found[text], subset), evaluate(detector.detect_by_terms, subset))


if __name__ == "__main__":
    raise SystemExit(main())
