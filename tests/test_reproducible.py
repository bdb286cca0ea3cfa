"""Same inputs, same bytes: two builds into two folders are identical, and the committed
outputs are exactly what the default build produces."""

from __future__ import annotations

import pytest

from cecot import paths

from conftest import run_cecot, snapshot


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    folders = []
    for label in ("first", "second"):
        out = tmp_path_factory.mktemp(label)
        result = run_cecot("build", "--force", "--output", str(out))
        assert result.returncode == 0, result.stderr
        folders.append(out)
    return folders


def test_two_builds_are_byte_identical(two_builds):
    first, second = (snapshot(folder) for folder in two_builds)
    assert first.keys() == second.keys() and first
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_committed_figures_match_a_fresh_build(two_builds):
    """The committed figures are exactly what the default build writes."""
    fresh = snapshot(two_builds[0] / "figures")
    committed = snapshot(paths.FIGURES)
    stale = sorted(name for name in fresh if committed.get(name) != fresh[name]
                   and not name.endswith("build.json"))
    assert stale == [], "run `make figures` and commit: " + ", ".join(stale[:5])


def test_committed_notebooks_match_a_fresh_build(two_builds):
    fresh = snapshot(two_builds[0] / "notebooks")
    committed = {k: v for k, v in snapshot(paths.NOTEBOOKS).items() if k in fresh}
    assert fresh and committed == fresh, "run `make figures` and commit the notebooks"
