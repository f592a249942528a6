"""No module outside the emulator (`tgemu/`) is over 400 lines: a longer one is split by responsibility."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400
CHECKED = ("bot", "handlers", "db", "knowledge", "locales", "tests", "benchmarks")


def modules(root: Path = ROOT) -> list[Path]:
    return sorted(path for package in CHECKED for path in (root / package).rglob("*.py"))


def too_long(paths: list[Path], root: Path = ROOT) -> dict[str, int]:
    """The modules over MAX_LINES, with their line counts."""
    found = {path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines()) for path in paths}
    return {name: lines for name, lines in found.items() if lines > MAX_LINES}


def test_no_module_outside_the_emulator_is_over_400_lines():
    assert too_long(modules()) == {}, "split these by responsibility"


def test_the_walk_covers_the_packages_and_not_the_emulator():
    tops = {path.relative_to(ROOT).parts[0] for path in modules()}
    assert {"bot", "handlers", "db", "knowledge", "tests", "benchmarks"} <= tops
    assert "tgemu" not in tops


def test_a_module_of_401_lines_is_reported(tmp_path: Path):
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "short.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "bot" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert too_long(modules(tmp_path), tmp_path) == {"bot/long.py": MAX_LINES + 1}
