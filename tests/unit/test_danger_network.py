"""The danger model's network: several starts, merged into one network that scores their mean."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import danger_network
from knowledge.danger_features import Features, SparseRows
from knowledge.danger_network import HIDDEN, fit_network

VOCABULARY = {"c:threat": 0, "c:home": 1, "w:hello": 2, "w:knife": 3}


def training_rows() -> tuple[SparseRows, np.ndarray, np.ndarray]:
    """A small set where danger is two features together (a threat at home), with other words and pieces as noise."""
    generator = np.random.default_rng(5)
    rows, labels = [], []
    for _ in range(120):
        present = generator.random(4) < 0.5
        names = [name for name, on in zip(VOCABULARY, present, strict=True) if on]
        pieces = np.unique(generator.integers(0, 50, size=3)).astype(np.uint32)
        rows.append(
            Features(
                tuple(n for n in names if n.startswith("c:")), tuple(n for n in names if n.startswith("w:")), pieces
            )
        )
        labels.append(float(present[0] and present[1]))
    targets = np.zeros((len(rows), 4), dtype=np.float32)
    targets[:, 1] = labels
    return SparseRows(rows, VOCABULARY), targets, np.ones_like(targets)


def test_the_merged_network_scores_the_mean_of_its_members(monkeypatch: pytest.MonkeyPatch) -> None:
    rows, targets, counted = training_rows()
    pieces = np.arange(0, 50, 2, dtype=np.int32)
    members = []
    for seed in (13, 7):
        monkeypatch.setattr(danger_network, "SEEDS", (seed,))
        members.append(fit_network(rows, targets, counted, pieces))
    monkeypatch.setattr(danger_network, "SEEDS", (13, 7))
    merged = fit_network(rows, targets, counted, pieces)

    assert merged.hidden_weights.shape == (len(VOCABULARY) + len(pieces), 2 * HIDDEN)
    assert merged.output_weights.shape == (2 * HIDDEN, 4)
    mean = (members[0].dot(rows) + members[1].dot(rows)) / 2
    assert np.allclose(merged.dot(rows), mean, atol=1e-5)
    assert not np.allclose(members[0].dot(rows), members[1].dot(rows), atol=1e-3)  # two starts, two networks
    columns, values = rows.indices[: rows.pointers[1]], rows.column_weights[rows.indices[: rows.pointers[1]]]
    one = (members[0].message_scores(columns, values) + members[1].message_scores(columns, values)) / 2
    assert np.allclose(merged.message_scores(columns, values), one, atol=1e-5)


def test_the_merged_network_learns_a_pair_of_features(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(danger_network, "ITERATIONS", 300)
    rows, targets, counted = training_rows()
    scores = fit_network(rows, targets, counted, np.arange(0, 50, 2, dtype=np.int32)).dot(rows)[:, 1]
    both = targets[:, 1] > 0
    assert scores[both].min() > scores[~both].max() - 0.5 and scores[both].mean() > scores[~both].mean() + 2
