"""danger/hard/: the kinds the model missed, kept to measure (knowledge/danger/README.md)."""

from __future__ import annotations

from pathlib import Path

from knowledge.danger import LANGUAGE_FILES, load_examples
from knowledge.problems import ProblemLog

ROOT = Path(__file__).resolve().parents[2]
DANGER = ROOT / "knowledge" / "danger"


def test_the_hard_kinds_are_valid_and_apart_from_the_labelled_messages() -> None:
    """danger/hard/ measures the kinds the model missed; none of it may be a labelled message as well.

    The model learns from `load_examples(danger/)`, which reads only the language files in that folder.
    """
    folder = DANGER / "hard"
    log = ProblemLog(ROOT / "knowledge")
    hard = load_examples(folder, log)
    assert not log.errors, [str(problem) for problem in log.errors]
    assert len(hard) >= 600 and all(e.split == "test" for e in hard)
    assert {e.lang for e in hard} == set(LANGUAGE_FILES)
    assert sum(e.danger for e in hard) >= 300 and sum(not e.danger for e in hard) >= 200
    labelled = {" ".join(e.tokens) for e in load_examples(DANGER, ProblemLog(ROOT / "knowledge"))}
    assert not [e.text for e in hard if " ".join(e.tokens) in labelled]  # disjoint after folding
