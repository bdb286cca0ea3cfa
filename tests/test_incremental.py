"""The build re-runs exactly what changed: nothing on a no-op, the readers of an edited CSV,
an edited notebook, a changed parameter. Correctness only; timings belong to `cecot bench`."""

from __future__ import annotations

import json

import pytest

from conftest import run_cecot

STORIES = ["density", "homicides"]


def _built(result) -> set[str]:
    assert result.returncode == 0, result.stderr
    return {line.split()[1] for line in result.stdout.splitlines() if line.startswith("built ")}


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory):
    """One copy built once for the whole module. The tests run in file order on it, and each
    leaves it up to date again, so each starts from a clean, fully built state."""
    import shutil
    from cecot import paths
    copy = tmp_path_factory.mktemp("incremental") / "repo"
    for name in ("cecot", "data", "notebooks", "figures"):
        shutil.copytree(paths.ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    _built(run_cecot("build", *STORIES, "--force", root=copy))
    return copy


def test_noop_build_executes_nothing(built_copy):
    result = run_cecot("build", *STORIES, root=built_copy)
    assert _built(result) == set()
    assert "up to date: density" in result.stdout and "up to date: homicides" in result.stdout


def test_editing_a_csv_reruns_exactly_its_readers(built_copy):
    reads = {name: set(json.loads((built_copy / "figures" / name / "build.json")
                                  .read_text())["data"]) for name in STORIES}
    # homicides.csv is read by the homicide story only; population.csv by density only.
    assert "homicides.csv" in reads["homicides"] and "homicides.csv" not in reads["density"]
    path = built_copy / "data" / "homicides.csv"
    path.write_bytes(path.read_bytes() + b"\n")  # a content change that keeps the data valid
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == {"homicides"}
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == set()


def test_editing_a_notebook_reruns_that_notebook(built_copy):
    path = built_copy / "notebooks" / "01-density.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + "\n\nAn edited sentence."
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == {"density"}
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == set()


def test_a_parameter_change_reruns(tmp_path, built_copy):
    out = tmp_path / "custom"
    assert _built(run_cecot("build", "density", "-p", "population", "30000", "--output",
                            str(out), root=built_copy)) == {"density"}
    assert _built(run_cecot("build", "density", "-p", "population", "30000", "--output",
                            str(out), root=built_copy)) == set()
    assert _built(run_cecot("build", "density", "-p", "population", "35000", "--output",
                            str(out), root=built_copy)) == {"density"}


def test_outputs_that_went_missing_are_rebuilt(built_copy):
    (built_copy / "figures" / "density" / "cell-to-scale.es.png").unlink()
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == {"density"}
    assert (built_copy / "figures" / "density" / "cell-to-scale.es.png").is_file()
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == set()
