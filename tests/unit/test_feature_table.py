"""Feature strings are numbered through stable 64-bit hashes (the search index keeps no strings)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from knowledge.feature_table import FeatureTable, feature_hash, feature_hashes

ROOT = Path(__file__).resolve().parents[2]


def test_every_feature_gets_its_own_number_and_unknown_ones_get_minus_one() -> None:
    features = [f"#{a}{b}" for a in "абвгдеёжз" for b in "qwertyuiop"]
    table = FeatureTable(features)
    numbers = table.numbers(features)
    assert len(table) == len(features)
    assert sorted(numbers.tolist()) == list(range(len(features)))
    assert table.numbers(["#zz", "", features[3], "#яя"]).tolist() == [-1, -1, numbers[3], -1]
    assert table.numbers([]).tolist() == []
    assert table.numbers_of_hashes(feature_hashes(features[:5])).tolist() == numbers[:5].tolist()


def test_numbering_while_building_gives_the_numbers_a_lookup_gives() -> None:
    features = ["#ab", "~abc", "#ба", "#ab"]
    table, number_of = FeatureTable.numbered(features)
    assert len(table) == 3
    assert [number_of[f] for f in features] == table.numbers(features).tolist()


def test_a_feature_met_twice_is_one_number() -> None:
    table = FeatureTable(["#ab", "#ab", "~abc"])
    assert len(table) == 2
    assert table.numbers(["#ab", "#ab"]).tolist()[0] == table.numbers(["#ab"]).tolist()[0]


def test_an_empty_table_finds_nothing() -> None:
    assert FeatureTable([]).numbers(["#ab"]).tolist() == [-1]


def test_the_hash_is_the_same_in_another_process() -> None:
    """The index is built in a child process and used in the bot's: Python's own hash() differs."""
    code = "from knowledge.feature_table import feature_hash; print(feature_hash('~патен'))"
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT,
        )  # fmt: skip
        assert int(result.stdout) == feature_hash("~патен")
    assert np.uint64(feature_hash("~патен")) == feature_hashes(["~патен"])[0]
