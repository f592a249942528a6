"""A scratch copy of the knowledge folder for tests that break it on purpose, and its errors."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.base import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


def copy_of_knowledge(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def errors(root: Path) -> list[str]:
    _kb, problems = load_knowledge(root)
    return [str(p) for p in problems if p.level == "error"]
