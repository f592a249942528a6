"""Content problems reported by `kb check` and `/reload`: each names a file and a line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    level: str  # "error" | "warning"
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


class ProblemLog:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[Problem] = []

    def _rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int, message: str) -> None:
        self.items.append(Problem("error", self._rel(path), line, message))

    def warning(self, path: Path, line: int, message: str) -> None:
        self.items.append(Problem("warning", self._rel(path), line, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]


# libyaml's loader when PyYAML has it: the same results, about ten times faster (start-up and /reload).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse YAML; also return the line (1-based, in the file) of each top-level key."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (SafeLoader or its C version)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + first_line) if mark is not None else first_line
        raise YamlError(line, f"invalid YAML: {getattr(error, 'problem', None) or error}") from None
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + first_line
            if isinstance(value_node, yaml.SequenceNode):
                for index, item in enumerate(value_node.value):
                    lines[f"{key_node.value}[{index}]"] = item.start_mark.line + first_line
    return data, lines


def read_yaml_file(path: Path, log: ProblemLog) -> tuple[dict[str, Any], dict[str, int]] | None:
    """Parse a YAML file; report a parse error or a wrong top-level shape (by file and line)."""
    try:
        data, lines = load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        log.error(path, 1, "the file is not UTF-8 text")
        return None
    except YamlError as error:
        log.error(path, error.line, str(error))
        return None
    if not isinstance(data, dict):
        log.error(path, 1, f"{path.name} must be 'key: value' lines")
        return None
    return data, lines


def read_front_matter(path: Path, log: ProblemLog) -> tuple[dict[str, Any], dict[str, int], str, int] | None:
    """A Markdown file's '---' YAML header and body: (header, header key lines, body, body's first line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        log.error(path, 1, "the file is not UTF-8 text")
        return None
    lines = text.splitlines()
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None) if lines else None
    if not lines or lines[0].strip() != "---" or end is None:
        log.error(path, 1, "must start with a '---' front matter block (title, ...) closed by '---'")
        return None
    try:
        header, key_lines = load_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlError as error:
        log.error(path, error.line, str(error))
        return None
    if not isinstance(header, dict):
        log.error(path, 2, "the front matter must be 'key: value' lines")
        return None
    return header, key_lines, "\n".join(lines[end + 1 :]), end + 2
