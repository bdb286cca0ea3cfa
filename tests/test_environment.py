"""The environment is pinned exactly, and environment.yml cannot drift from requirements.txt."""

from __future__ import annotations

import re
from importlib import metadata

from cecot import paths

ROOT = paths.ROOT


def _pins(path) -> dict[str, str]:
    pins = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)", line)
        assert match, f"{path}: '{line}' is not pinned with =="
        pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_every_requirement_is_pinned_exactly():
    assert _pins("requirements.txt")
    assert _pins("requirements.in")


def test_lock_agrees_with_top_level_pins():
    locked = _pins("requirements.txt")
    for name, version in _pins("requirements.in").items():
        assert locked.get(name) == version, f"{name}: requirements.in says {version}, " \
                                            f"requirements.txt says {locked.get(name)}"


def test_environment_yml_includes_the_pip_requirements():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*-\s*-r requirements\.txt\s*$", text, re.M)
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M)
    # No package is pinned in environment.yml itself: one list, one place.
    dependencies = text.split("dependencies:", 1)[1]
    conda_pkgs = re.findall(r"^\s{2}-\s+([A-Za-z][\w.-]*)", dependencies, re.M)
    assert set(conda_pkgs) <= {"python", "pip"}, conda_pkgs


def test_installed_versions_are_the_pinned_ones():
    for name, version in _pins("requirements.txt").items():
        assert metadata.version(name) == version, name
