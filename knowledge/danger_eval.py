"""Measuring the danger check: recall and false alarms, per language, category and way of typing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from knowledge.danger_data import CATEGORIES, Example


@dataclass(frozen=True)
class Bar:
    """What the test split must show: recall overall and in every language and category; false alarms."""

    recall: float
    recall_each: float
    false_alarms: float


# Issue 13's targets. The detector does not reach them yet (benchmarks/danger.py prints the gap):
# `kb check` shows them as warnings, and fails below FLOOR, which is what this data, lexicon and term
# list reach today on the test split (round 8: recall 598/656, the weakest language Tajik 96/118 and
# category self-harm 138/163, false alarms 14/677; with batch14: recall 595/656, Tajik 99/118, false
# alarms 12/677; with batch15: recall 592/656, Tajik 97/118, false alarms 14/677, while the newest
# independent writing cross-validated better, batch14 0.781 -> 0.831; with the network reading rare
# pieces: recall 596/656, Tajik 99/118, false alarms 12/677; round 12, batch17 and its budget: recall
# 602/656, Tajik 99/118, false alarms 14/677, and 13/677 once a film or the news leaves the terms silent;
# with the budget that frees: recall 615/656, Tajik 101/118, false alarms 16/677; round 13, batch19 and
# batch20 with three averaged networks: recall 615/656, Tajik 106/118, self-harm 145/163, false alarms
# 15/677; round 14, batch22-27 and the share they free: recall 623/656, Tajik 108/118, self-harm 148/163,
# false alarms 15/677), minus a margin of a few messages. Raise FLOOR as they improve.
TARGET = Bar(recall=0.95, recall_each=0.90, false_alarms=0.02)
FLOOR = Bar(recall=0.94, recall_each=0.89, false_alarms=0.03)


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
