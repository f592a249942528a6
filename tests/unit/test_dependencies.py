"""Dependency floors stay past known advisories, and CI installs the versions the tests passed with."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
# Advisories fixed in these releases: aiohttp request smuggling (CVE-2025-53643); cryptography's
# wheels bundled a vulnerable OpenSSL up to 44.0.0 (GHSA-h4gh-qq45-vh27, CVE-2024-12797) and
# 42.0.4 fixed CVE-2024-26130.
SAFE_FLOORS = {"aiohttp": "3.12.14", "cryptography": "44.0.1"}


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return [Requirement(line) for line in listed]


def pins() -> dict[str, Version]:
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pinned[canonicalize_name(name)] = Version(version.strip())
    return pinned


def test_floors_exclude_releases_with_known_advisories():
    floors = {canonicalize_name(r.name): r.specifier for r in requirements()}
    for name, safe in SAFE_FLOORS.items():
        below = (*Version(safe).release[:-1], Version(safe).release[-1] - 1)
        assert not floors[name].contains(".".join(map(str, below))), f"{name} still allows {below}"
        assert floors[name].contains(safe)


def test_every_dependency_is_pinned_within_its_range():
    pinned = pins()
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned[name]), f"{name}=={pinned[name]} is outside {requirement}"


def test_ci_installs_with_the_constraints():
    readme = (ROOT / "README.md").read_text()
    script = (ROOT / ".ci" / "run").read_text()
    finder = re.search(r"test_command=\"\$\((awk .*?README\.md)\)\"", script)
    assert finder is not None, "the CI script no longer reads the README's test command"
    command = subprocess.run(["bash", "-c", finder.group(1)], cwd=ROOT, capture_output=True, text=True).stdout
    assert command.strip().startswith("pip install -c constraints.txt -e '.[test]'")
    assert "constraints.txt" in readme.split("## Test it", 1)[1].split("## ", 1)[0]
