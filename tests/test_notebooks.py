"""Run the notebooks through the command line with non-default parameters (as pyhf does with
papermill) and assert the numbers they publish; check the build's guarantees."""

from __future__ import annotations

import json

import pytest

from cecot import paths

from conftest import read_numbers, run_cecot, snapshot


@pytest.fixture(scope="module")
def density_20000(tmp_path_factory):
    out = tmp_path_factory.mktemp("density-20000")
    result = run_cecot("build", "density", "-p", "population", "20000", "--lang", "es",
                       "--output", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_density_at_20000(density_20000):
    numbers = read_numbers(density_20000, "density")
    # 24,000 m² / 20,000 = 1.2 m² each; 20,000 / 256 = 78.125 per cell.
    assert numbers["population"] == 20000
    assert numbers["m2_per_person"] == pytest.approx(1.2)
    assert numbers["people_per_cell"] == pytest.approx(78.125)
    # 3.4 / 1.2 = 2.83: the guideline asks for almost three times the space.
    assert numbers["guideline_ratio"] == pytest.approx(2.833333, abs=1e-6)
    assert numbers["people_within_guideline"] == 7058  # depends on area, not population
    # One 100 m² cell with 78.125 people: 1.28 m² each.
    assert numbers["m2_per_person_in_cell"] == pytest.approx(1.28)


def test_custom_run_writes_only_under_its_folder(density_20000):
    story = density_20000 / "figures" / "density"
    assert (density_20000 / "notebooks" / "01-density.ipynb").exists()
    for chart in ("space-vs-standards", "cell-to-scale"):
        for lang in ("en", "es"):
            for ext in ("png", "svg", "json"):
                assert (story / f"{chart}.{lang}.{ext}").stat().st_size > 0
        assert (story / f"{chart}.csv").exists()
    sidecar = json.loads((story / "space-vs-standards.es.json").read_text(encoding="utf-8"))
    assert sidecar["language"] == "es" and sidecar["title"].startswith("Cada preso tendría 1,2")
    assert sidecar["source_line"].startswith("Fuentes:")
    assert sidecar["alt_text"] and sidecar["data_as_of"]
    # The notebook got the Spanish language parameter and shows the Spanish chart.
    nb = json.loads((density_20000 / "notebooks" / "01-density.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and 'lang = "es"' in "".join(injected[0]["source"])


def test_density_with_other_guideline_and_cells(tmp_path):
    result = run_cecot("build", "density", "-p", "guideline_m2", "4", "-p", "cells", "200",
                       "-p", "cell_area_m2", "30000", "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    numbers = read_numbers(tmp_path, "density")
    # 30,000 / 40,000 = 0.75 m²; 4 / 0.75 = 5.33; 30,000 / 4 = 7,500; 40,000 / 200 = 200.
    assert numbers["m2_per_person"] == pytest.approx(0.75)
    assert numbers["guideline_ratio"] == pytest.approx(5.333333, abs=1e-6)
    assert numbers["people_within_guideline"] == 7500
    assert numbers["people_per_cell"] == 200


def test_committed_numbers_are_the_default_run():
    numbers = read_numbers(paths.ROOT, "density")
    assert numbers["population"] == 40000
    assert numbers["m2_per_person"] == pytest.approx(0.6)
    assert numbers["people_per_cell"] == 156.25
    assert numbers["guideline_m2"] == 3.4
    assert numbers["people_within_guideline"] == 7058


def test_failing_notebook_leaves_every_output_untouched(repo_copy):
    """Every CSV valid, but a fact the density story needs is gone: the notebook itself
    raises. The build must fail with one line and move nothing into place."""
    facility = repo_copy / "data" / "facility.csv"
    lines = facility.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("cells_per_block,")]
    facility.write_text("\n".join(kept) + "\n", encoding="utf-8")
    before = snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")
    # Two stories: density fails, occupancy succeeds, and still nothing is moved into place.
    result = run_cecot("build", "density", "occupancy", "--force", root=repo_copy)
    assert result.returncode == 2, result.stderr
    message = result.stderr.strip().splitlines()
    assert len(message) == 1 and "no row for fact 'cells_per_block'" in message[0], message
    assert "data/facility.csv" in message[0]
    assert (snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")) == before
